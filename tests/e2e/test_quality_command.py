"""`workbench quality` end to end: demo data in, figures out as text, JSON and report files."""

import json

import pytest
from openpyxl import load_workbook

from workbench.cli import main


@pytest.fixture
def demo_master(tmp_path):
    path = tmp_path / "demo.sqlite"
    assert main(["--db", str(path), "sample", "--rows", "300"]) == 0
    return path


def test_json_figures_match_the_text_and_the_report(demo_master, tmp_path, capsys):
    capsys.readouterr()
    out = tmp_path / "quality.xlsx"
    assert main(["--db", str(demo_master), "quality", "--json", "--stale-months", "6", "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["customers"] == 300 and data["stale_months"] == 6 and data["written_to"] == str(out)
    assert {m["key"] for m in data["fields"]} >= {"email", "phone", "address", "birth_date", "status"}
    assert sum(s["count"] for s in data["statuses"]) == 300
    assert data["statuses"][0]["label"] == "Customer" and data["statuses"][0]["count"] > 0  # computed, not empty
    assert {s["source"] for s in data["sources"]} == {"Webshop", "Point of sale", "Newsletter", "Trade fair leads"}
    summary = {row[1]: row[2] for row in load_workbook(out)["Summary"].iter_rows(values_only=True)}
    assert summary["Customers"] == 300
    assert summary["No valid e-mail"] == data["reach"]["no_email"]

    assert main(["--db", str(demo_master), "quality"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Customers: 300 (") and "By source" in text and "Webshop" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "report.pdf"], "report is written as .csv or .xlsx"),
    (["--stale-months", "0"], "at least 1"),
])
def test_expected_problems_are_one_line_and_exit_1(demo_master, capsys, args, message):
    capsys.readouterr()
    assert main(["--db", str(demo_master), "quality", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_missing_master_is_an_error_not_a_new_file(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.sqlite"), "quality"]) == 1
    assert "no master there" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()


def test_bad_usage_exits_2():
    with pytest.raises(SystemExit) as exit_info:
        main(["quality", "--stale-months", "soon"])
    assert exit_info.value.code == 2
