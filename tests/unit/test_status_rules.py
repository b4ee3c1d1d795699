"""Lifecycle status rules: evaluation (SQL and Python agree), recomputation, overrides, edits."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from workbench.definitions import rules, statuses
from workbench.definitions.defaults import DEFAULT_STATUSES
from workbench.errors import WorkbenchError
from workbench.operations import run
from workbench.store.models import Customer, StatusRule

NOW = datetime(2026, 11, 23, 12, 0)


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


# (description, customer columns, status under the default rules)
DEFAULT_CASES = [
    ("ordered yesterday", {"last_order_at": days_ago(1), "order_count": 3}, "customer"),
    ("ordered exactly 365 days ago", {"last_order_at": days_ago(365)}, "customer"),
    ("ordered 366 days ago", {"last_order_at": days_ago(366), "order_count": 1}, "former customer"),
    ("orders counted but no date (a till system)", {"order_count": 4}, "former customer"),
    ("never ordered, first seen last week", {"first_seen_at": days_ago(7)}, "new prospect"),
    ("never ordered, first seen a year ago", {"first_seen_at": days_ago(400)}, "known prospect"),
    # The day of the import is not the day the customer was first seen: without a source's date
    # a record is neither a new nor a known prospect.
    ("never ordered, no source date, imported today", {"created_at": NOW}, None),
    ("never ordered, no source date, imported long ago", {"created_at": days_ago(2000)}, None),
    ("never ordered, first seen three years ago", {"first_seen_at": days_ago(1100)}, None),
    ("zero orders is never ordered", {"order_count": 0, "first_seen_at": days_ago(3)}, "new prospect"),
    ("recent order wins over a recent first contact", {"first_seen_at": days_ago(3), "last_order_at": days_ago(2)},
     "customer"),
]


def default_rules() -> list[rules.NamedRule]:
    return [rules.NamedRule(d["name"], rules.Rule.from_json(d["rule"])) for d in DEFAULT_STATUSES]


def add_customer(session, **columns) -> Customer:
    values = {"created_at": days_ago(2000), "updated_at": days_ago(2000), "display_name": "x", "sort_name": "x",
              "search_text": ""}
    values.update(columns)
    customer = Customer(**values)
    session.add(customer)
    session.flush()
    return customer


@pytest.mark.parametrize(("description", "columns", "expected"), DEFAULT_CASES, ids=[c[0] for c in DEFAULT_CASES])
def test_default_rules_in_python(description, columns, expected):
    record = {"created_at": days_ago(2000), **columns}
    assert rules.first_match(default_rules(), record, NOW) == expected


def test_default_rules_in_sql_agree_with_python(master):
    with master.transaction() as session:
        ids = {add_customer(session, **columns).id: expected for _d, columns, expected in DEFAULT_CASES}
        changed = statuses.recompute_statuses(session, now=NOW)
    with master.session() as session:
        got = dict(session.execute(select(Customer.id, Customer.status).where(Customer.id.in_(ids))).all())
    assert got == ids
    assert changed == sum(1 for expected in ids.values() if expected is not None)


CONDITION_CASES = [
    ("more than", {"field": "total_spent", "op": ">", "value": 100}, {"total_spent": 100.5}, True),
    ("not more than", {"field": "total_spent", "op": ">", "value": 100}, {"total_spent": 100}, False),
    ("empty total counts as 0", {"field": "total_spent", "op": "<", "value": 1}, {}, True),
    ("at least", {"field": "order_count", "op": ">=", "value": 5}, {"order_count": 5}, True),
    ("does not equal", {"field": "order_count", "op": "!=", "value": 0}, {"order_count": 2}, True),
    ("older than", {"field": "last_order_at", "op": "older_than_days", "value": 30},
     {"last_order_at": days_ago(31)}, True),
    ("unknown date is not older", {"field": "last_order_at", "op": "older_than_days", "value": 30}, {}, False),
    ("is set", {"field": "last_order_at", "op": "is_set"}, {"last_order_at": days_ago(1)}, True),
    ("is empty", {"field": "last_order_at", "op": "is_empty"}, {"last_order_at": days_ago(1)}, False),
    ("kind is", {"field": "kind", "op": "is", "value": "organization"}, {"kind": "organization"}, True),
    ("consent is not", {"field": "marketing_consent", "op": "is_not", "value": "granted"},
     {"marketing_consent": "denied"}, True),
    ("changed within", {"field": "updated_at", "op": "within_days", "value": 10}, {"updated_at": days_ago(11)}, False),
]


@pytest.mark.parametrize(("description", "condition", "columns", "expected"), CONDITION_CASES,
                         ids=[c[0] for c in CONDITION_CASES])
def test_each_condition_in_python_and_sql(sqlite_master, description, condition, columns, expected):
    rule = rules.Rule.from_json({"conditions": [condition]})
    record = {"kind": "person", "marketing_consent": "unknown", "updated_at": days_ago(2000), **columns}
    assert rules.holds(rule, record, NOW) is expected
    with sqlite_master.transaction() as session:
        customer = add_customer(session, **record)
        found = session.scalar(select(Customer.id).where(Customer.id == customer.id, rules.clause(rule, NOW)))
    assert (found is not None) is expected


def test_any_and_all_and_the_catch_all():
    ordered = {"order_count": 2, "last_order_at": None}
    either = rules.Rule.from_json({"match": "any", "conditions": [{"field": "last_order_at", "op": "is_set"},
                                                                  {"field": "order_count", "op": ">", "value": 0}]})
    both = rules.Rule.from_json({**either.to_json(), "match": "all"})
    assert rules.holds(either, ordered, NOW) and not rules.holds(both, ordered, NOW)
    assert rules.holds(rules.Rule(), {}, NOW)
    assert rules.Rule().describe() == "every record (catch-all)"


@pytest.mark.parametrize(("condition", "message"), [
    ({"field": "shoe_size", "op": ">", "value": 3}, "unknown field"),
    ({"field": "last_order_at", "op": ">", "value": 3}, "cannot be compared"),
    ({"field": "last_order_at", "op": "within_days", "value": -1}, "whole number"),
    ({"field": "last_order_at", "op": "within_days", "value": "a year"}, "whole number"),
    ({"field": "total_spent", "op": ">", "value": "lots"}, "a number is needed"),
    ({"field": "kind", "op": "is", "value": "robot"}, "choose one of"),
])
def test_broken_conditions_are_named(condition, message):
    found = rules.problems(rules.Rule.from_json({"conditions": [{"field": "order_count", "op": ">", "value": 0},
                                                                condition]}))
    assert len(found) == 1 and found[0].startswith("Condition 2:") and message in found[0]


def test_describe_reads_like_a_sentence():
    rule = rules.Rule.from_json(DEFAULT_STATUSES[2]["rule"])
    assert rule.describe() == ("First seen within the last 30 days and number of orders equals 0 and last order is "
                               "unknown")


def test_recompute_given_customers_only_and_overrides_are_kept(sqlite_master):
    with sqlite_master.transaction() as session:
        a = add_customer(session, last_order_at=days_ago(5))
        b = add_customer(session, last_order_at=days_ago(5))
        c = add_customer(session, last_order_at=days_ago(5), status_override="known prospect",
                         status_reason="a reseller")
        merged = add_customer(session, last_order_at=days_ago(5), merged_into_id=a.id)
        assert statuses.recompute_statuses(session, [a.id, c.id, merged.id], now=NOW) == 2
        session.flush()
        session.expire_all()
        assert (a.status, b.status, c.status, merged.status) == ("customer", None, "customer", None)
        assert c.effective_status == "known prospect"


def test_a_rule_change_and_recompute_moves_customers(master):
    with master.transaction() as session:
        add_customer(session, last_order_at=days_ago(200))
        add_customer(session, last_order_at=days_ago(20))
        statuses.recompute_statuses(session, now=NOW)
        rule_id = session.scalar(select(StatusRule.id).where(StatusRule.name == "customer"))
        operation = statuses.edit_status(session, rule_id, "active customer", rules.Rule.from_json(
            {"conditions": [{"field": "last_order_at", "op": "within_days", "value": 90}]}))
    outcome = run(master, operation)
    assert outcome.details.get("recompute_statuses")
    with master.transaction() as session:
        statuses.recompute_statuses(session, now=NOW)
    with master.session() as session:
        counts = {c.name: c.count for c in statuses.status_counts(session)}
    assert counts["active customer"] == 1 and counts["former customer"] == 1 and "customer" not in counts


def test_renaming_a_status_renames_it_on_customers_and_undo_renames_back(master):
    with master.transaction() as session:
        customer = add_customer(session, last_order_at=days_ago(3), status_override="customer",
                                status_reason="checked")
        statuses.recompute_statuses(session, now=NOW)
        rule_id = session.scalar(select(StatusRule.id).where(StatusRule.name == "customer"))
        rule = rules.Rule.from_json(DEFAULT_STATUSES[0]["rule"])
        operation = statuses.edit_status(session, rule_id, "Stammkunde", rule)
    outcome = run(master, operation)
    with master.session() as session:
        renamed = session.get(Customer, customer.id)
        assert (renamed.status, renamed.status_override) == ("Stammkunde", "Stammkunde")
    run(master, outcome.inverse, undoing=True)
    with master.session() as session:
        back = session.get(Customer, customer.id)
        assert (back.status, back.status_override) == ("customer", "customer")
        assert session.get(StatusRule, rule_id).name == "customer"


def test_deleting_a_status_clears_its_overrides_and_undo_restores_both(sqlite_master):
    with sqlite_master.transaction() as session:
        customer = add_customer(session, status_override="new prospect", status_reason="met at the fair")
        rule_id = session.scalar(select(StatusRule.id).where(StatusRule.name == "new prospect"))
        operation = statuses.delete_status(session, rule_id)
    outcome = run(sqlite_master, operation)
    with sqlite_master.session() as session:
        assert session.get(Customer, customer.id).status_override is None
        assert session.get(StatusRule, rule_id) is None
    run(sqlite_master, outcome.inverse, undoing=True)
    with sqlite_master.session() as session:
        restored = session.get(Customer, customer.id)
        assert (restored.status_override, restored.status_reason) == ("new prospect", "met at the fair")
        assert session.get(StatusRule, rule_id).name == "new prospect"


def test_moving_a_rule_changes_which_wins(sqlite_master):
    with sqlite_master.transaction() as session:
        add_customer(session, first_seen_at=days_ago(3))
        statuses.recompute_statuses(session, now=NOW)
        known = session.scalar(select(StatusRule.id).where(StatusRule.name == "known prospect"))
        operation = statuses.move_status(session, known, -1)
        assert statuses.move_status(session, session.scalar(
            select(StatusRule.id).where(StatusRule.name == "customer")), -1) is None  # already first
    run(sqlite_master, operation)
    with sqlite_master.transaction() as session:
        assert [r.name for r in statuses.load_rules(session)][2] == "known prospect"
        statuses.recompute_statuses(session, now=NOW)
        assert session.scalar(select(Customer.status)) == "known prospect"


def test_preview_counts_do_not_change_anything(sqlite_master):
    with sqlite_master.transaction() as session:
        add_customer(session, last_order_at=days_ago(100))
        add_customer(session, last_order_at=days_ago(500))
        statuses.recompute_statuses(session, now=NOW)
        strict = [rules.NamedRule("recent", rules.Rule.from_json(
            {"conditions": [{"field": "last_order_at", "op": "within_days", "value": 30}]}))]
        assert statuses.preview_counts(session, strict, NOW) == {None: 2}
        assert statuses.preview_counts(session, statuses.load_rules(session), NOW) == {
            "customer": 1, "former customer": 1}
    with sqlite_master.session() as session:
        assert sorted(session.scalars(select(Customer.status))) == ["customer", "former customer"]


def test_status_counts_follow_rule_order_and_end_with_no_status(sqlite_master):
    with sqlite_master.transaction() as session:
        add_customer(session, last_order_at=days_ago(1))
        add_customer(session, last_order_at=days_ago(1), status_override="former customer", status_reason="x")
        add_customer(session)
        statuses.recompute_statuses(session, now=NOW)
        counts = statuses.status_counts(session)
    assert [(c.label, c.count, c.overridden) for c in counts] == [
        ("Customer", 1, 0), ("Former customer", 1, 1), ("New prospect", 0, 0), ("Known prospect", 0, 0),
        ("No status", 1, 0)]


@pytest.mark.parametrize(("name", "field", "message"), [
    ("", "name", "needs a name"),
    ("  Customer ", "name", "already a status"),
    ("x" * 61, "name", "At most 60"),
])
def test_status_problems(sqlite_master, name, field, message):
    with sqlite_master.session() as session:
        found = statuses.problems(session, name, rules.Rule())
    assert message in found[field]


def test_override_needs_a_known_status_and_a_reason(sqlite_master):
    with sqlite_master.transaction() as session:
        customer = add_customer(session)
        with pytest.raises(WorkbenchError, match="no status called"):
            statuses.override_status(session, customer.id, "vip", "big spender")
        with pytest.raises(WorkbenchError, match="say why"):
            statuses.override_status(session, customer.id, "customer", " ")
        operation = statuses.override_status(session, customer.id, "customer", "ordered by phone")
    run(sqlite_master, operation)
    with sqlite_master.session() as session:
        assert session.get(Customer, customer.id).effective_status == "customer"


def test_restoring_the_default_statuses(sqlite_master):
    with sqlite_master.transaction() as session:
        rule_id = session.scalar(select(StatusRule.id).where(StatusRule.name == "customer"))
        session.delete(session.get(StatusRule, rule_id))
        session.add(StatusRule(name="vip", position=9, rule={"conditions": []}))
    with sqlite_master.session() as session:
        operation = statuses.restore_default_statuses(session)
    outcome = run(sqlite_master, operation)
    with sqlite_master.session() as session:
        assert [r.name for r in statuses.load_rules(session)] == [d["name"] for d in DEFAULT_STATUSES]
    run(sqlite_master, outcome.inverse, undoing=True)
    with sqlite_master.session() as session:
        assert "vip" in [r.name for r in statuses.load_rules(session)]


def test_daily_recompute_is_due_after_a_day(sqlite_master):
    with sqlite_master.transaction() as session:
        assert statuses.needs_daily_recompute(session, NOW)
        statuses.recompute_statuses(session, now=NOW)
    with sqlite_master.session() as session:
        assert not statuses.needs_daily_recompute(session, NOW + timedelta(hours=23))
        assert statuses.needs_daily_recompute(session, NOW + timedelta(hours=25))
