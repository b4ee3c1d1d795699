"""vCard 2.1, 3.0 and 4.0 (.vcf), as phones and address books export them.

Each card becomes one row whose columns are named for people ("E-mail (work)", "Street (home)")
and come with their mapping, so a contact file needs no mapping step. Folded lines, escaped
characters, quoted-printable values (old phones), several EMAIL/TEL/ADR with their TYPE, and
item-grouped properties are understood. Photos and other binary values are skipped.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError

MAX_CARD_LINES = 20_000
_SKIP = {"PHOTO", "LOGO", "SOUND", "KEY", "VERSION", "PRODID", "REV", "X-ABUID", "CLIENTPIDMAP"}
_ADR_PARTS = (None, "street2", "street", "city", "region", "postcode", "country")  # pobox is dropped
_ADR_LABELS = {"street": "Street", "street2": "Address line 2", "city": "City", "region": "Region",
               "postcode": "Postcode", "country": "Country"}
_PHONE_KINDS = {"cell": "mobile", "mobile": "mobile", "iphone": "mobile", "work": "work", "home": "home",
                "fax": "fax", "main": "other", "voice": None, "pref": None, "other": "other"}
_PLACE_KINDS = {"work": "work", "home": "home", "billing": "billing", "shipping": "shipping"}


@dataclass
class Card:
    number: int  # 1-based position of the card in the file
    line: int
    values: list[tuple[str, str, str]]  # (column, target, value)


def _unescape(text: str) -> str:
    return re.sub(r"\\([nN,;:\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split(text: str, separator: str) -> list[str]:
    parts = re.split(r"(?<!\\)" + re.escape(separator), text)
    return [_unescape(p).strip() for p in parts]


def _params(raw: list[str]) -> tuple[set[str], dict[str, str]]:
    types: set[str] = set()
    named: dict[str, str] = {}
    for param in raw:
        key, sep, value = param.partition("=")
        if not sep:  # vCard 2.1: bare TYPE values ("WORK", "CELL") and bare ENCODING ("QUOTED-PRINTABLE")
            word = key.strip().upper()
            if word in ("QUOTED-PRINTABLE", "BASE64", "B"):
                named["ENCODING"] = word
            else:
                types.add(word.lower())
            continue
        key = key.strip().upper()
        value = value.strip().strip('"')
        if key == "TYPE":
            types.update(v.strip().lower() for v in value.split(",") if v.strip())
        else:
            named[key] = value
    return types, named


def _logical_lines(path: Path, encoding: str) -> Iterator[tuple[int, str]]:
    """Unfolded lines with the line number where each starts; quoted-printable soft breaks joined."""
    pending: str | None = None
    start = 0
    try:
        with path.open(encoding=encoding, errors="strict", newline=None) as handle:
            for number, line in enumerate(handle, start=1):
                line = line.rstrip("\r\n")
                if pending is not None and line[:1] in (" ", "\t"):
                    pending += line[1:]
                    continue
                if pending is not None and pending.endswith("=") and "QUOTED-PRINTABLE" in \
                        pending.split(":", 1)[0].upper():
                    pending = pending[:-1] + line
                    continue
                if pending is not None:
                    yield start, pending
                pending, start = line, number
    except UnicodeDecodeError as exc:
        raise WorkbenchError(f"{path.name}: not readable as {encoding} ({exc.reason})") from None
    if pending is not None:
        yield start, pending


def _decode(value: str, named: dict[str, str]) -> str:
    if named.get("ENCODING", "").upper() == "QUOTED-PRINTABLE":
        charset = named.get("CHARSET", "utf-8")
        data = quopri.decodestring(value.encode("latin-1", errors="replace"))
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return data.decode("cp1252", errors="replace")
    return value


def _kind(types: set[str], table: dict[str, str | None]) -> str | None:
    for name in ("cell", "mobile", "iphone", "fax", "work", "home", "billing", "shipping", "other", "main"):
        if name in types and table.get(name):
            return table[name]
    return None


def _card_values(lines: list[tuple[int, str]]) -> list[tuple[str, str, str]]:
    values: list[tuple[str, str, str]] = []
    counters: dict[str, int] = {}

    def add(column: str, target: str, value: str) -> None:
        if not value:
            return
        counters[column] = counters.get(column, 0) + 1
        label = column if counters[column] == 1 else f"{column} {counters[column]}"
        values.append((label, target, value))

    for _line, text in lines:
        head, sep, raw_value = text.partition(":")
        if not sep:
            continue
        name, *params = head.split(";")
        name = name.split(".")[-1].strip().upper()  # "item1.EMAIL" → EMAIL
        if name in _SKIP or name.startswith("X-") and name not in ("X-ANNIVERSARY",):
            continue
        types, named = _params(params)
        if named.get("ENCODING", "").upper() in ("BASE64", "B"):
            continue
        value = _decode(raw_value, named)
        if name == "FN":
            add("Full name", "full_name", _unescape(value).strip())
        elif name == "N":
            parts = _split(value, ";") + [""] * 5
            family, given, additional, prefix, suffix = parts[:5]
            add("Last name", "last_name", " ".join(p for p in (family, suffix) if p))
            add("First name", "first_name", " ".join(p for p in (given, additional) if p))
            add("Prefix", "title", prefix)
        elif name == "ORG":
            add("Organization", "company", " ".join(p for p in _split(value, ";") if p))
        elif name in ("TITLE", "ROLE"):
            add("Job title", "job_title", _unescape(value).strip())
        elif name == "EMAIL":
            kind = _kind(types, {"work": "work", "home": "home", "other": "other"})
            add(f"E-mail ({kind})" if kind else "E-mail", f"email:{kind}" if kind else "email",
                _unescape(value).strip().removeprefix("mailto:"))
        elif name == "TEL":
            kind = _kind(types, _PHONE_KINDS)
            number = _unescape(value).strip().removeprefix("tel:")
            if kind == "mobile":
                add("Phone (mobile)", "mobile", number)
            else:
                add(f"Phone ({kind})" if kind else "Phone", f"phone:{kind}" if kind else "phone", number)
        elif name == "ADR":
            kind = _kind(types, _PLACE_KINDS) or "home"
            for part, text_value in zip(_ADR_PARTS, _split(value, ";"), strict=False):
                if part:
                    add(f"{_ADR_LABELS[part]} ({kind})", f"{part}:{kind}", text_value.replace("\n", ", "))
        elif name == "BDAY":
            add("Birthday", "birth_date", value.strip())
        elif name == "NOTE":
            add("Note", "notes", _unescape(value).strip())
        elif name == "CATEGORIES":
            add("Categories", "tags", ", ".join(p for p in _split(value, ",") if p))
        elif name == "UID":
            add("UID", "external_id", value.strip())
    return values


def iter_cards(path: Path, encoding: str) -> Iterator[Card]:
    current: list[tuple[int, str]] | None = None
    start = 0
    number = 0
    for line_number, text in _logical_lines(path, encoding):
        upper = text.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                raise WorkbenchError(f"{path.name}: card {number + 1} (line {start}) has no END:VCARD before "
                                     f"the next card begins at line {line_number}")
            current, start = [], line_number
        elif upper == "END:VCARD":
            if current is None:
                raise WorkbenchError(f"{path.name}: line {line_number}: END:VCARD without a card")
            number += 1
            yield Card(number, start, _card_values(current))
            current = None
        elif current is not None:
            current.append((line_number, text))
            if len(current) > MAX_CARD_LINES:
                raise WorkbenchError(f"{path.name}: card {number + 1} (line {start}) never ends")
        elif upper and not upper.startswith(("X-", "VERSION")):
            raise WorkbenchError(f"{path.name}: line {line_number}: text outside a card; this is not a vCard file")
    if current is not None:
        raise WorkbenchError(f"{path.name}: card {number + 1} (line {start}) has no END:VCARD; the file is "
                             "truncated")
    if number == 0:
        raise WorkbenchError(f"{path.name}: contains no vCards")
