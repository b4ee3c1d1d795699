"""A thin QUndoCommand around a core operation: redo applies it, undo applies its inverse."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from workbench.operations import Operation, Outcome, run
from workbench.store.master import Master


class OperationCommand(QUndoCommand):
    """Undo/redo of one operation.

    `applied` is the outcome of an operation already run (so a failure could be shown before
    anything reached the undo stack); the first redo then does nothing. With `on_error`, an
    undo or redo that fails (the master changed meanwhile) is reported there and the command
    leaves the stack instead of leaving it out of step with the data.
    """

    def __init__(self, master: Master, operation: Operation, on_outcome: Callable[[Outcome], None],
                 on_error: Callable[[Exception], None] | None = None, applied: Outcome | None = None) -> None:
        super().__init__(operation.label)
        self.master = master
        self.operation = operation
        self.inverse: Operation | None = applied.inverse if applied else None
        self.on_outcome = on_outcome
        self.on_error = on_error
        self._skip_redo = applied is not None

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        try:
            outcome = run(self.master, self.operation)
        except Exception as exc:
            if self.on_error is None:
                raise
            self.setObsolete(True)
            self.on_error(exc)
            return
        self.inverse = outcome.inverse
        self.on_outcome(outcome)

    def undo(self) -> None:
        if self.inverse is None:
            return
        try:
            outcome = run(self.master, self.inverse, undoing=True)
        except Exception as exc:
            if self.on_error is None:
                raise
            self.setObsolete(True)
            self.on_error(exc)
            return
        self.operation = outcome.inverse  # redo re-applies exactly what undo reversed
        self.on_outcome(outcome)
