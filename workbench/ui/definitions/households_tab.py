"""Household suggestions: find them, then accept or dismiss each pair (undoably)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from workbench.definitions import households, relationships
from workbench.operations import RELATIONSHIPS
from workbench.progress import Progress
from workbench.ui.db import Database
from workbench.ui.definitions.common import (
    RowRole,
    hint_label,
    make_table,
    run_operation_guarded,
    selected_rows,
)
from workbench.ui.paging import PagedRows, Snapshot, take_snapshot

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

PAGE = 200
MAX_PAGES = 32
HEADINGS = ("Customer", "Lives with", "Address", "Why")


def _cell(row: households.SuggestionRow, column: int) -> str:
    if column == 0:
        return f"{row.a_name}  ·  {row.a_number}"
    if column == 1:
        return f"{row.b_name}  ·  {row.b_number}"
    if column == 2:
        return row.address
    return row.reason


class SuggestionsModel(QAbstractTableModel):
    """The open suggestions, paged from the database as the view scrolls."""

    loaded = Signal()

    def __init__(self, db: Database | None, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self._rows: PagedRows[households.SuggestionRow] = PagedRows(PAGE, MAX_PAGES, self._rows_arrived)
        self.refresh()

    def set_db(self, db: Database) -> None:
        self.db = db
        self.refresh()

    def refresh(self) -> None:
        if self.db is None:
            return

        def adopt(snapshot: Snapshot[households.SuggestionRow]) -> None:
            self.beginResetModel()
            self._rows.adopt(snapshot, households.suggestions)
            self.endResetModel()
            self.loaded.emit()

        pages = self._rows.recent_pages()
        self._rows.reload(self.db, lambda session: take_snapshot(session, households.suggestion_count,
                                                                 households.suggestions, PAGE, pages),
                          adopt, key=("households", id(self)))

    def _rows_arrived(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADINGS) - 1))

    def row_at(self, row: int) -> households.SuggestionRow | None:
        return self._rows.row(row)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows.count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADINGS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, RowRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == RowRole:
            return row
        return _cell(row, index.column())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADINGS):
            return HEADINGS[section]
        return None


class HouseholdsTab(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self._found_note = ""
        self.model = SuggestionsModel(None, self)
        self.model.loaded.connect(self._loaded)
        self.table = make_table(self.model, stretch=2, multi=True)
        self.table.setObjectName("householdsTable")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(self._open)
        self.find_button = QPushButton("Find household suggestions")
        self.find_button.setObjectName("primaryButton")
        self.find_button.clicked.connect(self.find)
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Record them as household members")
        self.accept_button.clicked.connect(lambda: self.decide(relationships.ACTIVE))
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Not a household; this pair will not be suggested again")
        self.dismiss_button.clicked.connect(lambda: self.decide(relationships.DISMISSED))
        self.summary = hint_label()
        self.summary.setObjectName("householdSummary")
        row = QHBoxLayout()
        row.addWidget(self.find_button)
        row.addStretch(1)
        row.addWidget(self.accept_button)
        row.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label("People at the same address who share a surname or a landline may be one "
                                    "household. Records that look like the same person are left to duplicate "
                                    "review. Double-click a row to open the first customer."))
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)

    def refresh(self) -> None:
        self.model.set_db(self.window_.db)

    def _loaded(self) -> None:
        count = self.model.rowCount()
        found, self._found_note = self._found_note, ""  # what a search just found says more than the count
        self.summary.setText(found or (f"{count:,} suggestions waiting" if count else "No suggestions waiting."))
        self._enable()

    def _enable(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.accept_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)

    def find(self) -> None:
        def work(session, progress: Progress) -> households.SuggestionCounts:
            return households.suggest_households(session, progress=progress)

        def done(counts: households.SuggestionCounts) -> None:
            self._found_note = (
                f"{counts.suggested:,} new suggestions ({counts.already_known:,} pairs were already related or "
                f"dismissed; {counts.same_person:,} pairs look like one person and are left to duplicate review).")
            self.summary.setText(self._found_note)
            self.window_.data_changed.emit({RELATIONSHIPS})

        self.find_button.setEnabled(False)
        task = self.window_.db.task(work, title="Looking for households…", on_done=done, writes=True)
        for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
            signal.connect(lambda *_: self.find_button.setEnabled(True))

    def decide(self, state: str) -> None:
        ids = [row.id for row in selected_rows(self.table) if row is not None]
        if ids:
            run_operation_guarded(self, self.window_, lambda s: relationships.set_state(s, ids, state))

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            from workbench.ui.customer_editor.dialog import open_customer_editor

            open_customer_editor(self.window_, row.a_id if index.column() != 1 else row.b_id, parent=self)
