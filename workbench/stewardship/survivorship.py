"""Survivorship: which value wins in the golden record when the merged records disagree.

Each single-valued field has a rule (best value, most trusted source, most recent, most
complete, most frequent, or the survivor's value until the steward picks); a few fields have
rules of their own (earliest first-seen date, sum of orders, most restrictive consent), and the
lifecycle status is not chosen at all but computed by the status rules from the merged orders
and dates. Whatever the rule, three things hold:

* a field that any record fills is never empty in the golden record (the steward's pick of an
  empty cell is not taken either);
* a value that is not valid (a birth date in the future, "n/a" as a name, a negative count)
  wins only when no record has a valid one;
* a value that is a strictly less complete form of another never wins: "A." against "Anna",
  "Anna Müller" against "Anna Maria Müller", "Hohenzollern Weinhdl." against "Hohenzollern
  Weinhandel".

A person's name is taken whole from one record, then completed from the records whose names
agree with it (a title, a middle name or a first name only they give), and its parts put where
they belong: salutations in the title, generations (Jr., III) in the suffix, a middle name that
other records keep apart in the middle name (`golden_names`).

Contact points are consolidated (see `consolidation`): the same e-mail, number or place once,
keeping the evidence of every record that says it; one of each type is primary, by a rule per
type (best: valid, most complete, most recently confirmed) (`golden_points`). The fields, their
rules and how values compare are in `golden_fields`.

The rules live in the master's `settings` table under "survivorship", so a team shares them.
`plan` turns records, rules and the steward's picks into the golden record a merge will produce.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.definitions import rules as status_rules_mod
from workbench.definitions.attribute_types import AttributeSpec
from workbench.stewardship.golden_fields import (
    ATTRIBUTE_PREFIX,
    BASE_RULES,
    FIELD_BY_NAME,
    FIELDS,
    GROUPS,
    NAME_PARTS,
    RULES,
    TEXT_FIELDS,
    collapsed,
    completeness,
    is_empty,
    less_complete,
    same_key,
    tie_break_order,
    value_is_valid,
)
from workbench.stewardship.golden_names import complete_name, full_name, lesser_name, tidy_name, usual_split
from workbench.stewardship.golden_points import KeptPoint, kept_points
from workbench.stewardship.records import POINT_TYPES, PointData, RecordData
from workbench.store.models import Setting, Source, utcnow

SETTINGS_KEY = "survivorship"
SETTINGS_VERSION = 2  # 2: primary contact-point rules

# Which contact point of a type is primary, when the steward does not say.
PRIMARY_RULES = {
    "best": "Best: valid, most complete, most recently confirmed",
    "recent": "Most recently confirmed by a source",
    "frequent": "Said by the most records",
    "trust": "From the most trusted source",
    "survivor": "The survivor's primary one",
}
POINT_LABELS = {"email": "Primary e-mail", "phone": "Primary phone", "address": "Primary address"}

# From most to least restrictive; "unknown" says nothing and counts as empty.
CONSENT_ORDER = ("unsubscribed", "denied", "bounced", "granted")


@dataclass
class SurvivorshipSettings:
    rules: dict[str, str] = field(default_factory=dict)  # field → rule, where it differs from the default
    default_rule: str = "best"  # for custom attributes
    primary: dict[str, str] = field(default_factory=dict)  # point type → primary rule, where not "best"
    # Read from the master with the settings, never saved with them: the status rules that compute
    # the golden record's status, and the attribute definitions that say which values are valid.
    status_rules: list[status_rules_mod.NamedRule] | None = field(default=None, compare=False, repr=False)
    attribute_specs: dict[str, AttributeSpec] = field(default_factory=dict, compare=False, repr=False)

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

    def primary_rule(self, point_type: str) -> str:
        rule = self.primary.get(point_type)
        return rule if rule in PRIMARY_RULES else "best"

    def to_json(self) -> dict[str, Any]:
        return {"version": SETTINGS_VERSION, "default_rule": self.default_rule,
                "rules": dict(sorted(self.rules.items())), "primary": dict(sorted(self.primary.items()))}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> SurvivorshipSettings:
        data = data or {}
        rules = {str(k): str(v) for k, v in (data.get("rules") or {}).items() if v in RULES}
        default = data.get("default_rule")
        primary = {str(k): str(v) for k, v in (data.get("primary") or {}).items()
                   if k in POINT_TYPES and v in PRIMARY_RULES}
        return cls(rules, default if default in BASE_RULES else "best", primary)


def load_settings(session: Session) -> SurvivorshipSettings:
    from workbench.definitions.attributes import load_specs
    from workbench.definitions.statuses import load_rules

    row = session.get(Setting, SETTINGS_KEY)
    settings = SurvivorshipSettings.from_json(row.value if row else None)
    settings.status_rules = load_rules(session)
    settings.attribute_specs = {spec.name: spec for spec in load_specs(session)}
    return settings


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


# --------------------------------------------------------------------------- resolving one field



def _candidates(name: str, present: list[tuple[int, Any]], *, names: bool = False,
                valid: Callable[[str, Any], bool] = value_is_valid) -> list[tuple[int, Any]]:
    """The values that may win: valid ones (if any are), and never a lesser form of another."""
    good = [p for p in present if valid(name, p[1])] or present
    if name in (*TEXT_FIELDS, "name") or name.startswith(ATTRIBUTE_PREFIX):
        texts = [p[1] for p in good if isinstance(p[1], str)]
        fuller = [p for p in good if not (isinstance(p[1], str) and any(
            less_complete(p[1], other, names=names) or (names and lesser_name(p[1], other)) for other in texts))]
        good = fuller or good
    return good


def resolve(name: str, values: dict[int, Any], records: Sequence[RecordData], rule: str,
            survivor_id: int, *, valid: Callable[[str, Any], bool] = value_is_valid) -> Resolution:
    """The winning value of one field among `values` (customer id → value) under `rule`."""
    order = tie_break_order(records)
    present = [(r.id, values.get(r.id)) for r in order if not is_empty(values.get(r.id))]
    if not present:  # nothing to choose: the survivor keeps what it has ("unknown", None)
        return Resolution(name, values.get(survivor_id), None, rule)
    if rule not in ("sum", "restrictive"):
        present = _candidates(name, present, names=name == "name", valid=valid)
    else:
        present = [p for p in present if valid(name, p[1])] or present
    if rule == "survivor":
        winner = next((p for p in present if p[0] == survivor_id), present[0])
    elif rule == "recent":
        by_recency = sorted(order, key=lambda r: (-(r.recency.timestamp() if r.recency else 0), -r.trust, r.id))
        winner = next(p for r in by_recency for p in present if p[0] == r.id)
    elif rule == "complete":
        best = max(completeness(v) for _, v in present)
        winner = next(p for p in present if completeness(p[1]) == best)
    elif rule in ("frequent", "best"):
        # Across sources: a customer made of three source records speaks for three.
        weight = {r.id: max(1, len(r.origins)) for r in records}
        counts: dict[Any, int] = {}
        for customer_id, v in present:
            counts[same_key(v)] = counts.get(same_key(v), 0) + weight[customer_id]
        most = max(counts.values())
        common = [p for p in present if counts[same_key(p[1])] == most]
        if rule == "best":  # then the most complete; ties stay in trust, recency order
            fullest = max(completeness(v) for _, v in common)
            common = [p for p in common if completeness(p[1]) == fullest]
        winner = _usual_spelling(common[0], present)
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


def _usual_spelling(winner: tuple[int, Any], present: Sequence[tuple[int, Any]]) -> tuple[int, Any]:
    """Of the values that are the winner written another way ("Mueller", "MÜLLER" for "Müller"),
    the spelling most records use that keeps the accents any of them write: 'Schoebel' or
    'Schobel' is what a system that folds accents makes of 'Schöbel', never the other way round.
    Ties go to the earlier (more trusted) one."""
    if not isinstance(winner[1], str):
        return winner
    key = collapsed(winner[1])
    same = [p for p in present if isinstance(p[1], str) and collapsed(p[1]) == key]
    counts: dict[str, int] = {}
    for _, value in same:
        counts[value] = counts.get(value, 0) + 1
    return max(same, key=lambda p: (not p[1].isascii(), counts[p[1]])) if same else winner


def _union(lists: Sequence[list[Any]]) -> list[Any]:
    result: list[Any] = []
    for items in lists:
        for item in items:
            if item not in result:
                result.append(item)
    return result


# --------------------------------------------------------------------------- the plan


def default_survivor(records: Sequence[RecordData]) -> int:
    return min(r.id for r in records)


def computed_status(fields: dict[str, Resolution], survivor: RecordData, rules: list[Any],
                    now: datetime) -> str | None:
    """The status the status rules give the golden record's merged orders and dates."""
    values = {name: resolution.value for name, resolution in fields.items()}
    values["created_at"] = survivor.created_at
    values["updated_at"] = now
    return status_rules_mod.first_match(rules, values, now)


def plan(
    records: Sequence[RecordData],
    settings: SurvivorshipSettings,
    *,
    survivor_id: int | None = None,
    picks: dict[str, int] | None = None,
    primaries: dict[str, int] | None = None,
    now: datetime | None = None,
) -> GoldenRecord:
    """The golden record merging `records` gives, under `settings` and the steward's picks.

    `picks` maps a field (or `attributes.<name>`) to the customer whose value the steward
    chose; `primaries` maps a contact-point type to the point the steward made primary. A pick
    of an empty value, or of a computed field, is not taken.
    """
    if len(records) < 1:
        raise ValueError("nothing to merge")
    now = now or utcnow()
    ids = {r.id for r in records}
    survivor = survivor_id if survivor_id in ids else default_survivor(records)
    by_id = {r.id: r for r in records}
    picks = {k: v for k, v in (picks or {}).items() if v in ids}

    def value_of(name: str, record: RecordData) -> Any:
        if name.startswith(ATTRIBUTE_PREFIX):
            return record.attributes.get(name[len(ATTRIBUTE_PREFIX):])
        return record.values.get(name)

    picks = {k: v for k, v in picks.items() if not is_empty(value_of(k, by_id[v]))
             and not (FIELD_BY_NAME.get(k) and FIELD_BY_NAME[k].computed)}

    def valid(name: str, value: Any) -> bool:
        return value_is_valid(name, value, now=now, specs=settings.attribute_specs)

    def choose(name: str, values: dict[int, Any]) -> Resolution:
        if name in picks:
            return Resolution(name, values.get(picks[name]), picks[name], "pick", picked=True)
        return resolve(name, values, records, settings.rule_for(name), survivor, valid=valid)

    fields = {spec.name: choose(spec.name, {r.id: r.values.get(spec.name) for r in records})
              for spec in FIELDS if spec.group is None and not spec.computed}
    whole = resolve("name", {r.id: full_name(r) for r in records}, records, settings.rule_for("name"), survivor,
                    valid=valid)
    name_from = whole.from_id if whole.from_id is not None else survivor
    if whole.from_id is not None and "name" not in picks:
        name_from = usual_split(name_from, records)
    parts = {part: by_id[name_from].values.get(part) for part in NAME_PARTS}
    sources = dict.fromkeys(NAME_PARTS, name_from)
    fixed = {part for part in NAME_PARTS if part in picks}
    for part in fixed:
        parts[part], sources[part] = by_id[picks[part]].values.get(part), picks[part]
    donors = [r for r in tie_break_order(records) if r.id != name_from]
    complete_name(parts, sources, donors, fixed)
    tidy_name(parts, records, fixed)
    for part in NAME_PARTS:
        if part not in fixed and parts[part]:
            present = [(r.id, r.values.get(part)) for r in tie_break_order(records) if r.values.get(part)]
            present.sort(key=lambda p: p[0] != sources[part])  # the chosen record's spelling breaks ties
            sources[part], parts[part] = _usual_spelling((sources[part], parts[part]), present)
    for part in NAME_PARTS:
        if part in fixed:
            fields[part] = choose(part, {r.id: r.values.get(part) for r in records})
        else:
            fields[part] = Resolution(part, parts[part], sources[part], whole.rule)
    status_spec = FIELD_BY_NAME["status"]
    if settings.status_rules is not None:
        fields["status"] = Resolution("status", computed_status(fields, by_id[survivor], settings.status_rules, now),
                                      None, "computed")
    else:  # no rules at hand (a plan without a master): the survivor's, recomputed by the merge
        fields["status"] = Resolution("status", by_id[survivor].values.get("status"), survivor,
                                      status_spec.default)
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
        points={t: kept_points(t, records, survivor, (primaries or {}).get(t), settings.primary_rule(t))
                for t in POINT_TYPES},
    )
