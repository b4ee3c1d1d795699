""""Excel" files that are really markup: an HTML table, or an Excel 2003 XML spreadsheet.

Many web shops and booking systems export a file named .xls that is an HTML page with a table,
or the XML spreadsheet Excel 2003 wrote; Excel opens both without a word. They are read here as
what they are, streamed, so a big export needs no more memory than a small one.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from workbench.errors import WorkbenchError
from workbench.ingest.cells import cell_text
from workbench.ingest.sheet_reader import SheetInfo

Rows = Iterator[tuple[int, list[str | None]]]
CHUNK_CHARS = 1 << 16
MAX_SPAN = 100  # a colspan wider than any customer list is a mistake, not columns
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_BREAK = "\ue000"  # stands for <br> while the white space of a cell is collapsed (private use: never in text)
SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


# ------------------------------------------------------------------ HTML tables


def html_encoding(head: bytes, detected: str) -> str:
    """The charset the page declares, unless its bytes say otherwise (a BOM, valid UTF-8 or UTF-16)."""
    if detected.startswith(("utf-8-sig", "utf-16")) or detected == "utf-8":
        return detected
    match = _CHARSET.search(head[:4096])
    if match:
        try:
            return codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            pass
    return detected


class _TableParser(HTMLParser):
    """Collects the rows of every table: each <tr> a row, each <td>/<th> a cell (a colspan adds empty ones)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str | None]] = []
        self.row: list[str | None] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th"):
            self._end_cell()
            if self.row is None:
                self.row = []
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = min(MAX_SPAN, max(1, int(span))) if span.strip().isdigit() else 1
        elif tag == "tr" or tag == "table":
            self._end_row()
        elif tag == "br" and self.cell is not None:
            self.cell.append(_BREAK)
        elif tag in ("script", "style"):
            self.hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()
        elif tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.hidden:
            self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is None:
            return
        text = " ".join("".join(self.cell).split()).replace(f" {_BREAK} ", "\n").replace(_BREAK, "\n")
        assert self.row is not None
        self.row.append(cell_text(text))
        self.row.extend([None] * (self.span - 1))
        self.cell, self.span = None, 1

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self.rows.append(self.row)
        self.row = None


def html_rows(path: Path, encoding: str) -> Rows:
    """(row number, cells) of every table row of an HTML page, in the page's order."""
    parser = _TableParser()
    number = 0
    try:
        with path.open(encoding=encoding, errors="replace", newline="") as handle:
            while True:
                chunk = handle.read(CHUNK_CHARS)
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
                    parser._end_row()
                for cells in parser.rows:
                    number += 1
                    yield number, cells
                parser.rows.clear()
                if not chunk:
                    return
    except OSError as exc:
        raise WorkbenchError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None


# ------------------------------------------------------------------ Excel 2003 XML


def _events(path: Path, events: tuple[str, ...]) -> Iterator[tuple[str, object]]:
    try:
        yield from iterparse(str(path), events=events, forbid_dtd=True)
    except DefusedXmlException:
        raise WorkbenchError(f"{path.name}: refused: the file declares XML entities, which a spreadsheet never "
                             "needs (an entity bomb?)") from None
    except (SyntaxError, ValueError):  # ParseError is a SyntaxError: broken or cut off
        raise WorkbenchError(f"{path.name}: this Excel XML spreadsheet is damaged (it may be cut off — download "
                             "or export it again)") from None
    except OSError as exc:
        raise WorkbenchError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None


def xml_sheets(path: Path) -> list[SheetInfo]:
    """The worksheets of an Excel 2003 XML spreadsheet, with their number of rows."""
    sheets: list[SheetInfo] = []
    name, hidden, rows, table = "", False, 0, None
    for event, element in _events(path, ("start", "end")):
        tag = element.tag  # type: ignore[attr-defined]
        if event == "start" and tag == f"{SS}Worksheet":
            name, hidden, rows = element.get(f"{SS}Name") or f"Sheet{len(sheets) + 1}", False, 0  # type: ignore[attr-defined]
        elif tag == f"{SS}Table":
            table = element if event == "start" else None
        elif event == "end" and tag == f"{SS}Row":
            rows += 1
            element.clear()  # type: ignore[attr-defined]
            if table is not None:
                table.remove(element)  # type: ignore[attr-defined]
        elif event == "end" and tag.endswith("}Visible") and (element.text or "").strip() == "SheetHidden":  # type: ignore[attr-defined]
            hidden = True
        elif event == "end" and tag == f"{SS}Worksheet":
            sheets.append(SheetInfo(name, hidden, rows))
            element.clear()  # type: ignore[attr-defined]
    if not sheets:
        raise WorkbenchError(f"{path.name}: this Excel XML spreadsheet has no worksheets")
    return sheets


def _xml_value(data: object) -> str | None:
    kind = data.get(f"{SS}Type")  # type: ignore[attr-defined]
    text = "".join(data.itertext())  # type: ignore[attr-defined]
    if kind == "Number":
        try:
            return cell_text(float(text))
        except ValueError:
            return cell_text(text)
    if kind == "DateTime":
        day, _, clock = text.partition("T")
        clock = clock.split(".")[0]
        return day if clock in ("", "00:00:00") else f"{day} {clock}"
    if kind == "Boolean":
        return "TRUE" if text.strip() == "1" else "FALSE"
    return cell_text(text)


def xml_rows(path: Path, sheet_name: str) -> Rows:
    """(row number, cells) of one worksheet, honouring the row and cell positions (ss:Index) Excel skips to."""
    current: str | None = None
    table = None  # each row read is taken out of its table: a million rows need no more memory than one
    number = 0
    for event, element in _events(path, ("start", "end")):
        tag = element.tag  # type: ignore[attr-defined]
        if tag == f"{SS}Table":
            table = element if event == "start" else None
            continue
        if tag == f"{SS}Worksheet":
            if event == "start":
                current, number = element.get(f"{SS}Name"), 0  # type: ignore[attr-defined]
            elif current == sheet_name:
                return
            continue
        if event != "end" or tag != f"{SS}Row":
            continue
        if current == sheet_name:
            index = element.get(f"{SS}Index")  # type: ignore[attr-defined]
            number = int(index) if index and index.isdigit() and int(index) > number else number + 1
            cells: list[str | None] = []
            for cell in element.iter(f"{SS}Cell"):  # type: ignore[attr-defined]
                at = cell.get(f"{SS}Index")
                if at and at.isdigit() and int(at) - 1 > len(cells):
                    cells.extend([None] * (min(int(at) - 1, 16384) - len(cells)))
                data = cell.find(f"{SS}Data")
                cells.append(_xml_value(data) if data is not None else None)
                across = cell.get(f"{SS}MergeAcross")
                if across and across.isdigit():
                    cells.extend([None] * min(int(across), MAX_SPAN))
            yield number, cells
        element.clear()  # type: ignore[attr-defined]
        if table is not None:
            table.remove(element)  # type: ignore[attr-defined]
