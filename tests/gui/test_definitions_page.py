"""The Definitions page: edit a definition, change a rule and see statuses recomputed, households."""

import pytest
from definitions_gui_support import answer_yes, customers_column, make_window, seed, wait_idle
from PySide6.QtWidgets import QDialog, QLabel
from sqlalchemy import select

from workbench.definitions.households import suggest_households
from workbench.store.models import AttributeDefinition, Customer
from workbench.ui.customers_model import COL_STATUS
from workbench.ui.db import Database
from workbench.ui.definitions.attribute_dialog import AttributeDialog
from workbench.ui.definitions.households_tab import SuggestionsModel
from workbench.ui.definitions.status_dialog import StatusDialog


@pytest.fixture
def window(qtbot, sqlite_master, tmp_path):
    ids = seed(sqlite_master)
    window = make_window(qtbot, sqlite_master, tmp_path)
    window.ids = ids
    window.show_page("definitions")
    wait_idle(qtbot, window)
    return window


def rows(model):
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_status_counts_are_shown_and_every_table_is_a_sound_model(qtbot, qtmodeltester, window):
    page = window.registry.pages.definitions
    table = rows(page.statuses.model)
    assert [(r[1], r[3]) for r in table] == [("Customer", "1"), ("Former customer", "1"), ("New prospect", "1"),
                                            ("Known prospect", "1"), ("No status", "0")]
    for key in ("attributes", "roles", "kinds", "households", "segments"):
        page.show_tab(key)
        wait_idle(qtbot, window)
    for model in (page.statuses.model, page.attributes.defined, page.attributes.loose, page.roles.model,
                  page.kinds.model, page.segments.model, page.households.model):
        qtmodeltester.check(model)


def test_changing_a_rule_recomputes_statuses_and_undo_brings_them_back(qtbot, window, monkeypatch):
    tab = window.registry.pages.definitions.statuses
    tab.table.selectRow(0)
    opened = []

    def fill_and_accept(dialog: StatusDialog) -> int:
        opened.append(dialog)
        assert dialog.name.text() == "customer"
        dialog.rows[0].days.setValue(90)  # "ordered within 90 days" instead of 365
        dialog.name.setText("active customer")
        wait_idle(qtbot, window)
        assert dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StatusDialog, "exec", fill_and_accept)
    tab.edit()
    wait_idle(qtbot, window)
    assert opened
    window.show_page("customers")
    wait_idle(qtbot, window)
    assert sorted(customers_column(window, COL_STATUS)) == ["Former customer", "Former customer", "Known prospect",
                                                           "New prospect"]
    assert window.undo_stack.undoText() == "Rename status 'customer' to 'active customer'"

    window.undo_action.trigger()
    wait_idle(qtbot, window)
    assert sorted(customers_column(window, COL_STATUS)) == ["Customer", "Former customer", "Known prospect",
                                                           "New prospect"]
    window.show_page("definitions")
    wait_idle(qtbot, window)
    assert rows(tab.model)[0][1] == "Customer"


def test_the_status_dialog_checks_as_you_type_and_previews_counts(qtbot, window):
    from workbench.definitions.statuses import load_rules

    with window.master.session() as session:
        rules = load_rules(session)
    dialog = StatusDialog(window, rules, rules[0].id)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    dialog.name.setText("Former Customer")
    wait_idle(qtbot, window)
    assert "already a status" in dialog.name_problem.text() and not save.isEnabled()
    dialog.name.setText("customer")
    dialog.rows[0].days.setValue(1000)  # the customer who ordered 800 days ago counts too
    wait_idle(qtbot, window)
    assert save.isEnabled()
    qtbot.waitUntil(lambda: "<b>Customer</b> 2 · Former customer 0" in dialog.preview.text(), timeout=5000)
    dialog.rows[0].field_box.setCurrentIndex(dialog.rows[0].field_box.findData("total_spent"))
    assert [dialog.rows[0].op_box.itemData(i) for i in range(dialog.rows[0].op_box.count())][:2] == [">", ">="]
    assert dialog.rows[0].number.isVisibleTo(dialog) and not dialog.rows[0].days.isVisibleTo(dialog)
    dialog._remove_row(dialog.rows[0])
    assert dialog.catch_all.isVisibleTo(dialog) and dialog.rule().conditions == ()


def test_adding_an_attribute_shows_it_and_undo_removes_it(qtbot, window, monkeypatch):
    tab = window.registry.pages.definitions.attributes
    window.registry.pages.definitions.show_tab("attributes")
    wait_idle(qtbot, window)

    def fill(dialog: AttributeDialog) -> int:
        dialog.label.setText("Shoe size")
        wait_idle(qtbot, window)
        assert "needs a key" in dialog.problems_by_field["name"].text()
        dialog.key.setText("shoe_size")
        dialog.type.setCurrentIndex(dialog.type.findData("number"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AttributeDialog, "exec", fill)
    tab.add()
    wait_idle(qtbot, window)
    assert [r[0] for r in rows(tab.defined)] == ["Shoe size"]
    with window.master.session() as session:
        assert session.scalar(select(AttributeDefinition.type)) == "number"
    window.undo_action.trigger()
    wait_idle(qtbot, window)
    assert rows(tab.defined) == []


def test_promoting_a_loose_attribute_lists_the_values_that_do_not_fit(qtbot, window, monkeypatch):
    with window.master.transaction() as session:
        for number, value in enumerate(["gold", "silver", "platnum"]):
            customer = session.get(Customer, list(window.ids.values())[number])
            customer.attributes = {"Tier": value}
    tab = window.registry.pages.definitions.attributes
    window.registry.pages.definitions.show_tab("attributes")
    window.data_changed.emit({"customers"})
    wait_idle(qtbot, window)
    assert [(r[0], r[1]) for r in rows(tab.loose)] == [("Tier", "3")]
    tab.loose_table.selectRow(0)

    def fill(dialog: AttributeDialog) -> int:
        assert dialog.key.isReadOnly() and dialog.key.text() == "Tier"
        dialog.type.setCurrentIndex(dialog.type.findData("choice"))
        dialog.choices.setPlainText("gold\nsilver\nplatinum")
        wait_idle(qtbot, window)
        assert "1 would not fit" in dialog.sample_note.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AttributeDialog, "exec", fill)
    tab.promote()
    wait_idle(qtbot, window)
    report = tab.violations_dialog
    assert "2 fit the definition; 1 do not" in report.findChild(QLabel, "violationsSummary").text()
    assert [r[2] for r in rows(report.model)] == ["platnum"]
    assert rows(tab.loose) == []
    report.close()


def test_renaming_a_role_from_the_roles_tab(qtbot, window, monkeypatch):
    from workbench.ui.definitions.lists_tab import RoleDialog

    tab = window.registry.pages.definitions.roles
    window.registry.pages.definitions.show_tab("roles")
    wait_idle(qtbot, window)
    tab.table.selectRow(0)

    def fill(dialog: RoleDialog) -> int:
        dialog.name.setText("User")
        wait_idle(qtbot, window)
        assert "already a role" in dialog.problem.text()
        dialog.name.setText("purchaser")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RoleDialog, "exec", fill)
    tab.edit()
    wait_idle(qtbot, window)
    assert rows(tab.model)[0][0] == "purchaser"


def test_household_suggestions_are_found_accepted_and_undone(qtbot, window, qtmodeltester):
    tab = window.registry.pages.definitions.households
    window.registry.pages.definitions.show_tab("households")
    tab.find()
    wait_idle(qtbot, window)
    qtmodeltester.check(tab.model)
    assert tab.model.rowCount() == 1
    assert "Zoë Müller-Lüdenscheidt" in tab.model.data(tab.model.index(0, 0))
    assert "Jonas" in tab.model.data(tab.model.index(0, 1))
    page = window.customers_page
    page.search.setText("Zoë")
    page.apply_search()  # one match: selected, shown in the detail panel
    wait_idle(qtbot, window)
    assert "RELATIONSHIPS" in page.detail.text() and "(suggested)" in page.detail.text()
    tab.table.selectRow(0)
    tab.decide("active")
    wait_idle(qtbot, window)
    assert tab.model.rowCount() == 0 and "No suggestions" in tab.summary.text()
    text = page.detail.text()
    assert "household member" in text and "Jonas Müller-Lüdenscheidt" in text and "(suggested)" not in text
    window.undo_action.trigger()
    wait_idle(qtbot, window)
    assert tab.model.rowCount() == 1 and "(suggested)" in page.detail.text()


def test_deleting_a_status_asks_first(qtbot, window, monkeypatch):
    asked = answer_yes(monkeypatch)
    tab = window.registry.pages.definitions.statuses
    tab.table.selectRow(3)
    tab.delete()
    wait_idle(qtbot, window)
    assert "Known prospect" in asked[0]
    assert [r[1] for r in rows(tab.model)][:3] == ["Customer", "Former customer", "New prospect"]


def test_suggestions_model_pages_many_rows(qtbot, qtmodeltester, sqlite_master):
    from customer_factory import make_customer

    with sqlite_master.transaction() as session:
        for number in range(450):
            make_customer(session, first=f"A{number}", last=f"Family{number}",
                          address={"street": f"Weg {number}", "postcode": "10115", "city": "Berlin"})
            make_customer(session, first=f"B{number}", last=f"Family{number}",
                          address={"street": f"Weg {number}", "postcode": "10115", "city": "Berlin"})
        suggest_households(session)
    db = Database(sqlite_master)
    model = SuggestionsModel(db)
    with qtbot.waitSignal(model.loaded):
        pass
    qtmodeltester.check(model)
    assert model.rowCount() == 450
    assert model.data(model.index(449, 0)) is None  # its page is asked for, and arrives
    qtbot.waitUntil(lambda: db.runner.idle)
    assert model.data(model.index(449, 0)).startswith("A449")
