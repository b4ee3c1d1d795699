"""Undoable operations on definition rows (status rules, attributes, roles, kinds, segments).

Each follows `workbench.operations.Operation`: `apply(session)` changes the master and returns
the exact inverse. `Composite` bundles steps into one undo step (a rename that also rewrites
customers, say); its inverse undoes the steps in reverse order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from workbench.errors import WorkbenchError
from workbench.operations import DEFINITIONS, Operation, Outcome
from workbench.store.models import Base, utcnow

RECOMPUTE = "recompute_statuses"  # Outcome.details flag: the statuses of all customers may have changed


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def entity_name(model: type[Base]) -> str:
    return str(model.__tablename__).rstrip("s")


def columns_of(row: Base) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in inspect(row).mapper.column_attrs}


@dataclass
class Composite:
    label: str
    steps: list[Operation]
    details: dict[str, Any] = field(default_factory=dict)
    _entries: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        self._entries = []
        outcomes = []
        for step in self.steps:
            outcomes.append(step.apply(session))
            self._entries.extend(step.audit_entries())
        outcome = Outcome(Composite(self.label, [o.inverse for o in reversed(outcomes)], dict(self.details)),
                          details=dict(self.details))
        for part in outcomes:
            outcome.changed |= part.changed
            outcome.customer_ids |= part.customer_ids
            outcome.details.update({k: v for k, v in part.details.items() if k not in outcome.details})
        return outcome

    def audit_entries(self) -> list[dict[str, Any]]:
        return list(self._entries)


@dataclass
class SaveRow:
    """Insert a definition row (row_id None) or change some of its columns."""

    label: str
    model: type[Base]
    values: dict[str, Any]
    row_id: int | None = None
    category: str = DEFINITIONS  # what views refresh: definitions, or relationships
    _entries: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        entity = entity_name(self.model)
        if self.row_id is None:
            row = self.model(**self.values)
            if hasattr(row, "created_at"):
                row.created_at = utcnow()
            if hasattr(row, "updated_at"):
                row.updated_at = utcnow()
            session.add(row)
            session.flush()
            self._entries = [{"action": "create", "entity": entity, "entity_id": row.id,
                              "new": {k: jsonable(v) for k, v in self.values.items()}}]
            return Outcome(DeleteRow(self.label, self.model, row.id, self.category), {self.category},
                           details={"id": row.id})
        row = session.get(self.model, self.row_id)
        if row is None:
            raise WorkbenchError(f"this {entity.replace('_', ' ')} no longer exists (someone deleted it)")
        old = {key: getattr(row, key) for key in self.values}
        self._entries = [{"action": "update", "entity": entity, "entity_id": row.id, "field": key,
                          "old": jsonable(old[key]), "new": jsonable(value)}
                         for key, value in self.values.items() if old[key] != value]
        for key, value in self.values.items():
            setattr(row, key, value)
        if hasattr(row, "updated_at") and "updated_at" not in self.values:
            row.updated_at = utcnow()
        return Outcome(SaveRow(self.label, self.model, old, self.row_id, self.category), {self.category},
                       details={"id": row.id})

    def audit_entries(self) -> list[dict[str, Any]]:
        return list(self._entries)


@dataclass
class DeleteRow:
    label: str
    model: type[Base]
    row_id: int
    category: str = DEFINITIONS
    _entries: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        row = session.get(self.model, self.row_id)
        if row is None:
            raise WorkbenchError(f"this {entity_name(self.model).replace('_', ' ')} no longer exists")
        snapshot = columns_of(row)
        session.delete(row)
        session.flush()
        self._entries = [{"action": "delete", "entity": entity_name(self.model), "entity_id": self.row_id,
                          "old": {k: jsonable(v) for k, v in snapshot.items()}}]
        return Outcome(RestoreRow(self.label, self.model, snapshot, self.category), {self.category})

    def audit_entries(self) -> list[dict[str, Any]]:
        return list(self._entries)


@dataclass
class RestoreRow:
    """Put a deleted row back with its old id, so whatever referred to it finds it again."""

    label: str
    model: type[Base]
    snapshot: dict[str, Any]
    category: str = DEFINITIONS
    _entries: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        row = self.model(**self.snapshot)
        session.add(row)
        session.flush()
        self._entries = [{"action": "restore", "entity": entity_name(self.model), "entity_id": row.id,
                          "new": {k: jsonable(v) for k, v in self.snapshot.items()}}]
        return Outcome(DeleteRow(self.label, self.model, row.id, self.category), {self.category})

    def audit_entries(self) -> list[dict[str, Any]]:
        return list(self._entries)


@dataclass
class SetPositions:
    """Reorder rows: `positions` maps row id → position."""

    label: str
    model: type[Base]
    positions: dict[int, int]

    def apply(self, session: Session) -> Outcome:
        rows = {row.id: row for row in session.scalars(
            select(self.model).where(self.model.id.in_(list(self.positions))))}  # type: ignore[attr-defined]
        old = {row_id: row.position for row_id, row in rows.items()}
        for row_id, position in self.positions.items():
            if row_id in rows:
                rows[row_id].position = position
        return Outcome(SetPositions(self.label, self.model, old), {DEFINITIONS})

    def audit_entries(self) -> list[dict[str, Any]]:
        return [{"action": "reorder", "entity": entity_name(self.model),
                 "details": {"positions": {str(k): v for k, v in self.positions.items()}}}]


def moved_positions(ids_in_order: list[int], row_id: int, delta: int) -> dict[int, int] | None:
    """New positions after moving one row up (-1) or down (+1); None when it cannot move."""
    if row_id not in ids_in_order:
        return None
    index = ids_in_order.index(row_id)
    target = index + delta
    if not 0 <= target < len(ids_in_order):
        return None
    order = list(ids_in_order)
    order[index], order[target] = order[target], order[index]
    return {rid: position for position, rid in enumerate(order)}


def next_position(session: Session, model: type[Base]) -> int:
    current = session.scalar(select(func.max(model.position)))  # type: ignore[attr-defined]
    return 0 if current is None else current + 1
