"""The review figures every screen shows, from one definition, so no two pages contradict each other.

- a **group** is what the steward decides on at once: a cluster of candidates, or a pair that
  belongs to no cluster; a group is open when it has an open candidate (the Duplicates queue);
- **customers in groups** are the distinct customers of the open candidates;
- **pairs** are the open candidates themselves (what matching compares and scores).

The status bar, the Duplicates page, the Matching page and Data quality all read these.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from workbench.stewardship.queue import left_to_review
from workbench.store.models import MatchCandidate


@dataclass(frozen=True)
class ReviewCounts:
    groups: int = 0
    customers: int = 0
    pairs: int = 0

    @property
    def groups_text(self) -> str:
        return f"{self.groups:,} group{'s' if self.groups != 1 else ''} to review"

    @property
    def customers_text(self) -> str:
        return f"{self.customers:,} customer{'s' if self.customers != 1 else ''}"

    def text(self) -> str:
        """'158 groups to review (412 customers)'."""
        if not self.groups:
            return "no duplicates to review"
        return f"{self.groups_text} ({self.customers_text})"


def review_counts(session: Session) -> ReviewCounts:
    is_open = MatchCandidate.status == "open"
    pairs = session.scalar(select(func.count(MatchCandidate.id)).where(is_open)) or 0
    if not pairs:
        return ReviewCounts()
    involved = union(select(MatchCandidate.customer_a_id.label("cid")).where(is_open),
                     select(MatchCandidate.customer_b_id.label("cid")).where(is_open)).subquery()
    customers = session.scalar(select(func.count()).select_from(involved)) or 0
    return ReviewCounts(left_to_review(session), customers, pairs)
