"""Backups: consistent while an import writes, kept 7 daily and 4 weekly, restored only after a check."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from privacy_data import EMAILS, found_in, secrets_of_jan
from privacy_master import jans
from sqlalchemy import func, select

from workbench import cli
from workbench.ingest.importer import import_file
from workbench.ingest.plan import ImportOptions
from workbench.privacy.backups import (
    Backup,
    BackupPolicy,
    automatic,
    back_up,
    changed_since_last,
    keep,
    restore,
)
from workbench.sample.generator import generate
from workbench.sample.load import write_sample
from workbench.store.master import open_master
from workbench.store.models import SourceRecord


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def test_a_backup_taken_while_an_import_runs_restores_with_all_or_none_of_it(tmp_path):
    master = open_master(tmp_path / "master.sqlite")
    sample = generate(6000, seed=11)
    written = write_sample(sample, tmp_path / "files")
    first, big = written[0], max(written, key=lambda p: p.stat().st_size)
    import_file(master, first)
    with master.session() as session:
        before = session.scalar(select(func.count(SourceRecord.id)))
    errors: list[BaseException] = []

    def importing() -> None:
        try:
            import_file(master, big, ImportOptions(source="big list"), workers=1)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    worker = threading.Thread(target=importing)
    worker.start()
    backups = []
    policy = BackupPolicy(tmp_path / "backups")
    while worker.is_alive() or not backups:
        backups.append(back_up(master, policy, out=tmp_path / f"during-{len(backups)}.sqlite").path)
        time.sleep(0.05)
    worker.join()
    assert not errors
    with master.session() as session:
        after = session.scalar(select(func.count(SourceRecord.id)))
    master.close()
    assert after > before

    counts = set()
    for backup in backups:
        target = tmp_path / "restored.sqlite"
        target.unlink(missing_ok=True)
        restore(target, backup, policy)
        assert integrity(target) == "ok"
        restored = open_master(target)
        with restored.session() as session:
            counts.add(session.scalar(select(func.count(SourceRecord.id))))
        restored.close()
    assert counts <= {before, after}, counts  # never part of the import


def test_restore_refuses_a_damaged_file_and_leaves_the_master_alone(jan_master, tmp_path, capsys):
    path, _files, _facts = jan_master
    good = tmp_path / "good.sqlite"
    assert cli.main(["--db", str(path), "backup", "--out", str(good)]) == 0
    data = bytearray(good.read_bytes())
    damaged = tmp_path / "damaged.sqlite"
    data[len(data) // 2: len(data) // 2 + 4096] = os.urandom(4096)
    damaged.write_bytes(bytes(data))
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(bytes(data[:10]))
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    size = path.stat().st_size
    for bad, message in ((damaged, "nothing was replaced"), (cut, "cut short"), (other, "not a customer master"),
                         (tmp_path / "none.sqlite", "no such backup file")):
        assert cli.main(["--db", str(path), "restore", str(bad)]) == 1
        error = capsys.readouterr().err
        assert message in error and error.count("\n") == 1, error
    assert path.stat().st_size == size and integrity(path) == "ok"
    master = open_master(path)
    try:
        assert len(jans(master)) == 1
    finally:
        master.close()


def test_restoring_an_older_backup_does_not_bring_back_someone_erased_since(jan_master, tmp_path, capsys,
                                                                          monkeypatch):
    path, files, _facts = jan_master
    monkeypatch.setenv("WORKBENCH_BACKUP_DIR", str(tmp_path / "backups"))
    assert cli.main(["--db", str(path), "backup"]) == 0
    [backup] = sorted((tmp_path / "backups").glob("*.sqlite"))
    assert cli.main(["--db", str(path), "erase", EMAILS[1]]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(path), "restore", str(backup)]) == 0
    said = capsys.readouterr().out
    assert "1 erasures made since the backup were made again" in said and "kept in" in said
    assert found_in(path, secrets_of_jan()) == []
    master = open_master(path)
    try:
        assert jans(master) == []
        assert import_file(master, files[2]).held_back == {"erased": 1}
    finally:
        master.close()


def test_a_master_changed_since_its_last_backup_is_told_apart(jan_master, tmp_path):
    path, files, _facts = jan_master
    policy = BackupPolicy(tmp_path / "backups")
    master = open_master(path)
    try:
        assert changed_since_last(master, policy)
        back_up(master, policy)
        assert not changed_since_last(master, policy)
        import_file(master, files[0])  # nothing new in it: still an import
        assert changed_since_last(master, policy)
    finally:
        master.close()


def test_the_automatic_backup_skips_an_empty_master_and_one_backed_up_already(jan_master, tmp_path):
    path, _files, _facts = jan_master
    policy = BackupPolicy(tmp_path / "backups")
    empty = open_master(tmp_path / "empty.sqlite")
    master = open_master(path)
    try:
        assert automatic(empty, policy) is None
        made = automatic(master, policy)
        assert made is not None and made.path.exists()
        assert automatic(master, policy) is None
        assert [p.name for p in (tmp_path / "backups").glob("*.sqlite")] == [made.path.name]
    finally:
        empty.close()
        master.close()


def test_seven_daily_and_four_weekly_backups_are_kept():
    start = datetime(2026, 3, 31, 22, 0)
    backups = [Backup(Path(f"b{i}-{h}"), start - timedelta(days=i, hours=h), {}) for i in range(60) for h in (0, 5)]
    kept = keep(backups, 7, 4)
    days = sorted({b.created_at.date() for b in kept}, reverse=True)
    assert len(kept) == 11
    assert [b.created_at for b in kept[:7]] == [start - timedelta(days=i) for i in range(7)]  # newest of each day
    weeks = [b.created_at.isocalendar()[:2] for b in kept[7:]]
    assert len(set(weeks)) == 4 and all(w < kept[6].created_at.isocalendar()[:2] for w in weeks)
    assert days[0] == start.date()


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot make a read-only folder here")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_read_only_backup_folder_is_one_line_and_exit_1(jan_master, read_only_folder, capsys, monkeypatch):
    path, _files, _facts = jan_master
    assert cli.main(["--db", str(path), "backup", "--out", str(read_only_folder / "b.sqlite")]) == 1
    error = capsys.readouterr().err
    assert "read-only" in error and error.count("\n") == 1, error
    monkeypatch.setenv("WORKBENCH_BACKUP_DIR", str(read_only_folder))
    assert cli.main(["--db", str(path), "backup"]) == 1
    assert "read-only" in capsys.readouterr().err
