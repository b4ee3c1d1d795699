"""What the customer editor edits: a plain copy of one customer, and the checks on each field.

A `CustomerDraft` holds every golden field, contact point, attribute, role and the status
override as plain values. The editor turns what is typed into a draft with `parse_field`
and friends (each returns the value and, if any, the problem to show beside the field);
`EditCustomer` (customer_edit.py) applies the difference between two drafts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from workbench.definitions.attribute_types import AttributeSpec, check_value
from workbench.standardize.countries import country_code
from workbench.standardize.emails import standardize_email
from workbench.standardize.phones import standardize_phone
from workbench.standardize.record import ADDRESS_KINDS, EMAIL_KINDS, PHONE_KINDS
from workbench.standardize.values import parse_date, parse_datetime, parse_number
from workbench.store.models import Customer, utcnow
from workbench.text import clean

CONSENT_VALUES = ("granted", "denied", "unsubscribed", "bounced", "unknown")
KINDS = ("person", "organization")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: str = "text"  # text, longtext, choice, bool, date, datetime, int, money, list
    max_length: int | None = None
    choices: tuple[str, ...] = ()


GOLDEN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Kind", "choice", choices=KINDS),
    FieldSpec("title", "Title", max_length=80),
    FieldSpec("first_name", "First name", max_length=200),
    FieldSpec("middle_name", "Middle name", max_length=200),
    FieldSpec("last_name", "Last name", max_length=200),
    FieldSpec("suffix", "Suffix", max_length=40),
    FieldSpec("company", "Company", max_length=300),
    FieldSpec("job_title", "Job title", max_length=200),
    FieldSpec("birth_date", "Birth date", "date"),
    FieldSpec("marketing_consent", "Marketing consent", "choice", choices=CONSENT_VALUES),
    FieldSpec("do_not_contact", "Do not contact", "bool"),
    FieldSpec("tags", "Tags", "list"),
    FieldSpec("notes", "Notes", "longtext"),
    FieldSpec("first_seen_at", "First seen", "datetime"),
    FieldSpec("last_order_at", "Last order", "datetime"),
    FieldSpec("order_count", "Orders", "int"),
    FieldSpec("total_spent", "Total spent", "money"),
)
FIELDS_BY_NAME = {f.name: f for f in GOLDEN_FIELDS}


@dataclass(frozen=True)
class EmailDraft:
    address: str
    kind: str = "other"
    is_primary: bool = False
    id: int | None = None
    source_record_id: int | None = None


@dataclass(frozen=True)
class PhoneDraft:
    number: str
    kind: str = "other"
    is_primary: bool = False
    id: int | None = None
    source_record_id: int | None = None


@dataclass(frozen=True)
class AddressDraft:
    kind: str = "home"
    street: str | None = None
    street2: str | None = None
    city: str | None = None
    region: str | None = None
    postcode: str | None = None
    country: str | None = None
    is_primary: bool = False
    id: int | None = None
    source_record_id: int | None = None

    def is_empty(self) -> bool:
        return not any((self.street, self.street2, self.city, self.postcode, self.region))


@dataclass(frozen=True)
class CustomerDraft:
    fields: dict[str, Any] = field(default_factory=dict)
    emails: tuple[EmailDraft, ...] = ()
    phones: tuple[PhoneDraft, ...] = ()
    addresses: tuple[AddressDraft, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)
    roles: tuple[str, ...] = ()
    status_override: str | None = None
    status_reason: str | None = None

    def with_fields(self, **values: Any) -> CustomerDraft:
        return replace(self, fields={**self.fields, **values})


def draft_of(customer: Customer) -> CustomerDraft:
    return CustomerDraft(
        fields={spec.name: _copy(getattr(customer, spec.name)) for spec in GOLDEN_FIELDS},
        emails=tuple(EmailDraft(e.address, e.kind, e.is_primary, e.id, e.source_record_id) for e in customer.emails),
        phones=tuple(PhoneDraft(p.number, p.kind, p.is_primary, p.id, p.source_record_id) for p in customer.phones),
        addresses=tuple(AddressDraft(a.kind, a.street, a.street2, a.city, a.region, a.postcode, a.country,
                                     a.is_primary, a.id, a.source_record_id) for a in customer.addresses),
        attributes=dict(customer.attributes or {}),
        roles=tuple(customer.roles or ()),
        status_override=customer.status_override,
        status_reason=customer.status_reason,
    )


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


# ---------------------------------------------------------------------- checking what is typed


def parse_field(spec: FieldSpec, text: Any, *, today: date | None = None) -> tuple[Any, str | None]:
    """A golden field as typed → (value to store, problem or None)."""
    today = today or utcnow().date()
    if spec.type == "bool":
        return bool(text), None
    if spec.type == "list":
        items = text if isinstance(text, list | tuple) else str(text or "").replace(";", ",").split(",")
        return list(dict.fromkeys(t for t in (clean(i) for i in items) if t)), None
    if spec.type == "longtext":
        value = str(text or "").strip()
        return value or None, None
    value = clean(text) if not isinstance(text, date | datetime | int | float) else text
    if value is None or value == "":
        if spec.type == "choice":
            return spec.choices[-1] if spec.name == "marketing_consent" else spec.choices[0], None
        return None, None
    if spec.type == "text":
        if spec.max_length and len(value) > spec.max_length:
            return value, f"At most {spec.max_length} characters."
        return value, None
    if spec.type == "choice":
        return (value, None) if value in spec.choices else (value, f"Choose one of {', '.join(spec.choices)}.")
    if spec.type == "date":
        parsed = value if isinstance(value, date) and not isinstance(value, datetime) else parse_date(value)
        if parsed is None:
            return value, "Not a date (e.g. 1984-03-31 or 31.03.1984)."
        if parsed > today:
            return parsed, "This date is in the future."
        if parsed.year < 1900:
            return parsed, "Before 1900: please check the year."
        return parsed, None
    if spec.type == "datetime":
        stamp = value if isinstance(value, datetime) else parse_datetime(value)
        if stamp is None:
            return value, "Not a date (e.g. 2024-03-31 or 31.03.2024 14:30)."
        if stamp.date() > today:
            return stamp, "This date is in the future."
        return stamp, None
    number = value if isinstance(value, int | float) else parse_number(value)
    if number is None:
        return value, "Not a number."
    if number < 0:
        return number, "Cannot be negative."
    if spec.type == "int":
        if float(number) != int(number):
            return number, "A whole number."
        return int(number), None
    return round(float(number), 2), None


def check_email(text: str) -> tuple[str, str | None]:
    value = standardize_email(text)
    return (value.address, None) if value.is_valid else (text.strip(), value.problem or "Not an e-mail address.")


def check_phone(text: str, region: str | None) -> tuple[str | None, str | None]:
    """(E.164 or None, problem or None) for a number as typed, with the customer's country as region."""
    value = standardize_phone(text, region)
    if value.is_valid:
        return value.e164, None
    problem = value.problem or "not a phone number"
    if problem.startswith("no country code"):
        problem = "No country code, and the customer has no country: start with + and the country code"
    return value.e164, problem[:1].upper() + problem[1:] + ("" if problem.endswith(".") else ".")


def check_country(text: str | None) -> tuple[str | None, str | None]:
    if not clean(text):
        return None, None
    code = country_code(text)
    return (code, None) if code else (text, f"Unknown country {text!r}: use a name or a code such as DE.")


def draft_region(draft: CustomerDraft) -> str | None:
    """The country phone numbers without a country code are read in: the primary address's."""
    addresses = sorted(draft.addresses, key=lambda a: not a.is_primary)
    for address in addresses:
        code, _problem = check_country(address.country)
        if code:
            return code
    return None


def problems(draft: CustomerDraft, specs: list[AttributeSpec], statuses: list[str],
             *, today: date | None = None) -> dict[str, str]:
    """Everything that stops a draft from being saved, keyed by field: 'first_name', 'email:0',
    'address:1:country', 'attribute:tier', 'status_reason' …"""
    out: dict[str, str] = {}
    for spec in GOLDEN_FIELDS:
        if spec.name in draft.fields:
            _value, problem = parse_field(spec, draft.fields[spec.name], today=today)
            if problem:
                out[spec.name] = problem
    f = draft.fields
    if not any(clean(f.get(n)) for n in ("first_name", "last_name", "company")) and not draft.emails:
        out["first_name"] = "A customer needs a name, a company or an e-mail address."
    if f.get("kind") == "organization" and not clean(f.get("company")):
        out.setdefault("company", "An organization needs its company name.")
    seen: set[str] = set()
    for index, email in enumerate(draft.emails):
        canonical, problem = check_email(email.address)
        if problem:
            out[f"email:{index}"] = problem
        elif canonical.lower() in seen:
            out[f"email:{index}"] = "This address is listed twice."
        seen.add(canonical.lower())
        if email.kind not in EMAIL_KINDS:
            out[f"email:{index}:kind"] = f"Choose one of {', '.join(EMAIL_KINDS)}."
    region = draft_region(draft)
    numbers: set[str] = set()
    for index, phone in enumerate(draft.phones):
        e164, problem = check_phone(phone.number, region)
        if problem:
            out[f"phone:{index}"] = problem
        elif e164 in numbers:
            out[f"phone:{index}"] = "This number is listed twice."
        numbers.add(e164 or phone.number)
        if phone.kind not in PHONE_KINDS:
            out[f"phone:{index}:kind"] = f"Choose one of {', '.join(PHONE_KINDS)}."
    for index, address in enumerate(draft.addresses):
        if address.is_empty():
            out[f"address:{index}"] = "An address needs at least a street, a postcode or a city."
        _code, problem = check_country(address.country)
        if problem:
            out[f"address:{index}:country"] = problem
        if address.kind not in ADDRESS_KINDS:
            out[f"address:{index}:kind"] = f"Choose one of {', '.join(ADDRESS_KINDS)}."
    for spec in specs:
        if spec.retired:
            continue
        result = check_value(spec, draft.attributes.get(spec.name), region=region)
        if result.problem:
            out[f"attribute:{spec.name}"] = result.problem[:1].upper() + result.problem[1:]
    if draft.status_override is not None:
        if draft.status_override not in statuses:
            out["status_override"] = f"There is no status called {draft.status_override!r}."
        if not (draft.status_reason or "").strip():
            out["status_reason"] = "Say why this customer's status is set by hand."
    return out


def normalized(draft: CustomerDraft, specs: list[AttributeSpec]) -> CustomerDraft:
    """The draft with every value in its stored form (dates parsed, e-mails and attributes canonical)."""
    fields = {name: parse_field(FIELDS_BY_NAME[name], value)[0] for name, value in draft.fields.items()
              if name in FIELDS_BY_NAME}
    region = draft_region(draft)
    attributes = dict(draft.attributes)
    for spec in specs:
        if spec.name in attributes and not spec.retired:
            result = check_value(spec, attributes[spec.name], region=region)
            if result.ok:
                if result.value is None:
                    attributes.pop(spec.name)
                else:
                    attributes[spec.name] = result.value
    emails = tuple(replace(e, address=check_email(e.address)[0]) for e in draft.emails)
    addresses = tuple(replace(a, street=clean(a.street), street2=clean(a.street2), city=clean(a.city),
                              region=clean(a.region), postcode=(clean(a.postcode) or "").upper() or None,
                              country=check_country(a.country)[0]) for a in draft.addresses)
    phones = tuple(replace(p, number=" ".join(p.number.split())) for p in draft.phones)
    override = draft.status_override or None
    return replace(draft, fields=fields, emails=emails, phones=phones, addresses=addresses, attributes=attributes,
                   status_override=override, status_reason=(draft.status_reason or "").strip() or None
                   if override else None)
