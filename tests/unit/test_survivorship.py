"""Survivorship rules: which value the golden record takes, table-driven."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workbench.stewardship.golden_fields import less_complete
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


# ------------------------------------------------------------------ the best value, and what never wins

LESSER = [
    ("an initial", "A.", "Anna", False, True),
    ("a single letter", "A", "Anna", False, True),
    ("an abbreviated word", "Hohenzollern Weinhdl.", "Hohenzollern Weinhandel", False, True),
    ("another name is not a shorter form", "Anna", "Anna-Lena", False, False),
    ("a name without its middle name", "Anna Müller", "Anna Maria Müller", True, True),
    ("... only in a whole name", "Anna Müller", "Anna Maria Müller", False, False),
    ("umlauts written out", "A. Mueller", "Anna Müller", True, True),
    ("the same value", "Anna", "ANNA", False, False),
    ("longer, not fuller", "Annabelle", "Anna", False, False),
    ("an abbreviation must start like the word", "Hdl.", "Weinhandel", False, False),
]


@pytest.mark.parametrize(("description", "short", "full", "names", "expected"), LESSER, ids=[c[0] for c in LESSER])
def test_less_complete_forms(description, short, full, names, expected):
    assert less_complete(short, full, names=names) is expected


GATES = [
    ("an initial never wins, even from the most trusted source", "first_name", "trust",
     {1: "A.", 2: "Anna", 3: None}, "Anna"),
    ("an abbreviation never wins", "company", "survivor", {1: "Müller Feinkost", 2: "Müller Fk.", 3: None},
     "Müller Feinkost"),
    ("a placeholder is no name", "first_name", "trust", {1: "n/a", 2: "Anne", 3: None}, "Anne"),
    ("digits are no name", "last_name", "trust", {1: "Müller 2", 2: "Müller", 3: None}, "Müller"),
    ("but a generation may have them", "suffix", "trust", {1: "2nd", 2: "Jr.", 3: None}, "2nd"),
    ("a birth date in the future is not valid", "birth_date", "trust",
     {1: date(2199, 1, 1), 2: date(1984, 3, 2), 3: None}, date(1984, 3, 2)),
    ("an invalid value is still better than none", "birth_date", "trust", {1: date(2199, 1, 1), 2: None, 3: None},
     date(2199, 1, 1)),
    ("a negative order count is not summed", "order_count", "sum", {1: 3, 2: -1, 3: 2}, 5),
    ("best: what most records say, in the spelling most use", "last_name", "best",
     {1: "Mueller", 2: "Müller", 3: "Müller"}, "Müller"),
    ("best: most complete among equally frequent values", "company", "best",
     {1: "Acme", 2: "Acme Trading GmbH", 3: None}, "Acme Trading GmbH"),
    ("best: ties go to the most trusted", "job_title", "best", {1: "Buyer", 2: "Owner", 3: None}, "Buyer"),
]


@pytest.mark.parametrize(("description", "name", "rule", "values", "expected"), GATES, ids=[c[0] for c in GATES])
def test_what_never_wins(description, name, rule, values, expected):
    assert resolve(name, values, RECORDS, rule, survivor_id=1).value == expected


def test_a_field_any_record_has_is_never_empty_not_even_by_a_pick():
    records = [record(1, 70, "2024-01-01", first_name="Anna", last_name="Müller", company=None),
               record(2, 40, "2026-01-01", first_name="Anna", last_name="Müller", company="Acme GmbH")]
    golden = plan(records, SurvivorshipSettings(), picks={"company": 1, "job_title": 2})
    assert golden.value("company") == "Acme GmbH" and not golden.fields["company"].picked


NAMES = [
    ("a title and a middle name only other records give",
     [dict(first_name="Anna", last_name="Müller"), dict(title="Dr.", first_name="Anna", last_name="Müller"),
      dict(first_name="Anna", middle_name="Maria", last_name="Mueller")],
     ("Dr.", "Anna", "Maria", "Müller", None)),
    ("an initial completed from a record that agrees",
     [dict(first_name="A.", last_name="Smith", suffix="Jr."), dict(first_name="Anna", last_name="Smith")],
     (None, "Anna", None, "Smith", "Jr.")),
    ("salutation and generation out of first and last name",
     [dict(first_name="Mr. John", last_name="Smith Jr."), dict(first_name="J.", last_name="Smith Jr.")],
     ("Mr.", "John", None, "Smith", "Jr.")),
    ("a generation written twice is written once",
     [dict(first_name="John", last_name="Smith III", suffix="III"), dict(first_name="John", last_name="Smith")],
     (None, "John", None, "Smith", "III")),
    ("a middle name out of the first name where another record keeps it apart",
     [dict(first_name="Anna Maria", last_name="Weber"), dict(first_name="Anna", last_name="Weber")],
     (None, "Anna", "Maria", "Weber", None)),
    ("a double first name nobody splits stays whole",
     [dict(first_name="Anna Maria", last_name="Weber"), dict(first_name="Anna Maria", last_name="Weber")],
     (None, "Anna Maria", None, "Weber", None)),
    ("a salutation from a record with a typo in the last name",
     [dict(first_name="Emma", last_name="Brown"), dict(first_name="Emma", last_name="Brown"),
      dict(title="Ms.", first_name="Emma", last_name="Brwon")],
     ("Ms.", "Emma", None, "Brown", None)),
    ("a double surname as the lists with their own name columns split it, not as a guess from a whole name",
     [dict(first_name="Carlos", middle_name="Pérez", last_name="Moreno"),
      dict(first_name="Carlos", last_name="Pérez Moreno"), dict(first_name="Carlos", last_name="Pérez Moreno")],
     (None, "Carlos", None, "Pérez Moreno", None)),
    ("the full name, not its nickname, even from the more trusted record",
     [dict(first_name="Pepe", last_name="Gómez Álvarez"), dict(first_name="José", last_name="Gómez Álvarez")],
     (None, "José", None, "Gómez Álvarez", None)),
    ("a given name, not a slip of it, even where the slip is written more often",
     [dict(first_name="Andrreas", last_name="Huber"), dict(first_name="Andrreas", last_name="Huber"),
      dict(first_name="Andreas", last_name="Huber")],
     (None, "Andreas", None, "Huber", None)),
    ("the spelling that keeps its accents, though more records fold them",
     [dict(first_name="Johannes", last_name="Schoebel"), dict(first_name="Johannes", last_name="Schoebel"),
      dict(first_name="Johannes", last_name="Schöbel")],
     (None, "Johannes", None, "Schöbel", None)),
    ("two given names one letter apart are not a slip of each other",
     [dict(first_name="Anna", last_name="Berg"), dict(first_name="Anne", last_name="Berg")],
     (None, "Anna", None, "Berg", None)),
    ("nothing from a record whose name does not agree",
     [dict(first_name="Anna", last_name="Müller"), dict(first_name="Anna", last_name="Müller"),
      dict(title="Prof.", first_name="Bernd", middle_name="Jan", last_name="Schulz")],
     (None, "Anna", None, "Müller", None)),
]


@pytest.mark.parametrize(("description", "names", "expected"), NAMES, ids=[c[0] for c in NAMES])
def test_names_end_up_whole_and_in_their_fields(description, names, expected):
    records = [record(i + 1, 70 - 10 * i, "2025-01-01", **values) for i, values in enumerate(names)]
    golden = plan(records, SurvivorshipSettings())
    assert tuple(golden.value(p) for p in ("title", "first_name", "middle_name", "last_name", "suffix")) == expected


def test_the_golden_status_is_computed_from_the_merged_orders_and_dates():
    from workbench.definitions.defaults import DEFAULT_STATUSES
    from workbench.definitions.rules import NamedRule, Rule

    rules = [NamedRule(d["name"], Rule.from_json(d["rule"])) for d in DEFAULT_STATUSES]
    now = datetime(2026, 11, 23)
    prospect = record(1, 70, "2026-11-01", status="new prospect", first_seen_at=datetime(2026, 11, 1))
    buyer = record(2, 30, "2026-01-01", status="former customer", last_order_at=datetime(2026, 10, 1),
                   order_count=1)
    settings = SurvivorshipSettings(status_rules=rules)
    golden = plan([prospect, buyer], settings, now=now, picks={"status": 1})
    assert golden.value("status") == "customer" and golden.fields["status"].rule == "computed"
    assert plan([prospect], settings, now=now).value("status") == "new prospect"
    nodate = record(3, 50, "2026-11-20")
    assert plan([nodate], settings, now=now).value("status") is None  # no date: not new


def test_primary_rules_round_trip(sqlite_master):
    with sqlite_master.transaction() as session:
        save_settings(session, SurvivorshipSettings(primary={"phone": "recent", "email": "nonsense"}))
    with sqlite_master.session() as session:
        settings = load_settings(session)
    assert settings.primary_rule("phone") == "recent" and settings.primary_rule("email") == "best"
    assert settings.status_rules is not None and [r.name for r in settings.status_rules][0] == "customer"


def test_frequency_counts_sources_not_customers():
    from workbench.stewardship.records import Origin

    def origins(n):
        return [Origin(i, f"S{i}", "f.csv", None, datetime(2025, 1, 1), 50) for i in range(n)]

    merged_before = record(1, 50, "2025-01-01", first_name="Anna", last_name="Müller")
    merged_before.origins = origins(3)  # three sources agreed on Anna Müller in an earlier merge
    other = record(2, 50, "2025-01-01", first_name="Annika", last_name="Müller-Schmidt")
    other.origins = origins(1)
    assert plan([merged_before, other], SurvivorshipSettings()).value("first_name") == "Anna"
