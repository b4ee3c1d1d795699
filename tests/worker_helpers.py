"""Functions worker processes can import by name, for the tests of parallel standardization."""

from __future__ import annotations

import multiprocessing
import os


def square(value: int) -> int:
    return value * value


def square_unless_in_a_worker(value: int) -> int:
    """Kills the worker process it runs in; works normally in the main process."""
    if multiprocessing.parent_process() is not None:
        os._exit(3)
    return value * value


def slow_square(value: int) -> int:
    """A chunk that takes a while, so an import can be stopped while its workers are busy."""
    import time

    time.sleep(0.05)
    return value * value


def square_but_not_seven(value: int) -> int:
    """Fails on 7, as a worker meeting a row it cannot handle would."""
    if value == 7:
        raise ValueError("seven")
    return value * value


def count_slowly(up_to: int, *, progress, notify) -> int:
    """A long operation run apart (workbench.processes.call): reports, and stops when cancelled."""
    import time

    notify("Waiting: the master is busy with a test")
    for number in range(up_to):
        progress(number, up_to, f"{number}")
        time.sleep(0.01)
    return up_to


def fail_apart(*, progress, notify) -> None:
    raise KeyError("missing in the child")
