"""Roles and relationship kinds: short editable lists, each with a small dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME
from workbench.definitions import relationships, roles
from workbench.ui.definitions.common import (
    Column,
    ListModel,
    LiveCheck,
    hint_label,
    load_in_background,
    make_table,
    problem_label,
    run_operation_guarded,
    selected_rows,
    show_problem,
)

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


class RoleDialog(QDialog):
    def __init__(self, window: MainWindow, role: roles.RoleInfo | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.window_ = window
        self.role_id = role.id if role else None
        self.setWindowTitle("Edit role" if role else "Add role")
        self.setMinimumWidth(460)
        self.name = QLineEdit(role.name if role else "")
        self.name.setPlaceholderText("e.g. caregiver")
        self.description = QLineEdit(role.description or "" if role else "")
        self.problem = problem_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("", self.problem)
        form.addRow("Description", self.description)
        layout = QVBoxLayout(self)
        if role and role.customers:
            layout.addWidget(hint_label(f"{role.customers:,} customers hold this role; renaming it renames it on "
                                        "them and in the segments that name it."))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.check = LiveCheck(self, window, self._check, self._show,
                               self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self.name.textChanged.connect(self.check.run)
        self.check.run()

    def _check(self):
        name, role_id = self.name.text(), self.role_id
        return lambda session: {k: v for k, v in roles.problems(session, name, role_id).items() if k == "name"}

    def _show(self, found: dict[str, str]) -> dict[str, str]:
        show_problem(self.problem, found.get("name"))
        return found

    def accept(self) -> None:
        if self.check.may_accept():
            super().accept()


class KindDialog(QDialog):
    def __init__(self, window: MainWindow, kind: relationships.KindInfo | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.window_ = window
        self.kind_id = kind.id if kind else None
        self.setWindowTitle("Edit relationship kind" if kind else "Add relationship kind")
        self.setMinimumWidth(520)
        self.name = QLineEdit(kind.name if kind else "")
        self.name.setPlaceholderText("e.g. works for")
        self.symmetric = QCheckBox("The same from both sides (like spouse/partner)")
        self.symmetric.setChecked(kind.symmetric if kind else False)
        self.inverse = QLineEdit(kind.inverse_name or "" if kind else "")
        self.inverse.setPlaceholderText("Seen from the other side, e.g. employs")
        self.problem = problem_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("", self.problem)
        form.addRow("", self.symmetric)
        form.addRow("Other side", self.inverse)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.check = LiveCheck(self, window, self._check, self._show,
                               self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self.name.textChanged.connect(self._changed)
        self.inverse.textChanged.connect(self._changed)
        self.symmetric.toggled.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        self.inverse.setEnabled(not self.symmetric.isChecked())
        self.check.run()

    def _check(self):
        name, inverse, symmetric, kind_id = self.name.text(), self.inverse.text(), self.symmetric.isChecked(), \
            self.kind_id
        return lambda session: relationships.kind_problems(session, name, inverse, symmetric, kind_id)

    def _show(self, found: dict[str, str]) -> dict[str, str]:
        show_problem(self.problem, " ".join(found.values()))
        return found

    def accept(self) -> None:
        if self.check.may_accept():
            super().accept()


class _ListTab(QWidget):
    """A list with Add / Edit / Delete / Move up / Move down."""

    noun = ""

    def __init__(self, window: MainWindow, columns: list[Column], hint: str) -> None:
        super().__init__()
        self.window_ = window
        self.model = ListModel(columns, self)
        self.table = make_table(self.model, stretch=1)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.buttons = {}
        row = QHBoxLayout()
        for key, text in (("add", f"Add {self.noun}…"), ("edit", "Edit…"), ("delete", "Delete"),
                          ("up", "Move up"), ("down", "Move down")):
            button = QPushButton(text)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.buttons["add"].clicked.connect(self.add)
        self.buttons["edit"].clicked.connect(self.edit)
        self.buttons["delete"].clicked.connect(self.delete)
        self.buttons["up"].clicked.connect(lambda: self.move(-1))
        self.buttons["down"].clicked.connect(lambda: self.move(1))
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(hint))
        layout.addWidget(self.table)
        layout.addLayout(row)

    def selected(self):
        rows = selected_rows(self.table)
        return rows[0] if rows else None

    def _enable(self) -> None:
        row = self.selected()
        for key in ("edit", "delete"):
            self.buttons[key].setEnabled(row is not None)
        rows = self.model.rows
        self.buttons["up"].setEnabled(row is not None and rows[0] is not row)
        self.buttons["down"].setEnabled(row is not None and rows[-1] is not row)

    def add(self) -> None: ...

    def edit(self) -> None: ...

    def delete(self) -> None: ...

    def move(self, delta: int) -> None: ...


class RolesTab(_ListTab):
    noun = "role"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, [Column("Role", lambda r: r.name), Column("Description", lambda r: r.description),
                                  Column("Customers", lambda r: r.customers, align_right=True)],
                         "The roles a customer can have, several at once (buyer, user, decision maker; patient, "
                         "caregiver …). Set them in the customer editor; filter by them with segments.")
        self.table.setObjectName("rolesTable")

    def refresh(self) -> None:
        load_in_background(self.window_, roles.load_roles, self._loaded, title="Counting roles…", key=self)

    def _loaded(self, rows: object) -> None:
        selected = self.selected()
        self.model.set_rows(rows)  # type: ignore[arg-type]
        for index, role in enumerate(self.model.rows):
            if selected is not None and role.id == selected.id:
                self.table.selectRow(index)
        self._enable()

    def add(self) -> None:
        dialog = RoleDialog(self.window_, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            name, description = dialog.name.text(), dialog.description.text()
            run_operation_guarded(self, self.window_, lambda s: roles.add_role(s, name, description))

    def edit(self) -> None:
        role = self.selected()
        if role is None:
            return
        dialog = RoleDialog(self.window_, role, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            name, description = dialog.name.text(), dialog.description.text()
            run_operation_guarded(self, self.window_, lambda s: roles.edit_role(s, role.id, name, description))

    def delete(self) -> None:
        role = self.selected()
        if role is None:
            return
        held = f" It is taken off the {role.customers:,} customers who hold it." if role.customers else ""
        answer = QMessageBox.question(self, APP_NAME, f"Delete the role {role.name!r}?{held}\n\n"
                                      "You can undo this (Edit → Undo).")
        if answer == QMessageBox.StandardButton.Yes:
            run_operation_guarded(self, self.window_, lambda s: roles.delete_role(s, role.id))

    def move(self, delta: int) -> None:
        role = self.selected()
        if role is not None:
            run_operation_guarded(self, self.window_, lambda s: roles.move_role(s, role.id, delta))


class KindsTab(_ListTab):
    noun = "kind"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, [
            Column("Relationship", lambda k: k.name),
            Column("Seen from the other side", lambda k: "(the same)" if k.symmetric else (k.inverse_name or "")),
            Column("Relationships", lambda k: k.relationships, align_right=True)],
            "How customers can be related: household members, partners, people working for a company, "
            "subsidiaries, someone who buys for someone else.")
        self.table.setObjectName("kindsTable")

    def refresh(self) -> None:
        load_in_background(self.window_, relationships.load_kinds, self._loaded, title="Reading the kinds…", key=self)

    def _loaded(self, kinds: object) -> None:
        self.model.set_rows(kinds)  # type: ignore[arg-type]
        self._enable()

    def _values(self, dialog: KindDialog) -> tuple[str, str, bool]:
        return dialog.name.text(), dialog.inverse.text(), dialog.symmetric.isChecked()

    def add(self) -> None:
        dialog = KindDialog(self.window_, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            name, inverse, symmetric = self._values(dialog)
            run_operation_guarded(self, self.window_, lambda s: relationships.add_kind(s, name, inverse, symmetric))

    def edit(self) -> None:
        kind = self.selected()
        if kind is None:
            return
        dialog = KindDialog(self.window_, kind, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            name, inverse, symmetric = self._values(dialog)
            run_operation_guarded(self, self.window_,
                                  lambda s: relationships.edit_kind(s, kind.id, name, inverse, symmetric))

    def delete(self) -> None:
        kind = self.selected()
        if kind is not None:
            run_operation_guarded(self, self.window_, lambda s: relationships.delete_kind(s, kind.id))

    def move(self, delta: int) -> None:
        kind = self.selected()
        if kind is not None:
            run_operation_guarded(self, self.window_, lambda s: relationships.move_kind(s, kind.id, delta))
