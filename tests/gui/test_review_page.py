"""The Duplicates page driven from the keyboard through a sample master, as a steward works."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from review_data import hard_cases, review_master
from sqlalchemy import select

from workbench.stewardship import decisions
from workbench.stewardship.queue import ReviewFilter, ReviewQueue
from workbench.store.models import Customer, MatchCandidate, MergeEvent
from workbench.ui.main_window import MainWindow
from workbench.ui.review.comparison_model import ComparisonModel
from workbench.ui.review.history_panel import HistoryModel
from workbench.ui.review.queue_model import QueueModel


@pytest.fixture
def window(qtbot, sqlite_master, tmp_path):
    review_master(sqlite_master, rows=150)
    win = MainWindow(sqlite_master, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    with qtbot.waitActive(win):
        win.activateWindow()
    page = win.registry.pages.duplicates
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.workspace)  # the master's counts are in
    qtbot.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.page_stack.currentWidget() is page)  # buttons animate a click
    qtbot.waitUntil(page.comparison_view.hasFocus)  # the page takes the keyboard itself
    settle(qtbot, win)
    return win


def settle(qtbot, window, timeout=20_000):
    """Until every read and change the window asked for has answered (the next group is on screen)."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=timeout)


def key(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)
    settle(qtbot, window)


def statuses(master, ids):
    with master.session() as session:
        return {session.get(MatchCandidate, i).status for i in ids}


def merged_into(master, ids):
    with master.session() as session:
        return {i: session.get(Customer, i).merged_into_id for i in ids}


def left(master):
    with master.session() as session:
        return ReviewQueue().count(session)


def test_merge_reject_skip_split_and_undo_from_the_keyboard(qtbot, window):
    page, master = window.registry.pages.duplicates, window.master
    total = left(master)

    first = page.current
    key(qtbot, window, Qt.Key.Key_M)
    survivor = min(first.customer_ids)
    assert merged_into(master, first.customer_ids) == {i: (None if i == survivor else survivor)
                                                       for i in first.customer_ids}
    assert statuses(master, first.candidate_ids) == {"merged"}
    assert left(master) == total - 1
    assert page.current is not None and page.current.key != first.key and page.current_row == 0

    second = page.current
    key(qtbot, window, Qt.Key.Key_N)
    assert statuses(master, second.candidate_ids) == {"rejected"}
    with master.session() as session:
        rejected = decisions.not_duplicate_pairs(session)
    assert {(c.customer_a_id, c.customer_b_id) for c in second.candidates} <= rejected

    third = page.current
    key(qtbot, window, Qt.Key.Key_S)
    assert statuses(master, third.candidate_ids) == {"open"}
    assert page.current.key != third.key
    assert page.queue_model.group(page.queue_model.rowCount() - 1).key == third.key  # skipped go last
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the skip: back to it
    assert page.current.key == third.key and not page.queue_model.skipped
    key(qtbot, window, Qt.Key.Key_S)

    while not 3 <= len(page.current.customer_ids) <= 5:  # larger groups are shown by field
        key(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    cluster = page.current
    view = page.comparison_view
    view.setCurrentIndex(page.comparison.index(view.currentIndex().row(), 1))
    key(qtbot, window, Qt.Key.Key_Right)  # to record 2's column
    out = page.comparison.records[1].id
    key(qtbot, window, Qt.Key.Key_X)
    with master.session() as session:
        pairs = decisions.not_duplicate_pairs(session)
    others = [i for i in cluster.customer_ids if i != out]
    assert all((min(out, o), max(out, o)) in pairs for o in others)

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the split
    with master.session() as session:
        pairs = decisions.not_duplicate_pairs(session)
    assert not any((min(out, o), max(out, o)) in pairs for o in others)
    assert page.current.key == cluster.key  # back where the undone verdict was made

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the second skip
    assert page.current.key == third.key
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the rejection
    assert statuses(master, second.candidate_ids) == {"open"}
    assert page.current.key == second.key
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the merge
    assert merged_into(master, first.customer_ids) == dict.fromkeys(first.customer_ids)
    assert statuses(master, first.candidate_ids) == {"open"}
    assert page.current.key == first.key
    assert left(master) == total

    QTest.keySequence(page.comparison_view, window.redo_action.shortcut())
    settle(qtbot, window)
    assert statuses(master, first.candidate_ids) == {"merged"}  # redo


def test_picks_from_the_keyboard_decide_the_merged_customer(qtbot, window, sqlite_master):
    cluster, pair = hard_cases(sqlite_master)
    page = window.registry.pages.duplicates
    window.data_changed.emit({"candidates"})
    with sqlite_master.session() as session:
        candidate = session.scalars(select(MatchCandidate).where(MatchCandidate.customer_a_id == pair[0])).first()
        key_of_pair = candidate.cluster_id if candidate.cluster_id is not None else -candidate.id
    page.show_group(key_of_pair)
    settle(qtbot, window)
    assert page.current.key == key_of_pair
    model = page.comparison
    row = next(r for r in range(model.rowCount()) if model.row(r).key == "last_name")
    page.comparison_view.setCurrentIndex(model.index(row, 0))
    key(qtbot, window, Qt.Key.Key_2)  # record 2's last name
    assert model.golden.value("last_name") == "Desjardins"
    survivor_row = next(r for r in range(model.rowCount()) if model.row(r).kind == "survivor")
    page.comparison_view.setCurrentIndex(model.index(survivor_row, 2))
    key(qtbot, window, Qt.Key.Key_Space)  # keep record 2's master number
    assert model.golden.survivor_id == pair[1]
    key(qtbot, window, Qt.Key.Key_M)
    with sqlite_master.session() as session:
        survivor = session.get(Customer, pair[1])
        assert survivor.last_name == "Desjardins" and survivor.first_name == "François"
        assert session.get(Customer, pair[0]).merged_into_id == pair[1]


def test_defer_moves_the_group_to_the_deferred_list(qtbot, window):
    page, master = window.registry.pages.duplicates, window.master
    group = page.current
    key(qtbot, window, Qt.Key.Key_D)
    assert statuses(master, group.candidate_ids) == {"deferred"}
    page.filters.status.setCurrentIndex(page.filters.status.findData("deferred"))
    settle(qtbot, window)
    assert page.current.key == group.key
    assert not page.defer_action.isEnabled() and page.merge_action.isEnabled()


def test_filters_narrow_the_queue(qtbot, window):
    page = window.registry.pages.duplicates
    everything = page.queue_model.rowCount()
    page.filters.differs.setCurrentIndex(page.filters.differs.findData("email"))
    settle(qtbot, window)
    assert 0 < page.queue_model.rowCount() < everything
    for row in range(page.queue_model.rowCount()):
        page.queue_model.group(row)  # asks for the pages not read yet
    settle(qtbot, window)
    assert all("email" in page.queue_model.group(r).differs for r in range(page.queue_model.rowCount()))
    page.filters.min_score.setValue(1000)
    settle(qtbot, window)
    assert page.queue_model.rowCount() == 0 and page.stack.currentWidget() is page.empty
    assert "filters" in page.empty.text()


def test_buttons_show_their_shortcuts(window):
    page = window.registry.pages.duplicates
    for action, letter in ((page.merge_action, "M"), (page.reject_action, "N"), (page.skip_action, "S"),
                           (page.defer_action, "D"), (page.split_action, "X")):
        assert action.toolTip().endswith(f"({letter})")


def test_unmerge_from_the_history_panel_and_undo_it(qtbot, window, monkeypatch):
    page, master = window.registry.pages.duplicates, window.master
    group = page.current
    key(qtbot, window, Qt.Key.Key_M)
    survivor = min(group.customer_ids)
    window.show_page("customers")
    window.customers_page.search.setText(f"C-{max(group.customer_ids):06d}")  # a merged-away number
    window.customers_page.apply_search()
    settle(qtbot, window)
    history = window.registry.panels.history
    assert history.model.customer_id == survivor
    assert history.unmerge_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    history.unmerge_button.click()
    settle(qtbot, window)
    assert merged_into(master, group.customer_ids) == dict.fromkeys(group.customer_ids)
    with master.session() as session:
        assert session.scalars(select(MergeEvent.undone_at)).one() is not None
    window.undo_action.trigger()
    settle(qtbot, window)
    assert merged_into(master, group.customer_ids)[max(group.customer_ids)] == survivor


def test_bulk_merge_after_a_preview_and_undo_it(qtbot, window, monkeypatch):
    from workbench.ui.review import bulk_dialog

    master = window.master
    with master.session() as session:
        before = session.scalar(select(Customer.id).where(Customer.merged_into_id.isnot(None)).limit(1))
    assert before is None
    seen = {}

    def accept(dialog):
        dialog.score.setValue(15)
        dialog.refresh()
        qtbot.waitUntil(lambda: dialog.previewed_score == 15)
        seen["groups"] = len(dialog.preview.groups)
        seen["summary"] = dialog.summary.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(bulk_dialog.BulkMergeDialog, "exec", accept)
    window.registry.pages.duplicates.bulk_button.click()
    settle(qtbot, window)
    assert seen["groups"] > 0 and f"{seen['groups']} groups" in seen["summary"]
    with master.session() as session:
        assert len(session.scalars(select(MergeEvent.id)).all()) == seen["groups"]
        assert ReviewQueue(ReviewFilter(min_score=15)).count(session) == 0
    window.undo_action.trigger()
    settle(qtbot, window)
    with master.session() as session:
        assert session.scalar(select(Customer.id).where(Customer.merged_into_id.isnot(None)).limit(1)) is None


def test_rules_change_the_preview_and_can_be_undone(qtbot, window, monkeypatch, sqlite_master):
    from workbench.ui.review import rules_dialog

    page = window.registry.pages.duplicates

    def choose_complete(dialog):
        box = dialog.rule_boxes["name"]
        box.setCurrentIndex(box.findData("complete"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(rules_dialog.RulesDialog, "exec", choose_complete)
    page.rules_button.click()
    settle(qtbot, window)
    assert page.settings.rule_for("first_name") == "complete"
    assert page.comparison.settings.rule_for("last_name") == "complete"
    window.undo_action.trigger()
    settle(qtbot, window)
    assert page.settings.rule_for("first_name") == "best"


def test_the_rules_dialog_shows_the_contact_point_rules_and_the_computed_status(qtbot, window, monkeypatch):
    from workbench.ui.review import rules_dialog

    page = window.registry.pages.duplicates
    seen = {}

    def choose_trusted_address(dialog):
        seen["computed"] = dialog.computed_labels["status"].text()
        seen["boxes"] = sorted(dialog.primary_boxes)
        assert "status" not in dialog.rule_boxes  # nothing to choose: the status rules decide
        box = dialog.primary_boxes["address"]
        box.setCurrentIndex(box.findData("trust"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(rules_dialog.RulesDialog, "exec", choose_trusted_address)
    page.rules_button.click()
    settle(qtbot, window)
    assert "status rules" in seen["computed"] and seen["boxes"] == ["address", "email", "phone"]
    assert page.settings.primary_rule("address") == "trust" and page.settings.primary_rule("email") == "best"
    assert page.comparison.settings.primary_rule("address") == "trust"
    window.undo_action.trigger()
    settle(qtbot, window)
    assert page.settings.primary_rule("address") == "best"


def test_the_preview_shows_one_row_per_place_with_every_records_evidence(qtbot, window, sqlite_master):
    _cluster, pair = hard_cases(sqlite_master)
    page = window.registry.pages.duplicates
    window.data_changed.emit({"candidates"})
    with sqlite_master.session() as session:
        candidate = session.scalars(select(MatchCandidate).where(MatchCandidate.customer_a_id == pair[0])).first()
        key_of_pair = candidate.cluster_id if candidate.cluster_id is not None else -candidate.id
    page.show_group(key_of_pair)
    settle(qtbot, window)
    assert page.current.key == key_of_pair
    model = page.comparison
    addresses = [r for r in range(model.rowCount()) if model.row(r).kind == "point"
                 and model.row(r).point_type == "address"]
    # "12, Rue de la République" and "12 R. de la Republique" are one place: one row, both records filled.
    assert len(addresses) == 1
    row = model.row(addresses[0])
    assert all(not cell.empty for cell in row.cells)
    golden = model.data(model.index(addresses[0], model.columnCount() - 1), Qt.ItemDataRole.DisplayRole)
    html = model._cell(addresses[0], model.columnCount() - 1).html
    assert "Rue de la République" in golden and "said by Point of sale, Webshop" in html and "★ primary" in html


def test_models_pass_the_model_tester(qtbot, qtmodeltester, window):
    page = window.registry.pages.duplicates
    qtmodeltester.check(page.queue_model)
    qtmodeltester.check(page.comparison)
    history = HistoryModel(window.db)
    key_customer = page.current.customer_ids[0]
    with qtbot.waitSignal(history.loaded):
        history.set_customer(key_customer)
    qtmodeltester.check(history)
    assert isinstance(page.queue_model, QueueModel) and isinstance(page.comparison, ComparisonModel)
