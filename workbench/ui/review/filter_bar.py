"""The review queue's filters: status, how sure the best pair is (in percent), source, and which field differs."""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QWidget

from workbench.stewardship.queue import ReviewFilter, field_label

STATUS_CHOICES = [("To review", "open"), ("Deferred", "deferred"), ("Not duplicates", "rejected"),
                  ("Merged", "merged"), ("All", "all")]
NO_LIMIT = -1.0  # the spin boxes' "any" value
CERTAIN = 1000.0  # bits: "100 %", beyond any score


def _score_box(tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(NO_LIMIT, 100.0)
    box.setDecimals(1)
    box.setSingleStep(5.0)
    box.setSuffix(" %")
    box.setSpecialValueText("any")
    box.setValue(NO_LIMIT)
    box.setKeyboardTracking(False)
    box.setToolTip(tip)
    box.setMinimumWidth(84)
    return box


def bits_of(percent: float) -> float:
    """The score (bits: log2 of the odds) at which a pair is this sure (percent) to be one customer."""
    if percent >= 100.0:
        return CERTAIN
    if percent <= 0.0:
        return -CERTAIN
    return math.log2(percent / (100.0 - percent))


class FilterBar(QWidget):
    changed = Signal(object)  # ReviewFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QComboBox()
        self.status.setObjectName("reviewStatus")
        for label, value in STATUS_CHOICES:
            self.status.addItem(label, value)
        self.status.setToolTip("Which groups to list")
        self.min_score = _score_box("Only groups whose best pair is at least this sure to be one customer")
        self.max_score = _score_box("Only groups whose best pair is at most this sure to be one customer")
        self.source = QComboBox()
        self.source.setToolTip("Only groups with a record from this source")
        self.differs = QComboBox()
        self.differs.setToolTip("Only groups where matching found this field different")
        self.set_choices([], [])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.status)
        score = QLabel("Best pair")
        score.setBuddy(self.min_score)
        layout.addWidget(score)
        layout.addWidget(self.min_score)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.max_score)
        layout.addWidget(self.source)
        layout.addWidget(self.differs)
        for box in (self.status, self.source, self.differs):
            box.currentIndexChanged.connect(self._emit)
        for spin in (self.min_score, self.max_score):
            spin.valueChanged.connect(self._emit)

    def set_choices(self, sources: list[str], fields: list[str]) -> None:
        """Offer these sources and fields, keeping what is chosen where it still exists."""
        for box, first, values, label in ((self.source, "Any source", sources, str),
                                          (self.differs, "Any difference", fields, field_label)):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for value in values:
                box.addItem(label(value) if box is self.source else f"{label(value)} differs", value)
            index = box.findData(current) if current is not None else 0
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)

    def reset(self, status: str = "open") -> None:
        """No filters but the status; one change signal."""
        widgets = (self.status, self.source, self.differs, self.min_score, self.max_score)
        for widget in widgets:
            widget.blockSignals(True)
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self.source.setCurrentIndex(0)
        self.differs.setCurrentIndex(0)
        self.min_score.setValue(NO_LIMIT)
        self.max_score.setValue(NO_LIMIT)
        for widget in widgets:
            widget.blockSignals(False)
        self._emit()

    def value(self) -> ReviewFilter:
        def score(box: QDoubleSpinBox) -> float | None:
            return None if box.value() <= NO_LIMIT else bits_of(box.value())

        return ReviewFilter(self.status.currentData() or "open", score(self.min_score), score(self.max_score),
                            self.source.currentData(), self.differs.currentData())

    def _emit(self, *_args) -> None:
        self.changed.emit(self.value())
