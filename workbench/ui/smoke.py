"""The window step of `workbench --self-test`: Qt starts, the main window opens on a master and
every page paints. In a packaged build this proves the Qt plugins, styles and icons were bundled.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication

from workbench.store.master import Master
from workbench.ui.app import make_application
from workbench.ui.main_window import MainWindow, app_settings


def _settle(app: QApplication, seconds: float, until=lambda: False) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not until():
        app.processEvents()
        time.sleep(0.01)


def open_window_once(master: Master) -> str:
    app = make_application()
    settings = app_settings()
    window = MainWindow(master, settings)
    try:
        window.resize(1280, 800)
        window.show()
        model = window.customers_page.model
        _settle(app, 15, until=lambda: model.rowCount() > 0 and not window.runner.busy)
        if model.rowCount() == 0:
            raise RuntimeError("the customers list stayed empty on a master with customers")
        painted = []
        for key in list(window.pages):
            window.show_page(key)
            _settle(app, 0.2)
            image = window.grab().toImage()
            if image.isNull() or image.width() < 600:
                raise RuntimeError(f"the {key} page did not paint")
            painted.append(key)
        _settle(app, 10, until=lambda: not window.runner.busy)
        return (f"{app.platformName()} platform, {model.rowCount():,} customers listed, "
                f"{len(painted)} pages painted ({', '.join(painted)})")
    finally:
        window.runner.cancel_all()
        window.runner.wait(15_000)
        window.close()
        app.processEvents()
        # What the pages asked for as they went (after the window's own wait) ends before the caller
        # closes the master and removes its folder.
        window.runner.wait(15_000)
        window.deleteLater()
        app.processEvents()
        # Written now, not whenever the settings object is collected: the self-test removes its folder next.
        settings.sync()
