"""Household suggestions: same address with the same surname or the same landline, never twice."""

import pytest
from customer_factory import make_customer
from sqlalchemy import select

from workbench.definitions import households, relationships
from workbench.operations import run
from workbench.store.models import Customer, CustomerRelationship, MatchCandidate

HOME = {"street": "Hauptstraße 5", "postcode": "10115", "city": "Berlin", "country": "DE"}
LANDLINE = ("030 2345678", "home")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Hauptstr. 5", "Hauptstraße 5", True),
    ("HAUPTSTRASSE 5", "Haupt-Str. 5", True),
    ("12 Main St.", "12 Main Street", True),
    ("Dorpsstr. 3", "Dorpsstraat 3", True),
    ("Hauptstraße 5", "Hauptstraße 5a", False),
    ("Hauptstraße 5", "Hauptstraße 7", False),
])
def test_address_keys(a, b, same):
    assert (households.address_key(a, "10115", None, "DE") == households.address_key(b, "10 115", None, "DE")) \
        is same


def suggested(session):
    return {(r.from_customer_id, r.to_customer_id): r.note for r in session.scalars(
        select(CustomerRelationship).where(CustomerRelationship.state == "suggested"))}


def test_suggestions_by_surname_and_by_landline_but_not_for_the_same_person(master):
    with master.transaction() as session:
        anna = make_customer(session, first="Anna", last="Müller", address=HOME, emails=("anna@example.de",),
                             phones=(LANDLINE,))
        jonas = make_customer(session, first="Jonas", last="MÜLLER", address={**HOME, "street": "Hauptstr. 5"})
        lodger = make_customer(session, first="Kim", last="Berg", phones=(LANDLINE,), address=HOME)
        anna_again = make_customer(session, first="A.", last="Müller", address=HOME)
        make_customer(session, first="Paul", last="Weber", phones=(("0151 23456789", "mobile"),), address=HOME)
        make_customer(session, first="Lena", last="Müller", address={**HOME, "street": "Hauptstraße 7"})
        make_customer(session, company="Müller GmbH", address=HOME)
        counts = households.suggest_households(session)
        pairs = suggested(session)
    assert pairs == {(anna.id, jonas.id): households.SAME_SURNAME, (anna.id, lodger.id): households.SAME_LANDLINE,
                     (jonas.id, anna_again.id): households.SAME_SURNAME}
    assert counts.suggested == 3 and counts.same_person == 1  # Anna and "A. Müller" are left to matching


def test_dismissed_and_known_pairs_are_not_suggested_again(master):
    with master.transaction() as session:
        a = make_customer(session, first="Anna", last="Rossi", address=HOME)
        b = make_customer(session, first="Marco", last="Rossi", address=HOME)
        c = make_customer(session, first="Sara", last="Rossi", address=HOME)
        session.add(MatchCandidate(customer_a_id=b.id, customer_b_id=c.id, score=0.8))
        assert households.suggest_households(session).suggested == 2
    with master.session() as session:
        rows = households.suggestions(session)
        assert [(r.a_id, r.b_id, r.reason) for r in rows] == [(a.id, b.id, households.SAME_SURNAME),
                                                            (a.id, c.id, households.SAME_SURNAME)]
        assert rows[0].address == "Hauptstraße 5, 10115 Berlin, DE"
        dismiss = relationships.set_state(session, [rows[0].id], relationships.DISMISSED)
        accept = relationships.set_state(session, [rows[1].id], relationships.ACTIVE)
    run(master, dismiss)
    run(master, accept)
    with master.transaction() as session:
        again = households.suggest_households(session)
        assert again.suggested == 0 and again.already_known == 3
        assert households.suggestion_count(session) == 0
        related = relationships.relationships_of(session, c.id)
        assert [(r.label, r.other_id, r.state) for r in related] == [("household member", a.id, "active")]


def test_undoing_an_accept_makes_it_a_suggestion_again(sqlite_master):
    with sqlite_master.transaction() as session:
        make_customer(session, first="Anna", last="Rossi", address=HOME)
        make_customer(session, first="Marco", last="Rossi", address=HOME)
        households.suggest_households(session)
        rid = households.suggestions(session)[0].id
    outcome = run(sqlite_master, relationships.set_state(sqlite_master.session(), [rid], relationships.ACTIVE))
    assert "relationships" in outcome.changed
    run(sqlite_master, outcome.inverse, undoing=True)
    with sqlite_master.session() as session:
        assert households.suggestion_count(session) == 1


def test_a_crowded_address_is_skipped(sqlite_master):
    with sqlite_master.transaction() as session:
        for number in range(households.MAX_HOUSEHOLD + 1):
            make_customer(session, first=f"Person{number}", last="Student", address=HOME)
        counts = households.suggest_households(session)
    assert (counts.suggested, counts.skipped_large) == (0, 1)


def test_a_typo_in_a_first_name_is_one_person_not_a_household(master):
    with master.transaction() as session:
        make_customer(session, first="Aurelia", last="Gute", address=HOME)
        make_customer(session, first="Aurekia", last="Gute", address=HOME)
        make_customer(session, first="Marta", last="Gute", address=HOME)
        counts = households.suggest_households(session)
        names = {frozenset((session.get(Customer, a).first_name, session.get(Customer, b).first_name))
                 for a, b in suggested(session)}
    assert frozenset(("Aurelia", "Aurekia")) not in names  # a slip of the keyboard: left to matching
    assert frozenset(("Aurelia", "Marta")) in names and frozenset(("Aurekia", "Marta")) in names
    assert counts.same_person == 1


def test_a_couple_with_one_household_account_is_a_household(master):
    with master.transaction() as session:
        anna = make_customer(session, first="Anna", last="Schmidt", address=HOME, emails=("familie.weber@gmx.de",))
        jonas = make_customer(session, first="Jonas", last="Weber", address=HOME, emails=("familie.weber@gmx.de",))
        households.suggest_households(session)
        pairs = suggested(session)
    assert pairs == {(anna.id, jonas.id): households.SHARED_EMAIL}


@pytest.mark.parametrize(("a", "b", "typo"), [
    ("aurelia", "aurekia", True), ("michael", "micheal", True), ("kristina", "kristiina", True),
    ("anna", "hanna", False), ("jan", "jana", False), ("maria", "mario", False),
    ("christian", "christina", False), ("marta", "maria", False),
])
def test_typos_of_first_names(a, b, typo):
    assert households.typo_of(a, b) is typo
