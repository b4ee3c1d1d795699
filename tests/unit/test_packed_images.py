"""A merge's images and picks are packed with a preset dictionary; older packings read as before;
candidates' explanations are kept in the images as the master stores them."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import zlib

import pytest
from master_snapshot import snapshot
from review_data import add_candidates, review_master
from sqlalchemy import delete, select

from workbench.paths import resource_path
from workbench.stewardship.bulk import auto_merge_groups, merge_groups, unmerge_all
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.store import json_text
from workbench.store.column_types import PACKED, PACKED_1, PackedJSON
from workbench.store.models import Customer, MatchCandidate, MergeEvent

# Every image packed with it needs this dictionary to be read: it never changes.
DICTIONARY_SHA256 = "1bd2dc7cab369e945be2516a625791cc45826873da6042928363af350925233d"


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


@pytest.mark.parametrize("bulk", [False, True], ids=["one merge", "bulk merge"])
def test_a_candidate_gone_since_the_merge_comes_back_with_its_explanation(sqlite_master, bulk):
    """The images keep an explanation as the master stores it; put back, it reads as it was made."""
    review_master(sqlite_master, rows=60)
    with sqlite_master.session() as session:
        group = auto_merge_groups(session, 15)[0]
        outsider = session.scalar(select(Customer.id).where(Customer.id.not_in(group)).order_by(Customer.id.desc()))
    victim = max(group)
    (candidate_id,) = add_candidates(sqlite_master, [(victim, outsider)], cluster=False)
    with sqlite_master.session() as session:
        made = session.get(MatchCandidate, candidate_id).explanation
    assert any("label" in entry for entry in made)  # as made, not as stored
    if bulk:
        event_ids = merge_groups(sqlite_master, [group]).event_ids
    else:
        with sqlite_master.transaction() as session:
            event_ids = [merge_customers(session, MergeRequest(list(group))).event_id]
    with sqlite_master.transaction() as session:  # a later match run no longer suggests it
        session.execute(delete(MatchCandidate).where(MatchCandidate.id == candidate_id))
    unmerge_all(sqlite_master, event_ids)
    with sqlite_master.session() as session:
        back = session.get(MatchCandidate, candidate_id)
        assert (back.customer_a_id, back.customer_b_id) == (min(victim, outsider), max(victim, outsider))
        assert back.explanation == made
