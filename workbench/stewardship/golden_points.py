"""A golden record's contact points: the same e-mail, number or place once (see `consolidation`),
keeping the evidence of every record that says it; one of each type primary, by the steward's
choice or a rule (best: valid, most complete, most recently confirmed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workbench.stewardship import consolidation
from workbench.stewardship.golden_fields import tie_break_order
from workbench.stewardship.records import POINT_TYPES, Evidence, PointData, RecordData, evidence_union


@dataclass
class KeptPoint:
    point: PointData  # the contact-point row the golden record keeps
    duplicates: list[PointData]  # the same e-mail / number / address (or a lesser form) from other records, dropped
    is_primary: bool = False
    kind: str = "other"  # the kind the kept row gets: the most telling kind among them
    evidence: list[Evidence] = field(default_factory=list)  # every record that says it, newest first

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(e.source for e in self.evidence))

    @property
    def seen_at(self) -> datetime | None:
        return max((e.seen_at for e in self.evidence if e.seen_at), default=None)

    def holds(self, point_id: int) -> bool:
        return point_id == self.point.id or any(d.id == point_id for d in self.duplicates)


def _evidence(point: PointData, record: RecordData) -> list[Evidence]:
    if point.evidence:
        return point.evidence
    return [Evidence(point.source_record_id, record.display_name or record.master_number, record.recency,
                     point.text, record.trust)]


def _seen(evidence: Sequence[Evidence]) -> int:
    """The day a source last confirmed it: sources confirming it on one day confirm it alike."""
    return max((e.seen_at.toordinal() for e in evidence if e.seen_at), default=0)


def point_groups(point_type: str, records: Sequence[RecordData]) -> tuple[list[consolidation.Group],
                                                                             dict[int, list[Evidence]]]:
    """The contact points of `records` of one type, taken together where they are one (whoever
    survives), and each point's evidence."""
    evidence: dict[int, list[Evidence]] = {}
    points: list[PointData] = []
    for record in records:
        for point in record.points.get(point_type, []):
            evidence[point.id] = _evidence(point, record)
            points.append(point)
    if not points:
        return [], evidence
    every = [p for r in records for t in POINT_TYPES for p in r.points.get(t, [])]
    country, regions = consolidation.context(every)

    def form_of(point: PointData) -> consolidation.Form:
        return consolidation.form(point_type, point.parts or _parts_from_key(point), context_country=country,
                                  regions=regions)

    def rank(point: PointData) -> tuple:
        said = evidence[point.id]
        return (not point.is_valid, -max(e.trust for e in said), -_seen(said), point.id)

    return consolidation.group_points(point_type, points, rank, form_of), evidence


def kept_points(point_type: str, records: Sequence[RecordData], survivor_id: int, primary_id: int | None,
                 rule: str) -> list[KeptPoint]:
    """One point for each e-mail, number or place; one primary, by the steward's choice or `rule`."""
    groups, evidence = point_groups(point_type, records)
    if not groups:
        return []
    # Listed as before: the survivor's points first, then the other records', most trusted first.
    order = sorted(records, key=lambda r: r.id != survivor_id)
    order = order[:1] + tie_break_order(order[1:])
    position = {p.id: (i, j) for i, r in enumerate(order) for j, p in enumerate(r.points.get(point_type, []))}
    groups.sort(key=lambda g: min(position[m.id] for m in g.members))
    kept = [KeptPoint(g.representative, g.members[1:], kind=g.kind,
                      evidence=evidence_union([_with(m, evidence[m.id]) for m in g.members])) for g in groups]
    fullness = {id(k): g.forms[0].fullness for k, g in zip(kept, groups, strict=True)}

    if primary_id is not None:
        match = next((k for k in kept if k.holds(primary_id)), None)
        if match is not None:
            match.is_primary = True
            return kept
    if rule == "survivor":
        survivor_primary = next((p.id for p in order[0].points.get(point_type, []) if p.is_primary), None)
        any_primary = next((p.id for r in order for p in r.points.get(point_type, []) if p.is_primary), None)
        for wanted in (survivor_primary, any_primary):
            match = next((k for k in kept if wanted is not None and k.holds(wanted)), None)
            if match is not None:
                match.is_primary = True
                return kept
        (next((k for k in kept if k.point.is_valid), kept[0])).is_primary = True
        return kept

    def criteria(k: KeptPoint) -> dict[str, Any]:
        return {"valid": not k.point.is_valid, "complete": -fullness[id(k)], "recent": -_seen(k.evidence),
                "frequent": -len({e.source_record_id for e in k.evidence}),
                "trust": -max(e.trust for e in k.evidence),
                "primary": not any(p.is_primary for p in (k.point, *k.duplicates))}

    sequence = {"best": ("valid", "complete", "recent", "frequent", "trust", "primary"),
                "recent": ("valid", "recent", "complete", "frequent", "trust", "primary"),
                "frequent": ("valid", "frequent", "complete", "recent", "trust", "primary"),
                "trust": ("valid", "trust", "complete", "recent", "frequent", "primary")}[rule]
    ranked = min(kept, key=lambda k: (*(criteria(k)[c] for c in sequence), kept.index(k)))
    ranked.is_primary = True
    return kept


def _with(point: PointData, evidence: list[Evidence]) -> PointData:
    if point.evidence is evidence:
        return point
    return PointData(point.id, point.type, point.key, point.text, point.kind, point.is_primary, point.is_valid,
                     point.source_record_id, point.parts, evidence)


def _parts_from_key(point: PointData) -> dict[str, Any]:
    """For points made without their columns (tests, old callers): what the key says."""
    if point.type == "email":
        return {"address": point.text, "normalized": point.key}
    if point.type == "phone":
        return {"number": point.text, "e164": point.key if point.key.startswith("+") else None}
    kind, street, postcode, city, country = (point.key.split("|") + ["", "", "", "", ""])[:5]
    return {"street": street or None, "postcode": postcode or None, "city": city or None,
            "country": country or None}
