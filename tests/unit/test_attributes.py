"""Attribute definitions in a master: loose keys, promotion with violations, rename, retire."""

import pytest
from sqlalchemy import select

from workbench.definitions import attributes, segments
from workbench.definitions.attribute_types import AttributeSpec
from workbench.errors import WorkbenchError
from workbench.operations import run
from workbench.store.filters import CustomerFilter
from workbench.store.models import AttributeDefinition, Customer, Segment


def add(session, attrs, **columns):
    customer = Customer(attributes=attrs, display_name="x", sort_name="x", search_text="", **columns)
    session.add(customer)
    session.flush()
    return customer.id


@pytest.fixture
def loose(master):
    """Imported customers with a loose 'Loyalty' column, some of its values not what a choice allows."""
    with master.transaction() as session:
        ids = {
            "gold": add(session, {"Loyalty": "gold", "Newsletter topic": "shoes"}),
            "silver": add(session, {"Loyalty": "Silver"}),
            "typo": add(session, {"Loyalty": "goldd"}),
            "blank": add(session, {"Loyalty": " "}),
            "none": add(session, {}),
        }
        add(session, {"Loyalty": "platinum"}, merged_into_id=ids["gold"])  # merged away: not counted
    return ids


def test_loose_attributes_are_listed_with_counts_and_examples(master, loose):
    with master.session() as session:
        found = attributes.loose_attributes(session)
    assert [(a.name, a.count) for a in found] == [("Loyalty", 4), ("Newsletter topic", 1)]
    assert found[0].examples == ["gold", "Silver", "goldd"]


def test_promotion_defines_the_key_and_lists_every_violation_without_changing_values(master, loose):
    with master.session() as session:
        operation = attributes.promote(session, "Loyalty", {"label": "Loyalty tier", "type": "choice",
                                                            "choices": ["gold", "silver"], "required": True})
    run(master, operation)
    with master.session() as session:
        assert [a.name for a in attributes.loose_attributes(session)] == ["Newsletter topic"]
        spec = next(s for s in attributes.load_specs(session) if s.name == "Loyalty")
        assert (spec.label, spec.type, spec.choices) == ("Loyalty tier", "choice", ("gold", "silver"))
        report = attributes.validate_attribute(session, spec)
        stored = dict(session.execute(select(Customer.id, Customer.attributes)).all())
    assert (report.customers, report.filled, report.valid, report.invalid) == (5, 3, 2, 1)
    assert report.missing_required == 2  # the blank one and the one without the key
    assert [(v.customer_id, v.value) for v in report.violations] == [(loose["typo"], "goldd")]
    assert "not an allowed value" in report.violations[0].problem
    assert stored[loose["typo"]] == {"Loyalty": "goldd"} and stored[loose["silver"]] == {"Loyalty": "Silver"}


def test_promoting_a_key_nobody_has_is_refused(master, loose):
    with master.session() as session, pytest.raises(WorkbenchError, match="no customer has"):
        attributes.promote(session, "Shoe size", {"type": "number"})


def test_renaming_the_key_moves_values_and_segments_and_undo_moves_them_back(master, loose):
    with master.transaction() as session:
        session.add(Segment(name="Gold", filter=CustomerFilter(attributes=(("Loyalty", "gold"),)).to_json()))
    with master.session() as session:
        run(master, attributes.promote(session, "Loyalty", {"type": "text"}))
    with master.session() as session:
        attribute_id = session.scalar(select(AttributeDefinition.id))
        operation = attributes.edit_attribute(session, attribute_id, {"name": "tier", "label": "Tier",
                                                                      "type": "text"})
    outcome = run(master, operation)
    with master.session() as session:
        assert session.get(Customer, loose["gold"]).attributes == {"tier": "gold", "Newsletter topic": "shoes"}
        assert segments.segment_filter(session, "gold").attributes == (("tier", "gold"),)
        assert segments.count(session, segments.segment_filter(session, "Gold")) == 1
    run(master, outcome.inverse, undoing=True)
    with master.session() as session:
        assert session.get(Customer, loose["gold"]).attributes["Loyalty"] == "gold"
        assert segments.segment_filter(session, "Gold").attributes == (("Loyalty", "gold"),)
        assert session.get(AttributeDefinition, attribute_id).name == "Loyalty"


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"name": ""}, "name", "needs a key"),
    ({"name": 'say "hi"'}, "name", "cannot contain"),
    ({"name": "loyalty"}, "name", "already an attribute"),
    ({"name": "size", "type": "choice", "choices": []}, "choices", "allowed values"),
    ({"name": "size", "type": "choice", "choices": ["S", "s"]}, "choices", "only once"),
    ({"name": "code", "pattern": "K-(\\d"}, "pattern", "Not a valid pattern"),
    ({"name": "x", "type": "colour"}, "type", "Unknown type"),
])
def test_definition_problems(master, loose, values, field, message):
    with master.session() as session:
        run(master, attributes.promote(session, "Loyalty", {"type": "text"}))
    with master.session() as session:
        found = attributes.definition_problems(session, values)
    assert message in found[field]


def test_a_key_already_used_by_customers_cannot_be_taken_by_a_rename(master, loose):
    with master.session() as session:
        run(master, attributes.promote(session, "Loyalty", {"type": "text"}))
    with master.session() as session:
        attribute_id = session.scalar(select(AttributeDefinition.id))
        found = attributes.definition_problems(session, {"name": "Newsletter topic"}, attribute_id)
    assert "already have values" in found["name"]


def test_retire_keeps_values_and_a_used_attribute_cannot_be_deleted(master, loose):
    with master.session() as session:
        run(master, attributes.promote(session, "Loyalty", {"type": "text", "required": True}))
    with master.session() as session:
        attribute_id = session.scalar(select(AttributeDefinition.id))
        with pytest.raises(WorkbenchError, match="retire it instead"):
            attributes.delete_attribute(session, attribute_id)
        operation = attributes.set_retired(session, attribute_id, True)
    run(master, operation)
    with master.session() as session:
        spec = attributes.load_specs(session)[0]
        assert spec.retired and [s.name for s in attributes.load_specs(session, include_retired=False)] == []
        assert attributes.validate_attribute(session, spec).missing_required == 0
        assert session.get(Customer, loose["gold"]).attributes["Loyalty"] == "gold"


def test_an_unused_definition_can_be_deleted_and_undo_brings_it_back(master):
    with master.session() as session:
        run(master, attributes.add_attribute(session, {"name": "shoe_size", "label": "Shoe size",
                                                       "type": "number"}))
    with master.session() as session:
        attribute_id = session.scalar(select(AttributeDefinition.id))
        outcome = run(master, attributes.delete_attribute(session, attribute_id))
    run(master, outcome.inverse, undoing=True)
    with master.session() as session:
        assert session.get(AttributeDefinition, attribute_id).label == "Shoe size"


def test_validation_reads_values_of_every_type(sqlite_master):
    with sqlite_master.transaction() as session:
        add(session, {"visits": "12"})
        add(session, {"visits": "twelve"})
        add(session, {"visits": 3})
    with sqlite_master.session() as session:
        report = attributes.validate_attribute(session, AttributeSpec("visits", type="number"))
    assert (report.filled, report.valid, report.invalid) == (3, 2, 1)
    assert report.violations[0].value == "twelve"
