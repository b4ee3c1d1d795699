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
    confidence_of,
    file_consent,
    propose_mapping,
)
from workbench.ingest.profiles import Recognition, recognise
from workbench.ingest.region_guess import guess_region
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
    region_guessed: bool = False  # the region is what the file's values suggest, nobody said it
    date_order: dict[str, str] = field(default_factory=dict)
    recognised: Recognition | None = None  # the system's export layout these headings are, if known
    notes: dict[str, str] = field(default_factory=dict)  # per column: why it was not imported as its heading says
    key_given: bool = False  # the user named the key column for this import
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
            "recognised": self.recognised.profile.label if self.recognised else None,
            "profile": self.recognised.profile.id if self.recognised else None,
            "confidence": {c: self.confidence(c) for c in self.columns},
        }

    def confidence(self, column: str) -> str:
        """How sure the proposal for a column is: high, medium or low (low: look at it)."""
        return confidence_of(self.origin.get(column, "kept"))

    def remember(self, saved_mapping: dict[str, Any] | None, saved_key: str | None) -> None:
        """What the master remembers of the source: its confirmed mapping and key column. A
        mapping the user gives for this import (origin "given") still wins."""
        given = {c for c, o in self.origin.items() if o == "given"}
        if saved_mapping:
            wanted = {c: t for c, t in saved_mapping.items() if c in self.mapping and c not in given}
            self.mapping = apply_overrides(self.mapping, wanted, self.columns, strict=False)
            for column in wanted:
                self.origin[column] = "saved"
        if saved_key and not self.key_given:
            found = _find_column(self.columns, saved_key)
            if found is not None:
                self.key_column = found
        self.decide_dates()

    def set_target(self, column: str, target: str | None) -> None:
        self.mapping[column] = target
        self.origin[column] = "given"
        self.decide_dates()

    def decide_dates(self) -> None:
        self.date_order = {}
        layout_order = self.recognised.profile.date_order if self.recognised else None
        for column, target in self.mapping.items():
            name = split_target(target)[0] if target else None
            if name in DATE_TARGETS and name not in self.date_order:
                order = decide_date_order(self.samples.get(column, []), self.region)
                if layout_order and (order is None or self.origin.get(column) == "profile"):
                    order = layout_order  # the system's documented order, where the values leave it open
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
    recognised: Recognition | None = None
    notes: dict[str, str] = {}
    if table.fixed_mapping is not None:
        mapping: Mapping = dict(table.fixed_mapping)
        origin = dict.fromkeys(columns, "file")
    else:
        recognised = recognise(columns, path.name)
        mapping, origin, notes = propose_mapping(columns, samples, recognised)
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
    elif recognised is not None and recognised.key is not None:
        key_column = recognised.key
    else:
        key_column = next((c for c in columns if mapping.get(c) == "external_id"), None)
    has_consent = any(t and split_target(t)[0] == "marketing_consent" for t in mapping.values())
    if recognised is not None and recognised.profile.consent:
        consent_for_all = recognised.profile.consent  # what the export itself means (a subscribed audience)
    else:
        consent_for_all = None if has_consent else file_consent(path.name)
    region = (options.region or "").upper() or (recognised.profile.region if recognised else None)
    guessed = None if region else guess_region(columns, mapping, samples)  # the country column, postcodes, script
    plan = ImportPlan(
        table=table, source_name=options.source or source_name or default_source_name(path, recognised),
        header_row=header_row, columns=columns, mapping=mapping, origin=origin, samples=samples,
        preview=data[:PREVIEW_ROWS], key_column=key_column, consent_for_all=consent_for_all, region=region or guessed,
        region_guessed=guessed is not None,
        recognised=recognised, notes=notes, key_given=bool(options.key), shape=layout.shape)
    plan.decide_dates()
    return plan


def default_source_name(path: Path, recognised: Recognition | None) -> str:
    """The system a recognised export comes from, else a name made from the file's."""
    return recognised.profile.system if recognised is not None else guess_source_name(path)
