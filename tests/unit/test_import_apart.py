"""A big import from the app runs in a child process of its own (workbench/ingest/apart.py): the
master it leaves is the one an import on a thread leaves, a cancelled one leaves nothing, an
encrypted or shared master is opened there as it is here, and killing the app ends the child and
its workers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_worker_lifetime import kill_once, left_alive, write_customers

from workbench.errors import Cancelled
from workbench.ingest import apart
from workbench.ingest.importer import run_import
from workbench.ingest.plan import inspect_file
from workbench.progress import Progress
from workbench.store import encryption
from workbench.store.master import open_master
from workbench.store.models import Address, Customer, Email, ImportBatch, Phone


@pytest.fixture
def every_file_apart(monkeypatch):
    monkeypatch.setattr(apart, "APART_FROM_BYTES", 0)


def _plan(path: Path, source: str = "Webshop"):
    plan = inspect_file(path)
    plan.source_name = source
    return plan


def _customers(master) -> list[tuple]:
    """Each customer's name, e-mail, phone and city, as stored."""
    with master.session() as session:
        return sorted(tuple(row) for row in session.execute(
            select(Customer.first_name, Customer.last_name, Email.normalized, Phone.e164, Address.city)
            .join(Email, Email.customer_id == Customer.id).join(Phone, Phone.customer_id == Customer.id)
            .join(Address, Address.customer_id == Customer.id)))


def test_an_import_apart_leaves_the_master_an_import_here_leaves(master, tmp_path, every_file_apart):
    source = write_customers(tmp_path / "customers.csv", 300)
    here = open_master(tmp_path / "here.sqlite")
    expected = run_import(here, _plan(source))
    reports: list[tuple[int, int, str]] = []
    plan = _plan(source)
    result = apart.import_file(master, plan, progress=Progress(lambda *report: reports.append(report)))
    assert result.plan is plan  # the dialog's own plan, not one read again
    assert result.counts.as_dict() == expected.counts.as_dict() == {**expected.counts.as_dict(), "new": 300}
    assert len(result.customer_ids) == 300 and result.batch_id is not None
    assert reports and reports[-1][0] == reports[-1][1]  # progress came back, to the end
    assert _customers(master) == _customers(here)
    dry = apart.import_file(master, _plan(write_customers(tmp_path / "more.csv", 310)), dry_run=True)
    assert dry.dry_run and dry.counts.new == 10 and dry.counts.unchanged == 300
    assert len(_customers(master)) == 300  # a dry run apart rolls back too
    here.close()


def test_a_small_file_is_imported_here_and_a_big_one_apart(tmp_path, monkeypatch):
    small, big = write_customers(tmp_path / "small.csv", 20), write_customers(tmp_path / "big.csv", 40)
    monkeypatch.setattr(apart, "APART_FROM_BYTES", (small.stat().st_size + big.stat().st_size) // 2)
    assert not apart.goes_apart(_plan(small)) and apart.goes_apart(_plan(big))


def test_a_cancelled_import_apart_leaves_nothing(sqlite_master, tmp_path, every_file_apart):
    source = write_customers(tmp_path / "customers.csv", 30_000)
    seen: list[int] = []

    def report(done, _total, _message):
        seen.append(done)

    with pytest.raises(Cancelled):
        apart.import_file(sqlite_master, _plan(source), progress=Progress(report, lambda: any(seen)))
    with sqlite_master.session() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 0
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0


@pytest.mark.skipif(not encryption.available(), reason="the encryption extra is not installed")
def test_an_encrypted_master_is_imported_and_matched_apart(tmp_path, every_file_apart):
    from workbench.matching.apart import run_matching_apart

    master = open_master(tmp_path / "secret.sqlite", passphrase="correct horse battery staple")
    source = write_customers(tmp_path / "customers.csv", 50)
    assert apart.import_file(master, _plan(source)).counts.new == 50
    assert run_matching_apart(master).pairs_compared >= 0
    assert len(_customers(master)) == 50
    master.close()


STARTER = """
import sys
sys.path[:0] = sys.argv[1:3]
from pathlib import Path
from workbench.ingest import apart
from workbench.ingest.plan import inspect_file
from workbench.store.master import open_master
plan = inspect_file(Path(sys.argv[3])); plan.source_name = "Webshop"
apart.import_file(open_master(sys.argv[4]), plan)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes are found through /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="imports use worker processes from two cores on")
def test_an_app_killed_during_an_import_apart_leaves_no_process_behind(tmp_path):
    source = write_customers(tmp_path / "customers.csv", 150_000)  # big enough for workers
    tests, root = str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path / "home")}
    env.pop("WORKBENCH_IMPORT_WORKERS", None)
    starter = subprocess.Popen([sys.executable, "-c", STARTER, tests, root, str(source),
                                str(tmp_path / "master.sqlite")], env=env, stderr=subprocess.PIPE)
    # starter → fork server → the import apart → its fork server → its workers
    everything, why_not = kill_once(starter, lambda tree: sum(depth >= 4 for depth in tree.values()) >= 2)
    assert everything, f"no workers started apart: {why_not}"
    assert left_alive(everything) == {}


def test_a_workbooks_chosen_sheet_and_a_vcard_file_are_read_apart_as_here(sqlite_master, tmp_path, every_file_apart):
    """The plan travels to the child as "this file (and sheet)": the child reads what the user chose."""
    from workbooks import Sheet, write_xlsx

    from workbench.ingest.plan import ImportOptions

    book = write_xlsx(tmp_path / "two.xlsx", [Sheet("A", [["Email"], ["a@example.org"]]),
                                              Sheet("B", [["Email"], ["b@example.org"], ["c@example.org"]])])
    plan = inspect_file(book, ImportOptions(sheet="B"))
    plan.source_name = "Workbook"
    assert apart.import_file(sqlite_master, plan).counts.new == 2
    cards = tmp_path / "contacts.vcf"
    cards.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nEMAIL:ann@example.org\r\n"
                     "END:VCARD\r\n", encoding="utf-8")
    assert apart.import_file(sqlite_master, _plan(cards, "Phone")).counts.new == 1
    with sqlite_master.session() as session:
        assert sorted(session.scalars(select(Email.normalized))) == ["ann@example.org", "b@example.org",
                                                                      "c@example.org"]
