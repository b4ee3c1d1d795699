"""Erasure on SQLite and PostgreSQL alike: the person's rows go; what the database can and cannot
promise about the bytes is said."""

from __future__ import annotations

from customer_factory import make_customer
from sqlalchemy import func, select

from workbench.privacy import erasure
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.store.models import AuditEntry, Customer, Email, MergeEvent, Suppression


def test_an_erasure_removes_the_person_on_either_database(master):
    ids = master.write(lambda s: [make_customer(s, first="Ola", last="Nordmann", emails=("ola@example.no",),
                                                phones=(("+47 412 34 567", "mobile"),)).id,
                                  make_customer(s, first="Ola", last="Nordman", emails=("ola@example.no",)).id,
                                  make_customer(s, first="Kari", last="Hansen", emails=("kari@example.no",)).id])
    merged = master.write(lambda s: merge_customers(s, MergeRequest(ids[:2])))
    result = erasure.erase(master, [merged.survivor_id], reason="asked")
    with master.session() as session:
        assert session.scalar(select(func.count(Customer.id))) == 1
        assert session.scalar(select(func.count(Email.id))) == 1
        assert session.scalar(select(func.count(MergeEvent.id))) == 0
        assert session.scalar(select(func.count(Suppression.id)).where(Suppression.reason == "erased")) == 2
        erased = session.scalars(select(AuditEntry).where(AuditEntry.action == "erase")).one()
        assert erased.details["merge_events"] == [merged.event_id]
        for entry in session.scalars(select(AuditEntry).where(AuditEntry.entity_id.in_(ids[:2]),
                                                              AuditEntry.action != "erase")):
            assert entry.old_value is None and entry.new_value is None
    if master.is_sqlite:
        assert result.wipe.complete
    else:
        assert any("VACUUM" in step for step in result.wipe.steps)
        assert any("does not overwrite" in note for note in result.wipe.notes)
