"""Importing from the main window: File → Import…, the welcome panel's button, and files dropped on the window."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog

from workbench.ingest.sniff import SUPPORTED_EXTENSIONS
from workbench.ui.import_dialog import ImportDialog

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

FILE_FILTER = ("Customer lists (" + " ".join(f"*{e}" for e in SUPPORTED_EXTENSIONS) + ");;"
               "Text tables (*.csv *.tsv *.txt);;Workbooks (*.xlsx *.xlsm *.xls *.ods);;vCards (*.vcf);;All files (*)")


def dropped_files(urls) -> list[Path]:
    """The local files among dropped URLs (folders and web links are not imports)."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [p for p in paths if p.is_file()]


class Importer(QObject):
    """Opens one import dialog at a time; files dropped together are offered one after another."""

    matching_requested = Signal()  # "Find duplicates" after the last of the files (wired in ui/features.py)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.queue: deque[Path] = deque()
        self.dialog: ImportDialog | None = None
        self.match_when_done = False  # "Find duplicates" was asked for; runs after the last queued file

    def choose_file(self) -> None:
        start = self.window.settings.value("import/last_folder") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Import a customer file", str(start), FILE_FILTER)
        if path:
            self.open_files([Path(path)])

    def open_files(self, paths: list[Path]) -> ImportDialog | None:
        self.queue.extend(paths)
        if self.dialog is None:
            return self._next()
        return self.dialog

    def _next(self) -> ImportDialog | None:
        if not self.queue:
            return None
        path = self.queue.popleft()
        self.window.settings.setValue("import/last_folder", str(path.parent))
        self.dialog = ImportDialog(self.window, path)
        self.dialog.finished.connect(self._closed)
        self.dialog.show()
        self.dialog.inspect()
        return self.dialog

    def _closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.match_when_done |= self.dialog.wants_matching
            self.dialog.deleteLater()
        self.dialog = None
        if self._next() is None and self.match_when_done:
            self.match_when_done = False
            self.matching_requested.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DragEnter and isinstance(event, QDragEnterEvent):
            if event.mimeData().hasUrls() and dropped_files(event.mimeData().urls()):
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            files = dropped_files(event.mimeData().urls()) if event.mimeData().hasUrls() else []
            if files and self.window.import_action.isEnabled():
                event.acceptProposedAction()
                self.open_files(files)
                return True
        return False


def install(window: MainWindow) -> Importer:
    importer = Importer(window)
    window.import_action.triggered.connect(importer.choose_file)
    window.import_action.setEnabled(True)
    window.setAcceptDrops(True)
    window.installEventFilter(importer)
    # One writer at a time: no new import while another task is writing to the master.
    window.runner.started.connect(lambda _task: window.import_action.setEnabled(False))
    window.runner.ended.connect(lambda _task: window.import_action.setEnabled(not window.runner.busy))
    return importer
