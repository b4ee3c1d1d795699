"""Editing a customer: checks as typed, one undoable operation, audit with old and new values."""

from dataclasses import replace
from datetime import date, datetime

import pytest
from customer_factory import make_customer
from sqlalchemy import select

from workbench.definitions.attribute_types import AttributeSpec
from workbench.definitions.customer_draft import (
    FIELDS_BY_NAME,
    AddressDraft,
    EmailDraft,
    PhoneDraft,
    draft_of,
    normalized,
    parse_field,
    problems,
)
from workbench.definitions.customer_edit import EditCustomer, load_customer
from workbench.errors import WorkbenchError
from workbench.operations import run
from workbench.store.models import AuditEntry, Customer
from workbench.store.queries import CustomerListQuery

TODAY = date(2026, 11, 23)
STATUSES = ["customer", "former customer"]
TIER = AttributeSpec("tier", "Tier", "choice", required=True, choices=("gold", "silver"))


@pytest.mark.parametrize(("field", "typed", "value", "problem"), [
    ("first_name", "  Zoë  ", "Zoë", None),
    ("first_name", "", None, None),
    ("suffix", "x" * 41, "x" * 41, "At most 40"),
    ("birth_date", "31.03.1984", date(1984, 3, 31), None),
    ("birth_date", "2030-01-01", date(2030, 1, 1), "in the future"),
    ("birth_date", "1850-01-01", date(1850, 1, 1), "Before 1900"),
    ("birth_date", "soon", "soon", "Not a date"),
    ("last_order_at", "2026-11-01 14:30", datetime(2026, 11, 1, 14, 30), None),
    ("order_count", "12", 12, None),
    ("order_count", "1.5", 1.5, "whole number"),
    ("order_count", "-2", -2, "negative"),
    ("total_spent", "1.234,50 €", 1234.5, None),
    ("total_spent", "lots", "lots", "Not a number"),
    ("marketing_consent", "", "unknown", None),
    ("kind", "robot", "robot", "Choose one of"),
    ("tags", "vip, wholesale; vip", ["vip", "wholesale"], None),
    ("do_not_contact", True, True, None),
])
def test_parse_field(field, typed, value, problem):
    parsed, found = parse_field(FIELDS_BY_NAME[field], typed, today=TODAY)
    assert parsed == value
    assert (found is None) if problem is None else (problem in found)


def draft_for(session, customer_id):
    return draft_of(load_customer(session, customer_id))


def test_problems_name_each_field(sqlite_master):
    with sqlite_master.transaction() as session:
        customer = make_customer(session, first="Anna", last="Weber", attributes={"tier": "gold"})
        draft = draft_for(session, customer.id)
    broken = replace(draft.with_fields(first_name="", last_name="", kind="organization"),
                     emails=(EmailDraft("anna@"), EmailDraft("b@example.de"), EmailDraft("B@Example.de")),
                     phones=(PhoneDraft("12"),),
                     addresses=(AddressDraft(street="Ring 1", country="Atlantis"), AddressDraft()),
                     attributes={"tier": "bronze"}, status_override="vip")
    found = problems(broken, [TIER], STATUSES, today=TODAY)
    assert set(found) == {"company", "email:0", "email:2", "phone:0", "address:0:country", "address:1",
                          "attribute:tier", "status_override", "status_reason"}
    assert "listed twice" in found["email:2"] and "Atlantis" in found["address:0:country"]
    assert "needs a name" in problems(replace(draft.with_fields(first_name="", last_name=""), emails=()),
                                      [], STATUSES, today=TODAY)["first_name"]
    assert problems(draft, [TIER], STATUSES, today=TODAY) == {}


def test_phone_without_country_code_is_read_in_the_addresses_country():
    draft = replace(draft_of(Customer(first_name="A", attributes={}, roles=[])),
                    phones=(PhoneDraft("030 2345678"),), addresses=(AddressDraft(street="Ring 1", country="Germany"),))
    assert problems(draft, [], STATUSES, today=TODAY) == {}
    assert "country code" in problems(replace(draft, addresses=()), [], STATUSES, today=TODAY)["phone:0"]


def test_an_edit_changes_everything_asked_and_undo_restores_it_exactly(master):
    with master.transaction() as session:
        customer = make_customer(session, first="Anna", last="Weber", emails=("anna@example.de",),
                                 phones=(("+49 30 2345678", "home"),),
                                 address={"street": "Ring 1", "postcode": "10115", "city": "Berlin", "country": "DE"},
                                 attributes={"tier": "gold", "imported": "x"}, roles=["buyer"])
        before = draft_for(session, customer.id)
    edited = replace(
        before.with_fields(last_name="Weber-Schmidt", birth_date="1984-03-31", marketing_consent="granted",
                           last_order_at="2026-11-20"),
        emails=(replace(before.emails[0], is_primary=False), EmailDraft("anna.ws@example.com", "work", True)),
        phones=(),
        addresses=(replace(before.addresses[0], street="Ring 2"),),
        attributes={"tier": "SILVER", "imported": "x"}, roles=("buyer", "decision maker"),
        status_override="former customer", status_reason="moved abroad")
    after = normalized(edited, [TIER])
    operation = EditCustomer(customer.id, before, after, reason="customer called")
    outcome = run(master, operation)
    assert outcome.customer_ids == {customer.id} and "customers" in outcome.changed

    with master.session() as session:
        changed = load_customer(session, customer.id)
        assert (changed.display_name, changed.birth_date, changed.primary_email, changed.primary_phone) == \
            ("Anna Weber-Schmidt", date(1984, 3, 31), "anna.ws@example.com", None)
        assert changed.attributes == {"tier": "silver", "imported": "x"} and changed.roles == ["buyer",
                                                                                          "decision maker"]
        assert (changed.status, changed.effective_status) == ("customer", "former customer")
        assert changed.consent_updated_at is not None and changed.addresses[0].street == "Ring 2"
        assert CustomerListQuery("weber-schmidt").count(session) == 1
        entries = {e.field: e for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "edit"))}
        assert (entries["last_name"].old_value, entries["last_name"].new_value) == ("Weber", "Weber-Schmidt")
        assert entries["last_name"].reason == "customer called"
        assert entries["status_override"].reason == "moved abroad"
        assert entries["attribute:tier"].new_value == "silver"
        assert entries["phones"].new_value == [] and len(entries["emails"].new_value) == 2
        old_phone_id = before.phones[0].id

    run(master, outcome.inverse, undoing=True)
    with master.session() as session:
        restored = load_customer(session, customer.id)
        assert draft_of(restored) == before
        assert restored.phones[0].id == old_phone_id and restored.primary_phone == "+49302345678"
        assert restored.status_override is None and CustomerListQuery("weber-schmidt").count(session) == 0


def test_an_edit_refuses_to_overwrite_a_change_it_did_not_see(sqlite_master):
    with sqlite_master.transaction() as session:
        customer = make_customer(session, first="Anna", last="Weber")
        before = draft_for(session, customer.id)
    with sqlite_master.transaction() as session:
        session.get(Customer, customer.id).last_name = "Schmidt"  # someone else, meanwhile
    with pytest.raises(WorkbenchError, match="changed elsewhere"):
        run(sqlite_master, EditCustomer(customer.id, before, before.with_fields(first_name="Anne")))
    with sqlite_master.session() as session:
        assert session.get(Customer, customer.id).first_name == "Anna"


def test_a_merged_away_customer_cannot_be_edited(sqlite_master):
    with sqlite_master.transaction() as session:
        survivor = make_customer(session, first="Anna")
        merged = make_customer(session, first="Ana")
        before = draft_for(session, merged.id)
        merged.merged_into_id = survivor.id
    with pytest.raises(WorkbenchError, match="no longer exists"):
        run(sqlite_master, EditCustomer(merged.id, before, before.with_fields(first_name="Anna")))
