"""Running long operations off the GUI thread, with progress, cancel and results as signals.

A task is a plain function `fn(progress) -> result` from the core. Database work goes through
one single-thread pool so writes never overlap; each task opens its own session. Results,
errors and cancellation arrive on the GUI thread through queued signals; progress is
throttled so a fast loop cannot flood the event queue.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workbench.errors import Cancelled
from workbench.progress import Progress

PROGRESS_INTERVAL_S = 0.05


class _TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class Task(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], title: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.title = title
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
        progress = Progress(self._report, self._cancel.is_set)
        try:
            result = self.fn(progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # delivered to the GUI thread, which decides how to show it
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            self.done.set()


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they report back."""

    started = Signal(object)  # Task
    ended = Signal(object)  # Task

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one writer at a time
        self._running: set[Task] = set()

    def start(
        self,
        fn: Callable[[Progress], Any],
        *,
        title: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        task = Task(fn, title)
        self._running.add(task)
        if on_progress:
            task.signals.progress.connect(on_progress)
        task.signals.finished.connect(lambda result: self._end(task, on_done, result))
        task.signals.failed.connect(lambda exc: self._end(task, on_error, exc))
        task.signals.cancelled.connect(lambda: self._end(task, on_cancel))
        self.started.emit(task)
        self.pool.start(task)
        return task

    def _end(self, task: Task, callback: Callable[..., None] | None, *args: Any) -> None:
        self._running.discard(task)
        self.ended.emit(task)
        if callback is not None:
            callback(*args)
        elif args and isinstance(args[0], BaseException):
            raise args[0]  # nobody handles it: let the global handler show it

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        return self.pool.waitForDone(timeout_ms)
