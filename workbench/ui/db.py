"""The window's one way to the master: reads and changes queued on the task runner, answers by signal.

No widget opens a session or waits for the database. Widgets ask `window.db`:

    db.read(lambda session: customer_detail(session, 42), show_detail)   # a reader thread
    db.apply(MergeOperation(request), merged)                              # the writer thread, in order

and the answer comes back to the GUI thread as a call of `on_done(result)`. Reads run on the
runner's reader lane (they do not wait for an import that is writing); changes run on its
writer lane, one at a time and in the order asked, after any long task already there.

- A read with a `key` replaces the read with the same key still waiting or running: typing in a
  search box shows only the answer to what was typed last.
- Requests made on one master never answer once another master is open, and an answer for a
  widget that has gone is not delivered.
- Errors go to `on_error`, else to the window's error reporting (`report`).
- Waiting is announced calmly: only a request the user still waits for after BUSY_AFTER_MS is
  announced (`waiting`), so a fast read never makes anything flicker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from workbench.errors import Cancelled, WorkbenchError
from workbench.operations import Operation, Outcome, run
from workbench.progress import Progress
from workbench.store import units
from workbench.store.master import Master
from workbench.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)
T = TypeVar("T")
BUSY_AFTER_MS = 150


@dataclass(eq=False)
class Request:
    """One read or change on its way; `drop` it to have its answer ignored."""

    label: str
    writes: bool
    generation: int
    waits: bool  # someone waits for the answer: announced when it is slow
    owner: QObject | None = None
    key: Hashable | None = None
    started: float = field(default_factory=time.monotonic)
    dropped: bool = False
    task: Task | None = None

    def drop(self) -> None:
        self.dropped = True
        if not self.writes and self.task is not None:
            self.task.cancel()  # a read not started yet is skipped; a change always runs once queued

    @property
    def live(self) -> bool:
        return not self.dropped and (self.owner is None or shiboken6.isValid(self.owner))


def _owner_of(callback: Callable[..., Any]) -> QObject | None:
    target = getattr(callback, "__self__", None)
    return target if isinstance(target, QObject) else None


class Database(QObject):
    waiting = Signal(str)  # what the window has waited for longer than BUSY_AFTER_MS; "" when nothing
    settled = Signal()  # nothing pending any more

    def __init__(self, master: Master, runner: TaskRunner | None = None,
                 report: Callable[[BaseException], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner or TaskRunner(self)
        self.report = report
        self._master = master
        self._generation = 0
        self._pending: dict[Request, None] = {}  # in the order asked
        self._keys: dict[Hashable, Request] = {}
        self._announced = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._announce)

    # ------------------------------------------------------------------ state

    @property
    def master(self) -> Master:
        return self._master

    def set_master(self, master: Master) -> None:
        """From now on requests go to `master`; answers from the one before are not delivered."""
        self._master = master
        self._generation += 1
        for request in list(self._pending):
            request.drop()
        self._update_waiting()

    def close(self) -> None:
        """The window is going: no answer is delivered from now on (changes already asked for are
        still made; the window waits for them before it closes the master)."""
        self._generation += 1
        for request in list(self._pending):
            request.drop()
        self._update_waiting()

    @property
    def idle(self) -> bool:
        return not self._pending

    @property
    def writing(self) -> bool:
        """A change is queued or running."""
        return any(r.writes for r in self._pending)

    # ------------------------------------------------------------------ asking

    def read(self, fn: Callable[[Any], T], on_done: Callable[[T], None], *,
             on_error: Callable[[BaseException], None] | None = None, key: Hashable | None = None,
             label: str = "Loading", waits: bool = True, owner: QObject | None = None) -> Request:
        """`fn(session)` in a read-only session on a reader thread; `on_done(result)` on the GUI thread."""
        master = self._master
        return self._submit(lambda _p: units.read(master, fn), on_done, on_error, label, writes=False, key=key,
                            waits=waits, owner=owner)

    def read_master(self, fn: Callable[[Master], T], on_done: Callable[[T], None], *,
                    on_error: Callable[[BaseException], None] | None = None, key: Hashable | None = None,
                    label: str = "Loading", waits: bool = True, owner: QObject | None = None) -> Request:
        """`fn(master)` on a reader thread, for core functions that read through their own session."""
        master = self._master
        return self._submit(lambda _p: fn(master), on_done, on_error, label, writes=False, key=key, waits=waits,
                            owner=owner)

    def apply(self, operation: Operation, on_done: Callable[[Outcome], None], *,
              on_error: Callable[[BaseException], None] | None = None, undoing: bool = False,
              owner: QObject | None = None) -> Request:
        """Apply an operation (and its audit entries) on the writer thread; `on_done(outcome)`."""
        master = self._master
        return self._submit(lambda _p: run(master, operation, undoing=undoing), on_done, on_error,
                            operation.label, writes=True, owner=owner)

    def write(self, fn: Callable[[Any], T], on_done: Callable[[T], None], *,
              on_error: Callable[[BaseException], None] | None = None, label: str = "Saving",
              owner: QObject | None = None) -> Request:
        """`fn(session)` as one write unit on the writer thread, for changes with no undo (settings)."""
        master = self._master
        return self._submit(lambda _p: units.write(master, fn), on_done, on_error, label, writes=True, owner=owner)

    def write_master(self, fn: Callable[[Master], T], on_done: Callable[[T], None], *,
                     on_error: Callable[[BaseException], None] | None = None, label: str = "Saving",
                     owner: QObject | None = None) -> Request:
        """`fn(master)` on the writer thread, in order with every other change (undo steps)."""
        master = self._master
        return self._submit(lambda _p: fn(master), on_done, on_error, label, writes=True, owner=owner)

    def task(self, fn: Callable[[Any, Progress], T], *, title: str, on_done: Callable[[T], None],
             on_cancel: Callable[[], None] | None = None, on_error: Callable[[BaseException], None] | None = None,
             writes: bool = False) -> Task:
        """A long read or write unit, `fn(session, progress)`, shown with progress and Cancel in the status bar."""
        master, generation = self._master, self._generation

        def work(progress: Progress) -> T:
            if writes:
                return units.write_with_progress(master, fn, progress)
            return units.read_with_progress(master, fn, progress)

        def current(callback: Callable[..., None] | None) -> Callable[..., None]:
            def deliver(*args: Any) -> None:
                if generation == self._generation and callback is not None:
                    callback(*args)
            return deliver

        error = on_error or self.report
        return self.runner.start(work, title=title, on_done=current(on_done), reads_only=not writes,
                                 on_error=current(error) if error else None, on_cancel=current(on_cancel))

    def drop(self, key: Hashable) -> None:
        """The read asked for with `key` is not wanted any more: skip it, or ignore its answer."""
        request = self._keys.get(key)
        if request is not None:
            request.drop()
            self._update_waiting()

    def report_error(self, exc: BaseException) -> None:
        """Show an error the way the window shows a failed task's (a warning, or the error dialog)."""
        if self.report is None:
            raise exc
        self.report(exc)

    # ------------------------------------------------------------------ answers

    def _submit(self, work: Callable[[Progress], Any], on_done: Callable[[Any], None],
                on_error: Callable[[BaseException], None] | None, label: str, *, writes: bool,
                key: Hashable | None = None, waits: bool = True, owner: QObject | None = None) -> Request:
        request = Request(label, writes, self._generation, waits, owner or _owner_of(on_done), key)
        if key is not None:
            older = self._keys.get(key)
            if older is not None:
                older.drop()
            self._keys[key] = request

        def guarded(progress: Progress) -> Any:
            if request.dropped and not writes:
                raise Cancelled()  # replaced before its turn came: skip the query
            return work(progress)

        self._pending[request] = None
        request.task = self.runner.start(
            guarded, title=label, reads_only=not writes, shown=False,
            on_done=lambda result: self._answer(request, on_done, result),
            on_error=lambda exc: self._failed(request, on_error, exc),
            on_cancel=lambda: self._answer(request, None, None))
        if waits and not self._timer.isActive() and not self._announced:
            self._timer.start(BUSY_AFTER_MS)
        return request

    def _forget(self, request: Request) -> None:
        self._pending.pop(request, None)
        if request.key is not None and self._keys.get(request.key) is request:
            del self._keys[request.key]
        self._update_waiting()

    def _gone(self) -> bool:
        """The window this queue served has been destroyed while a task of its was still running
        (a test's window, or one closed while a read finished): its answers go nowhere."""
        return not shiboken6.isValid(self) or not shiboken6.isValid(self._timer)

    def _answer(self, request: Request, on_done: Callable[[Any], None] | None, result: Any) -> None:
        if self._gone():
            return
        self._forget(request)
        try:
            if on_done is not None and request.live and request.generation == self._generation:
                on_done(result)
        finally:
            self._settle()

    def _failed(self, request: Request, on_error: Callable[[BaseException], None] | None,
                exc: BaseException) -> None:
        if self._gone():
            log.warning("%s failed after its window was gone", request.label,
                        exc_info=(type(exc), exc, exc.__traceback__))
            return
        self._forget(request)
        try:
            if not request.live or request.generation != self._generation:
                if not isinstance(exc, WorkbenchError):
                    log.warning("%s failed after nobody waited for it any more", request.label,
                                exc_info=(type(exc), exc, exc.__traceback__))
                return
            handler = on_error or self.report
            if handler is None:
                raise exc
            handler(exc)
        finally:
            self._settle()

    def _settle(self) -> None:
        if not self._pending:
            self.settled.emit()

    # ------------------------------------------------------------------ saying what the window waits for

    def _waited_for(self) -> list[Request]:
        return [r for r in self._pending if r.waits and not r.dropped]

    def _update_waiting(self) -> None:
        if not self._waited_for():
            self._timer.stop()
            if self._announced:
                self._announced = ""
                self.waiting.emit("")
        elif self._announced:
            self._announce()  # say what is waited for now

    def _announce(self) -> None:
        waited = self._waited_for()
        if not waited:
            return
        oldest = waited[0]
        age_ms = (time.monotonic() - oldest.started) * 1000
        if age_ms < BUSY_AFTER_MS:
            self._timer.start(int(BUSY_AFTER_MS - age_ms) + 1)
            return
        text = f"{oldest.label}…"
        blocker = self.runner.writer_task() if oldest.writes else None
        if blocker is not None:
            text = f"{oldest.label} waits for “{blocker.title.rstrip('…')}” to finish…"
        if text != self._announced:
            self._announced = text
            self.waiting.emit(text)
