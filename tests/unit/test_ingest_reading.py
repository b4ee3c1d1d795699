"""Files are read as their owners see them: encodings, delimiters, line endings, quotes, cells."""

from __future__ import annotations

import codecs
import os

import pytest
from workbooks import Sheet, write_ods, write_xlsx

from workbench.errors import WorkbenchError
from workbench.ingest import sheet_reader
from workbench.ingest.cells import cell_text
from workbench.ingest.plan import inspect_file

ROWS = [["Vorname", "Nachname", "E-Mail", "PLZ"], ["Jürgen", "Weiß", "jw@example.org", "01067"],
        ["Zoë", "Çelik", "zc@example.org", "08001"]]


def _text(rows, delimiter, newline):
    return newline.join(delimiter.join(row) for row in rows) + newline


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("utf-16", "utf-16"), ("cp1252", "cp1252"),
])
def test_encodings_are_detected_without_asking(tmp_path, encoding, expected):
    path = tmp_path / "kunden.csv"
    path.write_bytes(_text(ROWS, ";", "\r\n").encode(encoding))
    plan = inspect_file(path)
    assert plan.table.encoding == expected
    assert [cells for _n, cells in plan.data_rows()][0][:2] == ["Jürgen", "Weiß"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_delimiters_and_line_endings(tmp_path, delimiter, newline):
    path = tmp_path / "kunden.txt"
    path.write_text(_text(ROWS, delimiter, newline), encoding="utf-8", newline="")
    plan = inspect_file(path)
    assert plan.table.delimiter == delimiter
    assert plan.columns == ROWS[0]
    assert [c for _n, c in plan.data_rows()] == ROWS[1:]


def test_quoted_fields_keep_line_breaks_and_delimiters(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text('Name,Email,Notes\r\n"Weiß, Jürgen",jw@example.org,"called twice,\r\nwants a catalogue"\r\n'
                    'Ann Lee,al@example.org,\r\n', encoding="utf-8", newline="")
    rows = list(inspect_file(path).data_rows())
    assert rows[0] == (2, ["Weiß, Jürgen", "jw@example.org", "called twice,\r\nwants a catalogue"])
    assert rows[1][0] == 3


def test_unbalanced_quote_is_reported_at_its_row(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('Name,Email,City\nAnn,a@example.org,Berlin\nBen,"b@example.org,Hamburg\n'
                    'Cem,c@example.org,Köln\nDan,d@example.org,Bonn\n', encoding="utf-8")
    rows = list(inspect_file(path).data_rows())
    assert [(n, c[0]) for n, c in rows] == [(2, "Ann"), (3, "Ben"), (4, "Cem"), (5, "Dan")]
    assert "quote" in rows[1][1].reason and all(c.__class__ is list for n, c in rows if n != 3)


def test_title_blank_and_footer_rows_around_the_data(tmp_path):
    path = tmp_path / "report.csv"
    path.write_text("Customer report;;\nPrinted 2024-03-01;;\n;;\nName;Email;City\nAnn Lee;a@example.org;Leeds\n"
                    ";;\nBo Chan;b@example.org;York\nTotal: 2 customers;;\n", encoding="utf-8")
    plan = inspect_file(path)
    assert plan.header_row == 4
    assert [n for n, _c in plan.data_rows()] == [5, 7]


def test_blank_and_repeated_headings_get_usable_names(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Name,Email,,Email,Phone\nAnn,a@example.org,x,a2@example.org,+44 20 7946 0018\n",
                    encoding="utf-8")
    assert inspect_file(path).columns == ["Name", "Email", "Column C", "Email (2)", "Phone"]


def test_a_file_without_header_is_mapped_by_its_values(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("ann@example.org,+49 171 1234567\nbo@example.org,+49 171 7654321\n"
                    "cy@example.org,0171 2223334\n", encoding="utf-8")
    plan = inspect_file(path)
    assert plan.header_row is None
    assert plan.mapping == {"Column A": "email", "Column B": "phone"}
    assert len(list(plan.data_rows())) == 3


@pytest.mark.parametrize("value, expected", [
    ("'01067", "01067"), ("'+49 171 1234567", "+49 171 1234567"), ('="00123"', "00123"),
    (1234567890123456.0, "1234567890123456"), (12.0, "12"), (12.5, "12.5"), ("  Köln ", "Köln"),
    ("", None), (None, None), ("O'Brien", "O'Brien"), (True, "TRUE"),
])
def test_cells_keep_what_the_user_sees(value, expected):
    assert cell_text(value) == expected


def test_workbook_hidden_sheet_title_rows_merges_formulas_and_dates(tmp_path):
    path = write_xlsx(tmp_path / "kunden.xlsx", [
        Sheet("Alt", [["old"]], hidden=True),
        Sheet("Kunden", [
            ["Kundenliste März 2024"], [],
            ["Kundennr", "Vorname", "Nachname", "PLZ", "Telefon", "Geburtstag", "Firma", "Umsatz"],
            [1234567890123456, "anna", "MÜLLER", "01067", "'0171 1234567", ("date", 30000), "Kunz GmbH",
             ("formula", "B2*2", 12.5)],
            [2, "Ben", "Öz", 1067, 491711234567, ("date", 30001), None, 3],
            ["Summe", None, None, None, None, None, None, ("formula", "SUM(H4:H5)", 15.5)]],
            merged=["A1:H1", "G4:G5"]),
    ])
    plan = inspect_file(path)
    assert (plan.table.sheet, plan.header_row) == ("Kunden", 3)
    rows = [c for _n, c in plan.data_rows()]
    assert rows == [["1234567890123456", "anna", "MÜLLER", "01067", "0171 1234567", "1982-02-18", "Kunz GmbH", "12.5"],
                    ["2", "Ben", "Öz", "1067", "491711234567", "1982-02-19", "Kunz GmbH", "3"]]


def test_a_named_sheet_and_a_missing_one(tmp_path):
    path = write_xlsx(tmp_path / "two.xlsx", [Sheet("A", [["Email"], ["a@example.org"]]),
                                             Sheet("B", [["Email"], ["b@example.org"], ["c@example.org"]])])
    assert len(list(inspect_file(path, _options(sheet="b")).data_rows())) == 2
    with pytest.raises(WorkbenchError, match="has no sheet 'C'"):
        inspect_file(path, _options(sheet="C"))


def _options(**kwargs):
    from workbench.ingest.plan import ImportOptions

    return ImportOptions(**kwargs)


VCARDS = "\r\n".join([
    "BEGIN:VCARD", "VERSION:2.1", "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;",
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BC=",
    "ller", "TEL;CELL:+49 171 1234567", "TEL;WORK;VOICE:030 1234567", "EMAIL;INTERNET;HOME:jm@example.org",
    "END:VCARD",
    "BEGIN:VCARD", "VERSION:3.0", "N:Lee;Ann;;Dr.;", "FN:Dr. Ann Lee", "ORG:Lee & Partners\\, Ltd",
    "EMAIL;TYPE=work,pref:ann@lee.example.com", "EMAIL;TYPE=home:ann.lee@example.org",
    "ADR;TYPE=work:;Suite 5;10 Downing Street;London;;SW1A 2AA;United Kingdom",
    "NOTE:Met at the fair\\nlikes tea", "CATEGORIES:VIP,Fair 2024",
    "PHOTO;ENCODING=b;TYPE=JPEG:MIICajCCAdOgAwIBAgICBEUwDQYJKoZIhvcNAQEEBQAwdzELMAkGA1UEBhMCVVMx",
    " LCAGA1UEChMlR3JhaGFtIFdpZGdldHMgSW5jLjEeMBwGA1UEAxMVd3d3LmdyYWhhbS53aWRnZXRzLmNvbQ==",
    "END:VCARD",
    "BEGIN:VCARD", "VERSION:4.0", "FN:Bo", " b Chan", "TEL;VALUE=uri;TYPE=\"voice,home\":tel:+44-20-7946-0018",
    "BDAY:19800312", "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1", "END:VCARD", ""])


def test_vcards_of_three_versions(tmp_path):
    path = tmp_path / "contacts.vcf"
    path.write_bytes(VCARDS.encode("utf-8"))
    plan = inspect_file(path)
    rows = [dict(zip(plan.columns, c, strict=False)) for _n, c in plan.data_rows()]
    assert len(rows) == 3
    assert rows[0]["Full name"] == "Jürgen Müller" and rows[0]["Last name"] == "Müller"
    assert rows[0]["Phone (mobile)"] == "+49 171 1234567" and rows[0]["Phone (work)"] == "030 1234567"
    assert rows[1]["Organization"] == "Lee & Partners, Ltd"
    assert rows[1]["E-mail (work)"] == "ann@lee.example.com" and rows[1]["E-mail (home)"] == "ann.lee@example.org"
    assert rows[1]["Street (work)"] == "10 Downing Street" and rows[1]["Postcode (work)"] == "SW1A 2AA"
    assert rows[1]["Note"] == "Met at the fair\nlikes tea"
    assert rows[2]["Full name"] == "Bob Chan" and rows[2]["Phone (home)"] == "+44-20-7946-0018"
    assert plan.mapping["Phone (mobile)"] == "mobile" and plan.mapping["Street (work)"] == "street:work"


def test_utf16_without_bom_is_recognised(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes(_text(ROWS, "\t", "\r\n").encode("utf-16-le"))
    assert inspect_file(path).table.encoding == "utf-16-le"


def test_utf8_bom_is_not_part_of_the_first_heading(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + _text(ROWS, ",", "\n").encode("utf-8"))
    assert inspect_file(path).columns[0] == "Vorname"


def test_an_opendocument_sheet_with_libreoffice_s_trailing_empty_rows(tmp_path):
    path = write_ods(tmp_path / "kunden.ods", [Sheet("Kunden", [["E-Mail", "Name", "PLZ"],
                                                              ["a@example.org", "Ann Lee", "01067"],
                                                              ["b@example.org", "Bo Chan", 1067]])],
                     trailing_empty_rows=1_048_570)
    plan = inspect_file(path)
    assert plan.table.format == "ods" and plan.mapping == {"E-Mail": "email", "Name": "full_name", "PLZ": "postcode"}
    assert list(plan.data_rows()) == [(2, ["a@example.org", "Ann Lee", "01067"]), (3, ["b@example.org", "Bo Chan", "1067"])]


def test_an_excel_97_workbook(tmp_path):
    """tests/data/kunden.xls: a hidden first sheet, a title row, a date cell, a protected phone, a totals row."""
    from pathlib import Path

    plan = inspect_file(Path(__file__).parents[1] / "data" / "kunden.xls")
    assert (plan.table.format, plan.table.sheet, plan.header_row) == ("xls", "Kunden", 3)
    assert [s.hidden for s in plan.table.sheets] == [True, False]
    assert list(plan.data_rows()) == [
        (4, ["1001", "Jürgen", "WEIß", "01067", "0171 1234567", "1980-03-12", "12.5"]),
        (5, ["1002", "Zoë", "Çelik", "80331", "+49 89 1234567", "1975-12-01", "1234567.25"])]


def test_a_workbook_saved_again_after_its_preview_is_imported_as_saved(tmp_path):
    # The previewed sheet is kept for the import that follows, but never once the file has changed.
    path = write_xlsx(tmp_path / "list.xlsx", [Sheet("A", [["Email"], ["a@example.org"], ["b@example.org"]])])
    preview = sheet_reader.iter_rows(path, "A")
    assert next(preview) == (1, ["Email"])
    preview.close()
    write_xlsx(path, [Sheet("A", [["Email"], ["new@example.org"]])])
    os.utime(path, ns=(1, 1))  # a save within the same clock tick as the first must still count
    assert list(sheet_reader.iter_rows(path, "A")) == [(1, ["Email"]), (2, ["new@example.org"])]
    assert list(sheet_reader.iter_rows(path, "A"))[-1] == (2, ["new@example.org"])
