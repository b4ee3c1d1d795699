"""Relationship kinds (household member, works for …) and the relationships between customers.

A relationship is stored once, from one customer to another; a kind names it from both ends
("works for" / "employs"), or is symmetric ("spouse/partner"). Household suggestions are
relationships in state "suggested" until the steward accepts (active) or dismisses them;
dismissed ones are kept so they are not suggested again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from workbench.definitions.ops import (
    Composite,
    DeleteRow,
    SaveRow,
    SetPositions,
    moved_positions,
    next_position,
)
from workbench.errors import WorkbenchError
from workbench.operations import RELATIONSHIPS
from workbench.store.models import Customer, CustomerRelationship, RelationshipKind, format_master_number
from workbench.store.queries import resolve_customer_id

NAME_MAX = 100
ACTIVE, SUGGESTED, DISMISSED = "active", "suggested", "dismissed"


@dataclass
class KindInfo:
    id: int
    name: str
    inverse_name: str | None
    symmetric: bool
    position: int
    relationships: int = 0  # active ones

    def label_from(self, outgoing: bool) -> str:
        """The kind's name seen from one end: 'works for' from the employee, 'employs' from the company."""
        if outgoing or self.symmetric or not self.inverse_name:
            return self.name
        return self.inverse_name


def load_kinds(session: Session) -> list[KindInfo]:
    counts = dict(session.execute(select(CustomerRelationship.kind_id, func.count())
                                  .where(CustomerRelationship.state == ACTIVE)
                                  .group_by(CustomerRelationship.kind_id)).all())
    return [KindInfo(k.id, k.name, k.inverse_name, k.symmetric, k.position, counts.get(k.id, 0))
            for k in session.scalars(select(RelationshipKind).order_by(RelationshipKind.position,
                                                                       RelationshipKind.id))]


def kind_problems(session: Session, name: str, inverse_name: str | None, symmetric: bool,
                  kind_id: int | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    name = name.strip()
    if not name:
        out["name"] = "A relationship kind needs a name."
    elif len(name) > NAME_MAX:
        out["name"] = f"At most {NAME_MAX} characters."
    else:
        other = session.scalar(select(RelationshipKind.id).where(func.lower(RelationshipKind.name) == name.lower()))
        if other is not None and other != kind_id:
            out["name"] = f"There is already a kind called {name!r}."
    if inverse_name and len(inverse_name.strip()) > NAME_MAX:
        out["inverse_name"] = f"At most {NAME_MAX} characters."
    return out


def _raise(found: dict[str, str]) -> None:
    if found:
        raise WorkbenchError(" ".join(found.values()))


def _kind_values(name: str, inverse_name: str | None, symmetric: bool) -> dict[str, Any]:
    inverse = None if symmetric else ((inverse_name or "").strip() or None)
    return {"name": name.strip(), "inverse_name": inverse, "symmetric": bool(symmetric)}


def add_kind(session: Session, name: str, inverse_name: str | None = None, symmetric: bool = False) -> Composite:
    _raise(kind_problems(session, name, inverse_name, symmetric))
    values = {**_kind_values(name, inverse_name, symmetric), "position": next_position(session, RelationshipKind)}
    return Composite(f"Add relationship kind {name.strip()!r}", [SaveRow("", RelationshipKind, values)])


def edit_kind(session: Session, kind_id: int, name: str, inverse_name: str | None = None,
              symmetric: bool = False) -> Composite:
    if session.get(RelationshipKind, kind_id) is None:
        raise WorkbenchError("this relationship kind no longer exists")
    _raise(kind_problems(session, name, inverse_name, symmetric, kind_id))
    return Composite(f"Edit relationship kind {name.strip()!r}",
                     [SaveRow("", RelationshipKind, _kind_values(name, inverse_name, symmetric), kind_id)])


def delete_kind(session: Session, kind_id: int) -> Composite:
    kind = session.get(RelationshipKind, kind_id)
    if kind is None:
        raise WorkbenchError("this relationship kind no longer exists")
    used = session.scalar(select(func.count(CustomerRelationship.id))
                          .where(CustomerRelationship.kind_id == kind_id)) or 0
    if used:
        raise WorkbenchError(f"{used:,} relationships (including suggestions) are of the kind {kind.name!r}; "
                             "remove them first or rename the kind")
    return Composite(f"Delete relationship kind {kind.name!r}", [DeleteRow("", RelationshipKind, kind_id)])


def move_kind(session: Session, kind_id: int, delta: int) -> Composite | None:
    positions = moved_positions([k.id for k in load_kinds(session)], kind_id, delta)
    return Composite("Reorder relationship kinds", [SetPositions("", RelationshipKind, positions)]) \
        if positions else None


# ---------------------------------------------------------------------- relationships of a customer


@dataclass
class RelationView:
    id: int
    kind_id: int
    label: str  # the kind as seen from this customer
    other_id: int
    other_number: str
    other_name: str
    state: str
    origin: str
    note: str | None
    outgoing: bool


def relationships_of(session: Session, customer_id: int, *, states: tuple[str, ...] = (ACTIVE, SUGGESTED)
                     ) -> list[RelationView]:
    kinds = {k.id: k for k in load_kinds(session)}
    other = aliased(Customer)
    out = []
    for outgoing, mine, theirs in ((True, CustomerRelationship.from_customer_id, CustomerRelationship.to_customer_id),
                                   (False, CustomerRelationship.to_customer_id, CustomerRelationship.from_customer_id)):
        rows = session.execute(select(CustomerRelationship, other.id, other.display_name)
                               .join(other, other.id == theirs)
                               .where(mine == customer_id, CustomerRelationship.state.in_(states)))
        for relation, other_id, other_name in rows:
            kind = kinds.get(relation.kind_id)
            label = kind.label_from(outgoing) if kind else "?"
            out.append(RelationView(relation.id, relation.kind_id, label, other_id, format_master_number(other_id),
                                    other_name or "(no name)", relation.state, relation.origin, relation.note,
                                    outgoing))
    return sorted(out, key=lambda r: (r.state != ACTIVE, r.label, r.other_name.casefold()))


def relation_problems(session: Session, kind_id: int | None, from_id: int, to_id: int | None) -> dict[str, str]:
    if kind_id is None or session.get(RelationshipKind, kind_id) is None:
        return {"kind": "Choose what kind of relationship this is."}
    if to_id is None:
        return {"other": "Choose the other customer (name or master number)."}
    to_id = resolve_customer_id(session, to_id)
    if to_id == resolve_customer_id(session, from_id):
        return {"other": "A customer cannot be related to themselves."}
    if session.get(Customer, to_id) is None:
        return {"other": f"There is no customer {format_master_number(to_id)}."}
    kind = session.get(RelationshipKind, kind_id)
    pair = or_((CustomerRelationship.from_customer_id == from_id) & (CustomerRelationship.to_customer_id == to_id),
               (CustomerRelationship.from_customer_id == to_id) & (CustomerRelationship.to_customer_id == from_id)
               if kind and kind.symmetric else False)
    exists_already = session.scalar(select(CustomerRelationship.id).where(
        CustomerRelationship.kind_id == kind_id, CustomerRelationship.state == ACTIVE, pair))
    if exists_already is not None:
        return {"other": "This relationship is already recorded."}
    return {}


def add_relationship(session: Session, kind_id: int, from_id: int, to_id: int, note: str | None = None,
                     *, outgoing: bool = True) -> Composite:
    """Relate two customers; `outgoing=False` records it from the other end (to_id 'works for' from_id)."""
    if not outgoing:
        from_id, to_id = to_id, from_id
    _raise(relation_problems(session, kind_id, from_id, to_id))
    to_id = resolve_customer_id(session, to_id)
    values = {"kind_id": kind_id, "from_customer_id": from_id, "to_customer_id": to_id, "state": ACTIVE,
              "origin": "steward", "note": (note or "").strip() or None}
    return Composite(f"Relate {format_master_number(from_id)} and {format_master_number(to_id)}",
                     [SaveRow("", CustomerRelationship, values, category=RELATIONSHIPS)])


def remove_relationship(session: Session, relationship_id: int) -> Composite:
    if session.get(CustomerRelationship, relationship_id) is None:
        raise WorkbenchError("this relationship no longer exists")
    return Composite("Remove relationship", [DeleteRow("", CustomerRelationship, relationship_id, RELATIONSHIPS)])


def set_state(session: Session, relationship_ids: list[int], state: str) -> Composite:
    """Accept (active) or dismiss suggestions; undo puts them back as they were."""
    verb = {ACTIVE: "Accept", DISMISSED: "Dismiss"}.get(state, "Change")
    steps = [SaveRow("", CustomerRelationship, {"state": state}, rid, RELATIONSHIPS) for rid in relationship_ids]
    noun = "suggestion" if len(relationship_ids) == 1 else f"{len(relationship_ids)} suggestions"
    return Composite(f"{verb} household {noun}", steps)
