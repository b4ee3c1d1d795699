"""Where an import's CPU time goes, stage by stage, in every process that took part.

Each stage adds the CPU seconds it used (`time.process_time`, so waiting is not counted):
workers send theirs back with each chunk. `ImportResult.stage_cpu` holds the totals; the
import benchmark prints them per row.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

INSPECT = "inspect"  # the file's layout and mapping worked out (a workbook is read whole then)
READ = "read"  # the file read into rows (importing process)
STANDARDIZE = "standardize"  # rows → standardized records (workers, or the importing process without them)
PREPARE = "prepare"  # records → the rows the master stores (ditto)
WRITE = "write"  # rows written, records compared with those already there (importing process)
STATUSES = "statuses"  # lifecycle statuses of the customers written
FINISH = "finish"  # indexes rebuilt, search index filled, commit
OTHER = "other"  # the rest of the importing process: handing chunks to workers and taking them back
ORDER = (READ, STANDARDIZE, PREPARE, WRITE, STATUSES, FINISH, OTHER)

now = time.process_time


class StageClock:
    def __init__(self) -> None:
        self.cpu: dict[str, float] = dict.fromkeys(ORDER, 0.0)

    def add(self, stage: str, seconds: float) -> None:
        self.cpu[stage] = self.cpu.get(stage, 0.0) + seconds

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = now()
        try:
            yield
        finally:
            self.add(name, now() - started)


NO_CLOCK = StageClock()  # for callers that do not ask
