"""A golden record's name: taken whole from one record, completed from the records whose names
agree with it, and its parts put where they belong (salutations in the title, generations in
the suffix, a middle name that other records keep apart in the middle name)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rapidfuzz.distance import OSA

from workbench.matching.normalize import known_given_name, name_key, short_form_of
from workbench.standardize.names import salutations
from workbench.stewardship.golden_fields import (
    GENERATIONS,
    NAME_PARTS,
    PLAIN_SALUTATIONS,
    collapsed,
    less_complete,
    tie_break_order,
    value_is_valid,
)
from workbench.stewardship.records import RecordData
from workbench.text import fold


def full_name(record: RecordData) -> str:
    return " ".join(str(record.values[p]) for p in NAME_PARTS if record.values.get(p))


def _name_parts_agree(x: Any, y: Any) -> bool:
    if not x or not y:
        return True
    x, y = str(x), str(y)
    return collapsed(x) == collapsed(y) or less_complete(x, y) or less_complete(y, x) or \
        less_complete(x, y, names=True) or less_complete(y, x, names=True)


def _names_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Could both name the same person: last names the same, first names the same or one an initial."""
    if not (a.get("last_name") or a.get("first_name")) or not (b.get("last_name") or b.get("first_name")):
        return True
    return _name_parts_agree(a.get("last_name"), b.get("last_name")) and \
        _name_parts_agree(a.get("first_name"), b.get("first_name"))


def _names_near(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same person spelt differently or renamed: the first or the last name agrees (a typo
    "Brwon" in one, a married name in the other)."""
    return any(a.get(p) and b.get(p) and _name_parts_agree(a.get(p), b.get(p))
               for p in ("first_name", "last_name"))


def lesser_name(name: str, other: str) -> bool:
    """Is whole name `name` `other` with one word written as less than it is: a nickname of the
    full name ('Pepe Gómez' for 'José Gómez'), or a slip of a given name that is none itself
    ('Andrreas Huber' for 'Andreas Huber')? The golden record keeps the full, well-spelt name."""
    mine, theirs = collapsed(name).split(), collapsed(other).split()
    if len(mine) != len(theirs):
        return False
    differ = [(a, b) for a, b in zip(mine, theirs, strict=True) if a != b]
    if len(differ) != 1:
        return False
    word, full = differ[0]
    if short_form_of(word, full):
        return True
    return (min(len(word), len(full)) >= 4 and OSA.distance(word, full) == 1 and known_given_name(name_key(full))
            and not known_given_name(name_key(word)))


def usual_split(chosen: int, records: Sequence[RecordData]) -> int:
    """Of the records writing the chosen name word for word, the one whose split into first, middle
    and last name most records share: a full-name cell split by guess ("Carlos | Pérez | Moreno")
    gives way to the lists that keep the name in its own columns ("Carlos | Pérez Moreno"). On a
    tie, a split without a middle name: a list with its own middle-name column would have said."""
    by_id = {r.id: r for r in records}
    key = collapsed(full_name(by_id[chosen]))
    same = [r for r in tie_break_order(records) if collapsed(full_name(r)) == key]

    def split(r: RecordData) -> tuple[str, ...]:
        return tuple(collapsed(str(r.values.get(p) or "")) for p in ("first_name", "middle_name", "last_name"))
    votes: dict[tuple[str, ...], int] = {}
    for r in same:
        votes[split(r)] = votes.get(split(r), 0) + max(1, len(r.origins))
    if len(votes) < 2:
        return chosen
    most = max(votes.values())
    best = [r for r in same if votes[split(r)] == most]
    best.sort(key=lambda r: (bool(r.values.get("middle_name")), r.id != chosen))
    return best[0].id


def _words_of(parts: dict[str, Any]) -> set[str]:
    return {w for p in NAME_PARTS for w in collapsed(str(parts.get(p) or "")).replace("-", " ").split()}


def complete_name(parts: dict[str, Any], sources: dict[str, int], donors: list[RecordData],
                   fixed: set[str]) -> None:
    """Fill the parts the chosen name lacks, and replace abbreviated ones, from records whose
    names agree with it; `sources` records where each part came from."""
    for donor in donors:
        theirs = {p: donor.values.get(p) for p in NAME_PARTS}
        # A salutation is the person's however the rest of the name is spelt ("Ms." beside a typo
        # "Brwon"), as long as one part of the name agrees; the other parts only from names that agree.
        parts_to_take = NAME_PARTS if _names_agree(parts, theirs) else \
            ("title",) if _names_near(parts, theirs) else ()
        for part in parts_to_take:
            if part in fixed:
                continue
            value = theirs.get(part)
            if not value or not value_is_valid(part, value):
                continue
            mine = parts.get(part)
            fuller = bool(mine) and less_complete(str(mine), str(value))
            # A part the name lacks, unless its words are in the name already ("Lefevre" of "Lefèvre-Desjardins").
            missing = not mine and not set(collapsed(str(value)).replace("-", " ").split()) <= _words_of(parts)
            if fuller or missing:
                parts[part], sources[part] = value, donor.id


def tidy_name(parts: dict[str, Any], records: Sequence[RecordData], fixed: set[str]) -> None:
    """Salutations into the title, generations into the suffix, middle names out of the first name."""
    def words(part: str) -> list[str]:
        return str(parts.get(part) or "").split()

    first = words("first_name")
    if "first_name" not in fixed and "title" not in fixed and len(first) > 1:
        head = fold(first[0]).strip(".")
        if head in PLAIN_SALUTATIONS or (head in salutations() and first[0].endswith(".")):
            title = parts.get("title")
            if not title or collapsed(str(title)) == collapsed(first[0]):
                parts["title"], parts["first_name"] = title or first[0], " ".join(first[1:])
    for part in ("last_name", "first_name"):
        found = words(part)
        if part in fixed or "suffix" in fixed or len(found) < 2:
            continue
        tail = fold(found[-1]).strip(".,")
        suffix = parts.get("suffix")
        if tail in GENERATIONS and (not suffix or collapsed(str(suffix)) == collapsed(found[-1])):
            parts["suffix"], parts[part] = suffix or found[-1].lstrip(","), " ".join(found[:-1]).rstrip(",")
            break
    first = words("first_name")
    if "first_name" in fixed or "middle_name" in fixed or len(first) < 2:
        return
    rest = " ".join(first[1:])
    middle = parts.get("middle_name")
    if middle and collapsed(str(middle)) == collapsed(rest):  # "Anna Maria" with "Maria" as middle name
        parts["first_name"] = first[0]
        return
    if middle:
        return
    # Split only where another record keeps them apart: "Anna Maria" may be one first name.
    evidence = any(collapsed(str(r.values.get("first_name") or "")) == collapsed(first[0])
                   or collapsed(str(r.values.get("middle_name") or "")) == collapsed(rest) for r in records)
    if evidence:
        parts["first_name"], parts["middle_name"] = first[0], rest
