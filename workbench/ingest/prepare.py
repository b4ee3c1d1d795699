"""A standardized record turned into the rows the master stores, before any id is known.

This runs where the standardization runs (in worker processes for a big file), so the
importing process only hands out ids and writes. Everything here is plain data and picklable.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from workbench.definitions.rules import NamedRule, RuleError, first_match
from workbench.ingest.stored import row_converters, stored_row, to_json
from workbench.standardize.record import (
    DEFAULT_ADDRESS_KIND,
    AddressPoint,
    EmailPoint,
    PhonePoint,
    StandardRecord,
)
from workbench.store.compact import COMPACT, FORM, raw_dict, raw_form
from workbench.store.customers import derived_columns, ensure_one_primary
from workbench.store.models import Address, Customer, Email, Phone
from workbench.store.record_packing import pack_text, payload_of, raw_cells_of

CUSTOMER_FIELDS = ("kind", "title", "first_name", "middle_name", "last_name", "suffix", "company",
                   "job_title", "notes")
# Columns of `customers` an import fills, in this order (ids, created_at and updated_at are added on write).
CUSTOMER_COLUMNS = (
    *CUSTOMER_FIELDS, "birth_date", "first_seen_at", "last_order_at", "order_count", "total_spent",
    "marketing_consent", "tags", "attributes", "display_name", "sort_name", "primary_email", "primary_phone",
    "primary_city", "primary_country", "search_text", "roles", "do_not_contact", "status",
)
EMAIL_COLUMNS = ("address", "normalized", "kind", "is_primary", "is_valid", "problem")
PHONE_COLUMNS = ("number", "e164", "kind", "is_primary", "is_valid", "problem")
ADDRESS_COLUMNS = ("kind", "street", "street2", "city", "region", "postcode", "country", "is_primary", "is_valid",
                   "problem")
# Rows are made in the form SQLite stores them (see `stored`), so the writer only writes.
_CUSTOMER_FORMS = row_converters(Customer.__table__, CUSTOMER_COLUMNS)
_POINT_FORMS = {attribute: (attrgetter(*columns), row_converters(model.__table__, columns)) for attribute, model, columns in (
    ("emails", Email, EMAIL_COLUMNS), ("phones", Phone, PHONE_COLUMNS), ("addresses", Address, ADDRESS_COLUMNS))}


@dataclass(slots=True)
class Prepared:
    record_no: int
    key: str
    digest: str
    # What source_records.packed holds: the cells under `headings` (or, without them, the dict) and
    # the payload in its compact form, packed together (see `record_packing`).
    packed: bytes
    issues_json: str | None
    customer: tuple  # CUSTOMER_COLUMNS, stored form
    search_text: str
    emails: list[tuple] = field(default_factory=list)
    phones: list[tuple] = field(default_factory=list)
    addresses: list[tuple] = field(default_factory=list)
    key_hash: int = 0  # 64 bits of the key and 32 of the content: how a file's repeats are found
    content: int = 0
    row: int | None = None  # where the user finds it: the spreadsheet's row number, or the n-th card
    headings: tuple[str, ...] | None = None
    record_id: int | None = None  # of the record the master holds unchanged (see `unchanged`)
    same_place: bool = False  # that record was read from this place in its file last time too

    def __reduce__(self) -> tuple[type, tuple]:
        # Sent back from a worker as one plain tuple: half the unpickling of the slots' default way.
        return Prepared, tuple(getattr(self, name) for name in _PREPARED_FIELDS)

    @property
    def raw(self) -> dict[str, Any]:
        return raw_dict(self.raw_cells, self.headings)

    @property
    def raw_cells(self) -> Any:
        return raw_cells_of(self.packed)

    @property
    def payload(self) -> dict[str, Any]:
        return payload_of(self.packed)

    @property
    def issues(self) -> list[Any] | None:
        return json.loads(self.issues_json) if self.issues_json else None


_PREPARED_FIELDS = tuple(Prepared.__dataclass_fields__)


def short_hash(text: str) -> int:
    """64 bits of a key: a million keys fit in a few tens of MB, with no practical chance of collision."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


_SORTED_JSON = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False).encode


def content_hash(raw: dict[str, Any]) -> str:
    """SHA-256 of the raw cells as sorted JSON (json's own form: ", " and ": " between them)."""
    for value in raw.values():
        if value.__class__ is not str:
            return hashlib.sha256(_SORTED_JSON(raw).encode("utf-8")).hexdigest()
    # Text cells, as every file gives them: the same JSON, written without the encoder's machinery.
    text = "{" + ", ".join([f"{_STRING(k)}: {_STRING(v)}" for k, v in sorted(raw.items())]) + "}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_STRING = json.encoder.encode_basestring  # what the encoder writes a string as, with ensure_ascii=False


def _compact(point: Any) -> dict[str, Any]:
    """A contact point without the values its class would give it anyway (a third of the size)."""
    defaults = _DEFAULTS[type(point)]
    return {k: v for k, v in vars(point).items() if v != defaults.get(k, _MISSING)}


_MISSING = object()
_DEFAULTS = {cls: {name: f.default for name, f in cls.__dataclass_fields__.items()}
             for cls in (EmailPoint, PhonePoint, AddressPoint)}


def record_payload(record: StandardRecord) -> dict[str, Any]:
    payload: dict[str, Any] = {"fields": record.fields}
    for name, points in (("emails", record.emails), ("phones", record.phones), ("addresses", record.addresses)):
        if points:
            payload[name] = [_compact(p) for p in points]
    if record.attributes:
        payload["attributes"] = record.attributes
    return payload


def compact_record_payload(record: StandardRecord) -> dict[str, Any]:
    """`compact_payload(record_payload(record))`, made in one step (see `workbench.store.compact`)."""
    payload: dict[str, Any] = {"fields": record.fields}
    if record.emails:
        emails = []
        for index, e in enumerate(record.emails):
            point: dict[str, Any] = {"address": e.address}
            if e.normalized != e.address.lower():
                point["normalized"] = e.normalized
            if e.kind != "other":
                point["kind"] = e.kind
            _tail(point, e, index)
            emails.append(point)
        payload["emails"] = emails
    if record.phones:
        phones = []
        for index, p in enumerate(record.phones):
            point = {"number": p.number}
            if p.e164 != p.number:
                point["e164"] = p.e164
            if p.kind != "other":
                point["kind"] = p.kind
            _tail(point, p, index)
            phones.append(point)
        payload["phones"] = phones
    if record.addresses:
        addresses = []
        for index, a in enumerate(record.addresses):
            point = {}
            if a.kind != DEFAULT_ADDRESS_KIND:
                point["kind"] = a.kind
            for name in ("street", "street2", "city", "region", "postcode", "country"):
                value = getattr(a, name)
                if value is not None:
                    point[name] = value
            _tail(point, a, index)
            addresses.append(point)
        payload["addresses"] = addresses
    if record.attributes:
        payload["attributes"] = record.attributes
    payload[FORM] = COMPACT
    return payload


def _tail(point: dict[str, Any], source: Any, index: int) -> None:
    if source.is_valid is not True:
        point["is_valid"] = source.is_valid
    if source.problem is not None:
        point["problem"] = source.problem
    if index == 0:
        if source.is_primary is not True:
            point["is_primary"] = False
    elif source.is_primary is not False:
        point["is_primary"] = source.is_primary


def record_from_payload(payload: dict[str, Any] | None) -> StandardRecord:
    """The standardized record a source record was stored with (the inverse of `record_payload`)."""
    payload = payload or {}
    if "fields" not in payload:  # an older payload held only the fields
        return StandardRecord(fields=dict(payload))
    known = {"email": set(EmailPoint.__dataclass_fields__), "phone": set(PhonePoint.__dataclass_fields__),
             "address": set(AddressPoint.__dataclass_fields__)}
    return StandardRecord(
        fields=dict(payload.get("fields") or {}),
        emails=[EmailPoint(**{k: v for k, v in e.items() if k in known["email"]}) for e in payload.get("emails", [])],
        phones=[PhonePoint(**{k: v for k, v in p.items() if k in known["phone"]}) for p in payload.get("phones", [])],
        addresses=[AddressPoint(**{k: v for k, v in a.items() if k in known["address"]})
                   for a in payload.get("addresses", [])],
        attributes=dict(payload.get("attributes") or {}),
    )


def customer_values(record: StandardRecord) -> dict[str, Any]:
    """The golden record's own values as this source record gives them."""
    f = record.fields
    values: dict[str, Any] = {name: f.get(name) for name in CUSTOMER_FIELDS}
    values["kind"] = f.get("kind") or "person"
    values["birth_date"] = date.fromisoformat(f["birth_date"]) if f.get("birth_date") else None
    values["first_seen_at"] = datetime.fromisoformat(f["created_at"]) if f.get("created_at") else None
    values["last_order_at"] = datetime.fromisoformat(f["last_order_at"]) if f.get("last_order_at") else None
    values["order_count"] = f.get("order_count")
    values["total_spent"] = f.get("total_spent")
    values["marketing_consent"] = f.get("marketing_consent") or "unknown"
    values["tags"] = list(f.get("tags") or [])
    values["attributes"] = dict(record.attributes)
    if f.get("external_id"):
        values["attributes"].setdefault("external_id", f["external_id"])
    return values


def stored_texts(cells: Any, record: StandardRecord) -> tuple[str, str]:
    """The JSON texts a record's raw cells (as stored) and standardized payload are packed from."""
    return to_json(cells), to_json(compact_record_payload(record))


# The status rules and the moment an import judges statuses by (see `status_of`).
Statuses = tuple[list[NamedRule], datetime]


def status_of(values: dict[str, Any], statuses: Statuses | None) -> str | None:
    """The lifecycle status a new customer with these values gets, worked out beside its other columns.

    Written with the row, the status does not grow it afterwards: an UPDATE that lengthens every
    row just written splits their pages (about 15 % of the customers table left empty). The import
    still settles statuses in SQL after writing (`recompute_statuses`), which changes nothing where
    this agrees and is the authority where it does not (None: nothing known here)."""
    if statuses is None:
        return None
    rules, now = statuses
    try:  # a customer added now: created and changed at the import's moment
        return first_match(rules, {**values, "created_at": now, "updated_at": now}, now)
    except (RuleError, TypeError, ValueError):  # a rule the SQL side skips, or values it compares otherwise
        return None


def prepare(record_no: int, raw: dict[str, Any], record: StandardRecord, key: str | None, *,
            cells: list[Any] | None = None, headings: tuple[str, ...] | None = None,
            statuses: Statuses | None = None) -> Prepared:
    """Everything a new record writes, computed once, without touching the database.

    `cells` under `headings` is how the raw dict is stored (the row as read, see `compact`);
    without them they are made from the dict."""
    if cells is None or headings is None:
        headings, cells = raw_form(raw)
    for points in (record.emails, record.phones, record.addresses):
        ensure_one_primary(points)
    digest = content_hash(raw)
    values = customer_values(record)
    values.update(derived_columns(
        kind=values["kind"], title=values["title"], first=values["first_name"], middle=values["middle_name"],
        last=values["last_name"], suffix=values["suffix"], company=values["company"],
        emails=record.emails, phones=record.phones, addresses=record.addresses))
    values.update(do_not_contact=False, roles=[])
    values["status"] = status_of(values, statuses)
    return Prepared(
        record_no=record_no, key=key or digest, digest=digest, key_hash=short_hash(key or digest),
        content=int(digest[:8], 16), packed=pack_text(*stored_texts(cells, record)), headings=headings,
        issues_json=to_json(record.issues or None),
        customer=stored_row(_CUSTOMER_FORMS, [values[c] for c in CUSTOMER_COLUMNS]), search_text=values["search_text"],
        emails=_point_rows("emails", record.emails),
        phones=_point_rows("phones", record.phones),
        addresses=_point_rows("addresses", record.addresses),
    )


def unchanged(record_no: int, key: str, digest: str, record_id: int, stored_no: int | None) -> Prepared:
    """A record the master holds with the same key and content: only what finds it and counts it
    (`stored_no`: where the master last read it)."""
    return Prepared(record_no=record_no, key=key, digest=digest, packed=b"", issues_json=None,
                    customer=(), search_text="", key_hash=short_hash(key), content=int(digest[:8], 16),
                    record_id=record_id, same_place=stored_no == record_no)


def _point_rows(attribute: str, points: list) -> list[tuple]:
    values, forms = _POINT_FORMS[attribute]
    return [stored_row(forms, list(values(p))) for p in points]
