"""Opt-outs and do-not-contact survive merges, unmerges and re-imports."""

from __future__ import annotations

from pathlib import Path

from privacy_data import write
from sqlalchemy import select

from workbench.definitions.customer_draft import draft_of
from workbench.definitions.customer_edit import EditCustomer, load_customer
from workbench.ingest.importer import import_file
from workbench.ingest.plan import ImportOptions
from workbench.operations import run
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.unmerge import unmerge
from workbench.store.models import Customer, Email

HEADER = ["Customer ID", "First Name", "Last Name", "Email", "Phone", "Accepts Marketing"]


def shop(folder: Path, name: str, rows: list[list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write(folder / name, HEADER, rows)


def holders(master, address: str) -> list[Customer]:
    with master.session() as session:
        ids = session.scalars(select(Email.customer_id).where(Email.normalized == address))
        return list(session.scalars(select(Customer).where(Customer.id.in_(list(ids)),
                                                           Customer.merged_into_id.is_(None))))


def edit(master, customer_id: int, **fields) -> None:
    with master.session() as session:
        before = draft_of(load_customer(session, customer_id))
    run(master, EditCustomer(customer_id, before, before.with_fields(**fields), reason="asked by phone"))


def two_records_of_ida(master, tmp_path: Path) -> list[int]:
    import_file(master, shop(tmp_path, "webshop.csv", [["1", "Ida", "Kraus", "ida@example.de", "", "yes"]]))
    import_file(master, shop(tmp_path, "till.csv", [["9", "Ida", "Kraus", "ida@example.de", "0171 2223334", "yes"]]),
                ImportOptions(region="DE"))
    ids = [c.id for c in holders(master, "ida@example.de")]
    assert len(ids) == 2
    return ids


def test_an_opt_out_and_do_not_contact_survive_a_merge(sqlite_master, tmp_path):
    a, b = two_records_of_ida(sqlite_master, tmp_path)
    edit(sqlite_master, b, marketing_consent="unsubscribed", do_not_contact=True)
    merged = sqlite_master.write(lambda s: merge_customers(s, MergeRequest([a, b], survivor_id=a)))
    [ida] = holders(sqlite_master, "ida@example.de")
    assert ida.id == merged.survivor_id == a
    assert (ida.marketing_consent, ida.do_not_contact) == ("unsubscribed", True)


def test_an_opt_out_said_after_a_merge_stays_with_everyone_the_unmerge_gives_back(sqlite_master, tmp_path):
    a, b = two_records_of_ida(sqlite_master, tmp_path)
    merged = sqlite_master.write(lambda s: merge_customers(s, MergeRequest([a, b])))
    edit(sqlite_master, merged.survivor_id, marketing_consent="unsubscribed", do_not_contact=True)
    sqlite_master.write(lambda s: unmerge(s, merged.event_id))
    both = holders(sqlite_master, "ida@example.de")
    assert sorted(c.id for c in both) == [a, b]
    assert {(c.marketing_consent, c.do_not_contact) for c in both} == {("unsubscribed", True)}


def test_an_opt_out_before_the_merge_stays_with_the_record_that_said_it(sqlite_master, tmp_path):
    a, b = two_records_of_ida(sqlite_master, tmp_path)
    edit(sqlite_master, b, marketing_consent="unsubscribed")
    merged = sqlite_master.write(lambda s: merge_customers(s, MergeRequest([a, b], survivor_id=a)))
    sqlite_master.write(lambda s: unmerge(s, merged.event_id))
    consent = {c.id: c.marketing_consent for c in holders(sqlite_master, "ida@example.de")}
    assert consent == {a: "granted", b: "unsubscribed"}


def test_a_reimport_of_an_old_file_does_not_undo_an_opt_out(sqlite_master, tmp_path):
    import_file(sqlite_master, shop(tmp_path, "webshop.csv", [["1", "Ida", "Kraus", "ida@example.de", "", "yes"]]))
    [ida] = holders(sqlite_master, "ida@example.de")
    edit(sqlite_master, ida.id, marketing_consent="unsubscribed")
    # the same export again, and a newer one in which the shop still says yes
    import_file(sqlite_master, tmp_path / "webshop.csv")
    newer = shop(tmp_path / "later", "webshop.csv", [["1", "Ida", "Kraus-Berg", "ida@example.de", "", "yes"]])
    assert import_file(sqlite_master, newer).counts.updated == 1
    [ida] = holders(sqlite_master, "ida@example.de")
    assert ida.marketing_consent == "unsubscribed"
    # an old list from another system: a new record of Ida arrives opted out
    result = import_file(sqlite_master, shop(tmp_path, "old-newsletter.csv",
                                             [["77", "Ida", "Kraus", "IDA@example.de", "", "yes"]]))
    assert result.opt_outs_kept == 1 and result.counts.new == 1
    assert {c.marketing_consent for c in holders(sqlite_master, "ida@example.de")} == {"unsubscribed"}


def test_a_do_not_contact_person_is_held_back_from_another_list_until_the_flag_is_lifted(sqlite_master, tmp_path):
    import_file(sqlite_master, shop(tmp_path, "webshop.csv", [["1", "Ida", "Kraus", "ida@example.de", "", "yes"],
                                                              ["2", "Bo", "Lund", "bo@example.se", "", "yes"]]))
    [ida] = holders(sqlite_master, "ida@example.de")
    edit(sqlite_master, ida.id, do_not_contact=True)
    fair = shop(tmp_path, "fair.csv", [["5", "I.", "Kraus", "ida@example.de", "", "yes"],
                                       ["6", "Eva", "Ek", "eva@example.se", "", "yes"]])
    result = import_file(sqlite_master, fair)
    assert result.held_back == {"do not contact": 1} and result.held_back_rows == [{"row": 2,
                                                                                    "reason": "do not contact"}]
    assert result.counts.new == 1 and len(holders(sqlite_master, "ida@example.de")) == 1
    # the same source again is no new person: its own record of Ida is updated as usual
    again = import_file(sqlite_master, tmp_path / "webshop.csv")
    assert again.counts.unchanged == 2 and again.counts.held_back == 0

    edit(sqlite_master, ida.id, do_not_contact=False)
    lifted = import_file(sqlite_master, fair)
    assert lifted.counts.held_back == 0 and lifted.counts.new == 1
