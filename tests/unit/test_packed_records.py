"""Source records packed (revision 0905): a master made before reads the same after, and takes less room.

`tests/data/masters/before_0905.sql.gz` is a master made by `master_snapshot.import_corpus` with
the code of revision 0904, the last to store a record's raw cells and payload as JSON columns.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from test_compact_storage import TABLES, migrated_and_new, old_master

from workbench.store import record_packing
from workbench.store.master import open_master
from workbench.store.migrate import alembic_config

DUMP = Path(__file__).parent.parent / "data" / "masters" / "before_0905.sql.gz"
DICTIONARY_SHA256 = "edeca00ac753c7cc4e784f941e5a6b2ee31b674bc330392a4768252c8f3649c2"


def _stored_json(path: Path) -> dict[int, tuple[object, object]]:
    connection = sqlite3.connect(path)
    try:
        return {rid: (json.loads(raw), json.loads(fields))
                for rid, raw, fields in connection.execute("SELECT id, raw, fields FROM source_records")}
    finally:
        connection.close()


def test_a_master_made_before_packing_reads_record_by_record_as_a_new_import(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    old, new = migrated_and_new(tmp_path, DUMP)
    for table in TABLES:
        assert old[table] == new[table], table


def test_packed_records_take_under_half_the_room_of_their_json(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    path = old_master(tmp_path / "before.sqlite", DUMP)
    texts = sum(len(json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode())
                + len(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode())
                for raw, fields in _stored_json(path).values())
    open_master(path).close()
    connection = sqlite3.connect(path)
    packed = connection.execute("SELECT sum(length(packed)), count(*) FROM source_records").fetchone()
    columns = {row[1] for row in connection.execute("PRAGMA table_info(source_records)")}
    connection.close()
    assert packed[1] > 500
    assert "raw" not in columns and "fields" not in columns
    assert packed[0] < 0.5 * texts, (packed[0], texts)


def test_going_back_to_the_json_columns_gives_back_what_was_stored(tmp_path, monkeypatch):
    from alembic import command

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    path = old_master(tmp_path / "before.sqlite", DUMP)
    was = _stored_json(path)
    master = open_master(path)
    try:
        command.downgrade(alembic_config(master.engine), "0904")
    finally:
        master.close()
    assert _stored_json(path) == was


def test_the_packing_dictionary_is_the_one_records_were_packed_with():
    # Every record packed with it needs it to be read back: it never changes (a new one gets a new mark).
    assert hashlib.sha256(record_packing.dictionary()).hexdigest() == DICTIONARY_SHA256


def test_a_record_packed_in_an_unknown_form_says_so():
    assert record_packing.unpack(record_packing.pack(["a", None], {"fields": {}})) == (["a", None], {"fields": {}})
    with pytest.raises(ValueError, match="form this version does not know"):
        record_packing.unpack(b"\x07abc")


def test_a_master_upgraded_to_packed_records_is_rebuilt_and_takes_less_room(tmp_path, monkeypatch):
    # Rewritten in place, the records would leave half-empty pages behind: the file would grow.
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    path = old_master(tmp_path / "before.sqlite", DUMP)
    before = path.stat().st_size
    open_master(path).close()
    connection = sqlite3.connect(path)
    try:
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        connection.close()
    assert free == 0
    assert path.stat().st_size < 0.9 * before, (path.stat().st_size, before)
