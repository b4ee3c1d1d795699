"""Candidate duplicates and the decisions about them: the SQL matching and its screens share.

A rejection ("not a duplicate") is stored between the two customers the steward saw. Customers
are merged later, so a rejection is read through merges: each side is followed to the customer
it lives on in now, and the rejection holds between those two. Rejecting A–B and then merging
A into S means S–B is never suggested again; unmerging A brings back A–B as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from workbench.store.master import page_cache
from workbench.store.models import Customer, Decision, MatchCandidate, MatchRun, utcnow

NOT_DUPLICATE = "not_duplicate"
MERGED = "merged"
OPEN, DEFERRED, REJECTED, STALE = "open", "deferred", "rejected", "stale"
WRITE_BATCH = 5_000
# SQLite's page cache while a run writes its candidates: with the default 2 MB every new row's
# index entries and foreign-key checks read pages back from the file (28 s instead of 11 s for
# 5·10^5 candidates in a master of 10^6 customers).
WRITE_CACHE_KIB = 64 * 1024


def survivors(session: Session) -> dict[int, int]:
    """Every merged-away customer → the customer it lives on in now (following chains)."""
    parent = dict(session.execute(select(Customer.id, Customer.merged_into_id)
                                  .where(Customer.merged_into_id.isnot(None))).all())
    resolved: dict[int, int] = {}
    for start in parent:
        path = [start]
        current = parent[start]
        while current in parent and current not in path and current not in resolved:
            path.append(current)
            current = parent[current]
        final = resolved.get(current, current)
        for node in path:
            resolved[node] = final
    return resolved


def rejected_pairs(session: Session, resolved: dict[int, int] | None = None) -> set[tuple[int, int]]:
    """Pairs of current customers a steward said are not the same (rejections read through merges)."""
    resolved = survivors(session) if resolved is None else resolved
    pairs: set[tuple[int, int]] = set()
    rows = session.execute(select(Decision.customer_a_id, Decision.customer_b_id)
                           .where(Decision.verdict == NOT_DUPLICATE, Decision.revoked_at.is_(None)))
    for a, b in rows:
        a, b = resolved.get(a, a), resolved.get(b, b)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    return pairs


@dataclass
class DecidedPair:
    customer_a_id: int
    customer_b_id: int
    is_match: bool
    explanation: list[Any] | None  # of the candidate the steward decided on, if any


def decided_pairs(session: Session) -> list[DecidedPair]:
    """Merged and not-a-duplicate verdicts, with the explanation of the candidate behind each."""
    rows = session.execute(
        select(Decision.customer_a_id, Decision.customer_b_id, Decision.verdict, MatchCandidate.explanation)
        .outerjoin(MatchCandidate, MatchCandidate.id == Decision.candidate_id)
        .where(Decision.verdict.in_((NOT_DUPLICATE, MERGED)), Decision.revoked_at.is_(None)))
    return [DecidedPair(a, b, verdict == MERGED, explanation) for a, b, verdict, explanation in rows]


@dataclass
class StoredCandidate:
    id: int
    customer_a_id: int
    customer_b_id: int
    score: float
    status: str
    cluster_id: int | None


def stored_candidates(session: Session, statuses: Iterable[str] = (OPEN, DEFERRED)) -> list[StoredCandidate]:
    rows = session.execute(select(MatchCandidate.id, MatchCandidate.customer_a_id, MatchCandidate.customer_b_id,
                                  MatchCandidate.score, MatchCandidate.status, MatchCandidate.cluster_id)
                           .where(MatchCandidate.status.in_(list(statuses))))
    return [StoredCandidate(*row) for row in rows]


def all_pairs(session: Session) -> dict[tuple[int, int], tuple[int, str]]:
    """(a, b) → (candidate id, status) of every stored candidate, whatever its status."""
    rows = session.execute(select(MatchCandidate.customer_a_id, MatchCandidate.customer_b_id, MatchCandidate.id,
                                  MatchCandidate.status))
    return {(a, b): (cid, status) for a, b, cid, status in rows}


def write_cache(session: Session) -> AbstractContextManager[None]:
    """A bigger page cache for the connection while the block writes many candidates (SQLite)."""
    return page_cache(session.connection(), WRITE_CACHE_KIB)


def lock_for_matching(session: Session) -> None:
    """Hold off merges and decisions while a match run writes its candidates.

    On SQLite the write transaction's lock does it already. On PostgreSQL merges and decisions
    lock candidate rows (FOR NO KEY UPDATE, a ROW SHARE lock on the table), which EXCLUSIVE mode
    waits for and then keeps out; plain reads go on. Taken before the run reads anything again,
    and the run touches no customer row, so no deadlock can form with a merge."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE match_candidates IN EXCLUSIVE MODE"))


def write_candidates(session: Session, rows: list[dict[str, Any]], existing: dict[tuple[int, int], tuple[int, str]],
                     run_id: int) -> tuple[int, int]:
    """Insert new candidates, update open and deferred ones; decided ones are left as decided.

    `explanation` comes already as JSON text: at 10^5–10^6 candidates the writing is plain
    executemany statements, without a per-row type conversion.
    """
    now = utcnow()
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for row in rows:
        found = existing.get((row["customer_a_id"], row["customer_b_id"]))
        if found is None:
            new.append({**row, "status": OPEN, "run_id": run_id, "now": now})
        elif found[1] in (OPEN, DEFERRED, STALE):
            changed.append({**row, "id": found[0], "status": DEFERRED if found[1] == DEFERRED else OPEN,
                            "run_id": run_id, "now": now})
    json_value = "CAST(:explanation AS JSONB)" if session.get_bind().dialect.name == "postgresql" else ":explanation"
    insert_statement = text(
        "INSERT INTO match_candidates (customer_a_id, customer_b_id, score, probability, explanation, status, "
        f"cluster_id, run_id, created_at, updated_at) VALUES (:customer_a_id, :customer_b_id, :score, :probability, "
        f"{json_value}, :status, :cluster_id, :run_id, :now, :now)")
    update_statement = text(
        f"UPDATE match_candidates SET score = :score, probability = :probability, explanation = {json_value}, "
        "status = :status, cluster_id = :cluster_id, run_id = :run_id, updated_at = :now WHERE id = :id")
    connection = session.connection()
    for start in range(0, len(new), WRITE_BATCH):
        connection.execute(insert_statement, new[start:start + WRITE_BATCH])
    for start in range(0, len(changed), WRITE_BATCH):
        connection.execute(update_statement, changed[start:start + WRITE_BATCH])
    return len(new), len(changed)


def retire_candidates(session: Session, candidate_ids: list[int]) -> None:
    """Open candidates no longer suggested: deleted, unless a decision points at them (then stale)."""
    if not candidate_ids:
        return
    referenced = set()
    for start in range(0, len(candidate_ids), WRITE_BATCH):
        chunk = candidate_ids[start:start + WRITE_BATCH]
        referenced.update(session.scalars(select(Decision.candidate_id).where(Decision.candidate_id.in_(chunk))))
    deletable = [c for c in candidate_ids if c not in referenced]
    for start in range(0, len(deletable), WRITE_BATCH):
        session.execute(delete(MatchCandidate).where(MatchCandidate.id.in_(deletable[start:start + WRITE_BATCH])))
    stale = [c for c in candidate_ids if c in referenced]
    for start in range(0, len(stale), WRITE_BATCH):
        session.execute(update(MatchCandidate).where(MatchCandidate.id.in_(stale[start:start + WRITE_BATCH]))
                        .values(status=STALE, updated_at=utcnow()))


def set_clusters(session: Session, clusters: dict[int, int | None]) -> None:
    """candidate id → cluster id (None: not part of a cluster)."""
    rows = [{"id": cid, "cluster_id": cluster} for cid, cluster in clusters.items()]
    for start in range(0, len(rows), WRITE_BATCH):
        session.execute(update(MatchCandidate), rows[start:start + WRITE_BATCH])


def last_run(session: Session, *, finished: bool = True) -> MatchRun | None:
    statement = select(MatchRun).order_by(MatchRun.id.desc()).limit(1)
    if finished:
        statement = statement.where(MatchRun.finished_at.isnot(None))
    return session.scalar(statement)


def changed_since(session: Session, since: datetime) -> list[int]:
    """Active customers created or changed since a moment (an import, an edit, a merge)."""
    return list(session.scalars(select(Customer.id).where(
        Customer.merged_into_id.is_(None),
        or_(Customer.updated_at >= since, Customer.created_at >= since))))


def active_count(session: Session) -> int:
    return session.scalar(select(func.count(Customer.id)).where(Customer.merged_into_id.is_(None))) or 0


# ---------------------------------------------------------------------- lists for people


@dataclass
class CandidateRow:
    id: int
    customer_a_id: int
    customer_b_id: int
    name_a: str
    name_b: str
    score: float
    probability: float | None
    status: str
    cluster_id: int | None
    explanation: list[Any]


def candidate_list(session: Session, *, min_score: float | None = None, status: str = OPEN,
                   limit: int | None = None, offset: int = 0) -> list[CandidateRow]:
    """Candidates for a list or an export, highest score first. `status` 'all' lists every status;
    'rejected' also lists pairs that were decided as not a duplicate."""
    a, b = aliased(Customer), aliased(Customer)
    statement = (select(MatchCandidate.id, MatchCandidate.customer_a_id, MatchCandidate.customer_b_id,
                        a.display_name, b.display_name, MatchCandidate.score, MatchCandidate.probability,
                        MatchCandidate.status, MatchCandidate.cluster_id, MatchCandidate.explanation)
                 .join(a, a.id == MatchCandidate.customer_a_id)
                 .join(b, b.id == MatchCandidate.customer_b_id)
                 .order_by(MatchCandidate.score.desc(), MatchCandidate.id))
    statement = _filtered(statement, min_score, status)
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    return [CandidateRow(*row) for row in session.execute(statement)]


def candidate_count(session: Session, *, min_score: float | None = None, status: str = OPEN) -> int:
    statement = _filtered(select(func.count(MatchCandidate.id)), min_score, status)
    return session.scalar(statement) or 0


def _filtered(statement: Any, min_score: float | None, status: str) -> Any:
    if min_score is not None:
        statement = statement.where(MatchCandidate.score >= min_score)
    if status != "all":
        statement = statement.where(MatchCandidate.status == status)
    return statement


def stale_open_candidates(session: Session) -> list[int]:
    """Open candidates of which one side has been merged away since they were found.

    From the merged customers (few, and indexed) to their candidates: a join from the
    candidates' side reads every open candidate's row, 11 s at 5·10^5 candidates.
    """
    merged = list(session.scalars(select(Customer.id).where(Customer.merged_into_id.isnot(None))))
    found: set[int] = set()
    for start in range(0, len(merged), WRITE_BATCH):
        chunk = merged[start:start + WRITE_BATCH]
        # The status is checked here, not in SQL: with it SQLite walks the status index instead.
        found.update(cid for cid, status in session.execute(
            select(MatchCandidate.id, MatchCandidate.status)
            .where(or_(MatchCandidate.customer_a_id.in_(chunk), MatchCandidate.customer_b_id.in_(chunk))))
            if status in (OPEN, DEFERRED))
    return sorted(found)


def mark_stale(session: Session, candidate_ids: list[int]) -> None:
    for start in range(0, len(candidate_ids), WRITE_BATCH):
        session.execute(update(MatchCandidate)
                        .where(and_(MatchCandidate.id.in_(candidate_ids[start:start + WRITE_BATCH])))
                        .values(status=STALE, updated_at=utcnow()))
