"""Defining an attribute (or promoting a loose one): key, label, type, allowed values, pattern.

When promoting, the dialog guesses a type from the stored values and shows, as the steward
changes the definition, how many of a sample of those values would not fit. The definition and
the sample are read before the dialog opens (`open_attribute_dialog`); the key and label are
checked against the master as the steward types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.definitions import attributes as attributes_mod
from workbench.definitions.attribute_types import CHOICE_TYPES, TYPES, AttributeSpec, check_value, guess_type
from workbench.store.models import AttributeDefinition
from workbench.ui.definitions.common import LiveCheck, hint_label, problem_label, show_problem, stack

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

SAMPLE = 500


@dataclass
class Start:
    """What the dialog starts from: the definition being edited, and a sample of stored values."""

    current: AttributeSpec | None = None
    samples: list[Any] = field(default_factory=list)


def read_start(attribute_id: int | None, loose_key: str | None) -> Callable[[Any], Start]:
    def read(session: Any) -> Start:
        start = Start()
        if attribute_id is not None:
            row = session.get(AttributeDefinition, attribute_id)
            start.current = AttributeSpec.from_row(row) if row else None
        key = loose_key or (start.current.name if start.current else None)
        if key:
            start.samples = attributes_mod.sample_values(session, key, SAMPLE)
        return start
    return read


def open_attribute_dialog(window: MainWindow, then: Callable[[AttributeDialog], None], *,
                          attribute_id: int | None = None, loose_key: str | None = None,
                          parent: QWidget | None = None) -> None:
    """Read what the dialog starts from, then make it and hand it to `then` (which runs it)."""
    window.db.read(read_start(attribute_id, loose_key),
                   lambda start: then(AttributeDialog(window, start, attribute_id=attribute_id, loose_key=loose_key,
                                                      parent=parent)),
                   label="Reading the attribute")


class AttributeDialog(QDialog):
    """Add (attribute_id None), edit (attribute_id) or promote (loose_key) one attribute."""

    def __init__(self, window: MainWindow, start: Start, *, attribute_id: int | None = None,
                 loose_key: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.attribute_id = attribute_id
        self.loose_key = loose_key
        current = start.current
        self.samples: list[Any] = start.samples
        title = "Promote attribute" if loose_key else ("Edit attribute" if current else "Add attribute")
        self.setWindowTitle(title)
        self.setMinimumWidth(560)

        self.label = QLineEdit(current.label if current else (loose_key or ""))
        self.label.setPlaceholderText("What people see, e.g. Loyalty tier")
        self.key = QLineEdit(current.name if current else (loose_key or ""))
        self.key.setPlaceholderText("How it is stored and imported, e.g. loyalty_tier")
        self.key.setReadOnly(bool(loose_key))
        self.type = QComboBox()
        for name, text in TYPES.items():
            self.type.addItem(text, name)
        self.required = QCheckBox("Every customer must have a value")
        self.choices = QPlainTextEdit()
        self.choices.setPlaceholderText("One allowed value per line")
        self.choices.setFixedHeight(96)
        self.pattern = QLineEdit(current.pattern or "" if current else "")
        self.pattern.setPlaceholderText(r"Optional regular expression the whole value must match, e.g. K-\d{4}")
        self.description = QLineEdit(current.description or "" if current else "")
        self.problems_by_field = {name: problem_label() for name in ("name", "label", "type", "choices", "pattern")}
        self.sample_note = hint_label()
        self.sample_note.setObjectName("sampleNote")

        if current:
            self.type.setCurrentIndex(max(0, self.type.findData(current.type)))
            self.required.setChecked(current.required)
            self.choices.setPlainText("\n".join(current.choices))
        elif loose_key:
            guess = guess_type(self.samples)
            self.type.setCurrentIndex(max(0, self.type.findData(guess.type)))
            self.choices.setPlainText("\n".join(guess.choices))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Label", self._with_problem(self.label, "label"))
        form.addRow("Key", self._with_problem(self.key, "name"))
        form.addRow("Type", self._with_problem(self.type, "type"))
        form.addRow("", self.required)
        self.choices_row = self._with_problem(self.choices, "choices")
        form.addRow("Allowed values", self.choices_row)
        form.addRow("Pattern", self._with_problem(self.pattern, "pattern"))
        form.addRow("Description", self.description)
        self.form = form
        layout = QVBoxLayout(self)
        if loose_key:
            layout.addWidget(hint_label(f"Customers already have values under {loose_key!r} from imports. Once "
                                        "defined, those values are checked and every one that does not fit is "
                                        "listed; none is changed or dropped."))
        elif current:
            layout.addWidget(hint_label("Changing the key moves every customer's value to the new key. Changing "
                                        "the type or the allowed values re-checks the stored values."))
        layout.addLayout(form)
        layout.addWidget(self.sample_note)
        layout.addWidget(self.buttons)
        self.check = LiveCheck(self, window, self._check, self._show,
                               self.buttons.button(QDialogButtonBox.StandardButton.Save))
        for signal in (self.label.textChanged, self.key.textChanged, self.pattern.textChanged,
                       self.choices.textChanged, self.type.currentIndexChanged, self.required.toggled):
            signal.connect(lambda *_: self._changed())
        self._changed()

    def _with_problem(self, widget: QWidget, name: str) -> QWidget:
        return stack(widget, self.problems_by_field[name])

    def values(self) -> dict[str, Any]:
        return {"name": self.key.text().strip(), "label": self.label.text().strip(), "type": self.type.currentData(),
                "required": self.required.isChecked(), "choices": self.choices.toPlainText().splitlines(),
                "pattern": self.pattern.text().strip() or None, "description": self.description.text().strip() or None}

    def _changed(self) -> None:
        self.form.setRowVisible(self.choices_row, self.type.currentData() in CHOICE_TYPES)
        self.check.run()

    def _check(self) -> Callable[[Any], dict[str, str]]:
        values, attribute_id, promoting = self.values(), self.attribute_id, bool(self.loose_key)

        def check(session: Any) -> dict[str, str]:
            if promoting:  # the key is the loose one's, taken as it is
                return {k: v for k, v in attributes_mod.definition_problems(session, values).items() if k != "name"}
            return attributes_mod.definition_problems(session, values, attribute_id)
        return check

    def _show(self, found: dict[str, str]) -> dict[str, str]:
        for name, label in self.problems_by_field.items():
            show_problem(label, found.get(name))
        self._check_samples(self.values(), found)
        return found

    def accept(self) -> None:
        if self.check.may_accept():
            super().accept()

    def _check_samples(self, values: dict[str, Any], found: dict[str, str]) -> None:
        filled = [v for v in self.samples if v not in (None, "", [])]
        if not filled or found:
            self.sample_note.setText("")
            return
        spec = AttributeSpec(values["name"], type=values["type"], choices=tuple(
            c.strip() for c in values["choices"] if c.strip()), pattern=values["pattern"])
        bad = [v for v in filled if not check_value(spec, v).ok]
        shown = ", ".join(repr(v) for v in bad[:3])
        if bad:
            self.sample_note.setText(f"Of {len(filled):,} stored values looked at, {len(bad):,} would not fit "
                                     f"(e.g. {shown}). They stay as they are and are listed after saving.")
        else:
            self.sample_note.setText(f"All {len(filled):,} stored values looked at fit this definition.")
