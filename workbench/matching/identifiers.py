"""Custom attributes that identify a person, found in the data so nobody has to name them.

An imported column kept as a custom attribute (a customer number from the shop, a membership
or social security number) is often the best evidence there is, and a steward seldom thinks of
naming it in the match settings. An attribute takes part in matching as an identifier when it
looks like one:

- enough customers have it (at least `MIN_SHARE` of them, and `MIN_HOLDERS`);
- its values look like codes: letters and digits, at least four, not amounts or dates, and
  the attribute is not defined as a number, a date, a choice, an e-mail, a phone or a link;
- it is nearly unique per customer: almost every value is held by a handful of records at most
  (a person's duplicates), never by crowds (a tier, a branch, a default value);
- records sharing a value are mostly one person by their names: their first names and
  surnames do not clearly differ. This keeps out numbers a household or a company shares
  (an account number of a family), which would otherwise lift the household rule.

How much agreeing or differing counts is then estimated like every other field (`model.py`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from workbench.matching.comparisons import FIRST_NAME, LAST_NAME
from workbench.matching.normalize import identifier_key, person_name
from workbench.matching.settings import MatchSettings
from workbench.store.models import AttributeDefinition, Customer

MIN_HOLDERS = 20
MIN_SHARE = 0.05  # of the active customers
CODE_SHARE = 0.9  # of the values that must look like codes
MAX_PER_VALUE = 10  # customers a personal value may reasonably be held by (one person's duplicates)
UNIQUE_SHARE = 0.95  # of holders whose value is held by at most MAX_PER_VALUE customers
# Of pairs sharing a value, those whose names do not clearly differ: "mostly one person". Typing
# errors and replaced names make even true duplicates differ at times (Febrl 3: one pair in
# four), while the members of a household sharing an account number nearly always differ.
SAME_PERSON_SHARE = 0.5
MIN_SHARED_PAIRS = 5
SAMPLE_PAIRS = 5_000
SAMPLE_VALUES = 2_000
MAX_ROWS = 200_000  # customers with attributes read for the decision (a sample of a larger master)

NOT_IDENTIFIER_TYPES = frozenset({"number", "date", "yes/no", "choice", "multi-choice", "email", "phone", "url",
                                  "bool", "boolean", "multi_choice"})
_AMOUNT = re.compile(r"^\s*[-+]?\d{1,3}(?:[.,\s']?\d{3})*[.,]\d{1,2}\s*$")
_DATE = re.compile(r"^\s*\d{1,4}[-./]\d{1,2}[-./]\d{1,4}")


def looks_like_code(value: Any) -> bool:
    if isinstance(value, bool | float | dict | list) or value is None:
        return False
    text = str(value)
    key = identifier_key(text)
    return len(key) >= 4 and any(c.isdigit() for c in key) and not _AMOUNT.match(text) and not _DATE.match(text)


def effective_settings(session: Session, settings: MatchSettings) -> MatchSettings:
    """The settings a run uses: the identifying attributes named, and those found in the data."""
    if not settings.detect_identifiers:
        return settings
    found = [name for name in detect_identifiers(session) if name not in settings.identifier_attributes]
    return replace(settings, identifier_attributes=(*settings.identifier_attributes, *found)) if found else settings


def detect_identifiers(session: Session) -> tuple[str, ...]:
    """Names of the custom attributes that look like personal identifiers, sorted."""
    active = Customer.merged_into_id.is_(None)
    rows = session.execute(
        select(Customer.attributes, Customer.first_name, Customer.last_name)
        .where(active, cast(Customer.attributes, String).notin_(["{}", "null"]))
        .order_by(Customer.id).limit(MAX_ROWS)).all()
    if not rows:
        return ()
    customers = session.scalar(select(func.count()).select_from(Customer).where(active)) or 0
    excluded = {name for name, kind in session.execute(select(AttributeDefinition.name, AttributeDefinition.type))
                if (kind or "text").lower() in NOT_IDENTIFIER_TYPES}
    scale = min(1.0, len(rows) / max(customers, 1)) if len(rows) >= MAX_ROWS else 1.0
    names = [(first, last) for _, first, last in rows]
    by_key: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    for index, (attributes, _, _) in enumerate(rows):
        if isinstance(attributes, dict):
            for key, value in attributes.items():
                if key not in excluded and value not in (None, ""):
                    by_key[key].append((index, value))
    found = [key for key, held in by_key.items()
             if len(held) >= max(MIN_HOLDERS, MIN_SHARE * customers * scale) and _is_identifier(held, names)]
    return tuple(sorted(found))


def _is_identifier(held: list[tuple[int, Any]], names: list[tuple[str | None, str | None]]) -> bool:
    # A first look at a sample turns most attributes away cheaply (a tier, a count, a note).
    sample = held[:: max(1, len(held) // SAMPLE_VALUES)]
    if sum(looks_like_code(value) for _, value in sample) < CODE_SHARE * len(sample):
        return False
    if len({identifier_key(value) for _, value in sample}) < len(sample) / 5:
        return False  # a personal value repeats only within one person's few records
    if sum(looks_like_code(value) for _, value in held) < CODE_SHARE * len(held):
        return False
    owners: dict[str, list[int]] = defaultdict(list)
    for index, value in held:
        owners[identifier_key(value)].append(index)
    sizes = Counter({value: len(members) for value, members in owners.items()})
    if sum(size for size in sizes.values() if size <= MAX_PER_VALUE) < UNIQUE_SHARE * len(held):
        return False
    pairs = list(_shared_pairs(members for members in owners.values() if 2 <= len(members) <= MAX_PER_VALUE))
    if len(pairs) < MIN_SHARED_PAIRS:
        return False  # no duplicates share it (yet): nothing to learn from
    same = sum(not _names_differ(names[a], names[b]) for a, b in pairs)
    return same >= SAME_PERSON_SHARE * len(pairs)


def _shared_pairs(groups: Iterable[list[int]]) -> Iterable[tuple[int, int]]:
    count = 0
    for members in groups:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                yield a, b
                count += 1
                if count >= SAMPLE_PAIRS:
                    return


def _names_differ(left: tuple[str | None, str | None], right: tuple[str | None, str | None]) -> bool:
    """First names that conflict (another name), or surnames with nothing in common; read either
    way round, as matching does."""
    a, b = person_name(left[0], None, left[1], None), person_name(right[0], None, right[1], None)
    return _differ(a.first, a.last, b.first, b.last) and _differ(a.first, a.last, b.last, b.first)


def _differ(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    if first_a and first_b and FIRST_NAME.levels[FIRST_NAME.compare(first_a, first_b)].conflict:
        return True
    return bool(last_a and last_b and LAST_NAME.compare(last_a, last_b) == LAST_NAME.different)
