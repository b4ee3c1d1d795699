"""The golden fields and the attributes of one customer, as form widgets with a problem line each."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.definitions.attribute_types import TYPES, AttributeSpec, is_empty
from workbench.definitions.customer_draft import GOLDEN_FIELDS, FieldSpec
from workbench.ui.definitions.common import hint_label, problem_label, show_problem, stack

CHOICE_TEXT = {"person": "Person", "organization": "Organization", "granted": "Subscribed",
               "denied": "Not subscribed", "unsubscribed": "Unsubscribed", "bounced": "Bounced",
               "unknown": "Unknown"}
PLACEHOLDERS = {"date": "e.g. 1984-03-31 or 31.03.1984", "datetime": "e.g. 2024-03-31", "int": "0",
                "money": "0.00", "list": "comma-separated, e.g. vip, wholesale"}
LEFT = ("kind", "title", "first_name", "middle_name", "last_name", "suffix", "company", "job_title", "birth_date")
ATTRIBUTE_PLACEHOLDERS = {"number": "a number", "date": "e.g. 2024-01-31", "email": "name@example.com",
                          "phone": "+49 30 1234567", "url": "https://example.com"}


def field_text(spec: FieldSpec, value: Any) -> Any:
    """A stored value as the editor shows it."""
    if value is None:
        return "" if spec.type not in ("bool", "choice") else value
    if spec.type == "datetime" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if value.time() == datetime.min.time() else value.strftime("%Y-%m-%d %H:%M")
    if spec.type == "date" and isinstance(value, date):
        return value.isoformat()
    if spec.type == "money":
        return f"{value:.2f}"
    if spec.type == "list":
        return ", ".join(value)
    return value if spec.type in ("bool", "choice") else str(value)


DetailWidget = QComboBox | QCheckBox | QPlainTextEdit | QLineEdit  # what _widget makes for a golden field


class DetailsForm(QWidget):
    changed = Signal()

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__()
        self.original = dict(fields)
        self.widgets: dict[str, DetailWidget] = {}
        self.problems: dict[str, QLabel] = {}
        left, right = QFormLayout(), QFormLayout()
        notes = None
        for spec in GOLDEN_FIELDS:
            widget = self._widget(spec, field_text(spec, fields.get(spec.name)))
            self.widgets[spec.name] = widget
            self.problems[spec.name] = problem_label()
            if spec.type == "longtext":
                notes = widget
                continue
            target = left if spec.name in LEFT else right
            target.addRow(spec.label, stack(widget, self.problems[spec.name]))
        for form in (left, right):
            form.setVerticalSpacing(8)  # a form inherits its parent's spacing otherwise
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(24)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        if notes is not None:
            layout.addSpacing(6)
            layout.addWidget(QLabel("Notes"))
            layout.addWidget(notes)
        layout.addStretch(1)

    def _widget(self, spec: FieldSpec, value: Any) -> DetailWidget:
        if spec.type == "choice":
            box = QComboBox()
            for choice in spec.choices:
                box.addItem(CHOICE_TEXT.get(choice, choice), choice)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
            return box
        if spec.type == "bool":
            check = QCheckBox("Never contact, whatever the consent says")
            check.setChecked(bool(value))
            check.toggled.connect(lambda _c: self.changed.emit())
            return check
        if spec.type == "longtext":
            text = QPlainTextEdit(value or "")
            text.setFixedHeight(72)
            text.textChanged.connect(self.changed)
            return text
        edit = QLineEdit(value)
        edit.setPlaceholderText(PLACEHOLDERS.get(spec.type, ""))
        edit.textChanged.connect(lambda _t: self.changed.emit())
        return edit

    def _current(self, widget: DetailWidget) -> Any:
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text()

    def values(self) -> dict[str, Any]:
        """What the fields hold; a field nobody touched gives its stored value exactly (seconds and all)."""
        out: dict[str, Any] = {}
        for spec in GOLDEN_FIELDS:
            current = self._current(self.widgets[spec.name])
            shown = field_text(spec, self.original.get(spec.name))
            untouched = current == shown or (shown is None and current in ("", None))
            out[spec.name] = self.original.get(spec.name) if untouched else current
        return out

    def show_problems(self, problems: dict[str, str]) -> int:
        for name, label in self.problems.items():
            show_problem(label, problems.get(name))
        return sum(1 for name in self.problems if name in problems)


class MultiChoice(QWidget):
    changed = Signal()

    def __init__(self, choices: tuple[str, ...], value: Any) -> None:
        super().__init__()
        chosen = value if isinstance(value, list) else ([v.strip() for v in str(value).replace(";", ",").split(",")
                                                          if v.strip()] if value else [])
        self.boxes: list[tuple[str, QCheckBox]] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        known = {c.casefold() for c in choices}
        for choice in [*choices, *[c for c in chosen if c.casefold() not in known]]:
            box = QCheckBox(choice if choice.casefold() in known else f"{choice} (not allowed)")
            box.setChecked(any(choice.casefold() == c.casefold() for c in chosen))
            box.toggled.connect(lambda _c: self.changed.emit())
            self.boxes.append((choice, box))
            layout.addWidget(box)
        layout.addStretch(1)

    def value(self) -> list[str]:
        return [choice for choice, box in self.boxes if box.isChecked()]


AttributeWidget = MultiChoice | QComboBox | QLineEdit  # what _widget makes for an attribute


class AttributesForm(QWidget):
    """A field per defined attribute (by its type), then the customer's loose attributes as text."""

    changed = Signal()

    def __init__(self, specs: list[AttributeSpec], values: dict[str, Any]) -> None:
        super().__init__()
        self.specs = specs
        self.original = dict(values)
        self.widgets: dict[str, AttributeWidget] = {}
        self.problems: dict[str, QLabel] = {}
        form = QFormLayout()
        defined = {s.name for s in specs}
        for spec in specs:
            if spec.retired and is_empty(values.get(spec.name)):
                continue
            widget = self._widget(spec, values.get(spec.name))
            label = spec.title + (" *" if spec.required and not spec.retired else "")
            if spec.retired:
                label += " (retired)"
            widget.setToolTip((spec.description or "") + f"\nType: {TYPES.get(spec.type, spec.type)}")
            self.widgets[spec.name] = widget
            self.problems[spec.name] = problem_label()
            form.addRow(label, stack(widget, self.problems[spec.name]))
        loose = [k for k in values if k not in defined]
        for key in sorted(loose, key=str.casefold):
            edit = QLineEdit(", ".join(map(str, values[key])) if isinstance(values[key], list) else str(values[key]))
            edit.setToolTip("Kept from an import; not defined yet (Definitions → Attributes can promote it)")
            edit.textChanged.connect(lambda _t: self.changed.emit())
            self.widgets[key] = edit
            form.addRow(f"{key} (not defined)", edit)
        layout = QVBoxLayout(self)
        if not self.widgets:
            layout.addWidget(hint_label("No attributes are defined yet, and this customer has none from imports. "
                                        "Define attributes under Definitions → Attributes."))
        else:
            layout.addWidget(hint_label("* required. Values are checked against their definitions as you type."))
        layout.addLayout(form)
        layout.addStretch(1)

    def _widget(self, spec: AttributeSpec, value: Any) -> AttributeWidget:
        if spec.type == "multi-choice":
            multi = MultiChoice(spec.choices, value)
            multi.changed.connect(self.changed)
            return multi
        if spec.type in ("choice", "yes/no"):
            box = QComboBox()
            box.addItem("", None)
            options = spec.choices if spec.type == "choice" else ("yes", "no")
            for option in options:
                box.addItem(option, option)
            text = "" if is_empty(value) else str(value)
            index = next((i for i in range(box.count()) if str(box.itemData(i) or "").casefold() == text.casefold()),
                         -1)
            if index < 0 and text:
                box.addItem(f"{text} (not allowed)", text)
                index = box.count() - 1
            box.setCurrentIndex(max(0, index))
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
            return box
        edit = QLineEdit("" if is_empty(value) else str(value))
        edit.setPlaceholderText(ATTRIBUTE_PLACEHOLDERS.get(spec.type, ""))
        edit.textChanged.connect(lambda _t: self.changed.emit())
        return edit

    def values(self) -> dict[str, Any]:
        out = dict(self.original)
        for key, widget in self.widgets.items():
            if isinstance(widget, MultiChoice):
                value: Any = widget.value()
                original = self.original.get(key)
                if isinstance(original, list) and [v.casefold() for v in value] == [str(o).casefold()
                                                                                   for o in original]:
                    value = original
            elif isinstance(widget, QComboBox):
                value = widget.currentData()
                original = self.original.get(key)
                if value is not None and str(original or "").casefold() == str(value).casefold():
                    value = original
            else:
                value = widget.text().strip()
                original = self.original.get(key)
                shown = "" if is_empty(original) else (", ".join(map(str, original)) if isinstance(original, list)
                                                       else str(original))
                if value == shown:
                    value = original  # untouched: keep the stored value exactly as it is
            if is_empty(value):
                out.pop(key, None)
            else:
                out[key] = value
        return out

    def show_problems(self, problems: dict[str, str]) -> int:
        for name, label in self.problems.items():
            show_problem(label, problems.get(f"attribute:{name}"))
        return sum(1 for key in problems if key.startswith("attribute:"))
