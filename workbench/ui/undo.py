"""A thin QUndoCommand around a core operation: redo applies it, undo applies its inverse.

An operation that cannot apply any more (the customer was merged or changed elsewhere meanwhile)
raises; the command then reports it through `on_error` and makes itself obsolete, so the undo
stack drops it instead of pretending it was done or undone. Without `on_error` the error
propagates. `applied` is the outcome of an operation already run (so a failure could be shown
before anything reached the undo stack); the first redo then does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from workbench.errors import WorkbenchError
from workbench.operations import Operation, Outcome, run
from workbench.store.master import Master

log = logging.getLogger(__name__)


class OperationCommand(QUndoCommand):
    def __init__(self, master: Master, operation: Operation, on_outcome: Callable[[Outcome], None],
                 on_error: Callable[[Exception], None] | None = None, applied: Outcome | None = None) -> None:
        super().__init__(operation.label)
        self.master = master
        self.operation = operation
        self.inverse: Operation | None = applied.inverse if applied else None
        self.on_outcome = on_outcome
        self.on_error = on_error
        self.error: Exception | None = None
        self._skip_redo = applied is not None

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        try:
            outcome = run(self.master, self.operation)
        except Exception as exc:
            self._failed(exc)
            return
        self.inverse = outcome.inverse
        self.on_outcome(outcome)

    def undo(self) -> None:
        if self.inverse is None:
            return
        try:
            outcome = run(self.master, self.inverse, undoing=True)
        except Exception as exc:
            self._failed(exc)
            return
        self.operation = outcome.inverse  # redo re-applies exactly what undo reversed
        self.on_outcome(outcome)

    def _failed(self, exc: Exception) -> None:
        self.error = exc
        self.setObsolete(True)
        if self.on_error is None:
            raise exc
        if not isinstance(exc, WorkbenchError):
            log.error("%s failed", self.operation.label, exc_info=(type(exc), exc, exc.__traceback__))
        self.on_error(exc)
