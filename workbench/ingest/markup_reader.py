""""Excel" files that are really markup: an HTML table, or an Excel 2003 XML spreadsheet.

Many web shops and booking systems export a file named .xls that is an HTML page with a table,
or the XML spreadsheet Excel 2003 wrote; Excel opens both without a word. They are read here as
what they are, streamed, so a big export needs no more memory than a small one.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from workbench.errors import WorkbenchError
from workbench.ingest.cells import cell_text, row_texts
from workbench.ingest.sheet_reader import SheetInfo

Rows = Iterator[tuple[int, list[str | None]]]
CHUNK_CHARS = 1 << 16
MAX_SPAN = 100  # a colspan wider than any customer list is a mistake, not columns
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_BREAK = "\ue000"  # stands for <br> while the white space of a cell is collapsed (private use: never in text)
SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_XML_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""")
_AFTER_NAME = (b" ", b">", b"/", b"\t", b"\r", b"\n")  # "Worksheet" as a whole tag name
_XML_NAME = re.compile(rb"""(?:\w+:)?Name\s*=\s*["']([^"']*)["']""")
# Where a row starts; a cell with its content, up to the next cell, row or table tag (the content
# taken in runs of text between "<", which is many times as fast as looking ahead at every character).
_ROW_START = re.compile(r"<tr\b[^>]*>", re.IGNORECASE)
_CELL = re.compile(r"<t[dh]\b([^>]*)>([^<]*(?:<(?!/?t[dhr]\b|/?table\b|/?tbody\b|/?thead\b|/?tfoot\b)[^<]*)*)",
                   re.IGNORECASE)
_NOISE = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_NOISE_START = re.compile(r"<(?:script|style)\b", re.IGNORECASE)
_SPECIAL = re.compile(r"[<&\n\r\t]")
_COLSPAN = re.compile(r"colspan", re.IGNORECASE)
_SPAN = re.compile(r"colspan\s*=\s*[\"']?\s*(\d+)", re.IGNORECASE)
_BR = re.compile(r"<br\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
MAX_CARRY = 1 << 20  # no row of a customer list is longer


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


def _table_rows(text: str) -> Iterator[list[str | None]]:
    """The rows of the tables in a piece of a page that ends where a row starts (or at its end)."""
    if "<!--" in text or _NOISE_START.search(text):
        text = _NOISE.sub("", text)
    for row in _ROW_START.split(text)[1:]:
        found = _CELL.findall(row)
        if not found:
            continue
        contents = [content for _attrs, content in found]
        if _SPECIAL.search("".join(contents)):  # one look for the whole row: most cells are plain text
            contents = [_clean(content) if _SPECIAL.search(content) else content for content in contents]
        cells = row_texts(contents)
        if _COLSPAN.search(row):
            spread: list[str | None] = []
            for (attrs, _content), cell in zip(found, cells, strict=True):
                spread.append(cell)
                span = _SPAN.search(attrs)
                if span:
                    spread.extend([None] * (min(MAX_SPAN, max(1, int(span.group(1)))) - 1))
            cells = spread
        yield cells


def _clean(content: str) -> str:
    """A cell's text as a browser shows it: tags gone, <br> a line break, entities decoded, spaces collapsed."""
    if "<" in content:
        content = _TAG.sub("", _BR.sub(_BREAK, content))
    if "&" in content:
        content = unescape(content)
    text = " ".join(content.split())
    return text.replace(f" {_BREAK} ", "\n").replace(_BREAK, "\n") if _BREAK in text else text


def _cut(text: str) -> int:
    """Where the text can be cut so that every row before the cut is whole: where its last row starts."""
    lowered = text[-MAX_CARRY:].lower()
    at = lowered.rfind("<tr")
    if at < 0:
        return len(text)
    cut = len(text) - len(lowered) + at
    # One row so far: wait for the rest of it (unless it is longer than any row of a customer list).
    return cut if cut > 0 or len(text) >= MAX_CARRY else 0


def html_rows(path: Path, encoding: str) -> Rows:
    """(row number, cells) of every table row of an HTML page, in the page's order."""
    number = 0
    carry = ""
    try:
        with path.open(encoding=encoding, errors="replace", newline="") as handle:
            while True:
                chunk = handle.read(CHUNK_CHARS)
                text = carry + chunk
                cut = _cut(text) if chunk else len(text)
                carry = text[cut:]
                for cells in _table_rows(text[:cut]):
                    number += 1
                    yield number, cells
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
    """The worksheets of an Excel 2003 XML spreadsheet, with their number of rows.

    Found by looking for their tags in the bytes, which takes a fraction of a second where parsing
    a big file takes many; the rows are parsed (and the file checked) when they are read.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise WorkbenchError(f"{path.name}: refused: the file declares XML entities, which a spreadsheet "
                                     "never needs (an entity bomb?)")
            declared = _XML_ENCODING.search(head[:200])
            encoding = declared.group(1).decode("ascii") if declared else "utf-8"
            if b"\x00" in head[:200] or not _known_codec(encoding):
                return _parsed_sheets(path)  # UTF-16 or an odd encoding: parse it
            handle.seek(0)
            sheets: list[SheetInfo] = []
            name, hidden, rows, tail = None, False, 0, b""
            while True:
                chunk = handle.read(1 << 20)
                data = tail + chunk
                # Up to a "<" well before the end: no tag is cut in two by where this round stops.
                end = len(data) if not chunk else max(0, data.rfind(b"<", 0, max(0, len(data) - 4096)))
                done = 0
                at = data.find(b"Worksheet", 0, end)
                while at >= 0:
                    start = data.rfind(b"<", max(0, at - 40), at)
                    close = data.find(b">", at)
                    if start >= 0 and close >= 0 and data[at + 9:at + 10] in _AFTER_NAME:  # not WorksheetOptions
                        if name is not None:
                            rows += _xml_rows_in(data, done, start)
                            hidden = hidden or data.find(b"SheetHidden", done, start) >= 0
                        if data[start + 1:start + 2] == b"/":
                            if name is not None:
                                sheets.append(SheetInfo(name, hidden, rows))
                            name = None
                        else:
                            found = _XML_NAME.search(data, at + 9, close)
                            name = unescape(found.group(1).decode(encoding, errors="replace")) if found else \
                                f"Sheet{len(sheets) + 1}"
                            hidden, rows = False, 0
                        done = close + 1
                    at = data.find(b"Worksheet", at + 9, end)
                if name is not None and done < end:
                    rows += _xml_rows_in(data, done, end)
                    hidden = hidden or data.find(b"SheetHidden", done, end) >= 0
                if not chunk:
                    break
                tail = data[end:]
    except OSError as exc:
        raise WorkbenchError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if name is not None:  # cut off inside a worksheet: reading its rows will say so
        sheets.append(SheetInfo(name, hidden, rows))
    if not sheets:
        raise WorkbenchError(f"{path.name}: this Excel XML spreadsheet has no worksheets")
    return sheets


def _xml_rows_in(data: bytes, start: int, end: int) -> int:
    return sum(data.count(tag, start, end) for tag in (b"<Row>", b"<Row ", b":Row>", b":Row "))


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _parsed_sheets(path: Path) -> list[SheetInfo]:
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
