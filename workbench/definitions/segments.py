"""Segments: saved customer filters, by name, for the customers view and for export.

Export reads a segment with `segment_filter(session, name)` and applies
`filter.clause(dialect)`; a segment names statuses, roles and attributes by their names, so
renaming one of those rewrites the segments that mention it (`RewriteSegments`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.definitions.ops import Composite, DeleteRow, SaveRow
from workbench.errors import WorkbenchError
from workbench.operations import DEFINITIONS, Outcome
from workbench.progress import NO_PROGRESS, Progress
from workbench.store.filters import CustomerFilter
from workbench.store.models import Customer, Segment, Source, utcnow

NAME_MAX = 200
CONSENT_TEXT = {"granted": "subscribed", "denied": "not subscribed", "unsubscribed": "unsubscribed",
                "bounced": "bounced", "unknown": "consent unknown"}


@dataclass(frozen=True)
class SegmentInfo:
    id: int
    name: str
    description: str | None
    filter: CustomerFilter


def list_segments(session: Session) -> list[SegmentInfo]:
    return [SegmentInfo(s.id, s.name, s.description, CustomerFilter.from_json(s.filter))
            for s in session.scalars(select(Segment).order_by(func.lower(Segment.name)))]


def segment_filter(session: Session, name: str) -> CustomerFilter:
    """The filter a segment saves, found by name (case-insensitive); WorkbenchError if none."""
    segment = session.scalar(select(Segment).where(func.lower(Segment.name) == name.strip().lower()))
    if segment is None:
        known = ", ".join(s.name for s in list_segments(session)) or "none yet"
        raise WorkbenchError(f"no segment called {name!r} (segments: {known})")
    return CustomerFilter.from_json(segment.filter)


def count(session: Session, customer_filter: CustomerFilter) -> int:
    dialect = session.get_bind().dialect.name
    statement = select(func.count(Customer.id)).where(Customer.merged_into_id.is_(None))
    if not customer_filter.is_empty():
        statement = statement.where(customer_filter.clause(dialect))
    return session.scalar(statement) or 0


def describe(customer_filter: CustomerFilter) -> str:
    """The filter in words, for lists and tooltips."""
    if customer_filter.is_empty():
        return "all customers"
    f = customer_filter
    parts: list[str] = []
    if f.statuses:
        parts.append("status " + " or ".join(s or "none" for s in f.statuses))
    if f.roles:
        parts.append("role " + " or ".join(f.roles))
    for name, value in f.attributes:
        parts.append(f"{name} = {value}")
    if f.sources:
        parts.append("from " + " or ".join(f.sources))
    if f.countries:
        parts.append("in " + ", ".join(f.countries))
    if f.regions:
        parts.append("region " + " or ".join(f.regions))
    if f.consent:
        parts.append(" or ".join(CONSENT_TEXT.get(c, c) for c in f.consent))
    if f.kind:
        parts.append("organizations" if f.kind == "organization" else "people")
    if f.active_within_days is not None:
        parts.append(f"active within {f.active_within_days:,} days")
    if f.inactive_for_days is not None:
        parts.append(f"inactive for {f.inactive_for_days:,} days")
    if f.reachable is not None:
        parts.append("reachable" if f.reachable else "not reachable")
    if f.exclude_do_not_contact:
        parts.append("not do-not-contact")
    return "; ".join(parts)


def problems(session: Session, name: str, segment_id: int | None = None) -> dict[str, str]:
    name = name.strip()
    if not name:
        return {"name": "A segment needs a name."}
    if len(name) > NAME_MAX:
        return {"name": f"At most {NAME_MAX} characters."}
    other = session.scalar(select(Segment.id).where(func.lower(Segment.name) == name.lower()))
    if other is not None and other != segment_id:
        return {"name": f"There is already a segment called {name!r}."}
    return {}


def save_segment(session: Session, name: str, customer_filter: CustomerFilter, *,
                 description: str | None = None, segment_id: int | None = None) -> Composite:
    found = problems(session, name, segment_id)
    if found:
        raise WorkbenchError(" ".join(found.values()))
    values = {"name": name.strip(), "filter": customer_filter.to_json(), "description": description or None}
    verb = "Edit" if segment_id else "Save"
    return Composite(f"{verb} segment {name.strip()!r}", [SaveRow("", Segment, values, segment_id)])


def delete_segment(session: Session, segment_id: int) -> Composite:
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise WorkbenchError("this segment no longer exists")
    return Composite(f"Delete segment {segment.name!r}", [DeleteRow("", Segment, segment_id)])


@dataclass
class RewriteSegments:
    """A status, role or attribute was renamed (or deleted, new=None): segments follow it.

    `key` is the filter list that names it: "statuses", "roles" or "attributes" (names).
    """

    key: str
    old: str
    new: str | None
    label: str = ""
    _before: dict[int, dict[str, Any]] = field(default_factory=dict, init=False, repr=False)

    def apply(self, session: Session) -> Outcome:
        self._before = {}
        for segment in session.scalars(select(Segment)):
            data = dict(segment.filter or {})
            values = data.get(self.key) or []
            if self.key == "attributes":
                rewritten = [[self.new, v] for n, v in values if n == self.old] if self.new else []
                rewritten = [[n, v] for n, v in values if n != self.old] + rewritten
                hit = any(n == self.old for n, _v in values)
            else:
                hit = self.old in values
                rewritten = [self.new if v == self.old else v for v in values if v != self.old or self.new]
            if not hit:
                continue
            self._before[segment.id] = dict(segment.filter or {})
            data[self.key] = rewritten
            if not rewritten:
                data.pop(self.key)
            segment.filter = data
            segment.updated_at = utcnow()
        return Outcome(_RestoreFilters(dict(self._before)), {DEFINITIONS})

    def audit_entries(self) -> list[dict[str, Any]]:
        return [{"action": "rewrite_segment", "entity": "segment", "entity_id": segment_id, "field": self.key,
                 "old": self.old, "new": self.new} for segment_id in self._before]


@dataclass
class _RestoreFilters:
    filters: dict[int, dict[str, Any]]
    label: str = ""

    def apply(self, session: Session) -> Outcome:
        before: dict[int, dict[str, Any]] = {}
        for segment_id, data in self.filters.items():
            segment = session.get(Segment, segment_id)
            if segment is not None:
                before[segment_id] = dict(segment.filter or {})
                segment.filter = data
        return Outcome(_RestoreFilters(before), {DEFINITIONS})

    def audit_entries(self) -> list[dict[str, Any]]:
        return [{"action": "restore_segment", "entity": "segment", "entity_id": segment_id}
                for segment_id in self.filters]


def source_names(session: Session) -> list[str]:
    return list(session.scalars(select(Source.name).order_by(func.lower(Source.name))))


def counts(session: Session, infos: list[SegmentInfo], progress: Progress = NO_PROGRESS) -> dict[int, int]:
    """Customers in each segment (one query each; run in the background on a large master)."""
    out = {}
    for number, info in enumerate(infos):
        progress(number, len(infos), f"Counting {info.name}")
        out[info.id] = count(session, info.filter)
    return out
