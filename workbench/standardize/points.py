"""What a standardized record is made of: its fields, contact points and issues.

The import targets are here too, so that every module that reads or checks a target sees one list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CANONICAL_FIELDS = (
    "first_name", "middle_name", "last_name", "suffix", "full_name", "title", "company", "job_title", "email",
    "phone", "mobile",
    "address", "street", "street2", "city", "region", "postcode", "country", "birth_date", "created_at",
    "last_order_at", "total_spent", "order_count", "marketing_consent", "tags", "notes", "external_id",
)
# The targets of one address, each with the address's kind (`street:shipping`); `address` is a
# whole address in one cell, split into the others.
ADDRESS_PARTS = ("address", "street", "street2", "city", "region", "postcode", "country")
EMAIL_KINDS = ("home", "work", "other")
PHONE_KINDS = ("mobile", "home", "work", "fax", "other")
ADDRESS_KINDS = ("home", "billing", "shipping", "work", "other")
DEFAULT_ADDRESS_KIND = "home"


@dataclass
class EmailPoint:
    address: str
    normalized: str
    kind: str = "other"
    is_valid: bool = True
    problem: str | None = None
    is_primary: bool = False


@dataclass
class PhonePoint:
    number: str
    e164: str | None
    kind: str = "other"
    is_valid: bool = True
    problem: str | None = None
    is_primary: bool = False


@dataclass
class AddressPoint:
    kind: str = DEFAULT_ADDRESS_KIND
    street: str | None = None
    street2: str | None = None
    city: str | None = None
    region: str | None = None
    postcode: str | None = None
    country: str | None = None
    is_valid: bool = True
    problem: str | None = None
    is_primary: bool = False

    def is_empty(self) -> bool:
        return not any((self.street, self.street2, self.city, self.postcode))


@dataclass
class StandardRecord:
    fields: dict[str, Any] = field(default_factory=dict)
    emails: list[EmailPoint] = field(default_factory=list)
    phones: list[PhonePoint] = field(default_factory=list)
    addresses: list[AddressPoint] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    issues: list[dict[str, Any]] = field(default_factory=list)

    def identifiable(self) -> bool:
        """Is there anything that names or reaches a person or organization?"""
        f = self.fields
        return bool(f.get("first_name") or f.get("last_name") or f.get("company") or self.emails
                    or any(p.e164 or p.number for p in self.phones))

    def flag(self, field_name: str, value: object, problem: str) -> None:
        self.issues.append({"field": field_name, "value": value, "problem": problem})
