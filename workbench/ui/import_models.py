"""Table models of the import dialog: the column mapping, the preview of the first rows, the rejects."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from workbench.ingest.plan import ImportPlan
from workbench.ingest.targets import target_label

TargetRole = Qt.ItemDataRole.UserRole + 1
ConfidenceRole = Qt.ItemDataRole.UserRole + 2
ORIGIN_TEXT = {"heading": "by its heading", "words": "by words of its heading", "values": "by its values",
               "saved": "as last time", "given": "by you", "kept": "not recognised", "file": "vCard field",
               "doubt": "values do not fit", "profile": "by the layout", "technical": "left out: technical values"}
# What each confidence looks like: a mark, its colour, and what it tells the user.
MARKS = {"high": ("✓", QColor("#2e7d32"), "Sure"), "medium": ("?", QColor("#b26a00"), "Probably right: check it"),
         "low": ("!", QColor("#c62828"), "Not recognised: choose what it holds, or keep it as a custom attribute")}
CONFIDENCE_ORDER = {"low": 0, "medium": 1, "high": 2}
Index = QModelIndex | QPersistentModelIndex


class MappingModel(QAbstractTableModel):
    """One row per source column: its sample values and the field it is imported as (editable).

    The columns that need a look come first: not recognised, then probably right, then sure;
    in file order within each. The order is kept while the user edits, so rows never jump."""

    COL_MARK, COL_COLUMN, COL_SAMPLES, COL_TARGET, COL_HOW = range(5)
    HEADINGS = ("", "Column in the file", "Sample values", "Imported as", "Recognised")
    mapping_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._plan: ImportPlan | None = None
        self._order: list[str] = []
        self._confidence: dict[str, str] = {}

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._confidence = {c: plan.confidence(c) for c in plan.columns} if plan is not None else {}
        self._order = sorted(plan.columns, key=lambda c: CONFIDENCE_ORDER[self._confidence[c]]) if plan else []
        self.endResetModel()

    def column_at(self, row: int) -> str:
        return self._order[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._plan is None else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADINGS):
            return self.HEADINGS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and section == self.COL_MARK:
            return "✓ sure · ? probably right · ! not recognised"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.COL_TARGET and self._plan is not None and self._plan.table.fixed_mapping is None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._plan is None or not 0 <= index.row() < len(self._order):
            return None
        column = self._order[index.row()]
        target = self._plan.mapping.get(column)
        confidence = self._plan.confidence(column)
        if role == TargetRole:
            return target
        if role == ConfidenceRole:
            return confidence
        if index.column() == self.COL_MARK:
            mark, colour, meaning = MARKS[confidence]
            if role == Qt.ItemDataRole.DisplayRole:
                return mark
            if role == Qt.ItemDataRole.ForegroundRole:
                return colour
            if role == Qt.ItemDataRole.ToolTipRole:
                note = self._plan.notes.get(column)
                return meaning + (f" ({note})" if note and self._plan.origin.get(column) in ("doubt", "technical") else "")
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.COL_TARGET and target is None:
            return Qt.GlobalColor.gray
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
            return None
        if index.column() == self.COL_COLUMN:
            return column
        if index.column() == self.COL_SAMPLES:
            samples = [s.replace("\n", " ⏎ ") for s in self._plan.samples.get(column, [])[:4]]
            return " · ".join(samples) if samples else "(empty)"
        if index.column() == self.COL_TARGET:
            return target if role == Qt.ItemDataRole.EditRole else target_label(target)
        if index.column() == self.COL_HOW:
            origin = self._plan.origin.get(column, "")
            if origin == "profile" and self._plan.recognised is not None:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return f"as the {self._plan.recognised.profile.label} means it"
                return "by the layout"
            if origin in ("doubt", "technical") and role == Qt.ItemDataRole.ToolTipRole:
                return self._plan.notes.get(column, ORIGIN_TEXT["doubt"])
            return ORIGIN_TEXT.get(origin, "")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self._plan is None or index.column() != self.COL_TARGET \
                or not index.isValid():
            return False
        column = self._order[index.row()]
        target = value or None
        if target == "attribute":
            from workbench.ingest.mapping import attribute_name

            target = f"attribute:{attribute_name(column)}"
        self._plan.set_target(column, target)
        self.dataChanged.emit(self.index(index.row(), self.COL_MARK), self.index(index.row(), self.COL_HOW))
        self.mapping_changed.emit()
        return True


class PreviewModel(QAbstractTableModel):
    """The first rows of the file as they were read, under the column names and what they become."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._plan: ImportPlan | None = None

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self.endResetModel()

    def mapping_changed(self) -> None:
        if self._plan is not None and self._plan.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._plan.columns) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._plan is None else len(self._plan.preview)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._plan is None else len(self._plan.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._plan is None or role not in (Qt.ItemDataRole.DisplayRole,
                                                                     Qt.ItemDataRole.ToolTipRole):
            return None
        if not 0 <= index.row() < len(self._plan.preview):
            return None
        cells = self._plan.preview[index.row()][1]
        value = cells[index.column()] if index.column() < len(cells) else None
        if value is None:
            return None
        return value if role == Qt.ItemDataRole.ToolTipRole else value.replace("\n", " ⏎ ")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._plan is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            if 0 <= section < len(self._plan.preview):
                return str(self._plan.preview[section][0])  # the row number the spreadsheet shows
            return None
        if 0 <= section < len(self._plan.columns):
            column = self._plan.columns[section]
            return f"{column}\n→ {target_label(self._plan.mapping.get(column))}"
        return None


class RejectsModel(QAbstractTableModel):
    """Rejected rows (row number and reason), fetched into the view a page at a time."""

    PAGE = 200

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rejects: list[dict[str, Any]] = []
        self._shown = 0

    def set_rejects(self, rejects: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rejects = list(rejects)
        self._shown = min(self.PAGE, len(self._rejects))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._shown < len(self._rejects)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = min(self.PAGE, len(self._rejects) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown or role != Qt.ItemDataRole.DisplayRole:
            return None
        reject = self._rejects[index.row()]
        return str(reject["row"]) if index.column() == 0 else str(reject["reason"])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section in (0, 1):
            return ("Row", "Why it was not imported")[section]
        return None
