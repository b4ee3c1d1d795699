"""The command line beside other writers, and with hostile arguments: clear lines, nothing harmed."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest
from review_data import add_customer, review_master

from workbench.store.master import open_master
from workbench.store.models import format_master_number
from workbench.store.queries import CustomerListQuery


def workbench(*args: str, db, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120, **kwargs)


@pytest.fixture
def shop(tmp_path):
    db = tmp_path / "m.sqlite"
    master = open_master(db)
    ids = [add_customer(master, "Webshop", 70, first_name=name, last_name="Kunde", email=f"{name.lower()}@example.de",
                        marketing_consent="yes", country="DE")
           for name in ("Ada", "Bea", "Cem")]
    master.close()
    return db, ids


def test_a_command_waits_for_a_busy_master_then_says_so_in_one_line(shop):
    db, ids = shop
    master = open_master(db)
    try:
        with master.activity("an import of big-export.csv"), master.transaction():
            reading = workbench("info", "--json", db=db, env={"WORKBENCH_BUSY_WAIT": "30"})
            assert reading.returncode == 0 and reading.stderr == ""  # reading never waits for a writer
            started = time.monotonic()
            result = workbench("merge", *map(format_master_number, ids[:2]), db=db, env={"WORKBENCH_BUSY_WAIT": "1"})
            assert time.monotonic() - started < 30
    finally:
        master.close()
    assert result.returncode == 1
    waiting, error = result.stderr.strip().splitlines()
    assert waiting.startswith("workbench: Waiting: the master is busy with an import of big-export.csv")
    assert error.startswith("workbench: error: the master is busy with an import of big-export.csv")
    assert "gave up after waiting 1 second" in error and "SQL" not in result.stderr
    again = workbench("merge", *map(format_master_number, ids[:2]), db=db)  # free again: it goes through
    assert again.returncode == 0, again.stderr


def test_a_bulk_merge_on_a_busy_master_says_what_it_did_and_how_to_go_on(tmp_path):
    db = tmp_path / "m.sqlite"
    review_master(open_master(db), rows=60).close()
    master = open_master(db)
    try:
        with master.transaction():
            result = workbench("merge", "--auto", "--min-score", "15", db=db, env={"WORKBENCH_BUSY_WAIT": "1"})
    finally:
        master.close()
    assert result.returncode == 1
    assert "Merged 0 groups" in result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("workbench merge: stopped after 0 of ") and "the master is busy" in last
    assert "run `workbench merge --auto` again" in last


def test_numbers_out_of_range_are_one_line_errors(shop, master_url):
    db, ids = shop
    for args, words in ((["unmerge", "99999999999999999999999"], "merge 99999999999999999999999: no such merge"),
                        (["merge", "C-99999999999999999999", format_master_number(ids[0])],
                         "C-99999999999999999999: no such customer (master numbers go up to C-2147483647)"),
                        (["merge", "C-2147483648", format_master_number(ids[0])], "no such customer")):
        result = workbench(*args, db=db)
        assert result.returncode == 1, result
        assert result.stderr.count("\n") == 1 and words in result.stderr and "Overflow" not in result.stderr
    master = open_master(master_url)
    try:
        with master.session() as session:  # a search for such a number finds nobody, on either database
            assert CustomerListQuery("C-99999999999999999999").count(session) == 0
            assert CustomerListQuery("99999999999999999999999").count(session) == 0
    finally:
        master.close()


def test_exports_go_only_to_regular_files_and_replace_only_when_asked(shop, tmp_path):
    db, _ids = shop
    device = workbench("export", "--preset", "mailchimp", "--out", "/dev/null", db=db)
    assert device.returncode == 1 and "is not a regular file" in device.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)

    out = tmp_path / "audience.csv"
    out.write_text("last week's list\n")
    kept = workbench("export", "--preset", "mailchimp", "--out", str(out), db=db)
    assert kept.returncode == 1 and "exists already" in kept.stderr and "--force" in kept.stderr
    assert out.read_text() == "last week's list\n"
    forced = workbench("export", "--preset", "mailchimp", "--out", str(out), "--force", db=db)
    assert forced.returncode == 0, forced.stderr
    assert "ada@example.de" in out.read_text()

    link = tmp_path / "link.csv"
    link.symlink_to(out)
    linked = workbench("export", "--preset", "mailchimp", "--out", str(link), "--force", db=db)
    assert linked.returncode == 1 and "symbolic link" in linked.stderr and link.is_symlink()


def test_a_filter_that_matches_nobody_writes_nothing_and_says_so(shop, tmp_path):
    db, _ids = shop
    out = tmp_path / "none.csv"
    typo = workbench("export", "--preset", "csv", "--source", "Webshopp", "--out", str(out), db=db)
    assert typo.returncode == 1 and "no source called 'Webshopp'" in typo.stderr and "Webshop" in typo.stderr
    nobody = workbench("export", "--preset", "csv", "--status", "customer", "--out", str(out), db=db)
    assert nobody.returncode == 1 and "no customer matches the filter" in nobody.stderr
    assert not out.exists() and [p.name for p in tmp_path.iterdir() if ".part" in p.name] == []


def test_an_export_killed_midway_leaves_no_temporary_file_and_the_old_file_whole(shop, tmp_path):
    db, _ids = shop
    out = tmp_path / "audience.csv"
    out.write_text("last week's list\n")
    # The export stops in the middle of writing; the named temporary file of systems without
    # O_TMPFILE is used, so there is something to clean up.
    script = textwrap.dedent(f"""
        import sys, time
        from workbench.export import atomic, writers
        atomic._unnamed = lambda folder: None
        def slow(self, rows):
            print("writing", flush=True)
            time.sleep(60)
        writers.CsvWriter.write_rows = slow
        from workbench.cli import main
        sys.exit(main(["--db", {str(db)!r}, "export", "--preset", "mailchimp", "--out", {str(out)!r}, "--force"]))
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "writing"
    parts = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert len(parts) == 1 and stat.S_IMODE(parts[0].stat().st_mode) == 0o600  # never readable by others
    process.send_signal(signal.SIGTERM)
    _stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1 and "interrupted" in stderr
    assert out.read_text() == "last week's list\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_logs_are_private_to_the_user(shop, isolated_home):
    db, _ids = shop
    assert workbench("info", db=db).returncode == 0
    folder = isolated_home / "logs"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "workbench.log").stat().st_mode) == 0o600
