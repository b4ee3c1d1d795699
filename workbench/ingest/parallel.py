"""Standardizing rows in worker processes while the importing process reads and writes.

Standardization (names, e-mails, phone numbers) is most of an import's work and parallelizes
perfectly; writing to the master must stay in one process. Chunks go out in order and come
back in order, with only a few in flight, so memory stays bounded however big the file.
Workers start from a fresh interpreter (forkserver/spawn), never as a fork of a process that
may be running Qt threads.

Workers end when the process that started them ends, however it ends (a crash, `kill -9`):

- each worker watches a lifeline, a pipe whose only writing end the importing process holds;
  when that process is gone the pipe reads as closed and the worker exits at once (every
  platform). A cancelled or failed import cuts the line itself, so its workers stop without
  finishing their chunks;
- on Linux a worker also asks the kernel to kill it when its parent dies (PR_SET_PDEATHSIG).
  A forkserver worker's parent is the fork server, which itself exits when the importing
  process is gone, so this covers the same end a second way.

A cancelled or failed import also stops the fork server when this module started it.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

# Below this many rows the workers' start-up costs more than they save.
PARALLEL_FROM_ROWS = 20_000


def worker_count(rows_hint: int) -> int:
    cores = os.cpu_count() or 1
    if rows_hint < PARALLEL_FROM_ROWS or cores < 2 or os.environ.get("WORKBENCH_IMPORT_WORKERS") == "0":
        return 0
    return min(cores, 4)


# Imported once in the fork server, so each worker forked from it starts with them loaded
# (a second and more of imports per worker otherwise, before the first row is standardized).
PRELOAD = ["workbench.ingest.importer", "phonenumbers", "email_validator"]


# A file this big will most likely have enough rows for workers (about 50 bytes a row at least).
WARM_FROM_BYTES = PARALLEL_FROM_ROWS * 50


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_fork_server_ours = False  # this module started the fork server (so it may stop it)


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
    _ensure_fork_server()
    return True


def _fork_server_pid() -> int | None:
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None)


def _ensure_fork_server() -> None:
    global _fork_server_ours
    from multiprocessing import forkserver

    before = _fork_server_pid()
    forkserver.ensure_running()
    if before is None and _fork_server_pid() is not None:
        _fork_server_ours = True


def stop_fork_server() -> None:
    """Stop the fork server if this module started it (it is started again when next needed)."""
    global _fork_server_ours
    if not _fork_server_ours:
        return
    _fork_server_ours = False
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)
    if stop is None:  # a Python without it: the server still ends with this process
        return
    try:
        stop()
    except OSError:
        log.debug("the fork server had stopped already", exc_info=True)


# ------------------------------------------------------------------ in the worker


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent (the fork server, or the importing
    process when workers are spawned) dies; nothing elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        log.debug("no parent-death signal here", exc_info=True)


def _watch_lifeline(lifeline: Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv_bytes()  # nothing is ever sent: this returns only when the writing end is gone
    os._exit(1)  # the importing process ended, or gave up on this import


def _worker_started(lifeline: Connection) -> None:
    # Workers keep the cycle collector off for their whole life (one import): turned back on after
    # each chunk it would walk the chunk's records once more, an eighth of a worker's time.
    gc.disable()
    _die_with_parent()
    threading.Thread(target=_watch_lifeline, args=(lifeline,), name="lifeline", daemon=True).start()


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


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
    if context.get_start_method() == "forkserver":
        _ensure_fork_server()
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
            stop_fork_server()


def _next_result(pending: deque[tuple[T, Future[R]]]) -> R:
    result = pending[0][1].result()
    pending.popleft()
    return result


def _drain_here(fn: Callable[[T], R], pending: deque[tuple[T, Future[R]]]) -> Iterator[R]:
    log.warning("import workers stopped; standardizing the rest in this process")
    while pending:
        item, _future = pending.popleft()
        yield fn(item)
