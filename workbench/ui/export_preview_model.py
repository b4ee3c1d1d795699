"""The export preview: the first rows of the file, cell for cell as they will be written."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

# How invisible characters show in a cell, so the preview does not hide what the file holds.
_VISIBLE = str.maketrans({"\n": "⏎", "\r": "␍", "\t": "⇥"})
GUARDED_ROLE = Qt.ItemDataRole.UserRole + 1


class ExportPreviewModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[list[str]] = []

    def set_preview(self, headers: list[str], rows: list[list[str]]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self.endResetModel()

    def clear(self) -> None:
        self.set_preview([], [])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        value = str(row[index.column()]) if index.column() < len(row) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return value.translate(_VISIBLE)
        if role == Qt.ItemDataRole.ToolTipRole:
            return value if len(value) > 24 or "\n" in value else None
        if role == GUARDED_ROLE:
            return value.startswith("'")
        if role == Qt.ItemDataRole.ForegroundRole and value.startswith("'"):
            return QColor("#a0522d")  # a neutralized formula: shown, and visibly different
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return section + 1 if 0 <= section < len(self._rows) else None
