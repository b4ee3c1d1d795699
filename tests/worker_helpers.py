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
