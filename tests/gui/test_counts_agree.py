"""One set of numbers: the status bar, the Duplicates, Matching and Data quality pages count groups,
customers in groups and pairs the same way, before and after a verdict."""

from __future__ import annotations

import re

import pytest
from definitions_gui_support import wait_idle
from group_data import many_systems_group
from PySide6.QtCore import QSettings
from review_data import review_master

from workbench.stewardship.counts import ReviewCounts, review_counts
from workbench.stewardship.queue import ReviewQueue
from workbench.store.models import MatchCandidate
from workbench.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, sqlite_master, tmp_path):
    review_master(sqlite_master, rows=120)
    many_systems_group(sqlite_master, 12)
    win = MainWindow(sqlite_master, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    wait_idle(qtbot, win)
    return win


def numbers(text: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", re.sub(r"<[^>]+>", " ", text))]


def shown_everywhere(qtbot, window) -> dict[str, object]:
    window.show_page("quality")
    window.registry.pages.quality.refresh()
    wait_idle(qtbot, window)
    quality = window.registry.pages.quality
    window.show_page("matching")
    wait_idle(qtbot, window)
    return {
        "status bar": window.counts_label.text(),
        "duplicates": window.registry.pages.duplicates.left_label.text(),
        "matching": window.registry.pages.matching.summary.text(),
        "quality groups": quality.tiles["duplicates"].caption.text(),
        "quality customers": numbers(quality.tiles["duplicates"].number.text())[0],
        "quality pairs": quality.report.open_candidates,
    }


def check(shown: dict[str, object], counts: ReviewCounts) -> None:
    assert counts.text() in shown["status bar"]
    assert numbers(shown["duplicates"])[0] == counts.groups
    assert counts.text() in shown["matching"]
    assert counts.groups_text in shown["quality groups"]
    assert shown["quality customers"] == counts.customers
    assert shown["quality pairs"] == counts.pairs


def test_the_counts_agree_across_pages(qtbot, window):
    with window.master.session() as session:
        counts = review_counts(session)
        assert counts.groups == ReviewQueue().count(session)
        assert counts.pairs == session.query(MatchCandidate).filter(MatchCandidate.status == "open").count()
    assert counts.groups < counts.pairs and counts.groups < counts.customers  # three different things
    check(shown_everywhere(qtbot, window), counts)

    window.show_page("duplicates")
    page = window.registry.pages.duplicates
    wait_idle(qtbot, window)
    page.merge()
    wait_idle(qtbot, window)
    with window.master.session() as session:
        after = review_counts(session)
    assert after.groups == counts.groups - 1
    check(shown_everywhere(qtbot, window), after)


def test_before_any_search_data_quality_does_not_claim_zero_duplicates(qtbot, sqlite_master, tmp_path):
    from customer_factory import make_customer

    with sqlite_master.transaction() as session:
        make_customer(session, first="Aurelia", last="Gute")
    win = MainWindow(sqlite_master, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    win.show_page("quality")
    win.registry.pages.quality.refresh()
    wait_idle(qtbot, win)
    assert win.registry.pages.quality.tiles["duplicates"].caption.text() == "duplicates not searched yet"
