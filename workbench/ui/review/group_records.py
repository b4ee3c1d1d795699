"""The individual records of a group, as a list: one line per record, optionally only those holding a value."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.stewardship.distinct import record_sources, sources_text
from workbench.ui.review.comparison_model import ComparisonModel

HEADERS = ("#", "Master number", "Name", "From", "E-mail", "Phone", "Address")
COL_NUMBER, COL_MASTER, COL_NAME, COL_FROM, COL_EMAIL, COL_PHONE, COL_ADDRESS = range(len(HEADERS))
POINT_COLUMNS = {COL_EMAIL: "email", COL_PHONE: "phone", COL_ADDRESS: "address"}


class GroupRecordsModel(QAbstractTableModel):
    def __init__(self, comparison: ComparisonModel, parent=None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.shown: list[int] = []  # positions in the group, in order
        comparison.modelReset.connect(lambda: self.show_only(None))
        comparison.golden_changed.connect(self._golden_changed)
        self.show_only(None)

    def show_only(self, columns: list[int] | None) -> None:
        """Only these records (by position in the group); None: all of them."""
        self.beginResetModel()
        self.shown = list(range(len(self.comparison.records))) if columns is None else sorted(columns)
        self.endResetModel()

    @property
    def filtered(self) -> bool:
        return len(self.shown) != len(self.comparison.records)

    def position(self, row: int) -> int | None:
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _golden_changed(self) -> None:
        if self.shown:
            self.dataChanged.emit(self.index(0, COL_MASTER), self.index(len(self.shown) - 1, COL_MASTER))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _text(self, position: int, column: int) -> str:
        record = self.comparison.records[position]
        if column == COL_NUMBER:
            return str(position + 1)
        if column == COL_MASTER:
            kept = self.comparison.golden is not None and self.comparison.golden.survivor_id == record.id
            return record.master_number + ("  ★ kept" if kept else "")
        if column == COL_NAME:
            return record.display_name
        if column == COL_FROM:
            return sources_text([(s, 1) for s in record_sources(record)])
        points = record.points.get(POINT_COLUMNS[column]) or []
        return points[0].text if points else ""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.shown):
            return None
        position = self.shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(position, index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                record = self.comparison.records[position]
                extra = (len(record.points.get(POINT_COLUMNS.get(index.column(), ""), [])) - 1
                         if index.column() in POINT_COLUMNS else 0)
                return (text + (f"\n… and {extra} more" if extra > 0 else "")) or None
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and \
                0 <= section < len(HEADERS):
            return HEADERS[section]
        return None
