"""Rows of a long list read from the master a page at a time, through the window's read queue.

The customers list, the review queue and the household suggestions may hold a million rows. A
table model asks for a snapshot (the count and the pages around where the user is) in one read,
and swaps it in when it arrives, so the old rows stay on screen until the new ones are there
instead of the list blinking empty. Rows the view scrolls to later are read a page at a time
in the background; until their page arrives the view shows them blank, and the page after (and
before) the one being looked at is read ahead, so scrolling on finds its rows waiting.

A query that fails (a broken master, a dropped connection) is logged with its traceback and
leaves the list empty, marked `failed`, instead of raising from inside Qt's painting.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from workbench.ui.db import Database

log = logging.getLogger(__name__)
T = TypeVar("T")
READ_AHEAD_PAGES = 1

Count = Callable[[Any], int]  # session → number of rows
Read = Callable[[Any, int, int], list[T]]  # session, offset, limit → rows


@dataclass
class Snapshot(Generic[T]):
    """A list as one read found it: its length, some of its pages, and whatever else the model asked."""

    count: int = 0
    pages: dict[int, list[T]] = field(default_factory=dict)
    failed: bool = False
    extra: Any = None


def take_snapshot(session: Any, count: Count, read: Read[T], page_size: int, pages: Iterable[int],
                  extra: Callable[[Any, int], Any] | None = None) -> Snapshot[T]:
    """Runs on a reader thread: count, read the wanted pages that exist, and `extra(session, count)`."""
    try:
        total = count(session)
        wanted = sorted({p for p in pages if 0 <= p * page_size < total})
        snapshot: Snapshot[T] = Snapshot(total, {p: read(session, p * page_size, page_size) for p in wanted})
        if extra is not None:
            snapshot.extra = extra(session, total)
        return snapshot
    except Exception:
        log.exception("counting the list failed")
        return Snapshot(failed=True)


class PagedRows(Generic[T]):
    def __init__(self, page_size: int, max_pages: int, on_rows: Callable[[int, int], None] | None = None) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self.on_rows = on_rows  # rows first..last arrived: the model tells its views
        self.count = 0
        self.failed = False
        self.pages: OrderedDict[int, list[T]] = OrderedDict()  # page number → rows, least recently used first
        self._db: Database | None = None
        self._read: Read[T] | None = None
        self._epoch = 0  # pages asked for under an older snapshot are dropped when they arrive
        self._reloads = 0
        self._reading: set[int] = set()

    # ---------------------------------------------------------------- whole lists

    def recent_pages(self, most: int = 3) -> list[int]:
        """The pages looked at last: a refresh reads them again so the view keeps its place."""
        return list(self.pages)[-most:] or [0]

    def reload(self, db: Database, query: Callable[[Any], Snapshot[T]], on_loaded: Callable[[Snapshot[T]], None],
               *, key: Hashable) -> None:
        """Read a snapshot with `query(session)`; `on_loaded(snapshot)` runs on the GUI thread with the
        answer to the latest reload only, and should `adopt` it between the model's reset calls."""
        self._db = db
        self._reloads += 1
        number = self._reloads
        db.read(query, lambda snapshot: on_loaded(snapshot) if number == self._reloads else None,
                key=key, label="Loading the list")

    @property
    def loading(self) -> bool:
        return self._reloads != self._epoch

    def adopt(self, snapshot: Snapshot[T], read: Read[T]) -> None:
        self._epoch = self._reloads
        self._read = read
        self._reading.clear()
        self.count = snapshot.count
        self.failed = snapshot.failed
        self.pages = OrderedDict(sorted(snapshot.pages.items()))

    def clear(self) -> None:
        self._reloads += 1
        self.adopt(Snapshot(), lambda _s, _o, _l: [])

    # ---------------------------------------------------------------- rows

    def row(self, index: int) -> T | None:
        """Row `index` if its page is here; otherwise None, and the page is asked for."""
        if not 0 <= index < self.count:
            return None
        number, offset = divmod(index, self.page_size)
        page = self.pages.get(number)
        if page is None:
            self.fetch(number)
            return None
        self.pages.move_to_end(number)
        for near in range(number - READ_AHEAD_PAGES, number + READ_AHEAD_PAGES + 1):
            if near != number:
                self.fetch(near, waits=False)
        return page[offset] if offset < len(page) else None

    def fetch(self, number: int, *, waits: bool = True) -> None:
        """Ask for page `number` unless it is here, on its way, or beyond the end."""
        if (self.failed or self._db is None or self._read is None or number < 0 or number in self.pages
                or number in self._reading or number * self.page_size >= self.count):
            return
        self._reading.add(number)
        epoch, read, offset, size = self._epoch, self._read, number * self.page_size, self.page_size
        self._db.read(lambda session: read(session, offset, size),
                      lambda rows: self._arrived(epoch, number, rows),
                      on_error=lambda exc: self._failed(epoch, number, exc), waits=waits, label="Loading rows")

    def _arrived(self, epoch: int, number: int, rows: list[T]) -> None:
        if epoch != self._epoch:
            return
        self._reading.discard(number)
        self.pages[number] = rows
        while len(self.pages) > self.max_pages:
            self.pages.popitem(last=False)
        if self.on_rows is not None and rows:
            first = number * self.page_size
            self.on_rows(first, min(first + len(rows), self.count) - 1)

    def _failed(self, epoch: int, number: int, exc: BaseException) -> None:
        if epoch != self._epoch:
            return
        log.error("reading page %d of the list failed", number, exc_info=(type(exc), exc, exc.__traceback__))
        self._reading.discard(number)
        self.failed = True
