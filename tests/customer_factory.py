"""Golden customers for tests, built the way the loader builds them (derived columns included)."""

from __future__ import annotations

from typing import Any

from workbench.standardize.emails import standardize_email
from workbench.standardize.phones import standardize_phone
from workbench.store.customers import refresh_derived
from workbench.store.models import Address, Customer, Email, Phone, utcnow


def make_customer(session, *, first: str | None = None, last: str | None = None, company: str | None = None,
                  emails: tuple[str, ...] = (), phones: tuple[tuple[str, str], ...] = (),
                  address: dict[str, Any] | None = None, **columns: Any) -> Customer:
    """`phones` are (number, kind) pairs; `address` is the primary address's columns."""
    now = utcnow()
    values: dict[str, Any] = {"kind": "organization" if company and not (first or last) else "person",
                              "first_name": first, "last_name": last, "company": company,
                              "created_at": now, "updated_at": now}
    values.update(columns)
    customer = Customer(**values)
    for text in emails:
        email = standardize_email(text)
        customer.emails.append(Email(address=email.address, normalized=email.normalized, is_valid=email.is_valid,
                                     problem=email.problem))
    for number, kind in phones:
        phone = standardize_phone(number, (address or {}).get("country") or "DE")
        customer.phones.append(Phone(number=number, e164=phone.e164, kind=kind, is_valid=phone.is_valid,
                                     problem=phone.problem))
    if address:
        customer.addresses.append(Address(kind="home", is_primary=True, **address))
    refresh_derived(customer)
    session.add(customer)
    session.flush()
    return customer
