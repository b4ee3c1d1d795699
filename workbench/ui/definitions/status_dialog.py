"""Adding or editing one lifecycle status: its name, colour and the conditions of its rule.

As the steward edits, the dialog checks the name and every condition inline and previews, in
the background, how many customers the rule list would give each status. The rules are read
before it opens (`open_status_dialog`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.definitions import rules
from workbench.definitions import statuses as statuses_mod
from workbench.definitions.rules import FIELDS, OPS, Condition, NamedRule, Rule
from workbench.ui.definitions.common import LiveCheck, hint_label, problem_label, show_problem

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

PREVIEW_DELAY_MS = 600
DEFAULT_COLOR = "#52606d"


class ConditionRow(QWidget):
    """One condition: field, comparison and (when the comparison needs one) a value."""

    def __init__(self, condition: Condition | None, on_change: Callable[[], None], on_remove) -> None:
        super().__init__()
        self.field_box = QComboBox()
        for spec in FIELDS.values():
            self.field_box.addItem(spec.label, spec.name)
            self.field_box.setItemData(self.field_box.count() - 1, spec.help, Qt.ItemDataRole.ToolTipRole)
        self.op_box = QComboBox()
        self.days = QSpinBox()
        self.days.setRange(0, 36_500)
        self.days.setSuffix(" days")
        self.number = QDoubleSpinBox()
        self.number.setRange(-1e12, 1e12)
        self.number.setDecimals(2)
        self.choice = QComboBox()
        remove = QPushButton("Remove")
        remove.setToolTip("Remove this condition")
        remove.clicked.connect(lambda: on_remove(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.field_box, self.op_box, self.days, self.number, self.choice):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(remove)
        self.field_box.currentIndexChanged.connect(self._field_changed)
        self.op_box.currentIndexChanged.connect(self._op_changed)
        condition = condition or Condition("last_order_at", "within_days", 365)
        self.field_box.setCurrentIndex(max(0, self.field_box.findData(condition.field)))
        self._field_changed()
        self.op_box.setCurrentIndex(max(0, self.op_box.findData(condition.op)))
        self._set_value(condition.value)
        self._op_changed()
        for signal in (self.field_box.currentIndexChanged, self.op_box.currentIndexChanged, self.days.valueChanged,
                       self.number.valueChanged, self.choice.currentIndexChanged):
            signal.connect(lambda *_: on_change())

    def _spec(self) -> rules.RuleField:
        return FIELDS[self.field_box.currentData()]

    def _field_changed(self) -> None:
        spec = self._spec()
        self.number.setDecimals(0 if spec.name == "order_count" else 2)
        current = self.op_box.currentData()
        self.op_box.blockSignals(True)
        self.op_box.clear()
        for op, (label, _needs) in OPS[spec.type].items():
            self.op_box.addItem(label.replace(" …", "").replace("…", ""), op)
        self.op_box.setCurrentIndex(max(0, self.op_box.findData(current)))
        self.op_box.blockSignals(False)
        self.choice.clear()
        for choice in spec.choices:
            self.choice.addItem(choice, choice)
        self._op_changed()

    def _op_changed(self) -> None:
        spec = self._spec()
        op = self.op_box.currentData()
        needs = OPS[spec.type].get(op, ("", False))[1]
        self.days.setVisible(needs and spec.type == rules.DATE)
        self.number.setVisible(needs and spec.type == rules.NUMBER)
        self.choice.setVisible(needs and spec.type == rules.CHOICE)

    def _set_value(self, value) -> None:
        spec = self._spec()
        if spec.type == rules.DATE and isinstance(value, int):
            self.days.setValue(value)
        elif spec.type == rules.NUMBER and isinstance(value, int | float):
            self.number.setValue(float(value))
        elif spec.type == rules.CHOICE:
            self.choice.setCurrentIndex(max(0, self.choice.findData(value)))

    def condition(self) -> Condition:
        spec = self._spec()
        op = self.op_box.currentData()
        if not OPS[spec.type].get(op, ("", False))[1]:
            return Condition(spec.name, op)
        if spec.type == rules.DATE:
            return Condition(spec.name, op, self.days.value())
        if spec.type == rules.NUMBER:
            value = self.number.value()
            return Condition(spec.name, op, int(value) if value.is_integer() else value)
        return Condition(spec.name, op, self.choice.currentData())


def open_status_dialog(window: MainWindow, then: Callable[[StatusDialog], None], rule_id: int | None = None,
                       parent: QWidget | None = None) -> None:
    """Read the rules, then make the dialog and hand it to `then` (which runs it)."""
    window.db.read(statuses_mod.load_rules, lambda all_rules: then(StatusDialog(window, all_rules, rule_id, parent)),
                   label="Reading the statuses")


class StatusDialog(QDialog):
    def __init__(self, window: MainWindow, all_rules: list[NamedRule], rule_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.rule_id = rule_id
        self.all_rules = all_rules
        existing = next((r for r in self.all_rules if r.id == rule_id), None)
        self.setWindowTitle("Edit status" if existing else "Add status")
        self.setMinimumWidth(720)
        self.name = QLineEdit(existing.name if existing else "")
        self.name.setPlaceholderText("e.g. regular customer")
        self.name_problem = problem_label()
        self.color = existing.color if existing and existing.color else DEFAULT_COLOR
        self.color_button = QPushButton()
        self.color_button.clicked.connect(self._pick_color)
        self.description = QLineEdit(existing.description or "" if existing else "")
        self.description.setPlaceholderText("What this status means, in a sentence")
        self.match = QComboBox()
        self.match.addItem("all of these conditions hold", "all")
        self.match.addItem("any of these conditions holds", "any")
        rule = existing.rule if existing else Rule((Condition("last_order_at", "within_days", 365),))
        self.match.setCurrentIndex(1 if rule.match == "any" else 0)
        self.conditions_box = QVBoxLayout()
        self.conditions_box.setSpacing(4)
        self.rows: list[ConditionRow] = []
        for condition in rule.conditions:
            self._add_row(condition)
        add = QPushButton("Add condition")
        add.clicked.connect(lambda: (self._add_row(None), self._changed()))
        self.rule_problem = problem_label()
        self.catch_all = hint_label("No conditions: this status catches every customer that no rule above "
                                    "gives a status.")
        self.preview = hint_label()
        self.preview.setObjectName("statusPreview")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        name_column = QVBoxLayout()
        name_column.addWidget(self.name)
        name_column.addWidget(self.name_problem)
        form.addRow("Name", name_column)
        form.addRow("Colour", self.color_button)
        form.addRow("Description", self.description)
        form.addRow("A customer gets it when", self.match)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self.conditions_box)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.catch_all)
        layout.addWidget(self.rule_problem)
        layout.addWidget(hint_label("Rules are tried from the top of the list; the first that holds gives the "
                                    "status, and a status set by hand always wins."))
        layout.addWidget(self.preview)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._start_preview)
        self.check = LiveCheck(self, window, self._check, self._show_problems,
                               self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self.name.textChanged.connect(lambda _t: self._changed())
        self.match.currentIndexChanged.connect(lambda _i: self._changed())
        self._paint_color()
        self._changed()

    # ------------------------------------------------------------------ editing

    def _add_row(self, condition: Condition | None) -> None:
        row = ConditionRow(condition, self._changed, self._remove_row)
        self.rows.append(row)
        self.conditions_box.addWidget(row)

    def _remove_row(self, row: ConditionRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._changed()

    def _pick_color(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color), self, "Status colour")
        if chosen.isValid():
            self.color = chosen.name()
            self._paint_color()

    def _paint_color(self) -> None:
        self.color_button.setText(self.color)
        self.color_button.setStyleSheet(f"QPushButton {{ border-left: 14px solid {self.color}; }}")

    def rule(self) -> Rule:
        return Rule(tuple(r.condition() for r in self.rows), self.match.currentData())

    def _check(self):
        name, rule, rule_id = self.name.text(), self.rule(), self.rule_id
        return lambda session: statuses_mod.problems(session, name, rule, rule_id)

    def _changed(self) -> None:
        self.catch_all.setVisible(not self.rows)
        self.check.run()
        self._preview_timer.start()

    def _show_problems(self, found: dict[str, str]) -> dict[str, str]:
        show_problem(self.name_problem, found.get("name"))
        show_problem(self.rule_problem, found.get("rule"))
        return found

    def accept(self) -> None:
        if self.check.may_accept():
            super().accept()

    # ------------------------------------------------------------------ preview

    def proposed_rules(self) -> list[NamedRule]:
        mine = NamedRule(self.name.text().strip() or "(this status)", self.rule(), id=self.rule_id)
        proposed = [mine if r.id == self.rule_id else r for r in self.all_rules]
        if self.rule_id is None:
            proposed.append(mine)
        return proposed

    def _start_preview(self) -> None:
        if rules.problems(self.rule()):
            return
        proposed = self.proposed_rules()
        self.window_.db.read(lambda session: statuses_mod.preview_counts(session, proposed), self._show_preview,
                             key=("status preview", id(self)), label="Previewing statuses", waits=False)

    def _show_preview(self, counts: object) -> None:
        if not isinstance(counts, dict):
            return
        name = self.name.text().strip() or "(this status)"
        parts = []
        for named in self.proposed_rules():
            label = statuses_mod.display(named.name)
            parts.append(f"<b>{label}</b> {counts.get(named.name, 0):,}" if named.name == name
                         else f"{label} {counts.get(named.name, 0):,}")
        parts.append(f"No status {counts.get(None, 0):,}")
        self.preview.setText("With these rules: " + " · ".join(parts) + " (steward overrides aside)")
        self.preview_counts = counts

    def values(self) -> dict:
        return {"name": self.name.text().strip(), "rule": self.rule(),
                "description": self.description.text().strip() or None, "color": self.color}

