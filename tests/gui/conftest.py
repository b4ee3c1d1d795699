"""Window tests never hang on a modal box nobody will close: an unexpected error dialog or message
box fails the test that opened it, saying what it said. A test that expects one patches it itself."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from workbench.ui import errors


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
