"""A customer's history beside its details: merges, verdicts and edits, with unmerge for past merges.

The history and whether a merge can still be undone are read through the window's queue.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME
from workbench.stewardship.history import HistoryItem, customer_history, unmerge_problem
from workbench.ui.db import Database

PAGE = 100
COLUMNS = ("When", "What")
UNDONE_COLOR = QColor("#9aa5b1")


class HistoryModel(QAbstractTableModel):
    """The newest history items first; more are fetched when the view scrolls to the end."""

    loaded = Signal()  # a customer's history arrived

    def __init__(self, db: Database | None = None, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.customer_id: int | None = None
        self.items: list[HistoryItem] = []
        self._limit = PAGE
        self._fetching = False

    def set_customer(self, customer_id: int | None) -> None:
        """Show a customer's history (or none) once it has been read."""
        self.customer_id, self._limit = customer_id, PAGE
        self._load(lambda items: self._reset(customer_id, items))

    def _reset(self, customer_id: int | None, items: list[HistoryItem]) -> None:
        if customer_id != self.customer_id:
            return
        self.beginResetModel()
        self.items = items
        self.endResetModel()
        self.loaded.emit()

    def _load(self, then) -> None:
        customer_id, limit = self.customer_id, self._limit
        if self.db is None or customer_id is None:
            then([])
            return
        self.db.read(lambda session: customer_history(session, customer_id, limit), then,
                     key=("history", id(self)), owner=self, label="Reading the history")

    def item(self, row: int) -> HistoryItem | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and len(self.items) >= self._limit

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if parent.isValid() or self._fetching:
            return
        self._fetching = True
        self._limit += PAGE
        customer_id = self.customer_id

        def arrived(items: list[HistoryItem]) -> None:
            self._fetching = False
            if customer_id == self.customer_id and len(items) > len(self.items):
                self.beginInsertRows(QModelIndex(), len(self.items), len(items) - 1)
                self.items = items
                self.endInsertRows()

        self._load(arrived)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.at.strftime("%Y-%m-%d %H:%M"), item.title)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.title}\n{item.at:%Y-%m-%d %H:%M} by {item.actor or 'unknown'}"
        if role == Qt.ItemDataRole.ForegroundRole and item.undone:
            return UNDONE_COLOR
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None


def item_html(item: HistoryItem) -> str:
    out = [f"<p><b>{escape(item.title)}</b><br><span style='color:#616e7c'>{item.at:%Y-%m-%d %H:%M} · "
           f"{escape(item.actor or 'unknown')}</span></p>"]
    if item.note:
        out.append(f"<p>{escape(item.note)}</p>")
    if item.changes:
        out.append("<table cellspacing='0' cellpadding='3'><tr><th align='left'>Field</th>"
                   "<th align='left'>Before</th><th align='left'>After</th></tr>")
        for name, old, new in item.changes:
            out.append(f"<tr><td>{escape(str(name).replace('_', ' ').capitalize())}</td>"
                       f"<td>{escape(_show(old))}</td><td>{escape(_show(new))}</td></tr>")
        out.append("</table>")
    return "".join(out)


def _show(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


class HistoryPanel(QWidget):
    unmerge_requested = Signal(int)  # merge event id

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.db = db
        self.model = HistoryModel(db, self)
        self.model.loaded.connect(self._loaded)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.details = QTextBrowser()
        self.details.setObjectName("historyDetails")
        self.unmerge_button = QPushButton("Unmerge…")
        self.unmerge_button.setObjectName("unmergeButton")
        self.unmerge_button.setToolTip("Make the customers of this merge separate again, exactly as they were")
        self.unmerge_button.clicked.connect(self._unmerge)
        self.reason = QLabel()
        self.reason.setObjectName("unmergeReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #616e7c")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, 1)
        buttons.addWidget(self.unmerge_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._keep_row = 0
        self.show_customer(None)

    def show_customer(self, customer_id: int | None) -> None:
        self._keep_row = 0
        self.model.set_customer(customer_id)

    def refresh(self) -> None:
        self._keep_row = max(self.table.currentIndex().row(), 0)
        self.model.set_customer(self.model.customer_id)

    def _loaded(self) -> None:
        if self.model.rowCount():
            self.table.selectRow(min(self._keep_row, self.model.rowCount() - 1))
        self._selection_changed()

    def selected(self) -> HistoryItem | None:
        return self.model.item(self.table.currentIndex().row())

    def _selection_changed(self) -> None:
        item = self.selected()
        if item is None:
            empty = "Select a customer to see its history." if self.model.customer_id is None else "No history yet."
            self.details.setHtml(f"<p style='color:#9aa5b1'>{empty}</p>")
        else:
            self.details.setHtml(item_html(item))
        mergeable = item is not None and item.unmergeable and not item.undone and item.merge_event_id is not None
        self.unmerge_button.setVisible(mergeable)
        if not mergeable:
            self.db.drop(("unmerge problem", id(self)))
            self.reason.setText("")
            return
        event_id = item.merge_event_id
        self.db.read(lambda session: unmerge_problem(session, event_id),
                     lambda problem: self._show_problem(event_id, problem), key=("unmerge problem", id(self)),
                     owner=self, label="Checking the merge")

    def _show_problem(self, event_id: int, problem: str | None) -> None:
        item = self.selected()
        if item is None or item.merge_event_id != event_id:
            return
        self.unmerge_button.setEnabled(problem is None)
        self.reason.setText(problem.capitalize() if problem else "")

    def _unmerge(self) -> None:
        item = self.selected()
        if item is None or item.merge_event_id is None:
            return
        answer = QMessageBox.question(
            self, APP_NAME, f"{item.title}.\n\nUndo this merge? The customers become separate again, exactly as "
                            "they were before it; later changes to this customer are kept.")
        if answer == QMessageBox.StandardButton.Yes:
            self.unmerge_requested.emit(item.merge_event_id)
