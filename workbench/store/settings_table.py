"""Reading and writing the master's own settings (the `settings` table: key → JSON object)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from workbench.store.models import Setting, utcnow


def get(session: Session, key: str) -> dict[str, Any] | None:
    row = session.get(Setting, key)
    return dict(row.value) if row is not None else None


def put(session: Session, key: str, value: dict[str, Any]) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated_at=utcnow()))
    else:
        row.value = value
        row.updated_at = utcnow()
