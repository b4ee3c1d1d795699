"""Bulk merge: every open candidate group at or above a score, merged with the survivorship rules.

What a bulk merge takes together is decided by matching's `auto_merge_groups`: connected
open candidates at or above the score inside one anti-chaining cluster, with pairs a steward
rejected kept apart. Groups are merged many to a write unit, and a unit is committed whole
or not at all, so a cancelled or failed bulk merge leaves whole merges only, never half of one.
A unit is merged set-wise (`setwise`): its rows read as plain rows, one query per table, and
written one statement per table, with the same result as merging its groups one by one.
Each merge checks again, under the write lock and before it changes anything, that its
customers are still there to merge and that nobody said meanwhile that they are not
duplicates; a group that fails that check is left alone. A bulk merge that has to
stop (cancelled, interrupted, or the master stayed busy) returns what it merged so far and why
it stopped, so it can be reported, undone as one, or continued by running it again.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.errors import Cancelled, WorkbenchError
from workbench.matching import auto_merge_groups
from workbench.matching.settings import load_settings
from workbench.progress import NO_PROGRESS, Progress
from workbench.stewardship import setwise
from workbench.stewardship.merge import MergeRequest, MergeResult, merge_customers
from workbench.stewardship.survivorship import load_settings as load_settings_for_merge
from workbench.stewardship.unmerge import unmerge_many
from workbench.store import audit
from workbench.store.locking import MasterBusy, WriteConflict
from workbench.store.master import Master
from workbench.store.models import Customer, MergeEvent, format_master_number

SAMPLE_SIZE = 12


def default_min_score(session: Session) -> float:
    """The auto-merge threshold of the match settings: where a bulk merge starts."""
    return load_settings(session).auto_merge_threshold


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
    score = min_score if min_score is not None else default_min_score(session)
    groups = auto_merge_groups(session, score)
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
    groups: int = 0  # groups it was asked to merge
    stopped: str | None = None  # why it stopped before the end (None: it went through every group)
    not_tried: int = 0  # groups left for a next run because it stopped

    def as_dict(self) -> dict[str, Any]:
        return {"batch": self.batch, "groups": self.groups, "groups_merged": len(self.event_ids),
                "customers_merged_away": self.merged_away, "merge_event_ids": self.event_ids,
                "failed": [{"customers": [format_master_number(i) for i in g], "error": e} for g, e in self.failed],
                "stopped": self.stopped, "groups_not_tried": self.not_tried}


CHUNK_SECONDS = 0.5  # how long one write unit of a bulk merge holds the master at most
CHUNK_GROUPS = 500
FIRST_CHUNK = 20


def merge_groups(master: Master, groups: Sequence[Sequence[int]], *, origin: str = "auto",
                 progress: Progress = NO_PROGRESS) -> BulkResult:
    """Merge each group into its lowest master number.

    Groups are merged many to a write unit (about half a second of work, so other writers and
    a cancel wait no longer than that); a group that can no longer be merged is found so before
    it changes anything and left alone without undoing the others, and a stop keeps whole
    merges only."""
    result = BulkResult(uuid.uuid4().hex[:12], groups=len(groups))
    total = len(groups)
    done = 0
    size = min(FIRST_CHUNK, CHUNK_GROUPS)
    with master.activity("a bulk merge"), master.checkpoints_deferred():
        while done < total and result.stopped is None:
            try:
                progress(done, total, f"Merging {done + 1:,} of {total:,}")
            except Cancelled:
                result.stopped = "cancelled"
                break
            start, began = done, time.perf_counter()
            try:
                outcomes = master.write(lambda session, start=start, size=size: _merge_chunk(
                    session, groups, start, size, result.batch, origin, progress))
            except WriteConflict:  # tried again and again at the same moment as others: one at a time
                outcomes = [_merge_alone(master, groups[start], result.batch, origin)]
            except MasterBusy as exc:
                result.stopped = str(exc)
                break
            except KeyboardInterrupt:
                result.stopped = "interrupted"
                break
            for group, outcome in outcomes:
                if isinstance(outcome, str):
                    if outcome == _CANCELLED:
                        result.stopped = "cancelled"
                        break
                    result.failed.append((list(group), outcome))
                else:
                    result.event_ids.append(outcome.event_id)
                    result.merged_away += len(outcome.merged_ids)
                done += 1
            # As many groups to the next write unit as take about CHUNK_SECONDS at this pace.
            pace = len(outcomes) / max(time.perf_counter() - began, 1e-3)
            size = max(1, min(CHUNK_GROUPS, int(pace * CHUNK_SECONDS)))
    result.not_tried = total - done if result.stopped else 0
    if result.stopped is None:
        progress(total, total, f"Merged {len(result.event_ids):,} groups")
    return result


_CANCELLED = "\0cancelled"


def _merge_chunk(session: Session, groups: Sequence[Sequence[int]], start: int, size: int, batch: str,
                 origin: str, progress: Progress) -> list[tuple[Sequence[int], MergeResult | str]]:
    """Merge `size` groups from `start` on, set-wise (see `setwise`); a group that can no longer be
    merged (checked before it changes anything) is reported by its message."""
    return setwise.merge_unit(session, list(groups[start:start + size]), origin=origin, batch=batch,
                              settings=load_settings_for_merge(session), actor=audit.current_actor(),
                              cancelled=progress.is_cancelled, cancelled_mark=_CANCELLED)


def _merge_alone(master: Master, group: Sequence[int], batch: str, origin: str
                 ) -> tuple[Sequence[int], MergeResult | str]:
    try:
        return group, master.write(lambda session: merge_customers(
            session, MergeRequest(list(group), origin=origin, batch=batch)))
    except (WriteConflict, WorkbenchError) as exc:
        return group, str(exc)


def batch_events(session: Session, batch: str) -> list[int]:
    """The merges of one bulk merge not undone yet, oldest first."""
    return list(session.scalars(select(MergeEvent.id).where(MergeEvent.batch == batch,
                                                            MergeEvent.undone_at.is_(None))
                                .order_by(MergeEvent.id)))


def unmerge_batch(master: Master, batch: str, *, reason: str | None = None,
                  progress: Progress = NO_PROGRESS) -> list[int]:
    """Undo every merge of one bulk merge that is not undone yet, newest first."""
    with master.session() as session:
        if session.scalar(select(MergeEvent.id).where(MergeEvent.batch == batch).limit(1)) is None:
            raise WorkbenchError(f"{batch}: no bulk merge with that number")
        events = batch_events(session, batch)
    return unmerge_all(master, events, reason=reason, progress=progress)


def unmerge_all(master: Master, event_ids: Sequence[int], *, reason: str | None = None,
                progress: Progress = NO_PROGRESS) -> list[int]:
    """Undo several merges, newest first, many to a write unit (see `merge_groups` and
    `unmerge.unmerge_many`); returns the events undone. A merge that cannot be undone stops it
    with its reason: the write units before its own stay undone, its own is left as it was."""
    ordered = sorted(event_ids, reverse=True)
    undone: list[int] = []
    with master.checkpoints_deferred():
        _unmerge_in_units(master, ordered, undone, reason, progress)
    progress(len(ordered), len(ordered), f"Unmerged {len(undone):,} merges")
    return undone


def _unmerge_in_units(master: Master, ordered: list[int], undone: list[int], reason: str | None,
                      progress: Progress) -> None:
    size = min(FIRST_CHUNK, CHUNK_GROUPS)
    while len(undone) < len(ordered):
        progress(len(undone), len(ordered), f"Unmerging {len(undone) + 1:,} of {len(ordered):,}")
        part, began = ordered[len(undone):len(undone) + size], time.perf_counter()
        master.write(lambda session, part=part: unmerge_many(session, part, reason=reason))
        undone.extend(part)
        # As many merges to the next write unit as take about CHUNK_SECONDS at this pace.
        size = max(1, min(CHUNK_GROUPS, int(len(part) / max(time.perf_counter() - began, 1e-3) * CHUNK_SECONDS)))
