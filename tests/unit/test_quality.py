"""The quality report counts what a steward would count by hand, and writes it out safely."""

import csv
from datetime import datetime

import pytest
from customer_factory import make_customer
from openpyxl import load_workbook

from workbench.definitions import attributes
from workbench.operations import run
from workbench.quality.profile import months_before, quality_report
from workbench.quality.report import safe, write_report
from workbench.store.models import ImportBatch, MatchCandidate, Phone, Source, SourceRecord

NOW = datetime(2026, 11, 23, 12, 0)
BERLIN = {"street": "Ring 1", "postcode": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def profiled(master):
    with master.transaction() as session:
        shop = Source(name="Webshop")
        till = Source(name="=Till")  # a name a spreadsheet would take for a formula
        session.add_all([shop, till])
        session.flush()
        batch = ImportBatch(source_id=shop.id, file_name="shop.csv", started_at=datetime(2026, 11, 1))
        session.add(batch)
        session.flush()
        anna = make_customer(session, first="Anna", last="Weber", emails=("anna@example.de",), address=BERLIN,
                             phones=(("+49 30 2345678", "home"),), attributes={"tier": "gold"},
                             marketing_consent="granted", updated_at=NOW)
        bad = make_customer(session, first="Bo", emails=("bo@",), phones=(("12", "mobile"),), attributes={"tier": "x"},
                            updated_at=datetime(2020, 1, 1))
        ghost = make_customer(session, last="Nobody", updated_at=datetime(2024, 1, 1))
        org = make_customer(session, company="Acme GmbH", emails=("info@acme.de",), updated_at=NOW)
        make_customer(session, first="Old", merged_into_id=anna.id, emails=("x@",))  # merged away: never counted
        for customer, source, issues in ((anna, shop, None), (bad, shop, [{"field": "email"}]), (ghost, till, None)):
            record = SourceRecord(source_id=source.id, batch_id=batch.id, source_key=str(customer.id), record_hash="h",
                                  raw={}, fields={}, issues=issues, customer_id=customer.id)
            session.add(record)
            session.flush()
            for point in customer.emails:
                point.source_record_id = record.id
        session.add(MatchCandidate(customer_a_id=anna.id, customer_b_id=bad.id, score=0.7))
        ids = {"anna": anna.id, "bad": bad.id, "ghost": ghost.id, "org": org.id}
    with master.session() as session:
        run(master, attributes.promote(session, "tier", {"type": "choice", "choices": ["gold", "silver"]}))
    return ids


def test_figures(master, profiled):
    with master.session() as session:
        report = quality_report(session, stale_months=12, now=NOW)
    assert (report.customers, report.people, report.organizations) == (4, 3, 1)
    fields = {m.key: m for m in report.fields}
    assert (fields["email"].filled, fields["email"].checked, fields["email"].valid) == (3, 3, 2)
    # Bo's "12" has no country code and is no German number: incomplete, so neither filled nor invalid.
    assert (fields["phone"].filled, fields["phone"].checked, fields["phone"].valid) == (1, 1, 1)
    assert (fields["first_name"].out_of, fields["first_name"].filled) == (3, 2)
    assert fields["company"].completeness == 1.0 and fields["marketing_consent"].filled == 1
    assert report.reach["unreachable"] == 2  # Bo (only invalid points) and Nobody
    assert report.reach["no_email_or_phone"] == 2 and report.reach["no_email"] == 2
    assert report.invalid == {"email": 1, "phone": 0, "address": 0}
    assert report.incomplete == {"phone": 1, "address": 0}
    assert {(b.customer_id, b.kind, b.value) for b in report.invalid_examples} == {(profiled["bad"], "email", "bo@")}
    assert [(b.customer_id, b.kind, b.value) for b in report.incomplete_examples] == [(profiled["bad"], "phone", "12")]
    assert report.stale == 2 and report.stale_before == datetime(2025, 11, 23, 12, 0)
    assert (report.open_candidates, report.customers_in_open_duplicates) == (1, 2)
    [tier] = report.attributes
    assert (tier.label, tier.filled, tier.valid, tier.validity, tier.defined) == ("tier", 2, 1, 0.5, True)
    sources = {s.source: s for s in report.sources}
    assert (sources["Webshop"].records, sources["Webshop"].records_with_problems, sources["Webshop"].emails,
            sources["Webshop"].invalid_emails, sources["Webshop"].in_open_duplicates) == (2, 1, 2, 1, 2)
    assert sources["Webshop"].last_import == datetime(2026, 11, 1)
    assert sources["=Till"].records == 1 and sources["=Till"].customers == 1
    assert report.statuses[-1]["label"] == "No status" and report.statuses[-1]["count"] == 4


def test_an_address_without_a_street_and_a_phone_without_its_country_are_incomplete_not_valid(master):
    with master.transaction() as session:
        full = make_customer(session, first="Ida", address=BERLIN, phones=(("030 2345678", "home"),))
        make_customer(session, first="Jo", address={"postcode": "10115", "city": "Berlin", "country": "DE"},
                      phones=(("+49 123", "home"),))  # a country code but no German number: invalid
        make_customer(session, first="Kim", address={"street": "Ring 1", "country": "DE"})
        nowhere = make_customer(session, first="Lu")
        nowhere.phones.append(Phone(number="2345678", e164=None, kind="home", is_valid=False,
                                    problem="no country code and no default region"))
    with master.session() as session:
        report = quality_report(session, now=NOW)
    fields = {m.key: m for m in report.fields}
    # Only Ida's address has a street and a place: Jo's (no street) and Kim's (no postcode or city) are incomplete.
    assert (fields["address"].filled, fields["address"].checked, fields["address"].valid) == (1, 1, 1)
    assert "incomplete" in fields["address"].note
    # Ida's number is a Berlin number read in Germany: complete and valid. Jo's has its country code but
    # is no number there: complete, invalid. Lu's has no country code and no region to read it in.
    assert (fields["phone"].filled, fields["phone"].checked, fields["phone"].valid) == (2, 2, 1)
    assert report.incomplete == {"address": 2, "phone": 1} and report.invalid["phone"] == 1
    assert report.reach["no_address"] == 3  # an address without a street reaches nobody by post
    assert {(b.customer, b.kind, b.value) for b in report.incomplete_examples} == {
        ("Jo", "address", "Berlin"), ("Kim", "address", "Ring 1"), ("Lu", "phone", "2345678")}
    assert all(b.problem.startswith("incomplete") for b in report.incomplete_examples)
    assert full.id not in {b.customer_id for b in report.invalid_examples + report.incomplete_examples}


def test_loose_attributes_are_reported_without_validity(sqlite_master):
    with sqlite_master.transaction() as session:
        make_customer(session, first="A", attributes={"Shoe size": "42"})
    with sqlite_master.session() as session:
        [metric] = quality_report(session).attributes
    assert (metric.defined, metric.filled, metric.checked, metric.validity) == (False, 1, None, None)
    assert "promote" in metric.note


def test_csv_and_xlsx_reports(master, profiled, tmp_path):
    with master.session() as session:
        report = quality_report(session, stale_months=12, now=NOW)
    csv_path = write_report(report, tmp_path / "quality.csv")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["Section", "Item", "Count", "Out of", "Share"]
    assert ["Reachability", "No way to reach (no valid e-mail, phone or address)", "2", "4", "50.0%"] in table
    assert ["Field validity", "E-mail", "2", "3", "66.7%"] in table
    assert any(row[1].startswith("'=Till") for row in table)  # never a formula
    book = load_workbook(write_report(report, tmp_path / "quality.xlsx"))
    assert book.sheetnames == ["Summary", "Fields", "Attributes", "Sources", "Invalid contacts"]
    sources = [row for row in book["Sources"].iter_rows(values_only=True)]
    assert sources[1][0] == "'=Till" and book["Fields"]["F6"].number_format == "0.0%"


@pytest.mark.parametrize(("value", "expected"), [("=1+1", "'=1+1"), ("+49 30", "'+49 30"), ("-x", "'-x"),
                                                 ("@a", "'@a"), ("Anna", "Anna"), (-3, -3)])
def test_formula_guard(value, expected):
    assert safe(value) == expected


@pytest.mark.parametrize(("moment", "months", "expected"), [
    (datetime(2026, 3, 31), 1, datetime(2026, 2, 28)),
    (datetime(2024, 3, 31), 1, datetime(2024, 2, 29)),
    (datetime(2026, 1, 15), 13, datetime(2024, 12, 15)),
    (datetime(2026, 11, 23), 24, datetime(2024, 11, 23)),
])
def test_months_before(moment, months, expected):
    assert months_before(moment, months) == expected
