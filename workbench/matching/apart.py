"""A matching run in a child process of its own, for the desktop app.

Matching is minutes of number crunching over every customer. Run on a thread of the app it
would share the app's interpreter lock with the window, which then waits for slices of array
work and for collections of the run's millions of objects. Apart, it takes the same time and
the window none of it; the child opens the same master, reports its progress back, stops when
cancelled, and ends with the app however the app ends (workbench/processes.py).
"""

from __future__ import annotations

from collections.abc import Callable

from workbench import processes
from workbench.matching.run import MatchReport, run_matching
from workbench.progress import NO_PROGRESS, Progress
from workbench.store.master import Master, open_master_at


def run_matching_apart(master: Master, *, full: bool = False, progress: Progress = NO_PROGRESS) -> MatchReport:
    return processes.call(_match, master.address(), full, progress=progress, notify=master.busy.notify)


def _match(address: tuple[str, str | None], full: bool, *, progress: Progress,
           notify: Callable[[str], None]) -> MatchReport:
    master = open_master_at(address)
    master.busy.notify = notify
    try:
        return run_matching(master, full=full, progress=progress)
    finally:
        master.close()
