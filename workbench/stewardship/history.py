"""A customer's history: merges, unmerges, verdicts and edits, newest first, from the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench.errors import WorkbenchError
from workbench.stewardship.unmerge import check_undoable
from workbench.store.models import AuditEntry, Decision, MergeEvent, format_master_number

VERDICT_TEXT = {"not_duplicate": "Not a duplicate of", "deferred": "Deferred with"}
ACTION_TEXT = {"edit": "Edited", "reimport": "Updated by a re-import", "set_status": "Status changed"}


@dataclass
class HistoryItem:
    at: datetime
    actor: str | None
    action: str
    title: str
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)  # field, old, new
    merge_event_id: int | None = None
    undone: bool = False  # a merge that was undone since, or a verdict that was revoked
    unmergeable: bool = False  # a merge into this customer, which unmerge can take back
    note: str | None = None


def _merge_title(entry: AuditEntry, customer_id: int) -> str:
    details = entry.details or {}
    event = details.get("merge_event_id")
    if entry.action == "merge":
        if entry.field == "merged_into_id":
            return f"Merged into {format_master_number(entry.new_value)} (merge {event})"
        merged = ", ".join(details.get("merged") or [])
        how = " by bulk merge" if details.get("origin") == "auto" else ""
        return f"Merged {merged} into this customer{how} (merge {event})"
    if entry.field == "merged_into_id":
        return f"Taken out of {format_master_number(entry.old_value)} again (merge {event} undone)"
    restored = ", ".join(details.get("restored") or [])
    return f"Unmerged {restored} (merge {event} undone)"


def _audit_items(session: Session, customer_id: int, limit: int) -> list[HistoryItem]:
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "customer",
                                                       AuditEntry.entity_id == customer_id)
                              .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit * 8))
    items: list[HistoryItem] = []
    groups: dict[tuple[str, Any], HistoryItem] = {}
    for entry in entries:
        if entry.action == "revoke_decision":
            continue  # shown on the decision itself
        details = entry.details or {}
        event = details.get("merge_event_id")
        if entry.action in ("merge", "unmerge") and event is not None:
            key = (entry.action, event)
            item = groups.get(key)
            if item is None:
                item = HistoryItem(entry.at, entry.actor, entry.action, "", merge_event_id=event, note=entry.reason)
                groups[key] = item
                items.append(item)
            if entry.field is None or entry.field == "merged_into_id":
                item.title = _merge_title(entry, customer_id)
                item.unmergeable = entry.action == "merge" and entry.field is None
            else:
                item.changes.append((entry.field, entry.old_value, entry.new_value))
            continue
        title = ACTION_TEXT.get(entry.action, entry.action.replace("_", " ").capitalize())
        changes = [(entry.field, entry.old_value, entry.new_value)] if entry.field else []
        items.append(HistoryItem(entry.at, entry.actor, entry.action, title, changes, note=entry.reason))
    for item in items:
        if not item.title:
            item.title = f"{item.action.capitalize()} (merge {item.merge_event_id})"
    return items


def _decision_items(session: Session, customer_id: int, limit: int) -> list[HistoryItem]:
    rows = session.scalars(select(Decision).where(
        or_(Decision.customer_a_id == customer_id, Decision.customer_b_id == customer_id),
        Decision.verdict.in_(list(VERDICT_TEXT))).order_by(Decision.decided_at.desc(), Decision.id.desc()).limit(limit))
    items = []
    for decision in rows:
        other = decision.customer_b_id if decision.customer_a_id == customer_id else decision.customer_a_id
        action = "split" if decision.note and decision.note.startswith("taken out") else decision.verdict
        title = f"{VERDICT_TEXT[decision.verdict]} {format_master_number(other)}"
        if decision.revoked_at:
            title += f" (undone {decision.revoked_at:%Y-%m-%d %H:%M})"
        items.append(HistoryItem(decision.decided_at, decision.actor, action, title, undone=decision.revoked_at
                                 is not None, note=decision.note))
    return items


def customer_history(session: Session, customer_id: int, limit: int = 100) -> list[HistoryItem]:
    """The newest `limit` things that happened to a customer."""
    items = _audit_items(session, customer_id, limit) + _decision_items(session, customer_id, limit)
    events = {i.merge_event_id for i in items if i.merge_event_id is not None}
    if events:
        undone = set(session.scalars(select(MergeEvent.id).where(MergeEvent.id.in_(events),
                                                                 MergeEvent.undone_at.isnot(None))))
        for item in items:
            if item.action == "merge" and item.merge_event_id in undone:
                item.undone = True
    items.sort(key=lambda i: i.at, reverse=True)
    return items[:limit]


def unmerge_problem(session: Session, event_id: int) -> str | None:
    """Why merge `event_id` cannot be undone now, or None when it can."""
    event = session.get(MergeEvent, event_id)
    if event is None:
        return f"merge {event_id}: no such merge"
    try:
        check_undoable(session, event)
    except WorkbenchError as exc:
        return str(exc)
    return None
