"""Standardization of the values people type: table-driven."""

from datetime import date, datetime

import pytest

from workbench.standardize.countries import country_code
from workbench.standardize.emails import match_key, standardize_email
from workbench.standardize.names import looks_like_company, repair_case, split_full_name
from workbench.standardize.phones import standardize_phone
from workbench.standardize.record import standardize_row
from workbench.standardize.values import DMY, MDY, parse_consent, parse_date, parse_datetime, parse_number


@pytest.mark.parametrize("typed, expected", [
    ("MÜLLER-LÜDENSCHEIDT", "Müller-Lüdenscheidt"),
    ("ludwig van beethoven", "Ludwig van Beethoven"),
    ("O'BRIEN", "O'Brien"),
    ("MCDONALD", "McDonald"),
    ("DiCaprio", "DiCaprio"),  # mixed case is left as typed
    ("  anna   maria  ", "Anna Maria"),
    ("", None),
])
def test_repair_case(typed, expected):
    assert repair_case(typed) == expected


@pytest.mark.parametrize("typed, title, first, middle, last, suffix", [
    ("Dr. Hans-Peter von der Müller Jr.", "Dr.", "Hans-Peter", None, "von der Müller", "Jr."),
    ("MÜLLER, ANNA", None, "Anna", None, "Müller", None),
    ("Smith, John A.", None, "John", "A.", "Smith", None),
    ("Mr John Smith III", "Mr", "John", None, "Smith", "III"),
])
def test_split_full_name(typed, title, first, middle, last, suffix):
    parts = split_full_name(typed)
    assert (parts.title, parts.first, parts.middle, parts.last, parts.suffix) == (title, first, middle, last, suffix)


@pytest.mark.parametrize("name, is_company", [
    ("Bäckerei Schmidt GmbH", True), ("Acme Inc.", True), ("Smith & Sons", True), ("Anna Müller", False),
    ("Gmbh", False), ("John Co", True),
])
def test_company_names_are_recognized(name, is_company):
    assert looks_like_company(name) is is_company


@pytest.mark.parametrize("typed, address, valid", [
    ("Anna.Mueller@GMX.DE", "Anna.Mueller@gmx.de", True),
    (" <bob@example.com> ", "bob@example.com", True),
    ("mailto:eve@example.org", "eve@example.org", True),
    ("not-an-email", "not-an-email", False),
    ("two@@example.com", "two@@example.com", False),
])
def test_email_standardization(typed, address, valid):
    value = standardize_email(typed)
    assert (value.address, value.is_valid) == (address, valid)
    assert value.normalized == address.lower()


@pytest.mark.parametrize("normalized, key", [
    ("j.o.h.n+shop@gmail.com", "john@gmail.com"),
    ("john@googlemail.com", "john@gmail.com"),
    ("anna+news@gmx.de", "anna@gmx.de"),
    ("first.last@company.com", "first.last@company.com"),  # dots matter for most providers
    ("first+tag@company.com", "first+tag@company.com"),
])
def test_email_match_key(normalized, key):
    assert match_key(normalized) == key


@pytest.mark.parametrize("typed, region, e164, valid, mobile", [
    ("(415) 555-0134", "US", "+14155550134", True, False),
    ("+1 212 555 2368", None, "+12125552368", True, False),
    ("0151 2345 6789", "DE", "+4915123456789", True, True),
    ("0049 30 1234567", None, "+49301234567", True, False),
    ("'015123456789", "DE", "+4915123456789", True, True),
    ("030 1234567", None, None, False, False),  # national number without a region
    ("call me", "DE", None, False, False),
])
def test_phone_standardization(typed, region, e164, valid, mobile):
    value = standardize_phone(typed, region)
    assert (value.e164, value.is_valid, value.is_mobile) == (e164, valid, mobile)


@pytest.mark.parametrize("typed, code", [
    ("Deutschland", "DE"), ("germany", "DE"), ("DEU", "DE"), ("de", "DE"), ("USA", "US"),
    ("U.K.", "GB"), ("Österreich", "AT"), ("Holland", "NL"), ("España", "ES"), ("Atlantis", None),
])
def test_country_codes(typed, code):
    assert country_code(typed) == code


@pytest.mark.parametrize("typed, order, expected", [
    ("2024-03-04", None, date(2024, 3, 4)),
    ("04.03.2024", DMY, date(2024, 3, 4)),
    ("03/04/2024", MDY, date(2024, 3, 4)),
    ("13/04/2024", None, date(2024, 4, 13)),  # only one reading makes sense
    ("04/13/2024", None, date(2024, 4, 13)),
    ("45000", None, date(2023, 3, 15)),  # an Excel serial
    (45000.0, None, date(2023, 3, 15)),
    ("31.02.2024", DMY, None),
    ("soon", None, None),
])
def test_dates(typed, order, expected):
    assert parse_date(typed, order) == expected


def test_datetimes_keep_the_time():
    assert parse_datetime("2024-03-04T10:20:30Z") == datetime(2024, 3, 4, 10, 20, 30)
    assert parse_datetime("04.03.2024 10:20", DMY) == datetime(2024, 3, 4, 10, 20)


@pytest.mark.parametrize("typed, expected", [
    ("March 3, 2023", datetime(2023, 3, 3)), ("Mar 3rd, 2023", datetime(2023, 3, 3)),
    ("Friday, March 14, 2025 04:20 PM GMT-07:00", datetime(2025, 3, 14, 16, 20)),
    ("Thu, 14 Sep 2023 08:12:40 +0000", datetime(2023, 9, 14, 8, 12, 40)), ("03-Mar-2023", datetime(2023, 3, 3)),
    ("3. März 2023", datetime(2023, 3, 3)), ("1er mars 2024", datetime(2024, 3, 1)),
    ("12 févr. 2024", datetime(2024, 2, 12)), ("3 de marzo de 2023", datetime(2023, 3, 3)),
    ("3 maggio 2023", datetime(2023, 5, 3)), ("3 maart 2023", datetime(2023, 3, 3)),
    ("Sep 14, 2023 12:05 AM", datetime(2023, 9, 14, 0, 5)),
    ("March Madness 2023", None), ("3 May Street 2020", None), ("12 Main Street", None), ("Never", None),
])
def test_dates_with_the_months_name_in_six_languages(typed, expected):
    assert parse_datetime(typed) == expected


@pytest.mark.parametrize("typed, number", [
    ("1.234,56 €", 1234.56), ("$1,234.56", 1234.56), ("12", 12.0), ("36,99", 36.99), ("1,234", 1234.0),
    ("-5.5", -5.5), ("n/a", None), ("", None),
])
def test_numbers(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed, inverted, consent", [
    ("yes", False, "granted"), ("Ja", False, "granted"), ("subscribed", False, "granted"),
    ("no", False, "denied"), ("unsubscribed", False, "unsubscribed"), ("cleaned", False, "bounced"),
    ("yes", True, "unsubscribed"), ("no", True, "unknown"), ("", False, "unknown"), ("maybe", False, "unknown"),
    # six languages, ticks and the states newsletter tools write
    ("sì", False, "granted"), ("vero", False, "granted"), ("falso", False, "denied"), ("waar", False, "granted"),
    ("abonniert", False, "granted"), ("abonné", False, "granted"), ("inscrit", False, "granted"),
    ("iscritto", False, "granted"), ("suscrito", False, "granted"), ("aangemeld", False, "granted"),
    ("désabonné", False, "unsubscribed"), ("desuscrito", False, "unsubscribed"), ("blocklisted", False, "unsubscribed"),
    ("uitgeschreven", False, "unsubscribed"), ("✓", False, "granted"), ("No thanks", False, "denied"),
])
def test_consent(typed, inverted, consent):
    assert parse_consent(typed, inverted=inverted) == consent


def test_a_row_keeps_what_it_cannot_standardize_as_an_issue():
    record = standardize_row([
        ("full_name", "MÜLLER, ANNA"), ("email", "anna@@example"), ("email:work", "anna@firma.de"),
        ("phone", "0151 2345 6789"), ("street:billing", "Hauptstr. 5"), ("postcode:billing", "01067"),
        ("city:billing", "DRESDEN"), ("country:billing", "Deutschland"), ("birth_date", "not a date"),
        ("total_spent", "1.234,50 €"), ("attribute:loyalty tier", "Gold"),
    ])
    assert (record.fields["first_name"], record.fields["last_name"]) == ("Anna", "Müller")
    assert [e.kind for e in record.emails] == ["other", "work"]
    assert record.emails[0].is_valid is False
    assert record.phones[0].e164 == "+4915123456789"  # region taken from the record's country
    address = record.addresses[0]
    assert (address.kind, address.postcode, address.city, address.country) == ("billing", "01067", "Dresden", "DE")
    assert record.fields["total_spent"] == 1234.5
    assert record.attributes == {"loyalty tier": "Gold"}
    problems = {(i["field"], i["problem"]) for i in record.issues}
    assert ("birth_date", "not a date") in problems
    assert any(field == "email" for field, _ in problems)


def test_a_company_in_a_name_column_becomes_an_organization():
    record = standardize_row([("full_name", "Bäckerei Schmidt GmbH"), ("email", "info@schmidt.de")])
    assert record.fields["kind"] == "organization"
    assert "first_name" not in record.fields


def test_numbers_written_with_plus_and_digits_parse_as_phonenumbers_parses_them():
    import random

    import phonenumbers

    from workbench.standardize.phones import parse

    rng = random.Random(7)
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    cases = ["+0123", "+1", "+12", "+123", "+39061234567", "+390612", "+5491123456789", "+521234567890",
             "+4915123129972", "+४९१५१२३१२९९७२"]
    for _ in range(20_000):
        rest = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 16)))
        cases.append(f"+{rng.choice(codes)}{'0' if rng.random() < 0.2 else ''}{rest}")
    for case in cases:
        for region in (None, "DE", "IT", "US"):
            try:
                expected, error = phonenumbers.parse(case, region), None
            except phonenumbers.NumberParseException as exc:
                expected, error = None, exc.error_type
            try:
                got, got_error = parse(case, region), None
            except phonenumbers.NumberParseException as exc:
                got, got_error = None, exc.error_type
            assert (got, got_error) == (expected, error), case
            if got is not None:
                assert (got.italian_leading_zero, got.number_of_leading_zeros) == \
                    (expected.italian_leading_zero, expected.number_of_leading_zeros), case


def test_a_numbers_type_is_the_type_phonenumbers_gives():
    import random

    import phonenumbers
    from phonenumbers import PhoneNumberType

    from workbench.standardize.phones import type_of

    rng = random.Random(3)
    numbers = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE,
                     PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST, PhoneNumberType.VOIP,
                     PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.PAGER, PhoneNumberType.UAN,
                     PhoneNumberType.VOICEMAIL):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            digits = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            numbers.append(digits)
            for _ in range(8):  # its neighbours: other digits at the end, one more or one fewer
                cut = rng.randint(3, 6)
                tail = "".join(rng.choice("0123456789") for _ in range(cut + rng.choice((-1, 0, 0, 1))))
                numbers.append(digits[:-cut] + tail)
    seen = set()
    for text in numbers:
        try:
            number = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException:
            continue
        expected = phonenumbers.number_type(number)
        seen.add(expected)
        assert type_of(number) == expected, text
    assert len(seen) >= 8


@pytest.mark.parametrize("name, firm", [
    ("Pastelaria Doce Aveiro, Lda.", True), ("Quinta do Vale Verde, Unip. Lda.", True), ("Farmácia Central", True),
    ("Boulangerie Dupont", True), ("Construcciones Pérez S.L.", True), ("João Pedro Almeida", False),
    ("Marie Dupont", False), ("Nguyen Van Ky", False)])
def test_legal_forms_and_trades_written_first_mark_a_firm(name, firm):
    from workbench.standardize.names import looks_like_company

    assert looks_like_company(name) is firm
