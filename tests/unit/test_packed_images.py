"""A merge's images and picks are packed with a preset dictionary; older packings read as before."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import zlib

from master_snapshot import snapshot
from review_data import review_master
from sqlalchemy import select

from workbench.paths import resource_path
from workbench.stewardship.bulk import auto_merge_groups, merge_groups, unmerge_all
from workbench.store import json_text
from workbench.store.column_types import PACKED, PACKED_1, PackedJSON
from workbench.store.models import MergeEvent

# Every image packed with it needs this dictionary to be read: it never changes.
DICTIONARY_SHA256 = "7062075ecbd76554e3410d45e7cb01fe31e63755a47add783bd1ad2c4407f378"


def _stored(master) -> list[tuple[int, str, str]]:
    connection = sqlite3.connect(master.url.database)
    try:
        return connection.execute("SELECT id, before, picks FROM merge_events ORDER BY id").fetchall()
    finally:
        connection.close()


def test_the_packing_dictionary_never_changes():
    data = resource_path("packing", "merge_images_1.zdict").read_bytes()
    assert hashlib.sha256(data).hexdigest() == DICTIONARY_SHA256


def test_merges_packed_with_the_dictionary_take_far_less_room_and_undo_exactly(sqlite_master):
    review_master(sqlite_master, rows=120)
    before = snapshot(sqlite_master)
    with sqlite_master.session() as session:
        groups = auto_merge_groups(session, 15)
    result = merge_groups(sqlite_master, groups)
    assert len(result.event_ids) == len(groups) >= 3
    stored = _stored(sqlite_master)
    with sqlite_master.session() as session:
        images = {e.id: (e.before, e.picks) for e in session.scalars(select(MergeEvent))}
    with_dictionary = without = 0
    for event_id, before_text, picks_text in stored:
        for text, value in zip((before_text, picks_text), images[event_id], strict=True):
            packed = json.loads(text)
            assert list(packed) == [PACKED_1]  # packed, with the dictionary
            with_dictionary += len(text)
            without += len(base64.b64encode(zlib.compress(json_text.dumps(value).encode("utf-8"), 6)))
    # What the dictionary saves: a third of what the images took packed without one here (about
    # half on the bulk-merge benchmark's master, whose merges are bigger).
    assert with_dictionary < 0.75 * without
    unmerge_all(sqlite_master, result.event_ids)
    assert snapshot(sqlite_master) == before


def test_a_merge_packed_before_the_dictionary_came_still_undoes(sqlite_master):
    review_master(sqlite_master, rows=60)
    before = snapshot(sqlite_master)
    with sqlite_master.session() as session:
        group = auto_merge_groups(session, 15)[0]
    result = merge_groups(sqlite_master, [group])
    (event_id, before_text, _picks), = _stored(sqlite_master)
    image = PackedJSON().process_result_value(json.loads(before_text), None)
    old_form = {PACKED: base64.b64encode(zlib.compress(json.dumps(image).encode("utf-8"), 6)).decode("ascii")}
    connection = sqlite3.connect(sqlite_master.url.database)
    with connection:
        connection.execute("UPDATE merge_events SET before = ?, picks = NULL WHERE id = ?",
                           (json.dumps(old_form), event_id))
    connection.close()
    with sqlite_master.session() as session:
        assert session.get(MergeEvent, event_id).before == image
    unmerge_all(sqlite_master, result.event_ids)
    assert snapshot(sqlite_master) == before
