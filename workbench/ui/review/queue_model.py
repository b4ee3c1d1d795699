"""The review queue as a table model: candidate groups, a page at a time, best score first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from workbench.matching.model import probability
from workbench.stewardship.queue import Group, ReviewFilter, ReviewQueue, field_label
from workbench.stewardship.reasons import percent, short_percent
from workbench.store.master import Master
from workbench.ui.paging import PagedRows

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


class QueueModel(QAbstractTableModel):
    def __init__(self, master: Master | None = None, parent=None) -> None:
        super().__init__(parent)
        self._master = master
        self._queue = ReviewQueue()
        self._rows: PagedRows[Group] = PagedRows(PAGE_SIZE, MAX_CACHED_PAGES)
        self._rows.reload(master, self._queue.count)

    # ---------------------------------------------------------------- state

    @property
    def review_filter(self) -> ReviewFilter:
        return self._queue.filter

    @property
    def skipped(self) -> frozenset[int]:
        return self._queue.skipped

    def set_master(self, master: Master | None) -> None:
        self._master = master
        self._queue = ReviewQueue(self._queue.filter)
        self.refresh()

    def set_filter(self, review_filter: ReviewFilter) -> None:
        self._queue = ReviewQueue(review_filter, self._queue.skipped)
        self.refresh()

    def skip(self, key: int) -> None:
        self._queue = ReviewQueue(self._queue.filter, self._queue.skipped | {key})
        self.refresh()

    def unskip(self, key: int) -> None:
        self._queue = ReviewQueue(self._queue.filter, self._queue.skipped - {key})
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows.reload(self._master, self._queue.count)
        self.endResetModel()

    @property
    def failed(self) -> bool:
        return self._rows.failed  # a broken query shows an empty queue, never an exception storm

    def _read(self, session, offset: int, limit: int) -> list[Group]:
        return self._queue.groups(session, self._queue.keys(session, offset, limit))

    def group(self, row: int) -> Group | None:
        return self._rows.row(self._master, row, self._read)

    def row_of(self, key: int) -> int | None:
        """The row of a group among the pages loaded so far."""
        for number, page in self._rows.pages.items():
            for offset, group in enumerate(page):
                if group.key == key:
                    return number * PAGE_SIZE + offset
        return None

    def find(self, key: int) -> int | None:
        """The row of a group, asking the database when its page is not loaded."""
        row = self.row_of(key)
        if row is not None or self._master is None:
            return row
        with self._master.session() as session:
            return self._queue.position(session, key)

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
