"""Rules of the generic mapping found on the earlier held-out sets once they were scored (and so
became tuning material): words run together, continued headings, short consent questions, more
languages, and values written in ways the readers did not know."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import pytest

from workbench.ingest.heading_words import run_apart, target_for_heading
from workbench.ingest.mapping import plausible, propose_mapping
from workbench.ingest.mapping_rules import continued_headings
from workbench.standardize.values import (
    parse_consent,
    parse_datetime,
    parse_epoch,
    parse_month_day,
    parse_period_start,
    parse_yes_no,
)


@contextmanager
def imported(master, path, content: str | bytes, options=None):
    """A session on the master after a file of `content` (text, or bytes in some encoding) is imported
    with default settings, or with `options`."""
    from workbench.ingest.importer import import_file

    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    import_file(master, path, options)
    with master.session() as session:
        yield session


def imported_addresses(master, path, text: str) -> list:
    """The address points a file of `text` leaves in the master, imported with default settings."""
    from sqlalchemy import select

    from workbench.store.models import Address

    with imported(master, path, text) as session:
        return list(session.scalars(select(Address)))


@pytest.mark.parametrize("heading, target", [
    ("billingaddress1", "street:billing"), ("billingaddress2", "street2:billing"), ("postalcode", "postcode"),
    ("companyname", "company"), ("customernumber", "external_id"), ("customerid", "external_id"),
    ("emailsubscriber", "marketing_consent"), ("datelastorder", "last_order_at"),
])
def test_words_run_together_are_read_as_the_words(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading", ["username", "nickname", "Total Donation Amount", "emailstatus", "password"])
def test_a_word_of_its_own_is_not_split_into_words_it_happens_to_contain(heading):
    assert target_for_heading(heading) is None


def test_a_split_needs_long_enough_known_words():
    assert run_apart(["donation"]) == ["donation"]  # not "do nation"
    assert run_apart(["customerid"]) == ["customer", "id"]


def test_a_continued_heading_belongs_to_the_block_before_it():
    columns = ["Co./Last Name", "Addr 1 - Line 1", "- Line 2", "- City", "- ZIP Code", "- Phone #1", "Notes"]
    assert continued_headings(["Addr 1 - Line 1", "- Zustellung"])["- Zustellung"] == "Addr 1 - Zustellung"
    assert continued_headings(columns)["- City"] == "City"  # a part known alone is read alone
    samples = {"- City": ["Portland", "Nashua"], "- ZIP Code": ["04101", "03060"],
               "- Phone #1": ["(207) 555-0101", "(603) 555-0112"]}
    mapping, _, _ = propose_mapping(columns, samples)
    assert mapping["Addr 1 - Line 1"] == "street"
    assert mapping["- Line 2"] == "street2"
    assert mapping["- City"] == "city" and mapping["- ZIP Code"] == "postcode" and mapping["- Phone #1"] == "phone"
    assert mapping["Notes"] == "notes"


@pytest.mark.parametrize("heading", [
    "Newsletter (O/N)", "promotional emails", "Would you like to hear about future events?",
    "Veut recevoir l'infolettre?", "Aceita receber promoções?", "Consenso privacy/marketing (sì/no)",
    "Souhlas s newsletterem", "Hírlevél",
])
def test_short_consent_questions_and_their_answer_hints(heading):
    assert target_for_heading(heading) == "marketing_consent"


@pytest.mark.parametrize("heading", ["How did you hear about us?", "Agree to terms?", "Unsubscribe Reason",
                                     "Werbung per Post erlaubt (j/n)"])
def test_what_is_not_e_mail_marketing_consent(heading):
    assert target_for_heading(heading) in (None, "attribute") or not target_for_heading(heading).startswith(
        "marketing_consent")


def test_a_french_o_n_column_is_consent_read_as_yes_and_no():
    assert plausible("marketing_consent", ["O", "N", "O"])
    assert parse_consent("O") == "granted" and parse_consent("N") == "denied"


@pytest.mark.parametrize("heading, target", [
    # Czech and Slovak
    ("Jméno", "first_name"), ("Příjmení", "last_name"), ("Ulice a č.p.", "street"), ("PSČ", "postcode"),
    ("Stát", "country"), ("Datum registrace", "created_at"), ("Poznámka", "notes"),
    # Croatian, Serbian, Slovene
    ("Ime", "first_name"), ("Prezime", "last_name"), ("Poštanski broj", "postcode"), ("Grad", "city"),
    ("Datum rođenja", "birth_date"), ("Napomena", "notes"), ("Država", "country"),
    # Hungarian
    ("Vezetéknév", "last_name"), ("Keresztnév", "first_name"), ("Irányítószám", "postcode"),
    ("Település", "city"), ("Utca, házszám", "street"), ("Születési dátum", "birth_date"),
    ("Első vásárlás", "created_at"), ("Megjegyzés", "notes"),
    # address parts and messengers
    ("Colonia", "street2"), ("Compl.", "street2"), ("Edo.", "region"), ("Whats", "mobile"),
    ("House No./Name", "street"), ("Tél. maison", "phone:home"), ("Naam + voornaam", "full_name"),
    ("Date purchased", "created_at"), ("Addr 1 Line 3", "street2"),
])
def test_more_languages_and_address_words(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading, target", [
    ("LGL Constituent ID", "external_id"), ("External Unique ID", "external_id"), ("External User ID", None),
    ("billing_info_id", None), ("account_address1", "street"), ("Account Name", "company"),
    ("Address Company", "company"), ("Event Start Time", None), ("Occasion Start Date", None),
    ("Start Date", "created_at"),
])
def test_whose_id_whose_address_and_whose_start(heading, target):
    assert target_for_heading(heading) == target


def test_an_invoice_number_after_the_billing_street_is_no_house_number():
    columns = ["Billing Street", "Invoice Number", "Street", "Number"]
    mapping, _, _ = propose_mapping(columns, {})
    assert mapping["Invoice Number"] in (None, "attribute:invoice_number")
    assert mapping["Number"] == "street"


def test_a_salutation_that_is_not_one_is_no_position():
    mapping, _, _ = propose_mapping(["Name", "Salutation"], {"Salutation": ["Kathleen", "Mr. Castellano", "Declan"]})
    assert mapping["Salutation"].startswith("attribute:")
    mapping, _, _ = propose_mapping(["Name", "Title"], {"Title": ["Sales Manager", "Inhaberin", "CEO"]})
    assert mapping["Title"] == "job_title"


def test_the_second_and_third_e_mail_are_other_ones():
    columns = ["Email", "Email 2", "Email 3", "Phone", "Phone 2"]
    mapping, _, _ = propose_mapping(columns, {})
    assert mapping == {"Email": "email", "Email 2": "email:other", "Email 3": "email:other",
                       "Phone": "phone", "Phone 2": "phone:other"}


def test_a_name_column_of_surnames_with_particles_beside_a_given_name_is_the_surname():
    samples = {"Naam": ["Van den Bossche", "De Smet", "El Amrani", "Verhoeven"],
               "Voornaam": ["Lotte", "Pieter", "Samira", "Jan"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping == {"Naam": "last_name", "Voornaam": "first_name"}


@pytest.mark.parametrize("text, expected", [
    ("Fri Sep 22 17:24:42 2017", "2017-09-22 17:24:42"), ("2024-02-11 09:14:02 PST", "2024-02-11 09:14:02"),
    ("2022-08-30 14:02:51 PDT", "2022-08-30 14:02:51"), ("2025-08-04 09:11:02 CEST", "2025-08-04 09:11:02"),
])
def test_dates_as_c_programs_and_american_zones_write_them(text, expected):
    assert str(parse_datetime(text)) == expected


def test_a_birthday_with_its_month_name_and_no_year():
    assert parse_month_day("14-Feb") == (2, 14) and parse_month_day("Feb 14") == (2, 14)
    assert parse_month_day("14. Februar") == (2, 14) and parse_month_day("Feb 30") is None
    assert parse_month_day("14 Feb 2020") is None  # a whole date, read as one elsewhere
    assert plausible("birth_date", ["14-Feb", "09-Sep"])


def test_dates_with_spaced_or_closing_dots():
    assert str(parse_datetime("3. 4. 2021")) == "2021-04-03 00:00:00"  # Czech, Slovak
    assert str(parse_datetime("1978.03.15.")) == "1978-03-15 00:00:00"  # Hungarian
    assert parse_datetime("25.12.") is None and parse_month_day("25.12.") == (12, 25)


def test_an_address_books_home_work_and_other_columns_are_phones_of_that_kind():
    samples = {"Name": ["Ann Lee", "Bo Chen"], "Home": ["(415) 555-0123", "(773) 555-0155"],
               "Work": ["+52 55 5555 0142"], "Other": ["ann@example.org"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping == {"Name": "full_name", "Home": "phone:home", "Work": "phone:work", "Other": "email:other"}
    mapping, _, _ = propose_mapping(["Work"], {"Work": ["Acme Ltd", "Globex"]})
    assert mapping["Work"].startswith("attribute:")  # a kind alone over words is not a phone


def test_a_shipping_phone_or_e_mail_is_one_more_way_to_reach_the_customer():
    assert target_for_heading("Shipping Phone") == "phone:other"
    assert target_for_heading("Delivery Email") == "email:other"
    assert target_for_heading("Billing Phone") == "phone"


def test_the_parts_after_a_kinds_address_lines_are_that_address():
    columns = ["billingaddress1", "billingaddress2", "city", "state", "postalcode", "country", "phone"]
    mapping, _, _ = propose_mapping(columns, {})
    assert [mapping[c] for c in columns[:6]] == ["street:billing", "street2:billing", "city:billing",
                                                 "region:billing", "postcode:billing", "country:billing"]
    # an unqualified address after a complete billing one stays as it is
    columns = ["Billing Street", "Billing City", "Street", "City"]
    mapping, _, _ = propose_mapping(columns, {})
    assert mapping == {"Billing Street": "street:billing", "Billing City": "city:billing", "Street": "street",
                       "City": "city"}


@pytest.mark.parametrize("heading, target", [
    ("Opted in to marketing", "marketing_consent"), ("Happy for promo emails?", "marketing_consent"),
    ("Mailtjes ok?", "marketing_consent"), ("Leveransadress 1", "street:shipping"),
    ("Leveranspostnummer", "postcode:shipping"), ("Leveransort", "city:shipping"),
    ("Forretningsadresse postnr.", "postcode:work"), ("Fakturaadresse", "street:billing"),
    ("Aanspreking", "title"), ("Compras 2026 ($)", "total_spent"), ("Umsatz (EUR)", "total_spent"),
    ("PLZ/Ort", "city"), ("Postnr. og by", "city"), ("CP / Ville", "city"),
    ("Leveransnamn", None), ("Organisationsnummer", None),
])
def test_nordic_compounds_money_marks_and_a_place_with_its_postcode(heading, target):
    assert target_for_heading(heading) == target


def test_an_organisation_number_is_no_phone_and_a_yes_no_column_is_no_name():
    samples = {"Navn": ["Nordlys AS", "Kari Nordmann"], "Organisationsnummer": ["556677-8899", "559900-1122"],
               "Privatperson": ["Nei", "Ja"]}
    mapping, _, _ = propose_mapping(["Navn", "Organisationsnummer", "Privatperson"], samples)
    assert not (mapping["Organisationsnummer"] or "").startswith("phone")
    assert (mapping["Privatperson"] or "attribute").startswith("attribute")


def test_the_e_mail_for_invoices_beside_the_customers_own_is_another_one():
    mapping, _, _ = propose_mapping(["Namn", "E-post", "E-post faktura"], {})
    assert mapping["E-post"] == "email" and mapping["E-post faktura"] == "email:other"
    mapping, _, _ = propose_mapping(["Name", "Billing Email"], {})
    assert mapping["Billing Email"] == "email"  # the only one is the customer's


def test_a_place_cell_with_its_postcode_is_split_on_import(master, tmp_path):
    addresses = imported_addresses(master, tmp_path / "kunden.csv", "Name;Straße;PLZ/Ort;Land\n"
                                   "Anna Huber;Mariahilfer Str. 12;1060 Wien;AT\nJonas Berger;Hauptplatz 3;8010 Graz;AT\n")
    assert sorted((a.postcode, a.city) for a in addresses) == [("1060", "Wien"), ("8010", "Graz")]


@pytest.mark.parametrize("heading, target", [
    ("Preferred First Name", None), ("Telefon- og faxnummer", "phone"), ("Fax Number", "phone:fax"),
    ("Weinbrief?", "marketing_consent"), ("Client since", "created_at"), ("Asiakas", "full_name"),
    ("Postinro ja -toimipaikka", "city"), ("Asiakkaana alkaen", "created_at"), ("N° élève", "external_id"),
    ("NPA", "postcode"), ("Início", "created_at"), ("Waiver ID", None), ("Driver's License State", None),
    ("Guardian First Name", None), ("Guardian Phone", "phone:other"), ("Landskod", "country"),
    ("Aniversário do tutor", "birth_date"),  # a pet shop's "tutor" is the owner: the customer
])
def test_names_people_go_by_other_peoples_fields_and_more_vocabulary(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("text, expected", [
    ("Mar 2021", "2021-03-01"), ("Sept 2022", "2022-09-01"), ("März 2021", "2021-03-01"), ("03/2019", "2019-03-01"),
    ("2019-03", "2019-03-01"), ("2019", "2019-01-01"), ("13/2019", None), ("Mar 3", None),
])
def test_since_a_month_or_a_year_is_its_first_day(text, expected):
    found = parse_period_start(text)
    assert (found.date().isoformat() if found else None) == expected


def test_a_customer_since_column_of_months_is_imported_as_dates(master, tmp_path):
    from sqlalchemy import select

    from workbench.ingest.importer import import_file
    from workbench.store.models import Customer

    path = tmp_path / "clients.csv"
    path.write_text("Name,Email,Client since\nAva Moreau,ava@example.ca,Mar 2021\nLiam Chen,liam@example.ca,2019\n",
                    encoding="utf-8")
    result = import_file(master, path)
    assert result.plan.mapping["Client since"] == "created_at"
    with master.session() as session:
        since = dict(session.execute(select(Customer.display_name, Customer.first_seen_at)).all())
    assert {name: str(day)[:10] for name, day in since.items()} == {"Ava Moreau": "2021-03-01",
                                                                     "Liam Chen": "2019-01-01"}


@pytest.mark.parametrize("heading, target", [
    ("Postal / Zip", "postcode"), ("Adressrad 2", "street2"), ("Comuna", "city"), ("Badges", "tags"),
    ("Zasílat nabídky? (ano/ne)", "marketing_consent"), ("Newsletter per Mail?", "marketing_consent"),
    ("Newsletter per Post?", None), ("txn_count", "order_count"), ("Phone Country", None),
    ("Phones / Primary Phone Country Code", "phone:code"), ("Name / First Name", "first_name"),
    ("Name / Last Name", "last_name"), ("Phones / Primary Phone Number", "phone"),
    ("Emails / Primary Email", "email"), ("Created by / Name", None), ("Ort / City", "city"),
    ("Name/Vorname", "full_name"),
])
def test_a_crms_grouped_fields_and_more_words(heading, target):
    assert target_for_heading(heading) == target


def test_a_date_with_a_reference_after_it_in_brackets():
    assert str(parse_datetime("2026-08-14 (KPLA-140826)")) == "2026-08-14 00:00:00"
    assert parse_datetime("(2026)") is None


@pytest.mark.parametrize("heading, target", [
    ("No mailings", "marketing_consent:inverted"), ("Keine Werbung", "marketing_consent:inverted"),
    ("Spend to date", "total_spent"), ("Pager Number", "phone:other"), ("Booked by", "full_name"),
    ("What company do you work for?", "company"),
])
def test_opt_outs_spending_pagers_and_bookers(heading, target):
    assert target_for_heading(heading) == target


def test_a_forms_answer_with_more_words_after_yes_or_no():
    assert parse_consent("Yes, sign me up") == "granted" and parse_consent("No, thanks") == "denied"
    assert parse_consent("No 12, Lane 3") == "unknown"  # an address, not an answer
    assert plausible("marketing_consent", ["Yes, sign me up", "Yes, sign me up", ""])


def test_hungarian_and_czech_dates_are_dates_not_phone_numbers():
    samples = {"Név": ["Kovács Anna", "Nagy Péter"], "Születési dátum": ["1978.03.15.", "1949.12.24."],
               "Datum registrace": ["3. 4. 2021", "15. 9. 2019"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Születési dátum"] == "birth_date" and mapping["Datum registrace"] == "created_at"


def test_a_hyphenated_non_is_no_answer():
    assert parse_consent("Non-marketing contact") == "unknown"  # HubSpot's: says nothing either way


def test_a_database_tables_column_prefix_is_read_past():
    columns = ["OXID", "OXCUSTNR", "OXFNAME", "OXLNAME", "OXSTREET", "OXSTREETNR", "OXCITY", "OXZIP", "OXBIRTHDATE",
               "OXMOBFON"]
    mapping, _, _ = propose_mapping(columns, {"OXID": ["a8c2f0e4b1d3c5e7f9a1b3c5d7e9f1a3", "0f1e2d3c4b5a69788796a5b4c3d2e1f0"]})
    assert [mapping[c] for c in columns[1:]] == ["external_id", "first_name", "last_name", "street", "street",
                                                 "city", "postcode", "birth_date", "mobile"]
    # a prefix most columns do not share is no table's
    assert continued_headings(["customer_id", "First Name", "Email", "Phone", "City"])["customer_id"] == "customer_id"


def test_unix_timestamps_in_a_date_column():
    samples = {"email": ["a@example.org", "b@example.org"], "created_at": ["1694012345", "1701436800"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["created_at"] == "created_at"
    assert str(parse_epoch("1694012345")) == "2023-09-06 14:59:05"
    assert parse_epoch("0171 2345678") is None and parse_epoch("2125551234") is None


@pytest.mark.parametrize("heading, target", [
    ("letze Behandlung", "last_order_at"), ("Últ. compra", "last_order_at"), ("Eircode", "postcode"),
    ("Tessera fedeltà n°", "external_id"), ("Total retouches CHF", "total_spent"), ("Net Total ($)", None),
    ("Dépense totale", "total_spent"), ("Contact Added to Kindful", "created_at"), ("Ostatnie logowanie", None),
    ("Last interaction", None), ("Last Seen", "last_order_at"),
])
def test_typed_short_loyalty_cards_totals_and_logins(heading, target):
    assert target_for_heading(heading) == target


def test_a_second_phone_is_another_one():
    mapping, _, _ = propose_mapping(["Name", "Phone", "Second Phone"], {})
    assert mapping["Second Phone"] == "phone:other"


@pytest.mark.parametrize("heading, target", [
    ("Adres dostawy - ulica", "street:shipping"), ("Adres dostawy - kod pocztowy", "postcode:shipping"),
    ("Data ostatniego zamówienia", "last_order_at"), ("Started", "created_at"), ("remark", "notes"),
    ("Città (Prov.)", "city"), ("Hund (Name)", None),
])
def test_polish_delivery_addresses_a_city_with_its_province_and_a_dogs_name(heading, target):
    assert target_for_heading(heading) == target


def test_short_numbers_are_no_phones_and_a_count_in_money_is_a_total():
    samples = {"Contact.number": ["10234", "10235", "10240"], "Total payments": ["1,245.00", "389.50", "0.00"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert not (mapping["Contact.number"] or "").startswith("phone")
    assert mapping["Total payments"] == "total_spent"


def test_a_city_with_its_province_in_brackets_is_split_on_import(master, tmp_path):
    addresses = imported_addresses(master, tmp_path / "clienti.csv",
                                   "Nome;Via;Città (Prov.)\nGiulia Rossi;Via Roma 3;Milano (MI)\n")
    assert [(a.city, a.region) for a in addresses] == [("Milano", "MI")]


@pytest.mark.parametrize("heading, target", [
    ("Adresse 2 Straße", "street:other"), ("Adresse 2 PLZ", "postcode:other"), ("Address 2", "street2"),
    ("Newsletter sì/no", "marketing_consent"), ("Må vi sende tilbud? ja/nej", "marketing_consent"),
    ("Comments count", None), ("Total Invoiced", "total_spent"), ("Last Invoice", "last_order_at"),
    ("CC Email", "email:other"), ("NO_EMAIL", "marketing_consent:inverted"), ("Notitie", "notes"),
    ("Nº Processo", "external_id"), ("entry_company", "company"), ("Entry Id", None),
])
def test_second_address_blocks_answer_hints_at_the_end_and_invoicing_words(heading, target):
    assert target_for_heading(heading) == target


def test_a_type_column_of_two_letters_is_no_region():
    samples = {"Name": ["Ann Lee", "Acme Inc"], "DONOR_TYPE": ["IN", "CO", "IN"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert not (mapping["DONOR_TYPE"] or "").startswith("region")


def test_a_second_numbered_address_is_imported_as_a_second_address(master, tmp_path):
    addresses = imported_addresses(master, tmp_path / "kunden.csv",
                                   "Name;Adresse 1 Straße;Adresse 1 PLZ;Adresse 1 Ort;Adresse 2 Straße;Adresse 2 Hausnummer;"
                                   "Adresse 2 PLZ;Adresse 2 Ort\n"
                                   "Eva Graf;Lindenweg 4;80331;München;Hafenstraße;9;20457;Hamburg\n")
    assert sorted((a.city, a.kind, a.street) for a in addresses) == [("Hamburg", "other", "Hafenstraße 9"),
                                                                     ("München", "home", "Lindenweg 4")]


@pytest.mark.parametrize("heading, target", [
    ("Tél. prof.", "phone:work"), ("Infos par e-mail ? (oui/non)", "marketing_consent"),
    ("Qtd. cortes", "order_count"), ("Nombre de rendez-vous", "order_count"), ("Reservierungen gesamt", "order_count"),
    ("Completed Jobs", "order_count"), ("Order Total", None), ("Location Address", "street:other"),
    ("Location Zip", "postcode:other"), ("Location", None), ("Discord ID", None), ("Alternate Contact Name", None),
    ("Alternate Phone", "phone:other"),
])
def test_counts_of_visits_service_locations_and_other_peoples_names(heading, target):
    assert target_for_heading(heading) == target


def test_a_column_of_middle_initials_is_not_taken_for_yes_and_no():
    assert plausible("middle_name", ["J", "N", "S", "O"])


@pytest.mark.parametrize("heading, target", [
    ("顧客ID", "external_id"), ("姓", "last_name"), ("名", "first_name"), ("郵便番号", "postcode"),
    ("都道府県", "region"), ("市区町村", "city"), ("建物名", "street2"), ("メルマガ購読", "marketing_consent"),
    ("フリガナ", None), ("手机号码", "mobile"), ("郵遞區號", "postcode"), ("휴대폰번호", "mobile"),
    ("우편번호", "postcode"), ("PIN Code", "postcode"), ("Отчество", "middle_name"), ("Мобильный", "mobile"),
    ("Дата рождения", "birth_date"), ("Posta Kodu", "postcode"), ("Cep Telefonu", "mobile"), ("Doğum Tarihi", "birth_date"),
    ("Τ.Κ.", "postcode"), ("Επώνυμο", "last_name"), ("Σημειώσεις", "notes"),
])
def test_headings_in_japanese_chinese_korean_russian_turkish_and_greek(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("value, code", [("Россия", "RU"), ("Україна", "UA"), ("日本", "JP"), ("中国", "CN"),
                                         ("한국", "KR"), ("Ελλάδα", "GR"), ("Türkiye", "TR"), ("Niger", "NE")])
def test_country_names_in_other_scripts(value, code):
    from workbench.standardize.countries import country_code

    assert country_code(value) == code


@pytest.mark.parametrize("answer, granted", [("Evet", True), ("Hayır", False), ("да", True), ("нет", False),
                                             ("はい", True), ("いいえ", False), ("Ναι", True), ("Όχι", False)])
def test_yes_and_no_in_turkish_russian_japanese_and_greek(answer, granted):
    from workbench.standardize.values import parse_yes_no

    assert parse_yes_no(answer) is granted


def test_a_japanese_list_keeps_family_names_first_and_its_readings_as_they_are(master, tmp_path):
    from sqlalchemy import select

    from workbench.store.models import Customer

    with imported(master, tmp_path / "顧客一覧.csv", "氏名,フリガナ,メールアドレス,電話番号,市区町村\n"
                  "山田 太郎,ヤマダ タロウ,taro@example.jp,090-1234-5678,渋谷区\n") as session:
        customer = session.scalars(select(Customer)).one()
        assert (customer.last_name, customer.first_name, customer.display_name) == ("山田", "太郎", "山田 太郎")
        assert customer.attributes["フリガナ"] == "ヤマダ タロウ"  # the voiced kana kept, not 'フリカナ'
        assert [p.e164 for p in customer.phones] == ["+819012345678"]  # a file headed in Japanese: Japanese numbers


@pytest.mark.parametrize("text, encoding", [
    ("氏名,電話番号,都道府県\n山田 太郎,090-1234-5678,東京都\n佐藤 花子,03-1234-5678,大阪府\n", "cp932"),
    ("姓名,手机,城市\n王小明,13800138000,北京市\n张伟,13912345678,上海市\n", "gb18030"),
    ("이름,휴대폰,주소\n김민준,010-1234-5678,서울특별시\n", "cp949"),
    ("Фамилия;Имя;Телефон;Город\nИванова;Мария;+7 495 123-45-67;Москва\nПетров;Иван;;Тверь\n", "cp1251"),
    ("Επώνυμο;Όνομα;Πόλη\nΠαπαδοπούλου;Μαρία;Αθήνα\n", "cp1253"),
])
def test_a_legacy_encoding_of_a_script_of_two_byte_or_non_latin_letters_is_read(tmp_path, text, encoding):
    from workbench.ingest.sniff import detect_encoding

    data = text.encode(encoding)
    path = tmp_path / "list.csv"
    path.write_bytes(data)
    assert detect_encoding(path, data) == encoding


def test_a_shift_jis_export_is_imported_with_its_letters(master, tmp_path):
    from sqlalchemy import select

    from workbench.store.models import Customer

    content = "氏名,メールアドレス,市区町村\n佐藤 健一,k.sato@example.jp,大阪市北区\n".encode("cp932")
    with imported(master, tmp_path / "kokyaku.csv", content) as session:
        assert session.scalars(select(Customer.display_name)).all() == ["佐藤 健一"]


@pytest.mark.parametrize("heading, target", [
    ("郵便番号(会社)", "postcode:work"), ("電話番号(会社)", "phone:work"), ("氏名(フリガナ)", None), ("氏名(姓)", "last_name"),
    ("氏名(名)", "first_name"), ("それ以降の住所", "street"), ("郡市区", "city"), ("Frame no.", None),
    ("Email promos? (Y/N)", "marketing_consent"), ("Sent Abandoned Cart Email?", None),
    ("¿Recibe novedades?", "marketing_consent"), ("Födelsedag", "birth_date"), ("Date_Add", "created_at"),
    ("Korespondenčná adresa", "street:other"),
])
def test_japanese_company_addresses_readings_questions_of_promotions_and_correspondence_addresses(heading, target):
    assert target_for_heading(heading) == target


def test_a_vat_number_is_no_phone_and_a_serial_number_counting_rows_is_no_id():
    samples = {"Ragione sociale": ["Rossi Srl", "Bianchi Snc", "Verdi Spa"],
               "Partita IVA": ["01234567890", "09876543210", "04455667788"],
               "Sl. No": ["1", "2", "3"], "Customer Name": ["Ravi Kumar", "Anita Rao", "Sunil Das"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert not (mapping["Partita IVA"] or "").startswith(("phone", "mobile"))
    assert mapping["Sl. No"] is None


@pytest.mark.parametrize("heading, target", [
    ("Apellido Paterno", "last_name"), ("Apellido Materno", "last_name:second"), ("Segundo apellido", "last_name:second"),
    ("WhatsApp No.", "mobile"), ("Vergi No", None), ("PAN No", None), ("T.C. Kimlik No", None),
])
def test_second_surnames_messenger_numbers_and_turkish_and_indian_tax_numbers(heading, target):
    assert target_for_heading(heading) == target


def test_a_second_surname_in_its_own_column_follows_the_first_and_is_not_lost(master, tmp_path):
    from sqlalchemy import select

    from workbench.store.models import Customer

    with imported(master, tmp_path / "clientes.csv", "Nombre;Apellido 1;Apellido 2;Calle;Núm. Ext.;Núm. Int.\n"
                  "María;García;López;Av. Insurgentes Sur;1234;5B\nJosé;Pérez;;Calle Luna;7;\n") as session:
        people = session.scalars(select(Customer).order_by(Customer.id)).all()
        assert [(c.first_name, c.last_name) for c in people] == [("María", "García López"), ("José", "Pérez")]
        assert [(a.street, a.street2) for a in people[0].addresses] == [("Av. Insurgentes Sur 1234", "5B")]


@pytest.mark.parametrize("heading, target", [
    ("Business ID", None), ("Work No.", "phone:work"), ("Phone Code", "phone:code"), ("Area Code", "phone:area"), ("Email News And Promotions", "marketing_consent"),
    ("Asiakkuus alkanut", "created_at"), ("Viim. käynti", "last_order_at"), ("Käyntejä yht.", "order_count"),
    ("Nb de visites", "order_count"), ("Rezygnacja z maili", "marketing_consent:inverted"), ("InvoiceText", None),
    ("InvoiceTitle", None), ("InvoiceZipArea", "city:billing"), ("RecAddress", "street:shipping"),
    ("RecCountry", "country:shipping"), ("lastTransactionDate", "last_order_at"), ("顧客メモ", "notes"),
])
def test_registration_ids_calling_codes_finnish_visits_and_an_invoices_recipient(heading, target):
    assert target_for_heading(heading) == target


def test_a_pets_owner_is_the_customer():
    samples = {"Dog's name": ["Bella", "Max"], "Breed": ["Cavoodle", "Kelpie"],
               "Owner (Surname, First)": ["Nguyen, Linh", "O'Brien, Sean"], "Mobile": ["0412 345 678", "0498 765 432"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Owner (Surname, First)"] == "full_name" and mapping["Dog's name"] != "full_name"
    samples = {"Nombre dueño": ["Lucía", "Andrés"], "Apellidos": ["Ramírez Soto", "Gómez"], "Raza": ["Pug", "Beagle"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert (mapping["Nombre dueño"], mapping["Apellidos"]) == ("first_name", "last_name")


def test_a_column_of_calling_codes_says_where_the_rows_numbers_are_from(master, tmp_path):
    from sqlalchemy import select

    from workbench.ingest.importer import import_file
    from workbench.ingest.plan import inspect_file
    from workbench.store.models import Phone

    path = tmp_path / "members.csv"
    path.write_text("Name,Phone Code,Phone,Area Code\nTan Wei Ling,+65,9123 4567,\nAnna Weber,49,0171 2345678,\n",
                    encoding="utf-8")
    plan = inspect_file(path)
    assert plan.mapping["Phone Code"] == "phone:code" and (plan.mapping["Area Code"] or "") != "phone"
    import_file(master, path)
    with master.session() as session:
        assert sorted(session.scalars(select(Phone.e164))) == ["+491712345678", "+6591234567"]


@pytest.mark.parametrize("heading, target", [
    ("Donor's Surname", "last_name"), ("Second line of address", "street2"), ("Poslední servis", "last_order_at"),
    ("Počet zakázek", "order_count"), ("Poslední STK", None), ("Last MOT", None), ("Fono", "phone"),
    ("Ne pas envoyer de promos", "marketing_consent:inverted"), ("Notificação promocional", "marketing_consent"),
    ("Indirizzo (via, CAP, città)", "address"), ("Address 1: Country/Region", "country"),
])
def test_possessives_czech_visits_car_inspections_chilean_phones_and_addresses_listing_their_parts(heading, target):
    assert target_for_heading(heading) == target


def test_a_toggle_switched_on_or_off_is_a_yes_or_no():
    assert parse_consent("Ativado") == "granted" and parse_consent("Desativado") == "denied"


def test_an_address_with_its_town_beside_a_postcode_column_is_split_with_its_county():
    from workbench.standardize.address_cell import parse_address

    samples = {"Address": ["14 Lower Dominick St, Galway", "Main St, Ennistymon, Co. Clare"],
               "Eircode": ["H91 X2Y7", "V95 K8R3"], "Email": ["a@example.ie", "b@example.ie"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Address"] == "address"
    parts = parse_address("Main St, Ennistymon, Co. Clare", "IE")
    assert (parts.street, parts.city, parts.region) == ("Main St", "Ennistymon", "Clare")


def test_a_plural_in_brackets_stays_one_word_in_a_custom_fields_name():
    from workbench.ingest.mapping import attribute_name
    from workbench.ingest.targets import target_label

    assert attribute_name("Bike(s)") == "bikes" and target_label("attribute:bikes") == "Custom: Bikes"
    assert attribute_name("Phone (H)") == "phone_h"


@pytest.mark.parametrize("text, region", [
    ("Name,Mobile,Eircode\nSeán Ó Briain,087 123 4567,H91 X2Y7\nAoife Murphy,085 998 7766,H91 C6P2\n", "IE"),
    ("Name,Phone,Country\nAnna,0612345678,FR\nBob,0698765432,France\nCleo,,FR\n", "FR"),
    ("Name,Phone\nAnn,+44 7700 900123\nBen,+44 7700 900456\nCal,+44 20 7946 0958\nDee,020 7946 0000\n", "GB"),
    ("Name,Phone,Zip\nAnn,555-0100,10115\nBen,555-0101,75002\n", None),
    # German headings, German numbers written the national way: Germany, not Austria or Switzerland
    ("Vorname;Nachname;Telefon;Straße;Ort;Bemerkung\nJasmin;Krüger;0176 23456789;Hauptstr. 1;Essen;\n"
     "Lea;Schmitz;0201 776655;Ringstr. 4;Essen;\nMonika;Behrendt;030 1234567;Markt 2;Berlin;\n", "DE"),
    # the same headings over Vienna's and Austrian mobile numbers
    ("Vorname;Nachname;Telefon;Straße;Ort;Bemerkung\nMaria;Gruber;0664 555 1234;Hauptstr. 1;Wien;\n"
     "Stefan;Wimmer;01 555 4411;Ringstr. 4;Wien;\nElisabeth;Hofer;01 555 8877;Markt 2;Wien;\n", "AT"),
    # German mobiles alone are Austrian numbers too: nobody can tell, nothing is guessed
    ("Vorname;Nachname;Handy;Straße;Ort;Bemerkung\nJasmin;Krüger;0176 23456789;Hauptstr. 1;Essen;\n"
     "Lea;Schmitz;0171 1234567;Ringstr. 4;Essen;\n", None),
    # French headings over numbers of a French and a Swiss form alike: nobody can tell, nothing is guessed
    ("Prénom;Nom;Portable;Remarques\nAnne;Morel;079 123 45 67;\nLuc;Favre;078 765 43 21;\n", None),
    # English headings over Australian mobiles (a Belgian mobile's form): English says no country
    ("First name,Last name,Mobile,Notes\nJack,Brown,0412 345 678,\nMia,Wilson,0423 456 789,\n", None),
])
def test_the_phone_region_is_guessed_from_the_files_own_values(tmp_path, text, region):
    from workbench.ingest.plan import inspect_file

    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    plan = inspect_file(path)
    assert plan.region == region and plan.region_guessed == (region is not None)


def test_a_region_said_before_beats_the_guess(master, tmp_path):
    from workbench.ingest.importer import prepare_import
    from workbench.ingest.plan import ImportOptions

    path = tmp_path / "kunden.csv"
    path.write_text("Name,Mobile,Eircode\nSeán Ó Briain,087 123 4567,H91 X2Y7\nAoife Murphy,085 998 7766,H91 C6P2\n",
                    encoding="utf-8")
    assert prepare_import(master, path).region == "IE"
    assert prepare_import(master, path, ImportOptions(region="GB")).region == "GB"


@pytest.mark.parametrize("heading, target", [
    ("¿Info por email? (S/N)", "marketing_consent"), ("Infolettre O/N", "marketing_consent"),
    ("Acepta recibir promociones", "marketing_consent"), ("Send Promotions Report", None), ("Sig./Sig.ra", "title"),
    ("Suma (zł)", "total_spent"), ("Code fiche", "external_id"), ("naam bedrijf", "company"),
    ("Total consumido", "total_spent"), ("KontrNazwa", "full_name"), ("KontrAdresKod", "postcode"),
    ("KontrFaks", "phone:fax"), ("Contribuinte", None),
])
def test_answer_letters_without_brackets_italian_salutations_zloty_totals_and_polish_accounting(heading, target):
    assert target_for_heading(heading) == target


def test_a_running_number_of_a_german_list_is_no_customer_number():
    samples = {"Lfd. Nr.": ["1", "2", "3", "4"], "Name": ["Jonas Berg", "Lea Roth", "Tim Kranz", "Ida Vogt"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Lfd. Nr."] is None


@pytest.mark.parametrize("heading, target", [
    ("Doručovací ulice", "street:shipping"), ("Celková částka", "total_spent"), ("Datum vytvoření", "created_at"),
    ("Coupons by email? Y/N", "marketing_consent"), ("Ensikäynti", "created_at"), ("Huom.", "notes"),
    ("Első látogatás", "created_at"), ("Hírlevelet kér? (i/n)", "marketing_consent"), ("Spesa tot. €", "total_spent"),
    ("Liczba napraw", "order_count"), ("Nom adhérent", "last_name"), ("Prénom adhérent", "first_name"),
    ("Contact_AlterEMail", "email:other"), ("Antal vistelser", "order_count"), ("Vestigingsadres", "street"),
    ("Correspondentieadres", "street:other"), ("Fundraiser ID", None), ("Last Check-Out", "last_order_at"),
    ("Cel.", "mobile"),
])
def test_czech_deliveries_hungarian_visits_whose_field_said_after_and_dutch_establishments(heading, target):
    assert target_for_heading(heading) == target


def test_a_hungarian_windows_1250_file_keeps_its_double_acute_letters(tmp_path):
    from workbench.ingest.sniff import detect_encoding

    hungarian = "Név;Első látogatás\nKőszegi Anna;2015.03.02.\n".encode("cp1250")
    portuguese = "Nome;Observações\nJoão;INFORMAÇÕES\n".encode("cp1252")
    for data, expected in ((hungarian, "cp1250"), (portuguese, "cp1252")):
        path = tmp_path / "list.csv"
        path.write_bytes(data)
        assert detect_encoding(path, data) == expected
    assert parse_consent("i") == "granted" and parse_consent("k") == "granted"


@pytest.mark.parametrize("heading, target", [
    ("Boîte", "street2"), ("¿Autoriza promociones al correo?", "marketing_consent"), ("Titul", "title"),
    ("Zasílat nabídky (A/N)", "marketing_consent"), ("Accepte les offres par mail (O/N)", "marketing_consent"),
    ("Send offers by mail?", None), ("06-nummer", "mobile"), ("Identyfikator", "external_id"),
    ("Zgoda na przetwarzanie w celach marketingowych", "marketing_consent"), ("Adresse 3", "street2"),
])
def test_belgian_boxes_czech_titles_dutch_mobiles_and_mail_that_is_email(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading, target", [
    ("Titul za", "suffix"), ("Štítky", "tags"), ("Datum přihlášení", "created_at"), ("Lähiosoite", "street"),
    ("Total S/", "total_spent"), ("Data pierwszej wizyty", "created_at"), ("Wydano łącznie (zł)", "total_spent"),
    ("Email Marketing Opt-Out", "marketing_consent:inverted"),
])
def test_czech_titles_after_names_labels_peruvian_soles_and_polish_first_visits(heading, target):
    assert target_for_heading(heading) == target


def test_a_state_column_of_subscription_states_is_consent_and_academic_titles_are_titles():
    samples = {"Email": ["a@example.es", "b@example.es", "c@example.es"], "Estado": ["Activo", "Baja", "Activo"],
               "Provincia": ["Madrid", "Sevilla", "Valencia"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert (mapping["Estado"], mapping["Provincia"]) == ("marketing_consent", "region")
    samples = {"Titul před": ["Mgr.", "Ing.", "MUDr."], "Jméno": ["Jana", "Petr", "Eva"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Titul před"] == "title"


def test_a_date_where_consent_is_asked_says_when_it_was_given_or_withdrawn(master, tmp_path):
    from sqlalchemy import select

    from workbench.store.models import Customer

    with imported(master, tmp_path / "subscribers.csv", "Email,Subscribed,Unsubscribed\nann@example.com,2024-01-05,\n"
                  "bo@example.com,2024-02-01,2024-06-30\ncy@example.com,,\n") as session:
        consent = dict(session.execute(select(Customer.primary_email, Customer.marketing_consent)).all())
    assert consent == {"ann@example.com": "granted", "bo@example.com": "unsubscribed", "cy@example.com": "unknown"}
    assert target_for_heading("Fecha consentimiento") == "marketing_consent:optin"
    assert parse_consent("2019") == "unknown"  # a year alone is no date of an answer


def test_a_flats_number_first_in_an_address_cell_is_the_second_line():
    from workbench.standardize.address_cell import parse_address

    parts = parse_address("Apt 4, The Docks, Galway", "IE")
    assert (parts.street, parts.street2, parts.city) == ("The Docks", "Apt 4", "Galway")
    parts = parse_address("Flat 2B, 14 High St, Leeds LS1 4AB", "GB")
    assert (parts.street, parts.street2, parts.postcode) == ("14 High St", "Flat 2B", "LS1 4AB")


def test_an_area_code_in_its_own_column_goes_before_the_number(master, tmp_path):
    from sqlalchemy import select

    from workbench.ingest.plan import ImportOptions
    from workbench.store.models import Phone

    with imported(master, tmp_path / "contacts.csv", "Name,Area Code,Phone\nAnn Lee,212,555-0134\n"
                  "Bo Li,415,(415) 555-0199\n", ImportOptions(region="US")) as session:
        assert sorted(session.scalars(select(Phone.e164))) == ["+12125550134", "+14155550199"]


@pytest.mark.parametrize("heading, target", [
    ("Geschäftliche E-Mail", "email:work"), ("Opt Out Email Marketing", "marketing_consent:inverted"),
    ("Rahmen-Nr.", None), ("Infos promo (oui/non)", "marketing_consent"), ("Razem (zł)", "total_spent"),
    ("Utskick ok?", "marketing_consent"), ("UTM tag", None), ("Organisaatio", "company"),
    ("Kokonaismyynti (€)", "total_spent"), ("Luotu", "created_at"), ("Unsubscribe reason", None),
])
def test_german_business_mail_opt_outs_said_first_frame_numbers_and_finnish_vets(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading, target", [
    ("Total Attendances", "order_count"), ("Antal reparationer", "order_count"), ("Classifications", "tags"),
    ("Samtykke til bilder", None), ("Photo consent (Y/N)", None), ("Foresatt 1 e-post", "email:other"),
])
def test_counts_of_repairs_and_attendances_photo_consents_and_guardians(heading, target):
    assert target_for_heading(heading) == target


def test_a_suburb_beside_a_city_of_the_same_address_is_its_second_line():
    mapping, _, _ = propose_mapping(["Street Address", "Suburb", "City", "Postal Code"], {})
    assert (mapping["Suburb"], mapping["City"]) == ("street2", "city")
    mapping, _, _ = propose_mapping(["Street", "Suburb", "Postcode"], {})  # Australia: the suburb is the town
    assert mapping["Suburb"] == "city"
    mapping, _, _ = propose_mapping(["Physical Suburb", "Physical City", "Postal Suburb", "Postal Code"], {})
    assert (mapping["Physical Suburb"], mapping["Postal Suburb"]) == ("street2", "city:billing")


@pytest.mark.parametrize("heading, target", [
    ("Eesnimi", "first_name"), ("Perenimi", "last_name"), ("Märkused", "notes"), ("Cognoms", "last_name"),
    ("Priimek in ime", "full_name"), ("Client din", "created_at"), ("Γενέθλια", "birth_date"),
    ("الاسم الأول", "first_name"), ("تاريخ الميلاد", "birth_date"), ("رقم العميل", "external_id"),
    ("पता", "street"), ("Tanggal lahir", "birth_date"), ("Postadresse", "street"), ("Nome", "first_name"),
])
def test_headings_of_fifty_more_languages(heading, target):
    assert target_for_heading(heading) == target


def test_vowel_signs_of_indian_and_thai_scripts_stay_in_a_heading():
    from workbench.ingest.heading_words import normalize_heading

    assert normalize_heading("पता") != normalize_heading("पति")  # address, husband
    assert normalize_heading("ชื่อ ลูกค้า").split() == [normalize_heading("ชื่อ"), normalize_heading("ลูกค้า")]


@pytest.mark.parametrize("yes, no", [("jah", "ei"), ("taip", "ne"), ("نعم", "لا"), ("ya", "tidak"), ("có", "không"),
                                     ("希望する", "希望しない"), ("DA", "NU")])
def test_yes_and_no_in_more_languages(yes, no):
    assert parse_yes_no(yes) is True and parse_yes_no(no) is False
    assert parse_consent(yes) == "granted" and parse_consent(no) == "denied"


@pytest.mark.parametrize("heading, target", [
    ("İlk geliş", "created_at"), ("Son sipariş", "last_order_at"), ("Kaç sipariş", "order_count"),
    ("Πόσες φορές ήρθε", "order_count"), ("Θέλει μηνύματα για βραδιές με μουσική;", "marketing_consent"),
    ("Pošlji ponudbo (DA/NE)", "marketing_consent"), ("Vol el butlletí (S/N)", "marketing_consent"),
    ("Zadnji nakup", "last_order_at"), ("Last call-out", "last_order_at"), ("Descrição", "notes"),
    ("Son name", None),
])
def test_turkish_greek_and_slovene_visits_counts_and_offers(heading, target):
    assert target_for_heading(heading) == target


def test_catalan_nom_beside_cognoms_is_the_given_name_and_a_postcode_with_its_town_beside_a_street_the_town():
    mapping, _, _ = propose_mapping(["Nom", "Cognoms"], {})
    assert mapping == {"Nom": "first_name", "Cognoms": "last_name"}
    mapping, _, _ = propose_mapping(["Nom", "Prénom"], {})
    assert mapping == {"Nom": "last_name", "Prénom": "first_name"}
    mapping, _, _ = propose_mapping(["Priimek in ime", "Ulica", "Pošta"],
                                    {"Pošta": ["1000 Ljubljana", "4240 Radovljica", "2000 Maribor"]})
    assert mapping["Pošta"] == "city"
    mapping, _, _ = propose_mapping(["Name", "Pošta"], {"Pošta": ["1000 Ljubljana", "4240 Radovljica"]})
    assert mapping["Pošta"].startswith("attribute:")  # no street beside it: nothing says it is an address


@pytest.mark.parametrize("heading, target", [
    ("Pas de sollicitation", "marketing_consent:inverted"), ("Τηλ. σπιτιού", "phone:home"), ("Folio", "external_id"),
    ("Última vacuna", None), ("Ile wizyt", "order_count"), ("Zgoda RODO", None), ("Total Kunjungan", "order_count"),
    ("Müşteri Ünvanı", "company"), ("VKN / TCKN", None), ("ЄДРПОУ / ІПН", None), ("Yetkili E-posta", "email:work"),
    ("Giới tính", None), ("Nhận email quảng cáo", "marketing_consent"), ("Số đơn hàng", "order_count"),
    ("Gruppi", "tags"), ("Ostatnie otwarcie", None),
])
def test_solicitations_vaccines_gdpr_consents_tax_numbers_and_vietnamese_shops(heading, target):
    assert target_for_heading(heading) == target


def test_thai_dates_of_the_buddhist_era_and_an_italian_state_of_subscription():
    assert parse_datetime("12/05/2530") == datetime(1987, 5, 12)  # 2530 BE
    assert plausible("birth_date", ["12/05/2530", "03/09/2535"])
    mapping, _, _ = propose_mapping(["Email", "Stato"], {"Stato": ["Iscritto", "Disiscritto", "Iscritto"]})
    assert mapping["Stato"] == "marketing_consent"
    mapping, _, _ = propose_mapping(["Name", "Pays by DD?"], {"Pays by DD?": ["Y", "N", "Y"]})
    assert mapping["Pays by DD?"] != "marketing_consent"  # the French "pays" is a country, but Y / N no subscription


@pytest.mark.parametrize("heading, target", [
    ("Data de criação", "created_at"), ("Emails adicionais", "email:other"), ("Grupo", "tags"),
    ("الاسم التجاري", "company"), ("ASIAKASTUNNUS", "external_id"), ("YHTEYSHENKILO", "full_name"),
    ("성함", "full_name"), ("첫 주문일", "created_at"), ("주문 횟수", "order_count"), ("누적 금액", "total_spent"),
    ("Alikuja mwisho", "last_order_at"), ("Son Bakım", "last_order_at"), ("Визитов", "order_count"),
    ("Продано, руб.", "total_spent"), ("Block Email", "marketing_consent:inverted"), ("ΤΚ", "postcode"),
    ("Địa chỉ giao hàng", "street:shipping"), ("Số lần đặt", "order_count"),
])
def test_portuguese_creation_korean_orders_swahili_visits_russian_sales_and_blocked_e_mail(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading, target", [
    ("Esimene ost", "created_at"), ("Pirmais pirkums", "created_at"), ("Broj servisa", "order_count"),
    ("Jumlah reservasi", "order_count"), ("Kaç randevu", "order_count"), ("Viimane hooldus", "last_order_at"),
    ("Primeira reparação", "created_at"), ("Mitu tellimust", "order_count"), ("Última reparação", "last_order_at"),
    ("Vēlas saņemt jaunumus", "marketing_consent"), ("Laatst bijgewerkt", None),
])
def test_firsts_lasts_counts_and_offers_composed_from_words_of_sixty_languages(heading, target):
    """No vocabulary holds these headings whole: they are read from their words (first, last, how many,
    visits and orders, wanting a newsletter) in resources/reference/heading_words_languages.json."""
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading, target", [
    ("Рабочий телефон", "phone:work"), ("Личный email", "email:home"), ("Asiakkaana vuodesta", "created_at"),
    ("Quante volte", "order_count"), ("Jml transaksi", "order_count"), ("Correos", "email"), ("Vendedor", None),
    ("Cédula / RUC / Pasaporte", None), ("ショップ用メモ", "notes"), ("광고성 정보 수신 동의", "marketing_consent"),
    ("Cliente da", "created_at"),
])
def test_russian_kinds_customers_since_counts_and_a_salesperson(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading, target", [
    ("Серия и номер документа", None), ("Mã số thuế", None), ("Y-tunnus", None), ("Número de Documento", None),
    ("Группа", "tags"), ("Количество чеков", "order_count"), ("Formal Title", "title"), ("取引先コード", "external_id"),
    ("Admission Date", "created_at"), ("Toplam (TL)", "total_spent"), ("Qtd banhos", "order_count"),
    ("Mara ya mwisho", "last_order_at"), ("Total (Rs)", "total_spent"), ("Ev Tel", "phone:home"),
    ("Anniversaire de mariage", None), ("구독일", "created_at"),
])
def test_papers_are_no_phones_and_receipts_admissions_fees_and_wedding_days(heading, target):
    assert target_for_heading(heading) == target


def test_an_accounts_active_or_inactive_state_is_neither_consent_nor_a_region():
    mapping, _, _ = propose_mapping(["Nombre", "Estado"], {"Estado": ["Activo", "Inactivo", "Activo"]})
    assert mapping["Estado"].startswith("attribute:")
    states = {"Email": ["ana@example.es", "jordi@example.cat", "luis@example.com"], "Estado": ["Activo", "Baja", "Activo"]}
    mapping, _, _ = propose_mapping(["Email", "Estado"], states)
    assert mapping["Estado"] == "marketing_consent"  # an e-mail tool's subscriber: one of them left
    mapping, _, _ = propose_mapping(["Id", "Nombre", "Email", "Estado"], states)
    assert mapping["Estado"].startswith("attribute:")  # a gym's members: one left the gym, nobody consented
    mapping, _, _ = propose_mapping(["Name", "Tax ID"], {"Tax ID": ["30-71555012-4", "20-25550142-7", "28.555.013"]})
    assert not (mapping["Tax ID"] or "").startswith("phone")


def test_a_country_code_column_of_calling_codes_tells_how_the_rows_numbers_are_read(master, tmp_path):
    from sqlalchemy import select

    from workbench.store.models import Phone

    mapping, _, _ = propose_mapping(["Name", "Country code", "Dial Code"],
                                    {"Country code": ["+966", "+965"], "Dial Code": ["+49", "+43"]})
    assert mapping["Country code"] == mapping["Dial Code"] == "phone:code"
    with imported(master, tmp_path / "customers.csv", "Name,Country code,Mobile\nNoura Q,+966,503318826\n"
                  "Sara M,+965,66214087\n") as session:
        assert sorted(session.scalars(select(Phone.e164))) == ["+96566214087", "+966503318826"]


def test_a_list_headed_in_the_language_of_one_country_has_its_numbers_read_there(master, tmp_path):
    from sqlalchemy import select

    from workbench.ingest.region_guess import guess_region
    from workbench.store.models import Phone

    assert guess_region(["Eesnimi", "Perenimi", "Telefon"], {}, {}) == "EE"
    assert guess_region(["Ime", "Telefon"], {}, {}) is None  # Croatian, Serbian, Slovene … say nothing alone
    with imported(master, tmp_path / "kliendid.csv", "Eesnimi;Perenimi;Telefon;Märkused\nMart;Tamm;5123 4471;\n"
                  "Kadri;Saar;5566 0912;\n") as session:
        assert sorted(session.scalars(select(Phone.e164))) == ["+37251234471", "+37255660912"]


@pytest.mark.parametrize("heading, target", [
    ("No enviar publicidad", "marketing_consent:inverted"), ("No. of newsletters", None),
    ("Yıkama sayısı", "order_count"), ("Код", "external_id"), ("Наименование", "company"),
    ("Юридический адрес", "street:billing"), ("קטגוריה", "tags"), ("תאריך הוספה", "created_at"),
    ('סה"כ הכנסות', "total_spent"), ("특이사항", "notes"), ("اسم المنشأة", "company"),
])
def test_a_no_before_the_mailing_is_an_opt_out_and_russian_hebrew_and_korean_accounting(heading, target):
    assert target_for_heading(heading) == target
