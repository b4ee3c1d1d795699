"""The Matching page: find duplicates (in a worker, with progress and cancel), and the match settings.

Settings are the master's (shared by a team): a preset or hand-set thresholds, the fields
taking part and how much each counts. What the last run found and what the data taught
about each field are shown beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.matching import MatchReport, MatchSettings, load_settings, save_settings
from workbench.matching.apart import run_matching_apart
from workbench.matching.settings import PRESETS
from workbench.matching.status import LastRun, last_run, open_scores
from workbench.progress import Progress
from workbench.stewardship.counts import ReviewCounts, review_counts
from workbench.stewardship.reasons import (
    auto_merge_choices,
    chance_text,
    expected_wrong_text,
    review_choices,
    wrong_share_text,
)
from workbench.store.master import Master
from workbench.ui.match_fields_model import COL_FACTOR, COL_FIELD, COL_LEARNED, MatchFieldsModel
from workbench.ui.threshold_choice import ThresholdChoice

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

CUSTOM = "custom"
FIELDS_MIN_HEIGHT = 150
STAGE_NAMES = {"load": "reading", "blocking": "pairing", "compare": "comparing", "estimate": "learning weights",
               "score": "scoring", "cluster": "grouping", "explain": "explaining", "write": "saving"}


class MatchingPage(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self._loading = False
        self._review = ReviewCounts()
        title = QLabel("Finding duplicates")
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 15pt; font-weight: 600; color: #102a43;")
        intro = QLabel("Matching compares customers that share something (an e-mail, a phone, a similar name) and "
                       "scores each pair from what agrees and what differs. How much each field counts is learned "
                       "from your own data. Pairs at or above the review threshold are suggested to you; groups at "
                       "or above the auto-merge threshold may be merged without asking.")
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #3e4c59;")

        self.find_button = QPushButton("Find duplicates")
        self.find_button.setObjectName("primaryButton")
        self.find_button.clicked.connect(self.find_duplicates)
        self.full_check = QCheckBox("Compare everyone again (otherwise only new and changed customers)")
        self.summary = QLabel()
        self.summary.setObjectName("matchSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setMinimumWidth(200)  # a narrow column would break every line of the run report

        self.preset = QComboBox()
        for preset in PRESETS.values():
            self.preset.addItem(preset.label, preset.name)
        self.preset.addItem("Custom", CUSTOM)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.preset.setMaximumWidth(360)
        self.preset_help = QLabel()
        self.preset_help.setWordWrap(True)
        self.preset_help.setStyleSheet("color: #616e7c;")
        self.review = self._threshold_box()
        self.auto = self._threshold_box()
        self.identifiers = QLineEdit()
        self.identifiers.setPlaceholderText("e.g. vat_number, member_no (custom attributes, comma-separated)")
        self.identifiers.textEdited.connect(self._identifiers_edited)
        self.identifiers.setMaximumWidth(520)
        self.detect_identifiers = QCheckBox("Also use attributes that look like personal identifiers")
        self.detect_identifiers.setToolTip("Custom attributes nearly unique per customer (a member or customer "
                                           "number), whose records sharing a value mostly have the same names, "
                                           "take part without being named here.")
        self.detect_identifiers.toggled.connect(lambda _on: None if self._loading else self._edited())
        self.households = QCheckBox("Different first names or birth dates mean different people")
        self.households.setToolTip("Even with a shared e-mail, phone or address: households, couples, parents and "
                                   "children. Untick for lists without households, where such differences are "
                                   "typing errors.")
        self.households.toggled.connect(lambda _on: None if self._loading else self._edited())
        self.review_choice = ThresholdChoice(self.review, review_choices([p.review_threshold for p in
                                                                          PRESETS.values()]), chance_text)
        self.auto_choice = ThresholdChoice(self.auto, auto_merge_choices([p.auto_merge_threshold for p in
                                                                          PRESETS.values()]), wrong_share_text)
        self.review_choice.combo.setToolTip("Pairs at least this likely to be one customer are suggested to you")
        self.auto_choice.combo.setToolTip("Computed from the learned model: a merge at this point is wrong at most "
                                          "this often; merges above it less often still")
        self.expected = QLabel()  # what the threshold would do to the pairs the last search found
        self.expected.setObjectName("autoMergeExpected")
        self.expected.setWordWrap(True)
        self.expected.setStyleSheet("color: #616e7c;")
        self._scores = np.zeros(0)
        self.expert = QCheckBox("Show scores in bits (for experts)")
        self.expert.setToolTip("A score in bits is log₂ of the odds for the same customer: +10 is about 1,000 to 1")
        self.expert.toggled.connect(self._expert_toggled)
        thresholds = QGroupBox("Thresholds")
        form = QFormLayout(thresholds)
        form.addRow("Preset", self.preset)
        form.addRow("", self.preset_help)
        form.addRow("Suggest for review pairs", self.review_choice)
        form.addRow("Merge automatically, with", self.auto_choice)
        form.addRow("", self.expected)
        form.addRow("Identifying attributes", self.identifiers)
        form.addRow("", self.detect_identifiers)
        form.addRow("Households", self.households)
        form.addRow("", self.expert)

        self.fields_model = MatchFieldsModel(self)
        self.fields_model.settings_edited.connect(self._edited)
        self.fields_table = QTableView()
        self.fields_table.setObjectName("matchFields")
        self.fields_table.setModel(self.fields_model)
        self.fields_table.verticalHeader().setVisible(False)
        self.fields_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.fields_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.fields_table.setWordWrap(True)  # what the data says, in words, is longer than in bits
        self.fields_table.setShowGrid(False)
        header = self.fields_table.horizontalHeader()
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_FACTOR, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_LEARNED, QHeaderView.ResizeMode.Stretch)
        fields_box = QGroupBox("Fields taking part (untick to leave one out; 'Weight' makes a field count more or "
                               "less than learned)")
        fields_layout = QVBoxLayout(fields_box)
        fields_layout.addWidget(self.fields_table)
        self._fit_fields = QTimer(self, singleShot=True, interval=0, timeout=self._fit_fields_table)
        self.fields_model.modelReset.connect(self._fit_fields.start)
        self.fields_model.dataChanged.connect(lambda *_: self._fit_fields.start())
        header.sectionResized.connect(lambda *_: self._fit_fields.start())
        self._fit_fields_table()

        self.save_button = QPushButton("Save settings")
        self.save_button.clicked.connect(self.save)
        self.defaults_button = QPushButton("Restore defaults")
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.dirty_label = QLabel()
        self.dirty_label.setStyleSheet("color: #b44d12;")

        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addWidget(self.full_check)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dirty_label)
        buttons.addStretch(1)
        buttons.addWidget(self.defaults_button)
        buttons.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addWidget(thresholds)
        left.addWidget(fields_box, 10)
        self.fields_box = fields_box
        left.addLayout(buttons)
        left.addStretch(1)
        last_box = QGroupBox("Last run")
        last_layout = QVBoxLayout(last_box)
        last_layout.addWidget(self.summary)
        last_layout.addStretch(1)
        body = QHBoxLayout()
        last_box.setMaximumWidth(240)  # the fields table needs the room more
        body.addLayout(left, 3)
        body.addWidget(last_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.reload()

    def _threshold_box(self) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(-30.0, 60.0)
        box.setSingleStep(0.5)
        box.setDecimals(1)
        box.setSuffix(" bits")
        box.valueChanged.connect(self._threshold_changed)
        return box

    def _fit_fields_table(self) -> None:
        """As tall as its rows, each wrapped to its text, where there is room: the page, not an empty table,
        takes the rest of a big window."""
        table = self.fields_table
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(self.fields_model.rowCount()))
        full = table.horizontalHeader().sizeHint().height() + rows + 4
        # In a small window it scrolls instead, so the page still fits 1280×800.
        table.setMinimumHeight(min(full, FIELDS_MIN_HEIGHT))
        table.setMaximumHeight(full)
        if hasattr(self, "fields_box"):  # and the box around it no taller, so the room goes to the page
            margins = self.fields_box.layout().contentsMargins()
            self.fields_box.setMaximumHeight(full + margins.top() + margins.bottom() +
                                             self.fields_box.fontMetrics().height() + 8)

    # ------------------------------------------------------------------ state

    @property
    def master(self) -> Master:
        return self.window_.master

    def reload(self) -> None:
        """Settings, the last run and the review figures, as the master has them now (shown when read)."""
        self.window_.db.read(lambda session: (load_settings(session), last_run(session), review_counts(session),
                                              open_scores(session)),
                             self._reloaded, key=("match settings", id(self)), label="Reading the match settings")

    def _reloaded(self, found: tuple[MatchSettings, LastRun | None, ReviewCounts]) -> None:
        settings, run, self._review, self._scores = found
        self._show(settings, run.weights if run else {})
        self._show_run(run)
        self._set_dirty(False)

    def candidates_changed(self) -> None:
        """A run or a decision elsewhere (another window, the command line): show the newest run,
        keeping settings the user is still editing."""
        if self.save_button.isEnabled():
            self.window_.db.read(lambda session: (last_run(session), review_counts(session), open_scores(session)),
                                 self._run_read,
                                 key=("last run", id(self)), label="Reading the last run")
        else:
            self.reload()

    def _show(self, settings: MatchSettings, weights=None) -> None:
        self._loading = True
        try:
            # Settings saved under a preset whose thresholds have changed since are the thresholds saved.
            preset = PRESETS.get(settings.preset)
            same = preset is not None and (preset.review_threshold, preset.auto_merge_threshold) == (
                settings.review_threshold, settings.auto_merge_threshold)
            index = self.preset.findData(settings.preset if same else CUSTOM)
            self.preset.setCurrentIndex(index)
            self.review.setValue(settings.review_threshold)
            self.auto.setValue(settings.auto_merge_threshold)
            self.fields_model.set_state(settings, weights if weights is not None else self.fields_model.weights)
            self.identifiers.setText(", ".join(settings.identifier_attributes))
            self.households.setChecked(settings.household_rule)
            self.detect_identifiers.setChecked(settings.detect_identifiers)
            self._update_help()
        finally:
            self._loading = False

    def current_settings(self) -> MatchSettings:
        preset = self.preset.currentData()
        return replace(self.fields_model.settings, preset=preset, review_threshold=self.review.value(),
                       auto_merge_threshold=self.auto.value(), household_rule=self.households.isChecked(),
                       detect_identifiers=self.detect_identifiers.isChecked())

    def _identifiers_edited(self, text: str) -> None:
        names = tuple(n.strip() for n in text.split(",") if n.strip())
        self.fields_model.set_identifiers(names)
        self._edited()

    def _update_help(self) -> None:
        preset = PRESETS.get(self.preset.currentData())
        self.preset_help.setText(preset.description if preset else "Thresholds set by hand.")
        self.review_choice.sync()
        self.auto_choice.sync()
        self.expected.setText(expected_wrong_text(self._scores, self.auto.value()) if self._scores.size else "")

    def _expert_toggled(self, on: bool) -> None:
        self.review_choice.set_expert(on)
        self.auto_choice.set_expert(on)
        self.fields_model.set_expert(on)
        if hasattr(self, "_last_run"):
            self._show_run(self._last_run)  # the time per stage is for experts too

    def _preset_chosen(self) -> None:
        if self._loading:
            return
        name = self.preset.currentData()
        if name in PRESETS:
            self._show(self.current_settings().with_preset(name))
        self._edited()

    def _threshold_changed(self) -> None:
        if self._loading:
            return
        name = self.preset.currentData()
        preset = PRESETS.get(name)
        if preset and (preset.review_threshold, preset.auto_merge_threshold) != (self.review.value(),
                                                                                  self.auto.value()):
            self._loading = True
            self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
            self._loading = False
        self._edited()

    def _edited(self) -> None:
        self._update_help()
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty_label.setText("Unsaved changes" if dirty else "")
        self.save_button.setEnabled(dirty)

    def _run_read(self, found: tuple[LastRun | None, ReviewCounts]) -> None:
        run, self._review, self._scores = found
        self._show_run(run)
        self._update_help()

    def _show_run(self, run: LastRun | None) -> None:
        self._last_run = run
        if run is None:
            now = f"<p>Now <b>{self._review.text()}</b>.</p>" if self._review.groups else ""
            self.summary.setText(now + "<p>Not run yet. <b>Find duplicates</b> compares your customers and learns "
                                 "how much each field counts.</p>")
            return
        when = run.finished_at.strftime("%Y-%m-%d %H:%M") + " UTC" if run.finished_at else "unfinished"
        scope = (f"all {run.customers:,} customers" if run.mode == "full"
                 else f"{run.focus:,} new or changed of {run.customers:,} customers")
        stages = "<br>".join(f"{STAGE_NAMES.get(k, k)}: {v:.1f} s" for k, v in run.timings.items())
        self.summary.setText(
            f"<p>Now <b>{self._review.text()}</b>.</p>"
            f"<p>The last run found {run.candidates:,} possible-duplicate pairs"
            f"{f' (with {run.clusters:,} groups of three or more among them)' if run.clusters else ''}.</p>"
            f"<p>{when}, {run.mode} run over {scope}: {run.pairs_compared:,} pairs compared "
            f"in {run.seconds:.1f} s.</p>" + (f"<p style='color:#616e7c'>{stages}</p>" if self.expert.isChecked()
                                               else ""))

    # ------------------------------------------------------------------ actions

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save the settings on the writer lane; `then()` once they are saved (not when refused)."""
        settings = self.current_settings()

        def saved(_result: object) -> None:
            if self.current_settings() == settings:
                self._set_dirty(False)
            self.window_.statusBar().showMessage("Match settings saved; they apply from the next run", 5000)
            if then is not None:
                then()

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, WorkbenchError):
                raise exc
            QMessageBox.warning(self, "Match settings", str(exc))

        self.window_.db.write(lambda session: save_settings(session, settings), saved, on_error=refused,
                              label="Saving the match settings")

    def restore_defaults(self) -> None:
        self._show(MatchSettings())
        self._set_dirty(True)

    def find_duplicates(self) -> None:
        if self.save_button.isEnabled():
            answer = QMessageBox.question(self, "Find duplicates", "Save the changed settings and use them?")
            if answer == QMessageBox.StandardButton.Yes:
                self.save(then=self._start_matching)
            return
        self._start_matching()

    def _start_matching(self) -> None:
        master = self.master
        full = self.full_check.isChecked()
        self.find_button.setEnabled(False)

        def work(progress: Progress) -> MatchReport:
            return run_matching_apart(master, full=full, progress=progress)

        def done(report: MatchReport) -> None:
            self.find_button.setEnabled(True)
            self.full_check.setChecked(False)
            self.reload()
            self.window_.statusBar().showMessage(
                f"{report.candidates:,} possible duplicates ({report.new:,} new) from "
                f"{report.pairs_compared:,} pairs in {report.seconds:.1f} s", 8000)
            self.window_.data_changed.emit({"candidates"})

        def cancelled() -> None:
            self.find_button.setEnabled(True)
            self.window_.statusBar().showMessage("Finding duplicates cancelled; the earlier suggestions are kept",
                                                 6000)

        task = self.window_.run_task(work, title="Finding duplicates…", on_done=done, on_cancel=cancelled)
        task.signals.failed.connect(lambda _exc: self.find_button.setEnabled(True))


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return holder


@dataclass(frozen=True)
class Matching:
    page: MatchingPage
    find_action: QAction
    settings_action: QAction


def install(window: MainWindow) -> Matching:
    page = MatchingPage(window)
    window.add_page("matching", "Matching", page, shortcut="Ctrl+3")
    find = QAction("Find &duplicates", window, shortcut=QKeySequence("Ctrl+Shift+D"))
    find.setToolTip("Compare customers and suggest possible duplicates")
    find.triggered.connect(lambda: (window.show_page("matching"), page.find_duplicates()))
    settings = QAction("&Match settings…", window)
    settings.triggered.connect(lambda: window.show_page("matching"))
    window.edit_menu.addSeparator()
    window.edit_menu.addAction(find)
    window.edit_menu.addAction(settings)
    window.master_changed.connect(lambda _master: page.reload())
    window.data_changed.connect(lambda what: page.candidates_changed() if "candidates" in what else None)
    window.runner.started.connect(lambda _task: find.setEnabled(False))
    window.runner.ended.connect(lambda _task: find.setEnabled(not window.runner.busy))
    return Matching(page, find, settings)
