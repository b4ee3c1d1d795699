"""Delimited text (CSV, TSV, TXT) read as a stream of rows.

Any line ending works (CRLF, LF, old Mac CR), quoted fields may hold line breaks, and a quote
that is opened but never closed is reported at the row where it starts instead of quietly
swallowing the rest of the file into one cell.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.cells import row_texts

# One cell may hold a long note, not a whole file.
MAX_FIELD_CHARS = 1_000_000
MAX_FIELD_LINES = 500


def _swallowed(row: list[str], delimiter: str, width: int | None) -> bool:
    """A multi-line cell whose lines look like rows of their own: a quote opened and never closed."""
    if width is None or width < 2:
        return False
    for cell in row:
        if "\n" in cell or "\r" in cell:
            lines = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:]
            row_like = sum(1 for line in lines if line.count(delimiter) == width - 1)
            if len(row) != width and row_like >= 1 or row_like >= 2 and row_like * 2 >= len(lines):
                return True
    return False


def iter_rows(path: Path, *, encoding: str, delimiter: str,
              width: int | None = None) -> Iterator[tuple[int, list[str | None]]]:
    """(row number as a spreadsheet shows it, cell texts) for every row of the file."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        handle = path.open(encoding=encoding, newline="", errors="strict")
    except OSError as exc:
        raise WorkbenchError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    with handle:
        reader = csv.reader(handle, delimiter=delimiter)
        number = 0
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                message = str(exc)
                if "field larger than field limit" in message:
                    raise WorkbenchError(
                        f"{path.name}: row {number + 1} (line {line}): a cell is longer than "
                        f"{MAX_FIELD_CHARS:,} characters; a quote opened there is probably never closed") from None
                if "NUL" in message:
                    raise WorkbenchError(f"{path.name}: line {line}: contains NUL characters; "
                                         "this is not a plain text table") from None
                raise WorkbenchError(f"{path.name}: row {number + 1} (line {line}): {message}") from None
            except UnicodeDecodeError as exc:
                raise WorkbenchError(f"{path.name}: near line {line}: not readable as {encoding} "
                                     f"({exc.reason})") from None
            number += 1
            if reader.line_num != line and (  # only a row spanning lines can hold a runaway quote
                    any(cell.count("\n") + cell.count("\r") > MAX_FIELD_LINES for cell in row)
                    or _swallowed(row, delimiter, width)):
                raise WorkbenchError(
                    f"{path.name}: row {number} (line {line}): a quote opened in this row is not closed "
                    "where it should be, so the lines after it would run together; fix the quote and "
                    "import again")
            line = reader.line_num + 1
            yield number, row_texts(row)
