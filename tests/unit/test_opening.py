"""Opening a master that needs upgrading: the steps are reported, the window is not frozen.

An upgrade of a big master rewrites every source record and rebuilds the file; the app opens a
master on a worker thread (`workbench/ui/opening.py`) and shows the upgrade's steps in a dialog
when it takes a while.
"""

from __future__ import annotations

import threading
import time

import pytest
from test_compact_storage import old_master
from test_packed_records import DUMP

from workbench.errors import WorkbenchError
from workbench.progress import Progress
from workbench.store import encryption, migrate
from workbench.store.master import open_master


def test_an_upgrade_reports_each_step_and_the_rebuild_of_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    path = old_master(tmp_path / "before.sqlite", DUMP)  # revision 0904: records to pack, a file to rebuild
    heard: list[tuple[int, int, str]] = []
    master = open_master(path, progress=Progress(report=lambda d, t, m: heard.append((d, t, m))))
    try:
        assert migrate.current_revision(master.engine) == migrate.head_revision()
    finally:
        master.close()
    assert heard[0][:2] == (0, 2) and "Upgrading the master for this version (step 1 of 2)" in heard[0][2]
    assert heard[1][:2] == (1, 2) and "Tidying the master's file (step 2 of 2)" in heard[1][2]
    assert heard[-1][:2] == (2, 2)
    assert not any("09" in message for _d, _t, message in heard), "no revision numbers shown to users"


def test_a_new_master_is_set_up_in_one_step_and_says_so(tmp_path):
    heard: list[tuple[int, int, str]] = []
    master = open_master(tmp_path / "new.sqlite", progress=Progress(report=lambda d, t, m: heard.append((d, t, m))))
    try:
        assert migrate.current_revision(master.engine) == migrate.head_revision()
    finally:
        master.close()
    assert heard == [(0, 1, "Setting up the new master…"), (1, 1, "The master is set up")]


def test_the_window_paints_while_a_slow_open_runs_and_shows_its_steps(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from workbench.ui.opening import UPGRADE_HINT, run_with_dialog

    seen: list[str] = []
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))  # the UI thread's own timers still run
    timer.start(20)

    def slow(progress: Progress) -> str:
        assert threading.current_thread() is not threading.main_thread()
        for step in range(3):
            progress(step, 3, f"Upgrading the master for this version (step {step + 1} of 3)…")
            time.sleep(0.4)
        return "opened"

    def look() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        seen.extend(d.labelText() for d in dialogs)

    watcher = QTimer()
    watcher.timeout.connect(look)
    watcher.start(100)
    assert run_with_dialog(None, "Opening the master…", slow, hint=UPGRADE_HINT) == "opened"
    timer.stop()
    watcher.stop()
    assert len(ticks) > 20, "the UI thread went on while the work ran"
    assert any("step 3 of 3" in label or "step 2 of 3" in label for label in seen), seen
    assert all("leave Steward Workbench open" in label for label in seen if "step" in label), seen
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_a_quick_open_shows_no_dialog_and_errors_come_back_as_raised(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from workbench.ui.opening import open_master_in_background

    open_master_in_background(None, str(tmp_path / "new.sqlite")).close()  # set up: may show its steps
    shown: list[bool] = []
    watcher = QTimer()
    watcher.timeout.connect(lambda: shown.append(any(
        isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())))
    watcher.start(10)
    master = open_master_in_background(None, str(tmp_path / "new.sqlite"), create=False)
    master.close()
    watcher.stop()
    assert not any(shown)
    with pytest.raises(WorkbenchError, match="no master there"):
        open_master_in_background(None, str(tmp_path / "missing.sqlite"), create=False)


@pytest.mark.skipif(not encryption.available(), reason="the encryption extra is not installed")
def test_an_encrypted_master_opened_from_the_window_asks_again_after_a_wrong_passphrase(qtbot, tmp_path,
                                                                                         monkeypatch):
    # The open runs on a worker thread; its errors come back to the window, which asks again.
    from workbench.ui import passphrase as opening_with_passphrase
    from workbench.ui.privacy import dialogs

    monkeypatch.delenv("WORKBENCH_PASSPHRASE", raising=False)
    monkeypatch.setattr(opening_with_passphrase, "passphrase_for", lambda _target: None)
    path = tmp_path / "secret.sqlite"
    open_master(path, passphrase="correct horse").close()
    answers = iter(["wrong", "correct horse"])
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_passphrase", lambda _parent, target: asked.append(target) or next(answers))
    master = opening_with_passphrase.open_with_passphrase(None, str(path), create=False)
    try:
        assert migrate.current_revision(master.engine) == migrate.head_revision()
    finally:
        master.close()
    assert len(asked) == 2
