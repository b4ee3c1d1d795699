"""Lifecycle status rules: plain data (JSON in `status_rules.rule`), evaluated in SQL or in Python.

A rule is `{"match": "all" | "any", "conditions": [{"field", "op", "value"}, …]}`. A rule
without conditions holds for every record, which makes it a catch-all at the end of the list.
Rules are tried in their order; the first that holds gives the status; a record that matches
none has no status (NULL, shown as "No status").

`clause()` turns a rule into a SQL expression for set-based recomputation over 10^6 customers;
`holds()` evaluates the same rule on one record in Python (for previews and tests). Both read
dates relative to one `now`, passed in, so a whole recompute sees one consistent day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, true

from workbench.store.models import Customer

DATE, NUMBER, CHOICE = "date", "number", "choice"


@dataclass(frozen=True)
class RuleField:
    name: str
    label: str
    type: str
    help: str = ""
    choices: tuple[str, ...] = ()


FIELDS: dict[str, RuleField] = {f.name: f for f in (
    RuleField("last_order_at", "Last order", DATE, "the date of the customer's most recent order"),
    # Only a source's own date ("customer since", "created at") says when a customer was first
    # seen: the day of the import says nothing about it, so a record without one is not "new".
    RuleField("first_seen", "First seen", DATE,
              "when a source first recorded the customer (its \"customer since\" date); unknown when no source "
              "gives one"),
    RuleField("created_at", "Added to the master", DATE, "when the record came into the master"),
    RuleField("updated_at", "Last changed", DATE, "when the record was last changed by an import or a steward"),
    RuleField("order_count", "Number of orders", NUMBER, "empty counts as 0"),
    RuleField("total_spent", "Total spent", NUMBER, "total order value (empty counts as 0)"),
    RuleField("kind", "Kind", CHOICE, "person or organization", ("person", "organization")),
    RuleField("marketing_consent", "Marketing consent", CHOICE, "",
              ("granted", "denied", "unsubscribed", "bounced", "unknown")),
)}

# op → (label, needs a value)
OPS: dict[str, dict[str, tuple[str, bool]]] = {
    DATE: {"within_days": ("within the last … days", True), "older_than_days": ("more than … days ago", True),
           "is_set": ("is known", False), "is_empty": ("is unknown", False)},
    NUMBER: {">": ("is more than", True), ">=": ("is at least", True), "<": ("is less than", True),
             "<=": ("is at most", True), "=": ("equals", True), "!=": ("does not equal", True)},
    CHOICE: {"is": ("is", True), "is_not": ("is not", True)},
}


class RuleError(ValueError):
    """A rule that cannot be evaluated; the message names the condition and the reason."""


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "op": self.op}
        if self.value is not None:
            data["value"] = self.value
        return data

    def describe(self, *, first: bool = True) -> str:
        spec = FIELDS.get(self.field)
        label, needs_value = OPS.get(spec.type if spec else "", {}).get(self.op, (self.op, True))
        name = spec.label if spec else self.field
        if not first:  # inside a sentence: "… and total spent is more than 100"
            name = name[:1].lower() + name[1:]
        if not needs_value:
            return f"{name} {label}"
        if "…" in label:
            return f"{name} {label.replace('…', _number_text(self.value))}"
        return f"{name} {label} {_number_text(self.value)}"


@dataclass(frozen=True)
class Rule:
    conditions: tuple[Condition, ...] = ()
    match: str = "all"  # all / any

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Rule:
        data = data or {}
        conditions = tuple(Condition(str(c.get("field", "")), str(c.get("op", "")), c.get("value"))
                           for c in data.get("conditions") or [])
        return cls(conditions, "any" if data.get("match") == "any" else "all")

    def to_json(self) -> dict[str, Any]:
        return {"match": self.match, "conditions": [c.to_json() for c in self.conditions]}

    def describe(self) -> str:
        if not self.conditions:
            return "every record (catch-all)"
        joiner = " and " if self.match == "all" else " or "
        return joiner.join(c.describe(first=index == 0) for index, c in enumerate(self.conditions))


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def problems(rule: Rule) -> list[str]:
    """What is wrong with a rule, one sentence per condition; empty when it can be evaluated."""
    out = []
    for number, condition in enumerate(rule.conditions, start=1):
        try:
            _check(condition)
        except RuleError as exc:
            out.append(f"Condition {number}: {exc}")
    return out


def _check(condition: Condition) -> None:
    spec = FIELDS.get(condition.field)
    if spec is None:
        raise RuleError(f"unknown field {condition.field!r}")
    ops = OPS[spec.type]
    if condition.op not in ops:
        raise RuleError(f"{spec.label} cannot be compared with {condition.op!r}")
    if not ops[condition.op][1]:
        return
    value = condition.value
    if spec.type == DATE:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RuleError(f"{spec.label}: the number of days must be a whole number of 0 or more")
    elif spec.type == NUMBER:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise RuleError(f"{spec.label}: a number is needed")
    elif value not in spec.choices:
        raise RuleError(f"{spec.label}: choose one of {', '.join(spec.choices)}")


# ---------------------------------------------------------------------- SQL


def _column(name: str) -> ColumnElement[Any]:
    if name == "first_seen":
        return Customer.first_seen_at
    if name in ("order_count", "total_spent"):
        return func.coalesce(getattr(Customer, name), 0)
    return getattr(Customer, name)


def _condition_clause(condition: Condition, now: datetime) -> ColumnElement[bool]:
    _check(condition)
    column = _column(condition.field)
    op, value = condition.op, condition.value
    if op == "within_days":
        return column >= now - timedelta(days=value)
    if op == "older_than_days":
        return column < now - timedelta(days=value)
    if op == "is_set":
        return column.isnot(None)
    if op == "is_empty":
        return column.is_(None)
    if op == "is":
        return column == value
    if op == "is_not":
        return or_(column.is_(None), column != value)
    comparisons = {">": column > value, ">=": column >= value, "<": column < value, "<=": column <= value,
                   "=": column == value, "!=": column != value}
    return comparisons[op]


def clause(rule: Rule, now: datetime) -> ColumnElement[bool]:
    """The rule as a WHERE expression on `customers`. Raises RuleError for a broken rule."""
    if not rule.conditions:
        return true()
    parts = [_condition_clause(c, now) for c in rule.conditions]
    return and_(*parts) if rule.match == "all" else or_(false(), *parts)


# ---------------------------------------------------------------------- Python


def _value(record: Any, name: str) -> Any:
    get = record.get if isinstance(record, Mapping) else lambda key: getattr(record, key, None)
    if name == "first_seen":
        return get("first_seen_at")
    if name in ("order_count", "total_spent"):
        return get(name) or 0
    return get(name)


def _condition_holds(condition: Condition, record: Any, now: datetime) -> bool:
    _check(condition)
    value = _value(record, condition.field)
    op, wanted = condition.op, condition.value
    if op == "is_set":
        return value is not None
    if op == "is_empty":
        return value is None
    if op in ("within_days", "older_than_days"):
        if value is None:
            return False
        limit = now - timedelta(days=wanted)
        return value >= limit if op == "within_days" else value < limit
    if op == "is":
        return value == wanted
    if op == "is_not":
        return value != wanted
    return {">": value > wanted, ">=": value >= wanted, "<": value < wanted, "<=": value <= wanted,
            "=": value == wanted, "!=": value != wanted}[op]


def holds(rule: Rule, record: Any, now: datetime) -> bool:
    """Does the rule hold for one record (a Customer or a mapping of its columns)?"""
    if not rule.conditions:
        return True
    results = (_condition_holds(c, record, now) for c in rule.conditions)
    return all(results) if rule.match == "all" else any(results)


@dataclass
class NamedRule:
    name: str
    rule: Rule
    description: str | None = None
    color: str | None = None
    id: int | None = None


def first_match(rules: list[NamedRule], record: Any, now: datetime) -> str | None:
    """The status a record gets: the name of the first rule that holds, else None."""
    for named in rules:
        if holds(named.rule, record, now):
            return named.name
    return None
