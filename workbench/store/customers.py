"""Values derived from a customer's fields and contact points, kept on the customer row.

The customers list sorts, pages and searches 10^6 rows; for that it reads only the
customers table. Whoever changes a customer or its contact points calls `refresh_derived`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.standardize.names import written_family_first
from workbench.standardize.phones import display_forms
from workbench.standardize.record import AddressPoint, EmailPoint, PhonePoint
from workbench.store import search
from workbench.store.models import Address, Customer, Email, Phone
from workbench.text import east_asian, fold


def display_name(kind: str, title: str | None, first: str | None, middle: str | None, last: str | None,
                 suffix: str | None, company: str | None, fallback: str | None = None) -> str:
    if east_asian(last):  # 山田 太郎: family name first where it is written so
        parts = (last, first, middle, suffix)
    elif written_family_first(last, first, middle):  # Lê Văn Phúc: family name, middle, the given name
        parts = (last, middle, first, suffix)
    else:
        parts = (first, middle, last, suffix)
    person = " ".join(p for p in parts if p)
    if kind == "organization":
        return company or person or fallback or ""
    return person or company or fallback or ""


def sort_name(kind: str, first: str | None, last: str | None, company: str | None, fallback: str | None) -> str:
    if kind != "organization" and (last or first):
        key = f"{last or ''} {first or ''}"
    else:
        key = company or fallback or ""
    # Leading punctuation ('s-Hertogenbosch, "The …") must not put a name at the top of the list.
    return fold(key).strip().lstrip("'’\".-_ ")


def _primary(points: Sequence[Any]) -> Any | None:
    for point in points:
        if point.is_primary:
            return point
    return points[0] if points else None


def ensure_one_primary(points: Sequence[Any]) -> None:
    """Exactly one primary per kind of contact point: the first flagged one, else the first valid one."""
    if not points:
        return
    flagged = [p for p in points if p.is_primary]
    chosen = flagged[0] if flagged else next((p for p in points if p.is_valid), points[0])
    for point in points:
        point.is_primary = point is chosen


def derived_columns(
    *,
    kind: str,
    title: str | None,
    first: str | None,
    middle: str | None,
    last: str | None,
    suffix: str | None,
    company: str | None,
    emails: Sequence[Email | EmailPoint],
    phones: Sequence[Phone | PhonePoint],
    addresses: Sequence[Address | AddressPoint],
) -> dict[str, Any]:
    """The columns a customer's own values and contact points decide (names to sort and show,
    primary contacts, search words): for the ORM's customers and for an import's prepared rows."""
    email = _primary(emails)
    phone = _primary(phones)
    address = _primary(addresses)
    fallback = email.address if email else None
    phone_forms: list[str] = []
    for p in phones:
        phone_forms.extend(display_forms(p.e164) if p.e164 else [p.number])
    return {
        "display_name": display_name(kind, title, first, middle, last, suffix, company, fallback),
        "sort_name": sort_name(kind, first, last, company, fallback),
        "primary_email": email.address if email else None,
        "primary_phone": (phone.e164 or phone.number) if phone else None,
        "primary_city": address.city if address else None,
        "primary_country": address.country if address else None,
        "search_text": search.build_search_text(
            names=(first, middle, last, company),
            emails=[e.address for e in emails],
            phones=phone_forms,
        ),
    }


def refresh_derived(customer: Customer) -> None:
    for points in (customer.emails, customer.phones, customer.addresses):
        ensure_one_primary(points)
    values = derived_columns(
        kind=customer.kind, title=customer.title, first=customer.first_name, middle=customer.middle_name,
        last=customer.last_name, suffix=customer.suffix, company=customer.company,
        emails=customer.emails, phones=customer.phones, addresses=customer.addresses,
    )
    for key, value in values.items():
        if getattr(customer, key) != value:
            setattr(customer, key, value)
