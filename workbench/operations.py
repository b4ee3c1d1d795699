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
    """Apply `operation` in one transaction, with its audit entries in the same transaction."""
    with master.transaction() as session:
        outcome = operation.apply(session)
        for entry in operation.audit_entries():
            if undoing:
                entry = {**entry, "details": {**(entry.get("details") or {}), "undo": True}}
            audit.log(session, **entry)
    return outcome
