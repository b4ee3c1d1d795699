"""The review queue: candidate groups (a pair, or a cluster of pairs) ordered by score.

A group is a cluster (`cluster_id`) or, for a candidate without one, that candidate alone.
Grouping, filtering, ordering and paging all run in SQL, so the queue stays quick with
10^5 candidates; the page widget asks only for the rows it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from workbench.store.models import Customer, MatchCandidate, Source, SourceRecord

STATUSES = ("open", "deferred", "rejected", "merged")
STATUS_CHOICES = {"open": ("open",), "deferred": ("deferred",), "rejected": ("rejected",), "merged": ("merged",),
                  "all": STATUSES}
# Explanation levels that mean "these agree" or "nothing to compare"; any other level differs.
AGREE_LEVELS = ("exact", "equal", "same")
MISSING_LEVELS = ("missing", "null", "empty")
FIELD_LABELS = {"name": "Name", "first_name": "First name", "last_name": "Last name", "email": "E-mail",
                "phone": "Phone", "address": "Address", "postcode": "Postcode", "city": "City",
                "birth_date": "Birth date", "company": "Company", "street": "Street"}

GROUP_KEY = case((MatchCandidate.cluster_id.is_(None), -MatchCandidate.id), else_=MatchCandidate.cluster_id)


def outcome(entry: dict[str, Any]) -> str:
    """agree / differ / missing, for one explanation entry."""
    level = str(entry.get("level") or "").lower()
    if level in MISSING_LEVELS:
        return "missing"
    if level in AGREE_LEVELS:
        return "agree"
    weight = entry.get("weight")
    if level == "" and isinstance(weight, int | float):
        return "agree" if weight > 0 else ("missing" if weight == 0 else "differ")
    return "differ"


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def _differs_clause(dialect: str, name: str) -> ColumnElement[bool]:
    quiet = AGREE_LEVELS + MISSING_LEVELS
    if dialect == "postgresql":
        each = func.jsonb_array_elements(MatchCandidate.explanation).table_valued("value")
        return exists(select(literal(1)).select_from(each).where(
            each.c.value.op("->>")("field") == name,
            func.coalesce(each.c.value.op("->>")("level"), "").not_in(quiet)))
    each = func.json_each(MatchCandidate.explanation).table_valued("value")
    return exists(select(literal(1)).select_from(each).where(
        func.json_extract(each.c.value, "$.field") == name,
        func.coalesce(func.json_extract(each.c.value, "$.level"), "").not_in(quiet)))


def _source_clause(name: str) -> ColumnElement[bool]:
    return exists(select(SourceRecord.id).join(Source, Source.id == SourceRecord.source_id).where(
        Source.name == name,
        or_(SourceRecord.customer_id == MatchCandidate.customer_a_id,
            SourceRecord.customer_id == MatchCandidate.customer_b_id)))


def _any(clause: ColumnElement[bool]) -> ColumnElement[bool]:
    return func.max(case((clause, 1), else_=0)) == 1


@dataclass(frozen=True)
class ReviewFilter:
    status: str = "open"
    min_score: float | None = None
    max_score: float | None = None
    source: str | None = None
    differs: str | None = None  # an explanation field that must differ in some pair of the group

    @property
    def statuses(self) -> tuple[str, ...]:
        return STATUS_CHOICES.get(self.status, ("open",))

    def having(self, dialect: str) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = []
        if self.min_score is not None:
            clauses.append(func.max(MatchCandidate.score) >= self.min_score)
        if self.max_score is not None:
            clauses.append(func.max(MatchCandidate.score) <= self.max_score)
        if self.source:
            clauses.append(_any(_source_clause(self.source)))
        if self.differs:
            clauses.append(_any(_differs_clause(dialect, self.differs)))
        return clauses


@dataclass(frozen=True)
class GroupKey:
    key: int
    score: float
    pairs: int


@dataclass
class CandidateInfo:
    id: int
    customer_a_id: int
    customer_b_id: int
    score: float
    status: str
    explanation: list[dict[str, Any]]
    decided_by: str | None = None


@dataclass
class Group:
    key: int
    score: float
    candidates: list[CandidateInfo]
    customer_ids: list[int]
    names: dict[int, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    differs: list[str] = field(default_factory=list)

    @property
    def candidate_ids(self) -> list[int]:
        return [c.id for c in self.candidates]

    @property
    def status(self) -> str:
        statuses = {c.status for c in self.candidates}
        return statuses.pop() if len(statuses) == 1 else "mixed"


class ReviewQueue:
    """The groups a filter selects, best first; `skipped` groups (this session) go last."""

    def __init__(self, review_filter: ReviewFilter | None = None, skipped: frozenset[int] = frozenset()) -> None:
        self.filter = review_filter or ReviewFilter()
        self.skipped = skipped

    def _grouped(self, session: Session):
        dialect = session.get_bind().dialect.name
        statement = (select(GROUP_KEY.label("key"), func.max(MatchCandidate.score).label("score"),
                            func.count(MatchCandidate.id).label("pairs"))
                     .where(MatchCandidate.status.in_(self.filter.statuses))
                     .group_by(GROUP_KEY))
        having = self.filter.having(dialect)
        if having:
            statement = statement.having(and_(*having))
        return statement

    def count(self, session: Session) -> int:
        return session.scalar(select(func.count()).select_from(self._grouped(session).subquery())) or 0

    def keys(self, session: Session, offset: int, limit: int) -> list[GroupKey]:
        grouped = self._grouped(session).subquery()
        order: list[Any] = []
        if self.skipped:
            order.append(case((grouped.c.key.in_(sorted(self.skipped)), 1), else_=0))
        order += [grouped.c.score.desc(), grouped.c.key]
        rows = session.execute(select(grouped.c.key, grouped.c.score, grouped.c.pairs)
                               .order_by(*order).offset(offset).limit(limit))
        return [GroupKey(int(k), float(s), int(p)) for k, s, p in rows]

    def position(self, session: Session, key: int) -> int | None:
        """Where group `key` stands in the queue (0-based), or None when the filter leaves it out."""
        grouped = self._grouped(session).subquery()
        target = session.execute(select(grouped.c.score).where(grouped.c.key == key)).first()
        if target is None:
            return None
        score = target[0]
        skipped = sorted(self.skipped)

        def late(column):
            return case((column.in_(skipped), 1), else_=0) if skipped else literal(0)

        mine = 1 if key in self.skipped else 0
        before = or_(late(grouped.c.key) < mine,
                     and_(late(grouped.c.key) == mine,
                          or_(grouped.c.score > score, and_(grouped.c.score == score, grouped.c.key < key))))
        return session.scalar(select(func.count()).select_from(grouped).where(before)) or 0

    def groups(self, session: Session, keys: Sequence[GroupKey]) -> list[Group]:
        return load_groups(session, keys, self.filter.statuses)


def load_groups(session: Session, keys: Sequence[GroupKey], statuses: Sequence[str]) -> list[Group]:
    """The candidates, customers, names and sources of some groups, in a few queries."""
    if not keys:
        return []
    wanted = [k.key for k in keys]
    rows = session.execute(
        select(GROUP_KEY, MatchCandidate.id, MatchCandidate.customer_a_id, MatchCandidate.customer_b_id,
               MatchCandidate.score, MatchCandidate.status, MatchCandidate.explanation, MatchCandidate.decided_by)
        .where(GROUP_KEY.in_(wanted), MatchCandidate.status.in_(list(statuses)))
        .order_by(MatchCandidate.score.desc(), MatchCandidate.id))
    by_key: dict[int, list[CandidateInfo]] = {}
    for key, *values in rows:
        by_key.setdefault(int(key), []).append(CandidateInfo(*values[:5], list(values[5] or []), values[6]))
    customer_ids = sorted({i for cands in by_key.values() for c in cands for i in (c.customer_a_id, c.customer_b_id)})
    names: dict[int, str] = {}
    if customer_ids:
        rows = session.execute(select(Customer.id, Customer.display_name).where(Customer.id.in_(customer_ids)))
        names = {customer_id: name for customer_id, name in rows}
    sources: dict[int, set[str]] = {}
    if customer_ids:
        for customer_id, source in session.execute(
                select(SourceRecord.customer_id, Source.name).join(Source, Source.id == SourceRecord.source_id)
                .where(SourceRecord.customer_id.in_(customer_ids)).distinct()):
            sources.setdefault(customer_id, set()).add(source)
    groups = []
    for key in keys:
        candidates = by_key.get(key.key, [])
        members = sorted({i for c in candidates for i in (c.customer_a_id, c.customer_b_id)})
        differs: list[str] = []
        for candidate in candidates:
            for entry in candidate.explanation:
                name = str(entry.get("field") or "")
                if name and outcome(entry) == "differ" and name not in differs:
                    differs.append(name)
        groups.append(Group(key.key, key.score, candidates, members, {i: names.get(i, "") for i in members},
                            sorted({s for i in members for s in sources.get(i, ())}), differs))
    return groups


def load_group(session: Session, key: int, statuses: Sequence[str]) -> Group | None:
    groups = load_groups(session, [GroupKey(key, 0.0, 0)], statuses)
    if not groups or not groups[0].candidates:
        return None
    group = groups[0]
    group.score = max(c.score for c in group.candidates)
    return group


def explanation_fields(session: Session) -> list[str]:
    """The fields matching explained candidates by, for the "differs in" filter."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        each = func.jsonb_array_elements(MatchCandidate.explanation).table_valued("value")
        name = each.c.value.op("->>")("field")
    else:
        each = func.json_each(MatchCandidate.explanation).table_valued("value")
        name = func.json_extract(each.c.value, "$.field")
    statement = (select(name).select_from(MatchCandidate).join(each, literal(True))
                 .where(MatchCandidate.status.in_(("open", "deferred"))).distinct())
    return sorted(str(n) for n in session.scalars(statement) if n)


def sources(session: Session) -> list[str]:
    return list(session.scalars(select(Source.name).order_by(Source.name)))


def left_to_review(session: Session) -> int:
    """Open groups, whatever the filters show."""
    return ReviewQueue(ReviewFilter("open")).count(session)
