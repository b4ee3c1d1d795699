"""How a source record's raw cells and standardized payload are stored compactly (revision 0901).

Raw cells: a file's headings are stored once (`raw_headings`), and each record keeps only its
cells, in the headings' order, as a JSON list (empty cells as null, trailing ones left off).
`raw_dict` gives back the very dict that was read: the same keys in the same order, empty
cells absent. A record whose cells cannot be put that way (a cell beyond the headings, a value
that is null in the dict itself) keeps its dict as it is, without headings; both forms read alike.

Payload: each contact point leaves out what its own values say already, and the payload is
marked with `FORM`:
- an e-mail's `normalized` when it is its address in small letters;
- a phone's `e164` when it is the number as written (a number without an E.164 form keeps
  its `"e164": null`, as it always had);
- `is_primary` of the first point of each list when it is true (one primary per list, nearly
  always the first); a first point that is not primary says `"is_primary": false`.
`expand_payload` gives back the payload as it was before, key for key and in the same order. A
payload that would not come back exactly (not of the form `record_payload` writes) is stored
as it is. This format is read by every version from 0901 on: change it only with a migration.

Since revision 0905 the cells and the payload, in these forms, are stored packed together
(`source_records.packed`, see `record_packing`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

FORM = "form"
COMPACT = 1
POINT_LISTS = ("emails", "phones", "addresses")
# The keys of each contact point, in the order the payload writes them (the dataclasses' order).
POINT_KEYS = {
    "emails": ("address", "normalized", "kind", "is_valid", "problem", "is_primary"),
    "phones": ("number", "e164", "kind", "is_valid", "problem", "is_primary"),
    "addresses": ("kind", "street", "street2", "city", "region", "postcode", "country", "is_valid", "problem",
                  "is_primary"),
}
_KNOWN = {name: frozenset(keys) for name, keys in POINT_KEYS.items()}


# ------------------------------------------------------------------ raw cells


def headings_digest(headings: Sequence[str]) -> str:
    return hashlib.sha256(json.dumps(list(headings), ensure_ascii=False).encode("utf-8")).hexdigest()


def raw_form(raw: dict[str, Any]) -> tuple[tuple[str, ...] | None, Any]:
    """A raw dict → (headings, cells) to store; (None, the dict) when it must stay as it is."""
    if not raw or any(value is None for value in raw.values()):
        return None, raw
    return tuple(raw), list(raw.values())


def row_cells(cells: Sequence[Any], width: int) -> list[Any] | None:
    """A row's cells under `width` headings, trailing empty ones left off; None when a cell lies
    beyond the headings (such a row keeps its dict)."""
    for i in range(width, len(cells)):
        if cells[i] is not None:
            return None
    end = min(width, len(cells))
    while end and cells[end - 1] is None:
        end -= 1
    return list(cells[:end])


def raw_dict(stored: Any, headings: Sequence[str] | None) -> dict[str, Any]:
    """What a source record's raw column holds → the raw cells by heading, as they were read."""
    if isinstance(stored, list):
        if headings is None:
            raise ValueError("compact raw cells without their headings")
        return {name: value for name, value in zip(headings, stored, strict=False) if value is not None}
    return dict(stored) if stored else {}


# ------------------------------------------------------------------ payload


def _compact_point(name: str, index: int, point: Any) -> dict[str, Any] | None:
    if not isinstance(point, dict) or not point.keys() <= _KNOWN[name]:
        return None
    keys = list(point)
    if keys != [k for k in POINT_KEYS[name] if k in point]:
        return None
    primary = point.get("is_primary", _ABSENT)
    if primary is not _ABSENT and primary is not True:  # the payload never writes False
        return None
    out = dict(point)
    if name == "emails":
        address, normalized = point.get("address"), point.get("normalized", _ABSENT)
        if normalized is _ABSENT or not isinstance(address, str):
            return None
        if normalized == address.lower():
            del out["normalized"]
    elif name == "phones":
        number, e164 = point.get("number"), point.get("e164", _ABSENT)
        if not isinstance(number, str) or e164 is _ABSENT:
            return None
        if e164 == number:
            del out["e164"]
    if index == 0:
        if primary is True:
            del out["is_primary"]
        else:
            out["is_primary"] = False
    return out


def _expand_point(name: str, index: int, point: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in POINT_KEYS[name]:
        if key in point:
            value = point[key]
            if index == 0 and key == "is_primary":
                continue  # a first point that is not primary: the payload leaves the key out
            out[key] = value
        elif name == "emails" and key == "normalized":
            out[key] = point["address"].lower()
        elif name == "phones" and key == "e164":
            out[key] = point["number"]
        elif index == 0 and key == "is_primary":
            out[key] = True
    return out


_ABSENT = object()


def compact_payload(payload: Any) -> Any:
    """A payload → its compact stored form; anything else (or what would not come back the same) as it is."""
    if not isinstance(payload, dict) or FORM in payload or "fields" not in payload:
        return payload
    out: dict[str, Any] = {}
    for key, value in payload.items():
        if key in POINT_LISTS:
            if not isinstance(value, list):
                return payload
            points = [_compact_point(key, i, p) for i, p in enumerate(value)]
            if any(p is None for p in points):
                return payload
            out[key] = points
        else:
            out[key] = value
    out[FORM] = COMPACT
    return out


def expand_payload(stored: Any) -> Any:
    """The stored form → the payload as `record_payload` wrote it."""
    if not isinstance(stored, dict) or stored.get(FORM) != COMPACT:
        return stored
    out: dict[str, Any] = {}
    for key, value in stored.items():
        if key == FORM:
            continue
        out[key] = [_expand_point(key, i, p) for i, p in enumerate(value)] if key in POINT_LISTS else value
    return out
