"""Any supported file as one thing: a table of text cells with row numbers, and how it was read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest import sheet_reader, sniff, text_reader, vcard
from workbench.ingest.sheet_reader import SheetInfo

Rows = Iterator[tuple[int, list[str | None]]]


@dataclass
class Table:
    path: Path
    format: str  # csv, xlsx, xlsm, xls, ods, vcf
    rows: Callable[[int | None], Rows]  # (expected width) → (row number, cells) from the top
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[SheetInfo] = field(default_factory=list)
    size_hint: int = 0  # rough number of rows, for progress
    # vCards come with their own columns and mapping (no header row in the file).
    fixed_columns: list[str] | None = None
    fixed_mapping: dict[str, str | None] | None = None


def open_table(path: Path, *, sheet: str | None = None) -> Table:
    """Sniff the file and return a table over it; every problem is one WorkbenchError line."""
    path = Path(path)
    head = sniff.read_head(path)
    fmt = sniff.detect_format(path, head)
    size = path.stat().st_size
    if fmt == "csv":
        if sheet is not None:
            raise WorkbenchError(f"{path.name}: --sheet is for workbooks; this is a text file")
        encoding = sniff.detect_encoding(path, head)
        sample = sniff.decoded_sample(head, encoding)
        if not sample.strip():
            raise WorkbenchError(f"{path.name}: the file is empty")
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else sniff.sniff_delimiter(sample)
        lines = max(1, sample.count("\n") or sample.count("\r"))
        hint = int(size / max(1, len(sample.encode(encoding, errors="replace")) / lines))
        return Table(path, "csv", lambda width: text_reader.iter_rows(path, encoding=encoding, delimiter=delimiter,
                                                                        width=width),
                     encoding=encoding.replace("-sig", ""), delimiter=delimiter, size_hint=hint)
    if fmt == "vcf":
        return _vcard_table(path, sniff.detect_encoding(path, head))
    sheets = sheet_reader.list_sheets(path, fmt)
    chosen = sheet_reader.choose_sheet(path, sheets, sheet)
    return Table(path, fmt, lambda _width: sheet_reader.iter_rows(path, chosen.name), sheet=chosen.name,
                 sheets=sheets, size_hint=chosen.rows or 0)


def _vcard_table(path: Path, encoding: str) -> Table:
    columns: dict[str, str] = {}
    cards = 0
    for card in vcard.iter_cards(path, encoding):
        cards += 1
        for column, target, _value in card.values:
            columns.setdefault(column, target)
    names = list(columns)
    index = {name: i for i, name in enumerate(names)}

    def rows(_width: int | None) -> Rows:
        for card in vcard.iter_cards(path, encoding):
            cells: list[str | None] = [None] * len(names)
            for column, _target, value in card.values:
                cells[index[column]] = value
            yield card.number, cells

    return Table(path, "vcf", rows, encoding=encoding.replace("-sig", ""), size_hint=cards,
                 fixed_columns=names, fixed_mapping=dict(columns))
