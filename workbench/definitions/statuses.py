"""Lifecycle statuses: the stored rules, recomputing every customer's status, counts, overrides.

`recompute_statuses` is what import, merge and rule changes call. It is set-based: one
`UPDATE … SET status = CASE …` per slice of ids, touching only rows whose status changes,
so a million customers take seconds, not a Python loop over ORM objects.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, null, select, update
from sqlalchemy.orm import Session

from workbench.definitions import rules as rules_mod
from workbench.definitions.ops import (
    RECOMPUTE,
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
from workbench.store import settings_table as settings
from workbench.store.models import Customer, StatusRule, utcnow

log = logging.getLogger(__name__)

RECOMPUTED_AT = "statuses.recomputed_at"
ID_SLICE = 50_000  # ids per UPDATE: big enough to be set-based, small enough to report progress
CHUNK = 500  # ids per IN (…) when recomputing given customers
NAME_MAX = 60


def load_rules(session: Session) -> list[rules_mod.NamedRule]:
    return [rules_mod.NamedRule(r.name, rules_mod.Rule.from_json(r.rule), r.description, r.color, r.id)
            for r in session.scalars(select(StatusRule).order_by(StatusRule.position, StatusRule.id))]


def status_expression(named_rules: Iterable[rules_mod.NamedRule], now: datetime) -> ColumnElement[Any]:
    """CASE WHEN rule1 THEN name1 … ELSE NULL: the status each customer gets."""
    whens = []
    for named in named_rules:
        try:
            whens.append((rules_mod.clause(named.rule, now), literal(named.name)))
        except rules_mod.RuleError as exc:  # a rule edited outside the app: skip it, say so in the log
            log.warning("status rule %r skipped: %s", named.name, exc)
    if not whens:
        return null()
    return case(*whens, else_=null())


def recompute_statuses(session: Session, customer_ids: Iterable[int] | None = None, *,
                       progress: Progress = NO_PROGRESS, now: datetime | None = None,
                       rules: list[rules_mod.NamedRule] | None = None) -> int:
    """Set `Customer.status` from the rules, for the given customers or (None) for all.

    Runs in the caller's transaction; returns how many customers changed status. Steward
    overrides (`status_override`) are kept; they win over the computed status when shown.
    A caller that recomputes again and again (an import, chunk by chunk) passes the `rules`
    it loaded once.
    """
    now = now or utcnow()
    expression = status_expression(load_rules(session) if rules is None else rules, now)
    active = Customer.merged_into_id.is_(None)
    changed = 0
    if customer_ids is not None:
        ids = sorted(set(customer_ids))
        if ids and ids[-1] - ids[0] + 1 == len(ids):  # a run of ids (an import's new customers): one range
            return _update(session, expression, active, Customer.id.between(ids[0], ids[-1]))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            changed += _update(session, expression, active, Customer.id.in_(chunk))
            progress(min(start + CHUNK, len(ids)), len(ids), "Updating statuses")
        return changed
    low, high = session.execute(select(func.min(Customer.id), func.max(Customer.id))).one()
    if low is None:
        _mark(session, now)
        return 0
    total = high - low + 1
    for start in range(low, high + 1, ID_SLICE):
        changed += _update(session, expression, active, Customer.id.between(start, start + ID_SLICE - 1))
        progress(min(start + ID_SLICE, high + 1) - low, total, "Updating statuses")
    _mark(session, now)
    return changed


def _update(session: Session, expression, *where) -> int:
    result = session.execute(
        update(Customer).where(*where, Customer.status.is_distinct_from(expression))
        .values(status=expression).execution_options(synchronize_session=False))
    return result.rowcount or 0  # type: ignore[attr-defined]


def _mark(session: Session, now: datetime) -> None:
    settings.put(session, RECOMPUTED_AT, {"at": now.isoformat()})


def recomputed_at(session: Session) -> datetime | None:
    value = settings.get(session, RECOMPUTED_AT)
    try:
        return datetime.fromisoformat(value["at"]) if value else None
    except (KeyError, TypeError, ValueError):
        return None


def needs_daily_recompute(session: Session, now: datetime | None = None) -> bool:
    """Statuses depend on today's date ("ordered within 365 days"): stale after a day."""
    last = recomputed_at(session)
    return last is None or ((now or utcnow()) - last).total_seconds() > 86_400


# ---------------------------------------------------------------------- counts


@dataclass
class StatusCount:
    name: str | None  # None: matches no rule
    count: int
    overridden: int = 0  # of which set by a steward
    color: str | None = None
    defined: bool = True  # False: an override naming a status that no rule defines any more

    @property
    def label(self) -> str:
        return display(self.name)


def customer_count(session: Session) -> int:
    """How many customers a recompute goes over (to decide whether it is worth showing as a task)."""
    return session.scalar(select(func.count(Customer.id))) or 0


def display(name: str | None) -> str:
    """How a status reads on screen: its name with a capital first letter; None → "No status"."""
    if not name:
        return "No status"
    return name[:1].upper() + name[1:]


def status_counts(session: Session) -> list[StatusCount]:
    """Customers per effective status, in rule order, then "No status"; overrides counted apart."""
    effective = func.coalesce(Customer.status_override, Customer.status)
    rows = session.execute(
        select(effective, func.count(), func.count(Customer.status_override))
        .where(Customer.merged_into_id.is_(None)).group_by(effective)).all()
    found = {name: (count, overridden) for name, count, overridden in rows}
    out = []
    for named in load_rules(session):
        count, overridden = found.pop(named.name, (0, 0))
        out.append(StatusCount(named.name, count, overridden, named.color))
    none = found.pop(None, (0, 0))
    for name, (count, overridden) in sorted(found.items(), key=lambda item: str(item[0])):
        out.append(StatusCount(name, count, overridden, defined=False))
    out.append(StatusCount(None, none[0], none[1]))
    return out


def preview_counts(session: Session, named_rules: list[rules_mod.NamedRule],
                   now: datetime | None = None) -> dict[str | None, int]:
    """Computed statuses as they would be under `named_rules` (not saved), overrides aside."""
    expression = status_expression(named_rules, now or utcnow())
    rows = session.execute(select(expression, func.count()).where(Customer.merged_into_id.is_(None))
                           .group_by(expression))
    return {name: count for name, count in rows}


# ---------------------------------------------------------------------- checking and changing rules


def problems(session: Session, name: str, rule: rules_mod.Rule, rule_id: int | None = None) -> dict[str, str]:
    """What stops a status from being saved, by field ("name", "rule")."""
    out: dict[str, str] = {}
    name = name.strip()
    if not name:
        out["name"] = "A status needs a name."
    elif len(name) > NAME_MAX:
        out["name"] = f"At most {NAME_MAX} characters."
    else:
        other = session.scalar(select(StatusRule.id).where(func.lower(StatusRule.name) == name.lower()))
        if other is not None and other != rule_id:
            out["name"] = f"There is already a status called {name!r}."
    rule_problems = rules_mod.problems(rule)
    if rule_problems:
        out["rule"] = " ".join(rule_problems)
    return out


def _raise_problems(found: dict[str, str]) -> None:
    if found:
        raise WorkbenchError(" ".join(found.values()))


def add_status(session: Session, name: str, rule: rules_mod.Rule, *, description: str | None = None,
               color: str | None = None, position: int | None = None) -> Composite:
    _raise_problems(problems(session, name, rule))
    values = {"name": name.strip(), "rule": rule.to_json(), "description": description or None, "color": color,
              "position": next_position(session, StatusRule) if position is None else position}
    return Composite(f"Add status {name.strip()!r}", [SaveRow("", StatusRule, values)], {RECOMPUTE: True})


def edit_status(session: Session, rule_id: int, name: str, rule: rules_mod.Rule, *,
                description: str | None = None, color: str | None = None) -> Composite:
    current = session.get(StatusRule, rule_id)
    if current is None:
        raise WorkbenchError("this status no longer exists")
    _raise_problems(problems(session, name, rule, rule_id))
    name = name.strip()
    steps: list[Any] = [SaveRow("", StatusRule, {"name": name, "rule": rule.to_json(),
                                                 "description": description or None, "color": color}, rule_id)]
    if name != current.name:
        steps += [RenameStatus(current.name, name), RewriteSegments("statuses", current.name, name)]
    label = f"Rename status {current.name!r} to {name!r}" if name != current.name else f"Edit status {name!r}"
    return Composite(label, steps, {RECOMPUTE: True})


def delete_status(session: Session, rule_id: int) -> Composite:
    """Delete a status; steward overrides naming it are cleared (undo puts them back)."""
    current = session.get(StatusRule, rule_id)
    if current is None:
        raise WorkbenchError("this status no longer exists")
    return Composite(f"Delete status {current.name!r}",
                     [ClearOverrides(current.name), DeleteRow("", StatusRule, rule_id)], {RECOMPUTE: True})


def move_status(session: Session, rule_id: int, delta: int) -> Composite | None:
    ids = [r.id for r in load_rules(session) if r.id is not None]
    positions = moved_positions(ids, rule_id, delta)
    if positions is None:
        return None
    name = session.get(StatusRule, rule_id).name  # type: ignore[union-attr]
    return Composite(f"Move status {name!r} {'up' if delta < 0 else 'down'}",
                     [SetPositions("", StatusRule, positions)], {RECOMPUTE: True})


def restore_default_statuses(session: Session) -> Composite:
    """Replace the status rules by the defaults (undoable), keeping the overrides that still fit."""
    from workbench.definitions.defaults import DEFAULT_STATUSES

    current = list(session.scalars(select(StatusRule).order_by(StatusRule.position)))
    default_names = {d["name"] for d in DEFAULT_STATUSES}
    steps: list[Any] = []
    for row in current:
        if row.name not in default_names:
            steps.append(ClearOverrides(row.name))
        steps.append(DeleteRow("", StatusRule, row.id))
    steps += [SaveRow("", StatusRule, {**d, "position": i}) for i, d in enumerate(DEFAULT_STATUSES)]
    return Composite("Restore the default statuses", steps, {RECOMPUTE: True})


@dataclass
class RenameStatus:
    """Customers (computed status and override) and nothing else follow a status's new name."""

    old: str
    new: str
    label: str = ""
    _count: int = field(default=0, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        self._count = 0
        for column in (Customer.status, Customer.status_override):
            result = session.execute(update(Customer).where(column == self.old).values({column.key: self.new})
                                     .execution_options(synchronize_session=False))
            self._count += result.rowcount or 0  # type: ignore[attr-defined]
        return Outcome(RenameStatus(self.new, self.old), {CUSTOMERS})

    def audit_entries(self) -> list[dict[str, Any]]:
        return [{"action": "rename_status", "entity": "status_rule", "field": "name", "old": self.old,
                 "new": self.new, "details": {"customers": self._count}}]


@dataclass
class SetOverrides:
    """Set (or clear, with None) steward status overrides: (customer id, status, reason) each."""

    values: list[tuple[int, str | None, str | None]]
    label: str = ""
    action: str = "status_override"
    _old: list[tuple[int, str | None, str | None]] = field(default_factory=list, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        wanted = {cid: (status, reason) for cid, status, reason in self.values}
        self._old = []
        for start in range(0, len(self.values), CHUNK):
            ids = [v[0] for v in self.values[start:start + CHUNK]]
            for customer in session.scalars(select(Customer).where(Customer.id.in_(ids))):
                self._old.append((customer.id, customer.status_override, customer.status_reason))
                customer.status_override, customer.status_reason = wanted[customer.id]
                customer.updated_at = utcnow()
        return Outcome(SetOverrides(list(self._old), self.label), {CUSTOMERS}, {cid for cid, _s, _r in self._old})

    def audit_entries(self) -> list[dict[str, Any]]:
        new = {cid: (status, reason) for cid, status, reason in self.values}
        return [{"action": self.action, "entity": "customer", "entity_id": cid, "field": "status_override",
                 "old": old_status, "new": new[cid][0], "reason": new[cid][1] or old_reason}
                for cid, old_status, old_reason in self._old if (old_status, old_reason) != new[cid]]


@dataclass
class ClearOverrides:
    """Clear every override naming one status (the status is going away)."""

    status: str
    label: str = ""
    _cleared: list[tuple[int, str | None, str | None]] = field(default_factory=list, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        rows = session.execute(select(Customer.id, Customer.status_override, Customer.status_reason)
                               .where(Customer.status_override == self.status)).all()
        self._cleared = [tuple(r) for r in rows]  # type: ignore[misc]
        if rows:
            session.execute(update(Customer).where(Customer.status_override == self.status)
                            .values(status_override=None, status_reason=None)
                            .execution_options(synchronize_session=False))
        return Outcome(SetOverrides(list(self._cleared)), {CUSTOMERS}, {r[0] for r in self._cleared})

    def audit_entries(self) -> list[dict[str, Any]]:
        return [{"action": "status_override", "entity": "customer", "entity_id": cid, "field": "status_override",
                 "old": old, "new": None, "reason": f"status {self.status!r} deleted"}
                for cid, old, _reason in self._cleared]


def override_status(session: Session, customer_id: int, status: str | None, reason: str | None) -> Composite:
    """A steward sets one customer's status by hand (with a reason), or hands it back to the rules."""
    if status is not None:
        if session.scalar(select(StatusRule.id).where(StatusRule.name == status)) is None:
            raise WorkbenchError(f"there is no status called {status!r}")
        if not (reason or "").strip():
            raise WorkbenchError("say why this customer's status is set by hand")
    label = f"Set status of C-{customer_id:06d}" if status else f"Clear status override of C-{customer_id:06d}"
    return Composite(label, [SetOverrides([(customer_id, status, (reason or "").strip() or None)])])
