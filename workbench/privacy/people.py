"""Finding the one person a privacy request is about, and every record that became them.

A request names a person by name, e-mail, phone number or master number. It must name exactly
one golden customer: no match and several matches are errors that say what was found, because
exporting or erasing the wrong person is worse than asking again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workbench.errors import WorkbenchError
from workbench.standardize.emails import standardize_email
from workbench.store import search
from workbench.store.models import Customer, Email, Phone, format_master_number
from workbench.store.queries import resolve_customer_id
from workbench.text import digits

SHOWN_MATCHES = 5
PHONE_LIKE = re.compile(r"[\d\s+()./-]{5,}")


@dataclass(frozen=True)
class Person:
    """A golden customer and the ids of every customer merged into it (itself first)."""

    id: int
    name: str
    ids: tuple[int, ...]

    @property
    def master_number(self) -> str:
        return format_master_number(self.id)


def cluster_ids(session: Session, root: int) -> list[int]:
    """`root` and every customer merged into it, directly or through another merge."""
    found = [root]
    frontier = [root]
    while frontier:
        frontier = [i for i in session.scalars(select(Customer.id).where(Customer.merged_into_id.in_(frontier)))
                    if i not in found]
        found.extend(frontier)
    return found


def person(session: Session, customer_id: int) -> Person:
    root = resolve_customer_id(session, customer_id)
    name = session.scalar(select(Customer.display_name).where(Customer.id == root))
    if name is None:
        raise WorkbenchError(f"{format_master_number(customer_id)}: no such customer")
    return Person(root, name or format_master_number(root), tuple(cluster_ids(session, root)))


def _candidates(session: Session, query: str) -> set[int]:
    text = query.strip()
    number = search.master_number_in(text)
    if number is not None:
        exists = session.scalar(select(Customer.id).where(Customer.id == number))
        return {exists} if exists is not None else set()
    if "@" in text and " " not in text:
        email = standardize_email(text)
        return set(session.scalars(select(Email.customer_id).where(
            or_(Email.normalized == email.normalized, func.lower(Email.address) == text.lower()))))
    number_digits = digits(text)
    if PHONE_LIKE.fullmatch(text) and len(number_digits) >= 5:
        tail = number_digits[-8:]
        rows = session.execute(select(Phone.customer_id, Phone.number, Phone.e164).where(
            or_(Phone.e164.like(f"%{tail}"), Phone.number.like(f"%{tail[-4:]}"))))
        wanted = number_digits.lstrip("0")
        return {cid for cid, raw, e164 in rows
                if digits(e164 or "").endswith(wanted) or digits(raw).lstrip("0").endswith(wanted)}
    clause = search.matches(session.get_bind().dialect.name, text)
    if clause is None:
        return set()
    return set(session.scalars(select(Customer.id).where(clause).limit(200)))


def find_person(session: Session, query: str) -> Person:
    """The one golden customer `query` names (merged-away records count as the customer they
    live on in), or `WorkbenchError` saying that nobody or several customers match."""
    if not query.strip():
        raise WorkbenchError("say whom: a name, an e-mail address, a phone number or a master number")
    roots = sorted({resolve_customer_id(session, i) for i in _candidates(session, query)})
    if not roots:
        raise WorkbenchError(f"{query.strip()!r}: no customer matches")
    if len(roots) > 1:
        names = dict(session.execute(select(Customer.id, Customer.display_name).where(
            Customer.id.in_(roots[:SHOWN_MATCHES]))).all())
        listed = ", ".join(f"{format_master_number(i)} {names.get(i) or ''}".strip() for i in roots[:SHOWN_MATCHES])
        more = f" and {len(roots) - SHOWN_MATCHES} more" if len(roots) > SHOWN_MATCHES else ""
        raise WorkbenchError(f"{query.strip()!r} matches {len(roots)} customers ({listed}{more}); "
                             "give a master number or the full e-mail address")
    return person(session, roots[0])
