"""The master's column types that store JSON in a form of their own (read back as written)."""

from __future__ import annotations

import base64
import zlib
from functools import cache
from typing import Any

from sqlalchemy import JSON, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB

from workbench.paths import resource_path
from workbench.store import explanations, json_text

__all__ = ["PACKED", "PACKED_1", "ExplanationJSON", "JSONType", "PackedJSON"]

JSONType = JSON().with_variant(JSONB(), "postgresql")


class PackedJSON(TypeDecorator):
    """JSON kept zlib-packed when it is big (a merge's images and picks). What is read back is
    the same JSON; rows written unpacked, or packed without a dictionary, read as they are.

    Packing starts from a preset dictionary of such JSON (`resources/packing`), which halves
    what a merge's images take again: most of their text is the same column and field names in
    every merge. A dictionary never changes once anything was packed with it; a new one would
    come with a mark of its own."""

    impl = JSONType
    cache_ok = True
    SMALL = 512  # characters of JSON worth storing as they are

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        text = json_text.dumps(value)
        if len(text) <= self.SMALL:
            return value
        packer = zlib.compressobj(6, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY, _dictionary(PACKED_1))
        packed = packer.compress(text.encode("utf-8")) + packer.flush()
        return {PACKED_1: base64.b64encode(packed).decode("ascii")}

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, dict) and len(value) == 1:
            if PACKED_1 in value:
                unpacker = zlib.decompressobj(15, _dictionary(PACKED_1))
                return json_text.loads(unpacker.decompress(base64.b64decode(value[PACKED_1])) + unpacker.flush())
            if PACKED in value:
                return json_text.loads(zlib.decompress(base64.b64decode(value[PACKED])))
        return value


PACKED = "zlib+base64"  # packed without a dictionary, as merges were before the dictionary came
PACKED_1 = "zlib+merge_images_1+base64"
_DICTIONARIES = {PACKED_1: "merge_images_1.zdict"}


@cache
def _dictionary(mark: str) -> bytes:
    return resource_path("packing", _DICTIONARIES[mark]).read_bytes()


class ExplanationJSON(TypeDecorator):
    """A candidate's explanation, each entry stored without what is known anyway (see
    `explanations`). Every reader gets the entries as they were made; explanations stored
    before revision 0903 read as they are."""

    impl = JSONType
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return explanations.compact(value)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return explanations.expand(value)
