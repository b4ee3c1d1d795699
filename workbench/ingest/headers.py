"""Finding the header row among title rows and blank rows, naming columns, spotting footer rows.

Reports and hand-made sheets put a title ("Customer list – March"), a date or blank rows
above the real headings, and totals below the data. The header is the row that looks most
like headings: many short text cells, ideally names we know, with data rows under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from workbench.text import fold

HEADER_SEARCH_ROWS = 30
_NUMBER = re.compile(r"^[-+]?[\d\s.,'%€$£]+$")
_DATE = re.compile(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}")
_FOOTER = re.compile(
    r"^(grand total|total|totals|subtotal|sum|summe|gesamt|gesamtsumme|zwischensumme|insgesamt|totaal|"
    r"totale|total general|count|anzahl|aantal|nombre|numero|records|rows|zeilen|exported|generated|"
    r"report|page|seite|printed|erstellt|gedruckt|stand|end of report)\b")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_heading_like(cell: str) -> bool:
    return (len(cell) <= 60 and "@" not in cell and not _NUMBER.match(cell) and not _DATE.match(cell)
            and any(c.isalpha() for c in cell))


def find_header(rows: Sequence[Sequence[str | None]], known: Callable[[str], bool]) -> int | None:
    """Index of the header row among the first rows, or None when the data has no header."""
    widths = [sum(1 for c in row if c) for row in rows]
    if not rows or max(widths, default=0) == 0:
        return None
    widest = max(widths)
    best, best_score = None, 0.0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [c for c in row if c]
        if len(cells) < min(2, widest) or len(cells) < widest * 0.5:
            continue  # a title, a date line or a blank row
        headings = sum(1 for c in cells if _is_heading_like(c))
        if headings < len(cells) * 0.6:
            continue
        recognised = sum(1 for c in cells if known(c))
        unique = len({fold(c) for c in cells}) / len(cells)
        below = [w for w in widths[index + 1:index + 6] if w]
        has_data = 1.0 if below and max(below) >= len(cells) * 0.5 else 0.0
        score = recognised * 3 + headings * unique + has_data * 2
        if score > best_score:
            best, best_score = index, score
    if best is None:
        return None
    cells = [c for c in rows[best] if c]
    if not any(known(c) for c in cells) and best_score < len(cells) + 2:
        # Nothing we recognise and nothing that sets this row apart: the data starts at once.
        below_heading_like = [sum(1 for c in r if c and _is_heading_like(c)) for r in rows[best + 1:best + 6]]
        if below_heading_like and min(below_heading_like) >= len(cells) * 0.6:
            return None
    return best


def column_names(header: Sequence[str | None], width: int) -> list[str]:
    """Usable, unique names: a blank heading becomes "Column C", a repeated one "Email (2)"."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for index in range(width):
        raw = header[index] if index < len(header) else None
        name = " ".join(str(raw).split()) if raw else f"Column {column_letter(index)}"
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            name = f"{name} ({seen[key]})"
            while name.casefold() in seen:
                seen[key] += 1
                name = f"{name.rsplit(' (', 1)[0]} ({seen[key]})"
        seen.setdefault(name.casefold(), 1)
        names.append(name)
    return names


def is_footer(cells: Sequence[str | None], width: int) -> bool:
    """A totals or "exported on" line under the data."""
    # Cells are text or None; counting in C spares most rows (fuller than a footer) the list below.
    if not 0 < len(cells) - cells.count(None) - cells.count("") <= max(1, width // 2):
        return False
    filled = [c for c in cells if c]
    return bool(_FOOTER.match(fold(filled[0])))


def is_blank(cells: Sequence[str | None]) -> bool:
    return not any(cells)
