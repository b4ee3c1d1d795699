"""Importing files into the master: all or nothing, incremental re-imports, rejects, dry runs."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select

from workbench.errors import Cancelled, WorkbenchError
from workbench.ingest.crossref import write_crossref
from workbench.ingest.importer import import_file, prepare_import, run_import
from workbench.ingest.loader import CHUNK
from workbench.ingest.plan import ImportOptions
from workbench.ingest.report import write_rejects
from workbench.progress import Progress
from workbench.store.models import AuditEntry, Customer, ImportBatch, Source, SourceRecord
from workbench.store.queries import master_counts

HEADER = ["Customer ID", "First Name", "Last Name", "Email", "Phone", "City", "Country", "Shoe size"]
ROWS = [
    ["C1", "anna", "MÜLLER", "anna@example.org", "0171 1234567", "Berlin", "DE", "38"],
    ["C2", "Ben", "Okafor", "ben@example.org", "+44 20 7946 0018", "London", "GB", ""],
    ["C3", "", "", "", "", "Paris", "FR", "41"],  # nothing to identify anyone
    ["C4", "Cem", "Yılmaz", "cem@example.org", "", "İstanbul", "TR", "44"],
    ["C2", "Ben", "Okafor", "ben@example.org", "+44 20 7946 0018", "London", "GB", ""],  # exact repeat
]


def write(path, rows, header=HEADER, title=None):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if title:
            writer.writerow([title])
            writer.writerow([])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def counts_of(master):
    with master.session() as session:
        return master_counts(session).as_dict()


def test_first_import_makes_a_customer_per_record(master, tmp_path):
    path = write(tmp_path / "webshop.csv", ROWS, title="Customers, March")
    result = import_file(master, path)
    assert result.counts.as_dict() == {"read": 5, "new": 3, "updated": 0, "unchanged": 0, "duplicates": 1,
                                       "rejected": 1, "held_back": 0}
    assert result.counts.rejects == [{"row": 6, "reason": result.counts.rejects[0]["reason"]}]
    assert "nothing to identify" in result.counts.rejects[0]["reason"]
    assert result.plan.header_row == 3 and result.plan.key_column == "Customer ID"
    assert result.plan.mapping["Shoe size"] == "attribute:shoe_size"
    assert len(result.customer_ids) == 3
    with master.session() as session:
        anna = session.scalar(select(Customer).where(Customer.first_name == "Anna"))
        assert (anna.last_name, anna.primary_email, anna.primary_phone) == ("Müller", "anna@example.org", "+491711234567")
        assert anna.attributes == {"shoe_size": "38", "external_id": "C1"}
        assert anna.id in result.customer_ids
        record = session.scalar(select(SourceRecord).where(SourceRecord.customer_id == anna.id))
        assert record.raw["First Name"] == "anna" and record.source_key == "C1" and record.record_no == 1
        batch = session.scalar(select(ImportBatch))
        assert (batch.format, batch.encoding, batch.delimiter, batch.header_row) == ("csv", "utf-8", ",", 3)
        assert batch.counts["new"] == 3 and len(batch.checksum) == 64 and batch.rejects[0]["row"] == 6
        assert session.scalar(select(Source.mapping).where(Source.name == "Webshop"))["Email"] == "email"


def test_importing_the_same_file_again_changes_nothing(master, tmp_path):
    path = write(tmp_path / "webshop.csv", ROWS)
    import_file(master, path)
    before = counts_of(master)
    again = import_file(master, path)
    assert again.counts.as_dict() == {"read": 5, "new": 0, "updated": 0, "unchanged": 3, "duplicates": 1,
                                      "rejected": 1, "held_back": 0}
    assert again.customer_ids == []
    after = counts_of(master)
    assert after["customers"] == before["customers"] and after["source_records"] == before["source_records"]


def test_a_newer_export_updates_changed_records_and_adds_new_ones(master, tmp_path):
    import_file(master, write(tmp_path / "webshop.csv", ROWS))
    newer = [list(r) for r in ROWS[:2]] + [["C5", "Dana", "Lee", "dana@example.org", "", "Leeds", "GB", ""]]
    newer[0][3] = "anna.mueller@example.org"
    result = import_file(master, write(tmp_path / "webshop-2.csv", newer), ImportOptions(source="Webshop"))
    assert (result.counts.new, result.counts.updated, result.counts.unchanged) == (1, 1, 1)
    with master.session() as session:
        anna = session.scalar(select(Customer).where(Customer.first_name == "Anna"))
        assert anna.primary_email == "anna.mueller@example.org"
        assert [e.address for e in anna.emails] == ["anna.mueller@example.org"]
        assert anna.id in result.customer_ids
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "reimport",
                                                        AuditEntry.entity == "source_record"))
        assert entry.old_value == {"Email": "anna@example.org"} and entry.new_value == {"Email": "anna.mueller@example.org"}
        assert session.scalar(select(func.count(Customer.id))) == 4


def test_without_an_id_column_records_are_keyed_by_content(master, tmp_path):
    rows = [r[1:] for r in ROWS]
    path = write(tmp_path / "list.csv", rows, header=HEADER[1:])
    first = import_file(master, path)
    assert first.plan.key_column is None and first.counts.new == 3
    assert import_file(master, path).counts.unchanged == 3


def test_the_key_option_and_a_key_used_twice(master, tmp_path):
    rows = [["a@example.org", "Ann", "1"], ["b@example.org", "Bo", "2"], ["a@example.org", "Anne", "3"]]
    path = write(tmp_path / "fair.csv", rows, header=["Email", "Name", "Visits"])
    result = import_file(master, path, ImportOptions(key="email"))
    assert result.plan.key_column == "Email"
    assert result.counts.new == 2 and result.counts.rejects == [
        {"row": 4, "reason": "same key 'a@example.org' as row 2, with other values"}]
    with pytest.raises(WorkbenchError, match="--key 'Id' is not a column"):
        import_file(master, path, ImportOptions(key="Id"))


def test_a_dry_run_counts_and_changes_nothing(master, tmp_path):
    path = write(tmp_path / "webshop.csv", ROWS)
    result = import_file(master, path, ImportOptions(dry_run=True))
    assert result.counts.new == 3 and result.batch_id is None and result.customer_ids == []
    assert counts_of(master) == {"sources": 0, "import_batches": 0, "source_records": 0, "customers": 0,
                                 "open_candidates": 0}


def test_a_cancelled_import_leaves_the_master_as_it_was(master, tmp_path):
    rows = [[f"C{i}", "Ann", f"Lee{i}", f"ann{i}@example.org", "", "Leeds", "GB", ""] for i in range(CHUNK * 2 + 5)]
    path = write(tmp_path / "big.csv", rows)
    calls = []

    def report(done, total, message):
        calls.append(done)

    progress = Progress(report, lambda: len(calls) >= 2)
    with pytest.raises(Cancelled):
        import_file(master, path, progress=progress, workers=0)
    assert counts_of(master)["customers"] == 0 and counts_of(master)["import_batches"] == 0


def test_a_mapping_given_once_is_reused_for_the_source(master, tmp_path):
    path = write(tmp_path / "webshop.csv", ROWS)
    first = import_file(master, path, ImportOptions(mapping={"Shoe size": None, "City": "city:shipping"}))
    assert first.plan.mapping["Shoe size"] is None and first.plan.mapping["City"] == "city:shipping"
    plan = prepare_import(master, path)
    assert plan.mapping["Shoe size"] is None and plan.origin["City"] == "saved"
    with pytest.raises(WorkbenchError, match="mapping names column 'Shoesize'"):
        prepare_import(master, path, ImportOptions(mapping={"Shoesize": None}))


def test_a_file_of_unsubscribed_people(master, tmp_path):
    path = write(tmp_path / "unsubscribed_members_export_1a2b.csv",
                 [["a@example.org", "Ann"], ["b@example.org", "Bo"]], header=["Email Address", "First Name"])
    result = import_file(master, path, ImportOptions(source="Newsletter"))
    assert result.plan.consent_for_all == "unsubscribed"
    with master.session() as session:
        assert set(session.scalars(select(Customer.marketing_consent))) == {"unsubscribed"}


def test_rejects_are_saved_with_their_original_cells(master, tmp_path):
    path = write(tmp_path / "webshop.csv", ROWS, title="Report")
    result = import_file(master, path)
    out = tmp_path / "rejects.csv"
    assert write_rejects(result.plan, result.counts.rejects, out) == 1
    lines = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert lines[0][:3] == ["Row", "Reason", "Customer ID"] and lines[1][0] == "6" and lines[1][2] == "C3"


def test_crossref_names_every_source_record(master, tmp_path):
    import io

    import_file(master, write(tmp_path / "webshop.csv", ROWS))
    with master.session() as session:
        out = io.StringIO()
        write_crossref(session, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "master_number,source,file,record,source_key"
    assert lines[1].startswith("C-") and lines[1].endswith(",Webshop,webshop.csv,1,C1")
    assert len(lines) == 4


def test_crossref_follows_merges_to_the_surviving_customer(master, tmp_path):
    import io

    result = import_file(master, write(tmp_path / "webshop.csv", ROWS))
    survivor, merged = sorted(result.customer_ids)[:2]
    with master.transaction() as session:
        session.get(Customer, merged).merged_into_id = survivor
    with master.session() as session:
        out = io.StringIO()
        write_crossref(session, out)
    numbers = [line.split(",")[0] for line in out.getvalue().splitlines()[1:]]
    assert numbers.count(f"C-{survivor:06d}") == 2 and f"C-{merged:06d}" not in numbers


def test_parallel_and_serial_standardization_agree(sqlite_master, tmp_path):
    rows = [[f"C{i}", "Ann", f"Lee{i}", f"ann{i}@example.org", f"0171 {1000000 + i}", "Berlin", "DE", str(i)]
            for i in range(CHUNK + 300)]
    path = write(tmp_path / "big.csv", rows)
    plan = prepare_import(sqlite_master, path)
    serial = run_import(sqlite_master, plan, dry_run=True, workers=0)
    parallel = run_import(sqlite_master, plan, workers=2)
    assert serial.counts.as_dict() == parallel.counts.as_dict()
    with sqlite_master.session() as session:
        assert session.scalar(select(func.count(Customer.id)).where(Customer.primary_phone.like("+49171%"))) == \
            len(rows)


def test_the_phone_region_comes_from_the_option_the_source_or_the_master_setting(master, tmp_path):
    from workbench.store.models import Setting

    path = write(tmp_path / "kasse.csv", [["Ann Lee", "0171 1234567"]], header=["Name", "Telefon"])
    assert prepare_import(master, path).region is None
    with master.transaction() as session:
        session.add(Setting(key="default_region", value={"value": "de"}))
    assert prepare_import(master, path).region == "DE"
    result = import_file(master, path)
    with master.session() as session:
        assert session.scalar(select(Customer.primary_phone)) == "+491711234567"
    assert prepare_import(master, path, ImportOptions(region="AT", source=result.source)).region == "AT"


def test_imported_customers_are_found_by_search_even_after_a_cancelled_import(master, tmp_path):
    from workbench.store.queries import CustomerListQuery

    rows = [[f"C{i}", "Ann", f"Lee{i}", f"ann{i}@example.org", "", "Leeds", "GB", ""] for i in range(CHUNK + 10)]
    path = write(tmp_path / "big.csv", rows)
    calls = []
    with pytest.raises(Cancelled):
        import_file(master, path, progress=Progress(lambda *a: calls.append(a), lambda: len(calls) >= 1), workers=0)
    import_file(master, write(tmp_path / "webshop.csv", ROWS))
    with master.session() as session:
        assert CustomerListQuery("müller").count(session) == 1
        assert CustomerListQuery("ben@example.org").count(session) == 1
    import_file(master, path, workers=0)  # the search index is kept for later imports and edits too
    with master.transaction() as session:
        assert CustomerListQuery("ann1000").count(session) == 1
        anna = session.scalar(select(Customer).where(Customer.first_name == "Anna"))
        anna.first_name = "Annegret"
        anna.search_text = anna.search_text + " annegret"
        session.add(Customer(first_name="Zygmunt", display_name="Zygmunt", sort_name="zygmunt",
                             search_text="zygmunt"))
    with master.session() as session:
        assert CustomerListQuery("annegret").count(session) == 1
        assert CustomerListQuery("zygmunt").count(session) == 1  # the insert trigger is back


def _indexes(master):
    with master.session() as session:
        return session.connection().exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name").all()


def test_a_big_import_builds_indexes_at_the_end_and_keeps_every_one(sqlite_master, tmp_path, monkeypatch):
    monkeypatch.setattr("workbench.ingest.bulk.BULK_INDEX_ROWS", 1)
    before = _indexes(sqlite_master)
    rows = [[f"C{i}", "Ann", f"Lee{i}", f"ann{i}@example.org", "", "Leeds", "GB", ""] for i in range(CHUNK * 2 + 5)]
    path = write(tmp_path / "big.csv", rows)
    calls = []
    progress = Progress(lambda done, total, message: calls.append(done), lambda: len(calls) >= 2)
    with pytest.raises(Cancelled):
        import_file(sqlite_master, path, progress=progress, workers=0)
    assert _indexes(sqlite_master) == before
    import_file(sqlite_master, path, workers=0)
    assert _indexes(sqlite_master) == before
    with sqlite_master.session() as session:  # the indexes answer, the search index too
        plan = session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM emails WHERE normalized = 'ann7@example.org'").all()
        assert any("ix_emails_normalized" in str(row) for row in plan)
        assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        found = session.connection().exec_driver_sql(
            "SELECT count(*) FROM customer_fts WHERE customer_fts MATCH 'lee7'").scalar()
        assert found == 1


def test_an_impossible_order_count_is_flagged_and_its_cell_kept(master, tmp_path):
    path = write(tmp_path / "pos.csv", [["C9", "Zoë", "Ångström", "zoe@example.org", "", "Malmö", "SE", "42"]],
                 header=["Customer ID", "First Name", "Last Name", "Email", "Phone", "City", "Country", "Orders"])
    (tmp_path / "pos.csv").write_text((tmp_path / "pos.csv").read_text().replace(",42", ",123456789012345678901234"))
    result = import_file(master, path)
    assert result.counts.new == 1
    with master.session() as session:
        record = session.scalar(select(SourceRecord))
        assert record.raw["Last Name"] == "Ångström" and record.raw["Orders"] == "123456789012345678901234"
        assert "order_count" not in record.fields["fields"]  # flagged, not a count anyone has
        assert record.issues == [{"field": "order_count", "value": "123456789012345678901234",
                                  "problem": "not a count"}]
        assert session.scalar(select(Customer.order_count)) is None


def test_stored_json_writes_what_the_fast_encoder_cannot():
    from workbench.ingest.stored import to_json

    assert to_json({"n": 10**30, "é": "ü"}) == '{"n":1000000000000000000000000000000,"é":"ü"}'
    assert to_json({1: "x"}) == '{"1":"x"}'


def test_a_newer_export_with_changed_and_new_rows_in_every_chunk_imports(master, tmp_path, monkeypatch):
    from workbench.ingest import loader

    monkeypatch.setattr(loader, "CHUNK", 4)
    first = [[f"K{i}", "Eva", f"Stein{i}", f"eva{i}@example.org", "", "Bonn", "DE", ""] for i in range(8)]
    import_file(master, write(tmp_path / "shop.csv", first), workers=0)
    # Every chunk of the newer export mixes changed customers (new e-mail) with new ones.
    newer = []
    for i in range(8):
        newer.append([f"K{i}", "Eva", f"Stein{i}", f"eva.neu{i}@example.org", "", "Bonn", "DE", ""])
        newer.append([f"N{i}", "Jo", f"Berg{i}", f"jo{i}@example.org", "", "Köln", "DE", ""])
    result = import_file(master, write(tmp_path / "shop.csv", newer), workers=0)
    assert (result.counts.new, result.counts.updated) == (8, 8)
    with master.session() as session:
        assert session.scalar(select(func.count(Customer.id))) == 16
        from workbench.store.queries import CustomerListQuery

        assert CustomerListQuery("eva.neu7@example.org").count(session) == 1


def test_the_terminal_progress_line_shows_a_bar_the_pace_and_the_time_left():
    from workbench.commands import progress_line

    line = progress_line(450_000, 1_000_000, "Imported 450,000 records", 30.0)
    assert line.startswith("Imported 450,000 records [##########")
    assert "45%" in line and "15,000/s" in line and "37 s left" in line
    assert progress_line(0, 0, "Reading customers.csv…", 1.0) == "Reading customers.csv…"
    assert "100%" in progress_line(10, 10, "Imported customers.csv", 2.0)
    assert len(progress_line(1, 3, "x" * 300, 9.0, width=60)) <= 60
    assert "min left" in progress_line(1_000, 1_000_000, "Imported", 10.0)
