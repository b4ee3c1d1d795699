"""Window tests never hang on a modal box nobody will close: an unexpected error dialog or message
box fails the test that opened it, saying what it said. A test that expects one patches it itself.

Nor may the window wait for the database: a session or write unit opened on the GUI thread on
behalf of window code (rather than by the test itself, preparing data) fails the test too."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import workbench
from workbench.store.master import Master
from workbench.ui import errors

UI_FOLDER = str(Path(workbench.__file__).parent / "ui")


@pytest.fixture(autouse=True)
def no_unexpected_modal_boxes(monkeypatch):
    shown: list[str] = []

    def error_dialog(self) -> int:
        shown.append(f"error dialog: {self.details.toPlainText()}")
        return 0

    def box(kind: str, answer):
        def show(*args, **kwargs):
            texts = [a for a in args if isinstance(a, str)]
            shown.append(f"QMessageBox.{kind}: {' | '.join(texts)}")
            return answer
        return show

    monkeypatch.setattr(errors.ErrorDialog, "exec", error_dialog)
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, box(kind, QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", box("question", QMessageBox.StandardButton.No))
    yield shown
    assert not shown, "a modal box nobody expected: " + "\n".join(shown)


def _window_code_on_gui_thread() -> str | None:
    """The window function that is opening a session on the GUI thread, if that is what is happening."""
    if threading.current_thread() is not threading.main_thread():
        return None
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith(UI_FOLDER):
            return f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back
    return None


@pytest.fixture(autouse=True)
def the_window_never_waits_for_the_database(monkeypatch):
    caught: list[str] = []

    def watched(name: str):
        original = getattr(Master, name)

        def opening(self, *args, **kwargs):
            where = _window_code_on_gui_thread()
            if where is not None:
                caught.append(f"Master.{name}() from {where}")
            return original(self, *args, **kwargs)
        return opening

    for name in ("session", "transaction"):
        monkeypatch.setattr(Master, name, watched(name))
    yield caught
    assert not caught, "the GUI thread reached the master:\n" + "\n".join(dict.fromkeys(caught))
