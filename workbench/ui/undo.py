"""A thin QUndoCommand around a core operation: redo applies it, undo applies its inverse.

An operation that cannot apply any more (the customer was merged or changed elsewhere meanwhile)
raises `WorkbenchError`; the command then reports it through `on_error` and makes itself
obsolete, so the undo stack drops it instead of pretending it was done or undone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from workbench.errors import WorkbenchError
from workbench.operations import Operation, Outcome, run
from workbench.store.master import Master


class OperationCommand(QUndoCommand):
    def __init__(self, master: Master, operation: Operation, on_outcome: Callable[[Outcome], None],
                 on_error: Callable[[WorkbenchError], None] | None = None) -> None:
        super().__init__(operation.label)
        self.master = master
        self.operation = operation
        self.inverse: Operation | None = None
        self.on_outcome = on_outcome
        self.on_error = on_error
        self.error: WorkbenchError | None = None

    def redo(self) -> None:
        try:
            outcome = run(self.master, self.operation)
        except WorkbenchError as exc:
            self._failed(exc)
            return
        self.inverse = outcome.inverse
        self.on_outcome(outcome)

    def undo(self) -> None:
        if self.inverse is None:
            return
        try:
            outcome = run(self.master, self.inverse, undoing=True)
        except WorkbenchError as exc:
            self._failed(exc)
            return
        self.operation = outcome.inverse  # redo re-applies exactly what undo reversed
        self.on_outcome(outcome)

    def _failed(self, exc: WorkbenchError) -> None:
        self.error = exc
        self.setObsolete(True)
        if self.on_error is not None:
            self.on_error(exc)
        else:
            raise exc
