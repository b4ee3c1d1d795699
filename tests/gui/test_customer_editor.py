"""The customer editor: validation as you type, saving as one undo step, relationships, conflicts."""

import pytest
import shiboken6
from definitions_gui_support import (
    answer_yes,
    capture_warnings,
    customers_column,
    make_window,
    open_editor,
    seed,
    wait_idle,
)
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from workbench.definitions import attributes
from workbench.definitions.relationships import relationships_of
from workbench.operations import run
from workbench.store.models import AuditEntry, Customer
from workbench.ui.customer_editor.dialog import CustomerEditor
from workbench.ui.customers_model import COL_EMAIL, COL_NAME, COL_STATUS


@pytest.fixture
def window(qtbot, master, tmp_path):
    ids = seed(master)
    window = make_window(qtbot, master, tmp_path)
    window.ids = ids
    return window


def closed(editor) -> bool:
    return not shiboken6.isValid(editor) or not editor.isVisible()  # it deletes itself once closed


def save_button(editor):
    return editor.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_edit_a_customer_then_undo_and_redo(qtbot, window):
    editor = open_editor(qtbot, window, window.ids["recent"])
    assert not save_button(editor).isEnabled() and "No changes" in editor.summary.text()
    editor.details.widgets["last_name"].setText("Weber")
    editor.emails.add_blank()
    editor.emails.rows[-1].address.setText("zoe.weber@example.com")
    editor.emails.rows[-1].primary.setChecked(True)
    editor.reason.setText("married; new address given on the phone")
    assert save_button(editor).isEnabled()
    save_button(editor).click()
    wait_idle(qtbot, window)
    assert closed(editor)

    page = window.customers_page
    assert "Zoë Weber" in customers_column(window, COL_NAME)
    assert "zoe.weber@example.com" in customers_column(window, COL_EMAIL)
    page.search.setText("weber")
    page.apply_search()
    wait_idle(qtbot, window)
    assert page.model.rowCount() == 1
    assert window.undo_stack.undoText() == f"Edit C-{window.ids['recent']:06d}"
    with window.master.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.field == "last_name"))
        assert (entry.old_value, entry.new_value, entry.reason) == ("Müller-Lüdenscheidt", "Weber",
                                                                   "married; new address given on the phone")

    window.undo_action.trigger()
    wait_idle(qtbot, window)
    assert page.model.rowCount() == 0  # the search for "weber" finds nobody any more
    page.search.setText("")
    page.apply_search()
    wait_idle(qtbot, window)
    assert "Zoë Müller-Lüdenscheidt" in customers_column(window, COL_NAME)
    assert "zoe.weber@example.com" not in customers_column(window, COL_EMAIL)
    window.redo_action.trigger()
    wait_idle(qtbot, window)
    assert "Zoë Weber" in customers_column(window, COL_NAME)


def test_problems_show_as_you_type_and_block_saving(qtbot, window):
    editor = open_editor(qtbot, window, window.ids["recent"])
    editor.emails.rows[0].address.setText("zoe@")
    problem = editor.emails.rows[0].problem
    assert not problem.isHidden() and "after the @-sign" in problem.text()
    assert editor.tabs.tabText(1) == "Contact (1)" and not save_button(editor).isEnabled()
    editor.details.widgets["birth_date"].setText("31.02.1984")
    assert "Not a date" in editor.details.problems["birth_date"].text()
    assert editor.tabs.tabText(0) == "Details (1)" and "2 problems" in editor.summary.text()
    editor.emails.rows[0].address.setText("zoe@example.de")
    editor.details.widgets["birth_date"].setText("29.02.1984")
    assert problem.isHidden() and editor.tabs.tabText(0) == "Details"
    assert save_button(editor).isEnabled()


def test_status_override_needs_a_reason_and_shows_in_the_list(qtbot, window):
    editor = open_editor(qtbot, window, window.ids["old"])
    form = editor.status_roles
    form.override.setCurrentIndex(form.override.findData("customer"))
    assert "Say why" in form.reason_problem.text() and not save_button(editor).isEnabled()
    form.reason.setText("orders by phone, not in the shop")
    for name, box in form.role_boxes:
        box.setChecked(name in ("buyer", "decision maker"))
    save_button(editor).click()
    wait_idle(qtbot, window)
    statuses = dict(zip(customers_column(window, COL_NAME), customers_column(window, COL_STATUS), strict=True))
    assert statuses["Åsa Lindqvist"] == "Customer"
    with window.master.session() as session:
        customer = session.get(Customer, window.ids["old"])
        assert (customer.status, customer.status_override, customer.roles) == (
            "former customer", "customer", ["buyer", "decision maker"])


def test_attributes_are_edited_by_their_type(qtbot, window):
    with window.master.session() as session:
        run(window.master, attributes.add_attribute(session, {"name": "tier", "label": "Tier", "type": "choice",
                                                              "choices": ["gold", "silver"], "required": True}))
        run(window.master, attributes.add_attribute(session, {"name": "channels", "label": "Channels",
                                                              "type": "multi-choice",
                                                              "choices": ["e-mail", "post"]}))
    editor = open_editor(qtbot, window, window.ids["prospect"])
    form = editor.attributes
    editor.details.widgets["job_title"].setText("Einkauf")
    assert "Required" in form.problems["tier"].text() and not save_button(editor).isEnabled()
    form.widgets["tier"].setCurrentIndex(form.widgets["tier"].findData("silver"))
    for choice, box in form.widgets["channels"].boxes:
        box.setChecked(choice == "post")
    assert save_button(editor).isEnabled()
    save_button(editor).click()
    wait_idle(qtbot, window)
    with window.master.session() as session:
        assert session.get(Customer, window.ids["prospect"]).attributes == {"tier": "silver", "channels": ["post"]}


def test_relationships_are_added_and_removed_with_the_edit(qtbot, window):
    editor = open_editor(qtbot, window, window.ids["partner"])
    relations = editor.relations
    relations.kind.setCurrentIndex(relations.kind.findText("spouse/partner"))
    relations.search.setText("zoë")
    relations.find()
    wait_idle(qtbot, window)
    assert relations.found.count() == 1 and "Zoë Müller-Lüdenscheidt" in relations.found.currentText()
    relations.add_pending()
    wait_idle(qtbot, window)
    assert relations.added and save_button(editor).isEnabled()
    relations.add_pending()
    assert "already on the list" in relations.problem.text()
    save_button(editor).click()
    wait_idle(qtbot, window)
    with window.master.session() as session:
        [relation] = relationships_of(session, window.ids["recent"])
        assert (relation.label, relation.other_id) == ("spouse/partner", window.ids["partner"])
    window.undo_action.trigger()
    wait_idle(qtbot, window)
    with window.master.session() as session:
        assert relationships_of(session, window.ids["recent"]) == []


def test_an_edit_over_a_change_made_elsewhere_is_refused_and_dropped(qtbot, window, monkeypatch):
    warnings = capture_warnings(monkeypatch)
    editor = open_editor(qtbot, window, window.ids["recent"])
    with window.master.transaction() as session:
        session.get(Customer, window.ids["recent"]).first_name = "Zoe"  # another steward, meanwhile
    editor.details.widgets["job_title"].setText("Architect")
    save_button(editor).click()
    wait_idle(qtbot, window)
    assert warnings and "changed elsewhere" in warnings[0]
    assert editor.isVisible() and window.undo_stack.count() == 0


def test_cancel_with_changes_asks_first(qtbot, window, monkeypatch):
    asked = answer_yes(monkeypatch)
    editor = open_editor(qtbot, window, window.ids["recent"])
    editor.details.widgets["title"].setText("Dr.")
    editor.reject()
    assert asked == ["Discard your changes to this customer?"] and not editor.isVisible()


def test_the_customers_page_opens_the_editor(qtbot, window):
    page = window.customers_page
    edit = window.registry.actions.edit_customer
    assert not edit.isEnabled()
    page.select_customer_row(0)
    assert edit.isEnabled()
    edit.trigger()
    wait_idle(qtbot, window)
    [editor] = [w for w in window.findChildren(CustomerEditor) if w.isVisible()]
    assert editor.customer_id == page.selected_customer_id()
    editor.done(0)
