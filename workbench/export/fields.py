"""What a preset column can name, and how each value is read from a customer.

A column names a field: a customer field (`first_name`, `birth_date`, `status`), a contact
point (`email`, `phone.mobile`, `phone.2.type`, `address.work/billing.city`,
`address.joined`), a custom attribute (`attribute.tier`) or several alternatives (the first
that is not empty wins). `compile_column` turns one column of a preset into a function of
(customer, the row's e-mail) that returns the value: text, or a date, number, yes/no or
list that the writer formats (CSV) or types (XLSX).

Contact-point selectors: none (the primary one; for e-mails and phones the primary *valid*
one), a 1-based position (`phone.2`), or kinds separated by `/` (`address.home/billing`).
Only valid e-mail addresses and phone numbers are exported: a tool rejects, or worse sends
to, an address the master already knows is broken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from workbench.errors import WorkbenchError
from workbench.standardize.countries import country_name
from workbench.store.export_rows import (
    A_COUNTRY_INDEX,
    A_KIND,
    A_PARTS,
    E_ADDRESS,
    E_KIND,
    E_VALID,
    P_E164,
    P_KIND,
    P_NUMBER,
    P_VALID,
    AddressPoint,
    ExportCustomer,
    PhonePoint,
    RecordLink,
    as_date,
    as_datetime,
    as_json,
)
from workbench.store.models import format_master_number

# (customer, the row's own item: its e-mail for e-mail rows, its source record for
# cross-reference rows, else None) → value
Getter = Callable[[ExportCustomer, Any], Any]

RECORD_PARTS: dict[str, Callable[[RecordLink], Any]] = {
    "source": lambda r: r.source,
    "source_key": lambda r: r.source_key,
    "file": lambda r: r.file_name,
    "number": lambda r: r.record_no,
}

# Customer fields: name → (label for people, how to read it).
CUSTOMER_FIELDS: dict[str, tuple[str, Getter]] = {
    "master_number": ("Master number", lambda c, _item=None: format_master_number(c.id)),
    "kind": ("Kind", lambda c, _item=None: c.kind),
    "title": ("Title", lambda c, _item=None: c.title),
    "first_name": ("First name", lambda c, _item=None: c.first_name),
    "middle_name": ("Middle name", lambda c, _item=None: c.middle_name),
    "last_name": ("Last name", lambda c, _item=None: c.last_name),
    "suffix": ("Suffix", lambda c, _item=None: c.suffix),
    "full_name": ("Name", lambda c, _item=None: c.display_name or None),
    "person_name": ("Person name", lambda c, _item=None: " ".join(p for p in (c.first_name, c.middle_name, c.last_name,
                                                                   c.suffix) if p) or None),
    "company": ("Company", lambda c, _item=None: c.company),
    "job_title": ("Job title", lambda c, _item=None: c.job_title),
    "birth_date": ("Birth date", lambda c, _item=None: as_date(c.birth_date)),
    "status": ("Status", lambda c, _item=None: c.status),
    "roles": ("Roles", lambda c, _item=None: as_json(c.roles) or []),
    "marketing_consent": ("Marketing consent", lambda c, _item=None: c.marketing_consent),
    "do_not_contact": ("Do not contact", lambda c, _item=None: bool(c.do_not_contact)),
    "tags": ("Tags", lambda c, _item=None: as_json(c.tags) or []),
    "notes": ("Notes", lambda c, _item=None: c.notes),
    "first_seen_at": ("First seen", lambda c, _item=None: as_datetime(c.first_seen_at)),
    "last_order_at": ("Last order", lambda c, _item=None: as_datetime(c.last_order_at)),
    "order_count": ("Orders", lambda c, _item=None: c.order_count),
    "total_spent": ("Total spent", lambda c, _item=None: c.total_spent),
    "sources": ("Sources", lambda c, _item=None: c.sources),
    "created_at": ("Created", lambda c, _item=None: as_datetime(c.created_at)),
    "updated_at": ("Updated", lambda c, _item=None: as_datetime(c.updated_at)),
}

# What "all fields" means for the generic presets, in this order (attributes follow).
ALL_FIELDS: tuple[tuple[str, str], ...] = (
    ("master_number", "Master number"), ("kind", "Kind"), ("title", "Title"), ("first_name", "First name"),
    ("middle_name", "Middle name"), ("last_name", "Last name"), ("suffix", "Suffix"), ("company", "Company"),
    ("job_title", "Job title"), ("email", "E-mail"), ("phone", "Phone"), ("phone.mobile", "Mobile"),
    ("address.street", "Street"), ("address.street2", "Street 2"), ("address.postcode", "Postcode"),
    ("address.city", "City"), ("address.region", "Region"), ("address.country", "Country"),
    ("birth_date", "Birth date"), ("status", "Status"), ("roles", "Roles"),
    ("marketing_consent", "Marketing consent"), ("do_not_contact", "Do not contact"), ("tags", "Tags"),
    ("first_seen_at", "First seen"), ("last_order_at", "Last order"), ("order_count", "Orders"),
    ("total_spent", "Total spent"), ("sources", "Sources"), ("notes", "Notes"), ("created_at", "Created"),
    ("updated_at", "Updated"),
)

ADDRESS_PARTS = ("street", "street2", "city", "region", "postcode", "country")
POSTAL_ORDER = ("street", "street2", "postcode_city", "region", "country")


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    fields: tuple[str, ...] = ()
    value: str | None = None  # a constant
    format: str | None = None
    separator: str | None = None
    parts: tuple[str, ...] = ()
    types: tuple[tuple[str, str], ...] = ()  # contact-point kind → the tool's label
    mapping: tuple[tuple[str, str], ...] = ()  # a value → the tool's value
    max_length: int | None = None
    max_bytes: int | None = None
    required: bool = False


# Fields whose value is always text or nothing: such a column needs no conversion.
TEXT_FIELDS = frozenset({"master_number", "kind", "title", "first_name", "middle_name", "last_name", "suffix",
                         "full_name", "person_name", "company", "job_title", "status", "marketing_consent", "notes",
                         "record.source", "record.source_key", "record.file"})


def is_text_column(spec: ColumnSpec) -> bool:
    if spec.value is not None:
        return True
    if spec.mapping:
        return False
    return all(name in TEXT_FIELDS or name.split(".", 1)[0] in ("email", "phone", "address")
               for name in spec.fields)


# Customer field → the ExportCustomer attributes it reads (the rest read their own name).
FIELD_READS = {"master_number": ("id",), "full_name": ("display_name",),
               "person_name": ("first_name", "middle_name", "last_name", "suffix"),
               "sources": (), "attribute": ("attributes",)}


def customer_attributes(names: Sequence[str]) -> set[str]:
    """The ExportCustomer attributes that reading these fields needs."""
    needed: set[str] = set()
    for name in names:
        head = name.split(".", 1)[0]
        if head in ("email", "phone", "address", "record"):
            continue
        needed.update(FIELD_READS.get(name, FIELD_READS.get(head, (name,))))
    return needed


def describe_field(name: str) -> str:
    """A label for people, for a field named in --fields or picked in the dialog."""
    for key, label in ALL_FIELDS:
        if key == name:
            return label
    if name in CUSTOMER_FIELDS:
        return CUSTOMER_FIELDS[name][0]
    if name.startswith("attribute."):
        return name.split(".", 1)[1].replace("_", " ").capitalize()
    return name.replace(".", " ").replace("_", " ").capitalize()


def field_kind(name: str) -> str:
    """The group a field belongs to, which decides what the reader has to load."""
    head = name.split(".", 1)[0]
    if head in ("email", "phone", "address", "attribute", "record"):
        return head
    return "sources" if name == "sources" else "customer"


def compile_column(spec: ColumnSpec) -> Getter:
    if spec.value is not None:
        constant = spec.value
        return lambda _c, _e: constant
    if not spec.fields:
        raise WorkbenchError(f"column {spec.header!r}: names no field and no value")
    getters = [_compile_field(name, spec) for name in spec.fields]
    if spec.mapping:
        mapping = dict(spec.mapping)
        getters = [_mapped(g, mapping) for g in getters]
    if len(getters) == 1:
        return getters[0]

    def first_present(customer: ExportCustomer, email: Any) -> Any:
        for getter in getters:
            value = getter(customer, email)
            if value not in (None, "", []):
                return value
        return None

    return first_present


def _mapped(getter: Getter, mapping: dict[str, str]) -> Getter:
    def read(customer: ExportCustomer, email: Any) -> Any:
        value = getter(customer, email)
        key = _text_key(value)
        return mapping.get(key, mapping.get("*", value)) if key is not None else value
    return read


def _text_key(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _compile_field(name: str, spec: ColumnSpec) -> Getter:
    if name in CUSTOMER_FIELDS:
        return CUSTOMER_FIELDS[name][1]
    head, _, rest = name.partition(".")
    if head == "attribute" and rest:
        return lambda c, _e: (as_json(c.attributes) or {}).get(rest)
    if head == "record" and rest in RECORD_PARTS:
        read_record = RECORD_PARTS[rest]
        return lambda _c, item: read_record(item) if isinstance(item, RecordLink) else None
    if head == "email":
        return _email_getter(name, rest, spec)
    if head == "phone":
        return _phone_getter(name, rest, spec)
    if head == "address":
        return _address_getter(name, rest, spec)
    raise WorkbenchError(f"column {spec.header!r}: unknown field {name!r}")


def _split_selector(rest: str, parts: tuple[str, ...]) -> tuple[str | None, str]:
    """'2.type' → ('2', 'type'); 'work/home.city' → ('work/home', 'city'); 'city' → (None, 'city')."""
    if not rest:
        return None, ""
    if "." in rest:
        selector, part = rest.rsplit(".", 1)
        return selector, part
    return (None, rest) if rest in parts else (rest, "")


def _select(points: Sequence[Any], selector: str | None, kind_index: int) -> Any | None:
    if not points:
        return None
    if selector is None or selector == "primary":
        return points[0]
    if selector.isdigit():
        position = int(selector) - 1
        return points[position] if 0 <= position < len(points) else None
    kinds = selector.split("/")
    for kind in kinds:  # the order of kinds is a preference, not a filter on one pass
        for point in points:
            if point[kind_index] == kind:
                return point
    return None


def _email_getter(name: str, rest: str, spec: ColumnSpec) -> Getter:
    selector, part = _split_selector(rest, ("value", "type"))
    types = dict(spec.types)

    def read(customer: ExportCustomer, row_item: Any) -> Any:
        if selector is None and isinstance(row_item, tuple):  # an e-mail row: its own address
            point = row_item
        else:
            point = _select([e for e in customer.emails if e[E_VALID]], selector, E_KIND)
        if point is None:
            return None
        if part == "type":
            return types.get(point[E_KIND], types.get("*", point[E_KIND]))
        return point[E_ADDRESS]

    if part not in ("", "value", "type"):
        raise WorkbenchError(f"column {spec.header!r}: unknown e-mail part in {name!r}")
    return read


def _phone_getter(name: str, rest: str, spec: ColumnSpec) -> Getter:
    selector, part = _split_selector(rest, ("value", "type"))
    if part not in ("", "value", "type"):
        raise WorkbenchError(f"column {spec.header!r}: unknown phone part in {name!r}")
    types = dict(spec.types)
    style = (spec.format or "e164").lower()
    if style not in PHONE_FORMATS:
        raise WorkbenchError(f"column {spec.header!r}: phone format must be one of {', '.join(PHONE_FORMATS)}")

    def read(customer: ExportCustomer, _row_email: Any) -> Any:
        point = _select([p for p in customer.phones if p[P_VALID]], selector, P_KIND)
        if point is None:
            return None
        if part == "type":
            return types.get(point[P_KIND], types.get("*", point[P_KIND]))
        return format_phone(point, style)

    return read


def _address_getter(name: str, rest: str, spec: ColumnSpec) -> Getter:
    selector, part = _split_selector(rest, (*ADDRESS_PARTS, "joined", "type"))
    if part not in (*ADDRESS_PARTS, "joined", "type"):
        raise WorkbenchError(f"column {spec.header!r}: unknown address part in {name!r}")
    types = dict(spec.types)
    country_style = (spec.format or "alpha2").lower() if part in ("country", "joined") else "alpha2"
    parts = spec.parts or POSTAL_ORDER
    separator = spec.separator if spec.separator is not None else "\n"

    def read(customer: ExportCustomer, _row_email: Any) -> Any:
        point = _select(customer.addresses, selector, A_KIND)
        if point is None:
            return None
        if part == "type":
            return types.get(point[A_KIND], types.get("*", point[A_KIND]))
        if part == "country":
            return format_country(point[A_COUNTRY_INDEX], country_style)
        if part == "joined":
            return join_address(point, parts, separator, country_style)
        return point[A_PARTS[part]]

    return read


PHONE_FORMATS = ("e164", "international", "national", "as_typed")


def format_phone(point: PhonePoint, style: str) -> str:
    e164 = point[P_E164]
    if not e164 or style == "as_typed":
        return point[P_NUMBER] if style == "as_typed" or not e164 else e164
    if style == "e164":
        return e164
    try:
        parsed = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    kind = PhoneNumberFormat.INTERNATIONAL if style == "international" else PhoneNumberFormat.NATIONAL
    return phonenumbers.format_number(parsed, kind)


def format_country(code: str | None, style: str) -> str | None:
    if not code:
        return None
    if style == "name":
        return country_name(code) or code
    return code


def join_address(point: AddressPoint, parts: tuple[str, ...], separator: str, country_style: str) -> str | None:
    values: list[str] = []
    for part in parts:
        if part == "postcode_city":
            value = " ".join(p for p in (point[A_PARTS["postcode"]], point[A_PARTS["city"]]) if p)
        elif part == "country":
            value = format_country(point[A_COUNTRY_INDEX], country_style) or ""
        else:
            value = point[A_PARTS[part]] or ""
        if value:
            values.append(value)
    return separator.join(values) or None


# ---------------------------------------------------------------------------- values → text


def to_text(value: Any, fmt: str | None = None, separator: str | None = None) -> str:
    """The text a CSV cell holds for a value, in the column's format."""
    convert = _TO_TEXT.get(value.__class__)
    if convert is not None:
        return convert(value, fmt, separator)
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return _list_text(value, fmt, separator)
    return str(value)


def _bool_text(value: bool, fmt: str | None, _separator: str | None) -> str:
    yes, _, no = (fmt or "yes/no").partition("/")
    return yes if value else no


def _list_text(value: Any, _fmt: str | None, separator: str | None) -> str:
    return (separator if separator is not None else ", ").join(str(v) for v in value if v not in (None, ""))


# By exact type, the common case of a million cells; subclasses fall through to the checks above.
_TO_TEXT: dict[type, Callable[[Any, str | None, str | None], str]] = {
    str: lambda v, _f, _s: v,
    bool: _bool_text,
    int: lambda v, _f, _s: str(v),
    float: lambda v, f, _s: format(v, f or ".2f"),
    datetime: lambda v, f, _s: v.strftime(f) if f else v.isoformat(" ", "seconds"),
    date: lambda v, f, _s: v.strftime(f) if f else v.isoformat(),
    list: _list_text,
    tuple: _list_text,
}
