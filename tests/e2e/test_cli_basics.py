"""The command line as a script would use it: exit codes, one-line errors, JSON."""

import json
import os
import subprocess
import sys


def workbench(*args: str, home=None, env_extra=None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    if home is not None:
        env["WORKBENCH_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_info_on_a_new_default_master(isolated_home):
    result = workbench("info", "--json", home=isolated_home)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["master"] == str(isolated_home / "data" / "master.sqlite")
    assert info["schema_revision"] == info["schema_head"]
    assert info["counts"] == {"sources": 0, "import_batches": 0, "source_records": 0, "customers": 0,
                              "open_candidates": 0}


def test_sample_into_the_master_then_info_counts_it(tmp_path, isolated_home):
    db = tmp_path / "shop.sqlite"
    result = workbench("--db", str(db), "sample", "--rows", "150", "--json", home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["new"] == 150
    info = json.loads(workbench("info", "--json", home=isolated_home, env_extra={"WORKBENCH_DB": str(db)}).stdout)
    assert info["counts"]["customers"] == 150 and info["counts"]["sources"] >= 2


def test_sample_to_files_with_truth(tmp_path, isolated_home):
    result = workbench("sample", "--rows", "80", "--out", str(tmp_path / "files"), "--truth",
                       str(tmp_path / "truth.csv"), home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert "80 demo records" in result.stdout
    assert (tmp_path / "files" / "webshop.csv").exists()
    assert (tmp_path / "truth.csv").read_text().startswith("record_a,record_b")


def test_errors_are_one_line_with_status_1(tmp_path, isolated_home):
    result = workbench("--db", str(tmp_path / "missing.sqlite"), "info", home=isolated_home)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "missing.sqlite" in result.stderr and "Traceback" not in result.stderr


def test_bad_usage_is_status_2(isolated_home):
    assert workbench("frobnicate", home=isolated_home).returncode == 2
    assert workbench("sample", home=isolated_home).returncode == 2  # --rows is required


def test_a_reader_that_stops_early_is_no_error(tmp_path, isolated_home):
    """`workbench candidates --format json | head -c 10`: the pipe closes early; no traceback, status 0."""
    db = tmp_path / "shop.sqlite"
    assert workbench("--db", str(db), "sample", "--rows", "300", home=isolated_home).returncode == 0
    env = {**os.environ, "WORKBENCH_HOME": str(isolated_home)}
    command = [sys.executable, "-m", "workbench", "--db", str(db), "match", "--full"]
    assert subprocess.run(command, capture_output=True, env=env, timeout=300).returncode == 0
    writer = subprocess.Popen([sys.executable, "-m", "workbench", "--db", str(db), "candidates", "--format", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert writer.stdout.read(10)
    writer.stdout.close()  # the reader goes away after ten bytes
    _, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err.decode()
    assert b"Traceback" not in err and b"BrokenPipe" not in err
