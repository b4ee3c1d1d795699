"""The audit log: who changed what, when, from which value to which, and why."""

from __future__ import annotations

import getpass
import os
from typing import Any

from sqlalchemy.orm import Session

from workbench.store.models import AuditEntry, utcnow


def current_actor() -> str:
    """The operating-system user name, which is who a desktop app acts for."""
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (some containers)
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def log(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    actor: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=utcnow(), actor=actor or current_actor(), action=action, entity=entity, entity_id=entity_id,
        field=field, old_value=old, new_value=new, reason=reason, details=details,
    )
    session.add(entry)
    return entry
