"""Survivorship settings: the rule per field and how much each source is trusted."""

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

from workbench.stewardship.survivorship import BASE_RULES, RULES, SurvivorshipSettings, rule_keys


class RulesDialog(QDialog):
    def __init__(self, settings: SurvivorshipSettings, trust: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Survivorship rules")
        self.setObjectName("rulesDialog")
        intro = QLabel("When merged records disagree, these rules choose the value the merged customer keeps. "
                       "You can still pick any value by hand while reviewing. E-mails, phones and addresses "
                       "are always all kept.")
        intro.setWordWrap(True)

        self.rule_boxes: dict[str, QComboBox] = {}
        rules = QFormLayout()
        for spec in rule_keys():
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

        columns = QHBoxLayout()
        columns.addWidget(rules_group, 3)
        columns.addWidget(trust_group, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def settings(self) -> SurvivorshipSettings:
        rules = {name: box.currentData() for name, box in self.rule_boxes.items()}
        return SurvivorshipSettings(rules, self.default_box.currentData())

    def trust(self) -> dict[str, int]:
        return {name: spin.value() for name, spin in self.trust_boxes.items()}
