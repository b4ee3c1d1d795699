"""The status-bar strip that shows the running task, its progress and a Cancel button; and the
quiet note that says what the window waits for when a read or a change takes a moment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from workbench.ui.tasks import Task

LABEL_MAX_PX = 560
WAITING_MAX_PX = 380


class TaskProgress(QWidget):
    """The newest running task; when it ends, the one started before it (still running) shows again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setMaximumWidth(LABEL_MAX_PX)
        self.bar = QProgressBar()
        self.bar.setFixedWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop; nothing of the unfinished work is kept")
        self.cancel_button.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._tasks: list[Task] = []
        self._last: dict[Task, tuple[int, int, str]] = {}  # each task's latest progress, to show it again
        self.hide()

    @property
    def _task(self) -> Task | None:
        return self._tasks[-1] if self._tasks else None

    def track(self, task: Task) -> None:
        self._tasks.append(task)
        task.signals.progress.connect(lambda done, total, message: self._progress(task, done, total, message))
        self._show(task)
        self.show()

    def _show(self, task: Task) -> None:
        self._say(task.title if not task.cancel_requested else "Cancelling…")
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(not task.cancel_requested)
        if task in self._last:
            self.on_progress(*self._last[task])

    def _progress(self, task: Task, done: int, total: int, message: str) -> None:
        self._last[task] = (done, total, message)
        if task is self._task:
            self.on_progress(done, total, message)

    def on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if message:
            self._say(message)

    @property
    def running(self) -> bool:
        return self._task is not None

    def show_waiting(self, message: str) -> None:
        """The running task waits for a master another program is writing to."""
        self._say(message)

    def _say(self, message: str) -> None:
        metrics = self.label.fontMetrics()
        shown = metrics.elidedText(message, Qt.TextElideMode.ElideMiddle, LABEL_MAX_PX)
        self.label.setText(shown)
        self.label.setToolTip(message if shown != message else "")

    def finish(self, task: Task) -> None:
        was_shown = task is self._task
        if task in self._tasks:
            self._tasks.remove(task)
        self._last.pop(task, None)
        if self._task is None:
            self.hide()
        elif was_shown:
            self._show(self._task)

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Cancelling…")


class WaitingLabel(QLabel):
    """'Loading…', 'Undo Merge waits for “Importing x.csv” to finish…': shown only once the window
    has waited a moment (workbench/ui/db.py decides when), so quick answers never flicker it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingLabel")
        self.setStyleSheet("color: #616e7c; padding-right: 8px;")
        self.hide()

    def show_waiting(self, message: str) -> None:
        if not message:
            self.hide()
            return
        shown = self.fontMetrics().elidedText(message, Qt.TextElideMode.ElideMiddle, WAITING_MAX_PX)
        self.setText(shown)
        self.setToolTip(message if shown != message else "")
        self.show()
