"""A re-import leaves rows the master holds unchanged unstandardized, with the same outcome."""

from __future__ import annotations

import pytest
from unit.test_import import HEADER, ROWS, write

from workbench.ingest import importer
from workbench.ingest.importer import import_file
from workbench.ingest.plan import ImportOptions


@pytest.fixture
def standardized(monkeypatch):
    """How many rows were standardized (imports run in this process: workers=0)."""
    calls = []
    real = importer.standardize_row

    def counting(pairs, **kwargs):
        calls.append(1)
        return real(pairs, **kwargs)

    monkeypatch.setattr(importer, "standardize_row", counting)
    return calls


def test_unchanged_rows_are_not_standardized_again(master, tmp_path, standardized):
    path = write(tmp_path / "webshop.csv", ROWS)
    first = import_file(master, path, workers=0)
    standardized.clear()
    again = import_file(master, path, workers=0)
    # C1, C2, C4 unchanged; the repeat of C2 is a duplicate as before; C3 (nothing to identify) is
    # not in the master, so it is standardized and rejected again
    assert again.counts.as_dict() == {"read": 5, "new": 0, "updated": 0, "unchanged": 3, "duplicates": 1,
                                      "rejected": 1, "held_back": 0}
    assert again.counts.rejects == first.counts.rejects
    assert len(standardized) == 1


def test_changed_and_new_rows_are_standardized(master, tmp_path, standardized):
    import_file(master, write(tmp_path / "webshop.csv", ROWS), workers=0)
    rows = [list(r) for r in ROWS]
    rows[0][3] = "anna.mueller@example.org"
    rows.append(["C9", "Dora", "Lind", "dora@example.org", "", "Oslo", "NO", ""])
    rows.append(["C1", "anna", "MÜLLER", "anna@example.org", "0171 1234567", "Berlin", "DE", "38"])  # C1 as it was
    standardized.clear()
    again = import_file(master, write(tmp_path / "webshop.csv", rows), workers=0)
    assert (again.counts.new, again.counts.updated, again.counts.unchanged, again.counts.duplicates) == (1, 1, 2, 1)
    # the old C1 after the new one is a repeat of its key with other values, as it always was
    assert [r["row"] for r in again.counts.rejects] == [4, 8]
    assert len(standardized) == 3  # C1 changed, C3, C9


def test_rows_are_standardized_again_when_the_file_is_read_differently(master, tmp_path, standardized):
    path = write(tmp_path / "webshop.csv", ROWS)
    import_file(master, path, workers=0)
    standardized.clear()
    again = import_file(master, path, ImportOptions(region="GB"), workers=0)
    assert again.counts.unchanged == 3
    assert len(standardized) == 5  # another region may read a number otherwise: every row is read again
    assert HEADER[0] == "Customer ID"


def _records_seen(master, key):
    """(file, row, batch it was last seen in) of the record with source key `key`, as the detail panel shows it."""
    from sqlalchemy import select

    from workbench.store.models import ImportBatch, SourceRecord
    from workbench.store.queries import customer_detail

    with master.session() as session:
        customer_id = session.scalar(select(SourceRecord.customer_id).where(SourceRecord.source_key == key))
        view = next(r for r in customer_detail(session, customer_id).source_records if r.source_key == key)
        batch = session.scalar(select(ImportBatch.id).where(ImportBatch.started_at == view.imported_at,
                                                            ImportBatch.file_name == view.file_name))
        return view.file_name, view.record_no, batch


def test_a_record_seen_unchanged_shows_the_import_that_saw_it_and_where(master, tmp_path):
    """Seen again unchanged: the later import is when it was last seen, its row number follows the
    file; changed afterwards, the import that changed it."""
    from sqlalchemy import func, select

    from workbench.store.models import RecordSighting, SourceRecord

    shop = ImportOptions(source="Webshop")
    first = import_file(master, write(tmp_path / "webshop.csv", ROWS), shop, workers=0)
    moved = [ROWS[1], ROWS[0], *ROWS[2:]]  # Ben's row first now, Anna's second
    second = import_file(master, write(tmp_path / "webshop-june.csv", moved), shop, workers=0)
    assert second.counts.unchanged == 3
    assert _records_seen(master, "C1") == ("webshop-june.csv", 2, second.batch_id)
    assert _records_seen(master, "C2") == ("webshop-june.csv", 1, second.batch_id)
    assert _records_seen(master, "C4")[2] == second.batch_id
    with master.session() as session:  # the records' own rows still name the import that wrote them
        assert set(session.scalars(select(func.coalesce(SourceRecord.last_batch_id, SourceRecord.batch_id)))) \
            == {first.batch_id}
        assert session.scalar(select(func.count()).select_from(RecordSighting)) == 3

    rows = [list(r) for r in moved]
    rows[1][3] = "anna.mueller@example.org"
    third = import_file(master, write(tmp_path / "webshop-july.csv", rows), shop, workers=0)
    assert (third.counts.updated, third.counts.unchanged) == (1, 2)
    assert _records_seen(master, "C1") == ("webshop-july.csv", 2, third.batch_id)
    assert _records_seen(master, "C2")[2] == third.batch_id
