"""A threshold chosen in people's terms ("at most 1 in 1,000 wrong"), with its score in bits for experts.

The spin box in bits stays the value the settings store; the list of choices sets it, and
follows it when an expert types a value of their own (shown as an extra choice).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QWidget

OWN = "own"


class ThresholdChoice(QWidget):
    def __init__(self, spin: QDoubleSpinBox, choices: Sequence[tuple[str, float]], describe: Callable[[float], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spin, self.describe = spin, describe
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for text, bits in choices:
            self.combo.addItem(text, bits)
        self._syncing = False
        self.combo.currentIndexChanged.connect(self._chosen)
        spin.valueChanged.connect(lambda _value: self.sync())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(spin)
        layout.addStretch(1)
        spin.setVisible(False)
        self.sync()

    def set_expert(self, on: bool) -> None:
        self.spin.setVisible(on)

    def _chosen(self, index: int) -> None:
        bits = self.combo.itemData(index)
        if self._syncing or not isinstance(bits, float):
            return
        self.spin.setValue(bits)

    def sync(self) -> None:
        """Select the choice that is the spin box's value, or show that value as a choice of its own."""
        value = self.spin.value()
        self._syncing = True
        try:
            own = self.combo.findData(OWN, role=257)  # Qt.UserRole + 1: marks the value typed by hand
            if own >= 0:
                self.combo.removeItem(own)
            index = next((i for i in range(self.combo.count())
                          if abs(float(self.combo.itemData(i)) - value) < 0.051), -1)
            if index < 0:
                index = next((i for i in range(self.combo.count()) if float(self.combo.itemData(i)) > value),
                             self.combo.count())
                self.combo.insertItem(index, self.describe(value), value)
                self.combo.setItemData(index, OWN, 257)
            self.combo.setCurrentIndex(index)
        finally:
            self._syncing = False
