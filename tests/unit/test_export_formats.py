"""Each preset writes the bytes its tool's importer expects: headers, order, encoding, formats, limits."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest
from export_helpers import add_customer, read_csv
from openpyxl import load_workbook

from workbench.export.presets import all_presets, get_preset
from workbench.export.run import ExportRequest, export_customers, preview
from workbench.sample.generator import generate
from workbench.sample.load import load_sample

MÜLLER = dict(first="Zoë", last="Müller-Lüdenscheidt", company="Bäckerei Müller GmbH", job_title="Inhaberin",
              birth=date(1984, 2, 9), consent="granted", tags=["vip", "newsletter"],
              emails=[("zoe@example.de", "home"), ("zoe.mueller@baeckerei.example", "work")],
              phones=[("+4915112345678", "mobile"), ("+49301234567", "work")],
              addresses=[{"kind": "home", "street": "Lindenstraße 5", "street2": "Hinterhaus", "city": "Köln",
                          "postcode": "50667", "country": "DE"},
                         {"kind": "work", "street": "Marktplatz 1", "city": "Bonn", "postcode": "53111",
                          "country": "DE"},
                         {"kind": "shipping", "street": "Lager 3", "city": "Hürth", "postcode": "50354",
                          "country": "DE"}])


def test_every_preset_file_loads_and_names_only_known_fields(sqlite_master, tmp_path):
    presets = all_presets()
    assert {"mailchimp", "hubspot", "salesforce_contacts", "salesforce_leads", "brevo", "klaviyo",
            "constant_contact", "google_contacts", "outlook", "vcard3", "vcard4", "csv", "xlsx",
            "crossref"} <= {p.name for p in presets}
    for preset in presets:
        assert preset.follows, f"{preset.name} does not say what it follows"
    load_sample(sqlite_master, generate(300, seed=5))
    for preset in presets:
        out = tmp_path / preset.default_file_name()
        summary = export_customers(sqlite_master, ExportRequest(preset.name), out)
        assert summary.rows > 0, preset.name
        if preset.format == "csv":
            with out.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle, delimiter=preset.delimiter))
            assert header == preset.headers or preset.all_fields


def test_mailchimp_layout(sqlite_master, tmp_path):
    add_customer(sqlite_master, **MÜLLER)
    out = tmp_path / "mc.csv"
    export_customers(sqlite_master, ExportRequest("mailchimp"), out)
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 2 and b"\n" not in data.replace(b"\r\n", b"")
    (row,) = read_csv(out)
    assert list(row) == ["Email Address", "First Name", "Last Name", "Address", "Phone Number", "Birthday",
                         "Company", "Tags"]
    assert row["Email Address"] == "zoe@example.de"
    assert row["First Name"] == "Zoë" and row["Last Name"] == "Müller-Lüdenscheidt"
    assert row["Address"] == "Lindenstraße 5  Hinterhaus  Köln  50667  DE"
    assert row["Phone Number"] == "+4915112345678"
    assert row["Birthday"] == "02/09"
    assert row["Tags"] == "vip,newsletter"


def test_outlook_has_a_bom_and_puts_each_address_and_phone_in_its_place(sqlite_master, tmp_path):
    add_customer(sqlite_master, **MÜLLER)
    out = tmp_path / "outlook.csv"
    export_customers(sqlite_master, ExportRequest("outlook"), out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    (row,) = read_csv(out)
    assert row["Home Street"] == "Lindenstraße 5\nHinterhaus" and row["Home City"] == "Köln"
    assert row["Business Street"] == "Marktplatz 1" and row["Business City"] == "Bonn"
    assert row["Other City"] == "Hürth"
    assert row["Mobile Phone"] == "+49 1511 2345678" and row["Business Phone"] == "+49 30 1234567"
    assert row["E-mail Address"] == "zoe@example.de" and row["E-mail 2 Address"] == "zoe.mueller@baeckerei.example"
    assert row["Birthday"] == "1984-02-09" and row["Categories"] == "vip;newsletter"
    assert row["Home Country/Region"] == "Germany"


def test_brevo_uses_semicolons_and_e164_sms(sqlite_master, tmp_path):
    add_customer(sqlite_master, **MÜLLER)
    out = tmp_path / "brevo.csv"
    export_customers(sqlite_master, ExportRequest("brevo"), out)
    assert out.read_text(encoding="utf-8").splitlines()[0] == "EMAIL;FIRSTNAME;LASTNAME;SMS;EXT_ID"
    (row,) = read_csv(out, delimiter=";")
    assert row["SMS"] == "+4915112345678" and row["EXT_ID"].startswith("C-")


def test_salesforce_requires_last_name_cuts_to_field_lengths_and_says_so(sqlite_master, tmp_path):
    add_customer(sqlite_master, first="Maximiliane-Friederike-Konstanze-Alexandra", last="Q" * 120,
                 emails=[("max@example.com", "home")], consent="unsubscribed")
    add_customer(sqlite_master, kind="organization", company="Acme GmbH", emails=[("info@acme.example", "work")])
    out = tmp_path / "sf.csv"
    summary = export_customers(sqlite_master, ExportRequest("salesforce_contacts"), out)
    (row,) = read_csv(out)
    assert len(row["First Name"]) <= 40 and len(row["Last Name"]) == 80
    assert row["Email Opt Out"] == "1"
    assert summary.left_out == {"missing:Last Name": 1}
    text = "\n".join(summary.lines())
    assert "no Last Name" in text and "cut to the 80 characters Salesforce accepts" in text


def test_salesforce_leads_use_the_person_name_as_company_for_private_customers(sqlite_master, tmp_path):
    add_customer(sqlite_master, first="Ida", last="Privat", emails=[("ida@example.com", "home")])
    out = tmp_path / "leads.csv"
    export_customers(sqlite_master, ExportRequest("salesforce_leads"), out)
    (row,) = read_csv(out)
    assert row["Company"] == "Ida Privat" and row["Last Name"] == "Privat"


def test_google_contacts_lists_every_contact_point_with_its_type(sqlite_master, tmp_path):
    add_customer(sqlite_master, **MÜLLER)
    out = tmp_path / "google.csv"
    export_customers(sqlite_master, ExportRequest("google_contacts"), out)
    (row,) = read_csv(out)
    assert (row["E-mail 1 - Type"], row["E-mail 1 - Value"]) == ("Home", "zoe@example.de")
    assert (row["E-mail 2 - Type"], row["E-mail 2 - Value"]) == ("Work", "zoe.mueller@baeckerei.example")
    assert (row["Phone 1 - Type"], row["Phone 2 - Type"]) == ("Mobile", "Work")
    assert row["Address 1 - Formatted"] == "Lindenstraße 5\nHinterhaus\n50667 Köln\nGermany"
    assert row["Address 2 - City"] == "Bonn" and row["Group Membership"] == "* myContacts"


def test_generic_csv_chosen_fields_and_attributes(sqlite_master, tmp_path):
    add_customer(sqlite_master, first="Ada", last="Attr", attributes={"tier": "gold", "shoe_size": "38"},
                 emails=[("ada@example.com", "home")])
    out = tmp_path / "all.csv"
    export_customers(sqlite_master, ExportRequest("csv"), out)
    (row,) = read_csv(out)
    assert row["Tier"] == "gold" and row["Shoe size"] == "38"
    export_customers(sqlite_master, ExportRequest("csv", fields=("email", "attribute.tier", "master_number")), out,
                     replace=True)
    rows = read_csv(out)
    assert [list(r.items()) for r in rows] == [[("E-mail", "ada@example.com"), ("Tier", "gold"),
                                                 ("Master number", rows[0]["Master number"])]]


def test_xlsx_has_real_dates_and_numbers(sqlite_master, tmp_path):
    cid = add_customer(sqlite_master, **MÜLLER)
    from sqlalchemy import update

    from workbench.store.models import Customer
    with sqlite_master.transaction() as session:
        session.execute(update(Customer).where(Customer.id == cid).values(
            total_spent=-12.5, order_count=3, last_order_at=datetime(2026, 1, 2, 10, 30)))
    out = tmp_path / "all.xlsx"
    export_customers(sqlite_master, ExportRequest("xlsx"), out)
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, (c.value for c in sheet[2]), strict=True))
    assert values["Birth date"] == datetime(1984, 2, 9)
    assert values["Total spent"] == -12.5 and values["Orders"] == 3
    assert values["First name"] == "Zoë"
    assert sheet.freeze_panes == "A2"


def test_preview_shows_the_rows_exactly_as_written(sqlite_master, tmp_path):
    add_customer(sqlite_master, **MÜLLER)
    add_customer(sqlite_master, first="=HYPERLINK(1)", last="X", emails=[("x@example.com", "home")])
    shown = preview(sqlite_master, ExportRequest("mailchimp"))
    out = tmp_path / "mc.csv"
    export_customers(sqlite_master, ExportRequest("mailchimp"), out)
    with out.open(encoding="utf-8", newline="") as handle:
        written = list(csv.reader(handle))
    assert [shown.headers, *shown.rows] == written
    assert shown.matching == 2


@pytest.mark.parametrize("name", ["hubspot", "klaviyo", "constant_contact"])
def test_presets_mentioned_in_the_issue_keep_their_headers(name):
    preset = get_preset(name)
    assert len(set(preset.headers)) == len(preset.headers)
