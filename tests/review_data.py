"""Demo candidates for review tests and screenshots, until matching proposes real ones.

The sample generator knows which records belong to the same person; these helpers turn
that into `match_candidates` rows (plus some look-alikes that are not the same person)
with plausible per-field explanations and clusters.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from rapidfuzz import fuzz
from sqlalchemy import select

from workbench.sample.generator import SampleSet
from workbench.stewardship.records import load_records
from workbench.store.master import Master
from workbench.store.models import Customer, MatchCandidate, Source, SourceRecord

WEIGHTS = {"name": 4.0, "email": 6.2, "phone": 5.1, "address": 3.4, "birth_date": 4.5, "company": 2.0}


def customer_ids_by_record(master: Master, sample: SampleSet) -> list[int]:
    """The customer each sample record became (load_sample makes one customer per record)."""
    with master.session() as session:
        keys = {(name, key): cid for name, key, cid in session.execute(
            select(Source.name, SourceRecord.source_key, SourceRecord.customer_id)
            .join(Source, Source.id == SourceRecord.source_id))}
    positions: dict[int, tuple[str, int]] = {}
    for name, records in sample.by_source().items():
        for number, record in enumerate(records, start=1):
            positions[id(record)] = (name, number)
    result = []
    for record in sample.records:
        name, number = positions[id(record)]
        result.append(keys[(name, f"demo-{record.person_id}-{number}")])
    return result


def _entry(field: str, left, right) -> dict:
    weight = WEIGHTS[field]
    if not left or not right:
        return {"field": field, "level": "missing", "weight": 0.0, "left": left or "", "right": right or ""}
    if left == right:
        return {"field": field, "level": "exact", "weight": weight, "left": left, "right": right}
    similarity = fuzz.ratio(str(left).lower(), str(right).lower())
    if similarity >= 80:
        return {"field": field, "level": "fuzzy", "weight": round(weight * similarity / 200, 2), "left": left,
                "right": right}
    return {"field": field, "level": "different", "weight": round(-weight / 2, 2), "left": left, "right": right}


def explain(a, b) -> list[dict]:
    def name(r):
        return " ".join(x for x in (r.values.get("first_name"), r.values.get("last_name")) if x) or None

    def first(r, kind):
        points = r.points.get(kind) or []
        return points[0].key if points else None

    def address(r):
        points = r.points.get("address") or []
        return points[0].text if points else None

    birth = [r.values.get("birth_date").isoformat() if r.values.get("birth_date") else None for r in (a, b)]
    return [
        _entry("name", name(a), name(b)),
        _entry("email", first(a, "email"), first(b, "email")),
        _entry("phone", first(a, "phone"), first(b, "phone")),
        _entry("address", address(a), address(b)),
        _entry("birth_date", *birth),
        _entry("company", a.values.get("company"), b.values.get("company")),
    ]


def _clusters(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    return {x: find(x) for x in parent}


def add_candidates(master: Master, pairs: Iterable[tuple[int, int]], *, cluster: bool = True) -> list[int]:
    """Candidates for customer-id pairs, scored from their fields, clustered by connection."""
    pairs = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    roots = _clusters(pairs) if cluster else {}
    sizes: dict[int, int] = {}
    for a, _b in pairs:
        sizes[roots.get(a, a)] = sizes.get(roots.get(a, a), 0) + 1
    ids = []
    with master.transaction() as session:
        wanted = sorted({i for pair in pairs for i in pair})
        records = {r.id: r for r in load_records(session, wanted)}
        for a, b in pairs:
            explanation = explain(records[a], records[b])
            score = round(sum(e["weight"] for e in explanation), 2)
            root = roots.get(a)
            candidate = MatchCandidate(customer_a_id=a, customer_b_id=b, score=score, explanation=explanation,
                                       status="open", cluster_id=root if root is not None and sizes[root] > 1 else None)
            session.add(candidate)
            session.flush()
            ids.append(candidate.id)
    return ids


def add_sample_candidates(master: Master, sample: SampleSet, *, false_pairs: int = 20, seed: int = 3) -> list[int]:
    """Candidates for the sample's known duplicates and some look-alikes that are not."""
    customer_of = customer_ids_by_record(master, sample)
    pairs = {(customer_of[a], customer_of[b]) for a, b in sample.truth_pairs()}
    rng = random.Random(seed)
    with master.session() as session:
        by_city: dict[str, list[int]] = {}
        for cid, city in session.execute(select(Customer.id, Customer.primary_city)):
            if city:
                by_city.setdefault(city, []).append(cid)
    groups = [ids for ids in by_city.values() if len(ids) > 1]
    for _ in range(false_pairs):
        if not groups:
            break
        a, b = rng.sample(rng.choice(groups), 2)
        pairs.add((a, b))
    return add_candidates(master, pairs)


DUMPED = ("customers", "emails", "phones", "addresses", "source_records", "match_candidates", "decisions")


def dump(master: Master) -> dict[str, list[dict]]:
    """Every row of the tables a merge touches, for comparing a master before and after."""
    from sqlalchemy import text

    result = {}
    with master.session() as session:
        for table in DUMPED:
            rows = session.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings()
            result[table] = [dict(r) for r in rows]
    return result


def review_master(master: Master, rows: int = 200, seed: int = 11, false_pairs: int = 15) -> Master:
    """A master holding demo customers and candidates for their known duplicates."""
    from workbench.sample.generator import generate
    from workbench.sample.load import load_sample

    sample = generate(rows, seed=seed)
    load_sample(master, sample)
    add_sample_candidates(master, sample, false_pairs=false_pairs)
    return master
