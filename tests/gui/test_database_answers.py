"""Answers that arrive too late are dropped quietly: a widget that has gone, a master that was
closed for another, a window that was closed while its reads were still running."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from workbench.ui.db import Database
from workbench.ui.main_window import MainWindow


def slow_read(gate: threading.Event, value: str):
    def read(_session) -> str:
        gate.wait(10)
        return value
    return read


def test_an_answer_for_a_widget_that_has_gone_is_not_delivered(qtbot, sqlite_master):
    db = Database(sqlite_master)
    label = QLabel("waiting")
    gate = threading.Event()
    db.read(slow_read(gate, "answer"), label.setText)
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label), timeout=5_000)
    gate.set()
    qtbot.waitUntil(lambda: db.idle and db.runner.idle, timeout=10_000)  # no error: the answer was dropped
    db.runner.wait()


def test_answers_from_a_master_that_was_replaced_are_not_shown(qtbot, sqlite_master, tmp_path):
    from workbench.store.master import open_master

    db = Database(sqlite_master)
    answers: list[str] = []
    gate = threading.Event()
    db.read(slow_read(gate, "old master"), answers.append)
    other = open_master(tmp_path / "other.sqlite")
    db.set_master(other)
    db.read(lambda _s: "new master", answers.append)
    gate.set()
    qtbot.waitUntil(lambda: db.idle and db.runner.idle, timeout=10_000)
    assert answers == ["new master"]
    db.runner.wait()
    other.close()


def test_closing_the_window_while_its_reads_run_leaves_nothing_behind(qtbot, sqlite_master, tmp_path):
    window = MainWindow(sqlite_master, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=15_000)
    gate, started = threading.Event(), threading.Event()
    delivered: list[str] = []
    page = window.registry.pages.customers
    finished = threading.Event()

    def late(session) -> str:
        started.set()
        text = slow_read(gate, "late")(session)
        finished.set()
        return text

    window.db.read(late, lambda text: delivered.append(text) or page.search.setText(text))
    assert started.wait(10)  # running on its reader thread when the window goes
    threading.Timer(0.3, gate.set).start()  # it ends while the window is closing
    window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: not _alive(page), timeout=5_000)
    assert finished.wait(10)
    qtbot.wait(200)  # the answer, queued for the GUI thread, arrives now: it must not be delivered
    assert delivered == []


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priority is a Linux matter")
def test_reads_and_writes_run_at_a_lower_priority_than_the_window(qtbot, sqlite_master):
    """On a machine whose cores are all busy with an import, the window's thread is served first."""
    db = Database(sqlite_master)
    seen: dict[str, int] = {}

    def priority(_session) -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    db.read(priority, lambda value: seen.__setitem__("read", value))
    db.write(priority, lambda value: seen.__setitem__("write", value))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    window_priority = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen["read"] > window_priority
    assert seen["write"] > window_priority
    db.runner.wait()
