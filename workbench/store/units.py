"""Units of work handed over whole: a read in its own read-only session, or one write unit.

The desktop app runs these on its worker threads (workbench/ui/db.py), so the window never
waits for the database and no module of the UI package opens a session itself. Each unit gets
a short-lived session of its own, as every other caller of the master does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from workbench.progress import Progress
from workbench.store.master import Master

T = TypeVar("T")


def read(master: Master, fn: Callable[[Session], T]) -> T:
    with master.session() as session:
        return fn(session)


def read_with_progress(master: Master, fn: Callable[[Session, Progress], T], progress: Progress) -> T:
    with master.session() as session:
        return fn(session, progress)


def write(master: Master, fn: Callable[[Session], T]) -> T:
    """One write unit (`Master.write`: the lock first, run again after a PostgreSQL deadlock)."""
    return master.write(fn)


def write_with_progress(master: Master, fn: Callable[[Session, Progress], T], progress: Progress) -> T:
    return master.write(lambda session: fn(session, progress))
