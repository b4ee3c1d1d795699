"""The main window as a user meets it: welcome, sample data, search, details, status bar."""

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from workbench.store.master import open_master
from workbench.ui.customers_model import COL_EMAIL, COL_NAME
from workbench.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(open_master(tmp_path / "gui.sqlite"), settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    settle(qtbot, win)
    yield win
    win.runner.cancel_all()
    win.runner.wait()


def settle(qtbot, window, timeout=15_000):
    """Until everything the window asked of the master has answered."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=timeout)


def load_demo(qtbot, window, rows=400):
    task = window.load_sample_data(rows)
    settle(qtbot, window, timeout=120_000)
    assert task.done.is_set()


def test_an_empty_master_welcomes_with_import_and_sample(window):
    assert window.central.currentWidget() is window.welcome
    assert window.welcome.sample_button.isEnabled()
    assert "0 customers" in window.counts_label.text()


def test_loading_sample_data_fills_the_table_and_status_bar(qtbot, window):
    load_demo(qtbot, window)
    assert window.central.currentWidget() is window.workspace
    page = window.customers_page
    assert page.model.rowCount() == 400
    assert "400 customers" in window.counts_label.text()
    assert "400 source records" in window.counts_label.text()


def test_search_by_name_and_by_email_then_see_the_details(qtbot, window):
    load_demo(qtbot, window)
    page = window.customers_page
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.index(r, COL_EMAIL).data())
    name = model.index(row, COL_NAME).data()
    email = model.index(row, COL_EMAIL).data()
    last_word = name.split()[-1]

    qtbot.keyClicks(page.search, last_word)
    qtbot.waitUntil(lambda: page.model.query.text == last_word, timeout=3000)
    settle(qtbot, window)
    names = [model.index(r, COL_NAME).data() for r in range(model.rowCount())]
    assert name in names
    assert f"{model.rowCount():,}" in page.result_label.text()

    page.search.clear()
    qtbot.keyClicks(page.search, email)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert email in {model.index(r, COL_EMAIL).data() for r in range(model.rowCount())}
    target = next(r for r in range(model.rowCount()) if model.index(r, COL_EMAIL).data() == email)
    page.select_customer_row(target)
    settle(qtbot, window)
    text = page.detail.text()
    assert email in text
    assert "SOURCE RECORDS (1)" in text
    assert "Demo data" in text


def test_cancelling_the_sample_load_keeps_the_master_empty(qtbot, window):
    task = window.load_sample_data(20_000)
    qtbot.waitUntil(lambda: window.task_progress.isVisible(), timeout=5000)
    qtbot.mouseClick(window.task_progress.cancel_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window, timeout=120_000)
    assert task.cancel_requested
    assert window.central.currentWidget() is window.welcome
    assert "0 customers" in window.counts_label.text()


def test_the_window_looks_right_with_data(qtbot, window, tmp_path):
    load_demo(qtbot, window, rows=300)
    window.customers_page.select_customer_row(2)
    settle(qtbot, window)
    path = tmp_path / "main.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 20_000  # a real rendering, not a blank image


def test_switching_masters_remembers_recent_ones(qtbot, window, tmp_path):
    other = tmp_path / "second.sqlite"
    assert window.switch_master(str(other))
    assert window.master.location == str(other)
    recent = window.settings.value("recent_masters")
    assert recent[0] == str(other) and str(tmp_path / "gui.sqlite") in recent
    assert [a.text() for a in window.recent_menu.actions()][0] == str(other)


def test_one_recent_master_survives_a_restart(qtbot, tmp_path):
    settings_file = tmp_path / "restart.ini"
    first = MainWindow(open_master(tmp_path / "only.sqlite"),
                       QSettings(str(settings_file), QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.close()
    again = QSettings(str(settings_file), QSettings.Format.IniFormat)
    second = MainWindow(open_master(tmp_path / "only.sqlite"), again)
    qtbot.addWidget(second)
    assert second.recent_masters() == [str(tmp_path / "only.sqlite")]


def test_settings_follow_workbench_home(isolated_home):
    from workbench.ui.main_window import app_settings

    assert app_settings().fileName() == str(isolated_home / "settings.ini")


def test_redo_answers_every_platform_shortcut(window):
    bindings = {QKeySequence(k).toString() for k in window.redo_action.shortcuts()}
    expected = {k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)}
    assert expected <= bindings and len(expected) >= 2  # Ctrl+Y and Ctrl+Shift+Z here


def test_a_master_busy_elsewhere_shows_as_a_waiting_message_then_a_plain_warning(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: warnings.append(text))
    other = open_master(window.master.url.database)  # another window or a script on the same master
    window.master.busy.wait_s = 1.5
    master = window.master

    def write(_progress):
        with master.transaction():
            pass

    try:
        with other.activity("an import of kasse.xlsx"), other.transaction():
            window.run_task(write, title="Saving…", on_done=lambda _result: None)
            # The running task says it waits, where it shows its progress.
            label = window.task_progress.label
            qtbot.waitUntil(lambda: label.text().startswith("Waiting"), timeout=10_000)
            assert "an import of kasse.xlsx" in label.text() + label.toolTip()
            qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    finally:
        other.close()
    assert "gave up" in warnings[0] and "an import of kasse.xlsx" in warnings[0]
