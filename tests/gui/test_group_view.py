"""A large group on the Duplicates page: read by field, picks on distinct values, records a click away."""

from __future__ import annotations

import pytest
from group_data import many_systems_group
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from workbench.stewardship.records import load_records
from workbench.stewardship.survivorship import SurvivorshipSettings
from workbench.store.models import Customer, MatchCandidate
from workbench.ui.main_window import MainWindow
from workbench.ui.review.comparison_model import ComparisonModel
from workbench.ui.review.group_model import COL_HELD, COL_VALUE, GroupModel
from workbench.ui.review.group_records import GroupRecordsModel


def group_key(master, customer_id: int) -> int:
    with master.session() as session:
        candidate = session.scalars(select(MatchCandidate).where(
            (MatchCandidate.customer_a_id == customer_id) | (MatchCandidate.customer_b_id == customer_id))).first()
        return candidate.cluster_id if candidate.cluster_id is not None else -candidate.id


@pytest.fixture
def window(qtbot, sqlite_master, tmp_path):
    win = MainWindow(sqlite_master, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.show_page("duplicates")
    settle(qtbot, win)
    return win


def settle(qtbot, window, timeout=20_000):
    """Until every read and change the window asked for has answered."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=timeout)


def line_of(model: GroupModel, label: str, text: str) -> int:
    for row, line in enumerate(model.lines):
        entry = model.field_of(row)
        if entry is not None and entry.label == label and line.kind == "value" and \
                entry.values[line.value].text == text:
            return row
    raise AssertionError(f"no line {label}: {text}")


def test_picks_on_distinct_values_make_the_golden_record(qtbot, window):
    ids = many_systems_group(window.master, 12)
    page = window.registry.pages.duplicates
    window.data_changed.emit({"candidates"})
    page.show_group(group_key(window.master, ids[0]))
    settle(qtbot, window)
    assert page.current is not None
    assert page.review_view() is page.group_view
    model = page.group_view.model

    # Identical values collapse: twelve records, a handful of first names, each with who holds it.
    first_names = [v.text for v in next(model.field_of(r) for r in range(model.rowCount())
                                        if model.field_of(r) and model.field_of(r).label == "First name").values]
    assert sorted(first_names) == ["Maria", "Maria-Magdalena", "Marie-Madeleine"]
    maria = line_of(model, "First name", "Maria")
    assert model.data(model.index(maria, COL_HELD)) == "4 records"

    # A click on a distinct value takes it; the merged result beside it follows.
    rect = page.group_view.table.visualRect(model.index(maria, COL_VALUE))
    page.group_view.table.scrollTo(model.index(maria, COL_VALUE))
    rect = page.group_view.table.visualRect(model.index(maria, COL_VALUE))
    qtbot.mouseClick(page.group_view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.comparison.golden.value("first_name") == "Maria"
    assert model.is_picked(maria)
    short = line_of(model, "Last name", "von Hohenzollern")
    assert model.pick(short)
    assert page.comparison.golden.value("last_name") == "von Hohenzollern"

    # The master number is chosen among the records, on the Records tab.
    view = page.group_view
    view.records.selectRow(5)
    view.keep_selected()
    kept = ids[5]
    assert page.comparison.golden.survivor_id == kept

    page.merge()
    settle(qtbot, window)
    with window.master.session() as session:
        survivor = session.get(Customer, kept)
        assert (survivor.first_name, survivor.last_name) == ("Maria", "von Hohenzollern")
        assert {session.get(Customer, i).merged_into_id for i in ids if i != kept} == {kept}


def test_holders_are_a_double_click_away_and_take_out_uses_the_record(qtbot, window):
    ids = many_systems_group(window.master, 9)
    page = window.registry.pages.duplicates
    window.data_changed.emit({"candidates"})
    page.show_group(group_key(window.master, ids[0]))
    settle(qtbot, window)
    view = page.group_view
    row = line_of(view.model, "First name", "Marie-Madeleine")
    view.table._double_clicked(view.model.index(row, COL_HELD))
    assert view.currentIndex() == 1
    assert view.records_model.rowCount() == 1
    assert "Marie-Madeleine" in view.records_label.text()
    view.records.selectRow(0)
    taken = view.current_record_id()
    assert taken is not None
    page.split()
    settle(qtbot, window)
    with window.master.session() as session:
        open_ids = {c for a, b in session.execute(select(MatchCandidate.customer_a_id, MatchCandidate.customer_b_id)
                                                  .where(MatchCandidate.status == "open")) for c in (a, b)}
    assert taken not in open_ids


def test_small_groups_stay_side_by_side(qtbot, window):
    ids = many_systems_group(window.master, 3)
    page = window.registry.pages.duplicates
    window.data_changed.emit({"candidates"})
    page.show_group(group_key(window.master, ids[0]))
    settle(qtbot, window)
    assert page.review_view() is page.comparison_view


def test_models_follow_the_qt_contract(qtmodeltester, sqlite_master):
    ids = many_systems_group(sqlite_master, 15)
    with sqlite_master.session() as session:
        records = load_records(session, ids)
    comparison = ComparisonModel()
    model, records_model = GroupModel(comparison), GroupRecordsModel(comparison)
    comparison.set_records(records, SurvivorshipSettings())
    qtmodeltester.check(model)
    records_model.show_only([0, 3])
    qtmodeltester.check(records_model)
    assert model.rowCount() < 15 * 8  # collapsed: far fewer lines than records × fields


def test_reasons_speak_plain_words_and_bits_wait_for_the_expert(qtbot, window):
    from PySide6.QtCore import QUrl

    from workbench.ui.review.explanation import EXPERT_LINK

    ids = many_systems_group(window.master, 12)
    page = window.registry.pages.duplicates
    window.data_changed.emit({"candidates"})
    page.show_group(group_key(window.master, ids[0]))
    settle(qtbot, window)
    text = page.explanation.toPlainText()
    assert "the same customer (" in text and " %)" in text
    assert "Same e-mail" in text and "strong" in text
    assert "bits" not in text.replace("(scores in bits)", "") and "Score" not in text
    assert "the same customer" in page.heading.text() and "score" not in page.heading.text()
    page.explanation.anchorClicked.emit(QUrl(EXPERT_LINK))
    assert "Records 1 and 2:" in page.explanation.toPlainText()


def test_a_small_group_can_be_read_by_field_too(qtbot, window):
    ids = many_systems_group(window.master, 3)
    page = window.registry.pages.duplicates
    window.data_changed.emit({"candidates"})
    page.show_group(group_key(window.master, ids[0]))
    settle(qtbot, window)
    assert page.by_field.isVisibleTo(page)
    page.by_field.setChecked(True)
    assert page.review_view() is page.group_view
    page.by_field.setChecked(False)
    assert page.review_view() is page.comparison_view
