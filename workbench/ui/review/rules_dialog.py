"""Survivorship settings: the rule per field, the primary contact points, and how much each source is trusted."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.stewardship.golden_fields import BASE_RULES, RULES, rule_keys
from workbench.stewardship.survivorship import POINT_LABELS, PRIMARY_RULES, SurvivorshipSettings

INTRO = ("When merged records disagree, these rules choose the value the merged customer keeps. "
         "You can still pick any value by hand while reviewing.")
ALWAYS = ("Whatever the rule: a field any record fills is never left empty; a value that is not valid (a birth "
          "date in the future, “n/a” as a name) wins only when no record has a valid one; a shorter form of "
          "another value never wins (“A.” against “Anna”, “Anna Müller” against “Anna Maria Müller”), nor a "
          "nickname against the full name (“Pepe” against “José”) or a slip of a given name (“Andrreas”). "
          "Names are completed from records that agree with them, with titles, middle names and "
          "generations (Jr., III) in their own fields.")
POINTS = ("E-mails, phones and addresses are all kept, each once: the same mailbox in another case (or, at "
          "Gmail, with other dots), the same number with or without its country code, the same place "
          "written differently (“Hauptstr.” for “Hauptstraße”) or with parts missing (no street, no house "
          "number) become one, which keeps every record's evidence. A billing and a shipping address stay "
          "apart. One of each is primary:")
COMPUTED = "Computed by the status rules from the merged orders and dates"


class RulesDialog(QDialog):
    def __init__(self, settings: SurvivorshipSettings, trust: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Survivorship rules")
        self.setObjectName("rulesDialog")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        always = QLabel(ALWAYS)
        always.setWordWrap(True)
        always.setObjectName("rulesAlways")
        always.setStyleSheet("color: #52606d")

        self.rule_boxes: dict[str, QComboBox] = {}
        self.computed_labels: dict[str, QLabel] = {}
        rules = QFormLayout()
        for spec in rule_keys():
            if spec.computed:  # the status: nothing to choose, but the steward sees where it comes from
                label = QLabel(COMPUTED)
                label.setWordWrap(True)
                label.setStyleSheet("color: #52606d")
                self.computed_labels[spec.name] = label
                rules.addRow(spec.label, label)
                continue
            box = QComboBox()
            for rule in spec.rules:
                box.addItem(RULES[rule], rule)
            box.setCurrentIndex(max(0, box.findData(settings.rule_for(spec.name))))
            self.rule_boxes[spec.name] = box
            rules.addRow(spec.label, box)
        self.default_box = QComboBox()
        for rule in BASE_RULES:
            self.default_box.addItem(RULES[rule], rule)
        self.default_box.setCurrentIndex(max(0, self.default_box.findData(settings.default_rule)))
        rules.addRow("Custom attributes", self.default_box)
        rules_group = QGroupBox("Rule per field")
        rules_group.setLayout(rules)

        self.primary_boxes: dict[str, QComboBox] = {}
        points_form = QFormLayout()
        points_text = QLabel(POINTS)
        points_text.setWordWrap(True)
        points_form.addRow(points_text)
        for point_type, label in POINT_LABELS.items():
            box = QComboBox()
            for rule, text in PRIMARY_RULES.items():
                box.addItem(text, rule)
            box.setCurrentIndex(max(0, box.findData(settings.primary_rule(point_type))))
            self.primary_boxes[point_type] = box
            points_form.addRow(label, box)
        points_group = QGroupBox("E-mails, phones and addresses")
        points_group.setLayout(points_form)

        self.trust_boxes: dict[str, QSpinBox] = {}
        trust_form = QFormLayout()
        for name, rank in trust.items():
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setValue(rank)
            spin.setToolTip("0–100; the higher, the more its values are trusted")
            self.trust_boxes[name] = spin
            trust_form.addRow(name, spin)
        if not trust:
            trust_form.addRow(QLabel("No sources yet."))
        trust_group = QGroupBox("Source trust (higher wins)")
        trust_group.setLayout(trust_form)

        right = QVBoxLayout()
        right.addWidget(points_group)
        right.addWidget(trust_group, 1)
        columns = QHBoxLayout()
        columns.addWidget(rules_group, 3)
        columns.addLayout(right, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(always)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)
        self.resize(960, 660)

    def settings(self) -> SurvivorshipSettings:
        rules = {name: box.currentData() for name, box in self.rule_boxes.items()}
        primary = {point_type: box.currentData() for point_type, box in self.primary_boxes.items()}
        return SurvivorshipSettings(rules, self.default_box.currentData(), primary)

    def trust(self) -> dict[str, int]:
        return {name: spin.value() for name, spin in self.trust_boxes.items()}
