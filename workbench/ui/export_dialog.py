"""File → Export…: choose a preset and a filter, see the first rows as written, export, read the summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.export.fields import ALL_FIELDS
from workbench.export.presets import MARKETING, Preset, all_presets
from workbench.export.run import ExportRequest, ExportSummary, export_customers, preview
from workbench.progress import Progress
from workbench.store import export_rows
from workbench.store.master import Master
from workbench.ui.export_filters import FilterPanel
from workbench.ui.export_preview_model import ExportPreviewModel

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

PREVIEW_DELAY_MS = 200
PURPOSE_NOTES = {
    "marketing": "For e-mail marketing: only customers who gave marketing consent; never anyone marked "
                 "do not contact.",
    "contact": "For a CRM or address book: everyone the filter selects except customers marked do not contact.",
    "data": "A copy of the master: everyone the filter selects, the do-not-contact flag included.",
}


class ExportDialog(QDialog):
    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.settings: QSettings = window.settings
        self.presets: list[Preset] = all_presets()
        self.task = None
        self._close_when_stopped = False
        self._confirmed = ""  # the file the user agreed to replace
        self.last_summary: ExportSummary | None = None
        self.setWindowTitle("Export customers")
        self.setObjectName("exportDialog")
        self.resize(1180, 760)

        self.preset = QComboBox()
        self.preset.setObjectName("exportPreset")
        for preset in self.presets:
            self.preset.addItem(preset.label, preset.name)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setObjectName("exportPresetNotes")
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.filters = FilterPanel()
        self.include_without_consent = QCheckBox("Also include customers without marketing consent")
        self.include_without_consent.setToolTip(
            "Unsubscribed, bounced, declined and never-asked customers go in too (for example to give the tool "
            "its suppression list). Customers marked do not contact never do.")
        self.fields = QListWidget()
        self.fields.setObjectName("exportFields")
        self.fields.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.fields_box = QGroupBox("Fields (uncheck what the file should not carry)")
        fields_layout = QVBoxLayout(self.fields_box)
        fields_layout.addWidget(self.fields)
        all_none = QHBoxLayout()
        for label, state in (("All", Qt.CheckState.Checked), ("None", Qt.CheckState.Unchecked)):
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, s=state: self._check_all_fields(s))
            all_none.addWidget(button)
        all_none.addStretch(1)
        fields_layout.addLayout(all_none)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addWidget(QLabel("<b>Target</b>"))
        left_layout.addWidget(self.preset)
        left_layout.addWidget(self.about)
        left_layout.addSpacing(6)
        left_layout.addWidget(QLabel("<b>Who</b>"))
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.include_without_consent)
        left_layout.addWidget(self.fields_box, 1)
        left_layout.addStretch(0)

        self.preview_model = ExportPreviewModel(self)
        self.preview_table = QTableView()
        self.preview_table.setObjectName("exportPreview")
        self.preview_table.setModel(self.preview_model)
        self.preview_table.setWordWrap(False)
        self.preview_table.setAlternatingRowColors(True)
        self.preview_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview_table.verticalHeader().setDefaultSectionSize(24)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_text.setFont(QFont("monospace"))
        self.preview_stack = QStackedWidget()
        self.preview_stack.addWidget(self.preview_table)
        self.preview_stack.addWidget(self.preview_text)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("exportPreviewLabel")
        self.preview_label.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(QLabel("<b>Preview</b> — the first rows exactly as the file will hold them"))
        right_layout.addWidget(self.preview_stack, 1)
        right_layout.addWidget(self.preview_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 800])

        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.choose_file)
        path_row = QHBoxLayout()
        path_row.addWidget(QLabel("Save to"))
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_label = QLabel()
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("exportSummary")
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(150)
        self.summary.setVisible(False)

        self.export_button = QPushButton("Export")
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label, 1)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(path_row)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.filters.changed.connect(self._preview_timer.start)
        self.include_without_consent.toggled.connect(self._preview_timer.start)
        self.fields.itemChanged.connect(lambda _item: self._preview_timer.start())

        self.load_choices()
        remembered = self.settings.value("export/preset")
        index = self.preset.findData(remembered) if remembered else -1
        self.preset.setCurrentIndex(max(index, 0))
        self._preset_changed()

    # ------------------------------------------------------------------ state

    @property
    def master(self) -> Master:
        return self.window_.master

    def current_preset(self) -> Preset:
        return self.presets[max(self.preset.currentIndex(), 0)]

    def load_choices(self) -> None:
        """The master's segments, statuses, sources, countries and attributes, read in the background."""
        def read(session) -> tuple[dict[str, list], list[tuple[str, str]]]:
            return ({"segments": export_rows.segment_names(session), "statuses": export_rows.status_names(session),
                     "sources": export_rows.source_names(session),
                     "countries": export_rows.country_codes(session)}, export_rows.attribute_names(session))

        self.window_.db.read(read, self._choices_arrived, key=("export choices", id(self)))

    def _choices_arrived(self, choices: tuple[dict[str, list], list[tuple[str, str]]]) -> None:
        lists, attributes = choices
        self.filters.set_choices(**lists)
        checked = {self.fields.item(i).data(Qt.ItemDataRole.UserRole): self.fields.item(i).checkState()
                   for i in range(self.fields.count())}
        self.fields.blockSignals(True)
        self.fields.clear()
        for name, label in [*ALL_FIELDS, *((f"attribute.{n}", lbl) for n, lbl in attributes)]:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(checked.get(name, Qt.CheckState.Checked))
            self.fields.addItem(item)
        self.fields.blockSignals(False)
        self.refresh_preview()

    def _check_all_fields(self, state: Qt.CheckState) -> None:
        self.fields.blockSignals(True)
        for index in range(self.fields.count()):
            self.fields.item(index).setCheckState(state)
        self.fields.blockSignals(False)
        self._preview_timer.start()

    def chosen_fields(self) -> tuple[str, ...]:
        items = [self.fields.item(i) for i in range(self.fields.count())]
        checked = [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]
        if not checked:
            raise WorkbenchError("Choose at least one field for the file.")
        return () if len(checked) == len(items) else tuple(checked)

    def request(self) -> ExportRequest:
        preset = self.current_preset()
        return ExportRequest(
            preset=preset.name, filter=self.filters.customer_filter(), segment=self.filters.segment_name(),
            include_without_consent=preset.purpose == MARKETING and self.include_without_consent.isChecked(),
            fields=self.chosen_fields() if preset.all_fields else ())

    def _preset_changed(self) -> None:
        preset = self.current_preset()
        encoding = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with byte-order mark"}.get(preset.encoding, preset.encoding)
        layout = preset.format.upper() if preset.format != "vcard" else f"vCard {preset.vcard_version}"
        rows = {"customer": "one row per customer", "email": "one row per e-mail address",
                "source_record": "one row per source record"}[preset.rows]
        details = f"{layout}, {rows}" + (f", {encoding}" if preset.format == "csv" else "")
        self.about.setText(f"{PURPOSE_NOTES[preset.purpose]}<br><span style='color:#666'>{details}</span>")
        self.about.setToolTip(preset.follows)
        self.include_without_consent.setVisible(preset.purpose == MARKETING)
        self.fields_box.setVisible(preset.all_fields)
        folder = Path(str(self.settings.value("export/folder") or Path.home()))
        current = Path(self.path.text()) if self.path.text() else None
        if current is not None and current.parent.is_dir():
            folder = current.parent
        self.path.setText(str(folder / preset.default_file_name()))
        self.refresh_preview()

    # ------------------------------------------------------------------ preview

    def refresh_preview(self) -> None:
        """Ask for the preview of what is chosen now; only the answer to the latest question shows."""
        self._preview_timer.stop()
        try:
            request = self.request()
        except WorkbenchError as exc:
            self._preview_failed(exc)
            return
        self.window_.db.read_master(lambda master: preview(master, request), self._show_preview,
                                    on_error=self._preview_failed, key=("export preview", id(self)),
                                    label="Previewing the export")

    def _preview_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, WorkbenchError):
            self.window_.db.report_error(exc)
            return
        self.preview_model.clear()
        self.preview_text.setPlainText("")
        self.preview_label.setText(f"<span style='color:#b00020'>{exc}</span>")
        self.export_button.setEnabled(False)

    def _show_preview(self, shown) -> None:
        self.export_button.setEnabled(self.task is None)
        if shown.text is not None:
            self.preview_stack.setCurrentWidget(self.preview_text)
            self.preview_text.setPlainText(shown.text.replace("\r\n", "\n"))
            self.preview_model.clear()
        else:
            self.preview_stack.setCurrentWidget(self.preview_table)
            self.preview_model.set_preview(shown.headers, shown.rows)
            header = self.preview_table.horizontalHeader()
            self.preview_table.resizeColumnsToContents()
            for column in range(self.preview_model.columnCount()):
                header.resizeSection(column, min(max(header.sectionSize(column), 70), 260))
        self.preview_label.setText(
            f"{shown.matching:,} customers may be exported: those matching the filter whom the consent and "
            "do-not-contact rules allow; rows without what the tool requires are left out and counted in the "
            "summary.")

    # ------------------------------------------------------------------ export

    def choose_file(self) -> None:
        preset = self.current_preset()
        pattern = f"{preset.tool} file (*{preset.extension});;All files (*)"
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), pattern)
        if path:
            if not Path(path).suffix:
                path += preset.extension
            self.path.setText(path)
            self._confirmed = str(Path(path).expanduser())  # the file dialog asked before replacing

    def start_export(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.choose_file()
            text = self.path.text().strip()
            if not text:
                return
        target = Path(text).expanduser()
        try:
            request = self.request()
        except WorkbenchError as exc:
            self.preview_label.setText(f"<span style='color:#b00020'>{exc}</span>")
            return
        if target.is_file() and not target.is_symlink() and str(target) != self._confirmed:
            answer = QMessageBox.question(self, "Replace the file?",
                                          f"{target.name} exists already in {target.parent}.\nReplace it?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._confirmed = str(target)
        master = self.master
        self.settings.setValue("export/preset", request.preset)
        self.settings.setValue("export/folder", str(target.parent))

        def work(progress: Progress) -> ExportSummary:
            return export_customers(master, request, target, replace=True, progress=progress)

        self.summary.setVisible(False)
        self.task = self.window_.run_task(work, title=f"Exporting for {self.current_preset().tool}…",
                                          on_done=self._export_done, on_cancel=self._export_cancelled)
        self.task.signals.progress.connect(self._on_progress)
        self.task.signals.failed.connect(self._export_failed)
        self._set_running(True)

    def cancel_export(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText("Cancelling…")

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.progress_label.setText(message)

    def _set_running(self, running: bool) -> None:
        if not running:
            self.task = None
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running)
        self.preset.setEnabled(not running)
        self.filters.setEnabled(not running)
        if not running:
            self.progress_label.setText("")

    def _export_failed(self, _exc: BaseException) -> None:
        self._set_running(False)  # the main window shows the error
        self._stopped()

    def _export_done(self, summary: ExportSummary) -> None:
        self._set_running(False)
        self._stopped()
        self.last_summary = summary
        self.summary.setPlainText("\n".join(summary.lines()))
        self.summary.setVisible(True)
        self.window_.statusBar().showMessage(f"Exported {summary.rows:,} rows to {summary.file}", 8000)

    def _export_cancelled(self) -> None:
        self._set_running(False)
        self._stopped()
        self.summary.setPlainText("Export cancelled: no file was written (an earlier file of that name is "
                                  "untouched).")
        self.summary.setVisible(True)

    def reject(self) -> None:
        if self.task is not None:  # closing while exporting cancels; the dialog goes once it has stopped
            self._close_when_stopped = True
            self.cancel_export()
            return
        super().reject()

    def _stopped(self) -> None:
        if self._close_when_stopped:
            self._close_when_stopped = False
            super().reject()
