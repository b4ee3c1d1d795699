"""Privacy and safekeeping in the window: backups (File menu, and automatic when a changed master
opens), restore, a new encrypted master, a customer's subject access export and erasure (the
customers list's context menu), and the inactive customers on the Data quality page.

All database work runs as tasks (`window.run_task`); the dialogs only show what the core said."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select

from workbench import APP_NAME, logs
from workbench.operations import CANDIDATES, CUSTOMERS, RELATIONSHIPS
from workbench.paths import data_dir
from workbench.privacy import backups, erasure, keys, retention
from workbench.privacy.people import person
from workbench.privacy.subject import write_zip
from workbench.progress import Progress
from workbench.store import encryption
from workbench.store.models import AuditEntry
from workbench.ui.privacy.dialogs import BackupSettingsDialog, ErasureDialog, ask_passphrase, backup_policy
from workbench.ui.privacy.retention_tab import RetentionTab

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class _Signals(QObject):
    message = Signal(str)  # from the backup thread to the status bar


class Privacy:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        menu = window.file_menu
        before = window.quit_action
        self.backup_action = QAction("&Back up master…", window, triggered=self.back_up)
        self.restore_action = QAction("&Restore master…", window, triggered=self.restore)
        self.settings_action = QAction("Backup se&ttings…", window, triggered=self.edit_settings)
        self.new_encrypted_action = QAction("New &encrypted master…", window, triggered=self.new_encrypted)
        self.new_encrypted_action.setEnabled(encryption.available())
        menu.insertAction(window.open_action, self.new_encrypted_action)
        for action in (self.backup_action, self.restore_action, self.settings_action):
            menu.insertAction(before, action)
        menu.insertSeparator(before)
        page = window.customers_page
        self.subject_action = QAction("E&xport what we hold about them…", window, triggered=self.subject_export)
        self.erase_action = QAction("E&rase…", window, triggered=lambda: self.erase(self._selected()))
        page.customer_actions.extend([self.subject_action, self.erase_action])
        self.signals = _Signals(window)
        self.signals.message.connect(self._say)
        self.backup_thread: threading.Thread | None = None
        window.master_changed.connect(lambda _master: self.automatic_backup())
        quality = getattr(window, "quality_page", None)
        self.retention = RetentionTab(self.erase)
        if quality is not None:
            quality.tables.addTab(self.retention, "Inactive customers")
            quality.refresh_button.clicked.connect(self.find_inactive)
            quality.months.editingFinished.connect(self.find_inactive)
            self.months = quality.months
        else:
            self.months = None

    # ------------------------------------------------------------------ helpers

    def _selected(self) -> list[int]:
        page = self.window.customers_page
        return [page.model.customer_id(index.row()) for index in page.table.selectionModel().selectedRows()]

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    # ------------------------------------------------------------------ backups

    def back_up(self) -> None:
        master, policy = self.window.master, backup_policy(self.window.settings)
        self.window.run_task(lambda _p: backups.back_up(master, policy), title="Backing up the master…",
                             on_done=lambda r: self._say(f"Backed up to {r.path}"))

    def automatic_backup(self) -> threading.Thread | None:
        """Back up a master changed since its last backup, beside the window's queue (a backup only
        reads one snapshot, so it need not wait for, or hold up, the window's changes)."""
        settings = self.window.settings
        master = self.window.master
        if settings.value("backup/automatic", "true") not in (True, "true") or not master.is_sqlite:
            return None
        policy = backup_policy(settings)

        def work() -> None:
            try:
                with master.session() as session:
                    empty = session.scalar(select(func.count(AuditEntry.id))) == 0
                if not empty and backups.changed_since_last(master, policy):
                    self.signals.message.emit(f"Backed up to {backups.back_up(master, policy).path}")
            except Exception as exc:  # noqa: BLE001 - a failed automatic backup is said, never fatal
                log.warning("automatic backup failed: %s", logs.one_line(exc))
                self.signals.message.emit(f"The automatic backup failed: {exc}")

        thread = threading.Thread(target=work, name="automatic backup", daemon=True)
        thread.start()
        self.backup_thread = thread
        return thread

    def edit_settings(self) -> None:
        BackupSettingsDialog(self.window.settings, self.window).exec()

    def restore(self) -> None:
        window = self.window
        if not window.master.is_sqlite:
            QMessageBox.information(window, APP_NAME, backups.postgres_advice(window.master))
            return
        policy = backup_policy(window.settings)
        path, _ = QFileDialog.getOpenFileName(window, "Restore the master from a backup", str(policy.folder),
                                              "Backups (*.sqlite);;All files (*)")
        if not path:
            return
        answer = QMessageBox.question(window, APP_NAME, f"Replace the whole master with {Path(path).name}?\n\n"
                                      "The master as it is now is kept beside the backups first.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        target, key = window.master.location, window.master.key

        def done(result: backups.RestoreResult) -> None:
            window.switch_master(target, passphrase=key)
            notes = "\n".join(result.notes)
            QMessageBox.information(window, APP_NAME, f"Restored from {result.restored_from.name}."
                                    + (f"\n{result.erasures_carried} erasures made since were made again."
                                       if result.erasures_carried else "") + (f"\n{notes}" if notes else ""))

        window.run_task(lambda _p: backups.restore(target, Path(path), policy, passphrase=key),
                        title="Restoring the master…", on_done=done)

    def new_encrypted(self) -> None:
        window = self.window
        if not encryption.available():
            QMessageBox.information(window, APP_NAME, f"This installation cannot encrypt a master: "
                                    f"{encryption.INSTALL_HINT}.")
            return
        path, _ = QFileDialog.getSaveFileName(window, "New encrypted master", str(data_dir() / "customers.sqlite"),
                                              "Customer master (*.sqlite)")
        if not path:
            return
        path = path if path.endswith(".sqlite") else path + ".sqlite"
        if Path(path).exists():
            QMessageBox.warning(window, APP_NAME, f"{path} already exists; use Open master… to open it.")
            return
        passphrase = ask_passphrase(window, Path(path).name, new=True)
        if passphrase is None:
            return
        if window.switch_master(path, passphrase=passphrase) and keys.keyring_available():
            remember = QMessageBox.question(window, APP_NAME, "Keep the passphrase in this computer's keyring, so "
                                            "the master opens without asking?")
            if remember == QMessageBox.StandardButton.Yes:
                keys.store_passphrase(path, passphrase)

    # ------------------------------------------------------------------ one customer's data

    def subject_export(self) -> None:
        ids = self._selected()
        if not ids:
            return
        window, master = self.window, self.window.master
        default = str(Path.home() / f"subject-access-C-{ids[0]:06d}.zip")
        path, _ = QFileDialog.getSaveFileName(window, "Export what we hold about this customer", default,
                                              "ZIP archive (*.zip)")
        if not path:
            return

        def work(_progress: Progress):
            with master.session() as session:
                who = person(session, ids[0])
            write_zip(master, who, Path(path), replace=True)
            return path

        window.run_task(work, title="Gathering what we hold…", on_done=lambda p: self._say(f"Written to {p}"))

    def erase(self, ids: list[int]) -> None:
        if not ids:
            return
        window, master = self.window, self.window.master

        def preview(_progress: Progress):
            with master.session() as session:
                return erasure.preview(session, ids)

        def confirm(plan: erasure.ErasurePreview) -> None:
            dialog = ErasureDialog(plan, window)
            if dialog.exec() != ErasureDialog.DialogCode.Accepted:
                return
            reason = dialog.reason.text().strip() or None
            window.run_task(lambda progress: erasure.erase(master, plan.customer_ids, reason=reason,
                                                           progress=progress),
                            title="Erasing…", on_done=erased)

        def erased(result: erasure.ErasureResult) -> None:
            window.data_changed.emit({CUSTOMERS, CANDIDATES, RELATIONSHIPS})
            window.undo_stack.clear()  # nothing before an erasure can be undone into it
            notes = " ".join(result.wipe.notes)
            self._say(f"Erased {len(result.preview.people):,} customers" + (f". {notes}" if notes else ""))
            if self.retention.found:
                self.find_inactive()

        window.run_task(preview, title="Looking at what an erasure removes…", on_done=confirm)

    def find_inactive(self) -> None:
        if self.months is None:
            return
        master, months = self.window.master, self.months.value()

        def work(_progress: Progress):
            with master.session() as session:
                return retention.inactive(session, years=0, months=months)

        self.window.run_task(work, title="Finding inactive customers…",
                             on_done=lambda rows: self.retention.show_rows(rows, months))


def install(window: MainWindow) -> Privacy:
    privacy = Privacy(window)
    window.privacy = privacy  # type: ignore[attr-defined]
    return privacy
