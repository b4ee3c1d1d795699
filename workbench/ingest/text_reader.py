"""Delimited text (CSV, TSV, TXT) read as a stream of rows.

Any line ending works (CRLF, LF, old Mac CR) and quoted fields may hold line breaks. A quote that
is opened and never closed would swallow the lines after it into one cell; that row is given as a
`BadRow` (rejected, with its line number) and the lines after it are read again as rows of their own.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TextIO

from workbench.errors import WorkbenchError
from workbench.ingest.cells import BadRow, row_texts

# One cell may hold a long note, not a whole file.
MAX_FIELD_CHARS = 1_000_000
MAX_FIELD_LINES = 500
# More rows than this with a quote never closed: the file's quoting is broken, not a row here and there.
MAX_BROKEN_ROWS = 100
NOT_CLOSED = 'a quote (") opened in this row{where} is never closed; not imported (the rows after it are read as usual)'


def _swallowed(row: list[str], lines: list[str], delimiter: str, width: int | None) -> bool:
    """A row spanning `lines` whose multi-line cell holds rows of its own: a quote opened and never closed.

    A cell may hold line breaks (a note, an address). It has swallowed rows when its lines look like
    rows (as many delimiters as the header) and either there are several, or the quote that ends
    the cell is not followed by a delimiter: it was the opening quote of a later row's cell.
    """
    if width is None or width < 2:
        return False
    for cell in row:
        if "\n" in cell or "\r" in cell:
            inner = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:]
            row_like = sum(1 for line in inner if line.count(delimiter) == width - 1)
            if len(row) != width and row_like >= 1 or row_like >= 2 and row_like * 2 >= len(inner):
                return True
            if row_like >= 1:
                try:
                    for _row in csv.reader(lines, delimiter=delimiter, strict=True):
                        pass
                except csv.Error:
                    return True
    return False


def _lines(handle: TextIO, taken: list[str], again: deque[str]) -> Iterator[str]:
    """The file's lines, first any to be read again; each one handed out is noted in `taken`."""
    while again:
        line = again.popleft()
        taken.append(line)
        yield line
    for line in handle:
        taken.append(line)
        yield line


def _cells_of(line: str, delimiter: str) -> list[str | None]:
    """The cells of a broken row's own line, for the rejects file."""
    try:
        return row_texts(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return [line[:1000].strip() or None]


def _open(path: Path, encoding: str, skip: int = 0) -> TextIO:
    try:
        handle = path.open(encoding=encoding, newline="", errors="strict")
    except OSError as exc:
        raise WorkbenchError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    deque(islice(handle, skip), maxlen=0)
    return handle


def iter_rows(path: Path, *, encoding: str, delimiter: str,
              width: int | None = None) -> Iterator[tuple[int, list[str | None]]]:
    """(row number as a spreadsheet shows it, cell texts) for every row of the file.

    `width`, the number of columns, lets a quote that swallows whole rows be told from a cell that
    holds line breaks.
    """
    csv.field_size_limit(MAX_FIELD_CHARS)
    handle = _open(path, encoding)
    try:
        # Most files have no line break inside a cell: they are read straight, at full speed. At the
        # first row that spans lines the file is opened again at that row and from there on the
        # lines of each row are noted, so that a runaway quote's lines can be read again as rows.
        taken: list[str] | None = None  # the lines of the row being read, once they are noted
        again: deque[str] = deque()
        reader = csv.reader(handle, delimiter=delimiter)
        number = 0
        line = 1  # where the row being read starts
        broken = 0
        while True:
            problem = None
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                message = str(exc)
                if "NUL" in message:
                    raise WorkbenchError(f"{path.name}: line {line}: contains NUL characters; "
                                         "this is not a plain text table") from None
                if "field larger than field limit" not in message:
                    raise WorkbenchError(f"{path.name}: row {number + 1} (line {line}): {message}") from None
                problem, row = NOT_CLOSED, []
            except UnicodeDecodeError as exc:
                raise WorkbenchError(f"{path.name}: near line {line}: not readable as {encoding} "
                                     f"({exc.reason})") from None
            if taken is None:
                if problem is None and reader.line_num == line:
                    number += 1
                    line += 1
                    yield number, row_texts(row)
                    continue
                handle.close()
                handle = _open(path, encoding, line - 1)
                taken = []
                reader = csv.reader(_lines(handle, taken, again), delimiter=delimiter)
                continue  # the same row again, its lines noted
            number += 1
            if problem is None and len(taken) > 1 and (  # only a row spanning lines can hold a runaway quote
                    any(cell.count("\n") + cell.count("\r") > MAX_FIELD_LINES for cell in row)
                    or _swallowed(row, taken, delimiter, width)):
                problem = NOT_CLOSED
            if problem is None:
                line += len(taken)
                taken.clear()
                yield number, row_texts(row)
                continue
            broken += 1
            if broken > MAX_BROKEN_ROWS:
                raise WorkbenchError(
                    f"{path.name}: more than {MAX_BROKEN_ROWS} rows have a quote (\") that is never closed; the "
                    "file's quotes are broken, so its rows cannot be told apart: export it again")
            # Only the row's own line is rejected; the lines its quote swallowed are rows of their own.
            first = taken[0] if taken else ""
            again.extendleft(reversed(taken[1:]))
            taken.clear()
            reader = csv.reader(_lines(handle, taken, again), delimiter=delimiter)
            where = f", on line {line} of the file," if line != number else ""
            yield number, BadRow(_cells_of(first, delimiter), problem.format(where=where))
            line += 1
    finally:
        handle.close()
