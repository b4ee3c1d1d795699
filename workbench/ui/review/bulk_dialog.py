"""Bulk merge: choose how sure, see how many groups it takes and a sample of them, then merge.

The preview is asked for in the background each time the choice settles; Merge is offered for
the preview of the score shown, never for one still on its way.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.matching.settings import PRESETS
from workbench.stewardship.bulk import BulkPreview
from workbench.stewardship.reasons import auto_merge_choices, wrong_share_text
from workbench.ui.threshold_choice import ThresholdChoice

PREVIEW_DELAY_MS = 250


class BulkMergeDialog(QDialog):
    def __init__(self, min_score: float, ask_preview: Callable[[float, Callable[[BulkPreview], None]], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bulk merge")
        self.setObjectName("bulkMergeDialog")
        self.ask_preview = ask_preview
        self.preview: BulkPreview | None = None
        self.previewed_score: float | None = None
        self._asked: float | None = None
        self._accept_when_shown = False
        intro = QLabel("Merge every open group whose pairs are at least this sure, each into its lowest "
                       "master number, with the survivorship rules. Groups holding a pair marked “not a "
                       "duplicate” are left for review. You can undo the whole bulk merge afterwards.")
        intro.setWordWrap(True)
        self.score = QDoubleSpinBox()
        self.score.setRange(-1000, 1000)
        self.score.setDecimals(1)
        self.score.setValue(min_score)
        self.score.setKeyboardTracking(False)
        self.score.valueChanged.connect(lambda _v: self._timer.start())
        form = QFormLayout()
        # In people's terms: how many of such merges may be wrong; the score in bits stays for experts.
        self.choice = ThresholdChoice(self.score, auto_merge_choices([min_score, *(
            p.auto_merge_threshold for p in PRESETS.values())]), wrong_share_text)
        self.choice.combo.setToolTip("A merge at this point is wrong at most this often; merges above it less "
                                     "often still")
        form.addRow("Merge groups with", self.choice)
        self.summary = QLabel()
        self.summary.setObjectName("bulkSummary")
        self.summary.setWordWrap(True)
        self.sample = QTextBrowser()
        self.sample.setObjectName("bulkSample")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.sample, 1)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS, timeout=self.refresh)
        self.resize(640, 520)
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        self._asked = self.score.value()
        self.ask_preview(self._asked, self._show)

    def accept(self) -> None:
        if self.previewed_score != self.score.value():  # merge what the preview of this score shows, so wait for it
            self._accept_when_shown = True
            if not self._timer.isActive() and self._asked != self.score.value():
                self.refresh()
            return
        super().accept()

    def _show(self, preview: BulkPreview) -> None:
        if self._asked != self.score.value():
            return  # the score moved on; its own preview follows
        self.preview, self.previewed_score = preview, self._asked
        if self._accept_when_shown:
            self._accept_when_shown = False
            if preview.groups:
                super().accept()
                return
        groups = len(self.preview.groups)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(groups > 0)
        ok.setText(f"Merge {groups:,} groups" if groups else "Merge")
        if not groups:
            self.summary.setText("No open group is that sure.")
            self.sample.clear()
            return
        self.summary.setText(f"<b>{groups:,} groups</b> of {self.preview.customers:,} customers become "
                             f"{groups:,} customers ({self.preview.merged_away:,} fewer). "
                             f"A sample of them:")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        rows = "".join("<tr><td>" + " + ".join(f"<b>{escape(n)}</b> {escape(name)}" for n, name in group)
                       + "</td></tr>" for group in self.preview.sample)
        self.sample.setHtml(f"<table cellspacing='4'>{rows}</table>")
