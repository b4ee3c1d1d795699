"""Erasure that sticks: nothing of the person is left in the files, and no re-import brings them back."""

from __future__ import annotations

import pytest
from privacy_data import EMAILS, SURNAME, found_in, secrets_of_jan
from privacy_master import jans
from sqlalchemy import select

from workbench import cli
from workbench.errors import WorkbenchError
from workbench.ingest.importer import import_file
from workbench.ingest.plan import ImportOptions
from workbench.stewardship.unmerge import unmerge
from workbench.store.master import open_master
from workbench.store.models import AuditEntry, Suppression


def test_erasing_a_person_held_in_five_sources_leaves_no_byte_of_them_and_reimport_holds_them_back(
        jan_master, capsys):
    path, files, facts = jan_master
    secrets = secrets_of_jan()
    assert found_in(path, secrets), "the master held Jan before the erasure"

    assert cli.main(["--db", str(path), "erase", EMAILS[0], "--reason", "request by letter"]) == 0
    said = capsys.readouterr().out
    assert "Erased" in said and "5 source records" in said and "ask those systems to erase them too" in said

    wal = path.with_name(path.name + "-wal")
    assert found_in(path, secrets) == []
    assert found_in(wal, secrets) == []

    master = open_master(path)
    try:
        assert jans(master) == []
        with master.session() as session:
            erased = session.scalars(select(AuditEntry).where(AuditEntry.action == "erase")).one()
            assert erased.entity_id == facts["survivor"] and erased.reason == "request by letter"
            assert session.scalar(select(Suppression.id).where(Suppression.reason == "erased")) is not None
        with pytest.raises(WorkbenchError, match="erased on"):
            master.write(lambda s: unmerge(s, facts["merge"]))
        for file in files:
            result = import_file(master, file, ImportOptions(region="DE"))
            assert result.held_back == {"erased": 1}, file.name
            assert result.counts.held_back == 1
        assert jans(master) == []
    finally:
        master.close()

    assert cli.main(["--db", str(path), "import", str(files[0]), "--region", "DE"]) == 0
    assert "held back: erased 1" in capsys.readouterr().out
    assert found_in(path, [SURNAME.lower().encode()]) == []


def test_a_dry_run_erases_nothing_and_says_what_would_go(jan_master, capsys):
    path, _files, _facts = jan_master
    assert cli.main(["--db", str(path), "erase", f"{SURNAME}", "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "Dry run" in said and "5 source records" in said
    master = open_master(path)
    try:
        assert len(jans(master)) == 1
    finally:
        master.close()


@pytest.mark.parametrize("query, message", [
    ("nobody@nowhere.example", "no customer matches"),
    ("Przyby", "matches 5 customers"),
    ("C-999999", "no customer matches"),
])
def test_a_query_that_names_nobody_or_several_is_one_line_and_exit_1(jan_master, capsys, query, message):
    path, _files, _facts = jan_master
    assert cli.main(["--db", str(path), "erase", query]) == 1
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
