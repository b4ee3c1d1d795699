"""Attribute definitions in the master: loose keys, promotion, validation of stored values, edits.

A *loose* attribute is a key in `Customer.attributes` that no definition names (an imported
column kept as it was). Promoting it creates a definition with that key; the values already
stored are then checked and every violation is listed. Nothing is changed or dropped: the
steward fixes values in the customer editor, or changes the definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select, true, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from workbench.definitions.attribute_types import (
    CHOICE_TYPES,
    TYPES,
    AttributeSpec,
    check_value,
    is_empty,
    pattern_problem,
)
from workbench.definitions.ops import (
    Composite,
    DeleteRow,
    SaveRow,
    SetPositions,
    moved_positions,
    next_position,
)
from workbench.definitions.segments import RewriteSegments
from workbench.errors import WorkbenchError
from workbench.operations import CUSTOMERS, Outcome
from workbench.progress import NO_PROGRESS, Progress
from workbench.store.models import AttributeDefinition, Customer

NAME_MAX = 100
LABEL_MAX = 200
_NAME_OK = re.compile(r"^[^\"\\\[\]$]+$")  # characters a JSON path can name on SQLite and PostgreSQL
SCAN_BATCH = 5000


def load_specs(session: Session, *, include_retired: bool = True) -> list[AttributeSpec]:
    statement = select(AttributeDefinition).order_by(AttributeDefinition.position, AttributeDefinition.id)
    if not include_retired:
        statement = statement.where(AttributeDefinition.retired.is_(False))
    return [AttributeSpec.from_row(row) for row in session.scalars(statement)]


def has_key(dialect: str, name: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return Customer.attributes.cast(JSONB).has_key(name)
    return func.json_type(Customer.attributes, '$."' + name + '"').isnot(None)


def key_counts(session: Session) -> dict[str, int]:
    """How many customers carry each attribute key (whatever its value)."""
    dialect = session.get_bind().dialect.name
    each_fn = func.jsonb_each if dialect == "postgresql" else func.json_each
    each = each_fn(Customer.attributes).table_valued("key", "value").alias("each")
    rows = session.execute(select(each.c.key, func.count()).select_from(Customer).join(each, true())
                           .where(Customer.merged_into_id.is_(None)).group_by(each.c.key))
    return {str(key): count for key, count in rows}


def sample_values(session: Session, name: str, limit: int = 200) -> list[Any]:
    """Some stored values of one key, for guessing a type and showing examples."""
    dialect = session.get_bind().dialect.name
    rows = session.scalars(select(Customer.attributes[name]).where(
        Customer.merged_into_id.is_(None), has_key(dialect, name)).order_by(Customer.id).limit(limit))
    return list(rows)


@dataclass
class LooseAttribute:
    name: str
    count: int
    examples: list[str] = field(default_factory=list)


def loose_attributes(session: Session, *, examples: int = 3) -> list[LooseAttribute]:
    defined = set(session.scalars(select(AttributeDefinition.name)))
    out = []
    for name, count in sorted(key_counts(session).items(), key=lambda item: (-item[1], item[0].casefold())):
        if name in defined:
            continue
        seen: list[str] = []
        for value in sample_values(session, name, 50):
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            if text and text not in seen:
                seen.append(text)
            if len(seen) >= examples:
                break
        out.append(LooseAttribute(name, count, seen))
    return out


# ---------------------------------------------------------------------- validating stored values


@dataclass
class Violation:
    customer_id: int
    value: Any
    problem: str


@dataclass
class ValidationReport:
    name: str
    customers: int = 0  # active customers
    filled: int = 0  # with a non-empty value
    valid: int = 0
    invalid: int = 0
    missing_required: int = 0
    violations: list[Violation] = field(default_factory=list)  # the first `limit` of them

    @property
    def ok(self) -> bool:
        return self.invalid == 0 and self.missing_required == 0


def validate_attribute(session: Session, spec: AttributeSpec, *, limit: int = 500,
                       progress: Progress = NO_PROGRESS) -> ValidationReport:
    """Check every stored value of one attribute; list the first `limit` violations."""
    dialect = session.get_bind().dialect.name
    report = ValidationReport(spec.name)
    report.customers = session.scalar(select(func.count(Customer.id)).where(Customer.merged_into_id.is_(None))) or 0
    total = session.scalar(select(func.count(Customer.id)).where(
        Customer.merged_into_id.is_(None), has_key(dialect, spec.name))) or 0
    statement = (select(Customer.id, Customer.attributes[spec.name], Customer.primary_country)
                 .where(Customer.merged_into_id.is_(None), has_key(dialect, spec.name)).order_by(Customer.id)
                 .execution_options(yield_per=SCAN_BATCH))
    done = 0
    for customer_id, value, country in session.execute(statement):
        done += 1
        if done % SCAN_BATCH == 0:
            progress(done, total, f"Checking {spec.title}")
        if is_empty(value):
            continue
        report.filled += 1
        checked = check_value(spec, value, region=country)
        if checked.ok:
            report.valid += 1
            continue
        report.invalid += 1
        if len(report.violations) < limit:
            report.violations.append(Violation(customer_id, value, checked.problem or ""))
    if spec.required and not spec.retired:
        report.missing_required = report.customers - report.filled
    progress(total, total, f"Checked {spec.title}")
    return report


# ---------------------------------------------------------------------- checking and changing definitions


def definition_problems(session: Session, values: dict[str, Any], attribute_id: int | None = None) -> dict[str, str]:
    """What stops a definition from being saved, by field (name, label, type, choices, pattern)."""
    out: dict[str, str] = {}
    name = (values.get("name") or "").strip()
    if not name:
        out["name"] = "An attribute needs a key."
    elif len(name) > NAME_MAX:
        out["name"] = f"At most {NAME_MAX} characters."
    elif not _NAME_OK.match(name):
        out["name"] = 'A key cannot contain " \\ [ ] or $.'
    else:
        other = session.scalar(select(AttributeDefinition.id).where(
            func.lower(AttributeDefinition.name) == name.lower()))
        if other is not None and other != attribute_id:
            out["name"] = f"There is already an attribute with the key {name!r}."
        elif attribute_id is not None:
            current = session.get(AttributeDefinition, attribute_id)
            if current is not None and current.name != name and name in key_counts(session):
                out["name"] = f"Some customers already have values under {name!r}; choose another key."
    label = (values.get("label") or "").strip()
    if len(label) > LABEL_MAX:
        out["label"] = f"At most {LABEL_MAX} characters."
    kind = values.get("type") or "text"
    if kind not in TYPES:
        out["type"] = f"Unknown type {kind!r}."
    choices = [c.strip() for c in values.get("choices") or [] if c and c.strip()]
    if kind in CHOICE_TYPES and not choices:
        out["choices"] = "List the allowed values, one per line."
    elif len({c.casefold() for c in choices}) != len(choices):
        out["choices"] = "Each allowed value only once."
    problem = pattern_problem(values.get("pattern"))
    if problem:
        out["pattern"] = problem[:1].upper() + problem[1:] + "."
    return out


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    name = values["name"].strip()
    kind = values.get("type") or "text"
    choices = [c.strip() for c in values.get("choices") or [] if c and c.strip()]
    return {"name": name, "label": (values.get("label") or "").strip() or name, "type": kind,
            "required": bool(values.get("required")), "choices": choices if kind in CHOICE_TYPES else None,
            "pattern": (values.get("pattern") or "").strip() or None,
            "description": (values.get("description") or "").strip() or None}


def _raise(found: dict[str, str]) -> None:
    if found:
        raise WorkbenchError(" ".join(found.values()))


def add_attribute(session: Session, values: dict[str, Any]) -> Composite:
    _raise(definition_problems(session, values))
    row = {**_clean(values), "retired": False, "position": next_position(session, AttributeDefinition)}
    loose = row["name"] in key_counts(session)
    verb = "Promote" if loose else "Add"
    return Composite(f"{verb} attribute {row['label']!r}", [SaveRow("", AttributeDefinition, row)],
                     {"validate_attribute": row["name"]})


def promote(session: Session, name: str, values: dict[str, Any]) -> Composite:
    """Define a loose attribute under its existing key; validate it afterwards (`validate_attribute`)."""
    if name not in key_counts(session):
        raise WorkbenchError(f"no customer has an attribute {name!r}")
    return add_attribute(session, {**values, "name": name})


def edit_attribute(session: Session, attribute_id: int, values: dict[str, Any]) -> Composite:
    current = session.get(AttributeDefinition, attribute_id)
    if current is None:
        raise WorkbenchError("this attribute no longer exists")
    _raise(definition_problems(session, values, attribute_id))
    row = _clean(values)
    steps: list[Any] = [SaveRow("", AttributeDefinition, row, attribute_id)]
    if row["name"] != current.name:
        steps += [RenameAttributeKey(current.name, row["name"]),
                  RewriteSegments("attributes", current.name, row["name"])]
    return Composite(f"Edit attribute {row['label']!r}", steps, {"validate_attribute": row["name"]})


def set_retired(session: Session, attribute_id: int, retired: bool) -> Composite:
    current = session.get(AttributeDefinition, attribute_id)
    if current is None:
        raise WorkbenchError("this attribute no longer exists")
    verb = "Retire" if retired else "Bring back"
    return Composite(f"{verb} attribute {current.label!r}",
                     [SaveRow("", AttributeDefinition, {"retired": retired}, attribute_id)])


def delete_attribute(session: Session, attribute_id: int) -> Composite:
    """Only a definition nobody uses can be deleted; one with values is retired instead."""
    current = session.get(AttributeDefinition, attribute_id)
    if current is None:
        raise WorkbenchError("this attribute no longer exists")
    used = key_counts(session).get(current.name, 0)
    if used:
        raise WorkbenchError(f"{used:,} customers have a value for {current.label!r}; retire it instead "
                             "(its values are kept)")
    return Composite(f"Delete attribute {current.label!r}", [DeleteRow("", AttributeDefinition, attribute_id)])


def move_attribute(session: Session, attribute_id: int, delta: int) -> Composite | None:
    ids = [s.id for s in load_specs(session) if s.id is not None]
    positions = moved_positions(ids, attribute_id, delta)
    if positions is None:
        return None
    return Composite("Reorder attributes", [SetPositions("", AttributeDefinition, positions)])


@dataclass
class RenameAttributeKey:
    """Move every customer's value from one key to another (the key of a definition changed)."""

    old: str
    new: str
    label: str = ""
    _ids: list[int] = field(default_factory=list, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        dialect = session.get_bind().dialect.name
        self._ids = []
        rows = session.execute(select(Customer.id, Customer.attributes).where(has_key(dialect, self.old))).all()
        for start in range(0, len(rows), SCAN_BATCH):
            updates = []
            for customer_id, attributes in rows[start:start + SCAN_BATCH]:
                moved = {(self.new if k == self.old else k): v for k, v in (attributes or {}).items()}
                updates.append({"id": customer_id, "attributes": moved})
                self._ids.append(customer_id)
            session.execute(update(Customer), updates)
        return Outcome(RenameAttributeKey(self.new, self.old), {CUSTOMERS}, set(self._ids))

    def audit_entries(self) -> list[dict[str, Any]]:
        return [{"action": "rename_attribute", "entity": "attribute_definition", "field": "name", "old": self.old,
                 "new": self.new, "details": {"customers": len(self._ids)}}]
