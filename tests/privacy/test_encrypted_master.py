"""An encrypted master: no readable customer data in its files or its backups."""

from __future__ import annotations

import sys

import pytest
from privacy_data import EMAILS, five_files, found_in

from workbench import cli
from workbench.store import encryption

needs_extra = pytest.mark.skipif(not encryption.available(), reason="the encryption extra is not installed")


@needs_extra
def test_an_encrypted_master_and_its_backup_hold_no_plain_email(tmp_path, monkeypatch, capsys):
    files = five_files(tmp_path / "files")
    path = tmp_path / "secret.sqlite"
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "correct horse battery staple")
    for file in files:
        assert cli.main(["--db", str(path), "import", str(file), "--region", "DE"]) == 0
    assert cli.main(["--db", str(path), "match"]) == 0
    assert cli.main(["--db", str(path), "backup", "--out", str(tmp_path / "b.sqlite")]) == 0
    capsys.readouterr()
    secrets = [e.lower().encode() for e in EMAILS] + [b"przybyszewski", b"sqlite format 3"]
    for name in ("secret.sqlite", "secret.sqlite-wal", "b.sqlite"):
        assert found_in(tmp_path / name, secrets) == [], name
    assert encryption.is_encrypted(path) and encryption.is_encrypted(tmp_path / "b.sqlite")

    assert cli.main(["--db", str(path), "subject-export", EMAILS[1], "--out", str(tmp_path / "jan.zip")]) == 0
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "wrong")
    assert cli.main(["--db", str(path), "info"]) == 1
    error = capsys.readouterr().err
    assert "wrong passphrase" in error and error.count("\n") == 1
    monkeypatch.delenv("WORKBENCH_PASSPHRASE")
    assert cli.main(["--db", str(path), "info"]) == 1
    error = capsys.readouterr().err
    assert "encrypted" in error and error.count("\n") == 1


def test_without_the_extra_a_new_encrypted_master_is_one_line_and_no_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # as on a machine without a sqlcipher3 wheel
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    assert not encryption.available()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "correct horse battery staple")
    files = five_files(tmp_path / "files")
    path = tmp_path / "secret.sqlite"
    assert cli.main(["--db", str(path), "import", str(files[0]), "--region", "DE"]) == 1
    error = capsys.readouterr().err
    assert "encryption extra" in error and error.count("\n") == 1
    assert not path.exists()


@needs_extra
def test_an_encrypted_master_of_an_older_version_is_upgraded_and_rebuilt_still_encrypted(tmp_path, monkeypatch,
                                                                                          caplog):
    from alembic import command

    from workbench.store.master import open_master
    from workbench.store.migrate import alembic_config
    from workbench.store.models import SourceRecord

    files = five_files(tmp_path / "files")
    path = tmp_path / "secret.sqlite"
    passphrase = "correct horse battery staple"
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", passphrase)
    assert cli.main(["--db", str(path), "import", str(files[0]), "--region", "DE"]) == 0
    master = open_master(path, passphrase=passphrase)
    try:
        with master.session() as session:
            before = sorted((r.source_key, r.record_hash, tuple(r.raw.items())) for r in session.query(SourceRecord))
        command.downgrade(alembic_config(master.engine), "0904")  # as a master of the version before
    finally:
        master.close()
    master = open_master(path, passphrase=passphrase)  # upgraded, then rebuilt through SQLCipher
    try:
        with master.session() as session:
            after = sorted((r.source_key, r.record_hash, tuple(r.raw.items())) for r in session.query(SourceRecord))
    finally:
        master.close()
    assert after == before and len(after) > 3
    assert "not rebuilt" not in caplog.text
    assert encryption.is_encrypted(path)
    assert found_in(path, [e.lower().encode() for e in EMAILS] + [b"sqlite format 3"]) == []
