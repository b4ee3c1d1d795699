"""Changes to the master as data: every operation knows how to undo itself.

An `Operation` is a small dataclass. `apply(session)` makes the change and returns the
operation that reverses it (its inverse) together with what changed, so views know what to
refresh. `run` applies an operation in one transaction and writes it to the audit log in
that same transaction. The UI wraps operations in a thin `QUndoCommand` (workbench/ui/undo.py);
the command line runs the same operations without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from workbench.store import audit
from workbench.store.master import Master

# What an operation can change; views refresh on the ones they show.
CUSTOMERS = "customers"
CANDIDATES = "candidates"
DEFINITIONS = "definitions"
RELATIONSHIPS = "relationships"


@dataclass
class Outcome:
    inverse: Operation
    changed: set[str] = field(default_factory=set)
    customer_ids: set[int] = field(default_factory=set)
    details: dict[str, Any] = field(default_factory=dict)


class Operation(Protocol):
    label: str  # shown in Edit → Undo <label>

    def apply(self, session: Session) -> Outcome: ...

    def audit_entries(self) -> list[dict[str, Any]]:
        """Audit-log rows for this operation: dicts of `audit.log` keyword arguments."""
        ...


def run(master: Master, operation: Operation, *, undoing: bool = False) -> Outcome:
    """Apply `operation` in one write unit, with its audit entries in the same transaction. The unit
    holds the write lock before it reads, so the operation checks what it needs against the master
    as it is; it runs again from the start if PostgreSQL broke a deadlock by failing it."""
    def unit(session: Session) -> Outcome:
        outcome = operation.apply(session)
        for entry in operation.audit_entries():
            if undoing:
                entry = {**entry, "details": {**(entry.get("details") or {}), "undo": True}}
            audit.log(session, **entry)
        return outcome

    return master.write(unit)
