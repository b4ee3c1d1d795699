"""Survivorship: which value wins in the golden record when the merged records disagree.

Each single-valued field has a rule (most trusted source, most recent, most complete, most
frequent, or the survivor's value until the steward picks); a few fields have rules of their
own (earliest first-seen date, sum of orders, most restrictive consent). The rules live in
the master's `settings` table under "survivorship", so a team shares them. `plan` turns
records, rules and the steward's picks into the golden record a merge will produce.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.stewardship.records import POINT_TYPES, PointData, RecordData
from workbench.store.models import Setting, Source, utcnow
from workbench.text import fold

SETTINGS_KEY = "survivorship"
SETTINGS_VERSION = 1

RULES = {
    "trust": "Most trusted source",
    "recent": "Most recent",
    "complete": "Most complete",
    "frequent": "Most frequent",
    "survivor": "Survivor's value (steward picks)",
    "earliest": "Earliest",
    "latest": "Latest",
    "sum": "Sum of all records",
    "restrictive": "Most restrictive",
}
BASE_RULES = ("trust", "recent", "complete", "frequent", "survivor")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    default: str = "trust"
    extra_rules: tuple[str, ...] = ()
    group: str | None = None  # fields chosen together, under the group's rule

    @property
    def rules(self) -> tuple[str, ...]:
        return self.extra_rules + BASE_RULES


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Person or organization"),
    # A person's name is taken whole from one record: first name from one and last name from
    # another makes a name nobody has. The steward can still pick single parts.
    FieldSpec("title", "Title", group="name"),
    FieldSpec("first_name", "First name", group="name"),
    FieldSpec("middle_name", "Middle name", group="name"),
    FieldSpec("last_name", "Last name", group="name"),
    FieldSpec("suffix", "Suffix", group="name"),
    FieldSpec("company", "Company"),
    FieldSpec("job_title", "Job title", "recent"),
    FieldSpec("birth_date", "Birth date"),
    FieldSpec("status", "Status"),
    FieldSpec("status_override", "Status set by steward", "recent"),
    # A "no" to marketing anywhere must survive a merge: consent law is on the customer's side.
    FieldSpec("marketing_consent", "Marketing consent", "restrictive", ("restrictive",)),
    FieldSpec("first_seen_at", "First seen", "earliest", ("earliest", "latest")),
    FieldSpec("last_order_at", "Last order", "latest", ("latest", "earliest")),
    FieldSpec("order_count", "Orders", "sum", ("sum",)),
    FieldSpec("total_spent", "Total spent", "sum", ("sum",)),
)
FIELD_BY_NAME = {spec.name: spec for spec in FIELDS}
GROUPS = {"name": FieldSpec("name", "Name (all its parts together)")}
NAME_PARTS = tuple(spec.name for spec in FIELDS if spec.group == "name")


def rule_keys() -> list[FieldSpec]:
    """What a rule can be set for: each field, with grouped fields as one entry."""
    keys: list[FieldSpec] = []
    for spec in FIELDS:
        if spec.group is None:
            keys.append(spec)
        elif GROUPS[spec.group] not in keys:
            keys.append(GROUPS[spec.group])
    return keys
ATTRIBUTE_PREFIX = "attributes."

# From most to least restrictive; "unknown" says nothing and counts as empty.
CONSENT_ORDER = ("unsubscribed", "denied", "bounced", "granted")


@dataclass
class SurvivorshipSettings:
    rules: dict[str, str] = field(default_factory=dict)  # field → rule, where it differs from the default
    default_rule: str = "trust"  # for custom attributes

    def rule_for(self, name: str) -> str:
        spec = FIELD_BY_NAME.get(name)
        if spec is not None and spec.group:
            name = spec.group
            spec = GROUPS[name]
        spec = spec or GROUPS.get(name)
        rule = self.rules.get(name)
        if spec is None:
            return rule if rule in BASE_RULES else self.default_rule
        return rule if rule in spec.rules else spec.default

    def to_json(self) -> dict[str, Any]:
        return {"version": SETTINGS_VERSION, "default_rule": self.default_rule, "rules": dict(sorted(self.rules.items()))}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> SurvivorshipSettings:
        data = data or {}
        rules = {str(k): str(v) for k, v in (data.get("rules") or {}).items() if v in RULES}
        default = data.get("default_rule")
        return cls(rules, default if default in BASE_RULES else "trust")


def load_settings(session: Session) -> SurvivorshipSettings:
    row = session.get(Setting, SETTINGS_KEY)
    return SurvivorshipSettings.from_json(row.value if row else None)


def save_settings(session: Session, settings: SurvivorshipSettings) -> None:
    row = session.get(Setting, SETTINGS_KEY)
    if row is None:
        session.add(Setting(key=SETTINGS_KEY, value=settings.to_json(), updated_at=utcnow()))
    else:
        row.value = settings.to_json()
        row.updated_at = utcnow()


def source_trust(session: Session) -> dict[str, int]:
    """Source name → trust rank, most trusted first."""
    rows = session.execute(select(Source.name, Source.trust_rank).order_by(Source.trust_rank.desc(), Source.name))
    return {name: rank for name, rank in rows}


def set_source_trust(session: Session, ranks: dict[str, int]) -> None:
    for source in session.scalars(select(Source).where(Source.name.in_(list(ranks)))):
        rank = max(0, min(100, int(ranks[source.name])))
        if source.trust_rank != rank:
            source.trust_rank = rank


# --------------------------------------------------------------------------- the golden record


@dataclass
class Resolution:
    field: str
    value: Any
    from_id: int | None  # the customer whose value won; None when computed from several
    rule: str
    picked: bool = False  # chosen by the steward rather than by the rule


@dataclass
class KeptPoint:
    point: PointData  # the contact-point row the golden record keeps
    duplicates: list[PointData]  # the same e-mail / number / address from other records, dropped
    is_primary: bool = False


@dataclass
class GoldenRecord:
    survivor_id: int
    fields: dict[str, Resolution]
    attributes: dict[str, Resolution]
    roles: list[Any]
    tags: list[Any]
    notes: str | None
    do_not_contact: bool
    consent_updated_at: datetime | None
    points: dict[str, list[KeptPoint]]

    def value(self, name: str) -> Any:
        if name.startswith(ATTRIBUTE_PREFIX):
            resolution = self.attributes.get(name[len(ATTRIBUTE_PREFIX):])
        else:
            resolution = self.fields.get(name)
        return resolution.value if resolution else None

    def resolution(self, name: str) -> Resolution | None:
        if name.startswith(ATTRIBUTE_PREFIX):
            return self.attributes.get(name[len(ATTRIBUTE_PREFIX):])
        return self.fields.get(name)

    def primary(self, point_type: str) -> PointData | None:
        return next((k.point for k in self.points.get(point_type, []) if k.is_primary), None)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value == "unknown"


def _same_key(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(fold(value).split())
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _completeness(value: Any) -> int:
    if isinstance(value, str):
        return len("".join(value.split()))
    return 0 if value is None else 1


def _ordered(records: Sequence[RecordData]) -> list[RecordData]:
    """Tie-break order: most trusted, then most recent, then the lowest master number."""
    return sorted(records, key=lambda r: (-r.trust, -(r.recency.timestamp() if r.recency else 0), r.id))


def resolve(name: str, values: dict[int, Any], records: Sequence[RecordData], rule: str,
            survivor_id: int) -> Resolution:
    """The winning value of one field among `values` (customer id → value) under `rule`."""
    order = _ordered(records)
    present = [(r.id, values.get(r.id)) for r in order if not is_empty(values.get(r.id))]
    if not present:  # nothing to choose: the survivor keeps what it has ("unknown", None)
        return Resolution(name, values.get(survivor_id), None, rule)
    if rule == "survivor":
        winner = next((p for p in present if p[0] == survivor_id), present[0])
    elif rule == "recent":
        by_recency = sorted(order, key=lambda r: (-(r.recency.timestamp() if r.recency else 0), -r.trust, r.id))
        winner = next(p for r in by_recency for p in present if p[0] == r.id)
    elif rule == "complete":
        best = max(_completeness(v) for _, v in present)
        winner = next(p for p in present if _completeness(p[1]) == best)
    elif rule == "frequent":
        counts: dict[Any, int] = {}
        for _, v in present:
            counts[_same_key(v)] = counts.get(_same_key(v), 0) + 1
        best = max(counts.values())
        winner = next(p for p in present if counts[_same_key(p[1])] == best)
    elif rule in ("earliest", "latest"):
        pick = min if rule == "earliest" else max
        target = pick(v for _, v in present)
        winner = next(p for p in present if p[1] == target)
    elif rule == "sum":
        if len(present) == 1:
            winner = present[0]
        else:
            total = sum(v for _, v in present)
            return Resolution(name, round(total, 2) if isinstance(total, float) else total, None, rule)
    elif rule == "restrictive":
        rank = {v: i for i, v in enumerate(CONSENT_ORDER)}
        winner = min(present, key=lambda p: rank.get(p[1], len(CONSENT_ORDER)))
    else:  # trust
        winner = present[0]
    return Resolution(name, winner[1], winner[0], rule)


def _union(lists: Sequence[list[Any]]) -> list[Any]:
    result: list[Any] = []
    for items in lists:
        for item in items:
            if item not in result:
                result.append(item)
    return result


def _kept_points(point_type: str, records: Sequence[RecordData], survivor_id: int,
                 primary_id: int | None) -> list[KeptPoint]:
    """The union of one type of contact point, the same value once, exactly one primary."""
    order = sorted(records, key=lambda r: r.id != survivor_id)  # the survivor's points first
    order = order[:1] + _ordered(order[1:])
    groups: dict[str, list[PointData]] = {}
    for record in order:
        for point in record.points.get(point_type, []):
            groups.setdefault(point.key, []).append(point)
    kept: list[KeptPoint] = []
    for points in groups.values():
        # Keep the copy that says most: a specific kind (work, billing…) beats "other".
        chosen = next((p for p in points if p.kind != "other"), points[0])
        kept.append(KeptPoint(chosen, [p for p in points if p is not chosen]))
    if not kept:
        return kept
    survivor_primary = next((p.id for r in order[:1] for p in r.points.get(point_type, []) if p.is_primary), None)
    any_primary = next((p.id for r in order for p in r.points.get(point_type, []) if p.is_primary), None)
    for wanted in (primary_id, survivor_primary, any_primary):
        if wanted is None:
            continue
        match = next((k for k in kept if wanted == k.point.id or any(d.id == wanted for d in k.duplicates)), None)
        if match is not None:
            match.is_primary = True
            return kept
    (next((k for k in kept if k.point.is_valid), kept[0])).is_primary = True
    return kept


def full_name(record: RecordData) -> str:
    return " ".join(str(record.values[p]) for p in NAME_PARTS if record.values.get(p))


def default_survivor(records: Sequence[RecordData]) -> int:
    return min(r.id for r in records)


def plan(
    records: Sequence[RecordData],
    settings: SurvivorshipSettings,
    *,
    survivor_id: int | None = None,
    picks: dict[str, int] | None = None,
    primaries: dict[str, int] | None = None,
) -> GoldenRecord:
    """The golden record merging `records` gives, under `settings` and the steward's picks.

    `picks` maps a field (or `attributes.<name>`) to the customer whose value the steward
    chose; `primaries` maps a contact-point type to the point the steward made primary.
    """
    if len(records) < 1:
        raise ValueError("nothing to merge")
    ids = {r.id for r in records}
    survivor = survivor_id if survivor_id in ids else default_survivor(records)
    picks = {k: v for k, v in (picks or {}).items() if v in ids}
    by_id = {r.id: r for r in records}

    def choose(name: str, values: dict[int, Any]) -> Resolution:
        if name in picks:
            return Resolution(name, values.get(picks[name]), picks[name], "pick", picked=True)
        return resolve(name, values, records, settings.rule_for(name), survivor)

    fields = {spec.name: choose(spec.name, {r.id: r.values.get(spec.name) for r in records})
              for spec in FIELDS if spec.group is None}
    whole = resolve("name", {r.id: full_name(r) for r in records}, records, settings.rule_for("name"), survivor)
    name_from = whole.from_id if whole.from_id is not None else survivor
    for part in NAME_PARTS:
        fields[part] = (choose(part, {r.id: r.values.get(part) for r in records}) if part in picks
                        else Resolution(part, by_id[name_from].values.get(part), name_from, whole.rule))
    fields = {spec.name: fields[spec.name] for spec in FIELDS}
    attribute_names = _union([sorted(r.attributes) for r in sorted(records, key=lambda r: r.id)])
    attributes = {name: choose(ATTRIBUTE_PREFIX + name, {r.id: r.attributes.get(name) for r in records})
                  for name in attribute_names}
    consent_from = fields["marketing_consent"].from_id
    consent_at = by_id[consent_from].consent_updated_at if consent_from in by_id else None
    ordered = sorted(records, key=lambda r: r.id != survivor)
    notes = [r.notes.strip() for r in ordered if r.notes and r.notes.strip()]
    return GoldenRecord(
        survivor_id=survivor,
        fields=fields,
        attributes=attributes,
        roles=_union([r.roles for r in ordered]),
        tags=_union([r.tags for r in ordered]),
        notes="\n\n".join(dict.fromkeys(notes)) or None,
        do_not_contact=any(r.do_not_contact for r in records),
        consent_updated_at=consent_at,
        points={t: _kept_points(t, records, survivor, (primaries or {}).get(t)) for t in POINT_TYPES},
    )
