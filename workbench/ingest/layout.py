"""Where the customers are in a file: which sheet, which row holds the headings, how wide the table is.

A workbook may open with instructions, a cover or a pivot table; the sheet imported is the one
whose columns are headed or filled like customer data, the biggest when several are. Above the
headings a report may print a title block, below the data totals and a timestamp: those rows are
left out here and in `ImportPlan.data_rows`. In a text file the header says how many values a row
has; a row with more has a stray delimiter and is rejected rather than stored shifted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest import headers
from workbench.ingest.heading_words import target_for_heading
from workbench.ingest.mapping import target_for_values
from workbench.ingest.table import Table, open_table

HEAD_ROWS = 250
PREVIEW_ROWS = 50
SAMPLE_VALUES = 200
REGULAR_FROM = 10


@dataclass
class Layout:
    table: Table
    header_row: int | None  # as the spreadsheet numbers it; None when the file has no header row
    columns: list[str]
    data: list[tuple[int, list[str | None]]]  # the data rows of the head: no blank, footer or rejected rows
    shape: headers.RowShape | None = None  # text files: how many cells a row may have
    header_cells: list[str | None] = field(default_factory=list)


# Fields that name or reach a person: a sheet with none of these is no table of customers, however
# many of its headings a vocabulary knows (a pivot's "Sum of Sales", "Row Labels").
_PERSONAL = {"first_name", "last_name", "full_name", "company", "email", "phone", "mobile", "street", "city",
             "postcode", "address"}


class NoCustomerSheet(WorkbenchError):
    """No sheet looks like customers; the user may still name one (its names are in `sheets`)."""

    def __init__(self, sheets: list[str], message: str) -> None:
        super().__init__(message)
        self.sheets = sheets


def _known(cell: str) -> bool:
    return target_for_heading(cell) is not None


def _personal(cell: str) -> bool:
    target = target_for_heading(cell)
    return target is not None and target.partition(":")[0] in _PERSONAL


def read_layout(path: Path, sheet: str | None = None) -> Layout:
    """Open the file, choose its sheet (unless named), find the header and the data rows of its head."""
    path = Path(path)
    table = open_table(path, sheet=sheet)
    if sheet is not None or not table.sheets:
        layout = _layout(table)
        if layout is None:
            raise WorkbenchError(f"{path.name}: has no data (every row is empty)")
        return layout
    return _choose_sheet(path, table)


def _choose_sheet(path: Path, table: Table) -> Layout:
    """The biggest visible sheet whose columns are headed or filled like customer data.

    Reading a sheet loads all of it, so where the workbook says how big its sheets are (XLSX, XML)
    they are read biggest first and the first customer table found is taken: mostly one read, and
    the one read last (which calamine keeps for the import) is the one imported.
    """
    visible = [s for s in table.sheets if not s.hidden]
    candidates = [s for s in visible if s.rows != 0]
    sized = all(s.rows is not None for s in candidates)
    if sized:
        candidates.sort(key=lambda s: -(s.rows or 0))  # stable: of two as big, the first in the workbook
    found: list[tuple[int, int, Layout]] = []
    any_rows = False
    for index, info in enumerate(candidates):
        layout = _layout(table if info.name == table.sheet else table.for_sheet(info))
        any_rows = any_rows or layout is not None
        if layout is not None and _recognised(layout):
            if sized:
                return layout
            found.append((len(layout.data), -index, layout))
    if found:
        return max(found, key=lambda item: item[:2])[2]
    if not any_rows and len(visible) == 1:
        raise WorkbenchError(f"{path.name}: has no data (every row is empty)")
    names = ", ".join(s.name + (" (hidden)" if s.hidden else "") for s in table.sheets)
    raise NoCustomerSheet([s.name for s in table.sheets], f"{path.name}: no sheet of this workbook holds a table of customers: no column is "
                         f"headed or filled like names, e-mails, phones or addresses (sheets: {names})")


def _recognised(layout: Layout) -> int:
    """How many columns are headed or filled like customer data."""
    count = 0
    for index in range(len(layout.columns)):
        heading = layout.header_cells[index] if index < len(layout.header_cells) else None
        if heading and _personal(heading):
            count += 1
            continue
        values = [c[index] for _n, c in layout.data[:SAMPLE_VALUES] if index < len(c) and c[index]]
        if values and target_for_values(values):
            count += 1
    return count


def _layout(table: Table) -> Layout | None:
    """The head of one table read: None when every row of it is blank."""
    head: list[tuple[int, list[str | None]]] = []
    for number, cells in table.rows(None):
        head.append((number, cells))
        if len(head) >= HEAD_ROWS:
            break
    if table.fixed_columns is not None:
        return Layout(table, None, list(table.fixed_columns), head)
    nonblank = [(n, c) for n, c in head if not headers.is_blank(c) and c.__class__ is list]
    if not nonblank:
        return None
    index = headers.find_header([c for _n, c in nonblank], _known)
    if index is None:
        header_row, header_cells, data = None, [], nonblank
    else:
        (header_row, header_cells), data = nonblank[index], nonblank[index + 1:]
    shape = None
    if table.format == "csv":
        width, shape = _text_shape(header_cells, data, table.delimiter)
    else:
        width = max([len(header_cells)] + [len(c) for _n, c in data[:PREVIEW_ROWS]])
        while width > 1 and not (width <= len(header_cells) and header_cells[width - 1]) and \
                not any(len(c) >= width and c[width - 1] for _n, c in data[:SAMPLE_VALUES]):
            width -= 1  # empty trailing columns
    columns = headers.column_names(header_cells, width)
    data = [(n, c) for n, c in data if not headers.is_footer(c, width)
            and not (header_cells and c[:len(header_cells)] == header_cells)  # headings again, on a new page
            and (shape is None or len(c) <= shape.limit or shape.problem(c) is None)]
    return Layout(table, header_row, columns, data, shape, list(header_cells))


def _text_shape(header_cells: list[str | None], data: list[tuple[int, list[str | None]]],
                delimiter: str | None) -> tuple[int, headers.RowShape]:
    """How many columns a text table has, and how many cells its rows may have.

    The header decides, unless most rows reach beyond it (a heading left out): then the rows do.
    A few rows reaching beyond the others have a stray delimiter; they are rejected on import.
    """
    heading_width = headers.filled_width(header_cells)
    rows = [c for _n, c in data if not headers.is_footer(c, max(heading_width, 2))]
    lengths = [len(c) for c in rows]
    widths = [headers.filled_width(c) for c in rows]
    mode = max(set(lengths), key=lengths.count) if lengths else None
    # Rows of one length (a program wrote them; a handful of rows say too little to tell).
    regular = mode is not None and len(lengths) >= REGULAR_FROM and \
        sum(1 for n in lengths if n != mode) <= max(1, len(lengths) // 50)
    if header_cells and sum(1 for w in widths if w > heading_width) * 2 <= len(widths):
        width, described = max(heading_width, 1), len(header_cells)
    elif not header_cells and regular:
        width, described = max([1, *(w for w, n in zip(widths, lengths, strict=True) if n <= mode)]), 0
    else:
        width, described = max([heading_width, *widths, 1]), 0
    cells = mode if regular and mode is not None and mode >= width else None
    return width, headers.RowShape(width, cells, described, delimiter)
