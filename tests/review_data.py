"""Demo candidates for review tests and screenshots, until matching proposes real ones.

The sample generator knows which records belong to the same person; these helpers turn
that into `match_candidates` rows (plus some look-alikes that are not the same person)
with plausible per-field explanations and clusters.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from rapidfuzz import fuzz
from sqlalchemy import func, select

from workbench.ingest.loader import new_customer
from workbench.ingest.prepare import record_payload
from workbench.sample.generator import SampleSet
from workbench.standardize.record import standardize_row
from workbench.stewardship.records import load_records
from workbench.store.master import Master
from workbench.store.models import Customer, ImportBatch, MatchCandidate, Source, SourceRecord

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
    roots = _clusters(pairs) if cluster else {}  # as a match run does: every connected group, pairs too
    ids = []
    with master.transaction() as session:
        wanted = sorted({i for pair in pairs for i in pair})
        records = {r.id: r for r in load_records(session, wanted)}
        for a, b in pairs:
            explanation = explain(records[a], records[b])
            score = round(sum(e["weight"] for e in explanation), 2)
            root = roots.get(a)
            candidate = MatchCandidate(customer_a_id=a, customer_b_id=b, score=score, explanation=explanation,
                                       status="open", cluster_id=root)
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


def add_customer(master, source: str, trust: int, *, file: str | None = None, **fields) -> int:
    """One customer from one source record, as an import would make it."""
    pairs = [(k.replace("__", ":"), v) for k, v in fields.items()]
    record = standardize_row(pairs)
    with master.transaction() as session:
        src = session.scalar(select(Source).where(Source.name == source))
        if src is None:
            src = Source(name=source, trust_rank=trust)
            session.add(src)
            session.flush()
        batch = ImportBatch(source_id=src.id, file_name=file or f"{source.lower()}.csv")
        session.add(batch)
        session.flush()
        count = session.scalar(select(func.count(SourceRecord.id))) or 0
        # The standardized record is kept with its source record, as an import keeps it: it is
        # what says which contact points the record gave.
        link = SourceRecord(source_id=src.id, batch_id=batch.id, source_key=f"k{count}", record_hash="x",
                            raw=dict(fields), fields=record_payload(record))
        customer = new_customer(record, link)
        link.customer = customer
        session.add_all([customer, link])
        session.flush()
        return customer.id


def hard_cases(master: Master) -> tuple[list[int], list[int]]:
    """A 4-record cluster with long names, accents and empty fields, and a pair; their customer ids."""
    cluster = [
        add_customer(master, "Webshop", 70, file="shopify-customers-2026-10.csv",
                     first_name="Maria-Magdalena", last_name="von Hohenzollern-Sigmaringen",
                     company="Hohenzollern Weinhandel & Feinkost GmbH & Co. KG",
                     email="maria-magdalena.hohenzollern@weinhandel-feinkost.de", phone="+49 211 8765432",
                     street__billing="Königsallee 92a", postcode__billing="40212", city__billing="Düsseldorf",
                     country__billing="DE", street__shipping="Kaiserswerther Straße 115",
                     postcode__shipping="40474", city__shipping="Düsseldorf", country__shipping="DE",
                     created_at="2021-04-12 09:30:00", order_count="14", total_spent="2380.50",
                     marketing_consent="yes", attribute__loyalty_tier="Gold"),
        add_customer(master, "Point of sale", 60, file="Kasse Export Filiale Düsseldorf.xlsx",
                     full_name="Maria Magdalena v. Hohenzollern-Sigmaringen", mobile="0171 2233445",
                     email="MARIA-MAGDALENA.HOHENZOLLERN@weinhandel-feinkost.de", street="Königsallee 92 a",
                     postcode="40212", city="Düsseldorf", country="Deutschland", birth_date="14.02.1971",
                     order_count="3", total_spent="412,00"),
        add_customer(master, "Newsletter", 40, file="mailchimp-audience-export.csv",
                     email="mm.hohenzollern@gmx.de", first_name="MARIA-MAGDALENA", last_name="",
                     marketing_consent="unsubscribed"),
        add_customer(master, "Trade fair leads", 30, file="Leads Weinmesse ProWein 2026 (Halle 4).xlsx",
                     full_name="M. von Hohenzollern", company="Hohenzollern Weinhandel GmbH",
                     job_title="Geschäftsführerin", email__work="maria-magdalena.hohenzollern@weinhandel-feinkost.de",
                     phone__work="+49 211 8765432", city="Düsseldorf", country="DE"),
    ]
    pair = [
        add_customer(master, "Webshop", 70, first_name="François", last_name="Lefèvre-Desjardins",
                     email="f.lefevre@orange.fr", phone="+33 6 12 34 56 78", street__billing="12, Rue de la République",
                     postcode__billing="69002", city__billing="Lyon", country__billing="FR",
                     created_at="2023-09-01 14:02:00", order_count="2", total_spent="89.90"),
        add_customer(master, "Point of sale", 60, full_name="Francois Lefevre Desjardins", mobile="06 12 34 56 78",
                     email="", street="12 R. de la Republique", postcode="69002", city="Lyon", country="France",
                     birth_date="03.07.1988"),
    ]
    add_candidates(master, [(cluster[0], cluster[1]), (cluster[0], cluster[3]), (cluster[1], cluster[2]),
                            (cluster[2], cluster[3]), (cluster[1], cluster[3])])
    add_candidates(master, [(pair[0], pair[1])])
    return cluster, pair
