"""Standardizing rows in worker processes while the importing process reads and writes.

Standardization (names, e-mails, phone numbers) is most of an import's work and parallelizes
perfectly; writing to the master must stay in one process. Chunks go out in order and come
back in order, with only a few in flight, so memory stays bounded however big the file.
Workers start from a fresh interpreter (forkserver/spawn), never as a fork of a process that
may be running Qt threads.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many rows the workers' start-up costs more than they save.
PARALLEL_FROM_ROWS = 20_000


def worker_count(rows_hint: int) -> int:
    cores = os.cpu_count() or 1
    if rows_hint < PARALLEL_FROM_ROWS or cores < 2 or getattr(sys, "frozen", False):
        return 0
    return min(cores, 4)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int, *, in_flight: int = 0,
                initializer: Callable[..., Any] | None = None, initargs: tuple = ()) -> Iterator[R]:
    """`map(fn, items)` over worker processes, in order, with at most `in_flight` chunks queued."""
    if workers <= 0:
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, items)
        return
    limit = in_flight or workers * 2 + 1
    pool = _context().Pool(workers, initializer=initializer, initargs=initargs)
    try:
        pending: deque[Any] = deque()
        for item in items:
            pending.append(pool.apply_async(fn, (item,)))
            if len(pending) >= limit:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
