"""Subject access: everything about one person, as readable HTML and machine-readable JSON in a ZIP."""

from __future__ import annotations

import json
import zipfile

from privacy_data import EMAILS, SURNAME

from workbench import cli


def test_a_merged_customer_s_export_lists_every_source_row_and_reads_as_a_page(jan_master, tmp_path, capsys):
    path, files, facts = jan_master
    out = tmp_path / "jan.zip"
    assert cli.main(["--db", str(path), "subject-export", "+48 601 234 567", "--out", str(out)]) == 0
    assert "5 source records" in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
        number = f"C-{facts['survivor']:06d}"
        assert names == [f"{number}.html", f"{number}.json"]
        data = json.loads(archive.read(f"{number}.json"))
        page = archive.read(f"{number}.html").decode("utf-8")
    assert out.stat().st_mode & 0o077 == 0  # personal data: the owner's eyes only

    assert sorted(r["file"] for r in data["source_records"]) == sorted(f.name for f in files)
    assert all(SURNAME in json.dumps(r["raw"], ensure_ascii=False) for r in data["source_records"])
    assert {e["value"].lower() for e in data["contact_points"]["emails"]} >= {e.lower() for e in EMAILS}
    assert len(data["merged_records"]) == 4
    assert [m["undone_at"] is not None for m in data["merges"]] == [True, False]
    assert any(e["field"] == "notes" and e["reason"] == "asked on the phone" for e in data["audit_log"])
    assert [e["preset"] for e in data["exports"]] == ["csv"]
    assert data["relationships"] and data["relationships"][0]["note"] == "neighbours"
    assert any(item["what"] == "now" for item in data["consent_history"])

    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert f"What we hold about Jan {SURNAME}" in page
    for file in files:
        assert file.name in page
    assert "amber fair" in page  # a raw cell, as the file had it


def test_markup_in_the_data_is_shown_as_text(jan_master, tmp_path):
    from workbench.privacy.subject_page import render_html

    path, _files, _facts = jan_master
    out = tmp_path / "jan.zip"
    assert cli.main(["--db", str(path), "subject-export", EMAILS[2], "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        data = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith(".json"))))
    data["customer"]["notes"] = "<img src=x onerror=alert(1)>"
    assert "<img" not in render_html(data) and "&lt;img" in render_html(data)


def test_bad_requests_are_one_line_and_exit_1(jan_master, tmp_path, capsys):
    path, _files, _facts = jan_master
    cases = [
        (["subject-export", "nobody@nowhere.example", "--out", str(tmp_path / "a.zip")], "no customer matches"),
        (["subject-export", "Przyby", "--out", str(tmp_path / "b.zip")], "matches 5 customers"),
        (["subject-export", EMAILS[0], "--out", str(tmp_path / "missing" / "c.zip")], "does not exist"),
    ]
    for args, message in cases:
        assert cli.main(["--db", str(path), *args]) == 1, args
        error = capsys.readouterr().err
        assert message in error and error.count("\n") == 1, error
    (tmp_path / "d.zip").write_bytes(b"")
    assert cli.main(["--db", str(path), "subject-export", EMAILS[0], "--out", str(tmp_path / "d.zip")]) == 1
    assert "exists already" in capsys.readouterr().err
