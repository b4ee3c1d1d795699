"""The command line as a script uses it: demo exports written by `sample`, imported by `import`."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from workbench.sample.load import HEADERS

FILES = {"webshop.csv": "Webshop", "point-of-sale.csv": "Point of sale", "newsletter.csv": "Newsletter",
         "trade-fair-leads.csv": "Trade fair leads"}
AUDIT = """
import json, sys
from sqlalchemy import select
from workbench.store.master import open_master
from workbench.store.models import AuditEntry
master = open_master(sys.argv[1])
with master.session() as session:
    rows = session.execute(select(AuditEntry.entity, AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value)
                           .where(AuditEntry.action == "reimport")).all()
print(json.dumps([list(r) for r in rows]))
"""


def workbench(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKBENCH_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def import_json(path: Path, db: Path, *extra: str) -> dict:
    result = workbench("import", str(path), "--json", *extra, db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_demo_exports_import_mapped_and_reimport_incrementally(tmp_path):
    db = tmp_path / "master.sqlite"
    out = tmp_path / "exports"
    made = workbench("sample", "--rows", "1200", "--out", str(out), db=db)
    assert made.returncode == 0, made.stderr

    totals = 0
    for name, source in FILES.items():
        summary = import_json(out / name, db)
        assert summary["source"] == source
        assert (summary["format"], summary["encoding"], summary["delimiter"], summary["header_row"]) == \
            ("csv", "utf-8", ",", 1)
        assert summary["mapping"] == {heading: target for target, heading in HEADERS[source].items()}
        counts = summary["counts"]
        with (out / name).open(encoding="utf-8") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1
        assert counts["read"] == rows and counts["rejected"] == 0 and summary["rejects"] == []
        assert counts["new"] + counts["duplicates"] == rows
        totals += counts["new"]

    info = json.loads(workbench("info", "--json", db=db).stdout)
    assert info["counts"]["customers"] == info["counts"]["source_records"] == totals

    again = import_json(out / "webshop.csv", db)
    assert again["counts"]["new"] == again["counts"]["updated"] == 0
    assert again["counts"]["unchanged"] + again["counts"]["duplicates"] == again["counts"]["read"]

    # The point-of-sale system has no id column; keyed by the customer's name from now on, a newer
    # export with one changed mobile number and one new customer updates one record and adds one.
    pos = out / "point-of-sale.csv"
    with pos.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    names = [r[header.index("Kunde")] for r in rows[1:]]
    unique = next(r for r in rows[1:] if names.count(r[header.index("Kunde")]) == 1)
    keyed = import_json(pos, db, "--key", "Kunde", "--source", "Kasse")
    assert keyed["key"] == "Kunde"
    old_mobile = unique[header.index("Mobil")]
    unique[header.index("Mobil")] = "+49 171 5550123"
    rows.append(["Zoë Ångström-Fischer", "+49 160 5550199", "zoe@example.org", "Lindenallee 3", "04109",
                 "Leipzig", "Deutschland", "", "01.02.2024", "1", "19,90"])
    changed = tmp_path / "kasse-2.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    update = import_json(changed, db, "--source", "Kasse")
    assert update["key"] == "Kunde"  # remembered for the source
    assert update["counts"]["updated"] == 1 and update["counts"]["new"] == 1

    audit = subprocess.run([sys.executable, "-c", AUDIT, str(db)], capture_output=True, text=True, check=True)
    entries = json.loads(audit.stdout)
    assert ["source_record", None, {"Mobil": old_mobile}, {"Mobil": "+49 171 5550123"}] in entries

    crossref = workbench("crossref", "--out", str(tmp_path / "xref.csv"), db=db)
    assert crossref.returncode == 0, crossref.stderr
    with (tmp_path / "xref.csv").open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["master_number", "source", "file", "record", "source_key"]
    assert {line[1] for line in lines[1:]} == {*FILES.values(), "Kasse"}
    assert all(line[0].startswith("C-") and line[3].isdigit() for line in lines[1:])


def test_bad_usage_and_a_missing_file(tmp_path):
    db = tmp_path / "master.sqlite"
    missing = workbench("import", str(tmp_path / "nope.csv"), db=db)
    assert missing.returncode == 1 and missing.stderr.strip().count("\n") == 0
    assert "nope.csv: no such file" in missing.stderr
    assert workbench("import", db=db).returncode == 2
    region = workbench("import", str(tmp_path / "nope.csv"), "--region", "Germany", db=db)
    assert region.returncode == 1 and "--region 'Germany'" in region.stderr
