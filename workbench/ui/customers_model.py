"""The customers list: a table model that pages from the database.

The model knows the row count of the current query and fetches rows a page at a time, only
when the view asks for them, keeping a bounded cache. Sorting and search are done by SQL; every
read goes through the window's read queue (ui/paging.py), and a new query's first rows replace
the old ones only once they are there.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from workbench.standardize.countries import country_name
from workbench.standardize.phones import pretty
from workbench.store.models import format_master_number
from workbench.store.queries import CustomerListQuery, CustomerRow
from workbench.ui.db import Database
from workbench.ui.paging import PagedRows, Snapshot, take_snapshot

PAGE_SIZE = 200
MAX_CACHED_PAGES = 64
CustomerIdRole = Qt.ItemDataRole.UserRole + 1

# (heading, sort key in SQL or None when not sortable, how to show a row's value)
COLUMNS: list[tuple[str, str | None]] = [
    ("Master no.", "master_number"),
    ("Name", "name"),
    ("Company", "company"),
    ("E-mail", "email"),
    ("Phone", "phone"),
    ("City", "city"),
    ("Country", "country"),
    ("Status", "status"),
    ("Updated", "updated"),
    ("Duplicates", None),
]
COL_NUMBER, COL_NAME, COL_COMPANY, COL_EMAIL, COL_PHONE, COL_CITY, COL_COUNTRY, COL_STATUS, COL_UPDATED, \
    COL_REVIEW = range(10)
REVIEW_MARK = "To review"
REVIEW_COLOR = QColor("#b44d12")


def _cell(row: CustomerRow, column: int) -> str:
    if column == COL_NUMBER:
        return format_master_number(row.id)
    if column == COL_NAME:
        return row.display_name or "(no name)"
    if column == COL_COMPANY:
        return row.company or ""
    if column == COL_EMAIL:
        return row.email or ""
    if column == COL_PHONE:
        return pretty(row.phone, row.phone or "")
    if column == COL_CITY:
        return row.city or ""
    if column == COL_COUNTRY:
        return (country_name(row.country) or row.country or "") if row.country else ""
    if column == COL_STATUS:
        status = row.status or ""  # a status is named by the business: keep its spelling, capitalize only
        return status[:1].upper() + status[1:]
    if column == COL_UPDATED:
        return row.updated_at.strftime("%Y-%m-%d") if row.updated_at else ""
    if column == COL_REVIEW:
        return REVIEW_MARK if row.in_review else ""
    return ""


cell_text = _cell  # for sizing columns to what they show


class CustomersModel(QAbstractTableModel):
    loaded = Signal()  # the count and first rows of the current query have arrived

    def __init__(self, db: Database | None = None, parent=None) -> None:
        super().__init__(parent)
        self._db = db
        self._query = CustomerListQuery()
        self._rows: PagedRows[CustomerRow] = PagedRows(PAGE_SIZE, MAX_CACHED_PAGES, self._rows_arrived)
        self._reload([0])

    # ---------------------------------------------------------------- state

    @property
    def query(self) -> CustomerListQuery:
        """The query asked for last (its rows may still be on their way: `loading`)."""
        return self._query

    @property
    def loading(self) -> bool:
        return self._rows.loading

    def reset(self, db: Database | None, query: CustomerListQuery) -> None:
        """Show `query`: one count and the first page, swapped in when they arrive."""
        self._db = db
        self._query = query
        self._reload([0])

    def set_db(self, db: Database | None) -> None:
        self.reset(db, self._query)

    def set_query(self, query: CustomerListQuery) -> None:
        self.reset(self._db, query)

    def set_search(self, text: str) -> None:
        if text != self._query.text:
            self.set_query(replace(self._query, text=text))

    def refresh(self) -> None:
        """Data changed underneath (import, merge): recount, and read again the pages looked at last."""
        self._reload(self._rows.recent_pages())

    def _reload(self, pages: list[int]) -> None:
        query = self._query
        if self._db is None:
            self.beginResetModel()
            self._rows.clear()
            self.endResetModel()
            self.loaded.emit()
            return

        def adopt(snapshot: Snapshot[CustomerRow]) -> None:
            self.beginResetModel()
            self._rows.adopt(snapshot, query.rows)
            self.endResetModel()
            self.loaded.emit()

        self._rows.reload(self._db, lambda session: take_snapshot(session, query.count, query.rows, PAGE_SIZE, pages),
                          adopt, key=("customers", id(self)))

    def _rows_arrived(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    @property
    def failed(self) -> bool:
        return self._rows.failed  # a broken query shows an empty list, never an exception storm

    def row_at(self, row: int) -> CustomerRow | None:
        return self._rows.row(row)

    def customer_id(self, row: int) -> int | None:
        item = self.row_at(row)
        return item.id if item else None

    # ---------------------------------------------------------------- Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows.count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, CustomerIdRole,
                        Qt.ItemDataRole.ForegroundRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == CustomerIdRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            return REVIEW_COLOR if index.column() == COL_REVIEW else None
        text = _cell(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == COL_REVIEW and text:
                return "In a group of possible duplicates waiting on the Duplicates page"
            return text if len(text) > 30 else None
        return text

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            return
        self.set_query(replace(self._query, sort=COLUMNS[column][1],
                               descending=order == Qt.SortOrder.DescendingOrder))
