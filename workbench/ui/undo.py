"""A thin QUndoCommand around a core operation: redo applies it, undo applies its inverse, both
on the writer lane of `window.db`, never on the GUI thread.

The undo stack moves its index at once; the change itself is queued and runs after every change
asked for before it, so Undo pressed three times quickly undoes three steps, in order. What a
step needs from the step before (the inverse to apply) is handed over on the writer thread
itself, in that same order: the GUI thread only hears of outcomes.

An operation that cannot apply any more (the customer was merged or changed elsewhere
meanwhile) fails: the command reports it through `on_error` and becomes obsolete, so the stack
drops it when it next reaches it, and steps of it already queued do nothing. Without
`on_error` the error goes to the window's error reporting. `applied` is the outcome of an
operation already run (so a failure could be shown before anything reached the undo stack);
the first redo then does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtGui import QUndoCommand

from workbench.errors import WorkbenchError
from workbench.operations import Operation, Outcome, run
from workbench.store.master import Master
from workbench.ui.db import Database

log = logging.getLogger(__name__)


class OperationCommand(QUndoCommand):
    def __init__(self, db: Database, operation: Operation, on_outcome: Callable[[Outcome], None],
                 on_error: Callable[[Exception], None] | None = None, applied: Outcome | None = None) -> None:
        super().__init__(operation.label)
        self.db = db
        self.label = operation.label
        # Read and replaced on the writer thread only, step after step.
        self.operation: Operation = operation
        self.inverse: Operation | None = applied.inverse if applied else None
        self.broken = False
        self.on_outcome = on_outcome
        self.on_error = on_error
        self.error: Exception | None = None
        self._skip_redo = applied is not None

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._queue(undoing=False)

    def undo(self) -> None:
        self._queue(undoing=True)

    def _queue(self, *, undoing: bool) -> None:
        def step(master: Master) -> Outcome | None:
            if self.broken:
                return None
            operation = self.inverse if undoing else self.operation
            if operation is None:
                return None
            try:
                outcome = run(master, operation, undoing=undoing)
            except Exception:
                self.broken = True
                raise
            if undoing:
                self.operation = outcome.inverse  # redo re-applies exactly what undo reversed
            else:
                self.inverse = outcome.inverse
            return outcome

        self.db.write_master(step, self._arrived, on_error=self._failed,
                             label=f"Undo {self.label}" if undoing else self.label)

    def _arrived(self, outcome: Outcome | None) -> None:
        if outcome is not None:
            self.on_outcome(outcome)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Exception):
            raise exc
        self.error = exc
        if shiboken6.isValid(self):
            self.setObsolete(True)
        if not isinstance(exc, WorkbenchError):
            log.error("%s failed", self.label, exc_info=(type(exc), exc, exc.__traceback__))
        if self.on_error is not None:
            self.on_error(exc)
        elif self.db.report is not None:
            self.db.report(exc)
        else:
            raise exc
