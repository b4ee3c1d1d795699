"""What an empty master shows: what the app is for and the two ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePanel(QWidget):
    import_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        card.setFixedWidth(620)
        title = QLabel("Your customer master is empty")
        title.setObjectName("welcomeTitle")
        text = QLabel(
            "Bring in the customer lists you have (webshop and point-of-sale exports, newsletter "
            "audiences, spreadsheets, phone contacts). Steward Workbench keeps every original row, "
            "finds the people who appear more than once, and helps you merge them into one trusted "
            "record each.")
        text.setWordWrap(True)
        text.setObjectName("welcomeText")
        self.import_button = QPushButton("Import a file…")
        self.import_button.setObjectName("primaryButton")
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button = QPushButton("Load sample data")
        self.sample_button.clicked.connect(self.sample_requested)
        self.sample_button.setToolTip("Realistic demo customers with known duplicates, to try everything safely")
        hint = QLabel("Tip: you can also drop files onto this window.")
        hint.setObjectName("welcomeHint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(36, 32, 36, 32)
        inner.setSpacing(14)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addSpacing(6)
        inner.addLayout(buttons)
        inner.addWidget(hint)
        # Stretches rather than an alignment flag, so the word-wrapped text gets its full height.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_import_available(self, available: bool) -> None:
        self.import_button.setEnabled(available)
