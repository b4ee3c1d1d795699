"""One dialog for unexpected errors: a plain message, copyable details, and the log file."""

from __future__ import annotations

import html
import logging
import platform
import sys
import traceback

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench import __version__, logs

log = logging.getLogger(__name__)


def details_text(exc: BaseException) -> str:
    trace = logs.scrub("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    return (f"Steward Workbench {__version__}\nPython {platform.python_version()} on {platform.platform()}\n"
            f"Log file: {logs.log_file()}\n\n{trace}")


class ErrorDialog(QDialog):
    def __init__(self, exc: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        self.setMinimumWidth(560)
        message = QLabel(
            f"<b>An unexpected error stopped this action.</b><br>{html.escape(logs.one_line(exc))}<br><br>"
            "Your master is safe: the unfinished change was not saved. The details below are also in "
            f"the log file <code>{logs.log_file()}</code>.")
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details_text(exc))
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(180)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy details")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.details.toPlainText()))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details)
        layout.addWidget(buttons)


def show_error(exc: BaseException, parent: QWidget | None = None) -> None:
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    if QApplication.instance() is None:
        return
    ErrorDialog(exc, parent).exec()


def install_excepthook() -> None:
    """Any exception that escapes a slot reaches the error dialog and the log, not a dead console."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        exc.__traceback__ = tb
        show_error(exc, QApplication.activeWindow())

    sys.excepthook = hook
