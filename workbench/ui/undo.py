"""A thin QUndoCommand around a core operation: redo applies it, undo applies its inverse."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from workbench.operations import Operation, Outcome, run
from workbench.store.master import Master


class OperationCommand(QUndoCommand):
    def __init__(self, master: Master, operation: Operation, on_outcome: Callable[[Outcome], None]) -> None:
        super().__init__(operation.label)
        self.master = master
        self.operation = operation
        self.inverse: Operation | None = None
        self.on_outcome = on_outcome

    def redo(self) -> None:
        outcome = run(self.master, self.operation)
        self.inverse = outcome.inverse
        self.on_outcome(outcome)

    def undo(self) -> None:
        if self.inverse is None:
            return
        outcome = run(self.master, self.inverse, undoing=True)
        self.operation = outcome.inverse  # redo re-applies exactly what undo reversed
        self.on_outcome(outcome)
