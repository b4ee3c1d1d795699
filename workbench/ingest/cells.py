"""Cell values as the user sees them in their spreadsheet, as text.

Postcodes and phone numbers keep their leading zeros (text stays text), whole numbers stored
as floating point lose their ".0" and never become 1.2E+15, dates become ISO text, and the
apostrophe (or `="…"`) a system put in front of a number to protect it is removed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

_PROTECTED = re.compile(r"^'([+(]?\d[\d\s()./\-]*)$")
_FORMULA_TEXT = re.compile(r'^="(.*)"$')
_MAX_EXACT = 2**53


def cell_text(value: object) -> str | None:
    """One cell → trimmed text, or None when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text[0] == "'":
            match = _PROTECTED.match(text)
            if match:
                return match.group(1)
        elif text[0] == "=":
            match = _FORMULA_TEXT.match(text)
            if match:
                return match.group(1).strip() or None
        return text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN: an error value such as #N/A
            return None
        if value.is_integer() and abs(value) < _MAX_EXACT:
            return str(int(value))
        text = f"{value:.15g}"
        if "e" in text:
            text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, timedelta):
        return str(value)
    text = str(value).strip()
    return text or None


def row_texts(row: list[str]) -> list[str | None]:
    """`cell_text` of every cell of a row read as text; the same result, several times faster.

    Raises TypeError when a cell is not text.
    """
    line = "".join(row)
    if "'" in line or "=" in line:  # a cell may be protected ('0049…, ="0049…"): look at each
        return [cell_text(cell) for cell in row]
    return [cell.strip() or None for cell in row]


class BadRow(list):
    """A row read but not importable as it stands: its cells (for the rejects file) and why, in `reason`."""

    def __init__(self, cells: list[str | None], reason: str) -> None:
        super().__init__(cells)
        self.reason = reason
