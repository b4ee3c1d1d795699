"""Editing a customer's e-mail addresses, phone numbers and postal addresses: rows to add, change,
mark primary and remove, each with its problem shown right under it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.definitions.customer_draft import AddressDraft, EmailDraft, PhoneDraft
from workbench.standardize.phones import pretty
from workbench.standardize.record import ADDRESS_KINDS, EMAIL_KINDS, PHONE_KINDS
from workbench.ui.definitions.common import hint_label, problem_label, show_problem


def kind_box(kinds: tuple[str, ...], current: str) -> QComboBox:
    box = QComboBox()
    for kind in kinds:
        box.addItem(kind, kind)
    if current not in kinds:
        box.addItem(current, current)
    box.setCurrentIndex(box.findData(current))
    box.setMinimumWidth(104)
    box.setToolTip("What kind of address or number this is")
    return box


class PointRow(QWidget):
    """One contact point: its fields, kind, primary flag, Remove, and a problem line."""

    changed = Signal()

    def __init__(self, kinds: tuple[str, ...], kind: str, primary: bool, point_id: int | None,
                 source_record_id: int | None, group: QButtonGroup, on_remove: Callable[[PointRow], None]) -> None:
        super().__init__()
        self.point_id = point_id
        self.source_record_id = source_record_id
        self.kind = kind_box(kinds, kind)
        self.primary = QRadioButton("primary")
        self.primary.setToolTip("The one used in lists, exports and for contact")
        group.addButton(self.primary)
        self.primary.setChecked(primary)
        self.remove = QPushButton("Remove")
        self.remove.clicked.connect(lambda: on_remove(self))
        self.problem = problem_label()
        self.kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.primary.toggled.connect(lambda _c: self.changed.emit())

    def draft(self) -> Any:
        """What the row holds, as the draft its kind of contact point takes (each row kind says)."""
        raise NotImplementedError

    def show_problems(self, problems: dict[str, str], prefix: str) -> None:
        texts = [problems[k] for k in (prefix, f"{prefix}:kind", f"{prefix}:country") if k in problems]
        show_problem(self.problem, " ".join(texts))


class EmailRow(PointRow):
    def __init__(self, draft: EmailDraft, group: QButtonGroup, on_remove) -> None:
        super().__init__(EMAIL_KINDS, draft.kind, draft.is_primary, draft.id, draft.source_record_id, group,
                         on_remove)
        self.original_address = draft.address
        self.address = QLineEdit(draft.address)
        self.address.setPlaceholderText("name@example.com")
        self.address.textChanged.connect(lambda _t: self.changed.emit())
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.address, 1)
        line.addWidget(self.kind)
        line.addWidget(self.primary)
        line.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.problem)

    def draft(self) -> EmailDraft:
        typed = self.address.text()
        address = self.original_address if typed == self.original_address else typed.strip()
        return EmailDraft(address, self.kind.currentData(), self.primary.isChecked(), self.point_id,
                          self.source_record_id)


class PhoneRow(PointRow):
    def __init__(self, draft: PhoneDraft, group: QButtonGroup, on_remove, e164: str | None = None) -> None:
        super().__init__(PHONE_KINDS, draft.kind, draft.is_primary, draft.id, draft.source_record_id, group,
                         on_remove)
        self.original_number = draft.number
        self.number = QLineEdit(draft.number)
        self.number.setPlaceholderText("+49 30 1234567")
        self.number.textChanged.connect(lambda _t: self.changed.emit())
        self.reading = QLabel(pretty(e164) if e164 and e164 != draft.number else "")
        self.reading.setStyleSheet("color: #616e7c;")
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.number, 1)
        line.addWidget(self.reading)
        line.addWidget(self.kind)
        line.addWidget(self.primary)
        line.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.problem)

    def draft(self) -> PhoneDraft:
        typed = self.number.text()
        number = self.original_number if typed == self.original_number else " ".join(typed.split())
        return PhoneDraft(number, self.kind.currentData(), self.primary.isChecked(), self.point_id,
                          self.source_record_id)


class AddressRow(PointRow):
    PARTS = (("street", "Street and number"), ("street2", "Address line 2"), ("postcode", "Postcode"),
             ("city", "City"), ("region", "Region or state"), ("country", "Country"))

    def __init__(self, draft: AddressDraft, group: QButtonGroup, on_remove) -> None:
        super().__init__(ADDRESS_KINDS, draft.kind, draft.is_primary, draft.id, draft.source_record_id, group,
                         on_remove)
        self.original = draft
        self.edits: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        positions = {"street": (0, 0, 1, 3), "street2": (1, 0, 1, 3), "postcode": (2, 0, 1, 1), "city": (2, 1, 1, 2),
                     "region": (3, 0, 1, 2), "country": (3, 2, 1, 1)}
        for name, placeholder in self.PARTS:
            edit = QLineEdit(getattr(draft, name) or "")
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(lambda _t: self.changed.emit())
            self.edits[name] = edit
            grid.addWidget(edit, *positions[name])
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        side = QVBoxLayout()
        side.addWidget(self.kind)
        side.addWidget(self.primary)
        side.addWidget(self.remove)
        side.addStretch(1)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addLayout(grid, 1)
        line.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.problem)

    def draft(self) -> AddressDraft:
        values: dict[str, Any] = {}
        for name, edit in self.edits.items():
            stored = getattr(self.original, name)
            values[name] = stored if edit.text() == (stored or "") else (edit.text().strip() or None)
        return AddressDraft(kind=self.kind.currentData(), is_primary=self.primary.isChecked(), id=self.point_id,
                            source_record_id=self.source_record_id, **values)


class PointList(QWidget):
    """The rows of one kind of contact point, with an Add button."""

    changed = Signal()

    def __init__(self, title: str, add_text: str, make_row: Callable[..., PointRow], blank: Any,
                 prefix: str) -> None:
        super().__init__()
        self.make_row = make_row
        self.blank = blank
        self.prefix = prefix
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.rows: list[PointRow] = []
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(6)
        self.empty = hint_label("None yet.")
        add = QPushButton(add_text)
        add.clicked.connect(self.add_blank)
        heading = QLabel(f"<b>{title}</b>")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addLayout(self.rows_layout)

    def add(self, draft: Any, **extra: Any) -> PointRow:
        row = self.make_row(draft, self.group, self.remove, **extra)
        row.changed.connect(self.changed)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self.empty.setVisible(False)
        return row

    def add_blank(self) -> None:
        row = self.add(replace(self.blank, is_primary=not self.rows))
        first = next(iter(row.findChildren(QLineEdit)), None)
        if first is not None:
            first.setFocus()
        self.changed.emit()

    def remove(self, row: PointRow) -> None:
        was_primary = row.primary.isChecked()
        self.rows.remove(row)
        self.group.removeButton(row.primary)
        row.setParent(None)
        row.deleteLater()
        if was_primary and self.rows:
            self.rows[0].primary.setChecked(True)
        self.empty.setVisible(not self.rows)
        self.changed.emit()

    def drafts(self) -> tuple[Any, ...]:
        return tuple(row.draft() for row in self.rows)

    def show_problems(self, problems: dict[str, str]) -> int:
        for index, row in enumerate(self.rows):
            row.show_problems(problems, f"{self.prefix}:{index}")
        return sum(1 for key in problems if key.startswith(f"{self.prefix}:"))
