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
