"""Starting the desktop app: Qt application, style, error handling, the master, the window."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench import APP_ID, APP_NAME, __version__, collector, logs
from workbench.errors import WorkbenchError
from workbench.paths import default_master_path, resources_root
from workbench.store.master import Master
from workbench.ui.errors import install_excepthook
from workbench.ui.main_window import MainWindow, app_settings
from workbench.ui.opening import open_master_in_background
from workbench.ui.passphrase import open_with_passphrase

log = logging.getLogger(__name__)


# Reads for the window, small imports and merges run on worker threads of this process (big
# imports and matching run apart, in child processes). Every call Qt makes into Python (a cell
# of a table, a paint, an event filter) needs the interpreter lock; when a worker thread holds
# it, it passes to the window after at most this long (5 ms by default), so a busy worker thread
# costs the window less waiting, for a little of the worker's own speed.
SWITCH_INTERVAL_S = 0.001


def make_application(argv: list[str] | None = None) -> QApplication:
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(resources_root() / "icons" / "app.png")))
    style = resources_root() / "styles" / "app.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def choose_master(db: str | None, settings) -> Master:
    """--db, else WORKBENCH_DB, else the master used last time, else the default master."""
    explicit = db or os.environ.get("WORKBENCH_DB")
    if explicit:
        return open_with_passphrase(None, explicit)
    last = settings.value("last_master")
    if last:
        try:
            return open_with_passphrase(None, str(last), create=False)
        except WorkbenchError as exc:
            log.warning("last master not available, opening the default one: %s", exc)
    return open_master_in_background(None, str(default_master_path()))


def run_gui(db: str | None = None) -> int:
    logs.configure()
    app = make_application()
    install_excepthook()
    settings = app_settings()
    try:
        master = choose_master(db, settings)
    except WorkbenchError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = MainWindow(master, settings)
    collector.set_aside_startup()
    window.show()
    return app.exec()
