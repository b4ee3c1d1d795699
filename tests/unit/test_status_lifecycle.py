"""Lifecycle statuses follow the data: set by an import, recomputed by a merge, restored by an unmerge."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from sqlalchemy import select

from workbench.ingest.importer import import_file
from workbench.operations import run
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.ops import UnmergeOperation
from workbench.store.models import Customer, MergeEvent


def _statuses(master) -> dict[str, str | None]:
    with master.session() as session:
        return {c.primary_email: c.status for c in session.scalars(
            select(Customer).where(Customer.merged_into_id.is_(None)))}


def test_import_merge_and_unmerge_keep_statuses_true(tmp_path, master):
    recent = (date.today() - timedelta(days=20)).isoformat()
    long_ago = (date.today() - timedelta(days=900)).isoformat()
    path = tmp_path / "webshop.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Email", "First name", "Last name", "Created at", "Last order", "Orders"])
        writer.writerow(["ann@example.org", "Ann", "Lee", long_ago, recent, "3"])
        writer.writerow(["bo@example.org", "Bo", "Lind", long_ago, long_ago, "1"])
        writer.writerow(["cy@example.org", "Cy", "Moss", recent, "", "0"])
    import_file(master, path)
    assert _statuses(master) == {"ann@example.org": "customer", "bo@example.org": "former customer",
                                 "cy@example.org": "new prospect"}

    with master.session() as session:
        ids = {c.primary_email: c.id for c in session.scalars(select(Customer))}
    with master.transaction() as session:  # the prospect turns out to be the recent buyer
        merge_customers(session, MergeRequest([ids["cy@example.org"], ids["ann@example.org"]],
                                               survivor_id=ids["cy@example.org"]))
    assert _statuses(master) == {"cy@example.org": "customer", "bo@example.org": "former customer"}

    with master.session() as session:
        event_id = session.scalar(select(MergeEvent.id))
    run(master, UnmergeOperation(event_id))
    assert _statuses(master) == {"ann@example.org": "customer", "bo@example.org": "former customer",
                                 "cy@example.org": "new prospect"}


def test_every_chunk_of_a_big_import_gets_statuses_and_a_newer_export_updates_them(tmp_path, master, monkeypatch):
    from workbench.ingest.loader import CHUNK

    monkeypatch.setattr("workbench.ingest.bulk.BULK_INDEX_ROWS", 1)  # as a big import: most indexes built at the end

    recent = (date.today() - timedelta(days=20)).isoformat()
    long_ago = (date.today() - timedelta(days=900)).isoformat()

    def export(rows_with_recent_order: set[int]):
        path = tmp_path / "shop.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Id", "Email", "Created at", "Last order", "Orders"])
            for i in range(CHUNK * 2 + 7):
                writer.writerow([f"K{i}", f"p{i}@example.org", long_ago,
                                 recent if i in rows_with_recent_order else long_ago, "2"])
        return path

    import_file(master, export({3}), workers=0)
    statuses = _statuses(master)
    assert len(statuses) == CHUNK * 2 + 7
    assert statuses["p3@example.org"] == "customer"
    assert {s for e, s in statuses.items() if e != "p3@example.org"} == {"former customer"}

    result = import_file(master, export({3, CHUNK * 2 + 1}), workers=0)  # one more came back and bought
    assert result.counts.updated == 1
    assert _statuses(master)[f"p{CHUNK * 2 + 1}@example.org"] == "customer"
