"""The status-bar strip that shows the running task, its progress and a Cancel button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from workbench.ui.tasks import Task

LABEL_MAX_PX = 560


class TaskProgress(QWidget):
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
        self._task: Task | None = None
        self.hide()

    def track(self, task: Task) -> None:
        self._task = task
        self.label.setText(task.title)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        task.signals.progress.connect(self.on_progress)
        self.show()

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
        if task is self._task:
            self._task = None
            self.hide()

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Cancelling…")
