"""File writers: CSV, XLSX and vCard, each fed rows a chunk at a time.

Writers get a binary handle (the temporary file of `atomic_file`) and never hold more than
the rows of the current chunk; openpyxl's write-only mode streams worksheet rows to disk.
CSV and XLSX cells pass the formula-injection guard.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from workbench.export import vcard
from workbench.export.guard import guard, needs_guard
from workbench.export.presets import Preset
from workbench.store.export_rows import ExportCustomer

XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_MAX_ROWS = 1_048_576


class CsvWriter:
    def __init__(self, handle: IO[bytes], preset: Preset, headers: list[str]) -> None:
        encoding = "utf-8"
        if preset.encoding == "utf-8-sig":
            handle.write(codecs.BOM_UTF8)  # written once here: the text wrapper must not repeat it
        self._text = io.TextIOWrapper(handle, encoding=encoding, newline="", write_through=False)
        self._csv = csv.writer(self._text, delimiter=preset.delimiter, lineterminator=preset.line_ending,
                               quoting=csv.QUOTE_MINIMAL)
        self._csv.writerow([guard(h) for h in headers])

    def write_rows(self, rows: Iterable[list[Any]]) -> int:
        count = 0
        writerow = self._csv.writerow
        for row in rows:
            writerow([guard(cell) if cell and cell[0] in "=+-@\t\r" else cell for cell in row])
            count += 1
        return count

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # the handle belongs to atomic_file, which closes it

    def abort(self) -> None:
        self._text.detach()


class XlsxWriter:
    def __init__(self, handle: IO[bytes], preset: Preset, headers: list[str]) -> None:
        self._handle = handle
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(preset.tool[:31] or "Export")
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = self._text_cell(header)
            cell.font = bold
            header_cells.append(cell)
        self._sheet.append(header_cells)
        self.rows_written = 0

    def _text_cell(self, value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._sheet, value=value)
        # A str starting with "=" would otherwise become a formula; every text cell stays text,
        # and risky ones carry the quote prefix so editing them in Excel keeps them text.
        cell.data_type = "s"
        if needs_guard(value):
            cell.quotePrefix = True
        return cell

    def write_rows(self, rows: Iterable[list[Any]]) -> int:
        count = 0
        for row in rows:
            if self.rows_written + 1 >= XLSX_MAX_ROWS:
                raise OverflowError("xlsx row limit")
            cells = []
            for value in row:
                if value is None or value == "":
                    cells.append(None)
                elif isinstance(value, str):
                    cells.append(self._text_cell(value))
                else:
                    cell = WriteOnlyCell(self._sheet, value=value)
                    if hasattr(value, "hour"):
                        cell.number_format = XLSX_DATETIME_FORMAT
                    elif hasattr(value, "day"):
                        cell.number_format = XLSX_DATE_FORMAT
                    cells.append(cell)
            self._sheet.append(cells)
            count += 1
            self.rows_written += 1
        return count

    def close(self) -> None:
        self._book.save(self._handle)

    def abort(self) -> None:
        # openpyxl streams the sheet into its own temporary file; finish and remove it, or it
        # is left behind and its writer complains when garbage-collected.
        try:
            self._sheet.close()
            self._sheet._writer.cleanup()
        except Exception:  # noqa: BLE001 - nothing of an aborted workbook is worth an error
            pass


class VcardWriter:
    def __init__(self, handle: IO[bytes], preset: Preset, headers: list[str]) -> None:
        self._handle = handle
        self._version = preset.vcard_version

    def write_cards(self, customers: Iterable[ExportCustomer]) -> int:
        count = 0
        for text in vcard.cards(customers, self._version):
            self._handle.write(text.encode("utf-8"))
            count += 1
        return count

    def close(self) -> None:
        return None

    def abort(self) -> None:
        return None


def open_writer(handle: IO[bytes], preset: Preset, headers: list[str]) -> CsvWriter | XlsxWriter | VcardWriter:
    if preset.format == "xlsx":
        return XlsxWriter(handle, preset, headers)
    if preset.format == "vcard":
        return VcardWriter(handle, preset, headers)
    return CsvWriter(handle, preset, headers)
