"""Building the master that holds Jan Przybyszewski in five sources, merged, with history and an export."""

from __future__ import annotations

from pathlib import Path

from privacy_data import EMAILS, PHONES, five_files
from sqlalchemy import or_, select

from workbench.definitions.customer_draft import draft_of
from workbench.definitions.customer_edit import EditCustomer, load_customer
from workbench.definitions.relationships import add_relationship, load_kinds
from workbench.export.run import ExportRequest, export_customers
from workbench.ingest.importer import import_file
from workbench.ingest.plan import ImportOptions
from workbench.matching import run_matching
from workbench.operations import run
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.unmerge import unmerge
from workbench.store.master import Master, open_master
from workbench.store.models import Customer, Email, Phone


def jans(master: Master) -> list[int]:
    """Every golden customer holding one of Jan's addresses or numbers."""
    with master.session() as session:
        ids = set(session.scalars(select(Email.customer_id).where(Email.normalized.in_([e.lower() for e in EMAILS]))))
        ids |= set(session.scalars(select(Phone.customer_id).where(or_(*(Phone.number == p for p in PHONES)))))
        return sorted(session.scalars(select(Customer.id).where(Customer.id.in_(ids),
                                                                Customer.merged_into_id.is_(None))))


def build(folder: Path) -> tuple[Path, list[Path], dict]:
    files = five_files(folder / "files")
    path = folder / "master.sqlite"
    master = open_master(path)
    try:
        for file in files:
            import_file(master, file, ImportOptions(region="DE"))
        run_matching(master)
        ids = jans(master)
        assert len(ids) == 5, ids
        first = master.write(lambda s: merge_customers(s, MergeRequest(ids[:2])))
        master.write(lambda s: unmerge(s, first.event_id, reason="checking"))
        merged = master.write(lambda s: merge_customers(s, MergeRequest(ids)))
        with master.session() as session:
            customer = load_customer(session, merged.survivor_id)
            before = draft_of(customer)
            kind = load_kinds(session)[0].id
            maria = session.scalar(select(Email.customer_id).where(Email.normalized == "maria.lindqvist@example.com"))
        run(master, EditCustomer(merged.survivor_id, before, before.with_fields(notes="Prefers calls after 6"),
                                 reason="asked on the phone"))
        with master.session() as session:
            relate = add_relationship(session, kind, merged.survivor_id, maria, note="neighbours")
        run(master, relate)
        export_customers(master, ExportRequest(preset="csv"), folder / "everyone.csv")
    finally:
        master.close()
    return path, files, {"survivor": merged.survivor_id, "ids": ids, "merge": merged.event_id,
                         "undone_merge": first.event_id}
