"""The import dialog: how the file was read, the proposed mapping to edit, a dry run, the import, a summary.

Reading the file and importing it run as tasks (window.runner), so the window never freezes;
expected problems show inline in the dialog, with file, row and column.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.ingest import sheet_reader
from workbench.ingest.apart import import_file
from workbench.ingest.importer import ImportResult, prepare_import, source_names
from workbench.ingest.layout import NoCustomerSheet
from workbench.ingest.plan import ImportOptions, ImportPlan
from workbench.ingest.report import write_rejects
from workbench.ingest.sniff import DELIMITER_NAMES
from workbench.ingest.targets import target_choices, target_label
from workbench.ui.import_models import MappingModel, PreviewModel, RejectsModel, TargetRole

FORMAT_NAMES = {"csv": "Text table", "html": "Web page table (saved as Excel)",
                "xml": "Excel 2003 XML workbook", "xlsx": "Excel workbook", "xlsm": "Excel workbook (with macros)",
                "xls": "Excel 97–2003 workbook", "ods": "OpenDocument spreadsheet", "vcf": "vCard contacts"}
BY_CONTENT = "(none: by their content)"
PREVIEW_MAX_PX = 260


def describe_reading(plan: ImportPlan) -> str:
    table = plan.table
    parts = [FORMAT_NAMES.get(table.format, table.format)]
    if table.encoding:
        parts.append(table.encoding.upper().replace("CP1252", "Windows-1252").replace("LATIN-1", "Latin-1"))
    if table.delimiter:
        parts.append(f"{DELIMITER_NAMES.get(table.delimiter, repr(table.delimiter))}-separated")
    if table.sheet:
        parts.append(f"sheet “{table.sheet}”")
    if table.format != "vcf":
        parts.append(f"header in row {plan.header_row}" if plan.header_row else "no header row")
    if plan.consent_for_all:
        why = "the export's own meaning" if plan.recognised and plan.recognised.profile.consent else "the file name"
        parts.append(f"everyone marked {plan.consent_for_all} (from {why})")
    text = " · ".join(parts)
    if plan.recognised is not None:
        text = f"Recognised: {plan.recognised.profile.label}  ·  {text}"
    return text


def describe_counts(result: ImportResult) -> str:
    c = result.counts
    parts = [f"{c.new:,} new", f"{c.updated:,} updated", f"{c.unchanged:,} unchanged"]
    if c.duplicates:
        parts.append(f"{c.duplicates:,} repeated rows collapsed")
    parts.append(f"{c.rejected:,} rejected")
    if result.held_back:
        parts.append("held back: " + ", ".join(f"{why} {n:,}" for why, n in result.held_back.items()))
    text = f"{c.read:,} {'record' if c.read == 1 else 'records'} read: {', '.join(parts)}."
    return f"Dry run, nothing was changed. {text}" if result.dry_run else text


class TargetDelegate(QStyledItemDelegate):
    """A drop-down of fields for the "Imported as" column."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = QComboBox(parent)
        editor.addItem("(ignore this column)", None)
        editor.addItem("Keep as a custom attribute", "attribute")
        current = index.data(TargetRole)
        if current and current.startswith("attribute:"):
            editor.addItem(target_label(current), current)
        for target in target_choices():
            editor.addItem(target_label(target), target)
        editor.setMaxVisibleItems(20)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        position = editor.findData(index.data(TargetRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ImportDialog(QDialog):
    def __init__(self, window, path: Path) -> None:
        super().__init__(window)
        self.window_ = window
        self.path = Path(path)
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self._task = None
        self.setWindowTitle(f"Import {self.path.name}")
        self.setObjectName("importDialog")
        self.resize(1080, 720)

        self.title = QLabel(self.path.name)
        self.title.setObjectName("importTitle")
        self.reading = QLabel("Reading the file…")
        self.reading.setObjectName("importReading")
        self.reading.setWordWrap(True)

        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.setMinimumWidth(260)
        self.source.setToolTip("Where the file comes from. The mapping you confirm is remembered for this source.")
        self.sheet = QComboBox()
        self.key = QComboBox()
        self.key.setMinimumWidth(260)
        self.key.setToolTip("The column that identifies a record from one export to the next")
        self.region = QLineEdit()
        self.region.setMaxLength(2)
        self.region.setFixedWidth(70)
        self.region.setPlaceholderText("auto")
        self.region.setToolTip("Country for phone numbers written without a country code "
                               "(used when the record names no country)")
        form = QHBoxLayout()
        self.sheet_row_label = QLabel("Sheet:")
        for label, widget in (("Source:", self.source), (self.sheet_row_label, self.sheet),
                              ("Record key:", self.key), ("Phone region:", self.region)):
            form.addWidget(label if isinstance(label, QLabel) else QLabel(label))
            form.addWidget(widget)
            form.addSpacing(12)
        form.addStretch(1)

        self.mapping_model = MappingModel(self)
        self.mapping_view = QTableView()
        self.mapping_view.setObjectName("mappingTable")
        self.mapping_view.setModel(self.mapping_model)
        self.mapping_view.setItemDelegateForColumn(MappingModel.COL_TARGET, TargetDelegate(self.mapping_view))
        self.mapping_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.mapping_view.verticalHeader().setVisible(False)
        self.mapping_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mapping_view.setAlternatingRowColors(True)
        self.mapping_view.setWordWrap(False)
        header = self.mapping_view.horizontalHeader()
        header.setSectionResizeMode(MappingModel.COL_SAMPLES, QHeaderView.ResizeMode.Stretch)
        for column, width in ((MappingModel.COL_MARK, 28), (MappingModel.COL_COLUMN, 210),
                              (MappingModel.COL_TARGET, 230), (MappingModel.COL_HOW, 170)):
            self.mapping_view.setColumnWidth(column, width)
        self.preview_model = PreviewModel(self)
        self.mapping_model.mapping_changed.connect(self.preview_model.mapping_changed)
        self.mapping_model.mapping_changed.connect(self._mapping_changed)
        self.preview_view = QTableView()
        self.preview_view.setObjectName("previewTable")
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setWordWrap(False)
        self.preview_view.horizontalHeader().setDefaultSectionSize(140)
        self.preview_view.verticalHeader().setDefaultSectionSize(24)
        mapping_box = _titled("Columns and what they become", self.mapping_view)
        preview_box = _titled("The first rows, as read (numbered as in the file)", self.preview_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(mapping_box)
        splitter.addWidget(preview_box)
        splitter.setSizes([380, 240])

        setup = QWidget()
        setup_layout = QVBoxLayout(setup)
        setup_layout.setContentsMargins(0, 0, 0, 0)
        setup_layout.addLayout(form)
        setup_layout.addWidget(splitter, 1)

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.rejects_model = RejectsModel(self)
        self.rejects_view = QTableView()
        self.rejects_view.setObjectName("rejectsTable")
        self.rejects_view.setModel(self.rejects_model)
        self.rejects_view.verticalHeader().setVisible(False)
        self.rejects_view.horizontalHeader().setStretchLastSection(True)
        self.rejects_view.setColumnWidth(0, 70)
        done_page = QWidget()
        done_layout = QVBoxLayout(done_page)
        done_layout.setContentsMargins(0, 0, 0, 0)
        done_layout.addWidget(self.summary)
        done_layout.addWidget(self.rejects_view, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(setup)
        self.pages.addWidget(done_page)

        self.message = QLabel()
        self.message.setObjectName("importMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2 + 6)
        self.check_button = QPushButton("Check (dry run)")
        self.check_button.setToolTip("Count what would be new, updated, unchanged and rejected; change nothing")
        self.import_button = QPushButton("Import")
        self.import_button.setObjectName("primaryButton")
        self.save_rejects_button = QPushButton("Save rejects as CSV…")
        self.stop_button = QPushButton("Stop")
        self.close_button = QPushButton("Close")
        self.find_button = QPushButton("Find duplicates")
        self.find_button.setObjectName("primaryButton")  # the natural next step after an import
        self.find_button.setToolTip("Close and compare the new and changed customers with everyone else "
                                    "(after the last of several files)")
        self.wants_matching = False  # the steward asked for matching once the imports are done
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_rejects_button)
        buttons.addStretch(1)
        for button in (self.stop_button, self.check_button, self.import_button, self.find_button, self.close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.reading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.check_button.clicked.connect(lambda: self.start_import(dry_run=True))
        self.import_button.clicked.connect(lambda: self.start_import(dry_run=False))
        self.stop_button.clicked.connect(self.stop)
        self.close_button.clicked.connect(self.reject)
        self.find_button.clicked.connect(self._find_duplicates)
        self.save_rejects_button.clicked.connect(self.save_rejects)
        self.sheet.activated.connect(lambda _i: self.inspect())
        self.source.lineEdit().editingFinished.connect(self._source_edited)
        self.region.editingFinished.connect(self._region_edited)
        self.key.activated.connect(self._key_chosen)
        window.db.read_master(source_names, self._sources_arrived, label="Reading the sources")
        self.source.setCurrentIndex(-1)
        self._set_busy(False)
        self._show_sheet_choice(False)
        self.save_rejects_button.hide()
        self.find_button.hide()

    def _sources_arrived(self, names: list[str]) -> None:
        typed = self.source.currentText()  # the file's own source may have been filled in meanwhile
        self.source.addItems(names)
        self.source.setCurrentIndex(-1)
        self.source.setCurrentText(typed)

    # ------------------------------------------------------------------ reading

    def options(self) -> ImportOptions:
        source = self.source.currentText().strip() or None
        sheet = self.sheet.currentData() if self.sheet.count() else None
        region = self.region.text().strip().upper() or None
        return ImportOptions(source=source, sheet=sheet, region=region)

    def inspect(self, options: ImportOptions | None = None):
        master = self.window_.master
        options = options or self.options()
        path = self.path
        self._set_busy(True, f"Reading {path.name}…")
        return self._run(lambda progress: prepare_import(master, path, options), self._inspected,
                         title=f"Reading {path.name}…")

    def _inspected(self, plan: ImportPlan) -> None:
        self.plan = plan
        self._set_busy(False)
        self.reading.setText(describe_reading(plan))
        self.mapping_model.set_plan(plan)
        self.preview_model.set_plan(plan)
        self.preview_view.resizeColumnsToContents()  # the headings with their targets, whole
        for column in range(self.preview_model.columnCount()):
            self.preview_view.setColumnWidth(column, min(self.preview_view.columnWidth(column), PREVIEW_MAX_PX))
        self.source.setCurrentText(plan.source_name)
        if not self.region.text() and plan.region:
            self.region.setText(plan.region)
        self.sheet.blockSignals(True)
        self.sheet.clear()
        for info in plan.table.sheets:
            self.sheet.addItem(info.name + ("  (hidden)" if info.hidden else ""), info.name)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(plan.table.sheet)))
        self.sheet.blockSignals(False)
        self._show_sheet_choice(len(plan.table.sheets) > 1)
        self._fill_keys()
        self.message.setText(_mapping_hint(plan))

    def _fill_keys(self) -> None:
        assert self.plan is not None
        self.key.clear()
        self.key.addItem(BY_CONTENT, None)
        for column in self.plan.columns:
            self.key.addItem(column, column)
        self.key.setCurrentIndex(max(0, self.key.findData(self.plan.key_column)))

    def _key_chosen(self, _index: int) -> None:
        if self.plan is not None:
            self.plan.key_column = self.key.currentData()

    def _source_edited(self) -> None:
        if self.plan is not None and self.source.currentText().strip() != self.plan.source_name and not self.busy:
            self.inspect()  # another source may remember another mapping

    def _region_edited(self) -> None:
        if self.plan is not None:
            self.plan.region = self.region.text().strip().upper() or None
            self.plan.decide_dates()

    def _mapping_changed(self) -> None:
        self.result = None
        if self.plan is not None:
            self.message.setText(_mapping_hint(self.plan))

    # ------------------------------------------------------------------ importing

    def start_import(self, *, dry_run: bool):
        if self.plan is None or self.busy:
            return None
        name = self.source.currentText().strip()
        if not name:
            self._show_error("Name the source the file comes from (for example “Webshop”).")
            return None
        self.plan.source_name = name
        self.plan.region = self.region.text().strip().upper() or None
        plan, master = self.plan, self.window_.master
        label = "Checking" if dry_run else "Importing"
        self._set_busy(True, f"{label} {self.path.name}…")
        return self._run(lambda progress: import_file(master, plan, dry_run=dry_run, progress=progress),
                         self._imported, title=f"{label} {self.path.name}…")

    def _imported(self, result: ImportResult) -> None:
        self._set_busy(False)
        self.result = result
        if result.dry_run:
            self.message.setText(describe_counts(result) + (
                f"\nRejected: {_first_rejects(result)}" if result.counts.rejects else ""))
            return
        self.summary.setText(f"<b>{self.path.name}</b> → source “{result.source}”<br>{describe_counts(result)} "
                             f"({result.seconds:,.1f} s)"
                             + ("<br>These rows were not imported:" if result.counts.rejects else ""))
        self.rejects_model.set_rejects(result.counts.rejects)
        self.rejects_view.setVisible(bool(result.counts.rejects))
        self.save_rejects_button.setVisible(bool(result.counts.rejects))
        self.pages.setCurrentIndex(1)
        self.message.clear()
        self.check_button.hide()
        self.import_button.hide()
        self.close_button.setText("Done")
        changed = result.counts.new + result.counts.updated
        can_match = self.window_.registry.actions.find_duplicates is not None
        self.find_button.setVisible(bool(changed) and can_match)
        (self.find_button if changed and can_match else self.close_button).setDefault(True)
        self.window_.statusBar().showMessage(
            f"Imported {self.path.name}: "
            f"{result.counts.new:,} new, {result.counts.updated:,} updated", 8000)
        self.window_.data_changed.emit({"customers"})

    def _find_duplicates(self) -> None:
        self.wants_matching = True
        self.accept()

    def save_rejects(self) -> None:
        if self.result is None or self.plan is None:
            return
        default = str(self.path.with_name(self.path.stem + "-rejects.csv"))
        target, _ = QFileDialog.getSaveFileName(self, "Save rejected rows", default, "CSV (*.csv)")
        if not target:
            return
        try:
            count = write_rejects(self.plan, self.result.counts.rejects, Path(target))
        except WorkbenchError as exc:
            self._show_error(str(exc))
            return
        self.message.setText(f"Saved {count:,} rejected rows to {target}")

    # ------------------------------------------------------------------ tasks and state

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _run(self, fn, on_done, *, title: str):
        def done(value) -> None:
            self._task = None
            on_done(value)

        def failed(exc: BaseException) -> None:
            self._task = None
            self._set_busy(False)
            if isinstance(exc, NoCustomerSheet):  # let the user say which sheet it is
                self.sheet.clear()
                for name in exc.sheets:
                    self.sheet.addItem(name, name)
                self._show_sheet_choice(True)
                self.sheet.setEnabled(True)
                self._show_error(f"{exc} Choose the sheet above if it is one of them.")
            elif isinstance(exc, WorkbenchError):
                self._show_error(str(exc))
            else:
                self.window_._task_failed(exc)

        def cancelled() -> None:
            self._task = None
            self._set_busy(False)
            self.message.setText("Stopped. Nothing was changed.")

        self._task = self.window_.runner.start(fn, title=title, on_done=done, on_error=failed, on_cancel=cancelled)
        return self._task

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.message.setText("Stopping…")

    def _set_busy(self, busy: bool, message: str = "") -> None:
        ready = not busy and self.plan is not None
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.mapping_view.setEnabled(not busy)
        for widget in (self.source, self.sheet, self.key, self.region):
            widget.setEnabled(not busy)
        self.stop_button.setVisible(busy)
        self.close_button.setEnabled(not busy)
        if busy:
            self.message.setStyleSheet("")
            self.message.setText(message)

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b42318;")
        self.message.setText(text)

    def _show_sheet_choice(self, visible: bool) -> None:
        self.sheet.setVisible(visible)
        if self.sheet_row_label is not None:
            self.sheet_row_label.setVisible(visible)

    def reject(self) -> None:
        if self.busy:
            return  # the running task must end first (Stop)
        super().reject()

    def closeEvent(self, event) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        sheet_reader.let_go()  # a previewed workbook kept for an import that will not come now
        super().done(result)


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 6, 0, 0)
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


def _mapping_hint(plan: ImportPlan) -> str:
    kept = sum(1 for t in plan.mapping.values() if t and t.startswith("attribute:"))
    ignored = sum(1 for t in plan.mapping.values() if t is None)
    known = len(plan.columns) - kept - ignored
    parts = [f"{known} of {len(plan.columns)} columns imported as fields"]
    if kept:
        parts.append(f"{kept} kept as custom attributes")
    if ignored:
        parts.append(f"{ignored} ignored")
    if plan.table.fixed_mapping is not None:
        return f"{len(plan.columns)} fields found in the cards; each is imported as the field it names."
    check = sum(1 for c in plan.columns if plan.confidence(c) != "high")
    ask = f" {check} marked ? or ! at the top: please check them." if check else ""
    return "; ".join(parts) + "." + ask + " Click a field under “Imported as” to change it."


def _first_rejects(result: ImportResult) -> str:
    shown = "; ".join(f"row {r['row']}, {r['reason']}" for r in result.counts.rejects[:2])
    more = len(result.counts.rejects) - 2
    return shown + (f" and {more:,} more" if more > 0 else "")
