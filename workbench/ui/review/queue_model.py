"""The review queue as a table model: candidate groups, a page at a time, best score first.

Every read goes through the window's read queue. A refresh asks, in one read, for the length
of the list, the row of the group the steward should see next and the page holding it; the
page swaps the answer in and shows that row (`loaded`).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from workbench.matching.model import probability
from workbench.stewardship import queue as review_queue
from workbench.stewardship.queue import Group, ReviewFilter, ReviewQueue, field_label
from workbench.stewardship.reasons import percent, short_percent
from workbench.ui.db import Database
from workbench.ui.paging import PagedRows, Snapshot

log = logging.getLogger(__name__)
PAGE_SIZE = 50
MAX_CACHED_PAGES = 32
GroupKeyRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Best pair", "Customers")
COL_SCORE, COL_NAMES = range(2)
SKIPPED_COLOR = QColor("#9aa5b1")


def names_text(group: Group) -> str:
    names = [group.names.get(i) or "(no name)" for i in group.customer_ids]
    distinct = list(dict.fromkeys(names))
    text = distinct[0] if len(distinct) == 1 else " · ".join(distinct)
    return f"{text}  ×{len(names)}" if len(names) > 2 else text


def _read_page(queue: ReviewQueue):
    def read(session, offset: int, limit: int) -> list[Group]:
        return queue.groups(session, queue.keys(session, offset, limit))
    return read


class QueueModel(QAbstractTableModel):
    loaded = Signal(int)  # the list arrived: the row to show now (-1 for an empty list)

    def __init__(self, db: Database | None = None, parent=None) -> None:
        super().__init__(parent)
        self._db = db
        self._queue = ReviewQueue()
        self._rows: PagedRows[Group] = PagedRows(PAGE_SIZE, MAX_CACHED_PAGES, self._rows_arrived)
        self.left = 0  # open groups, whatever the filters show
        self._when_loaded: dict[int, list] = {}  # row → what to do once its page is here
        self.refresh()

    # ---------------------------------------------------------------- state

    @property
    def review_filter(self) -> ReviewFilter:
        return self._queue.filter

    @property
    def skipped(self) -> frozenset[int]:
        return self._queue.skipped

    @property
    def queue(self) -> ReviewQueue:
        return self._queue

    @property
    def loading(self) -> bool:
        return self._rows.loading

    def set_db(self, db: Database | None) -> None:
        self._db = db
        self._queue = ReviewQueue(self._queue.filter)
        self.refresh()

    def set_filter(self, review_filter: ReviewFilter, key: int | None = None) -> None:
        self._queue = ReviewQueue(review_filter, self._queue.skipped)
        self.refresh(key)

    def skip(self, key: int, row: int) -> None:
        """Skipped groups go last; the group after it takes its row."""
        self._queue = ReviewQueue(self._queue.filter, self._queue.skipped | {key})
        self.refresh(row=row)

    def unskip(self, key: int, row: int) -> None:
        self._queue = ReviewQueue(self._queue.filter, self._queue.skipped - {key})
        self.refresh(key, row)

    def refresh(self, key: int | None = None, row: int = 0) -> None:
        """Read the list again; then `loaded` the row of group `key` (when it is in this list) or `row`."""
        queue = self._queue
        read = _read_page(queue)
        if self._db is None:
            self.beginResetModel()
            self._rows.clear()
            self.endResetModel()
            self.loaded.emit(-1)
            return

        def query(session) -> Snapshot[Group]:
            try:
                total = queue.count(session)
                found = queue.position(session, key) if key is not None else None
                target = min(max(found if found is not None else row, 0), total - 1) if total else -1
                wanted = {target // PAGE_SIZE, (target + 1) // PAGE_SIZE} if total else set()
                pages = {p: read(session, p * PAGE_SIZE, PAGE_SIZE) for p in wanted if p * PAGE_SIZE < total}
                left = total if queue.filter == ReviewFilter() else review_queue.left_to_review(session)
                return Snapshot(total, pages, extra=(target, left))
            except Exception:
                log.exception("reading the review queue failed")
                return Snapshot(failed=True, extra=(-1, 0))

        def adopt(snapshot: Snapshot[Group]) -> None:
            target, self.left = snapshot.extra
            self._when_loaded.clear()
            self.beginResetModel()
            self._rows.adopt(snapshot, read)
            self.endResetModel()
            self.loaded.emit(target)

        self._rows.reload(self._db, query, adopt, key=("review queue", id(self)))

    def _rows_arrived(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        for row in [r for r in self._when_loaded if first <= r <= last]:
            for then in self._when_loaded.pop(row):
                then()

    def when_loaded(self, row: int, then) -> None:
        """Call `then()` once the page holding `row` has arrived (at once when it is here)."""
        if self._rows.row(row) is not None:
            then()
        else:
            self._when_loaded.setdefault(row, []).append(then)

    @property
    def failed(self) -> bool:
        return self._rows.failed  # a broken query shows an empty queue, never an exception storm

    def group(self, row: int) -> Group | None:
        """The group at `row` if its page is here (it is asked for otherwise)."""
        return self._rows.row(row)

    def row_of(self, key: int) -> int | None:
        """The row of a group among the pages loaded so far."""
        for number, page in self._rows.pages.items():
            for offset, group in enumerate(page):
                if group.key == key:
                    return number * PAGE_SIZE + offset
        return None

    # ---------------------------------------------------------------- Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows.count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group = self.group(index.row())
        if group is None:
            return None
        column = index.column()
        if role == GroupKeyRole:
            return group.key
        if role == Qt.ItemDataRole.ForegroundRole:
            return SKIPPED_COLOR if group.key in self._queue.skipped else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_SCORE:
                return short_percent(float(probability(group.score)))
            return names_text(group)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{'Cluster' if len(group.customer_ids) > 2 else 'Pair'} of {len(group.customer_ids)}, "
                     f"{percent(float(probability(group.score)))} sure for its best-matched pair"]
            lines += [f"C-{i:06d}  {group.names.get(i) or '(no name)'}" for i in group.customer_ids]
            if group.sources:
                lines.append("Sources: " + ", ".join(group.sources))
            if group.differs:
                lines.append("Differs in: " + ", ".join(field_label(f) for f in group.differs))
            if group.key in self._queue.skipped:
                lines.append("Skipped in this session")
            return "\n".join(lines)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == COL_SCORE:
            return "How sure matching is that the best-matched pair of the group is one customer"
        return None
