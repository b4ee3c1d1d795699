"""Bulk merge: every open candidate group at or above a score, merged with the survivorship rules.

`auto_merge_groups` is the one place that decides what a bulk merge takes together; the
matching package may offer its own grouping, and this is where to switch to it. Each group
is merged in its own transaction, so a cancelled or failed bulk merge leaves whole merges
only, never half of one.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.errors import WorkbenchError
from workbench.progress import NO_PROGRESS, Progress
from workbench.stewardship.decisions import not_duplicate_pairs
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.unmerge import unmerge
from workbench.store.master import Master
from workbench.store.models import Customer, MatchCandidate, Setting, format_master_number, utcnow

SETTINGS_KEY = "auto_merge"
SAMPLE_SIZE = 12


def saved_min_score(session: Session) -> float | None:
    row = session.get(Setting, SETTINGS_KEY)
    value = (row.value or {}).get("min_score") if row else None
    return float(value) if isinstance(value, int | float) else None


def save_min_score(session: Session, min_score: float) -> None:
    row = session.get(Setting, SETTINGS_KEY)
    if row is None:
        session.add(Setting(key=SETTINGS_KEY, value={"min_score": min_score}, updated_at=utcnow()))
    else:
        row.value = {**(row.value or {}), "min_score": min_score}
        row.updated_at = utcnow()


def auto_merge_groups(session: Session, min_score: float | None = None) -> list[list[int]]:
    """Customer groups to merge: connected open candidates scoring at least `min_score`.

    Pairs below the threshold do not connect, so a weak link never pulls a customer in.
    A group holding two customers a steward called "not a duplicate" is left for review.
    """
    if min_score is None:
        min_score = saved_min_score(session)
        if min_score is None:
            raise WorkbenchError("no minimum score given and none saved; give --min-score")
    rows = session.execute(
        select(MatchCandidate.customer_a_id, MatchCandidate.customer_b_id, MatchCandidate.score)
        .where(MatchCandidate.status == "open", MatchCandidate.score >= min_score)
        .order_by(MatchCandidate.score.desc(), MatchCandidate.id))
    parent: dict[int, int] = {}
    best: dict[int, float] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    scores = [(a, b, score) for a, b, score in rows]
    for a, b, _score in scores:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for customer_id in parent:
        groups.setdefault(find(customer_id), []).append(customer_id)
    for a, _b, score in scores:
        root = find(a)
        best[root] = max(best.get(root, score), score)
    live = set(session.scalars(select(Customer.id).where(Customer.id.in_(list(parent)),
                                                         Customer.merged_into_id.is_(None))))
    rejected = not_duplicate_pairs(session)
    result = []
    for _root, members in sorted(groups.items(), key=lambda item: (-best[item[0]], min(item[1]))):
        members = sorted(m for m in members if m in live)
        if len(members) >= 2 and not any((a, b) in rejected for a, b in combinations(members, 2)):
            result.append(members)
    return result


@dataclass
class BulkPreview:
    min_score: float
    groups: list[list[int]]
    sample: list[list[tuple[str, str]]]  # a few groups as (master number, name)

    @property
    def customers(self) -> int:
        return sum(len(g) for g in self.groups)

    @property
    def merged_away(self) -> int:
        return self.customers - len(self.groups)


def preview(session: Session, min_score: float | None) -> BulkPreview:
    groups = auto_merge_groups(session, min_score)
    score = min_score if min_score is not None else saved_min_score(session) or 0.0
    wanted = sorted({i for g in groups[:SAMPLE_SIZE] for i in g})
    names = {i: name for i, name in session.execute(
        select(Customer.id, Customer.display_name).where(Customer.id.in_(wanted)))}
    sample = [[(format_master_number(i), names.get(i) or "(no name)") for i in g] for g in groups[:SAMPLE_SIZE]]
    return BulkPreview(score, groups, sample)


@dataclass
class BulkResult:
    batch: str
    event_ids: list[int] = field(default_factory=list)
    merged_away: int = 0
    failed: list[tuple[list[int], str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"batch": self.batch, "groups_merged": len(self.event_ids), "customers_merged_away": self.merged_away,
                "merge_event_ids": self.event_ids,
                "failed": [{"customers": [format_master_number(i) for i in g], "error": e} for g, e in self.failed]}


def merge_groups(master: Master, groups: Sequence[Sequence[int]], *, origin: str = "auto",
                 progress: Progress = NO_PROGRESS) -> BulkResult:
    """Merge each group into its lowest master number, one transaction per group."""
    result = BulkResult(uuid.uuid4().hex[:12])
    total = len(groups)
    for done, group in enumerate(groups):
        progress(done, total, f"Merging {done + 1:,} of {total:,}")
        try:
            with master.transaction() as session:
                merged = merge_customers(session, MergeRequest(list(group), origin=origin, batch=result.batch))
        except WorkbenchError as exc:  # someone merged one of them meanwhile: leave this group
            result.failed.append((list(group), str(exc)))
            continue
        result.event_ids.append(merged.event_id)
        result.merged_away += len(merged.merged_ids)
    progress(total, total, f"Merged {len(result.event_ids):,} groups")
    return result


def unmerge_all(master: Master, event_ids: Sequence[int], *, reason: str | None = None,
                progress: Progress = NO_PROGRESS) -> list[int]:
    """Undo several merges, newest first; returns the events undone."""
    undone: list[int] = []
    ordered = sorted(event_ids, reverse=True)
    for done, event_id in enumerate(ordered):
        progress(done, len(ordered), f"Unmerging {done + 1:,} of {len(ordered):,}")
        with master.transaction() as session:
            unmerge(session, event_id, reason=reason)
        undone.append(event_id)
    progress(len(ordered), len(ordered), f"Unmerged {len(undone):,} merges")
    return undone
