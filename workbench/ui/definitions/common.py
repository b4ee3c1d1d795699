"""Pieces the definitions screens share: a small table model, inline problems, checks as you type,
and running operations through the window's queue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME
from workbench.definitions.ops import RECOMPUTE
from workbench.definitions.statuses import recompute_statuses
from workbench.errors import WorkbenchError
from workbench.operations import CUSTOMERS, DEFINITIONS, Operation, Outcome
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
                    on_done: Callable[[Outcome], None] | None = None,
                    on_failed: Callable[[BaseException], None] | None = None,
                    on_applied: Callable[[Outcome], None] | None = None) -> None:
    """Apply an operation through the window's queue, then put it on the undo stack and refresh what
    changed. One the master refuses (changed elsewhere meanwhile) is shown and never reaches the stack.

    `on_done` follows every outcome (undo and redo too), `on_applied` only the first; `on_failed` a
    refusal of the first."""
    if operation is None:
        return

    def outcome_arrived(outcome: Outcome) -> None:
        after_outcome(window, outcome)
        if on_done is not None:
            on_done(outcome)

    def warn(exc: BaseException) -> None:
        if isinstance(exc, WorkbenchError):
            QMessageBox.warning(window, APP_NAME, str(exc))
        else:
            window.db.report_error(exc)

    def applied(outcome: Outcome) -> None:
        window.undo_stack.push(OperationCommand(window.db, operation, outcome_arrived, on_error=warn,
                                                applied=outcome))
        outcome_arrived(outcome)
        if on_applied is not None:
            on_applied(outcome)

    def refused(exc: BaseException) -> None:
        warn(exc)
        if on_failed is not None:
            on_failed(exc)

    window.db.apply(operation, applied, on_error=refused)


def run_operation_guarded(parent: QWidget, window: MainWindow, build: Callable[[Any], Operation | None],
                          on_done: Callable[[Outcome], None] | None = None,
                          on_failed: Callable[[BaseException], None] | None = None,
                          on_applied: Callable[[Outcome], None] | None = None) -> None:
    """Build an operation from the master as it is now (the core may refuse, with a reason) and apply it."""
    def refused(exc: BaseException) -> None:
        if not isinstance(exc, WorkbenchError):
            window.db.report_error(exc)
        else:
            QMessageBox.warning(parent, APP_NAME, str(exc))
        if on_failed is not None:
            on_failed(exc)

    window.db.read(build, lambda operation: apply_operation(window, operation, on_done, on_failed, on_applied),
                   on_error=refused, label="Checking the change")


def after_outcome(window: MainWindow, outcome: Outcome) -> None:
    window.data_changed.emit(set(outcome.changed))
    if outcome.details.get(RECOMPUTE):
        start_recompute(window)


def start_recompute(window: MainWindow, *, title: str = "Updating statuses…") -> None:
    """Recompute every customer's status in the background, then refresh the views."""
    def done(changed: object) -> None:
        window.statusBar().showMessage(f"Statuses updated: {changed:,} customers changed status", 6000)
        window.data_changed.emit({CUSTOMERS, DEFINITIONS})

    window.db.task(lambda session, progress: recompute_statuses(session, progress=progress), title=title,
                   on_done=done, writes=True)


def load_in_background(window: MainWindow, load: Callable[[Any], Any], on_done: Callable[[Any], None],
                       title: str = "Counting…", key: Any = None) -> None:
    """Read something slow (counts over every customer) off the GUI thread, then show it."""
    window.db.read(load, on_done, key=key, label=title.rstrip("…"))


class LiveCheck(QObject):
    """Checks a dialog's fields against the master as the user types.

    Each check is a read on the window's queue and only the answer to the latest edit shows, so
    typing never waits. `show(found)` puts the problems under the fields and returns them with any
    the dialog finds without the master. Save pressed while a check is on its way waits for it, and the dialog
    closes only if the check found nothing; Save is never greyed out just because a check runs.
    """

    def __init__(self, dialog: QDialog, window: MainWindow, check: Callable[[], Callable[[Any], dict[str, str]]],
                 show: Callable[[dict[str, str]], dict[str, str]], save: QPushButton) -> None:
        super().__init__(dialog)
        self.dialog, self.window, self.check, self.show, self.save = dialog, window, check, show, save
        self.found: dict[str, str] = {}
        self.pending = False
        self._accept_when_checked = False

    def run(self) -> None:
        self.pending = True
        self.window.db.read(self.check(), self._arrived, key=self, label="Checking", waits=False)

    def _arrived(self, found: dict[str, str]) -> None:
        self.pending = False
        self.found = self.show(found)  # with the problems the dialog finds itself
        self.save.setEnabled(not self.found)
        if self._accept_when_checked:
            self._accept_when_checked = False
            if not found:
                QDialog.accept(self.dialog)

    def may_accept(self) -> bool:
        """True when the dialog may close now; False while a check runs (it closes itself after)."""
        if self.pending:
            self._accept_when_checked = True
            return False
        return not self.found


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
