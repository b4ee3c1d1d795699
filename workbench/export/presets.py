"""Export presets: one TOML file per target tool in resources/export_presets/.

A preset says what the tool's importer expects: the file format, encoding and byte-order
mark, delimiter and line ending, one row per customer or per e-mail address, which
customers it may receive (its purpose), the columns with their headers, formats and length
limits, and which values a row cannot do without. Adding a tool is adding a file; the
format is described in resources/export_presets/README.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.export.fields import ColumnSpec
from workbench.paths import resource_path

# What the file is for decides who may be in it (see workbench.export.policy).
MARKETING = "marketing"  # e-mail marketing tools: consent required, do-not-contact never
CONTACT = "contact"  # CRMs and address books: do-not-contact never
DATA = "data"  # copies of the master (generic files, cross-reference): everyone, flags included
PURPOSES = (MARKETING, CONTACT, DATA)
FORMATS = ("csv", "xlsx", "vcard")
ROWS = ("customer", "email", "source_record")
ENCODINGS = ("utf-8", "utf-8-sig")
LINE_ENDINGS = {"crlf": "\r\n", "lf": "\n"}


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    tool: str
    purpose: str
    format: str
    extension: str
    follows: str = ""
    rows: str = "customer"
    emails: str = "primary"  # for rows = "email": the primary address, or every valid one
    encoding: str = "utf-8"
    delimiter: str = ","
    line_ending: str = "\r\n"
    vcard_version: str = "4.0"
    all_fields: bool = False  # generic presets: every field, or the fields the user picks
    max_rows: int | None = None
    max_file_mb: float | None = None
    columns: tuple[ColumnSpec, ...] = field(default_factory=tuple)
    path: Path | None = None

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def default_file_name(self) -> str:
        return f"{self.name}{self.extension}"


def presets_dir() -> Path:
    return resource_path("export_presets")


@lru_cache(maxsize=4)
def _load_all(folder: str) -> tuple[Preset, ...]:
    presets = [load_preset(path) for path in sorted(Path(folder).glob("*.toml"))]
    names = [p.name for p in presets]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise WorkbenchError(f"{folder}: more than one preset is named {', '.join(sorted(duplicates))}")
    return tuple(sorted(presets, key=lambda p: p.name))


def all_presets(folder: Path | None = None) -> list[Preset]:
    return list(_load_all(str(folder or presets_dir())))


def get_preset(name: str, folder: Path | None = None) -> Preset:
    wanted = name.strip().lower()
    for preset in all_presets(folder):
        if preset.name == wanted:
            return preset
    known = ", ".join(p.name for p in all_presets(folder))
    raise WorkbenchError(f"no export preset named {name!r} (known: {known}; `workbench presets` lists them)")


def load_preset(path: Path) -> Preset:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkbenchError(f"{path}: not a readable preset ({exc})") from None
    try:
        return _preset_from(data, path)
    except (KeyError, TypeError, ValueError) as exc:
        raise WorkbenchError(f"{path}: {exc}") from None


def _choice(data: dict[str, Any], key: str, allowed: tuple[str, ...] | dict[str, str], default: str) -> str:
    value = str(data.get(key, default)).lower()
    if value not in allowed:
        raise ValueError(f"{key} must be one of {', '.join(allowed)} (found {value!r})")
    return value


def _preset_from(data: dict[str, Any], path: Path) -> Preset:
    name = str(data.get("name") or path.stem).lower()
    fmt = _choice(data, "format", FORMATS, "csv")
    columns = tuple(_column(c) for c in data.get("columns", []))
    all_fields = bool(data.get("all_fields", False))
    if fmt != "vcard" and not columns and not all_fields:
        raise ValueError("a CSV or XLSX preset needs [[columns]] (or all_fields = true)")
    return Preset(
        name=name,
        label=str(data.get("label") or name),
        tool=str(data.get("tool") or data.get("label") or name),
        purpose=_choice(data, "purpose", PURPOSES, DATA),
        format=fmt,
        extension=str(data.get("extension") or {"csv": ".csv", "xlsx": ".xlsx", "vcard": ".vcf"}[fmt]),
        follows=str(data.get("follows", "")).strip(),
        rows=_choice(data, "rows", ROWS, "customer"),
        emails=_choice(data, "emails", ("primary", "all"), "primary"),
        encoding=_choice(data, "encoding", ENCODINGS, "utf-8"),
        delimiter=str(data.get("delimiter", ",")),
        line_ending=LINE_ENDINGS[_choice(data, "line_ending", LINE_ENDINGS, "crlf")],
        vcard_version=str(data.get("vcard_version", "4.0")),
        all_fields=all_fields,
        max_rows=data.get("max_rows"),
        max_file_mb=data.get("max_file_mb"),
        columns=columns,
        path=path,
    )


def _column(data: dict[str, Any]) -> ColumnSpec:
    header = str(data["header"])
    raw_fields = data.get("field", ())
    fields = (raw_fields,) if isinstance(raw_fields, str) else tuple(str(f) for f in raw_fields)
    return ColumnSpec(
        header=header,
        fields=fields,
        value=data.get("value"),
        format=data.get("format"),
        separator=data.get("separator"),
        parts=tuple(data.get("parts", ())),
        types=tuple((str(k), str(v)) for k, v in data.get("types", {}).items()),
        mapping=tuple((str(k), str(v)) for k, v in data.get("map", {}).items()),
        max_length=data.get("max_length"),
        max_bytes=data.get("max_bytes"),
        required=bool(data.get("required", False)),
    )
