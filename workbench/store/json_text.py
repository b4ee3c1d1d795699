"""JSON text for the master's JSON columns: orjson where it can, the standard library where not.

orjson writes and reads the same JSON several times faster than the `json` module (in a profile
of a bulk merge, json.dumps was a fifth of its writing). Both write text the other reads; orjson writes UTF-8
rather than \\u escapes, as the import has always stored its rows. What orjson refuses (a key
that is not text, an integer beyond 64 bits, NaN in stored text) goes to `json`, which then
behaves as it always did: a value neither can write (a date object, say) is an error, never
written as something else.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# Dates and dataclasses go where `json` sends them (to `default`, or to an error), not to orjson's forms.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ENCODE_OR_STR = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode


def dumps(value: Any) -> str:
    """JSON text of `value`; TypeError for what JSON cannot hold, as `json.dumps`."""
    try:
        return orjson.dumps(value, option=_OPTIONS).decode()
    except TypeError:
        return _ENCODE(value)


def dumps_or_str(value: Any) -> str:
    """JSON text of `value`, anything JSON cannot hold written as its `str`."""
    try:
        return orjson.dumps(value, default=str, option=_OPTIONS).decode()
    except TypeError:
        return _ENCODE_OR_STR(value)


def loads(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # NaN or Infinity, which `json` wrote and reads
        return json.loads(text)
