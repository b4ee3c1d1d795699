"""The Customers list: columns sized to their content and remembered, a mark on customers waiting for
review, Import and Export in sight, and Help with a guide and the keyboard reference."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QToolButton
from review_data import add_candidates, add_customer

from workbench.ui.customers_model import COL_COMPANY, COL_EMAIL, COL_NAME, COL_REVIEW, REVIEW_MARK
from workbench.ui.customers_page import squeeze
from workbench.ui.help_dialog import HelpDialog, shortcuts
from workbench.ui.main_window import MainWindow


def make_window(qtbot, master, settings):
    win = MainWindow(master, settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: win.runner.idle, timeout=15_000)  # the first rows are in
    return win


def test_columns_fit_their_content_and_the_stewards_widths_are_remembered(qtbot, sqlite_master, tmp_path):
    long = "Maria-Magdalena von Hohenzollern-Sigmaringen"
    first = add_customer(sqlite_master, "Webshop", 70, first_name="Maria-Magdalena",
                         last_name="von Hohenzollern-Sigmaringen", email="mm@example.de")
    second = add_customer(sqlite_master, "Newsletter", 40, first_name="Maria", last_name="Hohenzollern",
                          email="mm@example.de")
    add_customer(sqlite_master, "Webshop", 70, first_name="Jonas", last_name="Weber")
    add_candidates(sqlite_master, [(first, second)])
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window(qtbot, sqlite_master, settings)
    page = window.customers_page
    table = page.table
    assert table.columnWidth(COL_NAME) >= table.fontMetrics().horizontalAdvance(long)

    marks = {page.model.data(page.model.index(r, COL_NAME)): page.model.data(page.model.index(r, COL_REVIEW))
             for r in range(page.model.rowCount())}
    assert marks[long] == REVIEW_MARK and marks["Jonas Weber"] == ""

    table.setColumnWidth(COL_NAME, 333)
    window.close()
    again = make_window(qtbot, sqlite_master, settings)
    assert again.customers_page.table.columnWidth(COL_NAME) == 333

    buttons = [b.defaultAction() for b in again.customers_page.findChildren(QToolButton)]
    assert again.import_action in buttons and again.export_action in buttons


def test_long_names_give_way_so_the_email_is_in_sight_at_1280(qtbot, sqlite_master, tmp_path):
    add_customer(sqlite_master, "Events", 60, first_name="Evergreen Montessori:Spring Fair",
                 last_name="2025 Volunteers and Parents Committee", company="Riverside Yoga Studio and Wellness LLC",
                 email="events.and.volunteers@evergreenmontessori-school.example")
    add_customer(sqlite_master, "Webshop", 70, first_name="Jonas", last_name="Weber", email="jonas@example.de")
    window = make_window(qtbot, sqlite_master, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    table = window.customers_page.table
    qtbot.waitUntil(lambda: not window.customers_page._squeeze_pending, timeout=5_000)
    header = table.horizontalHeader()
    right_of_email = header.sectionViewportPosition(COL_EMAIL) + table.columnWidth(COL_EMAIL)
    assert right_of_email <= table.viewport().width()  # no sideways scrolling to read an e-mail
    assert table.columnWidth(COL_NAME) >= 140 and table.columnWidth(COL_COMPANY) >= 140


def test_squeezing_cuts_the_widest_columns_first_and_keeps_a_floor():
    widths = {0: 80, 1: 300, 2: 90, 3: 120, 4: 300}
    fitted = squeeze(widths, 700, [1, 3, 4], 140)
    assert sum(fitted.values()) <= 700 and fitted[3] == 120 and fitted[1] == fitted[4] == 205
    assert squeeze(widths, 2000, [1, 3, 4], 140) == widths  # room enough: nothing changes
    narrow = squeeze(widths, 300, [1, 3, 4], 140)
    assert narrow[1] == narrow[4] == 140 and narrow[3] == 120  # never below the floor: the list scrolls


def test_help_has_a_guide_and_the_keyboard_reference(qtbot, sqlite_master, tmp_path):
    window = make_window(qtbot, sqlite_master, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    found = shortcuts(window)
    everywhere = dict(found["Everywhere"])
    assert "Import" in everywhere and "Go to Duplicates" in everywhere
    duplicates = dict(found["Duplicates page"])
    assert duplicates["Merge"] == "M" and "Space or Enter" in duplicates.values()
    dialog = HelpDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == 2 and dialog.tabs.tabText(0) == "Getting started"
    assert window.guide_action in window.menuBar().actions()[-1].menu().actions()
