"""`workbench match` and `workbench candidates` as a script would use them."""

import csv
import io
import json

import pytest
from matching_helpers import add_rows, background

from workbench.cli import main
from workbench.store.master import open_master


@pytest.fixture
def master_path(tmp_path):
    path = tmp_path / "master.sqlite"
    master = open_master(path)
    add_rows(master, background(rows=300))
    add_rows(master, [{"first_name": "Bob", "last_name": "Kowalczyk", "email": "bob.kowalczyk@gmail.com"},
                      {"first_name": "Robert", "last_name": "Kowalczyk", "email": "bob.kowalczyk@gmail.com"},
                      {"company": "=HYPERLINK(\"http://x.example\") Ltd", "email": "sales@x.example"},
                      {"company": "=HYPERLINK(\"http://x.example\") Ltd", "email": "sales@x.example"}])
    master.close()
    return path


def test_match_reports_what_it_did_as_json(master_path, capsys):
    assert main(["--db", str(master_path), "match", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["mode"] == "full" and report["candidates"] > 0 and report["pairs_compared"] > 0
    assert set(report["timings"]) >= {"load", "blocking", "compare", "estimate", "write"}
    assert main(["--db", str(master_path), "match", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mode"] == "incremental"


def test_match_in_words(master_path, capsys):
    assert main(["--db", str(master_path), "match", "--full"]) == 0
    out = capsys.readouterr().out
    assert "Compared" in out and "Possible-duplicate pairs" in out and "Time per stage" not in out
    assert "groups to review (" in out  # as the status bar and the Duplicates page count
    assert main(["--db", str(master_path), "match", "--timings"]) == 0
    assert "Time per stage" in capsys.readouterr().out  # for whoever tunes matching


def test_candidates_as_csv_with_reasons_and_no_formulas(master_path, capsys):
    main(["--db", str(master_path), "match"])
    capsys.readouterr()
    assert main(["--db", str(master_path), "candidates", "--min-score", "0"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(float(r["score"]) >= 0 for r in rows)
    assert [float(r["score"]) for r in rows] == sorted((float(r["score"]) for r in rows), reverse=True)
    bob = next(r for r in rows if "Kowalczyk" in r["name_a"] + r["name_b"])
    assert "First name: a nickname" in bob["reasons"] and bob["customer_a"].startswith("C-")
    formula = next(r for r in rows if "HYPERLINK" in r["name_a"])
    assert formula["name_a"].startswith("'=") and formula["name_b"].startswith("'=")


def test_candidates_as_json_into_a_file(master_path, tmp_path, capsys):
    main(["--db", str(master_path), "match"])
    out = tmp_path / "candidates.json"
    assert main(["--db", str(master_path), "candidates", "--format", "json", "--status", "all", "--out",
                 str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["count"] == len(payload["candidates"]) > 0
    entry = payload["candidates"][0]["explanation"][1]
    assert {"field", "level", "weight", "left", "right"} <= set(entry)


def test_bad_usage_and_errors_have_their_exit_codes(master_path, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(master_path), "candidates", "--status", "maybe"])
    assert exit_info.value.code == 2
    assert main(["--db", str(tmp_path / "missing.sqlite"), "match"]) == 1
    assert "no master there" in capsys.readouterr().err
