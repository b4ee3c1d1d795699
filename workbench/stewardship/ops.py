"""The steward's changes as undoable operations (see workbench/operations.py).

Each `apply` runs the core function in the caller's transaction and returns the operation
that reverses it: a merge's inverse is its unmerge, an unmerge's inverse merges the same
customers the same way again, a verdict's inverse restores the candidates it changed.
The core functions write their own audit entries, so `audit_entries` has nothing to add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from workbench.operations import CANDIDATES, CUSTOMERS, Outcome
from workbench.stewardship import decisions, survivorship
from workbench.stewardship.images import Image
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.unmerge import unmerge
from workbench.store import audit
from workbench.store.models import format_master_number

CHANGED = {CUSTOMERS, CANDIDATES}


def _names(ids: list[int]) -> str:
    numbers = [format_master_number(i) for i in sorted(ids)]
    return numbers[0] if len(numbers) == 1 else f"{numbers[0]} and {len(numbers) - 1} more"


class _NoExtraAudit:
    def audit_entries(self) -> list[dict[str, Any]]:
        return []


@dataclass
class MergeOperation(_NoExtraAudit):
    request: MergeRequest
    label: str = ""

    def __post_init__(self) -> None:
        self.label = self.label or f"Merge {_names(self.request.customer_ids)}"

    def apply(self, session: Session) -> Outcome:
        result = merge_customers(session, self.request)
        return Outcome(UnmergeOperation(result.event_id, reason="undo", label=self.label), set(CHANGED),
                       {result.survivor_id, *result.merged_ids},
                       {"merge_event_id": result.event_id, "survivor_id": result.survivor_id})


@dataclass
class UnmergeOperation(_NoExtraAudit):
    event_id: int
    reason: str | None = None
    label: str = ""

    def __post_init__(self) -> None:
        self.label = self.label or f"Unmerge merge {self.event_id}"

    def apply(self, session: Session) -> Outcome:
        result = unmerge(session, self.event_id, reason=self.reason)
        return Outcome(MergeOperation(result.request, label=self.label), set(CHANGED),
                       {result.survivor_id, *result.restored_ids},
                       {"merge_event_id": result.event_id, "kept": result.kept})


@dataclass
class DecideOperation(_NoExtraAudit):
    """Not a duplicate, or defer, for the candidates of one group."""

    candidate_ids: list[int]
    verdict: str  # not_duplicate / deferred
    label: str = ""

    def __post_init__(self) -> None:
        self.label = self.label or ("Not a duplicate" if self.verdict == "not_duplicate" else "Defer")

    def apply(self, session: Session) -> Outcome:
        result = decisions.decide(session, self.candidate_ids, self.verdict)
        return Outcome(RestoreCandidatesOperation(result.candidate_images, result.decision_ids, self, self.label),
                       {CANDIDATES}, result.customer_ids)


@dataclass
class SplitOperation(_NoExtraAudit):
    """Take one customer out of a cluster."""

    customer_id: int
    others: list[int]
    label: str = ""

    def __post_init__(self) -> None:
        self.label = self.label or f"Take {format_master_number(self.customer_id)} out"

    def apply(self, session: Session) -> Outcome:
        result = decisions.split(session, self.customer_id, self.others)
        return Outcome(RestoreCandidatesOperation(result.candidate_images, result.decision_ids, self, self.label),
                       {CANDIDATES}, result.customer_ids)


@dataclass
class RestoreCandidatesOperation(_NoExtraAudit):
    candidate_images: list[Image]
    decision_ids: list[int]
    redo: Any  # the verdict this undoes, applied again on redo
    label: str = ""

    def apply(self, session: Session) -> Outcome:
        customer_ids = decisions.undo_decision(session, self.candidate_images, self.decision_ids)
        return Outcome(self.redo, {CANDIDATES}, customer_ids)


@dataclass
class SurvivorshipOperation:
    """New survivorship rules and source trust ranks."""

    settings: survivorship.SurvivorshipSettings
    trust: dict[str, int] = field(default_factory=dict)
    label: str = "Change survivorship rules"
    _entries: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def apply(self, session: Session) -> Outcome:
        old_settings = survivorship.load_settings(session)
        old_trust = survivorship.source_trust(session)
        survivorship.save_settings(session, self.settings)
        survivorship.set_source_trust(session, self.trust)
        self._entries = []
        if old_settings.to_json() != self.settings.to_json():
            self._entries.append({"action": "settings", "entity": "setting", "field": survivorship.SETTINGS_KEY,
                                  "old": old_settings.to_json(), "new": self.settings.to_json()})
        changed_trust = {k: v for k, v in self.trust.items() if old_trust.get(k) != v}
        if changed_trust:
            self._entries.append({"action": "settings", "entity": "source", "field": "trust_rank",
                                  "old": {k: old_trust.get(k) for k in changed_trust}, "new": changed_trust})
        inverse = SurvivorshipOperation(old_settings, {k: old_trust[k] for k in self.trust if k in old_trust},
                                        self.label)
        return Outcome(inverse, set())

    def audit_entries(self) -> list[dict[str, Any]]:
        return [{**entry, "actor": audit.current_actor()} for entry in self._entries]
