"""Roles and relationship kinds: edits follow through to customers and segments, and undo."""

import pytest
from customer_factory import make_customer
from sqlalchemy import select

from workbench.definitions import relationships, roles, segments
from workbench.errors import WorkbenchError
from workbench.operations import run
from workbench.store.filters import CustomerFilter
from workbench.store.models import Customer, RelationshipKind, RoleDefinition, Segment


def role_id(session, name):
    return session.scalar(select(RoleDefinition.id).where(RoleDefinition.name == name))


def kind_id(session, name):
    return session.scalar(select(RelationshipKind.id).where(RelationshipKind.name == name))


def test_default_roles_and_kinds_are_there(master):
    with master.session() as session:
        assert roles.role_names(session) == ["buyer", "user", "decision maker", "influencer"]
        kinds = relationships.load_kinds(session)
    assert [k.name for k in kinds] == ["household member", "spouse/partner", "works for", "subsidiary of",
                                       "buys for"]
    works_for = kinds[2]
    assert (works_for.label_from(True), works_for.label_from(False)) == ("works for", "employs")
    assert kinds[1].label_from(False) == "spouse/partner"


def test_renaming_a_role_renames_it_on_customers_and_segments_and_undo_reverts(master):
    with master.transaction() as session:
        a = make_customer(session, first="Ada", roles=["buyer", "user"])
        b = make_customer(session, first="Bo", roles=["user"])
        session.add(Segment(name="Buyers", filter=CustomerFilter(roles=("buyer",)).to_json()))
    with master.session() as session:
        assert roles.role_counts(session) == {"buyer": 1, "user": 2}
        operation = roles.edit_role(session, role_id(session, "buyer"), "purchaser")
    outcome = run(master, operation)
    with master.session() as session:
        assert session.get(Customer, a.id).roles == ["purchaser", "user"]
        assert session.get(Customer, b.id).roles == ["user"]
        assert segments.segment_filter(session, "Buyers").roles == ("purchaser",)
        assert segments.count(session, segments.segment_filter(session, "Buyers")) == 1
    run(master, outcome.inverse, undoing=True)
    with master.session() as session:
        assert session.get(Customer, a.id).roles == ["buyer", "user"]
        assert segments.segment_filter(session, "Buyers").roles == ("buyer",)


def test_deleting_a_role_takes_it_off_customers_and_undo_gives_it_back(master):
    with master.transaction() as session:
        a = make_customer(session, first="Ada", roles=["buyer", "influencer"])
    with master.session() as session:
        outcome = run(master, roles.delete_role(session, role_id(session, "influencer")))
    with master.session() as session:
        assert session.get(Customer, a.id).roles == ["buyer"]
        assert "influencer" not in roles.role_names(session)
    run(master, outcome.inverse, undoing=True)
    with master.session() as session:
        assert session.get(Customer, a.id).roles == ["buyer", "influencer"]
        assert roles.role_names(session)[-1] == "influencer"


@pytest.mark.parametrize(("name", "message"), [("", "needs a name"), ("Buyer", "already a role"),
                                               ("r" * 101, "At most 100")])
def test_role_problems(sqlite_master, name, message):
    with sqlite_master.session() as session:
        assert message in roles.problems(session, name)["name"]


def test_adding_and_moving_roles(sqlite_master):
    with sqlite_master.session() as session:
        run(sqlite_master, roles.add_role(session, "caregiver", "Looks after a patient"))
    with sqlite_master.session() as session:
        caregiver = role_id(session, "caregiver")
        run(sqlite_master, roles.move_role(session, caregiver, -1))
        assert roles.move_role(session, role_id(session, "buyer"), -1) is None
    with sqlite_master.session() as session:
        assert roles.role_names(session)[-2:] == ["caregiver", "influencer"]


def test_relating_customers_and_seeing_it_from_both_ends(master):
    with master.transaction() as session:
        ada = make_customer(session, first="Ada", last="Lovelace")
        firm = make_customer(session, company="Analytical Engines Ltd")
        works_for = kind_id(session, "works for")
    with master.session() as session:
        outcome = run(master, relationships.add_relationship(session, works_for, ada.id, firm.id, "since 1843"))
    assert "relationships" in outcome.changed
    with master.session() as session:
        [from_ada] = relationships.relationships_of(session, ada.id)
        [from_firm] = relationships.relationships_of(session, firm.id)
        assert (from_ada.label, from_ada.other_name, from_ada.note) == ("works for", "Analytical Engines Ltd",
                                                                         "since 1843")
        assert (from_firm.label, from_firm.other_number) == ("employs", f"C-{ada.id:06d}")
        again = relationships.relation_problems(session, works_for, ada.id, firm.id)
        assert "already recorded" in again["other"]
        assert "themselves" in relationships.relation_problems(session, works_for, ada.id, ada.id)["other"]
        with pytest.raises(WorkbenchError, match="remove them first"):
            relationships.delete_kind(session, works_for)
        removal = relationships.remove_relationship(session, from_ada.id)
    undo_removal = run(master, removal).inverse
    with master.session() as session:
        assert relationships.relationships_of(session, ada.id) == []
    run(master, undo_removal, undoing=True)
    with master.session() as session:
        assert [r.label for r in relationships.relationships_of(session, ada.id)] == ["works for"]


def test_a_relationship_recorded_from_the_other_end(sqlite_master):
    with sqlite_master.transaction() as session:
        firm = make_customer(session, company="Analytical Engines Ltd")
        ada = make_customer(session, first="Ada")
        operation = relationships.add_relationship(session, kind_id(session, "works for"), firm.id, ada.id,
                                                   outgoing=False)
    run(sqlite_master, operation)
    with sqlite_master.session() as session:
        assert [r.label for r in relationships.relationships_of(session, firm.id)] == ["employs"]


def test_editing_a_kind(sqlite_master):
    with sqlite_master.session() as session:
        operation = relationships.edit_kind(session, kind_id(session, "buys for"), "purchases for",
                                            "has purchaser", False)
    run(sqlite_master, operation)
    with sqlite_master.session() as session:
        kind = session.get(RelationshipKind, kind_id(session, "purchases for"))
        assert (kind.inverse_name, kind.symmetric) == ("has purchaser", False)
        assert "already a kind" in relationships.kind_problems(session, "Works For", None, False)["name"]
        operation = relationships.add_kind(session, "neighbour of", "ignored", True)
    run(sqlite_master, operation)
    with sqlite_master.session() as session:
        assert session.get(RelationshipKind, kind_id(session, "neighbour of")).inverse_name is None
