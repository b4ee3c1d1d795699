"""Bulk merge: every open candidate group at or above a score, merged with the survivorship rules.

What a bulk merge takes together is decided by matching's `auto_merge_groups`: connected
open candidates at or above the score inside one anti-chaining cluster, with pairs a steward
rejected kept apart. Each group is merged in its own transaction, so a cancelled or failed
bulk merge leaves whole merges only, never half of one. Each merge checks again, under the
write lock, that its customers are still there to merge and that nobody said meanwhile that
they are not duplicates; a group that fails that check is left alone. A bulk merge that has to
stop (cancelled, interrupted, or the master stayed busy) returns what it merged so far and why
it stopped, so it can be reported, undone as one, or continued by running it again.
"""

from __future__ import annotations

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
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.unmerge import unmerge
from workbench.store.locking import MasterBusy, WriteConflict
from workbench.store.master import Master
from workbench.store.models import Customer, format_master_number

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


def merge_groups(master: Master, groups: Sequence[Sequence[int]], *, origin: str = "auto",
                 progress: Progress = NO_PROGRESS) -> BulkResult:
    """Merge each group into its lowest master number, one transaction per group."""
    result = BulkResult(uuid.uuid4().hex[:12], groups=len(groups))
    total = len(groups)
    done = 0
    with master.activity("a bulk merge"):
        for done, group in enumerate(groups):  # noqa: B007 - `done` says where it stopped
            try:
                progress(done, total, f"Merging {done + 1:,} of {total:,}")
                merged = master.write(lambda session, group=group: merge_customers(
                    session, MergeRequest(list(group), origin=origin, batch=result.batch)))
            except WriteConflict as exc:  # tried again and again at the same moment as others: leave it
                result.failed.append((list(group), str(exc)))
                continue
            except MasterBusy as exc:
                result.stopped = str(exc)
                break
            except Cancelled:
                result.stopped = "cancelled"
                break
            except KeyboardInterrupt:
                result.stopped = "interrupted"
                break
            except WorkbenchError as exc:  # merged or decided meanwhile: leave this group
                result.failed.append((list(group), str(exc)))
                continue
            result.event_ids.append(merged.event_id)
            result.merged_away += len(merged.merged_ids)
        else:
            done = total
    result.not_tried = total - done if result.stopped else 0
    if result.stopped is None:
        progress(total, total, f"Merged {len(result.event_ids):,} groups")
    return result


def unmerge_all(master: Master, event_ids: Sequence[int], *, reason: str | None = None,
                progress: Progress = NO_PROGRESS) -> list[int]:
    """Undo several merges, newest first; returns the events undone."""
    undone: list[int] = []
    ordered = sorted(event_ids, reverse=True)
    for done, event_id in enumerate(ordered):
        progress(done, len(ordered), f"Unmerging {done + 1:,} of {len(ordered):,}")
        master.write(lambda session, event_id=event_id: unmerge(session, event_id, reason=reason))
        undone.append(event_id)
    progress(len(ordered), len(ordered), f"Unmerged {len(undone):,} merges")
    return undone
