"""Candidates' explanations are stored without what each entry's field says anyway, and read whole."""

from __future__ import annotations

import json

import pytest
from matching_helpers import add_rows, background
from sqlalchemy import select, text

from workbench.matching import run_matching
from workbench.stewardship.queue import ReviewFilter, ReviewQueue
from workbench.store import explanations
from workbench.store.models import MatchCandidate

WHOLE_KEYS = {"field", "label", "level", "weight", "left", "right"}


def _matched(master) -> None:
    rows = [{"first_name": "Annegret", "last_name": "Vollmer", "email": "annegret.vollmer@web.de", "city": "Kassel"},
            {"first_name": "Annegret", "last_name": "Vollmer", "email": "annegret.vollmer@web.de",
             "phone": "+49 561 7390215", "city": "Kassel"}]
    add_rows(master, [*background(rows=300), *rows])
    run_matching(master)


def test_every_reader_gets_the_entries_whole_while_the_master_stores_them_short(master):
    _matched(master)
    with master.session() as session:
        read = session.scalars(select(MatchCandidate.explanation)).all()
        stored = session.execute(text("SELECT explanation FROM match_candidates")).scalars().all()
    assert read
    for explanation in read:
        for entry in explanation:
            if entry["field"] in explanations.labels():
                assert set(entry) >= WHOLE_KEYS, entry
                assert entry["label"] == explanations.labels()[entry["field"]]
    # what the master holds: no label of a compared field, no null, no zero weight of a missing value
    held = [json.loads(s) if isinstance(s, str) else s for s in stored]
    entries = [e for explanation in held for e in explanation if e["field"] in explanations.labels()]
    assert entries and not any("label" in e for e in entries)
    assert not any(e.get("left", "x") is None or e.get("right", "x") is None for e in entries)
    assert not any(e["level"] == "missing" and "weight" in e and e["weight"] == 0 for e in entries)
    assert sum(len(json.dumps(e)) for e in held) < 0.75 * sum(len(json.dumps(e)) for e in read)


def test_the_review_filter_on_a_differing_field_still_reads_the_stored_entries(master):
    _matched(master)
    with master.session() as session:
        differing = ReviewQueue(ReviewFilter("open", differs="phone")).count(session)
        everything = ReviewQueue(ReviewFilter("open")).count(session)
    assert everything and differing < everything


@pytest.mark.parametrize("entry", [
    {"field": "prior", "label": "Starting point", "level": "prior", "left": None, "right": None, "weight": -16.9},
    {"field": "first_name", "label": "First name", "level": "typo", "weight": 5.89, "left": "Anna", "right": "Ana",
     "note": "first and last name written the other way round on one side"},
    {"field": "phone", "label": "Phone", "level": "missing", "weight": 0.0, "left": None, "right": "+4930123"},
    {"field": "email", "label": "E-mail", "level": "missing", "weight": -0.0, "left": None, "right": None},
    {"field": "email", "label": "E-mail", "level": "missing", "weight": 0.5, "left": "a@b.de", "right": "c@d.de"},
    # entries of other fields, or with a label of their own, are stored as they are
    {"field": "conflict", "label": "Conflict", "level": "conflict", "description": "x", "weight": -3.0,
     "left": None, "right": None},
    {"field": "group", "label": "Group", "level": "kept_apart", "weight": 0.0, "description": "y", "left": None,
     "right": None},
    {"field": "company", "label": "Firm", "level": "exact", "weight": 9.0, "left": "A", "right": "A"},
    "not an entry",
])
def test_an_entry_comes_back_as_it_was_made(entry):
    stored = json.loads(json.dumps(explanations.compact([entry])))
    back = explanations.expand(stored)[0]
    assert back == entry
    if isinstance(entry, dict) and "weight" in entry:
        assert str(back["weight"]) == str(entry["weight"])  # -0.0 stays -0.0


def test_an_explanation_stored_whole_before_reads_as_it_is(master):
    _matched(master)
    whole = [{"field": "prior", "label": "Starting point", "level": "prior", "left": None, "right": None,
              "weight": -12.0},
             {"field": "email", "label": "E-mail", "level": "exact", "weight": 15.0, "left": "a@b.de",
              "right": "a@b.de"}]
    with master.transaction() as session:
        session.execute(text("UPDATE match_candidates SET explanation = :e"), {"e": json.dumps(whole)})
    with master.session() as session:
        assert all(e == whole for e in session.scalars(select(MatchCandidate.explanation)))
