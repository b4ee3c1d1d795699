"""The import dialog and drag-and-drop, driven as a user would, offscreen."""

from __future__ import annotations

import csv
import warnings

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from workbench.ingest.plan import inspect_file
from workbench.store.queries import master_counts
from workbench.ui.import_models import MappingModel, PreviewModel, RejectsModel


@pytest.fixture
def window(qtbot, sqlite_master, tmp_path):
    from PySide6.QtCore import QSettings

    from workbench.ui.main_window import MainWindow

    win = MainWindow(sqlite_master, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.cancel_all()
    win.runner.wait(10_000)


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Kundennr", "Vorname", "Nachname", "E-Mail", "Lieblingsfarbe"])
        writer.writerows(rows)
    return path


ROWS = [["1", "Anna", "Müller", "anna@example.org", "blau"], ["2", "", "", "", "rot"],
        ["3", "Ben", "Okafor", "ben@example.org", ""]]


def open_dialog(window, qtbot, path):
    dialog = window.registry.panels.importer.open_files([path])
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=20_000)
    return dialog


def test_models_pass_the_model_tester(qtmodeltester, tmp_path):
    plan = inspect_file(write_csv(tmp_path / "kunden.csv", ROWS))
    mapping, preview, rejects = MappingModel(), PreviewModel(), RejectsModel()
    mapping.set_plan(plan)
    preview.set_plan(plan)
    rejects.set_rejects([{"row": i, "reason": "nothing to identify"} for i in range(2, 700)])
    for model in (mapping, preview, rejects):
        qtmodeltester.check(model)
    rejects = RejectsModel()
    rejects.set_rejects([{"row": i, "reason": "nothing to identify"} for i in range(2, 700)])
    assert rejects.rowCount() == RejectsModel.PAGE and rejects.canFetchMore()
    rejects.fetchMore()
    assert rejects.rowCount() == 2 * RejectsModel.PAGE


def test_import_from_the_menu_with_an_edited_mapping(window, qtbot, tmp_path):
    assert window.import_action.isEnabled() and window.welcome.import_button.isEnabled()
    dialog = open_dialog(window, qtbot, write_csv(tmp_path / "kunden.csv", ROWS))
    assert "header in row 1" in dialog.reading.text() and "comma-separated" in dialog.reading.text()
    assert dialog.key.currentData() == "Kundennr"
    # The column nobody recognised comes first, marked for a look.
    assert dialog.mapping_model.column_at(0) == "Lieblingsfarbe"
    assert dialog.mapping_model.index(0, MappingModel.COL_MARK).data() == "!"
    index = dialog.mapping_model.index(0, MappingModel.COL_TARGET)
    assert index.data() == "Custom: Lieblingsfarbe"
    assert dialog.mapping_model.setData(index, "tags")
    assert dialog.plan.mapping["Lieblingsfarbe"] == "tags" and index.data() == "Tags"
    assert dialog.mapping_model.index(0, MappingModel.COL_MARK).data() == "✓"  # chosen by the user: sure
    assert dialog.mapping_model.column_at(0) == "Lieblingsfarbe"  # and it stays where it is

    dialog.start_import(dry_run=True)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert "Dry run" in dialog.message.text() and "2 new" in dialog.message.text()
    assert "row 3" in dialog.message.text()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert window.last_counts.customers == 0

    with qtbot.waitSignal(window.data_changed, timeout=20_000) as changed:
        dialog.start_import(dry_run=False)
    assert changed.args == [{"customers"}]
    assert dialog.pages.currentIndex() == 1 and dialog.rejects_model.rowCount() == 1
    assert dialog.save_rejects_button.isVisible()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert window.last_counts.customers == 2
    assert window.customers_page.model.rowCount() == 2


def test_an_unreadable_file_is_explained_in_the_dialog(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("workbench.ui.main_window.show_error", lambda exc, parent=None: shown.append(exc))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    dialog = window.registry.panels.importer.open_files([empty])
    qtbot.waitUntil(lambda: not dialog.busy and dialog.message.text() != "", timeout=20_000)
    assert "empty.csv: the file is empty" in dialog.message.text()
    assert not dialog.import_button.isEnabled() and shown == []


def test_dropping_files_on_the_window_opens_them_one_after_another(window, qtbot, tmp_path):
    first = write_csv(tmp_path / "a.csv", ROWS)
    second = write_csv(tmp_path / "b.csv", ROWS[:1])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second)),
                  QUrl("https://example.org/c.csv")])
    with warnings.catch_warnings():  # the only constructor PySide6 offers is marked deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    dialog = window.registry.panels.importer.dialog
    assert dialog is not None and dialog.path == first
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=20_000)
    dialog.close_button.click()
    qtbot.waitUntil(lambda: window.registry.panels.importer.dialog is not None and window.registry.panels.importer.dialog.path == second,
                    timeout=5_000)
    assert list(window.registry.panels.importer.queue) == []
    following = window.registry.panels.importer.dialog  # the second file is read too, as the first was
    qtbot.waitUntil(lambda: following.plan is not None and not following.busy, timeout=20_000)


def test_a_workbook_offers_its_sheets(window, qtbot, tmp_path):
    from workbooks import Sheet, write_xlsx

    path = write_xlsx(tmp_path / "book.xlsx", [Sheet("Old", [["E-Mail"], ["x@example.org"]], hidden=True),
                                              Sheet("Kunden", [["E-Mail"], ["a@example.org"]]),
                                              Sheet("Leads", [["E-Mail"], ["b@example.org"], ["c@example.org"]])])
    dialog = open_dialog(window, qtbot, path)
    # Of two customer sheets the bigger is taken; the other is a choice away.
    assert dialog.sheet.isVisibleTo(dialog) and dialog.sheet.currentData() == "Leads"
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == ["Old  (hidden)", "Kunden", "Leads"]
    dialog.sheet.setCurrentIndex(1)
    dialog.inspect()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.plan.table.sheet == "Kunden", timeout=20_000)
    assert len(dialog.plan.preview) == 1


def test_a_previewed_workbook_is_let_go_when_the_dialog_closes(window, qtbot, tmp_path):
    # The inspection reads only the head of a long sheet, and keeps the sheet for the import.
    from workbooks import Sheet, write_xlsx

    from workbench.ingest import sheet_reader

    rows = [["E-Mail"], *([f"c{n}@example.org"] for n in range(400))]
    dialog = open_dialog(window, qtbot, write_xlsx(tmp_path / "long.xlsx", [Sheet("Kunden", rows)]))
    assert sheet_reader._kept
    dialog.reject()
    assert not sheet_reader._kept


def test_stopping_an_import_keeps_the_master_as_it_was(window, qtbot, tmp_path):
    rows = [[str(i), "Ann", f"Lee{i}", f"ann{i}@example.org", ""] for i in range(12_000)]
    dialog = open_dialog(window, qtbot, write_csv(tmp_path / "big.csv", rows))
    dialog.start_import(dry_run=False)
    assert dialog.stop_button.isVisibleTo(dialog) and not dialog.import_button.isEnabled()
    dialog.stop()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    assert dialog.message.text() == "Stopped. Nothing was changed."
    assert dialog.result is None and dialog.import_button.isEnabled()
    window.update_counts()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert window.last_counts.customers == 0 and window.last_counts.import_batches == 0


def test_find_duplicates_after_the_last_of_several_files(window, qtbot, tmp_path):
    webshop = write_csv(tmp_path / "webshop.csv", [["1", "Anna", "Müller", "anna@example.org", "blau"],
                                                   ["2", "Ben", "Okafor", "ben@example.org", ""]])
    pos = write_csv(tmp_path / "pos.csv", [["A7", "Anna", "Mueller", "ANNA@example.org", ""]])
    dialog = window.registry.panels.importer.open_files([webshop, pos])
    for expected in (webshop, pos):
        dialog = window.registry.panels.importer.dialog
        assert dialog.path == expected
        qtbot.waitUntil(lambda d=dialog: d.plan is not None and not d.busy, timeout=20_000)
        dialog.import_button.click()
        qtbot.waitUntil(lambda d=dialog: d.result is not None and not d.busy, timeout=30_000)
        assert dialog.find_button.isVisible() and dialog.find_button.isDefault()
        dialog.find_button.click()
        if expected is webshop:  # the next file comes first; matching waits for the last one
            qtbot.waitUntil(lambda: window.registry.panels.importer.dialog is not None and window.registry.panels.importer.dialog.path == pos,
                            timeout=5_000)
            with window.master.session() as session:
                assert master_counts(session).open_candidates == 0
    qtbot.waitUntil(lambda: window.registry.panels.importer.dialog is None and not window.runner.busy, timeout=60_000)
    assert window.page_stack.currentWidget() is window.pages["matching"]
    with window.master.session() as session:
        assert master_counts(session).open_candidates == 1  # Anna Müller and Anna Mueller


def test_a_workbook_whose_customer_sheet_is_not_recognised_lets_the_user_choose_it(window, qtbot, tmp_path):
    from workbooks import Sheet, write_xlsx

    path = write_xlsx(tmp_path / "liste.xlsx", [
        Sheet("Info", [["Stand: März"], ["Bitte nicht ändern"]]),
        Sheet("Leute", [["Wer", "Wo"], ["Ann Lee", "York"], ["Bo Chan", "Leeds"]])])
    dialog = window.registry.panels.importer.open_files([path])
    qtbot.waitUntil(lambda: not dialog.busy and dialog.message.text() != "", timeout=20_000)
    assert "no sheet of this workbook holds a table of customers" in dialog.message.text()
    assert dialog.sheet.isVisibleTo(dialog) and [dialog.sheet.itemText(i) for i in range(2)] == ["Info", "Leute"]
    dialog.sheet.setCurrentIndex(1)
    dialog.inspect()
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=20_000)
    assert dialog.plan.table.sheet == "Leute" and dialog.plan.columns == ["Wer", "Wo"]
