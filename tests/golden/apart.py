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

from .population import Person
from .systems import Copy


def national(e164: str) -> str:
    """A number's national digits, as a row may write them."""
    import phonenumbers

    return str(phonenumbers.parse(e164).national_number)


def _differ(left: str | None, right: str | None) -> bool:
    return bool(left) and bool(right) and left.lower() != right.lower()  # type: ignore[union-attr]


def rows_differ(one: tuple[Copy, frozenset[str], str, Person], other: tuple[Copy, frozenset[str], str, Person]
                ) -> bool:
    """Whether two rows (each: what it holds, the fields its layout writes, its digits as read,
    its person) hold a field both have with values that differ. Names are compared as the two
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
