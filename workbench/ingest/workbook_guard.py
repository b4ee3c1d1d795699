"""Checks a workbook must pass before python-calamine sees it.

calamine aborts the whole process (which Python cannot catch) on some hostile workbooks: a
zip bomb, or a single stray cell at the far corner of a sheet, which makes it allocate the
whole rectangle. So the archive's declared sizes, encrypted or entity-laden XML and each
sheet's real extent are checked here first, reading only what is needed, in bounded memory.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree

from workbench.errors import WorkbenchError

MAX_UNCOMPRESSED_BYTES = 1 << 30  # 1 GiB of XML is far beyond any customer list
MAX_RATIO = 150  # sheet XML compresses 5–30 times; a bomb a thousand times
RATIO_CHECK_FROM = 16 << 20
MAX_CELLS = 25_000_000  # 1,000,000 rows × 25 columns
MAX_XLS_BYTES = 300 << 20
# A cell's reference attribute (no other SpreadsheetML attribute name ends in "r" and holds a
# cell reference); a leading \b or \s would make the scan three times slower.
_CELL_COLUMN = re.compile(rb'r="([A-Z]{1,3})[0-9]{1,7}"')
_CELL_ROW = re.compile(rb'r="[A-Z]{1,3}([0-9]{1,7})"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass(frozen=True)
class SheetPart:
    name: str
    path: str  # member of the zip holding the sheet's XML
    hidden: bool


_KINDS = {".ods": "an OpenDocument spreadsheet", ".xls": "an Excel workbook", ".xlsx": "an Excel workbook",
          ".xlsm": "an Excel workbook", ".xlsb": "an Excel workbook"}


def damaged(file_name: str) -> WorkbenchError:
    """The one message for a workbook that cannot be opened: cut off in a download, or something else renamed."""
    suffix = PurePosixPath(file_name.lower()).suffix
    kind = _KINDS.get(suffix, "a workbook")
    what = f"this {suffix} file" if suffix in _KINDS else "this file"
    return WorkbenchError(f"{file_name}: {what} is damaged or is not {kind} (it may be cut off — download or "
                          "export it again)")


def _count_rows(chunk: bytes) -> int:
    if b":row" in chunk:
        return len(_ROW_TAG.findall(chunk))  # a namespace prefix: the general pattern
    # The only other element of a sheet whose name starts with "row" is <rowBreaks>.
    return chunk.count(b"<row") - chunk.count(b"<rowBreaks")


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def check_archive(path: Path) -> zipfile.ZipFile:
    """Open the zip and refuse bombs, encryption and XML entity declarations."""
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError):
        raise damaged(path.name) from None
    except OSError as exc:
        raise WorkbenchError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            archive.close()
            raise WorkbenchError(f"{path.name}: the workbook is encrypted; save an unprotected copy and import that")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNCOMPRESSED_BYTES or (info.file_size > RATIO_CHECK_FROM and ratio > MAX_RATIO):
            archive.close()
            raise WorkbenchError(f"{path.name}: refused: it unpacks to {total / (1 << 20):,.0f} MB or more "
                                 f"({info.filename} alone is compressed {ratio:,.0f} times), which no customer "
                                 "list does; it looks like a zip bomb")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and info.file_size:
            try:
                with archive.open(info) as member:
                    head = member.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
                archive.close()
                raise damaged(path.name) from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                archive.close()
                raise WorkbenchError(f"{path.name}: refused: {info.filename} declares XML entities, which a "
                                     "workbook never needs (an entity bomb?)")
    return archive


def xlsx_sheets(archive: zipfile.ZipFile, file_name: str) -> list[SheetPart]:
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:  # a zip, but not a workbook's: its list of sheets is missing
        raise damaged(file_name) from None
    except Exception:  # defusedxml refusals, broken XML and a damaged zip member alike
        raise damaged(file_name) from None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    sheets = []
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        sheets.append(SheetPart(sheet.get("name", ""), member, sheet.get("state", "visible") != "visible"))
    return sheets


def check_sheet_extent(archive: zipfile.ZipFile, part: SheetPart, file_name: str) -> tuple[int, int]:
    """The sheet's real last row and column, from its cells (not from its own claim)."""
    max_row = max_col = rows = 0
    tail = b""
    try:
        with archive.open(part.path) as member:
            while chunk := member.read(1 << 20):
                data = tail + chunk
                # findall, set and map keep the per-cell work in C: a million cells in about a second.
                letters = set(_CELL_COLUMN.findall(data))
                numbers = _CELL_ROW.findall(data)
                if letters:
                    max_col = max(max_col, max(map(_column_number, letters)))
                if numbers:
                    max_row = max(max_row, max(map(int, numbers)))
                rows += _count_rows(chunk)
                tail = data[-64:]
    except KeyError:
        raise WorkbenchError(f"{file_name}: sheet {part.name!r} is missing from the workbook") from None
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise damaged(file_name) from None
    max_row = max(max_row, rows)
    if max_row * max(max_col, 1) > MAX_CELLS:
        raise WorkbenchError(
            f"{file_name}: sheet {part.name!r} reaches down to row {max_row:,} and across to column {max_col:,} "
            f"({max_row * max_col:,} cells); that is probably a stray cell far away from the data: delete it, "
            "save, and import again")
    return max_row, max_col


def check_xls(path: Path) -> None:
    if path.stat().st_size > MAX_XLS_BYTES:
        raise WorkbenchError(f"{path.name}: an .xls workbook of {path.stat().st_size / (1 << 20):,.0f} MB is "
                             "larger than this app reads; save it as .xlsx or CSV")
