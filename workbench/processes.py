"""Child processes that end with the process that started them, however it ends.

Two kinds of child process do the heavy work of the app: an import's standardizing workers
(workbench/ingest/parallel.py), and a whole long operation run apart (`call`), such as a matching
run, so the desktop app's own interpreter stays free for its window. Both start from the fork
server (or a fresh interpreter where there is none), never as a fork of a process that may be
running Qt threads, and both make sure they cannot outlive their starter:

- each child watches a lifeline, a pipe whose only writing end the starting process holds; when
  that process is gone (a crash, `kill -9`) or gives the child up, the pipe reads as closed and
  the child exits at once (every platform);
- on Linux a child also asks the kernel to kill it when its parent dies (PR_SET_PDEATHSIG). A
  forkserver child's parent is the fork server, which itself exits when the starting process is
  gone, so this covers the same end a second way.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from workbench.errors import Cancelled, WorkbenchError
from workbench.progress import NO_PROGRESS, Progress

log = logging.getLogger(__name__)
T = TypeVar("T")

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
NICENESS = 10  # children are background work: a window (or the importing process) goes first
# Imported once in the fork server, so each child forked from it starts with them loaded.
PRELOAD = ["workbench.ingest.importer", "workbench.matching.run", "phonenumbers", "email_validator"]
PROGRESS_EVERY_S = 0.05
_fork_server_ours = False  # this module started the fork server (so it may stop it)


# ------------------------------------------------------------------ the fork server


def context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(PRELOAD)
    return forkserver


def fork_server_pid() -> int | None:
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None)


def ensure_fork_server() -> None:
    """Start the fork server now (it imports PRELOAD on its own core meanwhile)."""
    global _fork_server_ours
    if context().get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    before = fork_server_pid()
    forkserver.ensure_running()
    if before is None and fork_server_pid() is not None:
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


# ------------------------------------------------------------------ in the child


def die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent dies; nothing elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        log.debug("no parent-death signal here", exc_info=True)


def _watch(lifeline: Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv_bytes()  # nothing is ever sent: this returns only when the writing end is gone
    os._exit(1)  # the starting process ended, or gave this child up


def child_started(lifeline: Connection) -> None:
    """The first thing a child does: tie its life to its starter's, and step back for a window."""
    die_with_parent()
    with contextlib.suppress(OSError, AttributeError):
        os.nice(max(0, NICENESS - os.nice(0)))  # a child's own children stay at NICENESS, not below
    threading.Thread(target=_watch, args=(lifeline,), name="lifeline", daemon=True).start()


# ------------------------------------------------------------------ a whole operation apart


class FailedApart(Exception):
    """An unexpected error in a child process that could not be brought back as it was."""


def call(fn: Callable[..., T], *args: Any, progress: Progress = NO_PROGRESS,
         notify: Callable[[str], None] | None = None, starts_processes: bool = False) -> T:
    """`fn(*args, progress=…, notify=…)` in a child process of its own; its result, or its exception.

    `fn` must be importable by name and its arguments and result picklable. The child's progress
    reports arrive here as calls of `progress`; cancelling `progress` here cancels it there (its
    transaction rolls back as it unwinds). `notify` hears what the child's master says while a
    write waits for the lock. A child that `starts_processes` of its own (an import's workers)
    cannot be a daemon; it is reaped here all the same, however the call ends.
    """
    ctx = context()
    ensure_fork_server()
    here, there = ctx.Pipe(duplex=True)
    lifeline, keep_alive = ctx.Pipe(duplex=False)
    cancel = ctx.Event()
    child = ctx.Process(target=_run_apart, args=(there, lifeline, cancel, fn, args), daemon=not starts_processes,
                        name=getattr(fn, "__name__", "work"))
    child.start()
    there.close()
    lifeline.close()
    try:
        return _follow(child, here, cancel, progress, notify)
    finally:
        keep_alive.close()  # the child has finished, or must stop now
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
        here.close()


def _follow(child: Any, here: Connection, cancel: Any, progress: Progress,
            notify: Callable[[str], None] | None) -> Any:
    while True:
        if progress.is_cancelled():
            cancel.set()
        if not here.poll(0.1):
            if not child.is_alive() and not here.poll(0):
                raise WorkbenchError(f"the background process stopped unexpectedly (exit code {child.exitcode})")
            continue
        try:
            kind, payload = here.recv()
        except EOFError:
            raise WorkbenchError("the background process stopped unexpectedly") from None
        if kind == "progress":
            done, total, message = payload
            progress.report(done, total, message)
        elif kind == "busy" and notify is not None:
            notify(payload)
        elif kind == "done":
            return payload
        elif kind == "cancelled":
            raise Cancelled()
        elif kind == "failed":
            raise payload


def _run_apart(there: Connection, lifeline: Connection, cancel: Any, fn: Callable[..., Any],
               args: tuple[Any, ...]) -> None:
    child_started(lifeline)
    last = [0.0]

    def report(done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S or (total and done >= total):
            last[0] = now
            there.send(("progress", (done, total, message)))

    try:
        result = fn(*args, progress=Progress(report, cancel.is_set), notify=lambda text: there.send(("busy", text)))
    except Cancelled:
        there.send(("cancelled", None))
    except BaseException as exc:  # brought back to the starter, who decides how to show it
        there.send(("failed", _portable(exc)))
    else:
        there.send(("done", result))


def _portable(exc: BaseException) -> BaseException:
    """The exception as the starter can receive it, with where it happened in this process."""
    import pickle

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if not isinstance(exc, WorkbenchError):
        with contextlib.suppress(Exception):
            exc.add_note(f"In the background process:\n{text}")
    try:
        pickle.dumps(exc)
    except Exception:
        return FailedApart(text)
    return exc
