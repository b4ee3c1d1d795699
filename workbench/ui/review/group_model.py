"""A group of any size by field: one line per distinct value, who holds it, and the merged result beside it.

The model reads everything from the page's `ComparisonModel` (records, rows, the steward's
picks, the planned golden record) and writes picks back to it, so the merge request is the
same whichever view the steward used. Lines are flat so the table stays a plain table:
a field's first line carries its label and the merged result, the following lines its
other distinct values.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.stewardship.comparison import Row, differing_spans
from workbench.stewardship.distinct import FieldValues, fold_rows, holder, records_text, sources_text
from workbench.ui.review.comparison_model import (
    CONFLICT,
    GREY,
    KIND_COLOR,
    NEAR,
    ComparisonModel,
    GoldenColumnRole,
    HtmlRole,
    PickableRole,
    PickedRole,
    RowKindRole,
    breakable,
    highlighted,
)

COL_FIELD, COL_VALUE, COL_HELD, COL_MERGED = range(4)
HEADERS = ("Field", "Values in these records", "Held by", "Merged result")
FieldEndRole = Qt.ItemDataRole.UserRole + 20  # the last line of a field (a firmer rule under it)
ColumnsRole = Qt.ItemDataRole.UserRole + 21  # the records (by position) a line's value is held by
SOURCES_SHOWN = 3
MUTED = "#616e7c"


@dataclass(frozen=True)
class Line:
    kind: str  # section / value / missing / survivor
    entry: int  # index into the folded rows
    value: int = -1  # index into the field's distinct values
    first: bool = False
    last: bool = False


class GroupModel(QAbstractTableModel):
    def __init__(self, comparison: ComparisonModel, parent=None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.entries: list[FieldValues | Row] = []
        self.lines: list[Line] = []
        comparison.modelReset.connect(self._rebuild)
        comparison.golden_changed.connect(self._golden_changed)
        self._rebuild()

    # ---------------------------------------------------------------- state

    @property
    def records(self):
        return self.comparison.records

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.entries = fold_rows(self.comparison.rows, self.comparison.records) if self.comparison.records else []
        self.lines = []
        for number, entry in enumerate(self.entries):
            if isinstance(entry, Row):
                self.lines.append(Line("section", number))
            elif entry.source_row.kind == "survivor":
                self.lines.append(Line("survivor", number, first=True, last=True))
            else:
                count = len(entry.values) + (1 if entry.missing else 0)
                for i in range(count):
                    kind = "value" if i < len(entry.values) else "missing"
                    self.lines.append(Line(kind, number, i, first=i == 0, last=i == count - 1))
        self.endResetModel()

    def _golden_changed(self) -> None:
        if self.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, COL_MERGED))

    def line(self, row: int) -> Line | None:
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def field_of(self, row: int) -> FieldValues | None:
        line = self.line(row)
        entry = self.entries[line.entry] if line is not None else None
        return entry if isinstance(entry, FieldValues) else None

    def holders(self, row: int) -> list[int]:
        """The records (by position) holding the value on this line."""
        line, entry = self.line(row), self.field_of(row)
        if line is None or entry is None:
            return []
        if line.kind == "value":
            return list(entry.values[line.value].columns)
        if line.kind == "missing":
            return list(entry.missing)
        return []

    def is_picked(self, row: int) -> bool:
        line, entry = self.line(row), self.field_of(row)
        if line is None or entry is None or line.kind != "value":
            return False
        chosen = self.comparison.picked_record(entry.row)
        return chosen is not None and chosen in entry.values[line.value].columns

    def is_pickable(self, row: int) -> bool:
        line, entry = self.line(row), self.field_of(row)
        return line is not None and entry is not None and line.kind == "value" and entry.pickable and \
            (len(entry.values) > 1 or bool(entry.missing))

    def pick(self, row: int) -> bool:
        """Take this line's value into the merged result (from a record that holds it)."""
        if not self.is_pickable(row):
            return False
        line, entry = self.line(row), self.field_of(row)
        assert line is not None and entry is not None
        column = holder(entry.values[line.value], self.comparison.picked_record(entry.row))
        return self.comparison.pick(entry.row, column + 1)

    def first_choice(self) -> int:
        """The first line with something to decide, else the first value."""
        decide = next((i for i, line in enumerate(self.lines) if self.is_pickable(i) and
                       self.field_of(i).state in ("conflict", "near")), None)  # type: ignore[union-attr]
        if decide is not None:
            return decide
        return next((i for i, line in enumerate(self.lines) if line.kind == "value"), 0)

    # ---------------------------------------------------------------- cells

    def _merged(self, entry: FieldValues) -> tuple[str, str]:
        if entry.source_row.kind == "origin":  # the sources are listed beside it already
            count = sum(max(1, len(r.origins)) for r in self.records)
            text = f"All {count} source records stay linked to the merged customer"
            return text, escape(text)
        index = self.comparison.golden_index(entry.row)
        return (str(self.comparison.data(index, Qt.ItemDataRole.DisplayRole) or ""),
                str(self.comparison.data(index, HtmlRole) or ""))

    def _label_html(self, entry: FieldValues) -> str:
        marker = {"conflict": f' <span style="color:{CONFLICT}">≠</span>',
                  "near": f' <span style="color:{NEAR}">≈</span>'}.get(entry.state, "")
        return f"<b>{escape(entry.label)}</b>{marker}"

    def _value_html(self, row: int, line: Line, entry: FieldValues) -> str:
        total = len(self.records)
        if line.kind == "survivor":
            kept = self.comparison.golden.survivor_id if self.comparison.golden else None
            number = next((r.master_number for r in self.records if r.id == kept), "")
            return (f"<b>{escape(number)}</b> <span style='color:{MUTED}'>— kept from {total} master numbers; "
                    "another can be chosen on the Records tab</span>")
        if line.kind == "missing":
            return f'<span style="color:{GREY}">— no value</span>'
        value = entry.values[line.value]
        if entry.source_row.kind == "origin":
            return escape(value.text)
        if entry.state == "near":
            text = highlighted(value.text, differing_spans(value.text, self._merged(entry)[0]))
        else:
            text = escape(value.text).replace("\n", "<br>")
        if entry.state == "conflict" and not self.is_picked(row):
            text = f'<span style="color:{CONFLICT}">{text}</span>'
        if value.kind and value.kind != "other":
            text += f' <span style="color:{KIND_COLOR}">{escape(value.kind)}</span>'
        if value.invalid:
            text += f' <span style="color:{CONFLICT}">(not valid)</span>'
        return breakable(text)

    def _held_html(self, line: Line, entry: FieldValues) -> str:
        total = len(self.records)
        if line.kind == "survivor":
            return ""
        if line.kind == "missing":
            return f'<span style="color:{GREY}">{records_text(len(entry.missing), total)}</span>'
        value = entry.values[line.value]
        count = f"<b>{records_text(value.count, total)}</b>"
        if entry.source_row.kind == "origin" or not value.sources:
            return count
        if value.count == total and total > 1:
            return count + f" <span style='color:{MUTED}'>· every source</span>"
        return count + f"<br><span style='color:{MUTED}'>{escape(sources_text(value.sources, SOURCES_SHOWN))}</span>"

    def _tooltip(self, row: int, column: int, line: Line, entry: FieldValues) -> str | None:
        if column == COL_FIELD:
            return {"conflict": "The records disagree", "near": "Nearly equal: the differing characters are "
                    "highlighted", "partial": "Some records have no value", "equal": "All records agree"}.get(
                        entry.state)
        if column == COL_MERGED:
            return str(self.comparison.data(self.comparison.golden_index(entry.row),
                                            Qt.ItemDataRole.ToolTipRole) or "") or None
        holders = self.holders(row)
        if column == COL_HELD and holders:
            numbers = ", ".join(self.records[c].master_number for c in holders[:12])
            more = f" and {len(holders) - 12} more" if len(holders) > 12 else ""
            sources = sources_text(entry.values[line.value].sources) if line.kind == "value" else ""
            return f"{numbers}{more}" + (f"\nFrom: {sources}" if sources else "") + \
                "\nDouble-click to see these records"
        if column == COL_VALUE and self.is_pickable(row):
            return "Click or press Space to take this value into the merged result"
        return None

    # ---------------------------------------------------------------- Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        row, column = index.row(), index.column()
        line = self.lines[row]
        entry = self.entries[line.entry]
        if role == RowKindRole:
            return "section" if line.kind == "section" else "field"
        if isinstance(entry, Row):  # a section heading
            return entry.label if role in (Qt.ItemDataRole.DisplayRole, HtmlRole) and column == 0 else None
        if role == GoldenColumnRole:
            return column == COL_MERGED
        if role == FieldEndRole:
            return line.last
        if role == ColumnsRole:
            return self.holders(row)
        if role == PickedRole:
            return column == COL_VALUE and self.is_picked(row)
        if role == PickableRole:
            return column == COL_VALUE and self.is_pickable(row)
        if role == HtmlRole:
            if column == COL_FIELD:
                return self._label_html(entry) if line.first else ""
            if column == COL_VALUE:
                return self._value_html(row, line, entry)
            if column == COL_HELD:
                return self._held_html(line, entry)
            return self._merged(entry)[1] if line.first else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == COL_FIELD:
                return entry.label
            if column == COL_VALUE:
                if line.kind == "value":
                    return entry.values[line.value].text
                return "no value" if line.kind == "missing" else self._merged(entry)[0]
            if column == COL_HELD:
                return records_text(len(self.holders(row)), len(self.records)) if line.kind != "survivor" else ""
            return self._merged(entry)[0] if line.first else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, line, entry)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and \
                0 <= section < len(HEADERS):
            return HEADERS[section]
        return None
