"""Standardization added for imports: streets, postcodes, per-column date order, phone regions."""

from __future__ import annotations

import pytest

from workbench.standardize.addresses import expand_street, format_postcode
from workbench.standardize.record import standardize_row
from workbench.standardize.values import DMY, MDY, decide_date_order


@pytest.mark.parametrize("street, country, expected", [
    ("Hauptstr. 5", "DE", "Hauptstraße 5"), ("Kerkstr. 12", "NL", "Kerkstraat 12"),
    ("12 Oak Ave", "US", "12 Oak Avenue"), ("221B Baker St", "GB", "221B Baker Street"),
    ("St. Mary Rd", "GB", "St. Mary Road"), ("C/ Mayor 3", "ES", "Calle Mayor 3"),
    ("Av. Foch 3", "FR", "Avenue Foch 3"), ("V.le Roma 5", "IT", "Viale Roma 5"),
    ("Hauptstr. 5", None, "Hauptstr. 5"), ("Bahnhofstraße 1", "DE", "Bahnhofstraße 1"),
])
def test_street_types_are_written_out(street, country, expected):
    assert expand_street(street, country) == expected


@pytest.mark.parametrize("postcode, country, expected", [
    ("1067", "DE", ("01067", True)), ("D-80331", "DE", ("80331", True)), ("1234ab", "NL", ("1234 AB", True)),
    ("sw1a2aa", "GB", ("SW1A 2AA", True)), ("123456789", "US", ("12345-6789", True)), ("8001", "CH", ("8001", True)),
    ("7501", "FR", ("07501", True)), ("ABC", "DE", ("ABC", False)), ("k1a0b1", "CA", ("K1A 0B1", True)),
])
def test_postcodes_in_each_country_s_format(postcode, country, expected):
    assert format_postcode(postcode, country) == expected


@pytest.mark.parametrize("values, region, expected", [
    (["03/04/2020", "25/12/2019"], None, DMY), (["03/04/2020", "12/25/2019"], None, MDY),
    (["03.04.2020", "05.06.2021"], "US", DMY), (["03/04/2020"], "US", MDY), (["03/04/2020"], "DE", DMY),
    (["2020-04-03"], None, None),
])
def test_day_or_month_first_is_decided_per_column(values, region, expected):
    assert decide_date_order(values, region) == expected


def test_a_record_uses_the_column_decision_and_its_own_country():
    record = standardize_row([("first_name", "ANNA"), ("last_name", "MÜLLER"), ("birth_date", "03/04/1980"),
                              ("street", "Hauptstr. 5"), ("postcode", "1067"), ("country", "Deutschland"),
                              ("phone", "0171 1234567")], region="US", date_order={"birth_date": MDY})
    assert record.fields["first_name"] == "Anna" and record.fields["last_name"] == "Müller"
    assert record.fields["birth_date"] == "1980-03-04"
    address = record.addresses[0]
    assert (address.street, address.postcode, address.country) == ("Hauptstraße 5", "01067", "DE")
    assert record.phones[0].e164 == "+491711234567"  # the record's country wins over the import's region


def test_invalid_values_are_flagged_not_thrown_away():
    record = standardize_row([("email", "anna(at)example"), ("phone", "12"), ("birth_date", "soon"),
                              ("postcode", "ABC"), ("country", "DE"), ("full_name", "Anna Lee")])
    problems = {issue["field"] for issue in record.issues}
    assert {"email", "phone", "birth_date", "postcode:home"} <= problems
    assert record.emails[0].address == "anna(at)example" and not record.emails[0].is_valid


@pytest.mark.parametrize(("typed", "region", "e164"), [
    ("33612345678", None, "+33612345678"),  # Brevo's SMS column: the country code without its plus
    ("15064014999", None, "+15064014999"),
    ("43664791802", None, "+43664791802"),
])
def test_a_country_code_without_its_plus_is_read_as_one(typed, region, e164):
    from workbench.standardize.phones import standardize_phone
    value = standardize_phone(typed, region)
    assert value.is_valid and value.e164 == e164


def test_a_national_number_without_a_region_is_still_not_guessed():
    from workbench.standardize.phones import standardize_phone
    value = standardize_phone("2125551234", None)  # could be +1 212 or +212 …: no country, no answer
    assert not value.is_valid


@pytest.mark.parametrize(("full", "email", "parts"), [
    ("Carlos Pérez Moreno", "c.perezmoreno@hotmail.es", ("Carlos", None, "Pérez Moreno")),
    ("María García López", "maria.garcia-lopez@gmail.com", ("María", None, "García López")),
    ("John Paul Smith", "jp.smith@example.com", ("John", "Paul", "Smith")),  # a middle name stays one
])
def test_a_double_surname_the_mailbox_writes_together_stays_one_surname(full, email, parts):
    fields = standardize_row([("full_name", full), ("email", email)]).fields
    assert (fields.get("first_name"), fields.get("middle_name"), fields.get("last_name")) == parts
