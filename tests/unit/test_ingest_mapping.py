"""Column headings of common exports and hand-made sheets in six languages map to canonical fields."""

from __future__ import annotations

import pytest

from workbench.errors import WorkbenchError
from workbench.ingest.heading_words import normalize_heading, synonyms, target_for_heading
from workbench.ingest.mapping import (
    file_consent,
    plausible,
    propose_mapping,
    target_for_values,
    validate_target,
)
from workbench.sample.load import HEADERS

HEADINGS = [
    # webshops, point of sale, accounting, payment, e-mail marketing, CRM, phone contacts
    ("Shopify", "Accepts Email Marketing", "marketing_consent"), ("Shopify", "Default Address Zip", "postcode"),
    ("Shopify", "Phone", "phone"), ("WooCommerce", "billing_first_name", "first_name"),
    ("WooCommerce", "shipping_postcode", "postcode:shipping"), ("WooCommerce", "billing_address_2", "street2:billing"),
    ("Square", "Given Name", "first_name"), ("Square", "Family Name", "last_name"),
    ("Square", "Reference ID", "external_id"), ("Square", "Transaction Count", "order_count"),
    ("QuickBooks", "Bill Street", "street:billing"), ("Xero", "EmailAddress", "email"),
    ("Xero", "POAddressLine1", "street:billing"), ("Stripe", "Created (UTC)", "created_at"),
    ("PayPal", "From Email Address", "email"), ("PayPal", "Zip/Postal Code", "postcode"),
    ("Mailchimp", "Email Address", "email"), ("Mailchimp", "OPTIN_TIME", "created_at"),
    ("Mailchimp", "TAGS", "tags"), ("HubSpot", "Mobile Phone Number", "mobile"),
    ("HubSpot", "Unsubscribed from all email", "marketing_consent:inverted"),
    ("Salesforce", "HasOptedOutOfEmail", "marketing_consent:inverted"), ("Salesforce", "MailingStreet", "street"),
    ("Salesforce", "Account Name", "company"), ("Outlook", "Business Phone", "phone:work"),
    ("Outlook", "Home Street", "street:home"), ("Outlook", "E-mail 2 Address", "email"),
    ("Google", "Phone 1 - Value", "phone"), ("Google", "Organization 1 - Name", "company"),
    ("Pipedrive", "Email - Work", "email:work"),
    # hand-made sheets
    ("de", "Vorname", "first_name"), ("de", "Straße", "street"), ("de", "Handy", "mobile"),
    ("de", "Telefon geschäftlich", "phone:work"), ("de", "Rechnungs-PLZ", "postcode:billing"),
    ("de", "Lieferadresse Ort", "city:shipping"), ("de", "Kundennummer", "external_id"),
    ("de", "Newsletter abgemeldet", "marketing_consent:inverted"), ("de", "Geburtsdatum", "birth_date"),
    ("fr", "Prénom", "first_name"), ("fr", "Nom de famille", "last_name"), ("fr", "Code postal", "postcode"),
    ("fr", "Téléphone portable", "mobile"), ("fr", "Société", "company"), ("fr", "Désinscrit", "marketing_consent:inverted"),
    ("es", "Apellidos", "last_name"), ("es", "Correo electrónico", "email"), ("es", "Código postal", "postcode"),
    ("es", "Teléfono móvil", "mobile"), ("es", "Fecha de nacimiento", "birth_date"),
    ("nl", "Achternaam", "last_name"), ("nl", "Woonplaats", "city"), ("nl", "Mobiel nummer", "mobile"),
    ("nl", "Klantnummer", "external_id"), ("it", "Cognome", "last_name"), ("it", "Cellulare", "mobile"),
    ("it", "CAP", "postcode"), ("it", "Ragione sociale", "company"), ("it", "Data di nascita", "birth_date"),
    ("en", "First Name*", "first_name"), ("en", "Job Title", "job_title"), ("en", "Address Line 2", "street2"),
    ("en", "House/Flat", "street"), ("en", "Last job", "last_order_at"), ("en", "Paid to date", "total_spent"),
    ("de", "Tel. Geschäft", "phone:work"), ("de", "Auftrag zuletzt", "last_order_at"),
    ("pt", "Sobrenome", "last_name"), ("pt", "Telemóvel", "mobile"), ("pt", "CEP", "postcode"),
    ("pt", "Morada", "street"), ("pt", "N.º Cliente", "external_id"), ("pt", "Data de registo", "created_at"),
    ("pl", "Imię", "first_name"), ("pl", "Tel. komórkowy", "mobile"), ("pl", "Kod pocztowy", "postcode"),
    ("pl", "Klient od", "created_at"), ("pl", "Ostatni zakup", "last_order_at"),
    ("sv", "Förnamn", "first_name"), ("sv", "Postnummer", "postcode"), ("sv", "Kund sedan", "created_at"),
    ("sv", "Senaste köp", "last_order_at"), ("da", "Efternavn", "last_name"), ("da", "Fødselsdato", "birth_date"),
    ("da", "Indmeldt", "created_at"), ("fi", "Sukunimi", "last_name"), ("cs", "Příjmení", "last_name"),
    ("Calendly", "Invitee Name", "full_name"), ("Chargebee", "customers.company", "company"),
    ("Chargebee", "customers.billing_address.state", "region:billing"), ("Freshsales", "Work number", "phone:work"),
    ("en", "Home Number", "phone:home"), ("en", "Marketing OK?", "marketing_consent"), ("es", "Nº Socio", "external_id"),
    ("es", "1er Apellido", "last_name"), ("es", "2º Apellido", "last_name:second"), ("es", "F. Nacimiento", "birth_date"),
    ("it", "Cognome e Nome", "full_name"), ("de", "Nachname, Vorname", "full_name"), ("it", "Nato il", "birth_date"),
    ("it", "Iscritto dal", "created_at"), ("it", "Cod.", "external_id"), ("en", "Text Reminder Number", "mobile"),
    ("ch", "Tel. P", "phone:home"), ("ch", "Tel. G", "phone:work"), ("ch", "Natel", "mobile"), ("en", "Tel (W)", "phone:work"),
    ("fr", "Tél. port.", "mobile"), ("fr", "Tél. dom.", "phone:home"), ("fr", "Civ.", "title"),
    ("fr", "Né(e) le", "birth_date"), ("fr", "1re séance", "created_at"), ("fr", "Dernière séance", "last_order_at"),
    ("fr", "Nb séances", "order_count"), ("nl", "Toev.", "street2"), ("nl", "PC", "postcode"),
    ("en", "Night Phone", "phone:home"), ("de", "Erstbehandlung", "created_at"), ("de", "Hinweise", "notes"),
    ("es", "Fecha nac.", "birth_date"), ("it", "Ultimo soggiorno", "last_order_at"), ("it", "N. soggiorni", "order_count"),
    ("Dynamics 365", "Address 1: Street 2", "street2"), ("Dynamics 365", "Address 1: City", "city"),
    ("Dynamics 365", "Do not allow Bulk Emails", "marketing_consent:inverted"), ("pl", "Telefon kom.", "mobile"),
    ("pl", "Pierwsza wizyta", "created_at"), ("pl", "Ilość wizyt", "order_count"), ("de", "Kundenkommentar", "notes"),
    ("fr", "Adresse - CP", "postcode"), ("fr", "Opt-in e-mail", "marketing_consent"), ("nl", "Aangemaakt", "created_at"),
    ("de", "Erstellt", "created_at"), ("nl", "Adresregel 1", "street"), ("nl", "Code", "external_id"),
    ("Zoho Books", "Billing Code", "postcode:billing"), ("Zoho Books", "Shipping Code", "postcode:shipping"),
]


@pytest.mark.parametrize("system, heading, expected", HEADINGS, ids=[f"{s}:{h}" for s, h, _ in HEADINGS])
def test_headings_map_to_canonical_fields(system, heading, expected):
    assert target_for_heading(heading) == expected


@pytest.mark.parametrize("source", sorted(HEADERS))
def test_the_demo_exports_map_completely(source):
    for target, heading in HEADERS[source].items():
        assert target_for_heading(heading) == target, heading


def test_a_heading_means_one_thing_only():
    """The vocabularies never give one heading two meanings, in one file or across them (the first
    would silently win)."""
    from workbench.ingest.heading_words import SYNONYM_FILES
    from workbench.paths import resource_path

    seen: dict[str, str] = {}
    for name in SYNONYM_FILES:
        for line in resource_path("reference", name).read_text(encoding="utf-8").splitlines()[1:]:
            if not line or line.startswith("#"):
                continue
            target, _, headings = line.partition(",")
            for heading in headings.split("|"):
                key = normalize_heading(heading)
                assert seen.setdefault(key, target) == target, f"{name}: {heading!r}: {seen[key]} and {target}"
    assert len(synonyms()) > 4000


@pytest.mark.parametrize("values, expected", [
    (["a@example.org", "b@example.com", "<c@example.net>"], "email"),
    (["+49 171 1234567", "0171 7654321", "030/1234567"], "phone"),
    (["10115", "80331", "20095"], None),
    (["2024-01-03", "2023-12-01", "2022-05-05"], None),
    (["Anna", "Ben", "Cem"], None),
])
def test_a_column_is_known_by_its_values(values, expected):
    assert target_for_values(values) == expected


def test_unknown_columns_are_kept_as_attributes_and_contradicted_headings_are_not_trusted():
    mapping, origin, notes = propose_mapping(
        ["Lieblingsfarbe", "Status", "Kontakt"],
        {"Lieblingsfarbe": ["rot", "blau"], "Status": ["Lead", "Customer", "Lead"],
         "Kontakt": ["a@example.org", "b@example.org"]})
    assert mapping == {"Lieblingsfarbe": "attribute:lieblingsfarbe", "Status": "attribute:status",
                       "Kontakt": "email"}
    # The heading "Status" promised consent; its values say otherwise, and the plan says why.
    assert origin == {"Lieblingsfarbe": "kept", "Status": "doubt", "Kontakt": "values"}
    assert "marketing consent" in notes["Status"]


@pytest.mark.parametrize("target, values, expected", [
    ("marketing_consent", ["subscribed", "unsubscribed", "cleaned"], True),
    ("marketing_consent", ["Lead", "Customer"], False),
    ("created_at", ["12.03.2020", "2021-01-01"], True),
    ("created_at", ["Berlin", "Hamburg"], False),
])
def test_plausibility_of_a_heading_against_its_values(target, values, expected):
    assert plausible(target, values) is expected


@pytest.mark.parametrize("target, expected", [
    ("email", "email"), ("phone:work", "phone:work"), ("street:shipping", "street:shipping"),
    ("attribute:Lieblings Farbe", "attribute:lieblings_farbe"), (None, None),
    ("marketing_consent:inverted", "marketing_consent:inverted"),
])
def test_valid_targets(target, expected):
    assert validate_target(target, "col") == expected


@pytest.mark.parametrize("target", ["emali", "phone:pager", "first_name:work", "attribute:", 3])
def test_invalid_targets_name_the_column(target):
    with pytest.raises(WorkbenchError, match="column 'col'"):
        validate_target(target, "col")


@pytest.mark.parametrize("name, expected", [
    ("unsubscribed_members_export_3f2a.csv", "unsubscribed"), ("cleaned_members_export.csv", "bounced"),
    ("Newsletter Abgemeldet 2024.xlsx", "unsubscribed"), ("subscribed_members_export.csv", None),
    ("kunden.csv", None),
])
def test_a_whole_file_of_unsubscribed_people(name, expected):
    assert file_consent(name) == expected


@pytest.mark.parametrize("heading, expected, how", [
    ("Default Address Address1", "street", "heading"),
    ("Default Address Address2", "street2", "heading"),
    ("Default Address Zip", "postcode", "heading"),
    ("Mailing Zip", "postcode", "heading"),
    ("Mailing State/Province", "region", "heading"),
    ("Mailing Zip/Postal Code", "postcode", "heading"),
    ("Billing Address 1", "street:billing", "heading"),
    ("Ship Zip", "postcode:shipping", "heading"),
    ("Birthday", "birth_date", "heading"),
    ("Date registered", "created_at", "heading"),
    ("First Visit", "created_at", "heading"),
    ("Created Time", "created_at", "heading"),
    ("Order Date", "created_at", "heading"),
    ("Last active", "last_order_at", "heading"),
    ("Payment Count", "order_count", "heading"),
    ("Company / Account", "company", "heading"),
    ("CC", "country", "heading"),
    ("Marketing contact status", "marketing_consent", "heading"),
    ("Ort / City", "city", "words"),
    ("Handy / Mobile", "mobile", "words"),
    ("Phone 1 - Value", "phone", "heading"),
    ("Customer Billing Zip Code", "postcode:billing", "heading"),
    ("Date of last purchase", "last_order_at", "words"),
    ("Signup Date (UTC)", "created_at", "words"),
    ("E-Mail (privat)", "email:home", "heading"),
    ("Lieferadresse PLZ", "postcode:shipping", "heading"),
    ("Geburtsdatum des Kunden", "birth_date", "words"),
    ("Numéro de téléphone portable", "mobile", "heading"),
])
def test_headings_are_read_word_by_word(heading, expected, how):
    from workbench.ingest.heading_words import match_heading

    assert match_heading(heading) == (expected, how)


@pytest.mark.parametrize("heading, expected", [
    ("Number of Purchases", "order_count"), ("Nombre de commandes", "order_count"),
    ("Customer Value", "total_spent"), ("Kundenwert", "total_spent"),
    ("Subscription time", "created_at"), ("Entered", "created_at"), ("Date Entered", "created_at"),
    ("Erstellungsdatum", "created_at"), ("Registrierungsdatum", "created_at"), ("Aanmaakdatum", "created_at"),
    ("Geboortedatum", "birth_date"), ("Individual Prefix", "title"), ("Individual Suffix", "suffix"),
    ("Supplemental Address 1", "street2"), ("Code civilité", "title"), ("subscribed_to_emails", "marketing_consent"),
    ("Data registrazione", "created_at"), ("Datum registratie", "created_at"), ("Tél. bureau", "phone:work"),
    ("Mob.", "mobile"), ("Is Subscribed", "marketing_consent"), ("Adresse mail", "email"), ("Namenszusatz", "suffix"),
    ("Interlocuteur", "full_name"), ("Presso", "street2"), ("Social title", "title"), ("Registration", "created_at"),
    ("Bill to", "address:billing"), ("Ship to", "address:shipping"), ("Alt. Phone", "phone:other"),
    ("Date d'adhésion", "created_at"), ("Numéro d'adhérent", "external_id"), ("Nombre comercial", "company"),
    ("physical_state", "region"), ("Guest Email", "email"), ("Donor Name", "full_name"), ("Patient Name", "full_name"),
    ("Owner's Full Name", "full_name"), ("Date of first visit", "created_at"), ("Number of Donations", "order_count"),
    ("Total Donated", "total_spent"), ("Eintritt", "created_at"), ("N° de client", "external_id"),
    ("Denominazione", "company"), ("Factuuradres", "street:billing"), ("Afleveradres", "street:shipping"),
    ("Rechnungsadresse", "street:billing"), ("CA total HT", "total_spent"),
    ("Opt-in Date", "created_at"), ("Newsletter (yes/no)", "marketing_consent"), ("OK to email", "marketing_consent"),
    ("Total Order Value", "total_spent"), ("Contact Number", "phone"), ("Phone #", "phone"), ("Cell #", "mobile"),
    ("WhatsApp Number", "mobile"), ("Adresszeile 1", "street"), ("Landcode", "country"), ("Länderkürzel", "country"),
    # a form's questions
    ("What's your first name?", "first_name"), ("And your surname?", "last_name"), ("Ihr Vorname", "first_name"),
    ("Votre adresse e-mail", "email"), ("Il tuo cognome", "last_name"), ("Je telefoonnummer", "phone"),
    ("Tus apellidos", "last_name"), ("Nachricht", "notes"), ("Timestamp", "created_at"),
    ("Yes, I'd like to receive updates", "marketing_consent"), ("Ich möchte den Newsletter erhalten", "marketing_consent"),
    ("Acepto recibir comunicaciones comerciales", "marketing_consent"),
    ("Lovely to meet you, {{field:8c1f2a7e}}. And your surname?", "last_name"),
    ("Can we send you our monthly timetable and member offers?", "marketing_consent"),
    ("Str. + Nr.", "street"), ("Tel. no.", "phone"), ("Akad. Titel", "title"),  # abbreviations end no sentence
    ("PEC", "email:other"), ("Indirizzo PEC", "email:other"),  # an Italian firm's certified e-mail
])
def test_headings_of_more_systems_and_languages(heading, expected):
    assert target_for_heading(heading) == expected


@pytest.mark.parametrize("heading", [
    "Postal Code Suffix", "Street Number Suffix", "Phone Extension",  # an appendage of a field
    "Subscription End Date", "Renewal Date", "CONFIRM_TIME",  # a plan's or a confirmation's date
    "Signature Text", "World Region", "Custom address field", "Master Address Belongs To",
    "Invoice Number", "Legal Identifier", "Codice fiscale", "Current Employer ID",  # ids of something else
    "group_id", "store_id", "website_id", "Plan ID", "Codice SDI", "Policy Number",
    "Emergency Phone", "How did you hear about us?", "Total Donation Amount", "Contact Owner",
    "Contact by phone", "Last Purchase Amount", "Days Since Last Order", "E-mail 3 Display Name", "Ship Via",
    "Send this subscriber HTML emails",
])
def test_headings_about_something_beside_the_customer_name_no_field(heading):
    assert target_for_heading(heading) is None


@pytest.mark.parametrize("columns, key", [
    (["ID", "User ID", "Name", "Email"], "ID"),
    (["id", "email", "stripe_customer_id"], "id"),
    (["Reference ID", "Given Name", "Square Customer ID"], "Square Customer ID"),
    (["Primary Contact ID", "Contact Name", "Contact ID"], "Contact ID"),
    (["Number", "Name", "ID Number"], "Number"),
])
def test_a_record_has_one_id_and_the_others_are_kept_as_attributes(columns, key):
    mapping, _, _ = propose_mapping(columns, {})
    assert [c for c in columns if mapping[c] == "external_id"] == [key]
    assert all(mapping[c].startswith("attribute:") for c in columns if "id" in c.lower() and c != key)


@pytest.mark.parametrize("values, expected", [
    (["active", "canceled", "past_due", "trialing"], None),  # an account's state
    (["1", "0", "1"], None),
    (["Active"], None),
    (["active", "unsubscribed", "bounced", "unconfirmed"], "marketing_consent"),
    (["subscribed", "unsubscribed"], "marketing_consent"),
])
def test_a_status_column_is_consent_only_when_its_values_speak_of_a_subscription(values, expected):
    mapping, _, _ = propose_mapping(["Status"], {"Status": values})
    assert mapping["Status"] == expected or expected is None and mapping["Status"] == "attribute:status"


def test_an_address_written_with_html_line_breaks_is_a_whole_address():
    values = ["9 Weavers Row<br>Halifax<br>HX1 2PQ<br>United Kingdom<br>", "1 Mill St<br>Leeds<br>LS1 1AA<br>"]
    assert propose_mapping(["Primary Address"], {"Primary Address": values})[0]["Primary Address"] == "address"


@pytest.mark.parametrize("columns, values", [
    (["Nombre", "Apellidos", "Email"], ["Lucía", "Javier", "María José"]),
    (["name", "last_name", "email"], ["Anna", "Tom", "Li"]),
])
def test_a_name_column_beside_a_surname_and_no_given_name_is_the_given_name(columns, values):
    mapping, _, _ = propose_mapping(columns, {columns[0]: values})
    assert (mapping[columns[0]], mapping[columns[1]]) == ("first_name", "last_name")
    # a column of whole names stays the whole name
    mapping, _, _ = propose_mapping(columns, {columns[0]: ["Lucía Pérez", "Javier Ruiz Gómez"]})
    assert mapping[columns[0]] == "full_name"


def test_other_events_and_other_people_beside_the_customers_own_are_kept_as_attributes():
    columns = ["Name", "Order Count", "Donation Count", "Last Order Date", "Last Donation Date", "Owner Name"]
    mapping, _, _ = propose_mapping(columns, {})
    assert mapping == {"Name": "full_name", "Order Count": "order_count", "Donation Count": "attribute:donation_count",
                       "Last Order Date": "last_order_at", "Last Donation Date": "attribute:last_donation_date",
                       "Owner Name": "attribute:owner_name"}
    # alone, the donations are the customer's history and the owner (of a pet) is the customer
    mapping, _, _ = propose_mapping(["Owner Name", "Donation Count"], {})
    assert mapping == {"Owner Name": "full_name", "Donation Count": "order_count"}


def test_numbered_contact_persons_are_other_people_and_a_numbered_field_is_the_next_of_that_field():
    columns = ["FirstName", "EmailAddress", "Person1FirstName", "Person1Email", "Person2Email", "Organization 1 - Title",
               "E-mail 2 Address"]
    mapping, _, _ = propose_mapping(columns, {"Organization 1 - Title": ["Inhaberin", "Sales Manager"]})
    assert mapping["FirstName"] == "first_name" and mapping["EmailAddress"] == "email"
    assert mapping["Person1FirstName"].startswith("attribute:")
    assert mapping["Person1Email"] == mapping["Person2Email"] == "email:other"
    assert mapping["Organization 1 - Title"] == "job_title"
    assert mapping["E-mail 2 Address"] == "email:other"  # the customer's second e-mail, beside the first


def test_columns_whose_headings_name_nothing_are_known_by_names_addresses_and_phones_in_them():
    samples = {"Who": ["Rebecca Hollister", "Darnell Greene", "Yoshiko & Ken Ito", "Sam Oduya", "Carla Mendes"],
               "Home base": ["1520 E Pine St Apt 4, Seattle WA 98122", "2211 NW 58th St, Seattle WA 98107",
                             "718 N 43rd St, Seattle WA 98103"],
               "Digits": ["(206) 555-0110", "(206) 555-0156", "(206) 555-0190"],
               "Pup(s)": ["Moose (lab mix)", "Pepper, Salt (beagles)", "Biscuit"]}
    mapping, origin, _ = propose_mapping(list(samples), samples)
    assert mapping == {"Who": "full_name", "Home base": "address", "Digits": "phone", "Pup(s)": "attribute:pups"}
    assert origin["Who"] == origin["Home base"] == "values"
    # beside a name and an address column, other names and addresses are something else's
    mapping, _, _ = propose_mapping(["Name", "Street", *samples], {"Name": ["Ann Lee"], "Street": ["1 Main St"],
                                                                  **samples})
    assert mapping["Who"] == "attribute:who" and mapping["Home base"] == "attribute:home_base"


@pytest.mark.parametrize("heading", ["First Visit", "Last active", "Last Login", "Email Opt In Date", "Name of Pet",
                                     "Last Modified", "Number of Employees"])
def test_a_word_that_names_a_field_alone_does_not_name_it_inside_another_heading(heading):
    target = target_for_heading(heading)
    assert target not in ("first_name", "last_name", "full_name", "email", "marketing_consent")


def test_a_title_column_of_positions_is_the_job_title_and_one_of_salutations_the_title():
    mapping, origin, _ = propose_mapping(
        ["Title", "Anrede"], {"Title": ["Sales Manager", "Owner", "Head of Purchasing"],
                              "Anrede": ["Herr", "Frau", "Frau Dr.", "Herr Prof. Dr."]})
    assert mapping == {"Title": "job_title", "Anrede": "title"}
    assert origin["Title"] == "words"


@pytest.mark.parametrize("heading", ["Fax", "Fax Number", "Business Fax", "Faxnummer", "Home Fax", "Fax No."])
def test_a_fax_number_is_a_fax_never_an_id(heading):
    assert target_for_heading(heading) == "phone:fax"


def test_a_firm_and_its_contact_person_are_company_and_name_not_two_names_of_one_person():
    mapping, _origin, _ = propose_mapping(
        ["Customer", "Full Name", "Email"],
        {"Customer": ["Jacob Allain et Fils", "Boulangerie Petit SARL", "Marie Curie"],
         "Full Name": ["Jacob Allain", "Paul Petit", "Marie Curie"],
         "Email": ["j@allain.example", "p@petit.example", "m@curie.example"]})
    assert mapping["Customer"] == "company" and mapping["Full Name"] == "full_name"


def test_a_short_heading_such_as_cc_must_be_borne_out_by_its_values():
    mapping, _origin, _ = propose_mapping(["CC", "Email"], {"CC": ["DE", "FR", "US", "DE"], "Email": ["a@b.de"]})
    assert mapping["CC"] == "country"
    mapping, _origin, _ = propose_mapping(["CC"], {"CC": ["boss@firm.example", "team@firm.example"]})
    assert mapping["CC"] == "email"  # a copy-to address column: its values say so


@pytest.mark.parametrize("kind, values", [
    ("IP addresses", ["203.0.113.24", "198.51.100.77", "192.0.2.10", "2001:db8::1"]),
    ("coordinates", ["52.5200000", "-122.6853000", "45.5267000", "13.4050000"]),
    ("ids", ["100234", "100235", "100236", "100237", "100238"]),
    ("UUIDs", ["6f1c2a4e-8b1d-4c7a-9f3e-2b5d7c9a1e04", "0b9f8e7d-6c5b-4a39-8271-605f4e3d2c1b"]),
    ("amounts", ["1,299.00", "45.50", "310.20", "12.99"]),
    ("timestamps", ["2024-03-05 10:11:12", "2023-12-01 08:00:00", "2025-01-04 09:12:55"]),
])
@pytest.mark.parametrize("heading", ["Phone", "Telefon", "CONFIRM_IP", "Column F"])
def test_no_ip_address_coordinate_id_or_amount_is_ever_taken_for_a_phone(heading, kind, values):
    mapping, origin, notes = propose_mapping([heading], {heading: values})
    assert mapping[heading] not in ("phone", "mobile") and not (mapping[heading] or "").startswith("phone:"), kind
    if heading in ("Phone", "Telefon"):  # the heading promised phones: the column is kept aside, with why
        assert origin[heading] in ("doubt", "technical") and notes[heading]


@pytest.mark.parametrize("heading", ["Last Job Title", "Last Job Position"])
def test_a_job_title_is_no_job_done(heading):
    assert target_for_heading(heading) != "last_order_at"


def test_a_name_on_an_address_beside_the_customers_own_name_is_kept_aside():
    columns = ["First Name", "Last Name", "Email", "Address First Name", "Address Last Name", "Billing Name"]
    samples = {"First Name": ["Olivia", "Raj"], "Last Name": ["Brennan", "Malhotra"],
               "Email": ["o@example.com", "r@example.com"], "Address First Name": ["Olivia", "Raj"],
               "Address Last Name": ["Brennan", "Malhotra"], "Billing Name": ["Olivia Brennan", "Raj Malhotra"]}
    mapping, _origin, _ = propose_mapping(columns, samples)
    assert mapping["First Name"] == "first_name" and mapping["Last Name"] == "last_name"
    assert mapping["Address First Name"].startswith("attribute:")
    assert mapping["Address Last Name"].startswith("attribute:")
    assert mapping["Billing Name"].startswith("attribute:")  # the customer's name is given in full beside it


@pytest.mark.parametrize("value, flag", [("tak", True), ("nie", False), ("nej", False), ("não", False),
                                         ("ano", True), ("nei", False)])
def test_yes_and_no_in_more_languages(value, flag):
    from workbench.standardize.values import parse_yes_no

    assert parse_yes_no(value) is flag


@pytest.mark.parametrize("heading", ["Birth name", "Place of birth", "Last contacted time", "Scadenza abbonamento",
                                     "Cod. Fiscale", "Invoice Number", "Last Open Date", "Last Click"])
def test_headings_near_a_field_are_not_that_field(heading):
    assert target_for_heading(heading) not in ("birth_date", "last_order_at", "created_at", "external_id")


def test_of_two_customer_ids_the_number_people_use_is_the_key_not_the_database_uuid():
    mapping, _origin, _ = propose_mapping(
        ["id", "customerNumber", "email"],
        {"id": ["0190a8c3-e1f2-7b4d-9b5c-6d7e8f901234", "0190a8c3-e1f2-7b4d-9b5c-6d7e8f905678"],
         "customerNumber": ["10023", "10031"], "email": ["a@example.de", "b@example.at"]})
    assert mapping["customerNumber"] == "external_id" and mapping["id"].startswith("attribute:")


def test_a_name_column_of_single_words_beside_a_given_name_is_the_surname():
    samples = {"Vorname": ["Urs", "Claudia", "Luca"], "Name": ["Brunner", "Meier", "Rossi"]}
    mapping, _origin, _ = propose_mapping(["Vorname", "Name"], samples)
    assert mapping == {"Vorname": "first_name", "Name": "last_name"}
    samples = {"Vorname": ["Urs", "Claudia"], "Name": ["Urs Brunner", "Claudia Meier"]}
    mapping, _origin, _ = propose_mapping(["Vorname", "Name"], samples)
    assert mapping["Name"] == "full_name"


def test_an_address_heading_with_no_town_or_postcode_of_its_kind_beside_it_holds_whole_addresses():
    columns = ["Street Address", "City", "ZIP", "Billing Address"]
    samples = {"Street Address": ["6146 Honey Bluff Parkway", "2210 N Halsted St"], "City": ["Calder", "Chicago"],
               "ZIP": ["49628-7978", "60614"],
               "Billing Address": ["6146 Honey Bluff Parkway Calder Michigan 49628-7978",
                                   "2210 N Halsted St Chicago Illinois 60614"]}
    mapping, _origin, _ = propose_mapping(columns, samples)
    assert mapping["Billing Address"] == "address:billing" and mapping["Street Address"] == "street"
    # beside a town and postcode of its own kind, "Address" is the street line
    mapping, _origin, _ = propose_mapping(["Address", "City", "Postcode"],
                                          {"Address": ["Flat 3, 27 Cathedral Road", "14 Albany Road"],
                                           "City": ["Cardiff", "Cardiff"], "Postcode": ["CF11 9HA", "CF24 3RR"]})
    assert mapping["Address"] == "street"


def test_of_two_whole_name_columns_the_one_saying_name_is_the_customers():
    mapping, _origin, _ = propose_mapping(["Name", "Person", "Email"],
                                          {"Name": ["Nina Petersen", "Carlos Vega"], "Person": ["Tom", "Sara"],
                                           "Email": ["n@example.dk", "c@example.com"]})
    assert mapping["Name"] == "full_name" and mapping["Person"].startswith("attribute:")


@pytest.mark.parametrize("value, inverted, consent", [("Allow", False, "granted"), ("Do Not Allow", False, "unsubscribed"),
                                                      ("Do Not Allow", True, "unsubscribed"), ("Allow", True, "unknown")])
def test_allow_and_do_not_allow_say_consent_whichever_way_the_heading_puts_it(value, inverted, consent):
    from workbench.standardize.values import parse_consent

    assert parse_consent(value, inverted=inverted) == consent


def test_a_name_heading_of_given_names_holding_whole_names_and_no_surname_beside_it_is_the_whole_name():
    mapping, _origin, _ = propose_mapping(["Nome", "E-mail"], {"Nome": ["Fernanda Costa", "Padaria Pão Dourado Ltda"],
                                                              "E-mail": ["f@example.com.br", "c@example.com.br"]})
    assert mapping["Nome"] == "full_name"


@pytest.mark.parametrize("heading, values", [("CNPJ / CPF", ["123.456.789-09", "12.345.678/0001-90", "987.654.321-00"]),
                                             ("IE / RG", ["12.345.678-9", "123456789", "98.765.432-1"]),
                                             ("NIP", ["526-104-08-28", "5261040828", "777-12-34-567"])])
def test_tax_and_identity_numbers_are_never_phones(heading, values):
    mapping, _origin, _ = propose_mapping([heading], {heading: values})
    assert mapping[heading] is None or mapping[heading].startswith("attribute:")


def test_a_name_of_single_words_beside_given_name_and_surname_is_a_nickname_not_the_whole_name():
    samples = {"Preferred Name": ["Kate", "Mo"], "First Name": ["Katherine", "Mohammed"],
               "Last Name": ["MacDonald", "Al-Sayed"]}
    mapping, _origin, _ = propose_mapping(["Preferred Name", "First Name", "Last Name"], samples)
    assert mapping["Preferred Name"].startswith("attribute:")
    assert mapping["First Name"] == "first_name" and mapping["Last Name"] == "last_name"


def test_a_named_second_address_beside_the_plain_one_is_kept_apart_and_alone_is_the_address():
    # e-Boekhouden: the visiting address, then the postal one; never two streets and two postcodes of one.
    columns = ["Adres", "Postcode", "Plaats", "Postadres", "Postcode postadres", "Plaats postadres"]
    samples = {"Adres": ["Dorpsstraat 14", "Kerkstraat 3"], "Postcode": ["5261 AB", "1017 GC"],
               "Plaats": ["Vught", "Amsterdam"], "Postadres": ["Postbus 123", ""],
               "Postcode postadres": ["5260 AC", ""], "Plaats postadres": ["Vught", ""]}
    mapping, _origin, _ = propose_mapping(columns, samples)
    assert [mapping[c] for c in columns] == ["street", "postcode", "city", "street:other", "postcode:other",
                                             "city:other"]
    alone = ["Postadresse", "PLZ Postadresse", "Ort Postadresse"]
    mapping, _origin, _ = propose_mapping(alone, {"Postadresse": ["Hauptstr. 1", "Ringstr. 9"],
                                                  "PLZ Postadresse": ["50667", "10115"],
                                                  "Ort Postadresse": ["Köln", "Berlin"]})
    assert [mapping[c] for c in alone] == ["street", "postcode", "city"]


def test_a_street_number_column_joins_the_street_unless_the_street_holds_its_numbers_already():
    mapping, _origin, _ = propose_mapping(["Street", "Street number", "Additional address"],
                                          {"Street": ["Rathmines Road Upper", "Pembroke Road"],
                                           "Street number": ["112", "37"], "Additional address": ["", "Apartment 4"]})
    assert mapping == {"Street": "street", "Street number": "street", "Additional address": "street2"}
    mapping, _origin, _ = propose_mapping(["Ulica", "Numer budynku", "Numer lokalu"],
                                          {"Ulica": ["Marszałkowska", "Długa"], "Numer budynku": ["84", "5"],
                                           "Numer lokalu": ["12", ""]})
    assert mapping == {"Ulica": "street", "Numer budynku": "street", "Numer lokalu": "street2"}
    # CiviCRM: the whole street line, then the number parsed out of it: the number is not added twice.
    mapping, _origin, _ = propose_mapping(["Street Address", "Street Number"],
                                          {"Street Address": ["12 Elm Street", "9 Oak Lane"], "Street Number": ["12", "9"]})
    assert mapping["Street Address"] == "street" and mapping["Street Number"] != "street"


@pytest.mark.parametrize("heading", ["Personnr", "CPR-nummer", "DNI cliente"])
def test_a_personal_identity_number_is_not_the_customers_number_in_the_system(heading):
    mapping, _origin, _ = propose_mapping([heading, "Namn"], {heading: ["19850312-1234", "19790101-4321"],
                                                              "Namn": ["Anna Berg", "Erik Lund"]})
    assert mapping[heading] != "external_id" and not (mapping[heading] or "").startswith("phone")


def test_a_company_or_private_column_says_which_the_customer_is_not_the_company_name():
    mapping, _origin, _ = propose_mapping(["Bedrijf/Particulier", "Bedrijf"],
                                          {"Bedrijf/Particulier": ["B", "P"], "Bedrijf": ["Bakkerij Van Dijk", ""]})
    assert mapping["Bedrijf"] == "company" and mapping["Bedrijf/Particulier"] != "company"


@pytest.mark.parametrize("heading, target", [("구매금액", "total_spent"), ("이메일 수신동의", "marketing_consent"),
                                             ("관리자 메모", "notes"), ("아이디", "external_id")])
def test_korean_headings_written_without_spaces_are_read(heading, target):
    assert target_for_heading(heading) == target


def test_a_last_login_is_no_visit_whatever_its_dates():
    mapping, _origin, _ = propose_mapping(["최근 로그인"], {"최근 로그인": ["2026-11-30 21:14", "2026-11-02 08:03"]})
    assert mapping["최근 로그인"] != "last_order_at"


def test_accepted_and_refused_say_consent():
    from workbench.standardize.values import is_consent_word, parse_consent

    assert [parse_consent(v) for v in ("Accepté", "Refusé", "Non renseigné")] == ["granted", "denied", "unknown"]
    assert is_consent_word("Non renseigné")


@pytest.mark.parametrize("heading", ["Geen e-mail", "Keine E-Mail", "Pas d'e-mail", "Ingen e-post"])
def test_no_email_said_in_other_languages_is_an_opt_out_not_an_address(heading):
    mapping, _origin, _ = propose_mapping([heading, "E-mail"], {heading: ["Nee", "Ja", "Nee"],
                                                                "E-mail": ["a@example.nl", "b@example.nl", ""]})
    assert mapping[heading] == "marketing_consent:inverted" and mapping["E-mail"] == "email"


@pytest.mark.parametrize("heading, target", [
    ("Número do pedido", None), ("N° de commande", None), ("Numero ordine", None), ("Nº pedido", None),
    ("Número de pedidos", "order_count"), ("Nombre de commandes", "order_count"), ("N. visite", "order_count")])
def test_one_orders_number_is_not_a_count_of_orders(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading, target", [
    ("Data da compra", "last_order_at"), ("Date d'achat", "last_order_at"), ("Data zapisu", "created_at"),
    ("Kontaktní osoba", "full_name"), ("Vlastní identifikátor", "external_id"), ("E-mail v kopii", "email:other"),
    ("担当者氏名", "full_name"), ("担当者敬称", "title"), ("CCメールアドレス", "email:other"), ("Reservas", "order_count")])
def test_purchase_dates_enrolments_and_contacts_in_more_languages(heading, target):
    assert target_for_heading(heading) == target


def test_a_paid_until_month_is_kept_not_taken_for_coordinates():
    mapping, _origin, _ = propose_mapping(["Składka opłacona do"],
                                          {"Składka opłacona do": ["12.2026", "11.2026", "09.2026"]})
    assert (mapping["Składka opłacona do"] or "").startswith("attribute:")


def test_a_name_column_of_firms_and_people_beside_a_contact_person_is_the_company():
    samples = {"Nome": ["Pastelaria Doce Aveiro, Lda.", "João Pedro Almeida", "Quinta do Vale Verde, Unip. Lda."],
               "Pessoa de contacto": ["Manuel Gonçalves", "", "Ana Lima"]}
    mapping, _origin, _ = propose_mapping(["Nome", "Pessoa de contacto"], samples)
    assert mapping == {"Nome": "company", "Pessoa de contacto": "full_name"}


@pytest.mark.parametrize("heading, target", [
    ("Date of enrolment", "created_at"), ("Beitrittsdatum", "created_at"), ("Termindatum", "last_order_at"),
    ("Afspraken", "order_count"), ("Kundenumsatz", "total_spent"), ("Ansprechpartnerin", "full_name"),
    ("备用邮箱", "email:other"), ("Kundenkonto", "external_id"), ("メルマガ配信停止", "marketing_consent:inverted"),
    ("Wohnungsnummer", "street2"), ("Festnetznummer", "phone:home"), ("Gebdatum", "birth_date")])
def test_the_concepts_vocabulary_names_each_concept_in_many_languages(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading, target", [
    ("Wpłacono (zł)", "total_spent"), ("Última aula", "last_order_at"), ("마지막 수업", "last_order_at"),
    ("Lessen gehad", "order_count"), ("N° dossier", "external_id"), ("Korespondenční adresa", "street:other"),
    ("Arbeitsbeschreibung", "notes"), ("Chce newsletter", "marketing_consent"),
    # what the second round leaves out: the nights of one stay, text-message consent, a car's plate
    ("Notti", None), ("# of nights", None), ("문자 수신 동의", None), ("Matrícula", None),
    ("Antal biljetter", None), ("Obecność", None)])  # tickets of one booking; attendance, present or not
def test_the_second_round_of_concepts_reads_what_schools_practices_and_trades_write(heading, target):
    assert target_for_heading(heading) == target


def test_a_code_beside_a_bare_id_is_the_customer_number():
    mapping, _origin, _ = propose_mapping(["ID", "Código", "Nome"],
                                          {"ID": ["738211045", "738211102"], "Código": ["C-0101", "C-0102"],
                                           "Nome": ["Mariana Souza Lima", "Rafael Costa"]})
    assert mapping["Código"] == "external_id" and mapping["ID"].startswith("attribute:")


def test_a_card_number_of_phone_like_digits_is_no_phone():
    mapping, _origin, _ = propose_mapping(["Номер картки", "Kartennummer"],
                                          {"Номер картки": ["0501234567", "0671234567"],
                                           "Kartennummer": ["0171 2345678", "0160 9876543"]})
    assert not any((t or "").startswith(("phone", "mobile")) for t in mapping.values()), mapping


@pytest.mark.parametrize("heading, values, target", [
    ("Zgoda SMS/mail", ["tak", "nie"], "marketing_consent"),
    ("J'accepte de recevoir les informations de l'organisateur", ["Oui", "Non"], "marketing_consent"),
    ("Abmeldedatum", ["11.10.2026 08:31:09", ""], "marketing_consent:inverted"),
    ("Bestätigungsdatum", ["14.01.2025 09:15:02", "02.06.2025 17:41:37"], "marketing_consent:optin")])
def test_consent_asked_with_channels_or_dated_by_a_newsletter_tool(heading, values, target):
    mapping, _origin, _ = propose_mapping([heading], {heading: values})
    assert mapping[heading] == target


def test_a_last_modification_is_no_visit():
    mapping, _origin, _ = propose_mapping(["Ultima modifica"], {"Ultima modifica": ["2026-11-30 10:00", "2026-10-02 08:00"]})
    assert mapping["Ultima modifica"] != "last_order_at"


@pytest.mark.parametrize("heading, target", [
    ("Ordrenummer", None), ("Bestellnummer", None), ("DDD", "phone:area"), ("Państwo", "country"),
    ("Aantal lessen", "order_count"), ("注文日時", "last_order_at"), ("Zgoda na SMS/e-mail", "marketing_consent"),
    ("Send this subscriber HTML emails", None)])
def test_order_numbers_area_codes_lessons_and_consent_by_mail_in_more_languages(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading, values", [
    ("Marketplace", ["Amazon", "eBay", "Etsy"]), ("Address Verified", ["Verified", "Unverified", "Verified"]),
    ("Points spent", ["120", "0", "450"])])
def test_a_marketplace_a_verification_and_points_are_no_town_street_or_money(heading, values):
    mapping, _origin, _ = propose_mapping([heading], {heading: values})
    assert mapping[heading] is None or mapping[heading].startswith("attribute:")


@pytest.mark.parametrize("heading, target", [
    ("Jobs", "order_count"), ("Aulas feitas", "order_count"), ("Totaalbedrag", "total_spent"),
    ("Besteldatum", "last_order_at"), ("Recibe correos", "marketing_consent"), ("Check-Ins User", None)])
def test_jobs_classes_totals_order_dates_and_mail_consent(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading", ["Customer UID", "UID", "Member UID"])
def test_a_unique_id_stays_the_customer_number(heading):
    assert target_for_heading(heading) == "external_id"


@pytest.mark.parametrize("heading", ["Pending Appointments", "Upcoming bookings", "No-shows", "Kanal letzte Buchung"])
def test_orders_not_done_and_the_channel_of_the_last_one_are_no_count_or_date_of_orders(heading):
    assert target_for_heading(heading) is None


def test_how_a_customer_pays_is_no_street_and_a_later_address_line_of_postcodes_is_the_postcode():
    assert target_for_heading("Betaalt via") is None and target_for_heading("Via e numero") == "street"
    columns = ["Address Line 1", "Address Line 3", "Address Line 5"]
    mapping, _origin, _ = propose_mapping(columns, {"Address Line 1": ["12 High St", "4 Mill Lane"],
                                                    "Address Line 3": ["Leeds", "York"],
                                                    "Address Line 5": ["LS1 4AP", "YO1 7HH"]})
    assert mapping["Address Line 5"] == "postcode" and mapping["Address Line 1"] == "street"


@pytest.mark.parametrize("heading, target", [
    ("Bestell-Nr.", None), ("Bemærk", "notes"), ("Courses booked", "order_count"), ("Datum verhuur", "last_order_at"),
    ("Totalt ordervärde", "total_spent"), ("salutationName", "title")])
def test_order_numbers_said_short_remarks_bookings_and_salutations(heading, target):
    assert target_for_heading(heading) == target


def test_an_argentine_unsubscribe_is_an_unsubscribe():
    from workbench.standardize.values import parse_consent

    assert parse_consent("Desuscripto por usuario") == "unsubscribed"


@pytest.mark.parametrize("heading, target", [
    ("注文者名字", "last_name"), ("注文者郵便番号1", "postcode"), ("注文者誕生日", "birth_date"), ("고객명", "full_name"),
    ("Hintergrundinfo", "notes"), ("Data da venda", "last_order_at"), ("Party Name", "full_name")])
def test_the_orderers_fields_written_run_together_in_cjk_and_sales_dates(heading, target):
    assert target_for_heading(heading) == target


def test_a_document_number_of_phone_like_digits_is_no_phone_and_more_fields():
    mapping, _origin, _ = propose_mapping(["document"], {"document": ["12345678909", "98765432100", "11122233344"]})
    assert not (mapping["document"] or "").startswith(("phone", "mobile"))
    assert [target_for_heading(h) for h in ("Total Check-Ins", "Mellomnavn", "corporateName")] == \
        ["order_count", "middle_name", "company"]
