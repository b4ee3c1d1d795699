"""Survivorship rules: which value the golden record takes, table-driven."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workbench.stewardship.records import PointData, RecordData
from workbench.stewardship.survivorship import (
    SurvivorshipSettings,
    load_settings,
    plan,
    resolve,
    save_settings,
)


def record(id_: int, trust: int, recency: str, **values) -> RecordData:
    return RecordData(id=id_, values=values, attributes={}, roles=[], tags=[], notes=None, do_not_contact=False,
                      consent_updated_at=None, display_name="", points={}, trust=trust,
                      recency=datetime.fromisoformat(recency))


# Record 1: trusted and old; record 2: less trusted and newest; record 3: least trusted, middle.
RECORDS = [record(1, 70, "2024-01-01"), record(2, 40, "2026-05-01"), record(3, 30, "2025-01-01")]

CASES = [
    ("trust: the most trusted non-empty value", "trust", {1: "Anna", 2: "Anne", 3: "Anne"}, "Anna"),
    ("trust skips empty values", "trust", {1: "", 2: "Anne", 3: None}, "Anne"),
    ("recent: the most recently imported record", "recent", {1: "Anna", 2: "Anne", 3: "Ann"}, "Anne"),
    ("complete: the longest value", "complete", {1: "A.", 2: "Anna-Lena", 3: "Anna"}, "Anna-Lena"),
    ("complete ties go to the most trusted", "complete", {1: "Anne", 2: "Anna", 3: None}, "Anne"),
    ("frequent: the value most records share, folded; its most trusted spelling", "frequent",
     {1: "Meyer", 2: "Müller", 3: "MULLER"}, "Müller"),
    ("frequent with no majority falls back to trust", "frequent", {1: "A", 2: "B", 3: "C"}, "A"),
    ("survivor: the survivor's value", "survivor", {1: "Anna", 2: "Anne", 3: "Ann"}, "Anne"),
    ("earliest date", "earliest", {1: date(2020, 1, 1), 2: date(2019, 5, 5), 3: None}, date(2019, 5, 5)),
    ("latest date", "latest", {1: date(2020, 1, 1), 2: date(2019, 5, 5), 3: None}, date(2020, 1, 1)),
    ("sum of several", "sum", {1: 3, 2: 4, 3: None}, 7),
    ("sum of one is that one", "sum", {1: None, 2: 4.5, 3: None}, 4.5),
    ("restrictive: an unsubscribe wins over consent", "restrictive",
     {1: "granted", 2: "unsubscribed", 3: "unknown"}, "unsubscribed"),
    ("restrictive: consent beats unknown", "restrictive", {1: "unknown", 2: "granted", 3: None}, "granted"),
    ("nothing anywhere: the survivor keeps its own", "trust", {1: None, 2: "unknown", 3: None}, "unknown"),
]


@pytest.mark.parametrize(("description", "rule", "values", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(description, rule, values, expected):
    assert resolve("field", values, RECORDS, rule, survivor_id=2).value == expected


def test_steward_pick_beats_the_rule_and_rules_come_from_settings():
    records = [record(1, 70, "2024-01-01", first_name="Anna", last_name="Müller"),
               record(2, 40, "2026-01-01", first_name="Anne", last_name="Müller-Schmidt")]
    golden = plan(records, SurvivorshipSettings({"name": "recent"}), picks={"first_name": 1})
    assert golden.value("first_name") == "Anna" and golden.fields["first_name"].picked
    assert golden.value("last_name") == "Müller-Schmidt"
    assert golden.survivor_id == 1


def test_a_name_is_taken_whole_from_one_record():
    records = [record(1, 70, "2024-01-01", first_name="François", last_name="Lefèvre-Desjardins"),
               record(2, 40, "2026-01-01", first_name="Francois", middle_name="Lefevre", last_name="Desjardins")]
    golden = plan(records, SurvivorshipSettings())
    assert [golden.value(p) for p in ("first_name", "middle_name", "last_name")] == \
        ["François", None, "Lefèvre-Desjardins"]


def test_contact_points_union_keeps_one_of_each_and_one_primary():
    def point(id_, key, kind="other", primary=False):
        return PointData(id_, "email", key, key, kind, primary, True, None)

    a = record(1, 70, "2024-01-01")
    b = record(2, 40, "2026-01-01")
    a.points = {"email": [point(10, "anna@x.de", primary=True)], "phone": [], "address": []}
    b.points = {"email": [point(20, "anna@x.de", kind="work"), point(21, "anni@y.de", primary=True)],
                "phone": [], "address": []}
    golden = plan([a, b], SurvivorshipSettings())
    kept = golden.points["email"]
    assert [k.point.id for k in kept] == [20, 21]  # the copy with a specific kind is kept
    assert [k.is_primary for k in kept] == [True, False]  # the survivor's primary stays primary
    chosen = plan([a, b], SurvivorshipSettings(), primaries={"email": 21})
    assert [k.is_primary for k in chosen.points["email"]] == [False, True]


def test_settings_round_trip_and_ignore_unknown_rules(sqlite_master):
    with sqlite_master.transaction() as session:
        save_settings(session, SurvivorshipSettings({"name": "recent", "company": "nonsense"}))
    with sqlite_master.session() as session:
        settings = load_settings(session)
    assert settings.rule_for("first_name") == settings.rule_for("last_name") == "recent"
    assert settings.rule_for("company") == "best"  # the default: an unknown rule is not taken
    assert settings.rule_for("order_count") == "sum"
