"""Opening a master without freezing the window: the open runs on a worker thread.

Opening a master is quick, except when this version of the app has to set it up or upgrade it
first: an upgrade of a big master rewrites every source record and rebuilds the file, which can
take minutes. The open runs on a worker thread. If it takes longer than `SHOW_AFTER_MS`, a dialog
shows which step the upgrade is at. Until it ends, the window keeps painting but takes no clicks
or keys: the user cannot start anything on a master that is not yet open.

An upgrade has no Cancel. Each step is one transaction, so a master stopped between two steps is
whole but of neither version. The app could not use it until the remaining steps ran.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from workbench import APP_NAME
from workbench.progress import Progress
from workbench.store.master import Master, open_master

T = TypeVar("T")

SHOW_AFTER_MS = 400  # an open quicker than this shows no dialog at all
POLL_MS = 50


def open_master_in_background(parent: QWidget | None, target: str, *, create: bool = True,
                              passphrase: str | None = None) -> Master:
    """`open_master` on a worker thread, its upgrade steps shown in a dialog when it takes a while;
    its errors (a wrong passphrase, a newer master) are raised here as `open_master` raises them."""
    return run_with_dialog(parent, "Opening the master…", lambda progress: open_master(
        target, create=create, passphrase=passphrase, progress=progress), hint=UPGRADE_HINT)


UPGRADE_HINT = "A big master takes a few minutes. Please leave Steward Workbench open until it is done."


def run_with_dialog(parent: QWidget | None, label: str, work: Callable[[Progress], T], hint: str = "") -> T:
    """Run `work` on a worker thread; wait for it in a local event loop that paints but takes no
    input, with a progress dialog once it has run for `SHOW_AFTER_MS` (`hint`: a line under each
    step's message, when the work has several steps: setting up a new master is one)."""
    lock = threading.Lock()
    latest = (0, 0, label)

    def report(done: int, total: int, message: str) -> None:
        nonlocal latest
        with lock:
            latest = (done, total, "\n".join(filter(None, (message or label, hint if total > 1 else ""))))

    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle(APP_NAME)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumWidth(460)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="open-master") as pool:
        future = pool.submit(work, Progress(report=report))
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(POLL_MS)

        def tick() -> None:
            with lock:
                done, total, message = latest
            dialog.setLabelText(message)
            dialog.setRange(0, total)
            dialog.setValue(done)
            if future.done():
                loop.quit()

        timer.timeout.connect(tick)
        timer.start()
        if not future.done():
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        timer.stop()
    dialog.close()
    dialog.deleteLater()
    return future.result()
