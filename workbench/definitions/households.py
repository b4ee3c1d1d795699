"""Household suggestions: people at the same address who share a surname, a landline or one e-mail account.

Addresses are compared by a folded key (street with abbreviations written out, house number,
postcode, country), one postcode at a time, so memory stays bounded on a large master. Two
records that look like the same person (the same first name, one of them mistyped, or a
shared e-mail address without two telling first names) are left to duplicate matching, not
suggested as a household; a couple whose first names are clearly two people's and who share
one household e-mail account is a household. A pair already related in any way, including a
dismissed suggestion, is never suggested again.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from workbench.definitions.defaults import HOUSEHOLD_KIND
from workbench.definitions.relationships import SUGGESTED
from workbench.errors import WorkbenchError
from workbench.paths import resource_path
from workbench.progress import NO_PROGRESS, Progress
from workbench.standardize.names import is_given_name
from workbench.store import audit
from workbench.store.models import (
    Address,
    Customer,
    CustomerRelationship,
    Email,
    MatchCandidate,
    Phone,
    RelationshipKind,
    format_master_number,
    utcnow,
)
from workbench.text import fold, words

MAX_HOUSEHOLD = 12
_DIGITS = re.compile(r"\d+")  # more people at one address is a business, a home or a missing flat number
SAME_SURNAME = "same address and surname"
SAME_LANDLINE = "same address and landline"
SHARED_EMAIL = "same address and one e-mail account"
BATCH = 1000


@lru_cache(maxsize=1)
def _street_words() -> list[tuple[str, str]]:
    """(written form, canonical form), longest first: 'straße', 'strasse', 'str' and 'straat' all → 'str'."""
    canonical: dict[str, str] = {}
    mapping: dict[str, str] = {}
    with resource_path("reference", "street_abbreviations.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            short, full = fold(row["abbreviation"]).rstrip("."), fold(row["full"])
            target = canonical.setdefault(full, short)
            mapping.setdefault(short, target)
            mapping.setdefault(full, target)
    return sorted(mapping.items(), key=lambda item: -len(item[0]))


@lru_cache(maxsize=65_536)
def _street_token(token: str) -> str:
    for written, target in _street_words():
        if token == written:
            return target
    for written, target in _street_words():
        # compounds: 'Hauptstraße', 'Hauptstr.', 'Dorpsstraat'
        if len(written) >= 3 and len(token) > len(written) and token.endswith(written):
            return token[: len(token) - len(written)] + target
    return token


def address_key(street: str | None, postcode: str | None, city: str | None, country: str | None) -> str | None:
    """'Hauptstr. 5' and 'Hauptstraße 5' in 10115 give the same key; no street, no key."""
    if not street:
        return None
    parts = [_street_token(token) for token in words(street)]
    place = (postcode or "").replace(" ", "").upper() or fold(city or "")
    if not place:
        return None
    return f"{''.join(parts)}|{place}|{country or ''}"


@dataclass
class _Member:
    id: int
    first: str
    last: str


@dataclass
class SuggestionCounts:
    addresses_shared: int = 0
    suggested: int = 0
    already_known: int = 0
    same_person: int = 0
    skipped_large: int = 0
    pairs: list[tuple[int, int, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items() if k != "pairs"}


def household_kind_id(session: Session) -> int:
    kind_id = session.scalar(select(RelationshipKind.id).where(RelationshipKind.name == HOUSEHOLD_KIND))
    if kind_id is None:
        kind_id = session.scalar(select(RelationshipKind.id).where(RelationshipKind.name.ilike("%household%"))
                                 .order_by(RelationshipKind.position))
    if kind_id is None:
        raise WorkbenchError("there is no relationship kind for households; add one called "
                             f"{HOUSEHOLD_KIND!r} under Definitions → Relationship kinds")
    return kind_id


@lru_cache(maxsize=200_000)
def _name(text: str | None) -> str:
    return " ".join(words(text or ""))


def _groups(session: Session, progress: Progress) -> Iterator[list[_Member]]:
    """People sharing one address key, one postcode (or city) at a time."""
    total = session.scalar(select(func.count(Address.id)).where(Address.is_primary.is_(True))) or 0
    statement = (select(Customer.id, Customer.first_name, Customer.last_name, Address.street, Address.postcode,
                        Address.city, Address.country)
                 .join(Address, (Address.customer_id == Customer.id) & Address.is_primary.is_(True))
                 .where(Customer.merged_into_id.is_(None), Customer.kind == "person", Address.street.isnot(None))
                 .order_by(func.coalesce(Address.postcode, ""), func.coalesce(Address.city, ""))
                 .execution_options(yield_per=BATCH))
    current_place: tuple[str, str] | None = None
    # Within one postcode, people are first bucketed by the digits of their street line (the house number),
    # which is cheap; only the rare bucket of two or more needs the full, folded address key.
    buckets: dict[str, list[tuple]] = {}

    def households() -> Iterator[list[_Member]]:
        for rows in buckets.values():
            if len(rows) < 2:
                continue
            by_key: dict[str, list[_Member]] = {}
            for cid, first, last, street, postcode, city, country in rows:
                key = address_key(street, postcode, city, country)
                if key:
                    by_key.setdefault(key, []).append(_Member(cid, _name(first), _name(last)))
            yield from (members for members in by_key.values() if len(members) > 1)

    for done, row in enumerate(session.execute(statement), 1):
        if done % BATCH == 0:
            progress(done, total, "Looking for households")
        place = (row[4] or "", row[5] or "")
        if place != current_place:
            yield from households()
            buckets, current_place = {}, place
        buckets.setdefault("".join(_DIGITS.findall(row[3])), []).append(tuple(row))
    yield from households()


def _same_first_name(a: _Member, b: _Member) -> bool:
    if not a.first or not b.first:
        return False
    if a.first == b.first:
        return True
    first_a, first_b = a.first.split()[0], b.first.split()[0]
    if (len(first_a) == 1 and first_b.startswith(first_a)) or (len(first_b) == 1 and first_a.startswith(first_b)):
        return True
    return typo_of(first_a, first_b)


def _clearly_two_people(a: _Member, b: _Member) -> bool:
    """Both first names given, and each a common given name: Anna and Jonas are two people."""
    if not a.first or not b.first:
        return False
    return is_given_name(a.first.split()[0]) and is_given_name(b.first.split()[0])


def typo_of(a: str, b: str) -> bool:
    """Whether two folded first names are one name mistyped ('aurelia', 'aurekia'), not two people's.

    A slip is one letter wrong, missing or extra, or two neighbours swapped, inside a name of at least
    four letters; its first and last letters (Anna / Hanna, Jan / Jana, Maria / Mario, Christian /
    Christina) stay. Two common given names a letter apart (Marta, Maria) are two names.
    """
    if a == b or min(len(a), len(b)) < 4 or (is_given_name(a) and is_given_name(b)):
        return False
    if a[0] != b[0] or a[-1] != b[-1]:
        return False
    if len(a) == len(b):
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(differ) == 1:
            return True
        return len(differ) == 2 and differ[1] == differ[0] + 1 and (a[differ[0]], a[differ[1]]) == \
            (b[differ[1]], b[differ[0]])
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(1, len(long) - 1))


# The helpers below read whole (narrow) tables once and keep what concerns the people at shared
# addresses: far cheaper than thousands of IN (…) queries on a large master.

def _landlines(session: Session, ids: set[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    rows = session.execute(select(Phone.customer_id, Phone.e164).where(
        Phone.kind != "mobile", Phone.e164.isnot(None), Phone.is_valid.is_(True)).execution_options(yield_per=BATCH))
    for cid, e164 in rows:
        if cid in ids:
            out.setdefault(cid, set()).add(e164)
    return out


def _emails(session: Session, ids: set[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for cid, normalized in session.execute(select(Email.customer_id, Email.normalized)
                                           .execution_options(yield_per=BATCH)):
        if cid in ids:
            out.setdefault(cid, set()).add(normalized)
    return out


def _known_pairs(session: Session, ids: set[int]) -> set[tuple[int, int]]:
    """Pairs already related (any kind, any state) or waiting as possible duplicates."""
    known: set[tuple[int, int]] = set()
    for a, b in session.execute(select(CustomerRelationship.from_customer_id, CustomerRelationship.to_customer_id)
                                .execution_options(yield_per=BATCH)):
        if a in ids and b in ids:
            known.add((min(a, b), max(a, b)))
    for a, b in session.execute(select(MatchCandidate.customer_a_id, MatchCandidate.customer_b_id)
                                .where(MatchCandidate.status == "open").execution_options(yield_per=BATCH)):
        if a in ids and b in ids:
            known.add((a, b))
    return known


def suggest_households(session: Session, *, progress: Progress = NO_PROGRESS) -> SuggestionCounts:
    """Find new household suggestions and store them (state "suggested"); runs in the caller's transaction."""
    kind_id = household_kind_id(session)
    counts = SuggestionCounts()
    groups = []
    for members in _groups(session, progress):
        if len(members) > MAX_HOUSEHOLD:
            counts.skipped_large += 1
            continue
        groups.append(members)
    counts.addresses_shared = len(groups) + counts.skipped_large
    ids = {m.id for members in groups for m in members}
    landlines, emails, known = _landlines(session, ids), _emails(session, ids), _known_pairs(session, ids)
    now = utcnow()
    for members in groups:
        for a, b in combinations(sorted(members, key=lambda m: m.id), 2):
            if _same_first_name(a, b):
                counts.same_person += 1
                continue
            shared_account = bool(emails.get(a.id, set()) & emails.get(b.id, set()))
            if shared_account and not _clearly_two_people(a, b):
                counts.same_person += 1  # one e-mail and no telling the names apart: left to matching
                continue
            if shared_account:
                reason = SHARED_EMAIL  # a couple's one household account: two people, one mailbox
            elif a.last and a.last == b.last:
                reason = SAME_SURNAME
            elif landlines.get(a.id, set()) & landlines.get(b.id, set()):
                reason = SAME_LANDLINE
            else:
                continue
            if (a.id, b.id) in known:
                counts.already_known += 1
                continue
            known.add((a.id, b.id))
            session.add(CustomerRelationship(kind_id=kind_id, from_customer_id=a.id, to_customer_id=b.id,
                                             state=SUGGESTED, origin="household", note=reason, created_at=now))
            counts.suggested += 1
            counts.pairs.append((a.id, b.id, reason))
    session.flush()
    audit.log(session, "suggest_households", "relationship", details=counts.as_dict())
    progress(1, 1, f"{counts.suggested:,} household suggestions")
    return counts


# ---------------------------------------------------------------------- the suggestions list


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    a_id: int
    a_name: str
    b_id: int
    b_name: str
    address: str
    reason: str

    @property
    def a_number(self) -> str:
        return format_master_number(self.a_id)

    @property
    def b_number(self) -> str:
        return format_master_number(self.b_id)


def suggestion_count(session: Session) -> int:
    return session.scalar(select(func.count(CustomerRelationship.id))
                          .where(CustomerRelationship.state == SUGGESTED)) or 0


def suggestions(session: Session, offset: int = 0, limit: int = 200) -> list[SuggestionRow]:
    a, b = aliased(Customer), aliased(Customer)
    rows = session.execute(
        select(CustomerRelationship.id, a.id, a.display_name, b.id, b.display_name, CustomerRelationship.note)
        .join(a, a.id == CustomerRelationship.from_customer_id).join(b, b.id == CustomerRelationship.to_customer_id)
        .where(CustomerRelationship.state == SUGGESTED)
        .order_by(CustomerRelationship.id).offset(offset).limit(limit)).all()
    addresses = {}
    ids = [r[1] for r in rows]
    if ids:
        for address in session.scalars(select(Address).where(Address.customer_id.in_(ids),
                                                             Address.is_primary.is_(True))):
            addresses[address.customer_id] = address.one_line()
    return [SuggestionRow(rid, aid, an or "(no name)", bid, bn or "(no name)", addresses.get(aid, ""), note or "")
            for rid, aid, an, bid, bn, note in rows]
