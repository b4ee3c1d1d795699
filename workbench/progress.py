"""The contract every long operation follows: report progress, honour cancel.

A long operation is a plain function that takes a `Progress`. It calls
`progress(done, total, message)` from time to time; that call raises `Cancelled` once the
user has asked to stop, so the operation unwinds (and its transaction rolls back) at a point
where stopping is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.errors import Cancelled

ReportFn = Callable[[int, int, str], None]


def _no_report(done: int, total: int, message: str) -> None:
    return None


def _never() -> bool:
    return False


@dataclass
class Progress:
    report: ReportFn = field(default=_no_report)
    is_cancelled: Callable[[], bool] = field(default=_never)

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.check()
        self.report(done, total, message)

    def check(self) -> None:
        if self.is_cancelled():
            raise Cancelled()


NO_PROGRESS = Progress()
