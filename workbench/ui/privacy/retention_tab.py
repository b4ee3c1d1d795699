"""The Data quality page's list of customers with no activity for the chosen time, to erase in bulk."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from workbench.privacy.retention import Inactive
from workbench.ui.definitions.common import Column, ListModel, hint_label, make_table

SHOWN = 500
HINT = "Refresh to find customers with no order, import or change for the chosen time."
COLUMNS = [
    Column("Master no.", lambda r: r.master_number),
    Column("Customer", lambda r: r.name),
    Column("E-mail", lambda r: r.email or ""),
    Column("Last activity", lambda r: f"{r.last_activity:%Y-%m-%d}" if r.last_activity else "never"),
]


class RetentionTab(QWidget):
    def __init__(self, on_erase: Callable[[list[int]], None]) -> None:
        super().__init__()
        self.setObjectName("retentionTab")
        self.found: list[Inactive] = []
        self.model = ListModel(COLUMNS, self)
        self.table = make_table(self.model, stretch=1)
        self.summary = hint_label(HINT)
        self.erase_button = QPushButton("Erase all of them…")
        self.erase_button.setObjectName("eraseInactiveButton")
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(lambda: on_erase([r.id for r in self.found]))
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def show_rows(self, rows: list[Inactive], months: int) -> None:
        self.found = rows
        self.model.set_rows(rows[:SHOWN])
        shown = f" (the {SHOWN:,} longest inactive shown)" if len(rows) > SHOWN else ""
        self.summary.setText(f"{len(rows):,} customers with no order, import or change for {months} months{shown}. "
                             "A business should not keep them longer than it needs to.")
        self.erase_button.setEnabled(bool(rows))

    def clear(self) -> None:
        self.found = []
        self.model.set_rows([])
        self.summary.setText(HINT)
        self.erase_button.setEnabled(False)
