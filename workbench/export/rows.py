"""From chunks of customers to the rows a preset writes, counting what was left out or cut.

`RowBuilder` knows the preset's columns and row kind (one row per customer, per e-mail
address, or per source record). It yields each row's cells, already in their final form:
text for CSV, typed values (dates, numbers) for XLSX. Values longer than a column's limit
are cut to it and counted, so the summary can say so; a row without a value the tool
requires is left out and counted.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from workbench.export.fields import (
    ColumnSpec,
    Getter,
    compile_column,
    customer_attributes,
    field_kind,
    is_text_column,
    to_text,
)
from workbench.export.presets import Preset
from workbench.store.export_rows import E_ADDRESS, E_VALID, ExportCustomer, Needs

TEXT, TYPED = "text", "typed"


@dataclass(frozen=True)
class CompiledColumn:
    spec: ColumnSpec
    getter: Getter


def needs_for(preset: Preset, columns: Iterable[ColumnSpec]) -> Needs:
    columns = list(columns)
    kinds = {field_kind(name) for column in columns for name in column.fields}
    if preset.format == "vcard":
        return Needs()
    return Needs(
        fields=frozenset(customer_attributes([name for column in columns for name in column.fields])),
        emails="email" in kinds or preset.rows == "email",
        phones="phone" in kinds,
        addresses="address" in kinds,
        sources="sources" in kinds,
        records=preset.rows == "source_record",
    )


class RowBuilder:
    def __init__(self, preset: Preset, columns: Iterable[ColumnSpec], mode: str = TEXT) -> None:
        self.preset = preset
        self.columns = [CompiledColumn(spec, compile_column(spec)) for spec in columns]
        self._getters = [c.getter for c in self.columns]
        # Text columns without a limit go out as read (None is written as an empty cell); only the
        # others pass through `_cell`. At a million rows, that difference is most of the time.
        self._converted = [(i, c.spec) for i, c in enumerate(self.columns)
                           if not is_text_column(c.spec) or c.spec.max_length or c.spec.max_bytes]
        self._required = [(i, c.spec) for i, c in enumerate(self.columns) if c.spec.required]
        self.mode = mode
        self.left_out: Counter[str] = Counter()
        self.truncated: Counter[str] = Counter()
        self._seen_emails: set[str] = set()
        self.carried = array("q")  # the customers with a row in the file, for the export log

    @property
    def headers(self) -> list[str]:
        return [c.spec.header for c in self.columns]

    def items(self, customer: ExportCustomer) -> Iterator[Any]:
        """The row items of one customer: itself, each of its e-mails, or each of its source records."""
        rows = self.preset.rows
        if rows == "customer":
            yield None
        elif rows == "email":
            valid = [e for e in customer.emails if e[E_VALID]]
            if not valid:
                self.left_out["no_email"] += 1
                return
            for email in valid if self.preset.emails == "all" else valid[:1]:
                key = email[E_ADDRESS].strip().casefold()
                if key in self._seen_emails:
                    self.left_out["duplicate_email"] += 1
                    continue
                self._seen_emails.add(key)
                yield email
        else:
            yield from customer.records

    def rows(self, customers: Iterable[ExportCustomer]) -> Iterator[list[Any]]:
        carried = self.carried.append
        for customer in customers:
            written = False
            for item in self.items(customer):
                row = self.row(customer, item)
                if row is not None:
                    written = True
                    yield row
            if written:
                carried(customer.id)

    def row(self, customer: ExportCustomer, item: Any) -> list[Any] | None:
        """The row's cells: text (or a typed value in XLSX mode), None for an empty cell."""
        cells = [getter(customer, item) for getter in self._getters]
        for index, spec in self._converted:
            cells[index] = self._cell(cells[index], spec)
        for index, spec in self._required:
            if not cells[index]:
                self.left_out[f"missing:{spec.header}"] += 1
                return None
        return cells

    def _cell(self, value: Any, spec: ColumnSpec) -> Any:
        if value is None:
            return ""
        if self.mode == TYPED and isinstance(value, int | float | date) and not isinstance(value, bool):
            return value
        text = to_text(value, spec.format, spec.separator)
        if spec.max_length is not None and len(text) > spec.max_length:
            self.truncated[spec.header] += 1
            text = text[: spec.max_length].rstrip()
        if spec.max_bytes is not None:
            data = text.encode("utf-8")
            if len(data) > spec.max_bytes:
                self.truncated[spec.header] += 1
                text = data[: spec.max_bytes].decode("utf-8", errors="ignore").rstrip()
        return text

    def limits_text(self) -> list[str]:
        notes = []
        for header, count in self.truncated.items():
            spec = next(c.spec for c in self.columns if c.spec.header == header)
            limit = f"{spec.max_length} characters" if spec.max_length else f"{spec.max_bytes} bytes"
            notes.append(f"{count:,} value{'s' if count != 1 else ''} of {header} cut to the {limit} "
                         f"{self.preset.tool} accepts")
        return notes
