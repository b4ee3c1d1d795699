"""Looking at a file before importing it: how it was read, where its header is, what each column holds.

`inspect_file` reads only the first rows, so it is quick even for a million-row file; the
plan it returns is what the import dialog shows and lets the user change, and what
`run_import` then follows.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.ingest import headers, parallel
from workbench.ingest.cells import BadRow
from workbench.ingest.layout import read_layout
from workbench.ingest.mapping import (
    Mapping,
    apply_overrides,
    file_consent,
    propose_mapping,
)
from workbench.ingest.table import Table
from workbench.standardize.record import split_target
from workbench.standardize.values import decide_date_order

PREVIEW_ROWS = 50
SAMPLE_VALUES = 200
DATE_TARGETS = ("birth_date", "created_at", "last_order_at")


@dataclass
class ImportOptions:
    source: str | None = None
    key: str | None = None
    sheet: str | None = None
    mapping: dict[str, Any] | None = None  # the user's own mapping (--mapping FILE.json), strict
    region: str | None = None
    dry_run: bool = False


@dataclass
class ImportPlan:
    table: Table
    source_name: str
    header_row: int | None  # as the spreadsheet numbers it; None when the file has no header row
    columns: list[str]
    mapping: Mapping
    origin: dict[str, str]  # per column: heading, values, saved, given, kept, file
    samples: dict[str, list[str]]
    preview: list[tuple[int, list[str | None]]]
    key_column: str | None = None
    consent_for_all: str | None = None
    region: str | None = None
    date_order: dict[str, str] = field(default_factory=dict)
    shape: headers.RowShape | None = None  # text files: how many cells a row may have (more: a stray delimiter)

    @property
    def path(self) -> Path:
        return self.table.path

    def describe(self) -> dict[str, Any]:
        """How the file was read, as the JSON summary reports it."""
        return {
            "file": str(self.path),
            "format": self.table.format,
            "encoding": self.table.encoding,
            "delimiter": self.table.delimiter,
            "sheet": self.table.sheet,
            "sheets": [s.name for s in self.table.sheets] or None,
            "header_row": self.header_row,
            "columns": list(self.columns),
            "mapping": dict(self.mapping),
            "key": self.key_column,
            "consent_for_all": self.consent_for_all,
            "date_order": dict(self.date_order),
        }

    def set_target(self, column: str, target: str | None) -> None:
        self.mapping[column] = target
        self.origin[column] = "given"
        self.decide_dates()

    def decide_dates(self) -> None:
        self.date_order = {}
        for column, target in self.mapping.items():
            name = split_target(target)[0] if target else None
            if name in DATE_TARGETS and name not in self.date_order:
                order = decide_date_order(self.samples.get(column, []), self.region)
                if order:
                    self.date_order[name] = order

    def data_rows(self) -> Iterator[tuple[int, list[str | None]]]:
        """(row number, cells) of every data row: after the header, without blank, footer and repeated
        header rows. A row that cannot be imported as read comes as a `BadRow` saying why."""
        width = len(self.columns)
        start = self.header_row or 0
        if self.table.fixed_columns is not None:
            for number, cells in self.table.rows(None):
                if number > start and not headers.is_blank(cells):
                    yield number, cells
            return
        shape = self.shape
        limit = shape.limit if shape is not None else sys.maxsize
        # A row with the headings again (where a report starts a new page) is known by its first heading.
        named = [i for i, column in enumerate(self.columns) if self.header_row and not headers.is_auto_name(column)]
        at, first = (named[0], self.columns[named[0]]) if named else (0, "\0")
        for number, cells in self.table.rows(width):
            if number <= start or headers.is_blank(cells) or headers.is_footer(cells, width):
                continue
            if len(cells) > at and cells[at] == first and \
                    sum(1 for a, b in zip(cells, self.columns, strict=False) if a == b) * 2 > len(named):
                continue
            if len(cells) > limit and cells.__class__ is list and (problem := shape.problem(cells)):  # type: ignore[union-attr]
                cells = BadRow(cells, problem)
            yield number, cells


def guess_source_name(path: Path) -> str:
    """'point-of-sale_export_2024-03-01.csv' → 'Point of sale'."""
    stem = re.sub(r"[_\-.]+", " ", path.stem)
    stem = re.sub(r"\b(\d{4}\s?\d{2}\s?\d{2}|\d+|export|exported|final|copy|kopie|v\d+)\b", " ", stem,
                  flags=re.IGNORECASE)
    words = stem.split()
    if not words:
        return path.stem or "Imported file"
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _find_column(columns: list[str], wanted: str) -> str | None:
    if wanted in columns:
        return wanted
    folded = {c.casefold(): c for c in columns}
    return folded.get(wanted.strip().casefold())


def inspect_file(
    path: Path,
    options: ImportOptions | None = None,
    *,
    saved_mapping: dict[str, Any] | None = None,
    saved_key: str | None = None,
    source_name: str | None = None,
) -> ImportPlan:
    """Read the head of a file and propose how to import it. Raises WorkbenchError for unreadable files."""
    options = options or ImportOptions()
    path = Path(path)
    with contextlib.suppress(OSError):  # open_table says what is wrong with the file
        parallel.warm_up(path.stat().st_size)
    layout = read_layout(path, options.sheet)
    table, header_row, columns, data = layout.table, layout.header_row, layout.columns, layout.data
    samples = {column: [c[i] for _n, c in data[:SAMPLE_VALUES] if i < len(c) and c[i]]
               for i, column in enumerate(columns)}
    if table.fixed_mapping is not None:
        mapping: Mapping = dict(table.fixed_mapping)
        origin = dict.fromkeys(columns, "file")
    else:
        mapping, origin = propose_mapping(columns, samples)
    if saved_mapping:
        for column in saved_mapping:
            if column in mapping:
                origin[column] = "saved"
        mapping = apply_overrides(mapping, saved_mapping, columns, strict=False)
    if options.mapping:
        for column in options.mapping:
            origin[column] = "given"
        mapping = apply_overrides(mapping, options.mapping, columns, strict=True)
    key_column = None
    if options.key:
        key_column = _find_column(columns, options.key)
        if key_column is None:
            raise WorkbenchError(f"{path.name}: --key {options.key!r} is not a column of this file "
                                 f"(columns: {', '.join(columns)})")
    elif saved_key and _find_column(columns, saved_key):
        key_column = _find_column(columns, saved_key)
    else:
        key_column = next((c for c in columns if mapping.get(c) == "external_id"), None)
    has_consent = any(t and split_target(t)[0] == "marketing_consent" for t in mapping.values())
    plan = ImportPlan(
        table=table, source_name=options.source or source_name or guess_source_name(path), header_row=header_row,
        columns=columns, mapping=mapping, origin=origin, samples=samples, preview=data[:PREVIEW_ROWS],
        key_column=key_column, consent_for_all=None if has_consent else file_consent(path.name),
        region=(options.region or "").upper() or None,
        shape=layout.shape,
    )
    plan.decide_dates()
    return plan
