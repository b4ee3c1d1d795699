"""Putting hand-written customer rows into a master the way an import does, for matching tests."""

from __future__ import annotations

from itertools import count

from sqlalchemy import select

from workbench.ingest.loader import LoadItem, load
from workbench.standardize.record import standardize_row
from workbench.store.master import Master
from workbench.store.models import ImportBatch, MatchCandidate, Source, SourceRecord

_batches = count(1)


def add_rows(master: Master, rows: list[dict[str, str]], *, source: str = "Test file", region: str = "DE") -> list[int]:
    """Import rows (canonical field → value); returns the new customers' ids in row order."""
    with master.transaction() as session:
        found = session.scalar(select(Source).where(Source.name == source))
        if found is None:
            found = Source(name=source)
            session.add(found)
            session.flush()
        batch = ImportBatch(source=found, file_name=f"rows-{next(_batches)}.csv")
        session.add(batch)
        session.flush()
        first_key = session.scalar(select(SourceRecord.id).order_by(SourceRecord.id.desc()).limit(1)) or 0
        keys = [f"row-{first_key + n}" for n in range(1, len(rows) + 1)]
        items = [LoadItem(record_no=n, raw=row, key=key, record=standardize_row(list(row.items()), region=region))
                 for n, (row, key) in enumerate(zip(rows, keys, strict=True), start=1)]
        load(session, source=found, batch=batch, items=items, total=len(items))
        session.flush()
        by_key = dict(session.execute(select(SourceRecord.source_key, SourceRecord.customer_id)
                                      .where(SourceRecord.source_key.in_(keys))).all())
    return [by_key[k] for k in keys]


def candidate_pairs(master: Master, *, status: str = "open") -> dict[tuple[int, int], float]:
    with master.session() as session:
        rows = session.execute(select(MatchCandidate.customer_a_id, MatchCandidate.customer_b_id,
                                      MatchCandidate.score).where(MatchCandidate.status == status))
        return {(a, b): score for a, b, score in rows}


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def background(seed: int = 5, rows: int = 400) -> list[dict[str, str]]:
    """Ordinary unrelated customers, so that the weights have data to be estimated from."""
    from workbench.sample.generator import generate

    sample = generate(rows, seed=seed)
    out = []
    for record in sample.records:
        row: dict[str, str] = {}
        for target, value in record.pairs:
            if value and target not in row:
                row[target] = value
        out.append(row)
    return out
