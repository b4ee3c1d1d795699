"""The side-by-side comparison as a table model: fields in rows, records in columns, the golden record last.

The steward's picks live here; every pick re-plans the golden record (pure Python, no
database), so the preview column follows at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from workbench.stewardship.comparison import (
    Cell,
    Row,
    build_rows,
    differing_spans,
    golden_cell,
    picked_column,
)
from workbench.stewardship.golden_fields import RULES
from workbench.stewardship.merge import MergeRequest
from workbench.stewardship.records import RecordData
from workbench.stewardship.survivorship import GoldenRecord, SurvivorshipSettings, plan

RowKindRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2
PickedRole = Qt.ItemDataRole.UserRole + 3
PickableRole = Qt.ItemDataRole.UserRole + 4
HtmlRole = Qt.ItemDataRole.UserRole + 5
GoldenColumnRole = Qt.ItemDataRole.UserRole + 6

GREY = "#9aa5b1"
KIND_COLOR = "#7b8794"
HIGHLIGHT = "#fde68a"
CONFLICT = "#b42318"
NEAR = "#b7791f"
STATE_TEXT = {"conflict": "The records disagree", "near": "Nearly equal: the differing characters are highlighted",
              "partial": "Some records have no value", "equal": "All records agree"}


_EMAIL = re.compile(r"[\w.+-]+@[\w.-]+")


def breakable(html: str) -> str:
    """A long e-mail address may wrap after its @ or a dot, never in the middle of a word (zero-width space)."""
    return _EMAIL.sub(lambda m: m.group(0).replace(".", ".\u200b").replace("@", "@\u200b"), html)


def highlighted(text: str, spans: Sequence[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in spans:
        out.append(escape(text[at:start]))
        out.append(f'<span style="background:{HIGHLIGHT}">{escape(text[start:end])}</span>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out).replace("\n", "<br>")


class ComparisonModel(QAbstractTableModel):
    golden_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.records: list[RecordData] = []
        self.rows: list[Row] = []
        self.settings = SurvivorshipSettings()
        self.survivor_id: int | None = None
        self.picks: dict[str, int] = {}
        self.primaries: dict[str, int] = {}
        self.golden: GoldenRecord | None = None
        self._picked: list[int | None] = []

    # ---------------------------------------------------------------- state

    @property
    def record_ids(self) -> list[int]:
        return [r.id for r in self.records]

    def set_records(self, records: Sequence[RecordData], settings: SurvivorshipSettings | None = None) -> None:
        self.beginResetModel()
        self.records = list(records)
        if settings is not None:
            self.settings = settings
        self.rows = build_rows(self.records) if self.records else []
        self.survivor_id, self.picks, self.primaries = None, {}, {}
        self._replan()
        self.endResetModel()
        self.golden_changed.emit()

    def clear(self) -> None:
        self.set_records([])

    def set_settings(self, settings: SurvivorshipSettings) -> None:
        self.settings = settings
        self._update()

    def _replan(self) -> None:
        if not self.records:
            self.golden, self._picked = None, []
            return
        self.golden = plan(self.records, self.settings, survivor_id=self.survivor_id, picks=self.picks,
                           primaries=self.primaries)
        self._picked = [picked_column(row, self.golden, self.record_ids) for row in self.rows]

    def _update(self) -> None:
        self._replan()
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self.golden_changed.emit()

    def pick(self, row: int, column: int) -> bool:
        """Take record `column`'s value for row `row` into the golden record."""
        record = column - 1
        if not 0 <= row < len(self.rows) or not 0 <= record < len(self.records):
            return False
        target = self.rows[row]
        cell = target.cells[record]
        if not target.pickable or cell.empty:
            return False
        customer_id = self.records[record].id
        if target.kind == "survivor":
            self.survivor_id = customer_id
        elif target.kind == "point" and target.point_type and cell.point_id is not None:
            self.primaries[target.point_type] = cell.point_id
        else:
            self.picks[target.key] = customer_id
        self._update()
        return True

    def reset_picks(self) -> None:
        self.survivor_id, self.picks, self.primaries = None, {}, {}
        self._update()

    def request(self, origin: str = "steward") -> MergeRequest:
        survivor = self.golden.survivor_id if self.golden else None
        return MergeRequest(self.record_ids, survivor, dict(self.picks), dict(self.primaries), origin)

    def is_golden_column(self, column: int) -> bool:
        return bool(self.records) and column == len(self.records) + 1

    def row(self, row: int) -> Row | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def picked_record(self, row: int) -> int | None:
        """The record (by position) whose value the merged result takes for this row, if there was a choice."""
        return self._picked[row] if 0 <= row < len(self._picked) else None

    def golden_index(self, row: int) -> QModelIndex:
        return self.index(row, len(self.records) + 1)

    # ---------------------------------------------------------------- cells

    def _cell(self, row: int, column: int) -> Cell | None:
        target = self.rows[row]
        if column == 0 or target.kind == "section":
            return None
        if self.is_golden_column(column):
            return golden_cell(target, self.golden) if self.golden else None
        return target.cells[column - 1] if column - 1 < len(target.cells) else None

    def _reference(self, row: int) -> str:
        target = self.rows[row]
        golden = self._cell(row, len(self.records) + 1)
        if golden is not None and golden.text:
            return golden.text
        return next((c.text for c in target.cells if c.text), "")

    def _label_html(self, target: Row) -> str:
        marker = {"conflict": f' <span style="color:{CONFLICT}">≠</span>',
                  "near": f' <span style="color:{NEAR}">≈</span>'}.get(target.state, "")
        return f"<b>{escape(target.label)}</b>{marker}"

    def _cell_html(self, row: int, column: int, cell: Cell) -> str:
        target = self.rows[row]
        if cell.empty:
            return f'<span style="color:{GREY}">—</span>'
        if cell.html is not None:
            return breakable(cell.html)
        golden = self.is_golden_column(column)
        if target.state == "near" and not golden:
            text = highlighted(cell.text, differing_spans(cell.text, self._reference(row)))
        else:
            text = escape(cell.text).replace("\n", "<br>")
        if target.state == "conflict" and not golden and self._picked[row] != column - 1:
            text = f'<span style="color:{CONFLICT}">{text}</span>'
        if golden and target.kind != "origin":
            text = f"<b>{text}</b>"
        if cell.kind and cell.kind != "other":
            text += f' <span style="color:{KIND_COLOR}">{escape(cell.kind)}</span>'
        if golden and target.kind == "point" and cell.value:
            text += ' <span style="color:#2f6f4f;font-weight:600">★ primary</span>'
        if cell.tooltip:
            text += f' <span style="color:{CONFLICT}">({escape(cell.tooltip)})</span>'
        return breakable(text)

    def _tooltip(self, row: int, column: int, cell: Cell | None) -> str | None:
        target = self.rows[row]
        if column == 0:
            return STATE_TEXT.get(target.state)
        if self.is_golden_column(column):
            if target.kind == "field" and self.golden:
                resolution = self.golden.resolution(target.key)
                if resolution and resolution.value is not None:
                    how = "your pick" if resolution.picked else RULES.get(resolution.rule, resolution.rule)
                    return f"{cell.text if cell else ''}\nChosen by: {how}"
            if target.kind == "point":
                return "Kept in the merged customer. Click a record's copy to make it the primary one."
            return cell.text if cell and cell.text else None
        if cell is None or cell.empty:
            return None
        if target.kind == "survivor":
            return f"{self.records[column - 1].display_name}\nClick to keep this master number"
        hint = {"field": "Click or press Space to take this value",
                "point": "Click or press Space to make this the primary one"}.get(target.kind)
        return cell.text + (f"\n{hint}" if hint else "")

    # ---------------------------------------------------------------- Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.records else len(self.records) + 2

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = index.row(), index.column()
        target = self.rows[row]
        if role == RowKindRole:
            return target.kind
        if role == StateRole:
            return target.state
        if role == GoldenColumnRole:
            return self.is_golden_column(column)
        if target.kind == "section":
            return target.label if role in (Qt.ItemDataRole.DisplayRole, HtmlRole) and column == 0 else None
        cell = self._cell(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return target.label if column == 0 else (cell.text if cell else "")
        if role == HtmlRole:
            if column == 0:
                return self._label_html(target)
            return self._cell_html(row, column, cell) if cell is not None else ""
        if role == PickedRole:
            return 0 < column <= len(self.records) and self._picked[row] == column - 1
        if role == PickableRole:
            return 0 < column <= len(self.records) and target.pickable and cell is not None and not cell.empty
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, cell)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return target.label if column == 0 else (cell.text if cell and cell.text else "empty")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Field"
            if self.is_golden_column(section):
                return "Merged result"
            record = self.records[section - 1]
            return f"{section} · {record.master_number}"
        if role == Qt.ItemDataRole.ToolTipRole and 0 < section <= len(self.records):
            record = self.records[section - 1]
            keeps = "\nThe merged customer keeps this master number" if self.golden and \
                self.golden.survivor_id == record.id else ""
            return f"{record.display_name}{keeps}\nPress {section} to take this record's value for the current row"
        if role == Qt.ItemDataRole.ToolTipRole and self.is_golden_column(section):
            return "The customer the merge will produce"
        return None
