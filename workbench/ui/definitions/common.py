"""Pieces the definitions screens share: a small table model, inline problems, running operations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workbench import APP_NAME
from workbench.definitions.ops import RECOMPUTE
from workbench.definitions.statuses import recompute_statuses
from workbench.errors import WorkbenchError
from workbench.operations import CUSTOMERS, DEFINITIONS, Operation, Outcome
from workbench.progress import Progress
from workbench.ui.undo import OperationCommand

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

RowRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
PROBLEM_STYLE = "color: #b42318;"
MUTED = QColor("#7b8794")


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], Any]
    align_right: bool = False
    tooltip: Callable[[Any], str | None] | None = None
    foreground: Callable[[Any], QColor | None] | None = None
    decoration: Callable[[Any], QColor | None] | None = None


class ListModel(QAbstractTableModel):
    """A table over a short list of rows the core returned (a few hundred at most)."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Any | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == RowRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            value = column.text(row)
            if role == SortRole:
                return value
            if isinstance(value, int) and not isinstance(value, bool):
                return f"{value:,}"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            return column.foreground(row)
        if role == Qt.ItemDataRole.DecorationRole and column.decoration:
            return column.decoration(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None


def make_table(model: QAbstractTableModel, *, stretch: int | None = 0, multi: bool = False) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def selected_rows(table: QTableView) -> list[Any]:
    model = table.model()
    rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
    return [model.data(model.index(r, 0), RowRole) for r in rows]


def problem_label() -> QLabel:
    label = QLabel()
    label.setObjectName("problem")
    label.setStyleSheet(PROBLEM_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_problem(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def hint_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setStyleSheet("color: #616e7c;")
    label.setWordWrap(True)
    return label


def apply_operation(window: MainWindow, operation: Operation | None,
                    on_done: Callable[[Outcome], None] | None = None) -> bool:
    """Run an operation through the undo stack; refresh what changed. False when it could not apply."""
    if operation is None:
        return False

    def outcome_arrived(outcome: Outcome) -> None:
        after_outcome(window, outcome)
        if on_done is not None:
            on_done(outcome)

    command = OperationCommand(window.master, operation, outcome_arrived,
                               on_error=lambda exc: QMessageBox.warning(window, APP_NAME, str(exc)))
    window.undo_stack.push(command)
    return command.error is None


def run_operation_guarded(parent: QWidget, window: MainWindow, build: Callable[[Session], Operation | None],
                          on_done: Callable[[Outcome], None] | None = None) -> bool:
    """Build an operation from the master as it is now (the core may refuse, with a reason) and apply it."""
    try:
        with window.master.session() as session:
            operation = build(session)
    except WorkbenchError as exc:
        QMessageBox.warning(parent, APP_NAME, str(exc))
        return False
    return apply_operation(window, operation, on_done)


def after_outcome(window: MainWindow, outcome: Outcome) -> None:
    window.data_changed.emit(set(outcome.changed))
    if outcome.details.get(RECOMPUTE):
        start_recompute(window)


def start_recompute(window: MainWindow, *, title: str = "Updating statuses…") -> None:
    """Recompute every customer's status in the background, then refresh the views."""
    master = window.master

    def work(progress: Progress) -> int:
        with master.transaction() as session:
            return recompute_statuses(session, progress=progress)

    def done(changed: object) -> None:
        window.statusBar().showMessage(f"Statuses updated: {changed:,} customers changed status", 6000)
        window.data_changed.emit({CUSTOMERS, DEFINITIONS})

    window.run_task(work, title=title, on_done=done)


def load_in_background(window: MainWindow, load: Callable[[Session], Any], on_done: Callable[[Any], None],
                       title: str = "Counting…") -> None:
    """Read something slow (counts over every customer) off the GUI thread, then show it."""
    master = window.master

    def work(_progress: Progress) -> Any:
        with master.session() as session:
            return load(session)

    window.run_task(work, title=title, on_done=on_done)


def stack(*widgets: QWidget, spacing: int = 2) -> QWidget:
    """Widgets one under the other (a field and its problem line), as one form cell."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def row_of(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return box
