"""The filter part of the export dialog: segment, status, source, country and consent."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QFormLayout, QMenu, QSizePolicy, QToolButton, QWidget

from workbench.standardize.countries import country_name
from workbench.store.filters import CustomerFilter

CONSENT_LABELS = {"granted": "Granted", "unknown": "Never asked", "denied": "Declined", "unsubscribed": "Unsubscribed",
                  "bounced": "Bounced"}


class ChoiceButton(QToolButton):
    """A drop-down of check boxes: nothing checked means no restriction."""

    changed = Signal()

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty_text = empty_text
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._actions: dict[str, QAction] = {}
        self._update_text()

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        checked = set(self.selected())
        self.menu().clear()
        self._actions = {}
        for value, label in choices:
            action = self.menu().addAction(label)
            action.setCheckable(True)
            action.setChecked(value in checked)
            action.toggled.connect(self._toggled)
            self._actions[value] = action
        self.setEnabled(bool(choices))
        self._update_text()

    def selected(self) -> tuple[str, ...]:
        return tuple(value for value, action in self._actions.items() if action.isChecked())

    def set_selected(self, values: tuple[str, ...]) -> None:
        for value, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(value in values)
            action.blockSignals(False)
        self._update_text()

    def _toggled(self, _checked: bool) -> None:
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        labels = [a.text() for a in self._actions.values() if a.isChecked()]
        if not labels:
            text = self._empty_text
        elif len(labels) <= 2:
            text = ", ".join(labels)
        else:
            text = f"{labels[0]} and {len(labels) - 1} more"
        self.setText(text)
        self.setToolTip(", ".join(labels) if labels else self._empty_text)


class FilterPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segment = QComboBox()
        self.segment.setObjectName("exportSegment")
        self.status = ChoiceButton("Any status")
        self.source = ChoiceButton("Any source")
        self.country = ChoiceButton("Any country")
        self.consent = ChoiceButton("Any consent")
        self.consent.set_choices(list(CONSENT_LABELS.items()))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Segment", self.segment)
        form.addRow("Status", self.status)
        form.addRow("Source", self.source)
        form.addRow("Country", self.country)
        form.addRow("Marketing consent", self.consent)
        self.segment.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for button in (self.status, self.source, self.country, self.consent):
            button.changed.connect(self.changed.emit)

    def set_choices(self, *, segments: list[str], statuses: list[str], sources: list[str],
                    countries: list[str]) -> None:
        current = self.segment.currentData()
        self.segment.blockSignals(True)
        self.segment.clear()
        self.segment.addItem("All customers", None)
        for name in segments:
            self.segment.addItem(name, name)
        index = self.segment.findData(current)
        self.segment.setCurrentIndex(max(index, 0))
        self.segment.setEnabled(bool(segments))
        self.segment.blockSignals(False)
        self.status.set_choices([(s, s.replace("_", " ").capitalize()) for s in statuses])
        self.source.set_choices([(s, s) for s in sources])
        self.country.set_choices([(c, f"{country_name(c) or c} ({c})") for c in countries])

    def segment_name(self) -> str | None:
        return self.segment.currentData()

    def customer_filter(self) -> CustomerFilter:
        return CustomerFilter(statuses=self.status.selected(), sources=self.source.selected(),
                              countries=self.country.selected(), consent=self.consent.selected())
