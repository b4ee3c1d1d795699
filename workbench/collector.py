"""Python's cycle collector paused for a long, allocation-heavy run.

The collector walks every live container each time enough new ones have been made. Matching
and importing make millions (rows, value tuples, prepared records) and keep many of them, none
in reference cycles worth collecting early: the walks took 17% of a matching run at 10^5
customers and a third of standardizing an import's rows. Whatever cycles a run does leave are
collected as usual once the collector is back on.

Pausing is for the whole process. In the desktop app a run pauses it on a worker thread, and
when the collector came back on its first walks would go over everything made meanwhile, by the
run and by the window alike, in pauses of the window long enough to notice. So a run on a
worker thread sets what is alive at its end aside from later walks (`gc.freeze`) before turning
the collector back on: what it kept is long-lived, and none of it is worth walking.

The desktop app does the same with what it holds once its window is built (`set_aside_startup`):
Qt's and the libraries' objects, the window and its pages, about 170,000 containers whose walk
took 125 ms whenever the collector went over everything, in the middle of a scroll or a click.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if threading.current_thread() is not threading.main_thread():
                gc.freeze()
            gc.enable()


def set_aside_startup() -> None:
    """Collect once, then leave everything alive now out of the collector's later walks."""
    gc.collect()
    gc.freeze()
