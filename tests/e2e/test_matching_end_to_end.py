"""Demo data → match → candidates, through the real command line in a child process."""

import json
import subprocess
import sys


def workbench(*args: str, home) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                          env={"WORKBENCH_HOME": str(home), "PATH": "/usr/bin:/bin"}, timeout=300)


def test_demo_data_is_matched_and_its_known_duplicates_found(tmp_path):
    db = str(tmp_path / "master.sqlite")
    truth = tmp_path / "truth.csv"
    made = workbench("--db", db, "sample", "--rows", "800", "--truth", str(truth), home=tmp_path)
    assert made.returncode == 0, made.stderr
    matched = workbench("--db", db, "match", "--json", home=tmp_path)
    assert matched.returncode == 0, matched.stderr
    report = json.loads(matched.stdout)
    assert report["mode"] == "full" and report["candidates"] > 50
    listed = workbench("--db", db, "candidates", "--format", "json", "--min-score", "10", home=tmp_path)
    payload = json.loads(listed.stdout)
    assert payload["count"] > 0
    assert all(c["score"] >= 10 and c["explanation"][0]["field"] == "prior" for c in payload["candidates"])
    again = workbench("--db", db, "match", "--json", home=tmp_path)
    assert json.loads(again.stdout)["mode"] == "incremental"
