"""Running work off the GUI thread, with progress, cancel and results as signals.

A task is a plain function `fn(progress) -> result` from the core. Two lanes run them:

- the writer lane, one thread: imports, matching, merges and every change to the master run
  there one at a time, in the order they were asked for, so writes never overlap and an undo
  asked for after a change runs after it;
- the reader lane, one thread (see READER_THREADS): reads for the window (a page of a list,
  a customer's details, counts). On SQLite (WAL) and PostgreSQL a read does not wait for a writer, so the
  window keeps answering while an import or a matching run writes.

Both lanes' threads run at a lower priority than the window's own (Linux: each thread's
niceness, which the kernel keeps per thread), so on a machine whose cores are all busy the
event loop still gets its turn first; the import's and matching's child processes step back
further (workbench/processes.py), so the writer keeps up with what they hand it.

Results, errors and cancellation arrive on the GUI thread through queued signals; progress
is throttled so a fast loop cannot flood the event queue. Tasks that are `shown` appear in the
status bar's progress strip; the window's own short reads and changes (workbench/ui/db.py) are
not shown there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workbench.errors import Cancelled
from workbench.progress import Progress

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.05
# One reader thread, not two. Reads are Python too (building rows from what SQLite returns), and
# every call Qt makes into the window's Python code waits for the interpreter lock while a reader
# holds it: with two readers busy at once (a page's reads after an import, say) the window waited
# on both. The stall bench's longest stall, median of three runs: two readers 156 ms, one 66-68 ms
# (bench_stall.py). A slow count now holds up the next page of a list by its own length, a
# fraction of a second at 200,000 customers.
READER_THREADS = 1
LANE_NICENESS = 5  # between the window (0) and the child processes (workbench.processes.NICENESS)
_lane_thread = threading.local()


def step_back() -> None:
    """Lower this thread's priority below the window's, once per thread (Linux; nothing elsewhere:
    there a process's threads share one priority)."""
    if getattr(_lane_thread, "stepped_back", False):
        return
    _lane_thread.stepped_back = True
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LANE_NICENESS)


class _TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class Task(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], title: str, *, reads_only: bool = False,
                 shown: bool = True) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.title = title
        self.reads_only = reads_only
        self.shown = shown
        self.signals = _TaskSignals()
        self._cancel = threading.Event()
        self._last_emit = 0.0
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _report(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - self._last_emit >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last_emit = now
            self.signals.progress.emit(done, total, message)

    def run(self) -> None:
        step_back()
        progress = Progress(self._report, self._cancel.is_set)
        try:
            progress.check()  # cancelled while it waited for its turn: it never starts
            result = self.fn(progress)
        except Cancelled:
            self._emit(self.signals.cancelled)
        except BaseException as exc:  # delivered to the GUI thread, which decides how to show it
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.finished, result)
        finally:
            self.done.set()

    def _emit(self, signal, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the window closed while this ran: nobody is left to tell
            signal.emit(*args)


class TaskRunner(QObject):
    """Starts tasks on their lane and keeps them alive until they report back."""

    started = Signal(object)  # a shown Task
    ended = Signal(object)  # a shown Task

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one writer at a time
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(READER_THREADS)
        self._running: dict[Task, None] = {}  # in the order started

    def start(
        self,
        fn: Callable[[Progress], Any],
        *,
        title: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        reads_only: bool = False,
        shown: bool = True,
    ) -> Task:
        task = Task(fn, title, reads_only=reads_only, shown=shown)
        self._running[task] = None
        if on_progress:
            task.signals.progress.connect(on_progress)
        task.signals.finished.connect(lambda result: self._end(task, on_done, result))
        task.signals.failed.connect(lambda exc: self._end(task, on_error, exc))
        task.signals.cancelled.connect(lambda: self._end(task, on_cancel))
        if shown:
            self.started.emit(task)
        (self.read_pool if reads_only else self.pool).start(task)
        return task

    def _end(self, task: Task, callback: Callable[..., None] | None, *args: Any) -> None:
        if not shiboken6.isValid(self):
            # Its window went while the task ran (a test's window; one closed as a backup finished):
            # nothing is left to tell, and its callbacks would reach deleted widgets.
            if args and isinstance(args[0], BaseException):
                log.warning("%s failed after its window was gone", task.title,
                            exc_info=(type(args[0]), args[0], args[0].__traceback__))
            return
        self._running.pop(task, None)
        if task.shown:
            self.ended.emit(task)
        if callback is not None:
            callback(*args)
        elif args and isinstance(args[0], BaseException):
            raise args[0]  # nobody handles it: let the global handler show it

    @property
    def busy(self) -> bool:
        """A long task (import, matching, a merge, an export …) runs or waits on the writer lane."""
        return any(t.shown and not t.reads_only for t in self._running)

    @property
    def idle(self) -> bool:
        """Nothing at all runs or waits, on either lane."""
        return not self._running

    def writer_task(self) -> Task | None:
        """The long task the writer lane is busy with, if any (for saying what a change waits for)."""
        return next((t for t in self._running if t.shown and not t.reads_only and not t.done.is_set()), None)

    def cancel_all(self, *, keep_changes: bool = False) -> None:
        """Cancel every task; with `keep_changes`, not the window's own queued changes (an undo)."""
        for task in list(self._running):
            if not (keep_changes and not task.shown and not task.reads_only):
                task.cancel()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        deadline = time.monotonic() + timeout_ms / 1000
        writers = self.pool.waitForDone(timeout_ms)
        left = max(0, int((deadline - time.monotonic()) * 1000))
        return self.read_pool.waitForDone(left) and writers
