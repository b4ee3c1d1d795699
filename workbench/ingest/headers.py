"""Finding the header row among title rows and blank rows, naming columns, spotting footer rows.

Reports and hand-made sheets put a title ("Customer list – March"), a date or blank rows
above the real headings, and totals, "Printed on …", page numbers or a timestamp below the
data. The header is the row that looks most like headings: many short text cells, ideally
names we know, with data rows under it. A footer is a sparse row that reads like a report's
own line; a customer known by a name or an e-mail alone is never taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workbench.text import fold

HEADER_SEARCH_ROWS = 30
_NUMBER = re.compile(r"^[-+]?[\d\s.,'%€$£]+$")
_DATE = re.compile(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}")

# Lines a report prints above or below its table, matched on the folded text of a sparse row.
# A word that could also be a name or a company ("Page", "Stand", "Total Fitness") counts only
# with what makes it a report line: a number, a colon, "of", "on", "am", "le".
_SUM_WORDS = (r"grand total|total general|totals?|sub-?totals?|summe|gesamtsumme|gesamt|zwischensumme|insgesamt|"
              r"totaal|totale|totaux|somme|suma")
_COUNT_WORDS = (r"count|anzahl|aantal|nombre|numero|number|records?|rows?|zeilen|datensatze|eintrage|entries|"
                r"customers?|contacts?|kunden|clients?|klanten|clienti|clientes|lignes|registros")
_DONE_WORDS = (r"printed|gedruckt|ausgedruckt|erstellt|generated|exported|exportiert|created|produced|run|edite|"
               r"imprime|genere|exporte|cree|afgedrukt|gegenereerd|geexporteerd|aangemaakt|stampato|generato|"
               r"esportato|creato|impreso|generado|exportado|creado|date printed|print date|druckdatum|"
               r"exportdatum|export date|run date|date d'edition|date d'impression|date d'export")
_REPORT_LINE = re.compile(
    rf"^(?:(?:{_SUM_WORDS})(?:\s*$|\s*[:=(#\d]|\s+(?:of|for|amount|{_COUNT_WORDS}|general|generale)\b)"
    rf"|(?:{_COUNT_WORDS})\b(?:\s+(?:of|de|der|des|an|von|van|di)\b)?(?:\s+[^\W\d_]+)?\s*[:=]\s*\d"
    rf"|\d[\d.,' ]*\s+(?:{_COUNT_WORDS})\b"
    rf"|(?:report\s+|bericht\s+|rapport\s+)?(?:{_DONE_WORDS})\b\s*(?:on|at|by|am|um|le|op|il|el|from|via|with|"
    r"[:\-–]|\d)"
    r"|(?:page|seite|pagina|blatt|pag|p|s)\.?\s*:?\s*\d+(?:\s*(?:of|von|de|di|van|sur|aus|/)\s*\d+)?\s*$"
    r"|\d+\s*(?:of|von|sur|van|di|/)\s*\d+\s*$"
    r"|(?:modified\s+)?(?:accrual|cash)\s+basis\b"
    r"|(?:as at|as of|as on|stand|stichtag|per|datum|date|en date du|au|op|al)\s*:?\s*\d"
    r"|(?:\*+\s*)?(?:end of (?:report|list)|ende des berichts|ende der liste|fin du rapport|fin del informe|"
    r"einde (?:van het )?rapport)\b)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun montag "
    "dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so lundi mardi mercredi jeudi vendredi "
    "samedi dimanche maandag dinsdag woensdag donderdag vrijdag zaterdag zondag lunes martes miercoles jueves "
    "viernes sabado domingo lunedi martedi mercoledi giovedi venerdi sabato domenica")
_MONTHS = _words(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec januar februar marz mai juni juli oktober dezember janvier fevrier mars avril "
    "juin juillet aout septembre octobre novembre decembre januari februari maart mei augustus enero febrero "
    "marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre gennaio febbraio aprile maggio "
    "giugno luglio settembre ottobre dicembre")
# Words that may stand around a printed date and time ("Accrual Basis  Friday, 14 March 2025  16:20").
_STAMP_WORDS = _words(
    "am pm gmt utc z cet cest mez mesz est edt cst cdt mst mdt pst pdt bst ist aest aedt nzst nzdt at um a le "
    "the of on de du den der op h uhr accrual cash basis printed gedruckt erstellt generated exported edite "
    "imprime genere")
# The words a report line can start with: most rows are told apart by their first word alone.
_STARTS = _WEEKDAYS | _MONTHS | _STAMP_WORDS | _words(
    "grand total totals sub subtotal subtotals summe gesamtsumme gesamt zwischensumme insgesamt totaal totale totaux "
    "somme suma count anzahl aantal nombre numero number record records row rows zeilen datensatze eintrage entries "
    "customer customers contact contacts kunden client clients klanten clienti clientes lignes registros report "
    "bericht rapport ausgedruckt exportiert created produced run exporte cree afgedrukt gegenereerd geexporteerd "
    "aangemaakt stampato generato esportato creato impreso generado exportado creado date print druckdatum "
    "exportdatum export page seite pagina blatt pag p s modified as stand stichtag per datum en au al end ende fin "
    "einde")
_FIRST = re.compile(r"\*|\d|[^\W\d_]+")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}\b")


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
        if len(cells) < widest and is_report_line(" ".join(cells)):
            continue  # "Accrual Basis | Friday, 14 March 2025 | 16:20" over a narrow table
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


_AUTO_NAME = re.compile(r"^Column [A-Z]{1,3}$")


def is_auto_name(column: str) -> bool:
    """A name `column_names` made up for a column without a heading."""
    return bool(_AUTO_NAME.match(column))


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


def is_report_line(text: str) -> bool:
    """A report's own line: a total, a count, "Printed on …", "Page 1 of 2", a printed timestamp."""
    folded = fold(text)
    first = _FIRST.match(folded)
    if first is None or (first.group() not in _STARTS and first.group() not in "*0123456789"):
        return False
    if "  " in folded or "\t" in folded or "\n" in folded:
        folded = " ".join(folded.split())
    return bool(_REPORT_LINE.match(folded)) or _is_timestamp(folded)


def _is_timestamp(folded: str) -> bool:
    """'Friday, March 14, 2025 04:20 PM GMT-07:00', 'Accrual Basis 14.03.2025 16:20': a date with a
    weekday, a month name or a time, and nothing else. A bare date is left alone: it may be a value."""
    if len(folded) > 80 or not _DIGIT.search(folded):
        return False
    year = named = False
    for token in _TOKEN.findall(folded):
        if token.isdigit():
            year = year or len(token) == 4
        elif token in _WEEKDAYS or token in _MONTHS:
            named = True
        elif token not in _STAMP_WORDS:
            return False
    year = year or bool(_NUMERIC_DATE.search(folded))
    return year and (named or bool(_TIME.search(folded)))


def is_footer(cells: Sequence[str | None], width: int) -> bool:
    """A totals, "printed on" or page line under the data, or a timestamp; never a row with an e-mail."""
    # Cells are text or None; counting in C spares most rows (fuller than a footer) the rest.
    filled_count = len(cells) - cells.count(None) - cells.count("")
    if not 0 < filled_count <= max(2, width // 2):  # two: "Total | 12" under a table of two columns
        return False
    filled = [c for c in cells if c]
    # A report line is a cell or a few ("Accrual Basis | Friday, 14 March 2025 | 16:20"); in a
    # fuller row only the first cell can say it is one ("Total | 12 | 15.50 | …").
    if not is_report_line(" ".join(filled) if filled_count <= 3 else filled[0]):
        return False
    # A customer known only by an e-mail address ("total@…", "page.smith@…") is a customer.
    return not any("@" in c and " " not in c.strip() for c in filled)


def filled_width(cells: Sequence[str | None]) -> int:
    """How far a row reaches: the position of its last filled cell (trailing empty cells do not count)."""
    width = len(cells)
    while width and not cells[width - 1]:
        width -= 1
    return width


@dataclass(frozen=True)
class RowShape:
    """How many cells a row of a text file may have; one with more has a stray delimiter.

    A value beyond the table's columns has been shifted there. And in a file whose rows all have
    the same number of cells (what a program writes), one cell more, even an empty one, means the
    values after the stray delimiter have moved one column on.
    """

    width: int  # the table's columns
    cells: int | None  # the number of cells every row has, when they all have the same
    header_cells: int  # cells of the header row (0: no header, or one that does not describe the rows)
    delimiter: str | None = None

    @property
    def limit(self) -> int:
        """A row of no more cells than this is fine without a look."""
        return min(self.width, self.cells or self.width)

    def problem(self, cells: Sequence[str | None]) -> str | None:
        """Why a row is not imported, in the shop owner's words; None when it is fine."""
        if self.cells is not None and len(cells) > self.cells:
            count, expected = len(cells), self.cells
        elif any(cells[self.width:]):
            count, expected = filled_width(cells), self.width
        else:
            return None
        stray = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(self.delimiter or "", "separator")
        if self.header_cells and expected in (self.width, self.header_cells):
            other = f"the header has {expected} column{'' if expected == 1 else 's'}"
        else:
            other = f"the other rows have {expected}"
        return f"{count} values but {other} — probably a stray {stray}; not imported"


def is_blank(cells: Sequence[str | None]) -> bool:
    return not any(cells)
