"""An unexpected error in the app reaches a dialog with copyable details and the log file."""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from workbench import logs
from workbench.ui import errors


def test_an_escaped_exception_is_shown_copyable_and_logged(qtbot, isolated_home, monkeypatch):
    shown: list[errors.ErrorDialog] = []
    monkeypatch.setattr(errors.ErrorDialog, "exec", lambda self: shown.append(self) or 0)
    path = logs.configure()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    errors.install_excepthook()
    try:
        {}["customer_id"]
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)

    assert len(shown) == 1
    dialog = shown[0]
    qtbot.addWidget(dialog)
    details = dialog.details.toPlainText()
    assert "KeyError: 'customer_id'" in details and str(path) in details and "Traceback" in details
    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy details")
    copy.click()
    assert QGuiApplication.clipboard().text() == details
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", None) == str(path):
            handler.close()
            logging.getLogger().removeHandler(handler)  # later tests do not write into this one's folder
    logged = path.read_text(encoding="utf-8")
    assert "unexpected error" in logged and "KeyError: 'customer_id'" in logged
    assert str(isolated_home) in str(path)  # the log lives in the app's log folder, here the test's
