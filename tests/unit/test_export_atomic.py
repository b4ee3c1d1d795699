"""An interrupted export never leaves a half file under the target name."""

from __future__ import annotations

import os
import stat

import pytest
from export_helpers import add_customer, read_csv

from workbench.errors import Cancelled, WorkbenchError
from workbench.export import writers
from workbench.export.run import ExportRequest, export_customers
from workbench.progress import Progress
from workbench.store import export_rows


@pytest.fixture
def many(sqlite_master, monkeypatch):
    monkeypatch.setattr(export_rows, "CHUNK", 3)  # several chunks, so cancel lands mid-file
    for number in range(10):
        add_customer(sqlite_master, first=f"P{number}", last="Person", emails=[(f"p{number}@example.com", "home")])
    return sqlite_master


def _cancel_after(chunks: int) -> Progress:
    calls = [0]

    def cancelled() -> bool:
        calls[0] += 1
        return calls[0] > chunks + 1  # +1: the opening progress call

    return Progress(is_cancelled=cancelled)


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_iter_customers_streams_in_chunks_without_losing_contact_points(many):
    with many.session() as session:
        chunks = list(export_rows.iter_customers(session, [], chunk=3))
    assert [len(c) for c in chunks] == [3, 3, 3, 1]
    assert all(len(c.emails) == 1 for chunk in chunks for c in chunk)


@pytest.mark.parametrize("preset", ["mailchimp", "xlsx", "vcard4"])
def test_cancelled_export_leaves_no_file_and_keeps_the_old_one(many, tmp_path, preset):
    fresh = tmp_path / f"new-{preset}"
    with pytest.raises(Cancelled):
        export_customers(many, ExportRequest(preset), fresh, progress=_cancel_after(1))
    assert not fresh.exists() and _leftovers(tmp_path) == []

    existing = tmp_path / f"old-{preset}"
    existing.write_bytes(b"the previous export")
    with pytest.raises(Cancelled):
        export_customers(many, ExportRequest(preset), existing, replace=True, progress=_cancel_after(2))
    assert existing.read_bytes() == b"the previous export" and _leftovers(tmp_path) == []


def test_a_failing_writer_leaves_the_old_file(many, tmp_path, monkeypatch):
    target = tmp_path / "mc.csv"
    export_customers(many, ExportRequest("mailchimp"), target)
    before = target.read_bytes()

    def broken(self, rows):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.CsvWriter, "write_rows", broken)
    with pytest.raises(WorkbenchError, match="No space left on device"):
        export_customers(many, ExportRequest("mailchimp"), target, replace=True)
    assert target.read_bytes() == before and _leftovers(tmp_path) == []


def test_a_completed_export_is_complete(many, tmp_path):
    target = tmp_path / "mc.csv"
    summary = export_customers(many, ExportRequest("mailchimp"), target)
    assert summary.rows == 10 and len(read_csv(target)) == 10


def test_missing_folder_is_a_clear_error(many, tmp_path):
    with pytest.raises(WorkbenchError, match="does not exist"):
        export_customers(many, ExportRequest("mailchimp"), tmp_path / "nowhere" / "mc.csv")


def test_the_file_being_written_is_private_and_never_left_behind(many, tmp_path, monkeypatch):
    from workbench.export import atomic

    seen = {}

    def look(done, total, message):
        if done and "names" not in seen:
            seen["names"] = sorted(p.name for p in tmp_path.iterdir() if "mc.csv" in p.name)
            seen["modes"] = [stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir() if p.name.endswith(".part")]

    target = tmp_path / "mc.csv"
    export_customers(many, ExportRequest("mailchimp"), target, progress=Progress(look))
    # On Linux the file has no name until it is complete: a process killed outright leaves nothing.
    assert seen["names"] == [] and target.exists()

    monkeypatch.setattr(atomic, "_unnamed", lambda folder: None)  # systems without O_TMPFILE
    seen.clear()
    export_customers(many, ExportRequest("mailchimp"), target, replace=True, progress=Progress(look))
    assert seen["modes"] == [0o600]
    assert _leftovers(tmp_path) == []


def test_leftovers_of_a_dead_export_are_swept_by_the_next_one(many, tmp_path):
    dead = tmp_path / ".mc.csv.999999999.0badc0de.part"  # no process has that number
    dead.write_text("half a list of e-mail addresses")
    alive = tmp_path / f".mc.csv.{os.getpid()}.0badc0de.part"  # an export still running: left alone
    alive.write_text("being written")
    export_customers(many, ExportRequest("mailchimp"), tmp_path / "mc.csv")
    assert not dead.exists() and alive.exists()
