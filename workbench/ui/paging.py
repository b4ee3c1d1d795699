"""Rows of a long list read from the master a page at a time, the latest pages kept.

The customers list and the review queue both show lists that may hold a million rows: a table
model asks for one count, then for rows as the view scrolls to them. A query that fails (a
broken master, a dropped connection) is logged with its traceback and leaves the list empty,
marked `failed`, instead of raising from inside Qt's painting for every row.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from workbench.store.master import Master

log = logging.getLogger(__name__)
T = TypeVar("T")


class PagedRows(Generic[T]):
    def __init__(self, page_size: int, max_pages: int) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self.count = 0
        self.failed = False
        self.pages: OrderedDict[int, list[T]] = OrderedDict()  # page number → rows, least recently used first

    def reload(self, master: Master | None, count: Callable[[Session], int]) -> int:
        """Forget every page and count the rows afresh (0 without a master or when counting fails)."""
        self.pages.clear()
        self.failed = False
        self.count = 0
        if master is None:
            return 0
        try:
            with master.session() as session:
                self.count = count(session)
        except Exception:
            log.exception("counting the list failed")
            self.failed = True
        return self.count

    def row(self, master: Master | None, index: int, read: Callable[[Session, int, int], list[T]]) -> T | None:
        """Row `index`, reading its page with `read(session, offset, limit)` when not kept."""
        if not 0 <= index < self.count:
            return None
        number, offset = divmod(index, self.page_size)
        page = self.pages.get(number)
        if page is not None:
            self.pages.move_to_end(number)
        else:
            page = []
            if master is not None and not self.failed:
                try:
                    with master.session() as session:
                        page = read(session, number * self.page_size, self.page_size)
                except Exception:
                    log.exception("reading page %d of the list failed", number)
                    self.failed = True
            self.pages[number] = page
            while len(self.pages) > self.max_pages:
                self.pages.popitem(last=False)
        return page[offset] if offset < len(page) else None
