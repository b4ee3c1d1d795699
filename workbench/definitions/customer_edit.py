"""Editing one customer as an undoable operation, with one audit entry per changed field.

`EditCustomer(before, after)` refuses to apply when the customer no longer looks like
`before` (someone else changed it since the editor opened), so an edit or an undo never
overwrites a change it did not see. Contact points keep their ids, and removed ones come back
with their old id (and source record link) on undo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench.definitions.customer_draft import (
    GOLDEN_FIELDS,
    AddressDraft,
    CustomerDraft,
    EmailDraft,
    PhoneDraft,
    check_country,
    check_phone,
    draft_of,
    draft_region,
)
from workbench.definitions.statuses import recompute_statuses
from workbench.errors import WorkbenchError
from workbench.operations import CUSTOMERS, Outcome
from workbench.standardize.emails import standardize_email
from workbench.store.customers import refresh_derived
from workbench.store.models import Address, Customer, Email, Phone, format_master_number, utcnow


def load_customer(session: Session, customer_id: int) -> Customer | None:
    return session.scalar(select(Customer).where(Customer.id == customer_id).options(
        selectinload(Customer.emails), selectinload(Customer.phones), selectinload(Customer.addresses)))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _email_text(e: EmailDraft) -> dict[str, Any]:
    return {"address": e.address, "kind": e.kind, "primary": e.is_primary}


def _phone_text(p: PhoneDraft) -> dict[str, Any]:
    return {"number": p.number, "kind": p.kind, "primary": p.is_primary}


def _address_text(a: AddressDraft) -> dict[str, Any]:
    return {"kind": a.kind, "street": a.street, "street2": a.street2, "postcode": a.postcode, "city": a.city,
            "region": a.region, "country": a.country, "primary": a.is_primary}


def changes(before: CustomerDraft, after: CustomerDraft) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for every difference, in the form the audit log keeps."""
    out: list[tuple[str, Any, Any]] = []
    for spec in GOLDEN_FIELDS:
        old, new = before.fields.get(spec.name), after.fields.get(spec.name)
        if spec.name in after.fields and old != new:
            out.append((spec.name, _plain(old), _plain(new)))
    for name, to_text, old_points, new_points in (
            ("emails", _email_text, before.emails, after.emails),
            ("phones", _phone_text, before.phones, after.phones),
            ("addresses", _address_text, before.addresses, after.addresses)):
        old_list = [to_text(p) for p in old_points]  # type: ignore[operator]
        new_list = [to_text(p) for p in new_points]  # type: ignore[operator]
        if old_list != new_list:
            out.append((name, old_list, new_list))
    for key in sorted(set(before.attributes) | set(after.attributes)):
        if before.attributes.get(key) != after.attributes.get(key):
            out.append((f"attribute:{key}", before.attributes.get(key), after.attributes.get(key)))
    if list(before.roles) != list(after.roles):
        out.append(("roles", list(before.roles), list(after.roles)))
    if (before.status_override, before.status_reason) != (after.status_override, after.status_reason):
        out.append(("status_override", before.status_override, after.status_override))
    return out


@dataclass
class EditCustomer:
    customer_id: int
    before: CustomerDraft
    after: CustomerDraft
    reason: str | None = None
    label: str = ""
    _changes: list[tuple[str, Any, Any]] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.label:
            self.label = f"Edit {format_master_number(self.customer_id)}"

    def apply(self, session: Session) -> Outcome:
        customer = load_customer(session, self.customer_id)
        if customer is None or customer.merged_into_id is not None:
            raise WorkbenchError(f"{format_master_number(self.customer_id)} no longer exists as a customer "
                                 "(it was merged or removed)")
        if draft_of(customer) != self.before:
            raise WorkbenchError(f"{format_master_number(self.customer_id)} was changed elsewhere since it was "
                                 "opened; open it again to see the changes")
        self._changes = changes(self.before, self.after)
        _apply(session, customer, self.after)
        session.flush()
        recompute_statuses(session, [customer.id])
        applied = draft_of(customer)
        inverse = EditCustomer(self.customer_id, applied, self.before, self.reason, self.label)
        return Outcome(inverse, {CUSTOMERS}, {customer.id})

    def audit_entries(self) -> list[dict[str, Any]]:
        reason = self.reason
        entries = []
        for name, old, new in self._changes:
            entry_reason = self.after.status_reason if name == "status_override" and self.after.status_override \
                else reason
            entries.append({"action": "edit", "entity": "customer", "entity_id": self.customer_id, "field": name,
                            "old": old, "new": new, "reason": entry_reason})
        return entries


def _apply(session: Session, customer: Customer, draft: CustomerDraft) -> None:
    now = utcnow()
    for name, value in draft.fields.items():
        if getattr(customer, name) != value:
            if name == "marketing_consent":
                customer.consent_updated_at = now
            setattr(customer, name, list(value) if isinstance(value, list) else value)
    region = draft_region(draft) or customer.primary_country
    _sync(customer.emails, draft.emails, lambda d, e: _set_email(e, d), Email)
    _sync(customer.phones, draft.phones, lambda d, p: _set_phone(p, d, region), Phone)
    _sync(customer.addresses, draft.addresses, _set_address, Address)
    customer.attributes = dict(draft.attributes)
    customer.roles = list(draft.roles)
    customer.status_override = draft.status_override
    customer.status_reason = draft.status_reason
    customer.updated_at = now
    refresh_derived(customer)


def _sync(points: list[Any], drafts: tuple[Any, ...], update, model) -> None:
    """Make `points` (a customer's relationship list) match the drafts, keeping ids where given."""
    existing = {p.id: p for p in points}
    wanted = []
    for draft in drafts:
        point = existing.get(draft.id) if draft.id is not None else None
        if point is None:
            point = model(id=draft.id, source_record_id=draft.source_record_id)
        update(draft, point)
        point.is_primary = draft.is_primary
        wanted.append(point)
    points[:] = wanted


def _set_email(email: Email, draft: EmailDraft) -> None:
    if email.address != draft.address or email.normalized is None:
        value = standardize_email(draft.address)
        email.address, email.normalized = value.address, value.normalized
        email.is_valid, email.problem = value.is_valid, value.problem
    email.kind = draft.kind


def _set_phone(phone: Phone, draft: PhoneDraft, region: str | None) -> None:
    if phone.number != draft.number or phone.e164 is None:
        e164, problem = check_phone(draft.number, region)
        phone.number, phone.e164 = draft.number, e164
        phone.is_valid, phone.problem = problem is None, problem
    phone.kind = draft.kind


def _set_address(draft: AddressDraft, address: Address) -> None:
    for name in ("kind", "street", "street2", "city", "region", "postcode"):
        setattr(address, name, getattr(draft, name))
    code, problem = check_country(draft.country)
    address.country = code if problem is None else None
    address.is_valid, address.problem = problem is None, problem


def customer_names(session: Session, customer_ids: list[int]) -> dict[int, str]:
    """Display names of a few customers (for lists that carry only ids)."""
    names: dict[int, str] = {}
    for start in range(0, len(customer_ids), 500):
        chunk = customer_ids[start:start + 500]
        names.update(session.execute(select(Customer.id, Customer.display_name).where(Customer.id.in_(chunk))).all())
    return {cid: name or "(no name)" for cid, name in names.items()}
