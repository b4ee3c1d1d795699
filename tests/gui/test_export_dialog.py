"""File → Export…: the dialog a person uses, driven as they would."""

from __future__ import annotations

import pytest
from export_helpers import add_customer, read_csv
from PySide6.QtCore import QSettings, Qt

from workbench.store.filters import CustomerFilter
from workbench.store.models import Segment
from workbench.ui.export_action import open_export_dialog
from workbench.ui.export_preview_model import GUARDED_ROLE, ExportPreviewModel
from workbench.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, sqlite_master, tmp_path):
    add_customer(sqlite_master, first="Anna", last="Ärger", consent="granted", emails=[("anna@example.com", "home")],
                 addresses=[{"kind": "home", "city": "Köln", "country": "DE"}], source="Webshop")
    add_customer(sqlite_master, first="=cmd|' /C calc'!A0", last="Evil", consent="granted",
                 emails=[("evil@example.com", "home")], addresses=[{"kind": "home", "city": "Paris", "country": "FR"}],
                 source="Webshop")
    add_customer(sqlite_master, first="Uwe", last="Unsub", consent="unsubscribed", emails=[("uwe@example.com", "home")],
                 source="Newsletter")
    with sqlite_master.transaction() as session:
        session.add(Segment(name="Germans", filter=CustomerFilter(countries=("DE",)).to_json()))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(sqlite_master, settings)
    qtbot.addWidget(main)
    return main


def settle(qtbot, window):
    """Until the dialog's reads (choices, the preview) have answered."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)


def opened(qtbot, window):
    dialog = open_export_dialog(window)
    settle(qtbot, window)
    return dialog


def test_preview_model_passes_the_model_tester(qtmodeltester):
    model = ExportPreviewModel()
    model.set_preview(["Email Address", "First Name"], [["a@example.com", "'=1+1"], ["b@example.com", "Line\nbreak"]])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 1), GUARDED_ROLE) is True
    assert model.data(model.index(1, 1)) == "Line⏎break"
    model.clear()
    qtmodeltester.check(model)


def test_file_export_is_enabled_and_opens_the_dialog(window):
    assert window.export_action.isEnabled()
    window.export_action.trigger()
    assert window.registry.panels.exporter.dialog.isVisible()


def test_preview_shows_rows_as_written_and_follows_the_filter(window, qtbot):
    dialog = opened(qtbot, window)
    dialog.preset.setCurrentIndex(dialog.preset.findData("mailchimp"))
    settle(qtbot, window)
    model = dialog.preview_model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Email Address"
    emails = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert emails == ["anna@example.com", "evil@example.com"]  # Uwe unsubscribed
    assert model.data(model.index(1, 1)) == "'=cmd|' /C calc'!A0"
    dialog.include_without_consent.setChecked(True)
    dialog.refresh_preview()
    settle(qtbot, window)
    assert model.rowCount() == 3
    dialog.filters.segment.setCurrentIndex(dialog.filters.segment.findData("Germans"))
    dialog.refresh_preview()
    settle(qtbot, window)
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["anna@example.com"]


def test_consent_choice_only_for_marketing_presets_and_fields_only_for_generic(window, qtbot):
    dialog = opened(qtbot, window)
    dialog.preset.setCurrentIndex(dialog.preset.findData("hubspot"))
    settle(qtbot, window)
    assert dialog.include_without_consent.isHidden() and dialog.fields_box.isHidden()
    dialog.preset.setCurrentIndex(dialog.preset.findData("csv"))
    settle(qtbot, window)
    assert not dialog.fields_box.isHidden()
    dialog._check_all_fields(Qt.CheckState.Unchecked)
    dialog.refresh_preview()
    settle(qtbot, window)
    assert "at least one field" in dialog.preview_label.text() and not dialog.export_button.isEnabled()
    for index in range(dialog.fields.count()):
        item = dialog.fields.item(index)
        if item.data(Qt.ItemDataRole.UserRole) in ("email", "master_number"):
            item.setCheckState(Qt.CheckState.Checked)
    dialog.refresh_preview()
    settle(qtbot, window)
    assert dialog.preview_model.columnCount() == 2 and dialog.export_button.isEnabled()


def test_vcard_preview_is_the_card_text(window, qtbot):
    dialog = opened(qtbot, window)
    dialog.preset.setCurrentIndex(dialog.preset.findData("vcard4"))
    settle(qtbot, window)
    assert dialog.preview_stack.currentWidget() is dialog.preview_text
    assert dialog.preview_text.toPlainText().startswith("BEGIN:VCARD\nVERSION:4.0")


def test_export_runs_in_the_background_and_shows_the_summary(window, qtbot, tmp_path):
    dialog = opened(qtbot, window)
    dialog.preset.setCurrentIndex(dialog.preset.findData("mailchimp"))
    settle(qtbot, window)
    may = dialog.preview_label.text().split(" customers may be exported")[0]
    target = tmp_path / "out" / "audience.csv"
    target.parent.mkdir()
    dialog.path.setText(str(target))
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)
    assert [r["Email Address"] for r in read_csv(target)] == ["anna@example.com", "evil@example.com"]
    summary = dialog.summary.toPlainText()
    assert "2 rows written for Mailchimp" in summary and "1 unsubscribed" in summary
    assert f"; {may} of them may be exported" in summary  # the preview's figure, in the same words
    assert not dialog.summary.isHidden() and dialog.export_button.isEnabled()
    assert window.settings.value("export/folder") == str(target.parent)


def test_cancelling_leaves_no_file(window, qtbot, tmp_path, monkeypatch):
    from workbench.ui import export_dialog as module

    def slow_export(master, request, target, progress, **_options):
        while True:  # stands for a long export: only cancel ends it
            progress(1, 10, "Exporting…")

    monkeypatch.setattr(module, "export_customers", slow_export)
    dialog = opened(qtbot, window)
    target = tmp_path / "x.csv"
    dialog.path.setText(str(target))
    dialog.start_export()
    assert not dialog.cancel_button.isHidden()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)
    assert not target.exists()
    assert "cancelled" in dialog.summary.toPlainText()


def test_an_existing_file_is_replaced_only_after_the_user_agrees(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *a, **k: asked.append(text)
                        or answers.pop(0))
    dialog = opened(qtbot, window)
    dialog.preset.setCurrentIndex(dialog.preset.findData("mailchimp"))
    settle(qtbot, window)
    target = tmp_path / "audience.csv"
    target.write_text("last week's list\n")
    dialog.path.setText(str(target))
    dialog.start_export()
    assert dialog.task is None and target.read_text() == "last week's list\n"  # "No": nothing happens
    assert "audience.csv exists already" in asked[0]
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)
    assert [r["Email Address"] for r in read_csv(target)] == ["anna@example.com", "evil@example.com"]
    assert len(asked) == 2
