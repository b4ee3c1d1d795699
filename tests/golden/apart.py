"""Whether the rows that put two planted people in one golden record could have told them apart.

A planted pair merged is not always a matching rule to mend. The generator plants namesakes in
one postcode and a son at his father's address with his father's landline and nothing of his own;
a row of the son with his name and address, a row of a Marie Martin with her name and '75011
Paris' where another Marie Martin lives, or a till's row of a name and a mobile beside a mailing
list's row of the same name and an e-mail address, contradict nothing the other person's rows
hold. No matcher can tell from the rows that they are two people. The report counts those pairs
apart from the ones where a row of one and a row of the other in the record differ in a field
both hold: a merge of those is a mistake a matcher could have avoided.

Two rows differ when both hold (as their layouts write them) the names and the two people's
names differ, e-mail addresses that differ, numbers of one kind (mobile, landline, work) that
differ, birth dates that differ, street addresses that differ in a part both write, or companies,
middle names or generation suffixes that differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from .population import Person
from .systems import Copy

# A row as a golden record holds it: what it says, the fields its layout writes, its digits as
# read, whose it is.
Row = tuple[Copy, frozenset[str], str, Person]


def national(e164: str) -> str:
    """A number's national digits, as a row may write them."""
    import phonenumbers

    return str(phonenumbers.parse(e164).national_number)


def _differ(left: str | None, right: str | None) -> bool:
    return bool(left) and bool(right) and left.lower() != right.lower()  # type: ignore[union-attr]


def rows_differ(one: Row, other: Row) -> bool:
    """Whether two rows hold a field both have with values that differ. Names are compared as the two
    people's own, so that a typo or a short form in a row is no difference."""
    (a, carries_a, digits_a, person_a), (b, carries_b, digits_b, person_b) = one, other
    both = carries_a & carries_b
    if "first_name" in both and a.first and b.first and _differ(person_a.first, person_b.first):
        return True
    if "last_name" in both and a.last and b.last and _differ(a.last, b.last) \
            and _differ(person_a.last, person_b.last):
        return True
    if "email" in both and _differ(a.email, b.email):
        return True
    for kind in ("mobile", "landline", "work_phone"):
        left, right = getattr(a, kind), getattr(b, kind)
        if left and right and left != right and national(left) in digits_a and national(right) in digits_b:
            return True
    if "birth_date" in both and a.birth and b.birth and a.birth != b.birth:
        return True
    for name, value_a, value_b in (("company", a.company, b.company), ("middle_name", a.middle, b.middle),
                                   ("suffix", a.suffix, b.suffix)):
        if name in both and _differ(value_a, value_b):
            return True
    if a.address is not None and b.address is not None:
        parts = [p for p in ("street", "postcode", "city") if p in both]
        if any(_differ(getattr(a.address, p), getattr(b.address, p)) for p in parts):
            return True
    return False


def told_apart(a: int, b: int, records: Iterable[list[Row]]) -> bool:
    """Whether, in a golden record (its rows) holding both people, a row of one and a row of the
    other differ in a field both hold (`rows_differ`): then the rows said two people, and the merge
    is a mistake of matching. Otherwise nothing in the rows told them apart."""
    for rows in records:
        left = [row for row in rows if row[0].pid == a]
        right = [row for row in rows if row[0].pid == b]
        if any(rows_differ(x, y) for x in left for y in right):
            return True
    return False


def planted_pairs(people: dict[int, Person]) -> dict[tuple[int, int], str]:
    """The pairs of people put in to be kept apart: couples, namesakes, colleagues, parents and children."""
    out: dict[tuple[int, int], str] = {}
    for person in people.values():
        for kind, other in (("couple", person.partner), ("same name", person.namesake),
                            ("colleagues", person.colleague), ("parent and child", person.parent)):
            if other is not None and other in people:
                out[(min(person.pid, other), max(person.pid, other))] = kind
    # A common name is planted more than once (a set has a dozen Thomas Müllers): every two of them
    # are namesakes to be kept apart, not only the two drawn together.
    by_name: dict[tuple[str, str], list[int]] = {}
    for person in people.values():
        if person.namesake is not None:
            by_name.setdefault((person.first, person.last), []).append(person.pid)
    for pids in by_name.values():
        for i, a in enumerate(sorted(pids)):
            for b in sorted(pids)[i + 1:]:
                out.setdefault((a, b), "same name")
    return out
