"""When two contact points are one: table-driven, one row per way of writing the same thing."""

from __future__ import annotations

import pytest

from workbench.stewardship.consolidation import form, mailbox, says_all_of
from workbench.stewardship.records import PointData, RecordData
from workbench.stewardship.survivorship import SurvivorshipSettings, plan


def address(street=None, postcode=None, city=None, country="DE", street2=None, region=None):
    return {"street": street, "street2": street2, "postcode": postcode, "city": city, "country": country,
            "region": region}


# (description, fuller, lesser or equal, one point?)
ADDRESSES = [
    ("abbreviated street type", address("Hauptstraße 5", "10115", "Berlin"), address("Hauptstr. 5", "10115", "Berlin"),
     True),
    ("case, umlauts written out and spacing", address("Königsallee 92a", "40212", "Düsseldorf"),
     address("KOENIGSALLEE 92 A", "40212", "DUESSELDORF"), True),
    ("house letter apart", address("Königsallee 92a", "40212", "Düsseldorf"),
     address("Königsallee 92 a", "40212", "Düsseldorf"), True),
    ("US street suffix", address("12 Main Street", "62704", "Springfield", "US"),
     address("12 Main St", "62704", "Springfield", "US"), True),
    ("French street type first", address("12, Rue de la République", "69002", "Lyon", "FR"),
     address("12 R. de la Republique", "69002", "Lyon", "FR"), True),
    ("hyphens and spaces in the name", address("Karl-Marx-Straße 3", "10243", "Berlin"),
     address("Karl Marx Straße 3", "10243", "Berlin"), True),
    ("no street: absorbed", address("Hauptstraße 5", "10115", "Berlin"), address(None, "10115", "Berlin"), True),
    ("no house number: absorbed", address("Hauptstraße 5", "10115", "Berlin"),
     address("Hauptstraße", "10115", "Berlin"), True),
    ("only the city: absorbed", address("Hauptstraße 5", "10115", "Berlin"), address(None, None, "Berlin"), True),
    ("no country: no contradiction", address("Hauptstraße 5", "10115", "Berlin"),
     address("Hauptstr. 5", "10115", "Berlin", None), True),
    ("one postcode, the city written longer", address("Zeil 1", "60313", "Frankfurt am Main"),
     address("Zeil 1", "60313", "Frankfurt"), True),
    ("another house number", address("Hauptstraße 5", "10115", "Berlin"), address("Hauptstraße 7", "10115", "Berlin"),
     False),
    ("another postcode", address("Hauptstraße 5", "10115", "Berlin"), address(None, "14467", "Potsdam"), False),
    ("another country", address("Hauptstraße 5", "10115", "Berlin"), address(None, "10115", "Berlin", "AT"), False),
    ("the lesser one says something the fuller does not", address("Hauptstraße 5", None, "Berlin"),
     address(None, "10115", "Berlin"), False),
    ("another flat", address("Ring 1", "10115", "Berlin", street2="Whg. 3"),
     address("Ring 1", "10115", "Berlin", street2="Whg. 4"), False),
]


@pytest.mark.parametrize(("description", "fuller", "lesser", "one"), ADDRESSES, ids=[c[0] for c in ADDRESSES])
def test_addresses(description, fuller, lesser, one):
    # In a merge, an address without a country is read in the customer's country (here Germany).
    fuller, lesser = form("address", fuller, context_country="DE"), form("address", lesser, context_country="DE")
    assert says_all_of(fuller, lesser) is one


@pytest.mark.parametrize(("a", "b", "one"), [
    ("Anna.Mueller@Example.DE", "anna.mueller@example.de", True),
    ("a.n.n.a@gmail.com", "anna@gmail.com", True),  # Gmail ignores dots, as Google documents
    ("anna@googlemail.com", "anna@gmail.com", True),
    ("anna+shop@gmail.com", "anna@gmail.com", False),  # a +tag the customer chose is another address
    ("a.nna@web.de", "anna@web.de", False),  # elsewhere a dot is a letter
])
def test_emails(a, b, one):
    assert (mailbox(a) == mailbox(b)) is one


@pytest.mark.parametrize(("a", "b", "regions", "one"), [
    ({"number": "+49 30 1234567", "e164": "+49301234567"}, {"number": "030 1234567", "e164": None}, ("DE",), True),
    ({"number": "+49 30 1234567", "e164": "+49301234567"}, {"number": "030 1234567", "e164": None}, ("FR",), False),
    ({"number": "+49 30 1234567", "e164": "+49301234567"},
     {"number": "+49 (0)30 123 45 67", "e164": "+49301234567"}, (), True),
    ({"number": "030 1234567", "e164": None}, {"number": "030-123 45 67", "e164": None}, (), True),  # by digits
    ({"number": "+49 30 1234567", "e164": "+49301234567"}, {"number": "+49 30 7654321", "e164": "+49307654321"},
     ("DE",), False),
])
def test_phones(a, b, regions, one):
    assert says_all_of(form("phone", a, regions=regions), form("phone", b, regions=regions)) is one


def record(id_, trust, *points):
    return RecordData(id=id_, values={}, attributes={}, roles=[], tags=[], notes=None, do_not_contact=False,
                      consent_updated_at=None, display_name=f"R{id_}", points={"email": [], "phone": [],
                                                                             "address": list(points)},
                      trust=trust)


def place(id_, kind, source_record, **parts):
    text = ", ".join(str(v) for v in parts.values() if v)
    return PointData(id_, "address", text, text, kind, False, True, source_record, address(**parts))


def test_a_group_keeps_the_fullest_form_and_the_most_telling_kind():
    a = record(1, 70, place(10, "home", 100, street="Hauptstraße 5", postcode="10115", city="Berlin"))
    b = record(2, 60, place(20, "home", 200, postcode="10115", city="Berlin"),
               place(21, "home", 200, street="Gartenweg 2", postcode="14467", city="Potsdam"))
    c = record(3, 50, place(30, "billing", 300, street="Hauptstr. 5", postcode="10115", city="Berlin"))
    kept = plan([a, b, c], SurvivorshipSettings()).points["address"]
    # Of the two fullest forms, the one saying what the address is for (billing) stands for the
    # place; the record without a street adds its evidence, not a point.
    assert sorted((k.point.id, k.kind, sorted(d.id for d in k.duplicates)) for k in kept) == \
        [(21, "home", []), (30, "billing", [10, 20])]
    berlin = next(k for k in kept if k.point.id == 30)
    assert sorted(e.source for e in berlin.evidence) == ["R1", "R2", "R3"]


def test_a_billing_and_a_shipping_address_at_one_place_stay_two_points():
    a = record(1, 70, place(10, "billing", 100, street="Ring 1", postcode="10115", city="Berlin"))
    b = record(2, 60, place(20, "shipping", 200, street="Ring 1", postcode="10115", city="Berlin"),
               place(21, "home", 200, city="Berlin"))
    kept = plan([a, b], SurvivorshipSettings()).points["address"]
    assert sorted(k.kind for k in kept) == ["billing", "shipping"]
    assert sum(len(k.duplicates) for k in kept) == 1  # the city alone went into one of them


def test_one_record_saying_one_place_twice_keeps_it_once():
    a = record(1, 70, place(10, "home", 100, street="Ring 1", postcode="10115", city="Berlin"),
               place(11, "other", 100, postcode="10115", city="Berlin"))
    [kept] = plan([a], SurvivorshipSettings()).points["address"]
    assert (kept.point.id, [d.id for d in kept.duplicates]) == (10, [11])
