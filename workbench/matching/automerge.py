"""The groups of customers that are safe to merge with no person in the loop.

`match` already grew its clusters from the strongest links down, joining two groups only
when no pair across them clearly differs (every pair compared, see `cluster.py`); each
candidate carries its cluster. A group to merge automatically is a connected set of open
candidates at or above the auto-merge threshold inside one such cluster: a subset of a group
without clearly different pairs has none either. Decisions taken since the run still count:
a customer merged away meanwhile drops out, and a group holding a pair a steward rejected is
left for review rather than guessed apart.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.matching import cluster as clustering
from workbench.matching.settings import load_settings
from workbench.store import candidates as store
from workbench.store.models import Customer, MatchCandidate


def auto_merge_groups(session: Session, min_score: float | None = None) -> list[list[int]]:
    """Groups of customer ids (each sorted, two or more) to merge, from open candidates scoring at
    least `min_score` (default: the auto-merge threshold of the match settings)."""
    threshold = load_settings(session).auto_merge_threshold if min_score is None else min_score
    rows = session.execute(
        select(MatchCandidate.customer_a_id, MatchCandidate.customer_b_id, MatchCandidate.score,
               MatchCandidate.cluster_id)
        .where(MatchCandidate.status == store.OPEN, MatchCandidate.score >= threshold,
               # no cluster: the run's anti-chaining kept these two customers apart
               MatchCandidate.cluster_id.isnot(None))).all()
    if not rows:
        return []
    ids = {a for a, _, _, _ in rows} | {b for _, b, _, _ in rows}
    active = _active(session, ids)
    edges: dict[tuple[int, int], float] = {}
    for a, b, score, _cluster in rows:
        if a in active and b in active:
            edges[(a, b)] = score
    rejected = store.rejected_pairs(session)
    by_cluster: dict[int, dict[tuple[int, int], float]] = {}
    for a, b, score, cluster in rows:
        if (a, b) in edges:
            by_cluster.setdefault(cluster, {})[(a, b)] = score
    groups: list[list[int]] = []
    for links in by_cluster.values():
        for members in clustering.components(links):
            if any((a, b) in rejected for i, a in enumerate(members) for b in members[i + 1:]):
                continue  # a steward said two of them differ: who belongs with whom is theirs to decide
            member_set = set(members)
            inside = {pair: score for pair, score in links.items() if pair[0] in member_set}
            groups.extend(clustering.split_chains(inside, lambda _pairs: {}))
    return sorted(groups)


def _active(session: Session, ids: set[int]) -> set[int]:
    found: set[int] = set()
    wanted = sorted(ids)
    for start in range(0, len(wanted), 5_000):
        found.update(session.scalars(select(Customer.id).where(Customer.id.in_(wanted[start:start + 5_000]),
                                                               Customer.merged_into_id.is_(None))))
    return found
