"""Value evidence: what a column's values are, and what they can never be (table-driven).

The samples of real columns come from several countries; none of them may be refused."""

from __future__ import annotations

import csv
import random
import time

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from workbench.ingest.evidence import (
    AMOUNT,
    BOOLEAN,
    COORDINATE,
    COUNTRY,
    DATE,
    EMAIL,
    HASH,
    IP_ADDRESS,
    NAME,
    NUMBER,
    OPAQUE_ID,
    PHONE,
    POSTCODE,
    TIME_ZONE,
    TIMESTAMP,
    URL,
    UUID,
    classify,
    contradicts,
    technical,
    value_class,
    whole_addresses,
)
from workbench.paths import resource_path

REGIONS = ("DE", "AT", "CH", "FR", "BE", "NL", "LU", "IT", "ES", "PT", "GB", "IE", "DK", "SE", "NO", "FI", "PL",
           "CZ", "HU", "GR", "TR", "US", "CA", "MX", "BR", "AR", "AU", "NZ", "JP", "CN", "IN", "ZA", "IL", "AE",
           "SG", "HK", "KR", "RU", "UA", "MA")


def _phones(region: str) -> list[str]:
    """A column of one country's numbers as people and systems type them."""
    out = []
    for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE):
        number = phonenumbers.example_number_for_type(region, kind)
        if number is None:
            continue
        out += [phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
                phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL),
                phonenumbers.format_number(number, PhoneNumberFormat.E164),
                "00" + phonenumbers.format_number(number, PhoneNumberFormat.E164)[1:],
                phonenumbers.format_number(number, PhoneNumberFormat.E164)[1:]]  # stored as a number
    return out


def _sample_rows(name: str) -> list[dict[str, str]]:
    with resource_path("sample", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- single values


@pytest.mark.parametrize("value, expected", [
    ("192.168.0.1", IP_ADDRESS), ("2001:db8::1", IP_ADDRESS), ("::1", IP_ADDRESS), ("10.0.0.12:8080", IP_ADDRESS),
    ("52.52,13.40", COORDINATE), ("52.520008", COORDINATE), ("-122.419416", COORDINATE),
    ("48.137154, 11.576124", COORDINATE), ("52°31'12\"N", COORDINATE),
    ("550e8400-e29b-41d4-a716-446655440000", UUID), ("d41d8cd98f00b204e9800998ecf8427e", HASH),
    ("5f8d0d55b54764421b7156c3", HASH), ("cus_J8a9s7d6f5g4", OPAQUE_ID),
    ("€ 12,50", AMOUNT), ("12.50 EUR", AMOUNT), ("$1,234.56", AMOUNT), ("36,99", AMOUNT), ("CHF 120", AMOUNT),
    ("2024-03-04T10:20:30Z", TIMESTAMP), ("2024-03-04 10:20:30", TIMESTAMP), ("04.03.2024 10:20", TIMESTAMP),
    ("1709550000000", TIMESTAMP),
    ("2024-03-04", DATE), ("04.03.2024", DATE), ("12.2026", DATE), ("09/2026", DATE),  # month and year: paid until ("03/04/2024", DATE), ("12 March 2024", DATE), ("3. Mai 1980", DATE),
    ("Europe/Berlin", TIME_ZONE), ("America/New_York", TIME_ZONE), ("+01:00", TIME_ZONE), ("UTC+1", TIME_ZONE),
    ("CET", TIME_ZONE),
    ("anna@example.de", EMAIL), ("https://example.com/a", URL), ("www.example.com", URL),
    ("+49 30 1234567", PHONE), ("(415) 555-0134", PHONE), ("06.12.34.56.78", PHONE), ("0171/1234567", PHONE),
    ("089.123.45.67", PHONE),  # dotted, but not an IP address: octets are never written with a leading zero
    ("10115", POSTCODE), ("SW1A 2AA", POSTCODE), ("1234 AB", POSTCODE), ("K1A 0B1", POSTCODE),
    ("Deutschland", COUNTRY), ("yes", BOOLEAN), ("Nein", BOOLEAN), ("42", NUMBER), ("1711234567", NUMBER),
    ("Anna", NAME), ("Müller-Lüdenscheidt", NAME), ("Nguyễn", NAME),
    ("", None), ("n/a", None), ("-", None),
])
def test_each_value_is_sorted_into_its_class(value, expected):
    assert value_class(value) == expected


# --------------------------------------------------------------------------- no false alarms


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("target", ["phone", "mobile", "phone:work"])
def test_real_phone_columns_of_many_countries_are_never_refused(region, target):
    assert contradicts(target, _phones(region)) is None


def test_a_phone_column_of_mixed_countries_and_typing_habits_is_never_refused():
    column = [p for region in REGIONS for p in _phones(region)]
    column += ["030 / 123 456 78", "0171-1234567", "+49 (0)171 1234567", "(0 30) 12 34 56", "555-1234",
               "0043 664 1234567", "'015123456789", "n/a", "", "Mobile: 0612345678", "030 123456 ext. 12"]
    random.Random(3).shuffle(column)
    assert contradicts("phone", column) is None
    assert contradicts("phone", column[:200]) is None


POSTCODES = {
    "DE": ["10115", "80331", "01067", "1067", "D-50667"], "AT": ["1010", "8010", "A-6020"], "CH": ["8001", "3011"],
    "FR": ["75002", "13001", "06000", "6000"], "NL": ["1234 AB", "1012 JS", "3011AB", "1234ab"],
    "BE": ["1000", "2000", "B-9000"], "IT": ["00184", "20121", "80100"], "ES": ["28013", "08001"],
    "GB": ["SW1A 2AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "W1A 0AX"], "US": ["90210", "10001", "12345-6789", "02134"],
    "CA": ["K1A 0B1", "M5H 2N2", "H2X1Y4"], "PL": ["00-950", "31-000"], "PT": ["1000-001", "4000-322"],
    "SE": ["114 55", "41101"], "JP": ["100-0001", "530-0001"], "BR": ["01310-100", "20040-002"],
    "IE": ["D02 X285", "T12 AB34"], "IL": ["6100000", "9614303"], "IN": ["110001", "400001"],
    "AR": ["C1425DKA", "B1636"], "LV": ["LV-1050"], "MT": ["VLT 1117"], "DK": ["1050", "8000"],
}


@pytest.mark.parametrize("country", sorted(POSTCODES))
def test_real_postcode_columns_of_many_countries_are_never_refused(country):
    assert contradicts("postcode", POSTCODES[country] * 3) is None
    assert contradicts("postcode:shipping", POSTCODES[country]) is None


def test_a_postcode_column_sorted_by_postcode_is_no_running_number():
    berlin = ["10115", "10117", "10119", "10178", "10179", "10243", "10245", "10247", "10249", "10315", "10317"]
    assert contradicts("postcode", berlin) is None
    assert contradicts("postcode", [p for codes in POSTCODES.values() for p in codes]) is None


def _names(part: str) -> list[str]:
    return [row["name"] for row in _sample_rows("names.csv") if row["part"] == part]


@pytest.mark.parametrize("target, column", [
    ("first_name", _names("first")),
    ("last_name", _names("last")),
    ("first_name", ["José María", "Jean-Luc", "Anne-Marie", "Nguyễn Văn", "王", "Zoë", "D'Angelo", "J.", "Ólafur",
                    "Αλέξανδρος", "Дмитрий", "محمد", "Si", "No", "Jordan", "Chad", "Georgia"]),
    ("last_name", ["O'Brien", "van der Berg", "de la Fuente", "Müller-Lüdenscheidt", "García López", "Smith Jr.",
                   "MCDONALD", "al-Hassan", "Ngô", "李", "Østergaard", "Nußbaum", "Yes"]),
    ("full_name", ["Dr. Hans-Peter Müller", "Smith, John A.", "MÜLLER, Anna", "Maria José García López",
                   "Mr John Smith III", "Prof. Dr. Karl Heinz Meier", "Anna", "Jean-Luc Picard", "Mme Claire Dubois"]),
    ("city", [row["city"] for row in _sample_rows("places.csv")]),
    ("city", ["Frankfurt am Main", "St. Gallen", "'s-Hertogenbosch", "Washington, D.C.", "Halle (Saale)",
              "Saint-Étienne", "Reggio nell'Emilia", "Bad Homburg v. d. Höhe", "Luxembourg", "Monaco", "Paris 16e",
              "New York", "Zürich", "København", "Kraków", "Αθήνα", "東京"]),
    ("region", ["BY", "NRW", "CA", "ON", "Île-de-France", "75", "2A", "Bayern", "Texas", "RM"]),
    ("country", ["DE", "Deutschland", "France (FR)", "276", "USA", "Schweiz/Suisse"]),
    ("street", [row["street"] + " 5" for row in _sample_rows("streets.csv")][:200]),
    ("email", ["anna@example.de", "bob@example.com", "anna(at)example", "", "n/a"]),
    ("birth_date", ["04.03.1980", "1980-03-04", "12/25", "25.12.", "45000", "03/04/80"]),
    ("total_spent", ["36,99", "1.234,56 €", "$12.00", "0", "12"]),
    ("order_count", ["1", "2", "3", "4", "5", "6", "7"]),  # counts may count up
    ("external_id", ["550e8400-e29b-41d4-a716-446655440000", "1", "2"]),  # any value can be an id
    ("notes", ["192.168.0.1"]),
    ("attribute:ip", ["192.168.0.1", "10.0.0.1"]),
])
def test_real_columns_are_never_refused(target, column):
    assert contradicts(target, column) is None


# --------------------------------------------------------------------------- what cannot be


@pytest.mark.parametrize("target, column, reason", [
    ("phone", ["192.168.0.1", "10.0.0.12", "172.16.254.1", "8.8.8.8"],
     "these look like internet (IP) addresses, not phone numbers"),
    ("mobile", ["2001:db8::1", "fe80::1ff:fe23:4567:890a", "::1"], "internet (IP) addresses, not mobile numbers"),
    ("phone:home", ["192.168.0.1", "2001:db8::1", "10.0.0.1"], "internet (IP) addresses"),  # v4 and v6 mixed
    ("postcode", ["52.520008", "48.137154", "50.110924"], "map coordinates (latitude and longitude), not postcodes"),
    ("city", ["52.52,13.40", "48.14,11.58"], "map coordinates"),
    ("first_name", ["550e8400-e29b-41d4-a716-446655440000", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"],
     "technical ids"),
    ("last_name", ["36,99", "€ 12,50", "1.234,56"], "these look like money amounts, not last names"),
    ("full_name", ["2024-03-04T10:20:30Z", "2023-11-02T08:00:00Z"], "dates with times (time stamps), not names"),
    ("phone", ["2024-03-04", "1980-12-25"], "these look like dates, not phone numbers"),
    ("phone", ["Europe/Berlin", "Europe/Paris", "America/New_York"], "these look like time zones, not phone numbers"),
    ("region", ["+01:00", "+02:00", "-05:00"], "these look like time zones, not regions"),
    ("phone", [str(n) for n in range(1, 31)], "running numbers (1, 2, 3 …), such as row numbers or ids, not phone"),
    ("postcode", [str(n) for n in range(1001, 1031)], "running numbers"),
    ("phone", ["12", "7", "120", "33", "4711"], "too short to be phone numbers"),
    ("phone", ["Mobile", "Work", "Home", "Mobile"], "these are plain words, not phone numbers"),
    ("postcode", ["+49 30 1234567", "+49 171 1234567", "030 1234567"], "these look like phone numbers, not postcodes"),
    ("first_name", ["anna@example.de", "bob@example.com"], "e-mail addresses, not first names"),
    ("city", ["10115", "80331", "50667"], "these look like postcodes, not cities"),
    ("email", ["+49 30 1234567", "+33 1 99 04 96 11"], "phone numbers, not e-mail addresses"),
    ("last_name", ["yes", "no", "yes"], "yes/no answers, not last names"),
    ("company", ["https://example.com", "https://example.org/shop"], "web addresses, not company names"),
    ("total_spent", ["anna@example.de"], "e-mail addresses, not amounts"),
])
def test_values_that_cannot_fit_a_target_say_why_in_plain_words(target, column, reason):
    assert reason in (contradicts(target, column) or "")


def test_a_few_odd_values_do_not_speak_for_a_column():
    column = [p for p in _phones("DE")] + ["192.168.0.1"]
    assert contradicts("phone", column) is None
    assert contradicts("phone", []) is None and contradicts("phone", ["", None, "n/a"]) is None


@pytest.mark.parametrize("column, expected", [
    (["192.168.0.1", "10.0.0.1"], "internet (IP) addresses"),
    (["52.520008", "48.137154"], "map coordinates"),
    (["Europe/Berlin", "+01:00"], "time zones"),
    (["+49 30 1234567"], None),
    (["Anna"], None),
])
def test_technical_columns_are_named_for_the_ignore_target(column, expected):
    reason = technical(column)
    assert (reason is None) if expected is None else expected in reason


def test_the_evidence_of_a_column_counts_its_classes():
    evidence = classify(["+49 30 1234567", "anna@example.de", "anna@example.de", "", None, "n/a"])
    assert (evidence.total, evidence.counts) == (3, {PHONE: 1, EMAIL: 2})
    assert evidence.dominant() is None and evidence.dominant(0.6) == EMAIL
    assert classify([str(n) for n in range(10)]).running


def test_two_hundred_values_are_judged_fast():
    column = [p for region in REGIONS for p in _phones(region)][:200]
    value_class.cache_clear()
    started = time.perf_counter()
    for target in ("phone", "postcode", "first_name", "city"):
        contradicts(target, column)
    assert (time.perf_counter() - started) / 4 < 0.02  # well under a millisecond a column in practice


@pytest.mark.parametrize("column, region, expected", [
    (["Hauptstraße 5, 10115 Berlin", "Marienplatz 1\n80331 München", "Kerkstraat 12, 1234 AB Amsterdam"], None, True),
    (["123 Main St  Apt 4  Springfield  IL  62704  US", "1 Infinite Loop  Cupertino  CA  95014  US"], None, True),
    (["Hauptstraße 5", "Marienplatz 1", "Calle de Alcalá, 66", "123 Main St, Apt 4"], None, False),
    (["Hauptstraße 5 10115 Berlin", "Marienplatz 1 80331 München"], "DE", True),
    ([], None, False),
])
def test_a_column_of_whole_addresses_is_recognised(column, region, expected):
    assert whole_addresses(column, region) is expected
