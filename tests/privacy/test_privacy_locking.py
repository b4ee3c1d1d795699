"""An erasure and a restore wait for other writers as every write unit does, and give up in one line."""

from __future__ import annotations

import threading
import time

from privacy_data import EMAILS
from privacy_master import jans

from workbench import cli
from workbench.store.master import open_master


def test_an_erasure_and_a_restore_give_up_on_a_busy_master_in_one_line_and_change_nothing(
        jan_master, tmp_path, capsys, monkeypatch):
    path, _files, _facts = jan_master
    good = tmp_path / "good.sqlite"
    assert cli.main(["--db", str(path), "backup", "--out", str(good)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("WORKBENCH_BUSY_WAIT", "0.5")
    monkeypatch.setenv("WORKBENCH_BACKUP_DIR", str(tmp_path / "backups"))
    holder = open_master(path)
    try:
        with holder.activity("an import of shop-export.csv"), holder.transaction():
            for command in (["erase", EMAILS[0]], ["restore", str(good)]):
                assert cli.main(["--db", str(path), *command]) == 1, command
                # A command that has to wait says so first; that line is no error.
                error = "".join(line for line in capsys.readouterr().err.splitlines(keepends=True)
                                if not line.startswith("workbench: Waiting:"))
                assert error.count("\n") == 1 and "gave up" in error, error
                assert "an import of shop-export.csv" in error, error
        assert len(jans(holder)) == 1
    finally:
        holder.close()


def test_an_erasure_goes_on_once_the_writer_before_it_has_committed(jan_master, capsys):
    path, _files, _facts = jan_master
    holder = open_master(path)
    released = threading.Event()

    def hold() -> None:
        with holder.transaction():
            released.set()
            time.sleep(0.8)

    thread = threading.Thread(target=hold)
    try:
        thread.start()
        released.wait(5)
        started = time.monotonic()
        assert cli.main(["--db", str(path), "erase", EMAILS[0]]) == 0
        assert time.monotonic() - started >= 0.5
        thread.join()
        assert "Erased" in capsys.readouterr().out
        assert jans(holder) == []
    finally:
        thread.join()
        holder.close()


def test_an_import_that_waits_for_an_erasure_names_the_erasure_not_itself(jan_master, capsys, monkeypatch):
    path, files, _facts = jan_master
    monkeypatch.setenv("WORKBENCH_BUSY_WAIT", "0.5")
    holder = open_master(path)
    try:
        with holder.transaction(), holder.activity("an erasure"):
            assert cli.main(["--db", str(path), "import", str(files[0]), "--region", "DE"]) == 1
            error = capsys.readouterr().err
            assert "busy with an erasure" in error and "an import of" not in error, error
    finally:
        holder.close()
