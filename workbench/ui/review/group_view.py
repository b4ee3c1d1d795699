"""The group view: a group of any size read by field, with its individual records one tab away.

"By field" lists each field's distinct values (who holds each, from which sources) beside
the merged result; a click or Space on a value takes it. "Records" lists the records
themselves, all or only those holding the value last asked about (double-click "Held by").
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.stewardship.distinct import records_text
from workbench.ui.review.comparison_model import ComparisonModel
from workbench.ui.review.comparison_view import LABEL_WIDTH, ComparisonDelegate
from workbench.ui.review.group_model import (
    COL_FIELD,
    COL_HELD,
    COL_MERGED,
    COL_VALUE,
    FieldEndRole,
    GroupModel,
)
from workbench.ui.review.group_records import COL_FROM, COL_MASTER, COL_NAME, COL_NUMBER, GroupRecordsModel

FIELD_RULE = QColor("#c5ccd6")
HELD_WIDTH = 200


class GroupDelegate(ComparisonDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
              ) -> None:
        super().paint(painter, option, index)
        if index.data(FieldEndRole):  # a firmer rule where one field's values end
            painter.save()
            painter.setPen(QPen(FIELD_RULE, 1))
            painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
            painter.restore()


class GroupTable(QTableView):
    picked = Signal(int)  # line
    show_holders = Signal(int)  # line

    def __init__(self, model: GroupModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupTable")
        self.setModel(model)
        self.setItemDelegate(GroupDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(90)
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_HELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MERGED, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(COL_FIELD, LABEL_WIDTH)
        self.setColumnWidth(COL_HELD, HELD_WIDTH)
        self._relayout = QTimer(self, singleShot=True, interval=0, timeout=self.fit_rows)
        header.sectionResized.connect(lambda *_: self._relayout.start())
        model.modelReset.connect(self._after_reset)
        model.dataChanged.connect(lambda *_: self._relayout.start())
        self.clicked.connect(self._clicked)
        self.doubleClicked.connect(self._double_clicked)

    def group(self) -> GroupModel:
        return self.model()  # type: ignore[return-value]

    def _after_reset(self) -> None:
        model = self.group()
        self.clearSpans()
        for row, line in enumerate(model.lines):
            if line.kind == "section":
                self.setSpan(row, 0, 1, model.columnCount())
        self.fit_rows()
        if model.lines:
            self.setCurrentIndex(model.index(model.first_choice(), COL_VALUE))
            self.scrollToTop()

    def fit_rows(self) -> None:
        if self.isVisible():  # laying out rich text is the costly part; a hidden table waits for its showEvent
            self.resizeRowsToContents()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_rows()

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == COL_VALUE:
            self._pick(index.row())

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == COL_HELD and self.group().holders(index.row()):
            self.show_holders.emit(index.row())

    def _pick(self, row: int) -> None:
        if self.group().pick(row):
            self.picked.emit(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if plain and current.isValid() and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if current.column() == COL_HELD:
                self._double_clicked(current)
            else:
                self._pick(current.row())
            return
        super().keyPressEvent(event)


class GroupView(QTabWidget):
    """Both tabs over the page's comparison model; picks go back to it."""

    picked = Signal()

    def __init__(self, comparison: ComparisonModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupView")
        self.setDocumentMode(True)
        self.comparison = comparison
        self.model = GroupModel(comparison, self)
        self.table = GroupTable(self.model)
        self.table.picked.connect(lambda *_: self.picked.emit())
        self.table.show_holders.connect(self._show_holders)

        self.records_model = GroupRecordsModel(comparison, self)
        self.records = QTableView()
        self.records.setObjectName("groupRecords")
        self.records.setModel(self.records_model)
        self.records.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.records.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.records.setAlternatingRowColors(True)
        self.records.setWordWrap(False)
        self.records.verticalHeader().setVisible(False)
        header = self.records.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((COL_NUMBER, 40), (COL_MASTER, 130), (COL_NAME, 260), (COL_FROM, 170)):
            self.records.setColumnWidth(column, width)
        self.records.doubleClicked.connect(self._record_double_clicked)
        self.records_label = QLabel()
        self.records_label.setObjectName("groupRecordsLabel")
        self.show_all_button = QPushButton("Show all records")
        self.show_all_button.clicked.connect(lambda: self._filter(None, ""))
        self.keep_button = QPushButton("Keep this master number")
        self.keep_button.setToolTip("The merged customer keeps the selected record's master number")
        self.keep_button.clicked.connect(self.keep_selected)
        self.records.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 4, 0, 4)
        bar.addWidget(self.records_label, 1)
        bar.addWidget(self.keep_button)
        bar.addWidget(self.show_all_button)
        records_page = QWidget()
        layout = QVBoxLayout(records_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.records, 1)

        self.addTab(self.table, "By field")
        self.addTab(records_page, "Records")
        comparison.modelReset.connect(self._group_changed)
        self.currentChanged.connect(self._tab_changed)
        self.setFocusProxy(self.table)
        self._group_changed()

    def _group_changed(self) -> None:
        self.setTabText(1, f"Records ({len(self.comparison.records)})")
        self.setCurrentIndex(0)
        self._filter(None, "")

    def _filter(self, columns: list[int] | None, what: str) -> None:
        self.records_model.show_only(columns)
        if self.currentIndex() == 1:
            self.records.resizeColumnsToContents()
        total = len(self.comparison.records)
        if columns is None:
            self.records_label.setText(f"All {total} records of this group" if total else "")
        else:
            self.records_label.setText(f"{records_text(len(columns), total).capitalize()} of {total} {what}")
        self.show_all_button.setVisible(columns is not None)
        self._update_buttons()

    def _show_holders(self, line: int) -> None:
        entry = self.model.field_of(line)
        holders = self.model.holders(line)
        if entry is None:
            return
        value = self.model.data(self.model.index(line, COL_VALUE))
        what = (f"with no {entry.label.lower()}" if self.model.lines[line].kind == "missing"
                else f"with {entry.label.lower()} “{value}”")
        self._filter(holders, what)
        self.setCurrentIndex(1)
        self.records.setFocus()

    def _tab_changed(self, tab: int) -> None:
        if tab == 1:  # a few dozen rows: sizing them to their text is cheap, and nothing is cut off
            self.records.resizeColumnsToContents()

    def _record_double_clicked(self, index: QModelIndex) -> None:
        if index.column() in (COL_MASTER, COL_NAME, COL_FROM):
            self.keep_selected()

    def selected_position(self) -> int | None:
        rows = self.records.selectionModel().selectedRows()
        return self.records_model.position(rows[0].row()) if rows else None

    def current_record_id(self) -> int | None:
        """The record the steward has selected on the Records tab (for Take out)."""
        position = self.selected_position() if self.currentIndex() == 1 else None
        return self.comparison.records[position].id if position is not None else None

    def keep_selected(self) -> None:
        position = self.selected_position()
        survivor = next((r for r, row in enumerate(self.comparison.rows) if row.kind == "survivor"), None)
        if position is not None and survivor is not None and self.comparison.pick(survivor, position + 1):
            self.picked.emit()

    def _update_buttons(self) -> None:
        self.keep_button.setEnabled(self.selected_position() is not None)
