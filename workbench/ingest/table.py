"""Any supported file as one thing: a table of text cells with row numbers, and how it was read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest import markup_reader, sheet_reader, sniff, text_reader, vcard
from workbench.ingest.sheet_reader import SheetInfo

Rows = Iterator[tuple[int, list[str | None]]]


@dataclass
class Table:
    path: Path
    format: str  # csv, xlsx, xlsm, xls, ods, vcf; html and xml (Excel 2003) for "Excel" files that are markup
    rows: Callable[[int | None], Rows]  # (expected width) → (row number, cells) from the top
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[SheetInfo] = field(default_factory=list)
    size_hint: int = 0  # rough number of rows, for progress
    # vCards come with their own columns and mapping (no header row in the file).
    fixed_columns: list[str] | None = None
    fixed_mapping: dict[str, str | None] | None = None
    sheet_rows: Callable[[str], Rows] | None = None  # workbooks: sheet name → its rows

    def __reduce__(self) -> tuple[Callable[..., Table], tuple[Path, str | None]]:
        """Sent to another process (an import run apart) as where to read it: its readers are
        closures over what sniffing the file found, and sniffing the same file finds the same."""
        return _reopened, (self.path, self.sheet)

    def for_sheet(self, info: SheetInfo) -> Table:
        """The same workbook read from another of its sheets."""
        assert self.sheet_rows is not None
        read = self.sheet_rows
        return replace(self, rows=lambda _width: read(info.name), sheet=info.name, size_hint=info.rows or 0)


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
    if fmt == "html":  # an "Excel" export that is a web page with a table
        if sheet is not None:
            raise WorkbenchError(f"{path.name}: --sheet is for workbooks; this is a web page with a table")
        encoding = markup_reader.html_encoding(head, sniff.detect_encoding(path, head))
        return Table(path, "html", lambda _width: markup_reader.html_rows(path, encoding),
                     encoding=encoding.replace("-sig", ""), size_hint=size // 300)
    if fmt == "xml":  # Excel 2003's XML spreadsheet
        sheets = markup_reader.xml_sheets(path)
        return _workbook(path, fmt, sheets, sheet, lambda name: markup_reader.xml_rows(path, name))
    sheets = sheet_reader.list_sheets(path, fmt)
    return _workbook(path, fmt, sheets, sheet, lambda name: sheet_reader.iter_rows(path, name, fmt))


def _reopened(path: Path, sheet: str | None) -> Table:
    return open_table(path, sheet=sheet)


def _workbook(path: Path, fmt: str, sheets: list[SheetInfo], sheet: str | None,
              sheet_rows: Callable[[str], Rows]) -> Table:
    chosen = sheet_reader.choose_sheet(path, sheets, sheet)
    return Table(path, fmt, lambda _width: sheet_rows(chosen.name), sheet=chosen.name, sheets=sheets,
                 size_hint=chosen.rows or 0, sheet_rows=sheet_rows)


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
