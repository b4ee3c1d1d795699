"""Values read in the row's own context, in the forms real exports write them: table-driven."""

from __future__ import annotations

import pytest

from workbench.standardize.address_cell import parse_address
from workbench.standardize.countries import country_code
from workbench.standardize.multi import split_emails, split_phones, split_tags
from workbench.standardize.names import split_full_name, split_given_names, split_name_cells
from workbench.standardize.record import BIRTHDAY_ATTRIBUTE, standardize_row
from workbench.standardize.values import DMY, MDY, decide_date_order, parse_month_day

# --------------------------------------------------------------------------- 1. phones in the row's country


@pytest.mark.parametrize("country_cell", ["CA", "Canada", "Kanada", "canada", "CAN", "Canadá"])
def test_a_phone_without_country_code_is_read_in_the_country_the_address_names(country_cell):
    record = standardize_row([("phone", "(416) 555-0132"), ("street", "100 Queen St W"), ("city", "Toronto"),
                              ("country", country_cell)], region="DE")
    assert [(p.e164, p.is_valid) for p in record.phones] == [("+14165550132", True)]


@pytest.mark.parametrize("pairs, region, e164", [
    # a country column alone, with no other part of the address
    ([("phone", "(416) 555-0132"), ("country", "Canada")], "DE", "+14165550132"),
    # the billing address's country, and the shipping address's when there is no other
    ([("phone", "030 1234567"), ("city:billing", "Berlin"), ("country:billing", "Deutschland")], "US", "+49301234567"),
    ([("phone", "030 1234567"), ("country:shipping", "DE")], "FR", "+49301234567"),
    # a number with its own country code keeps it, whatever the row's country
    ([("phone", "+33 1 99 04 96 11"), ("country", "Deutschland")], "US", "+33199049611"),
    ([("phone", "0033 1 99 04 96 11"), ("country", "Deutschland")], "US", "+33199049611"),
    # the import's region is the fallback for rows that name no country
    ([("phone", "01 99 04 96 11")], "FR", "+33199049611"),
    # an unknown country is no country: the fallback applies
    ([("phone", "01 99 04 96 11"), ("country", "Atlantis")], "FR", "+33199049611"),
    # a number that is not valid in the row's country but is in the import's region is read there
    ([("phone", "020 7946 0958"), ("country", "France")], "GB", "+442079460958"),
    # a number stored as a number lost its "+": read with the row's country code
    ([("phone", "4917112345678"), ("country", "DE")], "US", "+4917112345678"),
    ([("phone", 33612345678.0), ("country", "FR")], None, "+33612345678"),
    ([("phone", "31612345678"), ("country", "Nederland")], "DE", "+31612345678"),
    ([("phone", "17112345678"), ("country", "DE")], None, "+4917112345678"),  # and one that lost its 0
])
def test_the_import_region_is_only_the_fallback_for_phones(pairs, region, e164):
    record = standardize_row(pairs, region=region)
    assert record.phones[0].e164 == e164
    assert record.phones[0].is_valid


def test_a_home_address_s_country_comes_before_a_shipping_one_for_phones():
    record = standardize_row([("phone", "06 12 34 56 78"), ("country:shipping", "Deutschland"),
                              ("country:billing", "France")])
    assert record.phones[0].e164 == "+33612345678"


# --------------------------------------------------------------------------- 2. country cells


@pytest.mark.parametrize("typed, code", [
    ("France (FR)", "FR"), ("FR", "FR"), ("FRA", "FR"), ("fr", "FR"), ("Frankreich", "FR"), ("Francia", "FR"),
    ("République française", "FR"), ("REPUBLIQUE FRANCAISE", "FR"), ("Frankrijk", "FR"),
    ("United States of America", "US"), ("USA", "US"), ("U.S.", "US"), ("u.s.a.", "US"), ("U.S.A", "US"), ("U.K", "GB"),
    ("Estados Unidos", "US"),
    ("UK", "GB"), ("Great Britain", "GB"), ("Royaume-Uni", "GB"), ("Regno Unito", "GB"),
    ("Deutschland", "DE"), ("Allemagne", "DE"), ("Alemania", "DE"), ("Germania", "DE"), ("Duitsland", "DE"),
    ("Bundesrepublik Deutschland", "DE"), ("D", "DE"),
    ("Nederland", "NL"), ("Pays-Bas", "NL"), ("Paesi Bassi", "NL"), ("the Netherlands", "NL"),
    ("België / Belgique", "BE"), ("Belgique", "BE"), ("Belgien", "BE"),
    ("Schweiz/Suisse", "CH"), ("Schweiz / Suisse / Svizzera", "CH"), ("Zwitserland", "CH"), ("Suiza", "CH"),
    ("Österreich", "AT"), ("Oesterreich", "AT"), ("osterreich", "AT"), ("Autriche", "AT"),
    ("España", "ES"), ("Espana", "ES"), ("Spanje", "ES"), ("Italia", "IT"), ("Italien", "IT"), ("Italië", "IT"),
    ("Kanada", "CA"), ("Canadá", "CA"), ("DE - Deutschland", "DE"), ("Frankreich (FR)", "FR"),
    ("Korea, Republic of", "KR"), ("Deutchland", "DE"),  # one letter off in a long name
])
def test_country_cells_in_every_common_form_give_the_iso_code(typed, code):
    assert country_code(typed) == code


@pytest.mark.parametrize("typed, code", [
    ("Německo", "DE"), ("Slovensko", "SK"), ("Németország", "DE"), ("Vokietija", "DE"), ("Saksamaa", "DE"),
    ("საქართველო", "GE"), ("პოლონეთი", "PL"), ("Ujerumani", "DE"), ("Almanya", "DE"), ("Njemačka", "DE"),
    ("ドイツ", "DE"), ("德国", "DE"), ("한국", "KR"), ("السعودية", "SA"), ("المملكة العربية السعودية", "SA"),
])
def test_country_cells_in_the_languages_of_the_lists_people_keep(typed, code):
    """A Czech, Georgian or Swahili list names countries in its own language (the CLDR's names, and
    phonenumbers' short forms): a country column of them is a country column, and each cell its country."""
    assert country_code(typed) == code


@pytest.mark.parametrize("typed", [
    "Atlantis", "Germany (FR)",  # two different countries: not guessed
    "N/A", "n.a.", "-", "Berlin", "Bayern", "Europe", "Frnace",  # a typo in a short name is not guessed
])
def test_unknown_country_cells_are_not_guessed(typed):
    assert country_code(typed) is None


def test_an_unknown_country_is_flagged_and_the_typed_value_kept_in_the_issue():
    record = standardize_row([("street", "Hauptstraße 5"), ("country", "Atlantis"), ("last_name", "Muster")])
    assert record.addresses[0].country is None and not record.addresses[0].is_valid
    assert {"field": "country:home", "value": "Atlantis", "problem": "unknown country"} in record.issues


# --------------------------------------------------------------------------- 3. names


@pytest.mark.parametrize("first, country, expected", [
    ("Katherine Lee", None, ("Katherine", "Lee")),  # Lee is a given name: a middle name
    ("John A.", None, ("John", "A.")),  # an initial
    ("John Michael", "US", ("John", "Michael")),
    ("Anne-Marie", None, ("Anne-Marie", None)),  # hyphenated: one name
    ("Maria José", None, ("Maria José", None)),  # a known double given name
    ("Jean Pierre", None, ("Jean Pierre", None)),
    ("Karl Heinz", "DE", ("Karl Heinz", None)),
    ("Mary Ann", "US", ("Mary Ann", None)),
    ("Katherine Lee", "FR", ("Katherine Lee", None)),  # where two given names are used together
    ("Ana Lucía", "ES", ("Ana Lucía", None)),
    ("Anna Kowalski", "DE", ("Anna Kowalski", None)),  # the second word is no given name: left alone
    ("ANNA LENA", None, ("Anna Lena", None)),
    ("Jean", None, ("Jean", None)),
])
def test_a_second_given_name_is_a_middle_name_only_when_that_is_clear(first, country, expected):
    assert split_given_names(first, country) == expected


@pytest.mark.parametrize("typed, country, title, first, middle, last, suffix", [
    ("Smith, John A.", None, None, "John", "A.", "Smith", None),
    ("Dr. Hans-Peter Müller", None, "Dr.", "Hans-Peter", None, "Müller", None),
    ("MÜLLER, Anna", None, None, "Anna", None, "Müller", None),
    ("MÜLLER, ANNA", None, None, "Anna", None, "Müller", None),
    ("anna müller", None, None, "Anna", None, "Müller", None),
    ("Katherine Lee Smith", "US", None, "Katherine", "Lee", "Smith", None),
    ("Jean Pierre Dupont", None, None, "Jean Pierre", None, "Dupont", None),
    ("Maria José García López", "ES", None, "Maria José", None, "García López", None),  # two surnames
    ("John Fitzgerald Kennedy", "US", None, "John", "Fitzgerald", "Kennedy", None),
    ("Prof. Dr. Karl Heinz Meier", "DE", "Prof. Dr.", "Karl Heinz", None, "Meier", None),
    ("John Smith JR.", None, None, "John", None, "Smith", "Jr."),
    ("van der Berg, Jan", "NL", None, "Jan", None, "van der Berg", None),
])
def test_full_names_split_right(typed, country, title, first, middle, last, suffix):
    parts = split_full_name(typed, country)
    assert (parts.title, parts.first, parts.middle, parts.last, parts.suffix) == (title, first, middle, last, suffix)


@pytest.mark.parametrize("first, last, title, given, middle, family, suffix", [
    ("Katherine Lee", "Smith", None, "Katherine", "Lee", "Smith", None),
    ("Herr Hans", "Müller", "Herr", "Hans", None, "Müller", None),
    ("Dr. Anna", "Schmidt", "Dr.", "Anna", None, "Schmidt", None),
    ("John", "Smith Jr.", None, "John", None, "Smith", "Jr."),
    ("John", "Smith, III", None, "John", None, "Smith", "III"),
    ("Anna Müller", None, None, "Anna", None, "Müller", None),  # a full name in the first-name column
    ("JOHN", "SMITH", None, "John", None, "Smith", None),
    ("Don", "Smith", None, "Don", None, "Smith", None),  # a given name, not the Spanish title
    ("Anna Müller", "Müller", None, "Anna", None, "Müller", None),  # the whole name in the first-name column
    ("Anna und Peter", None, None, "Anna und Peter", None, None, None),  # a couple: left alone
    ("Bäckerei Schmidt GmbH", None, None, "Bäckerei Schmidt GmbH", None, None, None),  # a company: left alone
    ("Katherine Lee Smith", "Smith", None, "Katherine", "Lee", "Smith", None),
])
def test_first_and_last_name_cells_give_title_middle_name_and_suffix(first, last, title, given, middle, family,
                                                                      suffix):
    parts = split_name_cells(first, last)
    assert (parts.title, parts.first, parts.middle, parts.last, parts.suffix) == (title, given, middle, family, suffix)


def test_a_row_splits_the_first_name_cell_and_keeps_middle_name_and_suffix_columns():
    record = standardize_row([("first_name", "Katherine Lee"), ("last_name", "Smith")])
    assert (record.fields["first_name"], record.fields["middle_name"], record.fields["last_name"]) == \
        ("Katherine", "Lee", "Smith")
    record = standardize_row([("first_name", "Katherine Lee"), ("middle_name", "JANE"), ("last_name", "Smith"),
                              ("suffix", "Jr.")])
    assert (record.fields["first_name"], record.fields["middle_name"], record.fields["suffix"]) == \
        ("Katherine Lee", "Jane", "Jr.")


@pytest.mark.parametrize("contact, company", [
    ("Blumen Koch GmbH", "Blumen Koch GmbH"),  # Xero's ContactName over the person's own name: the firm
    ("Bärbel Müller", None),  # the person's name again: nothing more to keep
])
def test_a_contact_name_beside_first_and_last_name_is_the_company_when_it_reads_as_one(contact, company):
    record = standardize_row([("full_name", contact), ("first_name", "Bärbel"), ("last_name", "Müller"),
                              ("email", "mueller.baerbel@blumen-koch.de")], region="DE")
    assert (record.fields.get("first_name"), record.fields.get("last_name")) == ("Bärbel", "Müller")
    assert record.fields.get("company") == company
    assert record.fields["kind"] == "person"


def test_the_row_s_country_decides_about_two_given_names():
    spain = standardize_row([("full_name", "María José García López"), ("country", "España")])
    assert (spain.fields["first_name"], spain.fields["last_name"]) == ("María José", "García López")
    assert "middle_name" not in spain.fields


# --------------------------------------------------------------------------- 4. tags


@pytest.mark.parametrize("typed, expected", [
    ('event-2024,"event-2024"', ("event-2024",)),
    ('"vip, newsletter"', ("vip", "newsletter")),
    ("* myContacts ::: Customers", ("Customers",)),
    ("Customers ::: VIP ::: * starred", ("Customers", "VIP")),
    ("vip; VIP;  Wholesale ", ("vip", "Wholesale")),
    ("“Stammkunde”", ("Stammkunde",)),
    (":::", ()),
    ("", ()),
])
def test_tags_are_split_unquoted_and_system_groups_dropped(typed, expected):
    assert split_tags(typed) == expected


def test_google_separators_never_become_an_email_a_phone_or_a_tag():
    record = standardize_row([("full_name", "Anna Lee"), ("tags", "* myContacts ::: Customers"),
                              ("email", "anna@x.de ::: anna@y.de"), ("phone", "+49 30 123456 ::: :::"),
                              ("tags", "Customers")])
    assert record.fields["tags"] == ["Customers"]
    assert [e.address for e in record.emails] == ["anna@x.de", "anna@y.de"]
    assert [p.e164 for p in record.phones] == ["+4930123456"]
    assert not record.issues


# --------------------------------------------------------------------------- 5./6. several values in a cell


@pytest.mark.parametrize("typed, expected", [
    ("Phone: 01 99 04 96 11 Mobile: 06 39 98 01 01", ((None, "01 99 04 96 11"), ("mobile", "06 39 98 01 01"))),
    ("0171 1234567 / 030 123456", ((None, "0171 1234567"), (None, "030 123456"))),
    ("030/123456", ((None, "030/123456"),)),  # one number, the area code set off by a slash
    ("0171 / 1234567", ((None, "0171 / 1234567"),)),
    ("Mobile: 0612345678", (("mobile", "0612345678"),)),
    ("Tel. privat: 030 123456", (("home", "030 123456"),)),
    ("(cell) 555-123-4567", (("mobile", "555-123-4567"),)),
    ("Handy 0171 1234567", (("mobile", "0171 1234567"),)),
    ("Tel. privat mobil: 0171 1234567", (("mobile", "0171 1234567"),)),
    ("030 123456 (Büro), 0171 1234567 (mobil)", (("work", "030 123456"), ("mobile", "0171 1234567"))),
    ("Fax: 030-12345-99", (("fax", "030-12345-99"),)),
    ("0612345678 portable", (("mobile", "0612345678"),)),
    ("030 123456 ext. 12", ((None, "030 123456 ext. 12"),)),
    ("+49 30 1234567 ::: +49 171 2345678", ((None, "+49 30 1234567"), (None, "+49 171 2345678"))),
    ("+33 1 99 04 96 11; +33 6 39 98 01 01", ((None, "+33 1 99 04 96 11"), (None, "+33 6 39 98 01 01"))),
    ("(416) 555-0132", ((None, "(416) 555-0132"),)),
    (":::", ()),
    ("call me", ((None, "call me"),)),
])
def test_phone_cells_give_each_number_with_the_kind_its_words_name(typed, expected):
    assert split_phones(typed) == expected


def test_a_row_keeps_every_number_of_a_cell_with_its_kind():
    record = standardize_row([("phone", "Phone: 01 99 04 96 11 Mobile: 06 39 98 01 01"), ("country", "FR")])
    assert [(p.e164, p.kind) for p in record.phones] == [("+33199049611", "other"), ("+33639980101", "mobile")]
    record = standardize_row([("phone", "0171 1234567 / 030 123456")], region="DE")
    assert [(p.e164, p.kind) for p in record.phones] == [("+491711234567", "mobile"), ("+4930123456", "other")]


def test_a_cell_with_one_value_a_line_gives_each_of_them():
    record = standardize_row([("phone", "0171 1234567\n030 123456"), ("email", "a@x.de\nb@y.de"),
                              ("tags", "vip\nnewsletter")], region="DE")
    assert [p.e164 for p in record.phones] == ["+491711234567", "+4930123456"]
    assert [e.address for e in record.emails] == ["a@x.de", "b@y.de"]
    assert record.fields["tags"] == ["vip", "newsletter"]


@pytest.mark.parametrize("target, typed, kind", [
    ("phone:mobile", "030 123456", "mobile"),  # Google's "Phone 1 - Type = Mobile", passed by the profile
    ("phone:work", "030 123456", "work"),
    ("phone:fax", "030 123456", "fax"),
    ("mobile", "030 123456", "mobile"),
    ("phone", "030 123456", "other"),
    ("phone", "0171 1234567", "mobile"),  # the number's own type
    ("phone:work", "Mobil: 0171 1234567", "mobile"),  # the cell's words say more than the column
    ("phone", "Tel. privat: 030 123456", "home"),
])
def test_the_kind_of_a_phone_comes_from_its_words_its_target_or_its_type(target, typed, kind):
    record = standardize_row([(target, typed), ("last_name", "Muster")], region="DE")
    assert [p.kind for p in record.phones] == [kind]


def test_a_phone_cell_without_digits_is_flagged_not_kept():
    record = standardize_row([("phone", "n/a"), ("last_name", "Muster")], region="DE")
    assert record.phones == [] and record.issues[0]["field"] == "phone"


@pytest.mark.parametrize("typed, expected", [
    ("a@x.de; b@y.de", ("a@x.de", "b@y.de")),
    ("a@x.de ::: b@y.de", ("a@x.de", "b@y.de")),
    ("a@x.de, b@y.de", ("a@x.de", "b@y.de")),
    ("a@x.de\nb@y.de", ("a@x.de", "b@y.de")),
    ("Müller, Anna <anna@x.de>", ("anna@x.de",)),
    ("anna@x.de", ("anna@x.de",)),
    ("anna@@example", ("anna@@example",)),  # kept whole, to be flagged
    ("a@x.de; b@@y", ("a@x.de", "b@@y")),
    ("anna(at)example", ("anna(at)example",)),
    (":::", ()),
])
def test_email_cells_give_each_address(typed, expected):
    assert split_emails(typed) == expected


# --------------------------------------------------------------------------- 5. a whole address in one cell


@pytest.mark.parametrize("typed, hint, street, street2, postcode, city, region, country", [
    ("Hauptstraße 5\n10115 Berlin\nGermany", None, "Hauptstraße 5", None, "10115", "Berlin", None, "Germany"),
    ("Hauptstraße 5, 10115 Berlin", None, "Hauptstraße 5", None, "10115", "Berlin", None, None),
    ("Hauptstraße 5 10115 Berlin", "DE", "Hauptstraße 5", None, "10115", "Berlin", None, None),
    ("Acme GmbH\nHauptstraße 5\nD-10115 Berlin", None, "Hauptstraße 5", "Acme GmbH", "D-10115", "Berlin", None, "D"),
    ("Stephansplatz 1\n1010 Wien\nÖsterreich", None, "Stephansplatz 1", None, "1010", "Wien", None, "Österreich"),
    ("Bahnhofstrasse 1, CH-8001 Zürich", None, "Bahnhofstrasse 1", None, "CH-8001", "Zürich", None, "CH"),
    ("12 rue de la Paix, 75002 Paris, France", None, "12 rue de la Paix", None, "75002", "Paris", None, "France"),
    ("75 Boulevard Haussmann, 75008, Paris", None, "75 Boulevard Haussmann", None, "75008", "Paris", None, None),
    ("Kerkstraat 12, 1234 AB Amsterdam, Nederland", None, "Kerkstraat 12", None, "1234 AB", "Amsterdam", None,
     "Nederland"),
    ("Rue de la Loi 16, 1000 Bruxelles, Belgique", None, "Rue de la Loi 16", None, "1000", "Bruxelles", None,
     "Belgique"),
    ("Via Roma 5, 00184 Roma RM, Italia", None, "Via Roma 5", None, "00184", "Roma", "RM", "Italia"),
    ("Via Roma 5\n00184 Roma (RM)", "IT", "Via Roma 5", None, "00184", "Roma", "RM", None),
    ("Calle de Alcalá, 66, 28014 Madrid, España", None, "Calle de Alcalá, 66", None, "28014", "Madrid", None,
     "España"),
    ("10 Downing Street, London, SW1A 2AA, United Kingdom", None, "10 Downing Street", None, "SW1A 2AA", "London",
     None, "United Kingdom"),
    ("123 Main St, Apt 4, Springfield, IL 62704, USA", None, "123 Main St", "Apt 4", "62704", "Springfield", "IL",
     "USA"),
    ("1600 Pennsylvania Avenue NW, Washington, DC 20500", None, "1600 Pennsylvania Avenue NW", None, "20500",
     "Washington", "DC", None),
    ("100 Queen St W, Toronto, ON M5H 2N2, Canada", None, "100 Queen St W", None, "M5H 2N2", "Toronto", "ON",
     "Canada"),
    # Mailchimp: street, street 2, city, region, postcode, country, two spaces apart, empty ones kept
    ("123 Main St  Apt 4  Springfield  IL  62704  US", None, "123 Main St", "Apt 4", "62704", "Springfield", "IL",
     "US"),
    ("123 Main St    Springfield  IL  62704  US", None, "123 Main St", None, "62704", "Springfield", "IL", "US"),
    ("Hauptstr. 5    Berlin  BE  10115  DE", None, "Hauptstr. 5", None, "10115", "Berlin", "BE", "DE"),
    ("Hauptstraße 5, Berlin", None, "Hauptstraße 5", None, None, "Berlin", None, None),
    # lines written as HTML breaks (ERPNext's address display)
    ("9 Weavers Row<br>Halifax<br>HX1 2PQ<br>United Kingdom<br>", None, "9 Weavers Row", None, "HX1 2PQ", "Halifax",
     None, "United Kingdom"),
])
def test_a_whole_address_in_one_cell_is_split_into_its_parts(typed, hint, street, street2, postcode, city, region,
                                                             country):
    parts = parse_address(typed, hint)
    assert (parts.street, parts.street2, parts.postcode, parts.city, parts.region, parts.country) == \
        (street, street2, postcode, city, region, country)
    assert parts.complete


def test_an_address_cell_that_cannot_be_split_is_kept_as_the_street_and_flagged():
    assert not parse_address("somewhere over the rainbow").complete
    record = standardize_row([("last_name", "Muster"), ("address", "somewhere over the rainbow")])
    assert record.addresses[0].street == "somewhere over the rainbow"
    assert record.issues[0]["field"] == "address:home"


def test_the_address_target_fills_a_standardized_address_of_its_kind():
    record = standardize_row([("last_name", "Muster"), ("phone", "030 1234567"),
                              ("address:billing", "Hauptstr. 5\n1067 DRESDEN\nDeutschland"),
                              ("address:shipping", "123 Main St  Apt 4  Springfield  IL  62704  US")], region="FR")
    billing, shipping = record.addresses
    assert (billing.kind, billing.street, billing.postcode, billing.city, billing.country) == \
        ("billing", "Hauptstraße 5", "01067", "Dresden", "DE")
    assert (shipping.kind, shipping.street2, shipping.region, shipping.postcode, shipping.country) == \
        ("shipping", "Apt 4", "IL", "62704", "US")
    assert record.phones[0].e164 == "+49301234567"  # the billing address's country, not the import's region
    assert not record.issues


def test_address_columns_of_their_own_win_over_the_whole_address_cell():
    record = standardize_row([("last_name", "Muster"), ("address", "Hauptstraße 5, 10115 Berlin"),
                              ("city", "Berlin-Mitte"), ("country", "DE")])
    address = record.addresses[0]
    assert (address.street, address.postcode, address.city, address.country) == \
        ("Hauptstraße 5", "10115", "Berlin-Mitte", "DE")


def test_a_whole_address_is_read_in_the_country_of_the_row_or_the_import():
    record = standardize_row([("last_name", "Muster"), ("address", "Kerkstraat 12\n1234ab Amsterdam")], region="NL")
    address = record.addresses[0]
    assert (address.street, address.postcode, address.city) == ("Kerkstraat 12", "1234 AB", "Amsterdam")


# --------------------------------------------------------------------------- 7. a birthday without a year


@pytest.mark.parametrize("typed, order, expected", [
    ("12/25", None, (12, 25)),  # Mailchimp: month/day
    ("03/04", MDY, (3, 4)),
    ("03/04", DMY, (4, 3)),
    ("03/04", None, (3, 4)),  # a slash without a decision: month first, as Mailchimp writes it
    ("25.12.", None, (12, 25)),  # a dot: day first
    ("25/12", None, (12, 25)),  # only one reading makes sense
    ("--12-25", None, (12, 25)),  # ISO 8601 and vCard
    ("02/29", None, (2, 29)),
    ("02/30", None, None),
    ("13/13", None, None),
    ("12/25/1980", None, None),  # has a year: a date, not this
])
def test_a_birthday_without_a_year_gives_month_and_day(typed, order, expected):
    assert parse_month_day(typed, order) == expected


def test_a_birthday_without_a_year_is_kept_as_month_and_day_never_with_an_invented_year():
    record = standardize_row([("last_name", "Muster"), ("birth_date", "12/25")])
    assert "birth_date" not in record.fields
    assert record.attributes[BIRTHDAY_ATTRIBUTE] == "--12-25"
    assert not record.issues  # accepted as it is, not a problem
    record = standardize_row([("last_name", "Muster"), ("birth_date", "03/04/1980")], date_order={"birth_date": DMY})
    assert record.fields["birth_date"] == "1980-04-03" and BIRTHDAY_ATTRIBUTE not in record.attributes


def test_the_day_or_month_order_of_a_birthday_column_without_years_is_decided_from_its_values():
    assert decide_date_order(["03/04", "12/25", "01/02"]) == MDY
    assert decide_date_order(["03.04.", "25.12."]) == DMY


@pytest.mark.parametrize("pairs, region, street", [
    ([("street", "Rathmines Road Upper"), ("street", "112"), ("country", "Ireland")], "DE", "112 Rathmines Road Upper"),
    ([("street", "Main Street"), ("street", "12a")], "US", "12a Main Street"),
    ([("street", "rue de la Paix"), ("street", "7")], "FR", "7 rue de la Paix"),
    ([("street", "Dorpsstraat"), ("street", "14"), ("country", "NL")], "GB", "Dorpsstraat 14"),
    ([("street", "Marszałkowska"), ("street", "84")], "PL", "Marszałkowska 84"),
    # a street that has its number already keeps what follows where it was written
    ([("street", "12 Main Street"), ("street", "Apt 4")], "US", "12 Main Street Apt 4"),
])
def test_a_house_number_given_in_its_own_column_is_placed_as_the_country_writes_it(pairs, region, street):
    (address,) = standardize_row(pairs, region=region).addresses
    assert address.street == street


def test_what_follows_a_house_number_column_stays_after_the_number():
    pairs = [("street:shipping", "Keizersgracht"), ("street:shipping", "221"), ("street:shipping", "A"),
             ("country:shipping", "NL")]
    (address,) = standardize_row(pairs, region="NL").addresses
    assert address.street == "Keizersgracht 221 A"
    (address,) = standardize_row([("street", "Main Street"), ("street", "12"), ("street", "Apt 4")], region="US").addresses
    assert address.street == "12 Main Street Apt 4"


@pytest.mark.parametrize("text, region, first, middle, last", [
    ("Nguyễn Thị Thu Hằng", None, "Hằng", "Thị Thu", "Nguyễn"),  # Vietnamese: family, middle, the given name last
    ("Lê Văn Phúc", "DE", "Phúc", "Văn", "Lê"),  # a Vietnamese name in a German shop's list
    ("Le Van Phuc", "VN", "Phuc", "Van", "Le"),  # without its letters, told by the country
    ("Kovács Anna", "HU", "Anna", None, "Kovács"),  # Hungarian: family name first
    ("dr. Nagy Péter János", "HU", "Péter", "János", "Nagy"),
    ("Anna Kovács", "HU", "Anna", None, "Kovács"),  # written the other way round, as an international shop does
    ("Nagy, Anna", "HU", "Anna", None, "Nagy"),
    ("John Smith", "VN", "John", None, "Smith"),
    ("Anna Kovács", None, "Anna", None, "Kovács"),
    ("Bianchi Rosa", "IT", "Rosa", None, "Bianchi"),  # an Italian list kept surname first ("Cognome Nome")
    ("Popescu Andreea", "RO", "Andreea", None, "Popescu"),
    ("Marco Rossi", "IT", "Marco", None, "Rossi"),
    ("Bianchi Rosa", None, "Bianchi", None, "Rosa"),  # nobody says where: as written
])
def test_names_written_family_name_first_are_split_so(text, region, first, middle, last):
    parts = split_full_name(text, region)
    assert (parts.first, parts.middle, parts.last) == (first, middle, last)


def test_a_persons_name_in_a_ledgers_customer_column_is_a_person_and_shown_family_name_first():
    from workbench.store.customers import display_name

    record = standardize_row([("company", "Nguyễn Thị Thu Hằng"), ("phone", "0912 555 347")], region="VN")
    assert record.fields["kind"] == "person" and "company" not in record.fields
    assert (record.fields["first_name"], record.fields["last_name"]) == ("Hằng", "Nguyễn")
    assert display_name("person", None, "Hằng", "Thị Thu", "Nguyễn", None, None) == "Nguyễn Thị Thu Hằng"
    firm = standardize_row([("company", "Công ty TNHH Thương mại Phúc An")], region="VN")
    assert firm.fields["kind"] == "organization" and firm.fields["company"] == "Công ty TNHH Thương mại Phúc An"
    assert standardize_row([("company", "Hans Müller")], region="DE").fields["kind"] == "organization"
