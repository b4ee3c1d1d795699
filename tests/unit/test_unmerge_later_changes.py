"""Unmerge takes back what the merge did, and only that: what a steward changed since stays.

One test per kind of later change to the survivor: removed and edited contact points,
do-not-contact, consent, names, custom attributes and tags.
"""

from __future__ import annotations

import pytest
from review_data import add_customer
from sqlalchemy.orm.attributes import flag_modified

from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.unmerge import unmerge
from workbench.store.customers import refresh_derived
from workbench.store.models import Customer, MergeEvent


@pytest.fixture
def pair(master):
    """Anna twice: the webshop's record (survivor) and the till's, with one e-mail in common."""
    a = add_customer(master, "Webshop", 70, first_name="Anna", last_name="Müller", email="anna.mueller@example.de",
                     phone="+49 30 1234567", street="Hauptstraße 5", postcode="10115", city="Berlin",
                     country="DE", attribute__tier="Gold", tags="vip")
    b = add_customer(master, "Point of sale", 60, full_name="Anna Mueller", email="ANNA.MUELLER@example.de",
                     mobile="+49 171 2345678", street="Gartenweg 2", postcode="14467", city="Potsdam", country="DE",
                     attribute__store="Mitte", tags="walk-in")
    return a, b


def _merge(master, a, b) -> int:
    return master.write(lambda session: merge_customers(session, MergeRequest([a, b]))).event_id


def _unmerge(master, event_id):
    return master.write(lambda session: unmerge(session, event_id))


def _points(master, customer_id):
    with master.session() as session:
        customer = session.get(Customer, customer_id)
        return (sorted(e.normalized for e in customer.emails), sorted(p.e164 for p in customer.phones),
                sorted(x.city for x in customer.addresses))


def test_contact_points_removed_after_the_merge_stay_removed_and_do_not_contact_stays(master, pair):
    a, b = pair
    event_id = _merge(master, a, b)
    assert _points(master, a) == (["anna.mueller@example.de"], ["+491712345678", "+49301234567"],
                                  ["Berlin", "Potsdam"])
    with master.transaction() as session:  # the steward clears every contact point and blocks contact
        survivor = session.get(Customer, a)
        survivor.emails.clear()
        survivor.phones.clear()
        survivor.addresses.clear()
        survivor.do_not_contact = True
        refresh_derived(survivor)
    result = _unmerge(master, event_id)
    assert "do_not_contact" in result.kept
    assert _points(master, a) == ([], [], [])
    # Nothing the steward removed comes back on the other customer either, not even the copy of
    # the shared e-mail that the merge had dropped.
    assert _points(master, b) == ([], [], [])
    with master.session() as session:
        assert session.get(Customer, a).do_not_contact is True
        assert session.get(Customer, b).merged_into_id is None
        assert session.get(Customer, a).primary_email is None


def test_only_the_points_removed_later_stay_removed(master, pair):
    a, b = pair
    event_id = _merge(master, a, b)
    with master.transaction() as session:  # only the till's mobile was wrong
        survivor = session.get(Customer, a)
        survivor.phones.remove(next(p for p in survivor.phones if p.e164 == "+491712345678"))
        refresh_derived(survivor)
    _unmerge(master, event_id)
    assert _points(master, a) == (["anna.mueller@example.de"], ["+49301234567"], ["Berlin"])
    # The till's record gets back its copy of the shared e-mail (the kept one still exists) and
    # its address, but not the mobile the steward removed.
    assert _points(master, b) == (["anna.mueller@example.de"], [], ["Potsdam"])


def test_a_contact_point_edited_after_the_merge_keeps_the_edit_when_it_goes_back(master, pair):
    a, b = pair
    event_id = _merge(master, a, b)
    with master.transaction() as session:
        address = next(x for x in session.get(Customer, a).addresses if x.city == "Potsdam")
        address.street = "Gartenweg 2a"
        address.kind = "shipping"
    _unmerge(master, event_id)
    with master.session() as session:
        moved_back = session.get(Customer, b).addresses
        assert [(x.street, x.kind) for x in moved_back] == [("Gartenweg 2a", "shipping")]
        assert [x.city for x in session.get(Customer, a).addresses] == ["Berlin"]


def test_consent_and_names_changed_after_the_merge_stay(master, pair):
    a, b = pair
    event_id = _merge(master, a, b)
    with master.transaction() as session:
        survivor = session.get(Customer, a)
        survivor.marketing_consent = "unsubscribed"
        survivor.last_name = "Schmidt"  # married since
        refresh_derived(survivor)
    result = _unmerge(master, event_id)
    assert {"marketing_consent", "last_name"} <= set(result.kept)
    with master.session() as session:
        survivor = session.get(Customer, a)
        assert (survivor.marketing_consent, survivor.last_name) == ("unsubscribed", "Schmidt")
        assert survivor.display_name == "Anna Schmidt"
        assert session.get(Customer, b).last_name == "Mueller"


def test_attributes_and_tags_give_back_only_what_the_merge_added(master, pair):
    a, b = pair
    event_id = _merge(master, a, b)
    with master.session() as session:
        merged = session.get(Customer, a)
        assert merged.attributes == {"tier": "Gold", "store": "Mitte"}
        assert sorted(merged.tags) == ["vip", "walk-in"]
    with master.transaction() as session:
        survivor = session.get(Customer, a)
        survivor.attributes = {**survivor.attributes, "tier": "Platinum"}
        survivor.tags = [*survivor.tags, "newsletter-2026"]
        flag_modified(survivor, "attributes")
    result = _unmerge(master, event_id)
    assert {"attributes", "tags"} <= set(result.kept)
    with master.session() as session:
        survivor = session.get(Customer, a)
        # The steward's edit stays; the till's attribute and tag go back to the till's customer.
        assert survivor.attributes == {"tier": "Platinum"}
        assert sorted(survivor.tags) == ["newsletter-2026", "vip"]
        other = session.get(Customer, b)
        assert other.attributes == {"store": "Mitte"} and other.tags == ["walk-in"]


def test_merges_recorded_before_the_dropped_copies_were_noted_still_keep_removals(master, pair):
    a, b = pair
    event_id = _merge(master, a, b)
    with master.transaction() as session:  # as a merge made by an earlier version stored it
        event = session.get(MergeEvent, event_id)
        event.before = {k: v for k, v in event.before.items() if k != "dropped"}
        survivor = session.get(Customer, a)
        survivor.emails.clear()
        refresh_derived(survivor)
    _unmerge(master, event_id)
    assert _points(master, a)[0] == [] and _points(master, b)[0] == []
