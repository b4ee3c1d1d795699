"""What the command line says about a file's structure: the sheet it took, rows it rejected and why."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from workbooks import Sheet, write_xlsx


def workbench(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKBENCH_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_the_summary_names_the_sheet_taken_and_every_sheet_of_the_workbook(tmp_path):
    path = write_xlsx(tmp_path / "customers.xlsx", [
        Sheet("Instructions", [["Fill in the customers on the next sheet."], ["Keep the headings."]]),
        Sheet("Customers", [["Name", "Email"], ["Ann Lee", "a@example.org"], ["Bo Chan", "b@example.org"]])])
    result = workbench("import", str(path), "--json", db=tmp_path / "m.sqlite")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["sheet"] == "Customers" and summary["sheets"] == ["Instructions", "Customers"]
    assert summary["counts"]["new"] == 2


def test_a_workbook_without_customers_exits_1_naming_its_sheets(tmp_path):
    path = write_xlsx(tmp_path / "report.xlsx", [
        Sheet("Instructions", [["How to use this workbook"]]),
        Sheet("Pivot", [["Row Labels", "Sum of Sales"], ["North", 12], ["Grand Total", 12]])])
    result = workbench("import", str(path), db=tmp_path / "m.sqlite")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "workbench: error: report.xlsx: no sheet of this workbook holds a table of customers: no column is headed "
        "or filled like names, e-mails, phones or addresses (sheets: Instructions, Pivot)")


def test_a_stray_delimiter_and_a_stray_quote_are_rejected_with_their_rows(tmp_path):
    lines = ["Name,Email,Street,City"] + [f"P{i},p{i}@example.org,Street {i},Leeds" for i in range(20)]
    lines[17] = "P16,p16@example.org,Flat 2, Street 16,Leeds"
    lines[5] = 'P4,p4@example.org,"Street 4,Leeds'
    path = tmp_path / "shop.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = workbench("import", str(path), db=tmp_path / "m.sqlite")
    assert result.returncode == 0, result.stderr
    assert "20 records read: 18 new" in result.stdout and "2 rejected" in result.stdout
    assert ('rejected row 6: a quote (") opened in this row is never closed; not imported (the rows after it are '
            "read as usual)") in result.stdout
    assert ("rejected row 18: 5 values but the header has 4 columns — probably a stray comma; not imported"
            in result.stdout)


def test_an_excel_file_that_is_a_web_page_is_imported_as_its_table(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>E-Mail</td><td>Name</td></tr><tr><td>a@example.org</td>"
                    "<td>Ann Lee</td></tr></table></body></html>", encoding="utf-8")
    result = workbench("import", str(path), "--json", db=tmp_path / "m.sqlite")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["format"] == "html" and summary["counts"]["new"] == 1
