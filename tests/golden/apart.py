"""Whether the rows that put two planted people in one golden record could have told them apart.

A planted pair merged is not always a matching rule to mend. The generator plants namesakes in
one postcode and a son at his father's address with his father's landline and nothing of his own;
a row of the son with his name and address, or a row of a Marie Martin with her name and
'75011 Paris' where another Marie Martin lives, holds nothing the other person does not hold too.
No matcher can tell whose such a row is. The report counts those pairs apart from the ones where
every row of either person holds something the other has not: a merge of those is a mistake.

A row tells itself apart from another person when a field it holds (and its layout writes) has a
value that differs from every value that person has for it: the names, an e-mail address, a phone
number as the row writes it, the address (each part the layout writes), the birth date, the
company, a middle name or a generation suffix.
"""

from __future__ import annotations

from collections.abc import Iterable

from .population import Person
from .systems import Copy


def national(e164: str) -> str:
    """A number's national digits, as a row may write them."""
    import phonenumbers

    return str(phonenumbers.parse(e164).national_number)


def _differs(value: str | None, others: Iterable[str | None]) -> bool:
    known = {o.lower() for o in others if o}
    return bool(value) and bool(known) and value.lower() not in known


def tells_apart(copy: Copy, carries: frozenset[str], digits: str, person: Person, other: Person) -> bool:
    """Whether the row `copy` of `person`, as its layout writes it (`digits`: the row's digits as
    read), holds a value that `other` does not have. Names are compared as the two people's own,
    so that a typo or a short form in the row does not count as a difference."""
    if "first_name" in carries and copy.first and person.first.lower() != other.first.lower():
        return True
    forms = {n.lower() for n in (person.last, person.maiden) if n}
    last = copy.last if copy.last and copy.last.lower() in forms else person.last
    if "last_name" in carries and copy.last and _differs(last, (other.last, other.maiden)):
        return True
    if "email" in carries and _differs(copy.email, (other.email, other.email2, other.old_email)):
        return True
    numbers = [n for n in copy.numbers() if national(n) in digits]
    others = {n for n in (other.mobile, other.landline, other.work_phone) if n}
    if others and any(n not in others for n in numbers):
        return True
    if "birth_date" in carries and copy.birth and other.birth and copy.birth != other.birth:
        return True
    if "company" in carries and _differs(copy.company, (other.company,)):
        return True
    if "middle_name" in carries and _differs(copy.middle, (other.middle,)):
        return True
    if "suffix" in carries and copy.suffix and (copy.suffix or "").lower() != (other.suffix or "").lower():
        return True
    if copy.address is not None:
        parts = [p for p in ("street", "postcode", "city") if p in carries]
        places = [a for a in (other.address, other.old_address) if a is not None]
        if parts and places and all(
                any(getattr(copy.address, p).lower() != getattr(place, p).lower() for p in parts)
                for place in places):
            return True
    return False
