"""Roles: the business's list (buyer, decision maker, patient, caregiver …); a customer holds several.

Customers keep role names in `Customer.roles` (a JSON list), so renaming or deleting a role
rewrites the customers (and segments) that hold it, undoably.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, true, update
from sqlalchemy.orm import Session

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
from workbench.store.filters import CustomerFilter
from workbench.store.models import Customer, RoleDefinition, utcnow

NAME_MAX = 100
BATCH = 5000


@dataclass
class RoleInfo:
    id: int
    name: str
    description: str | None
    position: int
    customers: int = 0


def role_counts(session: Session) -> dict[str, int]:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        each = func.jsonb_array_elements_text(Customer.roles).table_valued("value").alias("each")
    else:
        each = func.json_each(Customer.roles).table_valued("value").alias("each")
    rows = session.execute(select(each.c.value, func.count()).select_from(Customer).join(each, true())
                           .where(Customer.merged_into_id.is_(None)).group_by(each.c.value))
    return {str(name): count for name, count in rows}


def load_roles(session: Session) -> list[RoleInfo]:
    counts = role_counts(session)
    return [RoleInfo(r.id, r.name, r.description, r.position, counts.get(r.name, 0))
            for r in session.scalars(select(RoleDefinition).order_by(RoleDefinition.position, RoleDefinition.id))]


def role_names(session: Session) -> list[str]:
    return list(session.scalars(select(RoleDefinition.name).order_by(RoleDefinition.position, RoleDefinition.id)))


def problems(session: Session, name: str, role_id: int | None = None) -> dict[str, str]:
    name = name.strip()
    if not name:
        return {"name": "A role needs a name."}
    if len(name) > NAME_MAX:
        return {"name": f"At most {NAME_MAX} characters."}
    other = session.scalar(select(RoleDefinition.id).where(func.lower(RoleDefinition.name) == name.lower()))
    if other is not None and other != role_id:
        return {"name": f"There is already a role called {name!r}."}
    return {}


def _raise(found: dict[str, str]) -> None:
    if found:
        raise WorkbenchError(" ".join(found.values()))


def add_role(session: Session, name: str, description: str | None = None) -> Composite:
    _raise(problems(session, name))
    values = {"name": name.strip(), "description": (description or "").strip() or None,
              "position": next_position(session, RoleDefinition)}
    return Composite(f"Add role {name.strip()!r}", [SaveRow("", RoleDefinition, values)])


def edit_role(session: Session, role_id: int, name: str, description: str | None = None) -> Composite:
    current = session.get(RoleDefinition, role_id)
    if current is None:
        raise WorkbenchError("this role no longer exists")
    _raise(problems(session, name, role_id))
    name = name.strip()
    steps: list[Any] = [SaveRow("", RoleDefinition, {"name": name,
                                                     "description": (description or "").strip() or None}, role_id)]
    if name != current.name:
        steps += [RewriteRoles(current.name, name), RewriteSegments("roles", current.name, name)]
        return Composite(f"Rename role {current.name!r} to {name!r}", steps)
    return Composite(f"Edit role {name!r}", steps)


def delete_role(session: Session, role_id: int) -> Composite:
    """Delete a role and take it off every customer who holds it (undo gives it back)."""
    current = session.get(RoleDefinition, role_id)
    if current is None:
        raise WorkbenchError("this role no longer exists")
    return Composite(f"Delete role {current.name!r}",
                     [RewriteRoles(current.name, None), RewriteSegments("roles", current.name, None),
                      DeleteRow("", RoleDefinition, role_id)])


def move_role(session: Session, role_id: int, delta: int) -> Composite | None:
    positions = moved_positions([r.id for r in load_roles(session)], role_id, delta)
    return Composite("Reorder roles", [SetPositions("", RoleDefinition, positions)]) if positions else None


@dataclass
class SetRoles:
    """Give customers exactly these role lists (customer id → roles)."""

    values: dict[int, list[str]]
    label: str = ""
    _old: dict[int, list[str]] = field(default_factory=dict, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        ids = list(self.values)
        self._old = {}
        for start in range(0, len(ids), BATCH):
            rows = session.execute(select(Customer.id, Customer.roles).where(Customer.id.in_(ids[start:start + BATCH])))
            self._old.update({cid: list(roles or []) for cid, roles in rows})
        now = utcnow()
        updates = [{"id": cid, "roles": self.values[cid], "updated_at": now} for cid in self._old]
        for start in range(0, len(updates), BATCH):
            session.execute(update(Customer), updates[start:start + BATCH])
        return Outcome(SetRoles(dict(self._old)), {CUSTOMERS}, set(self._old))

    def audit_entries(self) -> list[dict[str, Any]]:
        return [{"action": "update", "entity": "customer", "entity_id": cid, "field": "roles", "old": old,
                 "new": self.values[cid]} for cid, old in self._old.items() if old != self.values[cid]]


@dataclass
class RewriteRoles:
    """Rename a role on every customer holding it, or (new=None) take it off them."""

    old: str
    new: str | None
    label: str = ""
    _count: int = field(default=0, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        dialect = session.get_bind().dialect.name
        rows = session.execute(select(Customer.id, Customer.roles)
                               .where(CustomerFilter(roles=(self.old,)).clause(dialect))).all()
        wanted: dict[int, list[str]] = {}
        for customer_id, roles in rows:
            renamed: list[str] = []
            for role in roles or []:
                role = self.new if role == self.old else role
                if role is not None and role not in renamed:
                    renamed.append(role)
            wanted[customer_id] = renamed
        self._count = len(wanted)
        outcome = SetRoles(wanted).apply(session)
        return Outcome(outcome.inverse, {CUSTOMERS}, set(wanted))

    def audit_entries(self) -> list[dict[str, Any]]:
        action = "rename_role" if self.new else "remove_role"
        return [{"action": action, "entity": "role_definition", "field": "name", "old": self.old, "new": self.new,
                 "details": {"customers": self._count}}]
