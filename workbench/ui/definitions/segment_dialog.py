"""Saving a segment: a name and the criteria of its filter, with a live count of who matches.

The choices it offers (statuses, roles, sources, attributes) are read before it opens
(`open_segment_dialog`); the name is checked and the count taken in the background.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.definitions import attributes as attributes_mod
from workbench.definitions import roles as roles_mod
from workbench.definitions import segments as segments_mod
from workbench.definitions import statuses as statuses_mod
from workbench.definitions.segments import CONSENT_TEXT, SegmentInfo
from workbench.standardize.countries import country_code
from workbench.store.filters import CustomerFilter
from workbench.ui.definitions.common import LiveCheck, hint_label, problem_label, row_of, show_problem, stack

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

COUNT_DELAY_MS = 500


class CheckGroup(QWidget):
    """A row of check boxes, one per option (value, text)."""

    def __init__(self, options: list[tuple[str, str]], checked: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.boxes: dict[str, QCheckBox] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for value, text in options:
            box = QCheckBox(text)
            box.setChecked(value in checked)
            self.boxes[value] = box
            layout.addWidget(box)
        layout.addStretch(1)
        if not options:
            layout.insertWidget(0, hint_label("none defined"))

    def values(self) -> tuple[str, ...]:
        return tuple(value for value, box in self.boxes.items() if box.isChecked())

    def connect(self, slot) -> None:
        for box in self.boxes.values():
            box.toggled.connect(lambda _checked: slot())


class AttributeCriterion(QWidget):
    def __init__(self, keys: list[tuple[str, str]], name: str = "", value: str = "", on_remove=None) -> None:
        super().__init__()
        self.key = QComboBox()
        for key, label in keys:
            self.key.addItem(label, key)
        self.key.setCurrentIndex(max(0, self.key.findData(name)))
        self.value = QLineEdit(value)
        self.value.setPlaceholderText("value")
        remove = QPushButton("Remove")
        remove.clicked.connect(lambda: on_remove(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key, 1)
        layout.addWidget(self.value, 1)
        layout.addWidget(remove)

    def pair(self) -> tuple[str, str] | None:
        value = self.value.text().strip()
        return (self.key.currentData(), value) if self.key.currentData() and value else None


@dataclass(frozen=True)
class Choices:
    statuses: list[str]
    roles: list[str]
    sources: list[str]
    attribute_keys: list[tuple[str, str]]  # (key, label), defined ones first


def read_choices(session: Any) -> Choices:
    specs = attributes_mod.load_specs(session)
    keys = [(s.name, s.title) for s in specs]
    keys += [(k, f"{k} (not defined)") for k in sorted(attributes_mod.key_counts(session))
             if k not in {s.name for s in specs}]
    return Choices([r.name for r in statuses_mod.load_rules(session)], roles_mod.role_names(session),
                   segments_mod.source_names(session), keys)


def open_segment_dialog(window: MainWindow, then: Callable[[SegmentDialog], None], segment: SegmentInfo | None = None,
                        initial: CustomerFilter | None = None, parent: QWidget | None = None) -> None:
    """Read the choices, then make the dialog and hand it to `then` (which runs it)."""
    window.db.read(read_choices, lambda choices: then(SegmentDialog(window, choices, segment, initial, parent)),
                   label="Reading the segment's choices")


class SegmentDialog(QDialog):
    def __init__(self, window: MainWindow, choices: Choices, segment: SegmentInfo | None = None,
                 initial: CustomerFilter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.segment_id = segment.id if segment else None
        f = segment.filter if segment else (initial or CustomerFilter())
        status_names, role_names, sources, keys = choices.statuses, choices.roles, choices.sources, \
            choices.attribute_keys
        self.setWindowTitle("Edit segment" if segment else "New segment")
        self.resize(760, 640)
        self.name = QLineEdit(segment.name if segment else "")
        self.name.setPlaceholderText("e.g. Lapsed VIPs in Bavaria")
        self.name_problem = problem_label()
        self.description = QLineEdit(segment.description or "" if segment else "")
        self.statuses = CheckGroup([(n, statuses_mod.display(n)) for n in status_names] + [("", "No status")],
                                   f.statuses)
        self.roles = CheckGroup([(n, n) for n in role_names], f.roles)
        self.sources = CheckGroup([(n, n) for n in sources], f.sources)
        self.consent = CheckGroup([(k, v.capitalize()) for k, v in CONSENT_TEXT.items()], f.consent)
        self.kind = QComboBox()
        for value, text in ((None, "People and organizations"), ("person", "People"),
                            ("organization", "Organizations")):
            self.kind.addItem(text, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(f.kind)))
        self.countries = QLineEdit(", ".join(f.countries))
        self.countries.setPlaceholderText("Country names or codes, e.g. DE, Austria")
        self.countries_problem = problem_label()
        self.regions = QLineEdit(", ".join(f.regions))
        self.regions.setPlaceholderText("Regions or states of the main address, e.g. Bayern, Tirol")
        self.active_on = QCheckBox("Ordered or changed within the last")
        self.active_days = _days(f.active_within_days or 365)
        self.active_on.setChecked(f.active_within_days is not None)
        self.inactive_on = QCheckBox("Neither ordered nor changed for")
        self.inactive_days = _days(f.inactive_for_days or 730)
        self.inactive_on.setChecked(f.inactive_for_days is not None)
        self.reachable = QComboBox()
        for value, text in ((None, "Anyone"), (True, "Only reachable (has an e-mail or a phone)"),
                            (False, "Only without e-mail and phone")):
            self.reachable.addItem(text, value)
        self.reachable.setCurrentIndex(max(0, self.reachable.findData(f.reachable)))
        self.no_dnc = QCheckBox("Leave out customers marked do not contact")
        self.no_dnc.setChecked(f.exclude_do_not_contact)
        self.attribute_keys = keys
        self.attribute_rows: list[AttributeCriterion] = []
        self.attribute_box = QVBoxLayout()
        for name, value in f.attributes:
            self._add_attribute(name, value)
        add_attribute = QPushButton("Add attribute condition")
        add_attribute.setEnabled(bool(keys))
        add_attribute.clicked.connect(lambda: (self._add_attribute(), self._changed()))
        self.count_label = hint_label()
        self.count_label.setObjectName("segmentCount")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Name", stack(self.name, self.name_problem))
        form.addRow("Description", self.description)
        form.addRow("Status", self.statuses)
        form.addRow("Role", self.roles)
        form.addRow("Source", self.sources)
        form.addRow("Marketing", self.consent)
        form.addRow("Kind", self.kind)
        form.addRow("Country", stack(self.countries, self.countries_problem))
        form.addRow("Region", self.regions)
        form.addRow("Activity", row_of(self.active_on, self.active_days))
        form.addRow("", row_of(self.inactive_on, self.inactive_days))
        form.addRow("Reach", self.reachable)
        form.addRow("", self.no_dnc)
        attributes = QWidget()
        attributes_layout = QVBoxLayout(attributes)
        attributes_layout.setContentsMargins(0, 0, 0, 0)
        attributes_layout.addLayout(self.attribute_box)
        attributes_layout.addWidget(row_of(add_attribute))
        form.addRow("Attributes", attributes)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(hint_label("Within a line, any checked value matches; all lines must hold. "
                                         "Nothing checked on a line means it does not matter."))
        body_layout.addLayout(form)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count)
        self.check = LiveCheck(self, window, self._check, self._show_problems,
                               self.buttons.button(QDialogButtonBox.StandardButton.Save))
        for group in (self.statuses, self.roles, self.sources, self.consent):
            group.connect(self._changed)
        for line in (self.name, self.countries, self.regions):
            line.textChanged.connect(lambda _t: self._changed())
        for box in (self.kind, self.reachable):
            box.currentIndexChanged.connect(lambda _i: self._changed())
        for check in (self.active_on, self.inactive_on, self.no_dnc):
            check.toggled.connect(lambda _c: self._changed())
        for spin in (self.active_days, self.inactive_days):
            spin.valueChanged.connect(lambda _v: self._changed())
        self._changed()

    def _add_attribute(self, name: str = "", value: str = "") -> None:
        row = AttributeCriterion(self.attribute_keys, name, value, self._remove_attribute)
        row.value.textChanged.connect(lambda _t: self._changed())
        row.key.currentIndexChanged.connect(lambda _i: self._changed())
        self.attribute_rows.append(row)
        self.attribute_box.addWidget(row)

    def _remove_attribute(self, row: AttributeCriterion) -> None:
        self.attribute_rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._changed()

    def _countries(self) -> tuple[tuple[str, ...], str | None]:
        codes, unknown = [], []
        for part in self.countries.text().replace(";", ",").split(","):
            if part.strip():
                code = country_code(part)
                (codes if code else unknown).append(code or part.strip())
        problem = f"Unknown country: {', '.join(unknown)}." if unknown else None
        return tuple(dict.fromkeys(codes)), problem

    def customer_filter(self) -> CustomerFilter:
        countries, _problem = self._countries()
        regions = tuple(r.strip() for r in self.regions.text().split(",") if r.strip())
        return CustomerFilter(
            statuses=self.statuses.values(), roles=self.roles.values(), sources=self.sources.values(),
            consent=self.consent.values(), countries=countries, regions=regions, kind=self.kind.currentData(),
            attributes=tuple(p for p in (r.pair() for r in self.attribute_rows) if p),
            active_within_days=self.active_days.value() if self.active_on.isChecked() else None,
            inactive_for_days=self.inactive_days.value() if self.inactive_on.isChecked() else None,
            reachable=self.reachable.currentData(), exclude_do_not_contact=self.no_dnc.isChecked())

    def _check(self):
        name, segment_id = self.name.text(), self.segment_id
        return lambda session: segments_mod.problems(session, name, segment_id)

    def _show_problems(self, found: dict[str, str]) -> dict[str, str]:
        found = dict(found)
        _codes, country_problem = self._countries()
        if country_problem:
            found["countries"] = country_problem
        show_problem(self.name_problem, found.get("name"))
        show_problem(self.countries_problem, found.get("countries"))
        return found

    def _changed(self) -> None:
        self.check.run()
        self.count_label.setText(_sentence(segments_mod.describe(self.customer_filter())) + " …")
        self._count_timer.start()

    def accept(self) -> None:
        if self.check.may_accept():
            super().accept()

    def _count(self) -> None:
        customer_filter = self.customer_filter()

        def done(number: int) -> None:
            if customer_filter == self.customer_filter():
                noun = "customer matches" if number == 1 else "customers match"
                self.count_label.setText(f"{_sentence(segments_mod.describe(customer_filter))}: "
                                         f"<b>{number:,}</b> {noun}.")

        self.window_.db.read(lambda session: segments_mod.count(session, customer_filter), done,
                             key=("segment count", id(self)), label="Counting customers", waits=False, owner=self)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _days(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, 36_500)
    spin.setSuffix(" days")
    spin.setValue(value)
    return spin

