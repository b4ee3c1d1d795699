"""The Matching page: settings in and out of the master, find duplicates in a worker, the fields model."""

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QGroupBox

from workbench.matching import load_settings
from workbench.matching.settings import PRESETS
from workbench.sample.generator import generate
from workbench.sample.load import load_sample
from workbench.ui.main_window import MainWindow
from workbench.ui.match_fields_model import COL_FACTOR, COL_FIELD, MatchFieldsModel


def make_window(qtbot, master, tmp_path):
    window = MainWindow(master, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    settle(qtbot, window)
    return window


def settle(qtbot, window, timeout=15_000):
    qtbot.waitUntil(lambda: window.runner.idle, timeout=timeout)


def test_the_fields_model_is_a_proper_qt_model(qtmodeltester):
    model = MatchFieldsModel()
    qtmodeltester.check(model)
    assert model.setData(model.index(0, COL_FACTOR), 2.5)
    assert not model.setData(model.index(0, COL_FACTOR), 99)
    assert model.setData(model.index(1, COL_FIELD), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    qtmodeltester.check(model)
    assert model.settings.factor("first_name") == 2.5 and "last_name" not in model.settings.enabled_fields()


def test_find_duplicates_runs_in_the_background_and_shows_what_it_found(qtbot, sqlite_master, tmp_path):
    load_sample(sqlite_master, generate(600, seed=3))
    window = make_window(qtbot, sqlite_master, tmp_path)
    page = window.registry.pages.matching
    assert "Not run yet" in page.summary.text()
    window.show_page("matching")
    with qtbot.waitSignal(window.data_changed, timeout=60_000) as changed:
        window.registry.actions.find_duplicates.trigger()
    assert changed.args == [{"candidates"}]
    settle(qtbot, window)
    assert "groups to review" in page.summary.text()
    assert "groups to review" in window.counts_label.text()
    assert "exact: very strong" in page.fields_model.learned_text("email")  # words for people
    at_default = page.expected.text()
    assert "the last search found at or above this point" in at_default
    page.auto.setValue(40.0)  # far stricter: fewer pairs, the words follow without asking the master
    assert page.expected.text() != at_default
    page.expert.setChecked(True)
    assert "exact +" in page.fields_model.learned_text("email")  # bits for experts


def test_settings_are_saved_to_the_master_and_a_hand_set_threshold_means_custom(qtbot, sqlite_master, tmp_path):
    window = make_window(qtbot, sqlite_master, tmp_path)
    page = window.registry.pages.matching
    assert not page.save_button.isEnabled()
    page.preset.setCurrentIndex(page.preset.findData("strict"))
    assert page.auto.value() == PRESETS["strict"].auto_merge_threshold
    page.review.setValue(3.5)
    assert page.preset.currentData() == "custom" and page.save_button.isEnabled()
    page.fields_model.setData(page.fields_model.index(2, COL_FIELD), Qt.CheckState.Unchecked.value,
                              Qt.ItemDataRole.CheckStateRole)
    page.households.setChecked(False)
    page.identifiers.setText("vat_number, member_no")
    page._identifiers_edited(page.identifiers.text())
    page.save()
    settle(qtbot, window)
    assert not page.save_button.isEnabled()
    with sqlite_master.session() as session:
        stored = load_settings(session)
    assert stored.review_threshold == 3.5 and stored.preset == "custom"
    assert stored.identifier_attributes == ("vat_number", "member_no")
    assert "generation" not in stored.enabled_fields() and not stored.household_rule
    page.restore_defaults()
    assert page.preset.currentData() == "balanced" and page.save_button.isEnabled()


def test_settings_that_cannot_work_are_not_saved(qtbot, sqlite_master, tmp_path, monkeypatch):
    window = make_window(qtbot, sqlite_master, tmp_path)
    page = window.registry.pages.matching
    warnings = []
    monkeypatch.setattr("workbench.ui.matching_page.QMessageBox.warning", lambda *args: warnings.append(args[2]))
    page.review.setValue(20)
    page.auto.setValue(5)
    page.save()
    settle(qtbot, window)
    assert "auto-merge threshold" in warnings[0] and page.save_button.isEnabled()


def test_a_run_from_elsewhere_shows_without_losing_unsaved_settings(qtbot, sqlite_master, tmp_path):
    from workbench.matching import run_matching

    load_sample(sqlite_master, generate(300, seed=4))
    window = make_window(qtbot, sqlite_master, tmp_path)
    page = window.registry.pages.matching
    page.review.setValue(page.review.value() + 1.5)  # an edit not saved yet
    run_matching(sqlite_master)  # e.g. `workbench match` in a terminal
    window.data_changed.emit({"candidates"})
    settle(qtbot, window)
    assert "groups to review" in page.summary.text()
    assert page.save_button.isEnabled() and page.review.value() == load_settings_review(sqlite_master) + 1.5


def load_settings_review(master):
    with master.session() as session:
        return load_settings(session).review_threshold


def test_thresholds_are_chosen_as_the_share_of_wrong_merges(qtbot, sqlite_master, tmp_path):
    window = make_window(qtbot, sqlite_master, tmp_path)
    page = window.registry.pages.matching
    settle(qtbot, window)
    combo = page.auto_choice.combo
    assert "bits" not in page.findChild(QGroupBox).title()
    assert not page.auto.isVisibleTo(page)  # bits only for experts
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert "at most 1 in 1,000 wrong" in texts
    combo.setCurrentIndex(texts.index("at most 1 in 1,000 wrong"))
    assert page.auto.value() == 10.0
    page.auto.setValue(4.0)  # typed by an expert: shown in the same words
    assert combo.currentText() == "at most 1 in 17 wrong"
    page.auto.setValue(7.3)
    assert combo.currentText() == "at most 1 in 160 wrong"
    page.expert.setChecked(True)
    assert page.auto.isVisibleTo(page)


def test_what_a_threshold_does_to_the_pairs_found_is_said_from_their_scores():
    import numpy as np

    from workbench.stewardship.reasons import expected_wrong_text

    scores = np.sort(np.array([0.0, 4.0, 4.0, 10.0, 20.0, 30.0]))
    assert expected_wrong_text(scores, 50.0) == "No pair the last search found is at or above this point."
    # 4 bits: 1/17 each, twice; 10 bits ≈ 0.001; the rest nearly nothing → about 0.12 of 5 pairs: none
    assert "5 pairs" in expected_wrong_text(scores, 4.0) and "none is expected" in expected_wrong_text(scores, 4.0)
    assert expected_wrong_text(scores, 0.0) == ("Of the 6 pairs the last search found at or above this point, "
                                               "about 1 (1 in 10) may be wrong.")


def test_settings_saved_under_a_preset_that_changed_since_show_as_custom(qtbot, sqlite_master, tmp_path):
    from dataclasses import replace

    from workbench.matching.settings import MatchSettings, save_settings

    with sqlite_master.transaction() as session:  # "Balanced" merged automatically from 4 bits before
        save_settings(session, replace(MatchSettings(), preset="balanced", auto_merge_threshold=4.0))
    window = make_window(qtbot, sqlite_master, tmp_path)
    page = window.registry.pages.matching
    settle(qtbot, window)
    assert page.auto.value() == 4.0 and page.auto_choice.combo.currentText() == "at most 1 in 17 wrong"
    assert page.preset.currentData() == "custom"
    page.preset.setCurrentIndex(page.preset.findData("balanced"))
    assert page.auto.value() == PRESETS["balanced"].auto_merge_threshold
