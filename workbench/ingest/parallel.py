"""Standardizing rows in worker processes while the importing process reads and writes.

Standardization (names, e-mails, phone numbers) is most of an import's work and parallelizes
perfectly; writing to the master must stay in one process. Chunks go out in order and come
back in order, with only a few in flight, so memory stays bounded however big the file.
Workers start from a fresh interpreter (forkserver/spawn), never as a fork of a process that
may be running Qt threads.

Workers end when the process that started them ends, however it ends (a crash, `kill -9`):
they watch a lifeline and, on Linux, ask for a parent-death signal (workbench/processes.py). A
cancelled or failed import cuts the line itself, so its workers stop without finishing their
chunks, and stops the fork server when this app started it.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import TypeVar

from workbench import processes

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

# Below this many rows the workers' start-up costs more than they save.
PARALLEL_FROM_ROWS = 20_000


def worker_count(rows_hint: int) -> int:
    """As many workers as cores, at most four (each holds its own caches: memory, not speed, sets the cap).

    Not one fewer than the cores: the importing process waits on its writes part of the time, and
    on two cores 100,000 rows took 10.3 s with two workers and 15.5 s with one
    (`bench_import.py --scaling 2` measures it on any machine)."""
    cores = os.cpu_count() or 1
    if rows_hint < PARALLEL_FROM_ROWS or cores < 2 or os.environ.get("WORKBENCH_IMPORT_WORKERS") == "0":
        return 0
    return min(cores, 4)


# A file this big will most likely have enough rows for workers (about 50 bytes a row at least).
WARM_FROM_BYTES = PARALLEL_FROM_ROWS * 50


def warm_up(file_size: int) -> bool:
    """Start the fork server while a big file is being inspected, so its workers start at once.

    The server imports the standardization modules (half a second and more) on its own core
    while this process reads the file; without it the import's first chunk waits for that.
    Returns whether it was started (or was running already).
    """
    if file_size < WARM_FROM_BYTES or worker_count(PARALLEL_FROM_ROWS) == 0:
        return False
    if _context().get_start_method() != "forkserver":
        return False
    processes.ensure_fork_server()
    return True


def _context() -> multiprocessing.context.BaseContext:
    return processes.context()


def _worker_started(lifeline: Connection) -> None:
    # Workers keep the cycle collector off for their whole life (one import): turned back on after
    # each chunk it would walk the chunk's records once more, an eighth of a worker's time.
    gc.disable()
    processes.child_started(lifeline)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int, *, in_flight: int = 0) -> Iterator[R]:
    """`map(fn, items)` over worker processes, in order, with at most `in_flight` chunks queued.

    If the workers cannot run (they fail to start, or one dies), the remaining work is done here,
    in this process: slower, never wrong and never stuck.
    """
    if workers <= 0:
        yield from map(fn, items)
        return
    limit = in_flight or workers * 2 + 1
    context = _context()
    processes.ensure_fork_server()
    # The workers get the reading end; only this process ever holds the writing end.
    lifeline, keep_alive = context.Pipe(duplex=False)
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_started, initargs=(lifeline,))
    pending: deque[tuple[T, Future[R]]] = deque()
    broken = False
    finished = False
    try:
        for item in items:
            if broken:
                yield fn(item)
                continue
            try:
                pending.append((item, executor.submit(fn, item)))
            except BrokenProcessPool:
                broken = True
                yield from _drain_here(fn, pending)
                yield fn(item)
                continue
            if len(pending) >= limit:
                try:
                    yield _next_result(pending)
                except BrokenProcessPool:
                    broken = True
                    yield from _drain_here(fn, pending)
        while pending:
            try:
                yield _next_result(pending)
            except BrokenProcessPool:
                yield from _drain_here(fn, pending)
        finished = True
    finally:
        if not finished:  # cancelled (the caller stopped reading) or failed: the workers stop now
            keep_alive.close()
        executor.shutdown(wait=True, cancel_futures=True)
        keep_alive.close()
        lifeline.close()
        if not finished:
            processes.stop_fork_server()


def _next_result(pending: deque[tuple[T, Future[R]]]) -> R:
    result = pending[0][1].result()
    pending.popleft()
    return result


def _drain_here(fn: Callable[[T], R], pending: deque[tuple[T, Future[R]]]) -> Iterator[R]:
    log.warning("import workers stopped; standardizing the rest in this process")
    while pending:
        item, _future = pending.popleft()
        yield fn(item)
