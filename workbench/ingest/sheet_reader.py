"""Workbooks (XLSX, XLSM, XLS, ODS) through python-calamine, after the guard's checks.

Formulas give their cached values, date cells become dates, a value merged down over several
rows is repeated on each of them, and a hidden sheet is never the one picked by default.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, PasswordError, SheetVisibleEnum

from workbench.errors import WorkbenchError
from workbench.ingest import workbook_guard as guard
from workbench.ingest.cells import cell_text, row_texts


@dataclass(frozen=True)
class SheetInfo:
    name: str
    hidden: bool
    rows: int | None = None  # the real extent, where the guard measured it


def _open(path: Path, fmt: str | None = None) -> CalamineWorkbook:
    """calamine picks its reader by the file's extension; a workbook saved under another one
    (an .xls that is really .xlsx, an .ods named .xlsx) is handed over as bytes, so it sniffs."""
    try:
        if fmt is None or _READS_AS.get(path.suffix.lower()) == fmt:
            return CalamineWorkbook.from_path(str(path))
        with path.open("rb") as handle:
            return CalamineWorkbook.from_filelike(handle)
    except PasswordError:
        raise WorkbenchError(f"{path.name}: the workbook is password-protected; save an unprotected copy "
                             "and import that") from None
    except Exception as exc:  # calamine raises its own types for zip and XML faults
        raise _problem(path, exc) from None


_READS_AS = {".xlsx": "xlsx", ".xlsm": "xlsm", ".xls": "xls", ".ods": "ods", ".xlsb": "xlsb"}


def _problem(path: Path, exc: BaseException, sheet: str | None = None) -> WorkbenchError:
    if "cell limit" in str(exc).lower():
        where = f"sheet {sheet!r}" if sheet else "the workbook"
        return WorkbenchError(f"{path.name}: {where} reaches far beyond its data (a stray cell far away from "
                              "the data?): delete it, save, and import again")
    if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError | IsADirectoryError) and exc.strerror:
        return WorkbenchError(f"{path.name}: cannot be read ({exc.strerror})")
    # What calamine says ("Cfb error: Sector 8 points past end of file", "Could not find EOCD")
    # means nothing to the owner of the file; that it is damaged, and what to do, does.
    if sheet is not None:
        return WorkbenchError(f"{path.name}: sheet {sheet!r} is damaged and cannot be read; open the file in "
                              "the program that made it, save it again (or export it again) and import that")
    return guard.damaged(path.name)


def list_sheets(path: Path, fmt: str) -> list[SheetInfo]:
    """The workbook's sheets, each checked so calamine can read it safely."""
    if fmt in ("xlsx", "xlsm"):
        archive = guard.check_archive(path)
        try:
            parts = guard.xlsx_sheets(archive, path.name)
            sheets = []
            for part in parts:
                rows, _cols = guard.check_sheet_extent(archive, part, path.name)
                sheets.append(SheetInfo(part.name, part.hidden, rows))
        finally:
            archive.close()
        if not sheets:
            raise WorkbenchError(f"{path.name}: the workbook has no sheets")
        return sheets
    if fmt == "ods":
        guard.check_archive(path).close()
    elif fmt == "xls":
        guard.check_xls(path)
    workbook = _open(path, fmt)
    try:
        return [SheetInfo(m.name, m.visible != SheetVisibleEnum.Visible) for m in workbook.sheets_metadata]
    finally:
        workbook.close()


def choose_sheet(path: Path, sheets: list[SheetInfo], wanted: str | None) -> SheetInfo:
    if wanted is not None:
        for sheet in sheets:
            if sheet.name == wanted:
                return sheet
        for sheet in sheets:
            if sheet.name.casefold() == wanted.strip().casefold():
                return sheet
        raise WorkbenchError(f"{path.name}: has no sheet {wanted!r} (sheets: "
                             f"{', '.join(repr(s.name) for s in sheets)})")
    visible = [s for s in sheets if not s.hidden]
    if not visible:
        raise WorkbenchError(f"{path.name}: every sheet is hidden; name one with --sheet")
    # The first visible sheet that has data; an empty cover sheet is passed over.
    return next((s for s in visible if s.rows != 0), visible[0])


# calamine loads a whole sheet whatever is read of it. The sheet an inspection previewed is kept
# for the import that follows (a second load costs a second per 100,000 rows), up to this size.
KEEP_CELLS = 2_000_000
_kept: dict[tuple[str, int, int, str], Any] = {}


def _sheet_key(path: Path, sheet_name: str) -> tuple[str, int, int, str]:
    stat = path.stat()
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size, sheet_name


def _load_sheet(path: Path, sheet_name: str, key: tuple[str, int, int, str] | None, fmt: str | None) -> Any:
    kept = _kept.pop(key, None) if key else None
    if kept is not None:
        return kept
    _kept.clear()  # one sheet at most, the latest
    workbook = _open(path, fmt)
    try:
        return workbook.get_sheet_by_name(sheet_name)
    except Exception as exc:
        raise _problem(path, exc, sheet_name) from None
    finally:
        workbook.close()


def let_go() -> None:
    """Forget the kept sheet: the import it was kept for will not come."""
    _kept.clear()


def iter_rows(path: Path, sheet_name: str, fmt: str | None = None) -> Iterator[tuple[int, list[str | None]]]:
    """(row number as the spreadsheet shows it, cell texts) for each row of one sheet.

    A sheet read only in part (a preview) is kept for the next reading; one read to the end is let go.
    """
    try:
        key = _sheet_key(path, sheet_name)
    except OSError:
        key = None
    sheet = _load_sheet(path, sheet_name, key, fmt)
    try:
        first_row, first_col = sheet.start or (0, 0)
        # A value merged down over several rows (a company over its contacts) belongs to each row.
        fills: dict[int, list[tuple[int, tuple[int, int]]]] = {}
        try:
            for (top, left), (bottom, _right) in sheet.merged_cell_ranges or []:
                for row in range(top + 1, bottom + 1):
                    fills.setdefault(row, []).append((left, (top, left)))
        except Exception:  # merged ranges are a nicety; the values are what matters
            fills = {}
        origins = {origin for entries in fills.values() for _column, origin in entries}
        merged_values: dict[tuple[int, int], str | None] = {}
        try:
            for index, cells in enumerate(sheet.iter_rows()):
                row_index = first_row + index
                try:
                    texts = row_texts(cells)  # all text (most rows of an export): the fast way
                except TypeError:  # numbers, dates, booleans among the cells
                    texts = [cell_text(cell) for cell in cells]
                if first_col:
                    texts = [None] * first_col + texts
                if origins:
                    for origin in origins:
                        if origin[0] == row_index and origin[1] < len(texts):
                            merged_values[origin] = texts[origin[1]]
                    for column, origin in fills.get(row_index, ()):
                        if column < len(texts) and texts[column] is None:
                            texts[column] = merged_values.get(origin)
                yield row_index + 1, texts
        except WorkbenchError:
            raise
        except Exception as exc:
            raise _problem(path, exc, sheet_name) from None
    except GeneratorExit:  # the reader stopped early: a preview
        if key is not None and (sheet.height or 0) * (sheet.width or 0) <= KEEP_CELLS:
            _kept[key] = sheet
        raise
