"""One row's canonical values → a standardized record, ready for the master.

Input is a list of (target, value) pairs, where a target is a canonical field name,
optionally with a kind (`phone:work`, `street:shipping`, `email:home`), or
`attribute:<name>` for a column kept as a custom attribute. Several pairs may share a
target (two e-mail columns). Nothing is thrown away: a value that does not standardize is
kept as typed and flagged in `issues`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from workbench.standardize.addresses import expand_street, format_postcode
from workbench.standardize.countries import country_code
from workbench.standardize.emails import standardize_email
from workbench.standardize.names import looks_like_company, repair_case, split_full_name
from workbench.standardize.phones import standardize_phone
from workbench.standardize.values import parse_consent, parse_date, parse_datetime, parse_number
from workbench.text import clean

CANONICAL_FIELDS = (
    "first_name", "middle_name", "last_name", "suffix", "full_name", "title", "company", "job_title", "email",
    "phone", "mobile",
    "street", "street2", "city", "region", "postcode", "country", "birth_date", "created_at",
    "last_order_at", "total_spent", "order_count", "marketing_consent", "tags", "notes", "external_id",
)
ADDRESS_PARTS = ("street", "street2", "city", "region", "postcode", "country")
EMAIL_KINDS = ("home", "work", "other")
PHONE_KINDS = ("mobile", "home", "work", "fax", "other")
ADDRESS_KINDS = ("home", "billing", "shipping", "work", "other")
DEFAULT_ADDRESS_KIND = "home"
MAX_COUNT = 2**31 - 1  # what an integer column holds on every database the master may live in


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


@lru_cache(maxsize=4096)  # a file has a few dozen targets, met on every row
def split_target(target: str) -> tuple[str, str | None]:
    name, _, kind = target.partition(":")
    return name, kind or None


def _text(value: object) -> str | None:
    if type(value) is str:  # nearly every cell: straight to `clean`
        return clean(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)


def standardize_row(
    pairs: Iterable[tuple[str, object]],
    *,
    region: str | None = None,
    date_order: dict[str, str] | None = None,
) -> StandardRecord:
    """Standardize one row. `date_order` gives a per-field DMY/MDY decision made for the column."""
    record = StandardRecord()
    values: dict[str, list[tuple[str | None, str]]] = {}
    addresses: dict[str, AddressPoint] = {}
    for target, raw in pairs:
        name, kind = split_target(target)
        if name == "attribute":
            text = _text(raw)
            if text is not None and kind:
                record.attributes[kind] = text
            continue
        text = _text(raw)
        if text is None:
            continue
        if name in ADDRESS_PARTS:
            address_kind = kind if kind in ADDRESS_KINDS else DEFAULT_ADDRESS_KIND
            point = addresses.get(address_kind) or addresses.setdefault(address_kind, AddressPoint(kind=address_kind))
            current = getattr(point, name)
            setattr(point, name, f"{current} {text}" if current and name in ("street", "street2") else text)
            continue
        values.setdefault(name, []).append((kind, text))

    f = record.fields
    _names(record, values)
    for name in ("title", "middle_name", "suffix", "job_title", "notes", "external_id"):
        if name in values:
            f[name] = values[name][0][1]
    if "company" in values:
        f["company"] = values["company"][0][1]

    record_region = (region or "").upper() or None
    for address_kind, point in addresses.items():
        if point.country:
            code = country_code(point.country)
            if code is None:
                record.flag(f"country:{address_kind}", point.country, "unknown country")
                point.is_valid, point.problem = False, f"unknown country {point.country!r}"
            point.country = code
        country = point.country or record_region
        point.city = repair_case(point.city)
        point.street = repair_case(point.street) if point.street and point.street.isupper() else point.street
        point.street = expand_street(point.street, country)
        if point.postcode:
            point.postcode, fits = format_postcode(point.postcode, country)
            if not fits:
                record.flag(f"postcode:{address_kind}", point.postcode, f"not a postcode of {country}")
                if point.is_valid:
                    point.is_valid, point.problem = False, f"postcode {point.postcode!r} does not fit {country}"
        if not point.is_empty():
            record.addresses.append(point)
    # A phone without a country code is read in the country of the record's own address; the
    # region given for the import is the default for records that name no country.
    phone_region = next((a.country for a in record.addresses if a.country), None) or record_region

    for target_name in ("email",):
        for kind, text in values.get(target_name, []):
            for part in _split_multi(text):
                value = standardize_email(part)
                if not value.is_valid:
                    record.flag("email", part, value.problem or "invalid e-mail")
                if any(e.normalized == value.normalized for e in record.emails):
                    continue
                record.emails.append(EmailPoint(value.address, value.normalized,
                                                kind if kind in EMAIL_KINDS else "other",
                                                value.is_valid, value.problem))
    for target_name in ("phone", "mobile"):
        for kind, text in values.get(target_name, []):
            for part in _split_multi(text, phone=True):
                value = standardize_phone(part, phone_region)
                if not value.is_valid:
                    record.flag(target_name, part, value.problem or "invalid phone number")
                if value.e164 and any(p.e164 == value.e164 for p in record.phones):
                    continue
                phone_kind = kind if kind in PHONE_KINDS else ("mobile" if target_name == "mobile"
                                                               or value.is_mobile else "other")
                record.phones.append(PhonePoint(value.number, value.e164, phone_kind, value.is_valid,
                                                value.problem))

    order = date_order or {}
    for name in ("birth_date",):
        if name in values:
            text = values[name][0][1]
            parsed = parse_date(text, order.get(name))
            if parsed:
                f[name] = parsed.isoformat()
            else:
                record.flag(name, text, "not a date")
    for name in ("created_at", "last_order_at"):
        if name in values:
            text = values[name][0][1]
            parsed_dt = parse_datetime(text, order.get(name))
            if parsed_dt:
                f[name] = parsed_dt.isoformat(sep=" ")
            else:
                record.flag(name, text, "not a date")
    if "total_spent" in values:
        text = values["total_spent"][0][1]
        number = parse_number(text)
        if number is None:
            record.flag("total_spent", text, "not a number")
        else:
            f["total_spent"] = round(number, 2)
    if "order_count" in values:
        text = values["order_count"][0][1]
        number = parse_number(text)
        if number is None or not 0 <= number <= MAX_COUNT:
            record.flag("order_count", text, "not a count")
        else:
            f["order_count"] = int(number)
    if "marketing_consent" in values:
        kind, text = values["marketing_consent"][0]
        consent = parse_consent(text, inverted=kind == "inverted")
        f["marketing_consent"] = consent
    if "tags" in values:
        tags: list[str] = []
        for _kind, text in values["tags"]:
            tags.extend(t for t in (clean(x) for x in text.replace(";", ",").split(",")) if t and t not in tags)
        f["tags"] = tags
    return record


def _names(record: StandardRecord, values: dict[str, list[tuple[str | None, str]]]) -> None:
    f = record.fields
    first = values.get("first_name", [(None, None)])[0][1]
    last = values.get("last_name", [(None, None)])[0][1]
    full = values.get("full_name", [(None, None)])[0][1]
    if full and not (first or last):
        if looks_like_company(full) and "company" not in values:
            values["company"] = [(None, full)]
            f["kind"] = "organization"
        else:
            parts = split_full_name(full)
            f.update({k: v for k, v in (("title", parts.title), ("first_name", parts.first),
                                        ("middle_name", parts.middle), ("last_name", parts.last),
                                        ("suffix", parts.suffix)) if v})
    else:
        if first:
            f["first_name"] = repair_case(first)
        if last:
            f["last_name"] = repair_case(last)
    if "company" in values and not (f.get("first_name") or f.get("last_name")):
        f["kind"] = "organization"
    f.setdefault("kind", "person")


def _split_multi(text: str, *, phone: bool = False) -> list[str]:
    """'a@x.de; b@y.de' → two values. Phones split only on ; and / followed by a space or +."""
    separators = [";", "|", "\n"] if phone else [";", ",", "|", "\n", " "]
    if not any(separator in text for separator in separators):
        return [text.strip()]
    parts = [text]
    for separator in separators:
        parts = [p for chunk in parts for p in chunk.split(separator)]
    return [p.strip() for p in parts if p.strip()]
