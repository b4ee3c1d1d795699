"""A filter over golden customers: what a segment saves, what the list and exports apply.

`CustomerFilter` is plain data (JSON in `segments.filter`); `clause()` turns it into a WHERE
clause on `customers` that runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import JSONB

from workbench.store.models import Address, Customer, Source, SourceRecord, utcnow


@dataclass(frozen=True)
class CustomerFilter:
    statuses: tuple[str, ...] = ()  # effective status (override wins); "" means no status
    sources: tuple[str, ...] = ()  # source names: has at least one record from one of them
    countries: tuple[str, ...] = ()  # ISO alpha-2 of the primary address
    consent: tuple[str, ...] = ()  # granted / denied / unsubscribed / bounced / unknown
    roles: tuple[str, ...] = ()  # has any of these roles
    attributes: tuple[tuple[str, str], ...] = ()  # attribute equals value, or its list holds it (all must hold)
    kind: str | None = None  # person / organization
    active_within_days: int | None = None  # ordered or updated within the last N days
    reachable: bool | None = None  # has an e-mail or a phone
    exclude_do_not_contact: bool = False
    regions: tuple[str, ...] = ()  # region/state of the primary address, case-insensitive
    inactive_for_days: int | None = None  # neither ordered nor updated within the last N days

    def is_empty(self) -> bool:
        return self == CustomerFilter()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["attributes"] = [list(pair) for pair in self.attributes]
        defaults = asdict(CustomerFilter())
        return {k: v for k, v in data.items() if v != defaults[k] and v != []}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CustomerFilter:
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                continue
            if key == "attributes":
                values[key] = tuple((str(n), str(v)) for n, v in value)
            elif isinstance(value, list):
                values[key] = tuple(value)
            else:
                values[key] = value
        return cls(**values)

    def clause(self, dialect: str) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = []
        if self.statuses:
            effective = func.coalesce(Customer.status_override, Customer.status)
            named = [s for s in self.statuses if s]
            either = [effective.in_(named)] if named else []
            if "" in self.statuses:
                either.append(effective.is_(None))
            conditions.append(or_(*either))
        if self.sources:
            conditions.append(exists(
                select(SourceRecord.id).join(Source, Source.id == SourceRecord.source_id)
                .where(SourceRecord.customer_id == Customer.id, Source.name.in_(self.sources))))
        if self.countries:
            conditions.append(Customer.primary_country.in_(self.countries))
        if self.consent:
            conditions.append(Customer.marketing_consent.in_(self.consent))
        if self.roles:
            conditions.append(or_(*(_json_array_contains(dialect, Customer.roles, role) for role in self.roles)))
        for name, value in self.attributes:
            conditions.append(_json_value_or_item(dialect, name, value))
        if self.kind:
            conditions.append(Customer.kind == self.kind)
        if self.active_within_days is not None:
            since = utcnow() - timedelta(days=self.active_within_days)
            conditions.append(or_(Customer.last_order_at >= since, Customer.updated_at >= since))
        if self.reachable is not None:
            reachable = or_(Customer.primary_email.isnot(None), Customer.primary_phone.isnot(None))
            conditions.append(reachable if self.reachable else ~reachable)
        if self.exclude_do_not_contact:
            conditions.append(Customer.do_not_contact.is_(False))
        if self.regions:
            folded = [r.strip().lower() for r in self.regions]
            conditions.append(exists(select(Address.id).where(
                Address.customer_id == Customer.id, Address.is_primary.is_(True),
                func.lower(func.trim(Address.region)).in_(folded))))
        if self.inactive_for_days is not None:
            before = utcnow() - timedelta(days=self.inactive_for_days)
            conditions.append(and_(or_(Customer.last_order_at.is_(None), Customer.last_order_at < before),
                                   Customer.updated_at < before))
        return and_(true(), *conditions)


def _json_value_or_item(dialect: str, name: str, value: str) -> ColumnElement[bool]:
    """The attribute `name` is `value`, or is a list (a multi-choice) holding `value`."""
    if dialect == "postgresql":
        return Customer.attributes.cast(JSONB)[name].contains(literal(value, JSONB))
    if dialect == "sqlite":
        path = '$."' + name.replace('"', '""') + '"'
        each = func.json_each(Customer.attributes, path).table_valued("value")
        return exists(select(literal(1)).select_from(each).where(each.c.value == value))
    return Customer.attributes[name].as_string() == value


def _json_array_contains(dialect: str, column, value: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return column.cast(JSONB).contains(literal([value], JSONB))
    if dialect == "sqlite":
        each = func.json_each(column).table_valued("value")
        return exists(select(literal(1)).select_from(each).where(each.c.value == value))
    return false()
