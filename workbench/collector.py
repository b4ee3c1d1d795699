"""Python's cycle collector paused for a long, allocation-heavy run.

The collector walks every live container each time enough new ones have been made. Matching
and importing make millions (rows, value tuples, prepared records) and keep many of them, none
in reference cycles worth collecting early: the walks took 17% of a matching run at 10^5
customers and a third of standardizing an import's rows. Whatever cycles a run does leave are
collected as usual once the collector is back on.
"""

from __future__ import annotations

import gc
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
            gc.enable()
