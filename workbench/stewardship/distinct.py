"""A group of any size read by field: the distinct values of each field, who holds each, and how many.

The side-by-side comparison gives every record a column, which stops being readable past a
handful of records. Here each comparison row (see `comparison.build_rows`) is folded into
its distinct values: identical values collapse into one line that says how many records
hold it and which sources those records came from. Plain data, no Qt: the group view shows
it, and a pick on a distinct value becomes a pick of one record that holds it, so the merge
request is the same as from the side-by-side view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from workbench.stewardship.comparison import Row
from workbench.stewardship.records import HAND, RecordData


@dataclass
class DistinctValue:
    text: str
    columns: list[int]  # the records (by position in the group) that hold this value
    sources: list[tuple[str, int]]  # source name and how many of those records came from it, commonest first
    kind: str | None = None  # a contact point's kind, when all holders agree on it
    invalid: bool = False

    @property
    def count(self) -> int:
        return len(self.columns)


@dataclass
class FieldValues:
    row: int  # the comparison row this folds
    source_row: Row
    values: list[DistinctValue] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)  # records with no value here

    @property
    def label(self) -> str:
        return self.source_row.label

    @property
    def state(self) -> str:
        return self.source_row.state

    @property
    def pickable(self) -> bool:
        return self.source_row.pickable and len(self.values) > 0


def record_sources(record: RecordData) -> list[str]:
    """The sources a record came from, each once (a record merged earlier may have several)."""
    return list(dict.fromkeys(o.source for o in record.origins)) or [HAND]


def source_counts(columns: Sequence[int], sources: Sequence[Sequence[str]]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for column in columns:
        counts.update(sources[column])
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def sources_text(counts: Sequence[tuple[str, int]], limit: int | None = None) -> str:
    """'Shopify (3), HubSpot, Zendesk' — and '… and 4 more' past `limit` sources."""
    shown = counts if limit is None or len(counts) <= limit else counts[:limit]
    text = ", ".join(f"{name} ({n})" if n > 1 else name for name, n in shown)
    if len(shown) < len(counts):
        text += f" and {len(counts) - len(shown)} more"
    return text


def records_text(count: int, total: int) -> str:
    if count == total and total > 1:
        return f"all {total} records"
    return f"{count} record{'s' if count != 1 else ''}"


def _origin_values(records: Sequence[RecordData], sources: Sequence[Sequence[str]]) -> list[DistinctValue]:
    """The "From" row is one line: every source once, with how many of the records came from it."""
    columns = list(range(len(records)))
    counts = source_counts(columns, sources)
    noun = "source" if len(counts) == 1 else "sources"
    return [DistinctValue(f"{len(counts)} {noun}: {sources_text(counts)}", columns, counts)]


def fold_row(index: int, row: Row, records: Sequence[RecordData], sources: Sequence[Sequence[str]]) -> FieldValues:
    folded = FieldValues(index, row)
    if row.kind == "origin":
        folded.values = _origin_values(records, sources)
        return folded
    by_text: dict[str, list[int]] = {}
    for column, cell in enumerate(row.cells):
        if cell.empty:
            folded.missing.append(column)
        else:
            by_text.setdefault(cell.text, []).append(column)
    for text, columns in by_text.items():
        kinds = {row.cells[c].kind for c in columns}
        kind = kinds.pop() if len(kinds) == 1 else None
        invalid = any(row.cells[c].tooltip for c in columns)
        folded.values.append(DistinctValue(text, columns, source_counts(columns, sources), kind, invalid))
    folded.values.sort(key=lambda v: (-v.count, v.columns[0]))
    return folded


def fold_rows(rows: Sequence[Row], records: Sequence[RecordData]) -> list[FieldValues | Row]:
    """Section rows as they are, every other comparison row folded into its distinct values."""
    sources = [record_sources(r) for r in records]
    return [row if row.kind == "section" else fold_row(i, row, records, sources) for i, row in enumerate(rows)]


def holder(value: DistinctValue, picked: int | None) -> int:
    """The record a pick of this value takes it from: the one already picked if it holds the value."""
    return picked if picked is not None and picked in value.columns else value.columns[0]
