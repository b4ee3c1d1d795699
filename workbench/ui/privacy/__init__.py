"""Privacy and safekeeping in the window: backups (File menu, and automatic when a changed master
opens), restore, a new encrypted master, a customer's subject access export and erasure (Edit
menu and the customers list's context menu), and the inactive customers on the Data quality page.

Nothing here touches the master itself: reads go through the window's queue (`window.db`), long
work and changes run as tasks with progress and Cancel, and the data they gather is the core's
(workbench/privacy/…). The dialogs only show what the core said.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from workbench import APP_NAME, logs
from workbench.operations import CANDIDATES, CUSTOMERS, RELATIONSHIPS
from workbench.paths import data_dir
from workbench.privacy import backups, erasure, keys, retention, subject
from workbench.store import encryption
from workbench.ui.privacy.dialogs import BackupSettingsDialog, ErasureDialog, ask_passphrase, backup_policy
from workbench.ui.privacy.retention_tab import RetentionTab
from workbench.ui.tasks import Task

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow
    from workbench.ui.quality_page import QualityPage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrivacyActions:
    back_up: QAction
    restore: QAction
    settings: QAction
    new_encrypted: QAction
    subject_access: QAction
    erase: QAction


class Privacy:
    def __init__(self, window: MainWindow, quality: QualityPage) -> None:
        self.window = window
        self.quality = quality
        self.actions = self._build_actions()
        self.backup_task: Task | None = None  # the automatic backup of the master opened last
        self._backup_waits = False

        self.retention = RetentionTab(self.erase)
        quality.tables.addTab(self.retention, "Inactive customers")
        quality.refresh_button.clicked.connect(self.find_inactive)
        quality.months.editingFinished.connect(self.find_inactive)

        page = window.customers_page
        page.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        page.model.modelReset.connect(self._selection_changed)
        self._selection_changed()
        window.master_changed.connect(self._master_changed)

    def _build_actions(self) -> PrivacyActions:
        window = self.window
        actions = PrivacyActions(
            back_up=QAction("&Back up master…", window, triggered=self.back_up),
            restore=QAction("&Restore master…", window, triggered=self.restore),
            settings=QAction("Backup se&ttings…", window, triggered=self.edit_settings),
            new_encrypted=QAction("New &encrypted master…", window, triggered=self.new_encrypted),
            subject_access=QAction("E&xport what we hold about them…", window, triggered=self.subject_export),
            erase=QAction("E&rase…", window, triggered=lambda: self.erase(self._selected())),
        )
        actions.new_encrypted.setEnabled(encryption.available())
        menu, before = window.file_menu, window.quit_action
        menu.insertAction(window.open_action, actions.new_encrypted)
        for action in (actions.back_up, actions.restore, actions.settings):
            menu.insertAction(before, action)
        menu.insertSeparator(before)
        window.edit_menu.addActions([actions.subject_access, actions.erase])
        return actions

    # ------------------------------------------------------------------ helpers

    def _selected(self) -> list[int]:
        customer_id = self.window.customers_page.selected_customer_id()
        return [] if customer_id is None else [customer_id]

    def _selection_changed(self) -> None:
        chosen = bool(self._selected())
        self.actions.subject_access.setEnabled(chosen)
        self.actions.erase.setEnabled(chosen)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def _master_changed(self, _master: object) -> None:
        # The list named customers of the master before: erasing "all of them" here must not reach
        # whoever has those ids in this one.
        self.retention.clear()
        self._back_up_once_opened()

    def _back_up_once_opened(self) -> None:
        """The automatic backup waits for what opening a master asks of it (the daily status update
        above all) to be done, so it holds the master as the user sees it and the next opening
        finds nothing changed."""
        db = self.window.db
        if self._backup_waits:
            return  # already waiting; it backs up whichever master is open when the queue settles
        if db.idle:
            self.automatic_backup()
            return

        def settled() -> None:
            db.settled.disconnect(settled)
            self._backup_waits = False
            self.automatic_backup()

        self._backup_waits = True
        db.settled.connect(settled)

    # ------------------------------------------------------------------ backups

    def back_up(self) -> None:
        master, policy = self.window.db.master, backup_policy(self.window.settings)
        # On the writer lane: the copy holds every change asked for before it.
        self.window.run_task(lambda _p: backups.back_up(master, policy), title="Backing up the master…",
                             on_done=lambda r: self._say(f"Backed up to {r.path}"))

    def automatic_backup(self) -> Task | None:
        """Back up a master changed since its last backup, on the reader lane (a backup only reads
        one snapshot, so it need not wait for, or hold up, the window's changes)."""
        settings, master = self.window.settings, self.window.db.master
        if settings.value("backup/automatic", "true") not in (True, "true") or not master.is_sqlite:
            return None
        policy = backup_policy(settings)

        def done(result: backups.BackupResult | None) -> None:
            if result is not None:
                self._say(f"Backed up to {result.path}")

        def failed(exc: BaseException) -> None:  # a failed automatic backup is said, never fatal
            log.warning("automatic backup failed: %s", logs.one_line(exc))
            self._say(f"The automatic backup failed: {exc}")

        self.backup_task = self.window.runner.start(lambda _p: backups.automatic(master, policy),
                                                    title="Backing up the master…", reads_only=True,
                                                    on_done=done, on_error=failed)
        return self.backup_task

    def edit_settings(self) -> None:
        BackupSettingsDialog(self.window.settings, self.window).exec()

    def restore(self) -> None:
        window = self.window
        master = window.db.master
        if not master.is_sqlite:
            QMessageBox.information(window, APP_NAME, backups.postgres_advice(master))
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
        target, key = master.location, master.key

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
        window, master = self.window, self.window.db.master
        default = str(Path.home() / f"subject-access-C-{ids[0]:06d}.zip")
        path, _ = QFileDialog.getSaveFileName(window, "Export what we hold about this customer", default,
                                              "ZIP archive (*.zip)")
        if not path:
            return
        # On the writer lane: the export is written to the audit log.
        window.run_task(lambda _p: subject.export_customer(master, ids[0], path, replace=True),
                        title="Gathering what we hold…", on_done=lambda p: self._say(f"Written to {p}"))

    def erase(self, ids: list[int]) -> None:
        if not ids:
            return
        window = self.window

        def confirm(plan: erasure.ErasurePreview) -> None:
            dialog = ErasureDialog(plan, window)
            if dialog.exec() != ErasureDialog.DialogCode.Accepted:
                return
            reason = dialog.reason.text().strip() or None
            master = window.db.master
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

        window.db.task(lambda session, _progress: erasure.preview(session, ids),
                       title="Looking at what an erasure removes…", on_done=confirm)

    def find_inactive(self) -> None:
        months = self.quality.months.value()
        self.window.db.task(lambda session, _progress: retention.inactive(session, years=0, months=months),
                            title="Finding inactive customers…",
                            on_done=lambda rows: self.retention.show_rows(rows, months))


def install(window: MainWindow, quality: QualityPage) -> Privacy:
    """After definitions: the inactive customers are a tab of its Data quality page."""
    return Privacy(window, quality)
