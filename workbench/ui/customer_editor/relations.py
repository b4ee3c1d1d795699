"""Status override, roles and relationships of one customer, as editor sections.

Finding the other customer and checking a new relationship ask the window's read queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.definitions import relationships as relationships_mod
from workbench.definitions.relationships import KindInfo, RelationView
from workbench.definitions.statuses import display
from workbench.store.models import format_master_number
from workbench.store.queries import CustomerListQuery
from workbench.ui.definitions.common import hint_label, problem_label, show_problem, stack

if TYPE_CHECKING:
    from workbench.ui.db import Database

SEARCH_DELAY_MS = 250
FOLLOW_RULES = "(follow the rules)"


class StatusRolesForm(QWidget):
    changed = Signal()

    def __init__(self, computed: str | None, statuses: list[str], override: str | None, reason: str | None,
                 role_names: list[str], roles: tuple[str, ...]) -> None:
        super().__init__()
        self.computed = QLabel(f"{display(computed)} <span style='color:#616e7c'>(from the rules)</span>")
        self.override = QComboBox()
        self.override.setObjectName("statusOverride")
        self.override.addItem(FOLLOW_RULES, None)
        for name in statuses:
            self.override.addItem(display(name), name)
        if override and self.override.findData(override) < 0:
            self.override.addItem(f"{display(override)} (no longer defined)", override)
        self.override.setCurrentIndex(max(0, self.override.findData(override)))
        self.original_reason = reason
        self.reason = QLineEdit(reason or "")
        self.reason.setObjectName("statusReason")
        self.reason.setPlaceholderText("Why this customer's status is set by hand")
        self.override_problem = problem_label()
        self.reason_problem = problem_label()
        self.original_roles = tuple(roles)
        self.role_boxes: list[tuple[str, QCheckBox]] = []
        roles_box = QWidget()
        roles_layout = QHBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        for name in [*role_names, *[r for r in roles if r not in role_names]]:
            box = QCheckBox(name if name in role_names else f"{name} (not defined)")
            box.setChecked(name in roles)
            box.toggled.connect(lambda _c: self.changed.emit())
            self.role_boxes.append((name, box))
            roles_layout.addWidget(box)
        roles_layout.addStretch(1)
        if not self.role_boxes:
            roles_layout.insertWidget(0, hint_label("No roles are defined (Definitions → Roles)."))
        form = QFormLayout()
        form.addRow("Status", self.computed)
        form.addRow("Set by hand", stack(self.override, self.override_problem))
        form.addRow("Reason", stack(self.reason, self.reason_problem))
        form.addRow("Roles", roles_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint_label("A status set by hand wins over the rules until it is set back to "
                                    f"{FOLLOW_RULES!r}. A customer can hold several roles."))
        layout.addStretch(1)
        self.override.currentIndexChanged.connect(lambda _i: self._override_changed())
        self.reason.textChanged.connect(lambda _t: self.changed.emit())
        self._override_changed(emit=False)

    def _override_changed(self, emit: bool = True) -> None:
        self.reason.setEnabled(self.override.currentData() is not None)
        if emit:
            self.changed.emit()

    def values(self) -> tuple[str | None, str | None, tuple[str, ...]]:
        override = self.override.currentData()
        typed = self.reason.text()
        reason = (self.original_reason if typed == (self.original_reason or "") else typed.strip() or None) \
            if override else None
        checked = [name for name, box in self.role_boxes if box.isChecked()]
        # Roles held before keep their order; new ones follow in the list's order.
        ordered = [r for r in self.original_roles if r in checked] + [r for r in checked
                                                                       if r not in self.original_roles]
        return override, reason, tuple(ordered)

    def show_problems(self, problems: dict[str, str]) -> int:
        show_problem(self.override_problem, problems.get("status_override"))
        show_problem(self.reason_problem, problems.get("status_reason"))
        return sum(1 for k in ("status_override", "status_reason") if k in problems)


@dataclass
class PendingRelation:
    kind_id: int
    outgoing: bool
    other_id: int
    other_label: str
    label: str
    note: str | None


class RelationsForm(QWidget):
    """The customer's relationships; additions and removals wait for Save."""

    changed = Signal()

    def __init__(self, db: Database, customer_id: int, current: list[RelationView], kinds: list[KindInfo]) -> None:
        super().__init__()
        self.db = db
        self.customer_id = customer_id
        self.current = current
        self.removed: set[int] = set()
        self.added: list[PendingRelation] = []
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(4)
        self.kind = QComboBox()
        self.kind.setObjectName("relationKind")
        for kind in kinds:
            self.kind.addItem(kind.name, (kind.id, True))
            if not kind.symmetric and kind.inverse_name:
                self.kind.addItem(kind.inverse_name, (kind.id, False))
        self.search = QLineEdit()
        self.search.setObjectName("relationSearch")
        self.search.setPlaceholderText("Name, e-mail, phone or master number of the other customer")
        self.found = QComboBox()
        self.found.setObjectName("relationFound")
        self.found.setMinimumContentsLength(28)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (optional)")
        self.add_button = QPushButton("Add relationship")
        self.add_button.clicked.connect(self.add_pending)
        self.problem = problem_label()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.find)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.find)
        adder = QFormLayout()
        adder.addRow("This customer", self.kind)
        adder.addRow("Find", self.search)
        adder.addRow("Customer", self.found)
        adder.addRow("Note", self.note)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Relationships</b>"))
        layout.addLayout(self.list_layout)
        layout.addSpacing(10)
        layout.addWidget(QLabel("<b>Add a relationship</b>"))
        layout.addLayout(adder)
        layout.addWidget(self.problem)
        layout.addLayout(row)
        layout.addStretch(1)
        self._rebuild()

    def _rebuild(self) -> None:
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        shown = 0
        for relation in self.current:
            if relation.id in self.removed:
                continue
            state = "" if relation.state == relationships_mod.ACTIVE else f" ({relation.state})"
            note = f" · {relation.note}" if relation.note else ""
            self._line(f"{relation.label} <b>{relation.other_name}</b> · {relation.other_number}{state}{note}",
                       lambda r=relation: self._remove(r.id))
            shown += 1
        for pending in self.added:
            self._line(f"{pending.label} <b>{pending.other_label}</b> <i>(new)</i>",
                       lambda p=pending: self._drop(p))
            shown += 1
        if not shown:
            self.list_layout.addWidget(hint_label("None yet."))

    def _line(self, html: str, on_remove) -> None:
        line = QWidget()
        layout = QHBoxLayout(line)
        layout.setContentsMargins(0, 0, 0, 0)
        text = QLabel(html)
        text.setTextFormat(Qt.TextFormat.RichText)
        remove = QPushButton("Remove")
        remove.clicked.connect(on_remove)
        layout.addWidget(text, 1)
        layout.addWidget(remove)
        self.list_layout.addWidget(line)

    def _remove(self, relationship_id: int) -> None:
        self.removed.add(relationship_id)
        self._rebuild()
        self.changed.emit()

    def _drop(self, pending: PendingRelation) -> None:
        self.added.remove(pending)
        self._rebuild()
        self.changed.emit()

    def find(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        if not text:
            self.db.drop(("relation search", id(self)))
            self.found.clear()
            return
        self.db.read(lambda session: CustomerListQuery(text).rows(session, 0, 12),
                     lambda rows: self._found(text, rows), key=("relation search", id(self)), owner=self,
                     label="Searching")

    def _found(self, text: str, rows) -> None:
        self.found.clear()
        for row in rows:
            if row.id != self.customer_id:
                place = f", {row.city}" if row.city else ""
                self.found.addItem(f"{row.display_name or '(no name)'} · {format_master_number(row.id)}{place}", row.id)
        show_problem(self.problem, None if self.found.count() else f"No customer found for {text!r}.")

    def add_pending(self) -> None:
        data = self.kind.currentData()
        other = self.found.currentData()
        if data is None:
            show_problem(self.problem, "Choose what kind of relationship this is.")
            return
        kind_id, outgoing = data
        if not other:
            show_problem(self.problem, "Find and choose the other customer first.")
            return
        if any(p.kind_id == kind_id and p.other_id == other and p.outgoing == outgoing for p in self.added):
            show_problem(self.problem, "This relationship is already on the list.")
            return
        from_id, to_id = (self.customer_id, other) if outgoing else (other, self.customer_id)
        pending = PendingRelation(kind_id, outgoing, other, self.found.currentText().split(" · ")[0],
                                  self.kind.currentText(), self.note.text().strip() or None)
        self.db.read(lambda session: relationships_mod.relation_problems(session, kind_id, from_id, to_id),
                     lambda found: self._checked(pending, found), key=("relation check", id(self)), owner=self,
                     label="Checking the relationship")

    def _checked(self, pending: PendingRelation, found: dict[str, str]) -> None:
        show_problem(self.problem, " ".join(found.values()))
        if found or any(p.kind_id == pending.kind_id and p.other_id == pending.other_id
                        and p.outgoing == pending.outgoing for p in self.added):
            return
        self.added.append(pending)
        self.note.clear()
        self._rebuild()
        self.changed.emit()

    def has_changes(self) -> bool:
        return bool(self.removed or self.added)
