"""Household suggestions: find them, then accept or dismiss each pair (undoably)."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from workbench.definitions import households, relationships
from workbench.operations import RELATIONSHIPS
from workbench.progress import Progress
from workbench.store.master import Master
from workbench.ui.definitions.common import (
    RowRole,
    hint_label,
    make_table,
    run_operation_guarded,
    selected_rows,
)

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

    def __init__(self, master: Master | None, parent=None) -> None:
        super().__init__(parent)
        self.master = master
        self._count = 0
        self._pages: OrderedDict[int, list[households.SuggestionRow]] = OrderedDict()
        self.refresh()

    def set_master(self, master: Master) -> None:
        self.master = master
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = 0
        if self.master is not None:
            with self.master.session() as session:
                self._count = households.suggestion_count(session)
        self.endResetModel()

    def row_at(self, row: int) -> households.SuggestionRow | None:
        if not 0 <= row < self._count or self.master is None:
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            with self.master.session() as session:
                page = households.suggestions(session, number * PAGE, PAGE)
            self._pages[number] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        offset = row % PAGE
        return page[offset] if offset < len(page) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

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
        self.model = SuggestionsModel(window.master, self)
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
        self.model.set_master(self.window_.master)
        count = self.model.rowCount()
        self.summary.setText(f"{count:,} suggestions waiting" if count else "No suggestions waiting.")
        self._enable()

    def _enable(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.accept_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)

    def find(self) -> None:
        master = self.window_.master

        def work(progress: Progress) -> households.SuggestionCounts:
            with master.transaction() as session:
                return households.suggest_households(session, progress=progress)

        def done(counts: object) -> None:
            assert isinstance(counts, households.SuggestionCounts)
            self.window_.data_changed.emit({RELATIONSHIPS})
            self.summary.setText(
                f"{counts.suggested:,} new suggestions ({counts.already_known:,} pairs were already related or "
                f"dismissed; {counts.same_person:,} pairs look like one person and are left to duplicate review).")

        self.find_button.setEnabled(False)
        task = self.window_.run_task(work, title="Looking for households…", on_done=done)
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
