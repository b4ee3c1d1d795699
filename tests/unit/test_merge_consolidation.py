"""A merge keeps one of each contact point, with every record's evidence, and the best primary.

What a steward sees after merging one person from several systems: the same e-mail in other
cases, the same number with and without its country code, the same place abbreviated or
without its street are one point each; the point says which records gave it; unmerge gives
every record its own copies back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from review_data import add_customer, dump
from sqlalchemy import select, update

from workbench.definitions.statuses import recompute_statuses
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.records import load_records
from workbench.stewardship.survivorship import SurvivorshipSettings, load_settings, plan, save_settings
from workbench.stewardship.unmerge import unmerge
from workbench.store.models import Customer, ImportBatch, MergeEvent, SourceRecord


@pytest.fixture
def anna(master):
    """One Anna from four systems, each writing her contact points its own way."""
    shop = add_customer(master, "Webshop", 70, first_name="Anna", last_name="Müller",
                        email="anna.mueller@example.de", phone="+49 30 1234567",
                        street__billing="Hauptstraße 5", postcode__billing="10115", city__billing="Berlin",
                        country__billing="DE")
    till = add_customer(master, "Point of sale", 60, full_name="Anna Mueller", email="ANNA.MUELLER@example.de",
                        phone="030 1234567", street="Hauptstr. 5", postcode="10115", city="Berlin",
                        mobile="+49 171 2345678")  # no country: the number is read in Germany at the merge
    news = add_customer(master, "Newsletter", 40, first_name="Anna", last_name="Müller",
                        email="anna.mueller@example.de", postcode="10115", city="Berlin", country="DE")
    fair = add_customer(master, "Trade fair", 30, full_name="Dr. A. Müller", phone="+49 (0)30 123 45 67",
                        email="a.n.n.a.mueller@googlemail.com", street="Gartenweg 2", postcode="14467",
                        city="Potsdam", country="DE")
    return shop, till, news, fair


def seen(master, when_by_customer):
    """Say when an import last held each customer's source records."""
    with master.transaction() as session:
        for customer_id, when in when_by_customer.items():
            batches = select(SourceRecord.batch_id).where(SourceRecord.customer_id == customer_id)
            session.execute(update(ImportBatch).where(ImportBatch.id.in_(batches)).values(started_at=when))


def _points(master, customer_id):
    with master.session() as session:
        customer = session.get(Customer, customer_id)
        return ([(e.normalized, e.kind, e.is_primary) for e in customer.emails],
                [(p.e164 or p.number, p.kind, p.is_primary) for p in customer.phones],
                [(a.one_line(), a.kind, a.is_primary) for a in customer.addresses])


def test_one_point_for_each_mailbox_number_and_place(master, anna):
    shop, till, news, fair = anna
    event_id = master.write(lambda s: merge_customers(s, MergeRequest(list(anna)))).event_id
    emails, phones, addresses = _points(master, shop)
    assert sorted(e[0] for e in emails) == ["a.n.n.a.mueller@googlemail.com", "anna.mueller@example.de"]
    # "+49 30 1234567", "030 1234567" (read in Germany, where Anna lives) and "+49 (0)30 123 45 67".
    assert sorted(p[0] for p in phones) == ["+491712345678", "+49301234567"]
    # "Hauptstr. 5" and "10115 Berlin" (no street) are the webshop's billing address; Potsdam is another place.
    assert sorted(a[:2] for a in addresses) == [("Gartenweg 2, 14467 Potsdam, DE", "home"),
                                                ("Hauptstraße 5, 10115 Berlin, DE", "billing")]
    for points in (emails, phones, addresses):
        assert sum(p[2] for p in points) == 1
    with master.session() as session:
        event = session.get(MergeEvent, event_id)
        dropped = {t: len(d) for t, d in event.before["dropped"].items()}
    assert dropped == {"email": 2, "phone": 2, "address": 2}


def test_the_kept_point_keeps_every_records_evidence(master, anna):
    """Which records say it, how each wrote it, and when an import last held each of them."""
    shop, till, news, fair = anna
    # The newsletter was exported last, the trade fair list first.
    seen(master, {shop: datetime(2025, 3, 1), till: datetime(2025, 6, 1), news: datetime(2025, 11, 20, 9, 0),
                  fair: datetime(2024, 4, 1)})
    master.write(lambda s: merge_customers(s, MergeRequest(list(anna))))
    with master.session() as session:
        [record] = load_records(session, [shop])
    email = next(p for p in record.points["email"] if p.parts["normalized"] == "anna.mueller@example.de")
    assert sorted(e.source for e in email.evidence) == ["Newsletter", "Point of sale", "Webshop"]
    assert {e.text for e in email.evidence} == {"anna.mueller@example.de", "ANNA.MUELLER@example.de"}
    assert email.seen_at == datetime(2025, 11, 20, 9, 0)
    assert [e.source for e in email.evidence][0] == "Newsletter"  # the newest word first
    address = next(p for p in record.points["address"] if p.parts["city"] == "Berlin")
    assert sorted(e.source for e in address.evidence) == ["Newsletter", "Point of sale", "Webshop"]
    assert "10115 Berlin, DE" in {e.text for e in address.evidence}
    phone = next(p for p in record.points["phone"] if p.parts["e164"] == "+49301234567")
    assert sorted(e.source for e in phone.evidence) == ["Point of sale", "Trade fair", "Webshop"]


def test_unmerge_gives_every_record_its_own_copies_back(master, anna):
    with master.transaction() as session:  # as after any import: statuses follow the rules
        recompute_statuses(session)
    before = dump(master)
    event_id = master.write(lambda s: merge_customers(s, MergeRequest(list(anna), survivor_id=anna[1]))).event_id
    assert dump(master) != before
    result = master.write(lambda s: unmerge(s, event_id))
    assert result.kept == []
    after = dump(master)
    after["decisions"] = [d for d in after["decisions"] if d["merge_event_id"] != event_id]
    assert after == before


def test_the_primary_is_valid_complete_and_most_recently_confirmed_by_the_rule_the_steward_sets(master):
    old = add_customer(master, "Webshop", 70, first_name="Ben", last_name="Ott", email="ben@old.example",
                       street="Ring 1", postcode="10115", city="Berlin", country="DE")
    new = add_customer(master, "CRM", 40, first_name="Ben", last_name="Ott", email="ben@new.example",
                       street="Weg 9", postcode="20095", city="Hamburg", country="DE", phone="+49 40 555 1234")
    partial = add_customer(master, "Newsletter", 30, first_name="Ben", last_name="Ott", email="ben@nope",
                           city="Kiel", country="DE")
    seen(master, {old: datetime(2024, 1, 1), new: datetime(2025, 10, 1), partial: datetime(2025, 11, 1)})

    def primaries(settings=None, **request):
        with master.session() as session:
            chosen = settings or load_settings(session)
            golden = plan(load_records(session, [old, new, partial]), chosen, **request)
        return golden.primary("email").text, golden.primary("address").text

    # Best: the invalid e-mail (though newest) and the address without a street never; then the newest.
    assert primaries() == ("ben@new.example", "Weg 9, 20095 Hamburg, DE")
    assert primaries(SurvivorshipSettings(primary={"email": "trust", "address": "trust"})) == \
        ("ben@old.example", "Ring 1, 10115 Berlin, DE")
    assert primaries(SurvivorshipSettings(primary={"email": "survivor"}))[0] == "ben@old.example"
    with master.session() as session:
        steward = next(p.id for p in load_records(session, [old])[0].points["address"])
    assert primaries(primaries={"address": steward})[1] == "Ring 1, 10115 Berlin, DE"  # the steward's word wins

    with master.transaction() as session:  # saved rules are the merge's rules
        save_settings(session, SurvivorshipSettings(primary={"address": "trust"}))
    master.write(lambda s: merge_customers(s, MergeRequest([old, new, partial])))
    assert [a[0] for a in _points(master, old)[2] if a[2]] == ["Ring 1, 10115 Berlin, DE"]
    assert [e[0] for e in _points(master, old)[0] if e[2]] == ["ben@new.example"]


def test_a_billing_and_a_shipping_address_at_one_place_stay_two(master):
    a = add_customer(master, "Webshop", 70, first_name="Cleo", email="cleo@example.de",
                     street__billing="Ring 1", postcode__billing="10115", city__billing="Berlin",
                     country__billing="DE", street__shipping="Ring 1", postcode__shipping="10115",
                     city__shipping="Berlin", country__shipping="DE")
    b = add_customer(master, "Till", 50, first_name="Cleo", email="cleo@example.de", street="Ring 1",
                     postcode="10115", city="Berlin", country="DE")
    master.write(lambda s: merge_customers(s, MergeRequest([a, b])))
    kinds = sorted(kind for _text, kind, _primary in _points(master, a)[2])
    assert kinds == ["billing", "shipping"]  # the till's home address went into one of them


def test_statuses_come_from_the_merged_evidence_and_the_merged_away_carry_the_survivors(master):
    recent = (datetime.now() - timedelta(days=30)).strftime("%Y-%m-%d")
    prospect = add_customer(master, "Newsletter", 40, first_name="Dora", last_name="Lind",
                            email="dora@example.de", created_at="2019-05-01")
    buyer = add_customer(master, "Webshop", 70, first_name="Dora", last_name="Lind", email="dora@example.de",
                         last_order_at=recent, order_count="2")
    nodate = add_customer(master, "Till", 60, first_name="Dora", last_name="Lind", phone="+49 30 999 888")
    with master.transaction() as session:
        recompute_statuses(session)
    with master.session() as session:
        statuses = {i: session.get(Customer, i).status for i in (prospect, buyer, nodate)}
        golden = plan(load_records(session, [prospect, buyer, nodate]), load_settings(session))
    # Without a date of its own the till's record is not a new prospect: it says nothing about when.
    assert statuses == {prospect: None, buyer: "customer", nodate: None}
    assert golden.value("status") == "customer"  # the preview says what the merge will do
    event_id = master.write(lambda s: merge_customers(s, MergeRequest([prospect, buyer, nodate]))).event_id
    with master.session() as session:
        rows = session.scalars(select(Customer).where(Customer.id.in_([prospect, buyer, nodate]))).all()
        assert {c.status for c in rows} == {"customer"}  # one person, one status
        assert session.get(Customer, prospect).first_seen_at == datetime(2019, 5, 1)
    master.write(lambda s: unmerge(s, event_id))
    with master.session() as session:
        assert {i: session.get(Customer, i).status for i in (prospect, buyer, nodate)} == statuses


def test_evidence_follows_the_imports(tmp_path, master):
    """Imported twice, the shop's record was last seen in the second import, even unchanged."""
    import csv

    from workbench.ingest.importer import import_file

    def write(name, rows):
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Id", "Email", "First name", "Last name", "Street", "Postcode", "City", "Country"])
            writer.writerows(rows)
        return path

    shop = write("shop.csv", [["S1", "eva.berg@example.de", "Eva", "Berg", "Lindenstr. 3", "04109", "Leipzig", "DE"]])
    crm = write("crm.csv", [["C9", "EVA.BERG@example.de", "Eva", "Berg", "", "04109", "Leipzig", "Deutschland"]])
    import_file(master, shop)
    import_file(master, crm)
    with master.session() as session:
        ids = sorted(session.scalars(select(Customer.id)))
    master.write(lambda s: merge_customers(s, MergeRequest(ids)))
    with master.transaction() as session:  # the first imports were a while ago
        session.execute(update(ImportBatch).values(started_at=datetime(2025, 1, 1)))
    import_file(master, shop)  # the same file again: nothing changed, but the shop still says it
    with master.session() as session:
        [golden] = load_records(session, [ids[0]])
        second = session.scalar(select(ImportBatch.started_at).order_by(ImportBatch.id.desc()).limit(1))
    [email] = golden.points["email"]
    [place] = golden.points["address"]
    assert {(e.text, e.seen_at) for e in email.evidence} == {("eva.berg@example.de", second),
                                                            ("EVA.BERG@example.de", datetime(2025, 1, 1))}
    assert email.seen_at == second
    assert place.parts["street"] == "Lindenstraße 3" and len(place.evidence) == 2


def test_the_kept_place_takes_the_parts_only_its_copies_know_and_gives_them_back_at_unmerge(master):
    fuller = add_customer(master, "Webshop", 70, first_name="Jan", last_name="Kowalski", street="Hauptstraße 5",
                          street2="Hinterhaus", postcode="10115", city="Berlin")  # no country
    other = add_customer(master, "Newsletter", 40, first_name="Jan", last_name="Kowalski", street="Hauptstr. 5",
                         postcode="10115", city="Berlin", country="DE")
    with master.transaction() as session:
        recompute_statuses(session)
    before = dump(master)
    event_id = master.write(lambda s: merge_customers(s, MergeRequest([fuller, other]))).event_id
    _, _, addresses = _points(master, fuller)
    assert [a[0] for a in addresses] == ["Hauptstraße 5, Hinterhaus, 10115 Berlin, DE"]
    master.write(lambda s: unmerge(s, event_id))
    after = dump(master)
    after["decisions"] = [d for d in after["decisions"] if d["merge_event_id"] != event_id]
    assert after == before
