"""The lifecycle statuses: their rules in order, how many customers each has, and the edits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from workbench import APP_NAME
from workbench.definitions import statuses as statuses_mod
from workbench.definitions.statuses import StatusCount
from workbench.ui.definitions.common import (
    MUTED,
    Column,
    ListModel,
    hint_label,
    load_in_background,
    make_table,
    run_operation_guarded,
    selected_rows,
    start_recompute,
)
from workbench.ui.definitions.status_dialog import StatusDialog, open_status_dialog

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


class StatusRow:
    def __init__(self, position: int | None, named: statuses_mod.rules.NamedRule | None, count: StatusCount) -> None:
        self.position = position
        self.named = named
        self.count = count

    @property
    def id(self) -> int | None:
        return self.named.id if self.named else None

    @property
    def rule_text(self) -> str:
        if self.named is not None:
            return self.named.rule.describe()
        if self.count.name is None:
            return "matches no rule"
        return "set by hand, but no rule defines it any more"


COLUMNS = [
    Column("#", lambda r: r.position, align_right=True),
    Column("Status", lambda r: r.count.label,
           decoration=lambda r: QColor(r.count.color) if r.count.color else None,
           foreground=lambda r: None if r.named else MUTED,
           tooltip=lambda r: r.named.description if r.named else None),
    Column("Rule", lambda r: r.rule_text, tooltip=lambda r: r.rule_text),
    Column("Customers", lambda r: r.count.count if r.count.count >= 0 else "…", align_right=True),
    Column("Set by hand", lambda r: r.count.overridden or "", align_right=True),
]


class StatusesTab(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.model = ListModel(COLUMNS, self)
        self.table = make_table(self.model, stretch=2)
        self.table.setObjectName("statusesTable")
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.add_button = QPushButton("Add status…")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete)
        self.up_button = QPushButton("Move up")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.defaults_button = QPushButton("Restore defaults…")
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.recompute_button = QPushButton("Recompute now")
        self.recompute_button.setToolTip("Statuses follow the calendar; they are recomputed daily and after every "
                                         "rule change")
        self.recompute_button.clicked.connect(lambda: start_recompute(self.window_))
        self.note = hint_label()
        self.note.setObjectName("statusNote")

        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.defaults_button)
        buttons.addWidget(self.recompute_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label("A customer's lifecycle status comes from the first rule that holds, from the "
                                    "top. A status a steward sets by hand (with a reason) wins over the rules."))
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        """The rules first; the counts (a scan of every customer) when they arrive."""
        self.window_.db.read(statuses_mod.load_rules, self._rules_arrived, key=("status rules", id(self)),
                             label="Reading the statuses")
        load_in_background(self.window_, lambda s: (statuses_mod.load_rules(s), statuses_mod.status_counts(s),
                                                    statuses_mod.recomputed_at(s)),
                           lambda result: self._show(*result), title="Counting statuses…",
                           key=("status counts", id(self)))

    def _rules_arrived(self, rules) -> None:
        if not self.model.rows:  # counts already shown stay until the new ones arrive
            self._show(rules, [StatusCount(r.name, -1, 0, r.color) for r in rules], None)

    def _show(self, rules, counts: list[StatusCount], last) -> None:
        named = {r.name: r for r in rules}
        selected = [r.id for r in selected_rows(self.table)]
        rows, position = [], 0
        for count in counts:
            rule = named.get(count.name) if count.name else None
            if rule:
                position += 1
            rows.append(StatusRow(position if rule else None, rule, count))
        self.model.set_rows(rows)
        for index, row in enumerate(rows):
            if row.id is not None and row.id in selected:
                self.table.selectRow(index)
        none = next((c for c in counts if c.name is None), None)
        total = sum(max(c.count, 0) for c in counts)
        note = []
        if none and none.count > 0 and total:
            note.append(f"{none.count:,} customers ({none.count / total:.0%}) match no rule and have no status. "
                        "To name them, add a status without conditions at the end of the list.")
        if last:
            note.append(f"Last recomputed {last:%Y-%m-%d %H:%M} (UTC).")
        self.note.setText(" ".join(note))
        self._enable()

    def _selected(self) -> StatusRow | None:
        rows = selected_rows(self.table)
        return rows[0] if rows else None

    def _enable(self) -> None:
        row = self._selected()
        editable = row is not None and row.id is not None
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        rule_rows = [r for r in self.model.rows if r.id is not None]
        self.up_button.setEnabled(editable and rule_rows and rule_rows[0] is not row)
        self.down_button.setEnabled(editable and rule_rows and rule_rows[-1] is not row)

    def add(self) -> None:
        def run(dialog: StatusDialog) -> None:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                values = dialog.values()
                run_operation_guarded(self, self.window_, lambda s: statuses_mod.add_status(
                    s, values["name"], values["rule"], description=values["description"], color=values["color"]))

        open_status_dialog(self.window_, run, None, self)

    def edit(self) -> None:
        row = self._selected()
        if row is None or row.id is None:
            return
        rule_id = row.id

        def run(dialog: StatusDialog) -> None:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                values = dialog.values()
                run_operation_guarded(self, self.window_, lambda s: statuses_mod.edit_status(
                    s, rule_id, values["name"], values["rule"], description=values["description"],
                    color=values["color"]))

        open_status_dialog(self.window_, run, rule_id, self)

    def delete(self) -> None:
        row = self._selected()
        if row is None or row.id is None:
            return
        extra = (f"\n\n{row.count.overridden:,} customers have this status set by hand; that will be cleared."
                 if row.count.overridden else "")
        answer = QMessageBox.question(self, APP_NAME, f"Delete the status {row.count.label!r}? Its "
                                      f"{row.count.count:,} customers get their status from the other rules."
                                      f"{extra}\n\nYou can undo this (Edit → Undo).")
        if answer == QMessageBox.StandardButton.Yes:
            run_operation_guarded(self, self.window_, lambda s: statuses_mod.delete_status(s, row.id))

    def move(self, delta: int) -> None:
        row = self._selected()
        if row is None or row.id is None:
            return
        run_operation_guarded(self, self.window_, lambda s: statuses_mod.move_status(s, row.id, delta))

    def restore_defaults(self) -> None:
        answer = QMessageBox.question(
            self, APP_NAME, "Replace the statuses with the four defaults (customer, former customer, new prospect, "
                            "known prospect)? Statuses set by hand to a name that goes away are cleared.\n\n"
                            "You can undo this (Edit → Undo).")
        if answer == QMessageBox.StandardButton.Yes:
            run_operation_guarded(self, self.window_, statuses_mod.restore_default_statuses)

