"""Helpers for the GUI tests of definitions, the customer editor, segments and quality."""

from __future__ import annotations

from datetime import timedelta

from customer_factory import make_customer
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from workbench.store.models import utcnow
from workbench.ui.main_window import MainWindow

BERLIN = {"street": "Hauptstraße 5", "postcode": "10115", "city": "Berlin", "country": "DE"}


def seed(master) -> dict[str, int]:
    """A few customers a steward would recognise: a recent buyer, an old one, a household, a prospect."""
    now = utcnow()
    with master.transaction() as session:
        ids = {
            "recent": make_customer(session, first="Zoë", last="Müller-Lüdenscheidt", emails=("zoe@example.de",),
                                    address=BERLIN, last_order_at=now - timedelta(days=200), order_count=3,
                                    first_seen_at=now - timedelta(days=900)).id,
            "partner": make_customer(session, first="Jonas", last="Müller-Lüdenscheidt", address=BERLIN,
                                     first_seen_at=now - timedelta(days=100)).id,
            "old": make_customer(session, first="Åsa", last="Lindqvist", last_order_at=now - timedelta(days=800),
                                 order_count=1, phones=(("+46 8 123 456 78", "home"),)).id,
            "prospect": make_customer(session, company="Brandt & Söhne GmbH", emails=("info@brandt.de",),
                                      first_seen_at=now - timedelta(days=5)).id,
        }
    from workbench.definitions.statuses import recompute_statuses

    with master.transaction() as session:
        recompute_statuses(session)
    return ids


def make_window(qtbot, master, tmp_path) -> MainWindow:
    window = MainWindow(master, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    wait_idle(qtbot, window)
    return window


def wait_idle(qtbot, window, timeout: int = 15_000) -> None:
    """Until every task, read and change the window asked for has answered (and what answers asked)."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=timeout)


def answer_yes(monkeypatch) -> list[str]:
    """Confirmations say yes; returns the questions asked."""
    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def capture_warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: shown.append(text)))
    return shown


def customers_column(window, column: int) -> list[str]:
    model = window.customers_page.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def open_editor(qtbot, window, customer_id: int):
    """The customer editor, once the customer has been read and the editor has opened."""
    from workbench.ui.customer_editor.dialog import open_customer_editor

    opened = []
    open_customer_editor(window, customer_id, on_open=opened.append)
    qtbot.waitUntil(lambda: bool(opened) and opened[0].ready, timeout=10_000)  # every section made
    editor = opened[0]
    wait_idle(qtbot, window)
    return editor
