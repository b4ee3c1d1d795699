"""`workbench export` and `workbench presets` as a script would run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from export_helpers import add_customer, read_csv

from workbench.store.master import open_master


def workbench(*args: str, home) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WORKBENCH_HOME": str(home)}
    env.pop("WORKBENCH_DB", None)
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "master.sqlite"
    master = open_master(path)
    add_customer(master, first="Anna", last="Berlin", consent="granted", status="vip", source="Webshop",
                 emails=[("anna@example.com", "home")], addresses=[{"kind": "home", "city": "Berlin", "country": "DE"}])
    add_customer(master, first="Uwe", last="Paris", consent="unsubscribed", status="vip", source="Newsletter",
                 emails=[("uwe@example.com", "home")], addresses=[{"kind": "home", "city": "Paris", "country": "FR"}])
    add_customer(master, first="Dora", last="Dnc", consent="granted", dnc=True, source="Webshop",
                 emails=[("dora@example.com", "home")])
    master.close()
    return str(path)


def test_export_writes_the_file_and_prints_the_summary(db, tmp_path, isolated_home):
    out = tmp_path / "mc.csv"
    result = workbench("--db", db, "export", "--preset", "mailchimp", "--out", str(out), home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert [r["Email Address"] for r in read_csv(out)] == ["anna@example.com"]
    assert "1 row written for Mailchimp" in result.stdout
    assert "1 unsubscribed" in result.stdout and "1 marked do not contact" in result.stdout


def test_export_json_and_filters(db, tmp_path, isolated_home):
    out = tmp_path / "all.csv"
    result = workbench("--db", db, "export", "--preset", "csv", "--out", str(out), "--country", "Frankreich,DE",
                       "--source", "Newsletter", "--status", "vip", "--json", home=isolated_home)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["rows"] == 1 and payload["file"] == str(out)
    assert [r["E-mail"] for r in read_csv(out)] == ["uwe@example.com"]


def test_include_unsubscribed(db, tmp_path, isolated_home):
    out = tmp_path / "mc.csv"
    result = workbench("--db", db, "export", "--preset", "mailchimp", "--out", str(out), "--include-unsubscribed",
                       "--json", home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert sorted(r["Email Address"] for r in read_csv(out)) == ["anna@example.com", "uwe@example.com"]
    assert json.loads(result.stdout)["included_without_consent"] == {"unsubscribed": 1}


@pytest.mark.parametrize("args, code, message", [
    (["--preset", "nope"], 2, "no export preset named 'nope'"),
    (["--preset", "mailchimp", "--consent", "maybe"], 2, "unknown state"),
    (["--preset", "mailchimp", "--country", "Atlantis"], 2, "Atlantis"),
    (["--preset", "mailchimp", "--fields", "email"], 2, "fixed layout"),
    (["--preset", "csv", "--fields", "email,shoe"], 2, "unknown field 'shoe'"),
    ([], 2, "--preset"),
    (["--preset", "csv", "--segment", "Nope"], 1, "no segment called 'Nope'"),
    (["--preset", "csv", "--out", "/nonexistent-folder/x.csv"], 1, "does not exist"),
])
def test_bad_usage_and_errors_are_one_clear_line(db, isolated_home, args, code, message):
    result = workbench("--db", db, "export", *args, home=isolated_home)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr


def test_presets_lists_every_preset(isolated_home):
    result = workbench("presets", home=isolated_home)
    assert result.returncode == 0
    for name in ("mailchimp", "hubspot", "salesforce_contacts", "salesforce_leads", "brevo", "klaviyo",
                 "constant_contact", "google_contacts", "outlook", "vcard3", "vcard4", "csv", "xlsx", "crossref"):
        assert name in result.stdout
    payload = json.loads(workbench("presets", "--json", home=isolated_home).stdout)
    mailchimp = next(p for p in payload["presets"] if p["name"] == "mailchimp")
    assert mailchimp["columns"][0] == "Email Address" and mailchimp["purpose"] == "marketing"
