"""The main window: menus, the pages (customers first), the status bar with counts and tasks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME, __version__, logs
from workbench.errors import WorkbenchError
from workbench.paths import data_dir, settings_path
from workbench.progress import Progress
from workbench.sample.generator import generate
from workbench.sample.load import load_sample
from workbench.stewardship.counts import ReviewCounts, review_counts
from workbench.store.master import Master
from workbench.store.queries import MasterCounts, master_counts
from workbench.ui.customers_page import CustomersPage
from workbench.ui.db import Database
from workbench.ui.errors import show_error
from workbench.ui.features import install_features
from workbench.ui.passphrase import open_with_passphrase
from workbench.ui.progress_widget import TaskProgress, WaitingLabel
from workbench.ui.registry import Registry
from workbench.ui.tasks import Task, TaskRunner
from workbench.ui.welcome import WelcomePanel

log = logging.getLogger(__name__)
MAX_RECENT = 8
DEFAULT_SAMPLE_ROWS = 2000


class MainWindow(QMainWindow):
    master_changed = Signal(object)  # the new Master
    data_changed = Signal(set)  # what changed: {"customers", "candidates", "definitions", …}
    busy_message = Signal(str)  # from any thread: a write is waiting for a master another program holds

    def __init__(self, master: Master, settings: QSettings | None = None) -> None:
        super().__init__()
        self.master = master
        self.settings = settings or app_settings()
        self.runner = TaskRunner(self)
        # The one way to the master from here on: nothing below opens a session on this thread.
        self.db = Database(master, self.runner, report=self._task_failed, parent=self)
        self.undo_stack = QUndoStack(self)
        self.last_counts: MasterCounts | None = None
        self.pages: dict[str, QWidget] = {}
        self._page_buttons = QButtonGroup(self)
        self._page_buttons.setExclusive(True)

        self.setWindowIcon(QIcon(str(_icon_path())))
        self._build_actions()
        self._build_menus()
        self._build_central()
        self._build_status_bar()
        self.runner.started.connect(self.task_progress.track)
        self.runner.ended.connect(self.task_progress.finish)
        self.runner.started.connect(lambda _task: self._set_busy(True))
        self.runner.ended.connect(lambda _task: self._set_busy(self.runner.busy))
        self.data_changed.connect(self._on_data_changed)
        self.busy_message.connect(self._show_busy)
        self.db.waiting.connect(self.waiting_label.show_waiting)
        self._watch_busy(master)
        self.registry: Registry = install_features(self)

        self.resize(1280, 800)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._remember_master(master)
        self._master_opened()

    # ------------------------------------------------------------------ building

    def _build_actions(self) -> None:
        self.new_action = QAction("&New master…", self, shortcut=QKeySequence.StandardKey.New,
                                  triggered=self.new_master)
        self.open_action = QAction("&Open master…", self, shortcut=QKeySequence.StandardKey.Open,
                                   triggered=self.open_master_dialog)
        self.open_server_action = QAction("Open &shared PostgreSQL master…", self, triggered=self.open_server_master)
        self.import_action = QAction("&Import…", self, shortcut=QKeySequence("Ctrl+I"))
        self.import_action.setEnabled(False)
        self.import_action.setToolTip("Import a customer file")
        self.export_action = QAction("&Export…", self, shortcut=QKeySequence("Ctrl+E"))
        self.export_action.setEnabled(False)
        self.sample_action = QAction("Load &sample data…", self, triggered=self.load_sample_data)
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)  # every platform binding, not only the first
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)  # Ctrl+Y and Ctrl+Shift+Z on Linux
        self.find_action = QAction("&Find customer", self, shortcut=QKeySequence.StandardKey.Find,
                                   triggered=self.focus_search)
        self.about_action = QAction(f"&About {APP_NAME}", self, triggered=self.show_about)
        self.guide_action = QAction("&Getting started", self, shortcut=QKeySequence.StandardKey.HelpContents,
                                    triggered=lambda: self.show_help(0))
        self.keys_action = QAction("&Keyboard shortcuts", self, triggered=lambda: self.show_help(1))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.open_server_action)
        self.recent_menu = QMenu("Open &recent", self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        self.edit_menu = edit_menu
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.keys_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self._rebuild_recent_menu()

    def _build_central(self) -> None:
        self.welcome = WelcomePanel()
        self.welcome.sample_requested.connect(self.load_sample_data)
        self.welcome.import_requested.connect(self.import_action.trigger)
        self.welcome.set_import_available(self.import_action.isEnabled())
        self.import_action.changed.connect(
            lambda: self.welcome.set_import_available(self.import_action.isEnabled()))

        self.sidebar = QWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar_layout = QVBoxLayout(self.sidebar)
        self.sidebar_layout.setContentsMargins(6, 10, 6, 10)
        self.sidebar_layout.setSpacing(2)
        self.sidebar_layout.addStretch(1)
        self.page_stack = QStackedWidget()
        workspace = QWidget()
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.page_stack, 1)

        self.customers_page = CustomersPage(self.db)
        self.add_page("customers", "Customers", self.customers_page, shortcut="Ctrl+1")
        for action in (self.import_action, self.export_action):  # in sight once data exists, not only in File
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.customers_page.toolbar.addWidget(button)
        self.customers_page.remember_columns(self.settings)

        self.central = QStackedWidget()
        # Blank until the master's counts say whether it is empty (welcome) or not (workspace), so
        # neither flashes up wrongly while they are read.
        self.opening = QWidget()
        self.central.addWidget(self.opening)
        self.central.addWidget(self.welcome)
        self.central.addWidget(workspace)
        self.workspace = workspace
        self.setCentralWidget(self.central)

    def add_page(self, key: str, title: str, widget: QWidget, shortcut: str | None = None) -> None:
        """Add a page to the sidebar (Customers, Duplicates, Definitions …)."""
        button = QToolButton()
        button.setText(title)
        button.setCheckable(True)
        button.setObjectName(f"page_{key}")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setSizePolicy(button.sizePolicy().horizontalPolicy(), button.sizePolicy().verticalPolicy())
        button.setMinimumWidth(120)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(f"{title} ({shortcut})")
        self._page_buttons.addButton(button)
        self.sidebar_layout.insertWidget(self.sidebar_layout.count() - 1, button)
        self.page_stack.addWidget(widget)
        self.pages[key] = widget
        button.clicked.connect(lambda: self.show_page(key))
        if len(self.pages) == 1:
            button.setChecked(True)
        self.sidebar.setVisible(len(self.pages) > 1)

    def show_page(self, key: str) -> None:
        widget = self.pages[key]
        self.page_stack.setCurrentWidget(widget)
        for button in self._page_buttons.buttons():
            button.setChecked(button.objectName() == f"page_{key}")

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.waiting_label = WaitingLabel()
        self.task_progress = TaskProgress()
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addPermanentWidget(self.waiting_label)
        self.statusBar().addPermanentWidget(self.task_progress)

    # ------------------------------------------------------------------ the master

    def _master_opened(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {_short_location(self.master)}")
        self.customers_page.master_opened()
        self.undo_stack.clear()
        self.master_changed.emit(self.master)
        self.update_counts()

    def switch_master(self, target: str, passphrase: str | None = None) -> bool:
        if self.runner.busy:  # a change still queued goes to the master it was made on
            QMessageBox.information(self, APP_NAME, "Please wait for the running task to finish or cancel it.")
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            master = open_with_passphrase(self, target, passphrase)
        except WorkbenchError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False
        QApplication.restoreOverrideCursor()
        old = self.master
        self.master = master
        self.db.set_master(master)
        self._watch_busy(master)
        self._remember_master(master)
        self._master_opened()
        old.close()
        return True

    def new_master(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New master", str(data_dir() / "customers.sqlite"),
                                              "Customer master (*.sqlite)")
        if path:
            if not path.endswith(".sqlite"):
                path += ".sqlite"
            if Path(path).exists():
                QMessageBox.warning(self, APP_NAME, f"{path} already exists; use Open master… to open it.")
                return
            self.switch_master(path)

    def open_master_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open master", str(data_dir()),
                                              "Customer master (*.sqlite *.db);;All files (*)")
        if path:
            self.switch_master(path)

    def open_server_master(self) -> None:
        url, ok = QInputDialog.getText(
            self, "Open shared master", "PostgreSQL address (postgresql+psycopg://user:password@host/database):")
        if ok and url.strip():
            self.switch_master(url.strip())

    def _remember_master(self, master: Master) -> None:
        target = master.url.render_as_string(hide_password=False) if not master.is_sqlite else master.location
        recent = [r for r in self.recent_masters() if r != target]
        recent.insert(0, target)
        self.settings.setValue("recent_masters", recent[:MAX_RECENT])
        self.settings.setValue("last_master", target)
        self._rebuild_recent_menu()

    def recent_masters(self) -> list[str]:
        # INI-backed settings hand a one-element list back as a plain string.
        value = self.settings.value("recent_masters") or []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_masters()
        for target in recent:
            label = target if "://" not in target else target.split("@")[-1]
            action = self.recent_menu.addAction(label)
            action.triggered.connect(lambda _checked=False, t=target: self.switch_master(t))
        self.recent_menu.setEnabled(bool(recent))

    # ------------------------------------------------------------------ counts and refresh

    def update_counts(self) -> None:
        self.db.read(_read_counts, self._show_counts, key=("counts", id(self)), label="Counting", waits=False)

    def _show_counts(self, found: tuple[MasterCounts, ReviewCounts]) -> None:
        counts, review = found
        self.counts_label.setText(_counts_text(counts, review))
        self.central.setCurrentWidget(self.welcome if counts.source_records == 0 and counts.customers == 0
                                      else self.workspace)
        self.last_counts = counts

    def _on_data_changed(self, what: set) -> None:
        if "customers" in what:
            self.customers_page.refresh()
        self.update_counts()

    def focus_search(self) -> None:
        self.show_page("customers")
        self.customers_page.search.setFocus()
        self.customers_page.search.selectAll()

    # ------------------------------------------------------------------ tasks

    def run_task(self, fn: Callable[[Progress], object], *, title: str, on_done: Callable[[object], None],
                 on_cancel: Callable[[], None] | None = None) -> Task:
        return self.runner.start(fn, title=title, on_done=on_done, on_error=self._task_failed,
                                 on_cancel=on_cancel or (lambda: self.statusBar().showMessage("Cancelled", 4000)))

    def _watch_busy(self, master: Master) -> None:
        # Every write runs on the writer lane, never on this thread: it may wait as long as the
        # command line does, and says so in the status bar while it waits.
        master.busy.notify = self.busy_message.emit

    def _show_busy(self, message: str) -> None:
        if self.task_progress.running:  # the task waits: say so where it shows its progress
            self.task_progress.show_waiting(message)
        else:
            self.statusBar().showMessage(message, 15000)

    def _task_failed(self, exc: BaseException) -> None:
        if isinstance(exc, WorkbenchError):
            QMessageBox.warning(self, APP_NAME, str(exc))
        else:
            show_error(exc, self)

    def _set_busy(self, busy: bool) -> None:
        for action in (self.new_action, self.open_action, self.open_server_action, self.sample_action):
            action.setEnabled(not busy)
        self.recent_menu.setEnabled(not busy and bool(self.recent_masters()))
        self.welcome.sample_button.setEnabled(not busy)

    def load_sample_data(self, rows: int | None = None) -> Task | None:
        if rows is None or isinstance(rows, bool):
            rows, ok = QInputDialog.getInt(self, "Load sample data",
                                           "How many demo records? About a quarter of the people appear "
                                           "more than once, as in real lists.",
                                           DEFAULT_SAMPLE_ROWS, 10, 1_000_000, 500)
            if not ok:
                return None
        master = self.master
        count = int(rows)

        def work(progress: Progress):
            progress(0, count, "Making demo customers…")
            sample = generate(count)
            return load_sample(master, sample, progress=progress)

        def done(counts) -> None:
            self.statusBar().showMessage(f"Loaded {counts.new:,} demo records", 6000)
            self.data_changed.emit({"customers"})

        return self.run_task(work, title="Loading demo data…", on_done=done)

    # ------------------------------------------------------------------ help and closing

    def show_help(self, tab: int = 0) -> None:
        from workbench.ui.help_dialog import HelpDialog

        HelpDialog(self, tab).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>One trusted customer master from scattered customer lists.</p>"
            f"<p><b>Master:</b> {self.master.location}<br><b>Log folder:</b> {logs.log_file().parent}</p>")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.busy:
            answer = QMessageBox.question(self, APP_NAME, "A task is still running. Cancel it and quit?")
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.runner.cancel_all(keep_changes=True)  # reads (a quality report) are not wanted any more
        self.runner.wait(15_000)  # an undo or a verdict already asked for is made
        self.db.close()  # and what it answers is not delivered to pages that are going
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.master.close()
        event.accept()


def app_settings() -> QSettings:
    """The user's app settings (recent masters, window layout), beside the data when WORKBENCH_HOME is set."""
    path = settings_path()
    if path is None:
        return QSettings()
    return QSettings(str(path), QSettings.Format.IniFormat)


def _read_counts(session) -> tuple[MasterCounts, ReviewCounts]:
    """The status bar's figures, in one read: the master's and the review's."""
    return master_counts(session), review_counts(session)


def _counts_text(counts: MasterCounts, review: ReviewCounts) -> str:
    parts = [f"{counts.customers:,} customers", f"{counts.source_records:,} source records",
             f"{counts.sources:,} sources"]
    if review.groups:
        parts.append(review.text())
    return "   ·   ".join(parts)


def _short_location(master: Master) -> str:
    if master.is_sqlite:
        return Path(master.location).name
    return master.location


def _icon_path() -> Path:
    from workbench.paths import resources_root

    return resources_root() / "icons" / "app.png"
