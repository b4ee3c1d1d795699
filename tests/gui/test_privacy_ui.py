"""Privacy in the window: automatic backup on opening, erasure with its preview, the inactive list."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPlainTextEdit

sys.path.insert(0, str(Path(__file__).parent.parent / "privacy"))

from privacy_master import build, jans  # noqa: E402

from workbench.store.master import open_master  # noqa: E402
from workbench.ui.main_window import MainWindow  # noqa: E402
from workbench.ui.privacy.dialogs import ErasureDialog  # noqa: E402


@pytest.fixture
def jan_window(qtbot, tmp_path):
    path, _files, facts = build(tmp_path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("backup/folder", str(tmp_path / "backups"))
    window = MainWindow(open_master(path), settings)
    qtbot.addWidget(window)
    window.show()
    privacy = window.registry.panels.privacy
    qtbot.waitUntil(lambda: privacy.backup_task is not None and privacy.backup_task.done.is_set(), timeout=30_000)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=30_000)
    yield window, tmp_path, facts
    window.runner.cancel_all()
    window.runner.wait()


def test_a_changed_master_is_backed_up_when_it_opens_and_not_again(jan_window, qtbot):
    window, tmp_path, _facts = jan_window
    made = sorted((tmp_path / "backups").glob("*.sqlite"))
    assert len(made) == 1
    again = window.registry.panels.privacy.automatic_backup()
    qtbot.waitUntil(lambda: again.done.is_set(), timeout=30_000)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=30_000)
    assert sorted((tmp_path / "backups").glob("*.sqlite")) == made


def test_erasing_from_the_window_shows_the_preview_then_erases(jan_window, qtbot, monkeypatch):
    window, _tmp, facts = jan_window
    shown = []

    def accept(dialog):
        shown.append(dialog.findChild(QPlainTextEdit, "erasurePreview").toPlainText())
        dialog.reason.setText("request by letter")
        return ErasureDialog.DialogCode.Accepted

    monkeypatch.setattr(ErasureDialog, "exec", accept)
    assert {a.text() for a in window.registry.customer_actions()} >= {"E&rase…"}
    window.registry.panels.privacy.erase([facts["survivor"]])
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=60_000)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=60_000)
    assert "5 source records" in shown[0]
    assert jans(window.master) == []


def test_the_quality_page_lists_inactive_customers(jan_window, qtbot):
    window, _tmp, _facts = jan_window
    quality, privacy = window.registry.pages.quality, window.registry.panels.privacy
    titles = [quality.tables.tabText(i) for i in range(quality.tables.count())]
    assert "Inactive customers" in titles
    privacy.find_inactive()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=30_000)
    assert "customers with no order, import or change" in privacy.retention.summary.text()
