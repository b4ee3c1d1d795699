"""A source record's raw cells and standardized payload, packed together (revision 0905).

The two are stored as one BLOB (`source_records.packed`): a mark byte, then the raw cells' JSON
and the payload's JSON (both in their compact forms, see `compact`) with a record separator
between them, deflated from a preset dictionary. The payload repeats most of the row's cells
(a name, an address, a phone number as written), and its keys are the same in every record:
packed together, a record takes about a third of what the two JSON texts took.

The dictionary (`resources/packing/source_records_1.zdict`, made by
`tools/build_packing_dictionary.py` from the demo data's records) never changes once a record
was packed with it: a new one would come with a mark of its own, and the old one would stay.
"""

from __future__ import annotations

import zlib
from functools import cache
from typing import Any

from workbench.paths import resource_path
from workbench.store import json_text
from workbench.store.compact import expand_payload

MARK_1 = 1  # deflated (raw, window of 2**13 bytes) from source_records_1.zdict
_DICTIONARIES = {MARK_1: "source_records_1.zdict"}
_WINDOW = -13  # raw deflate: no header or checksum (the database keeps its pages whole)
SEPARATOR = "\x1e"  # JSON text never holds it as it is (control characters are written \u001e)


@cache
def dictionary(mark: int = MARK_1) -> bytes:
    return resource_path("packing", _DICTIONARIES[mark]).read_bytes()


@cache
def _primed() -> Any:
    """A compressor that has read the dictionary: copying it is cheaper than priming a new one."""
    # Level 3 packs within 3 % of level 6 (and of level 9), in three quarters of the time.
    return zlib.compressobj(3, zlib.DEFLATED, _WINDOW, 4, zlib.Z_DEFAULT_STRATEGY, dictionary(MARK_1))


def pack_text(raw_json: str, payload_json: str) -> bytes:
    """The raw cells' and the compact payload's JSON texts → what `packed` stores."""
    packer = _primed().copy()
    return bytes((MARK_1,)) + packer.compress(f"{raw_json}{SEPARATOR}{payload_json}".encode()) + packer.flush()


def pack(raw_cells: Any, payload: Any) -> bytes:
    """Raw cells as stored (a list under headings, or a dict) and a compact payload → `packed`."""
    return pack_text(json_text.dumps(raw_cells), json_text.dumps(payload))


def unpack_text(packed: bytes | memoryview) -> tuple[str, str]:
    data = bytes(packed)
    if not data or data[0] not in _DICTIONARIES:
        raise ValueError(f"a source record packed in a form this version does not know ({data[:1]!r})")
    unpacker = zlib.decompressobj(_WINDOW, dictionary(data[0]))
    raw_json, _, payload_json = (unpacker.decompress(data[1:]) + unpacker.flush()).decode().partition(SEPARATOR)
    return raw_json, payload_json


def unpack(packed: bytes | memoryview) -> tuple[Any, Any]:
    """`packed` → (the raw cells as stored, the payload in its compact form)."""
    raw_json, payload_json = unpack_text(packed)
    return json_text.loads(raw_json), json_text.loads(payload_json)


def payload_of(packed: bytes | memoryview | None) -> dict[str, Any]:
    """The standardized payload a source record's `packed` holds, as `record_payload` made it."""
    return expand_payload(unpack(packed)[1]) if packed else {}


def raw_cells_of(packed: bytes | memoryview | None) -> Any:
    """The raw cells as stored: a list under the record's headings, or the dict itself."""
    return unpack(packed)[0] if packed else {}
