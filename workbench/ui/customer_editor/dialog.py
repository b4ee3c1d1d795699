"""The customer editor: every golden field, contact point, attribute, status override, role and
relationship of one customer, checked as the steward types; Save is one undoable step."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME
from workbench.definitions import attributes as attributes_mod
from workbench.definitions import relationships as relationships_mod
from workbench.definitions import roles as roles_mod
from workbench.definitions import statuses as statuses_mod
from workbench.definitions.customer_draft import (
    AddressDraft,
    CustomerDraft,
    EmailDraft,
    PhoneDraft,
    draft_of,
    normalized,
    problems,
)
from workbench.definitions.customer_edit import EditCustomer, load_customer
from workbench.definitions.ops import Composite
from workbench.errors import WorkbenchError
from workbench.store.models import format_master_number
from workbench.ui.customer_editor.contact_points import AddressRow, EmailRow, PhoneRow, PointList
from workbench.ui.customer_editor.fields import AttributesForm, DetailsForm
from workbench.ui.customer_editor.relations import RelationsForm, StatusRolesForm
from workbench.ui.definitions.common import apply_operation, hint_label

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

TABS = ("Details", "Contact", "Attributes", "Status and roles", "Relationships")


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class CustomerEditor(QDialog):
    def __init__(self, window: MainWindow, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.customer_id = customer_id
        with window.master.session() as session:
            customer = load_customer(session, customer_id)
            if customer is None:
                raise LookupError(customer_id)
            self.original: CustomerDraft = draft_of(customer)
            phone_readings = {p.id: p.e164 for p in customer.phones}
            title = customer.display_name or "(no name)"
            computed = customer.status
            self.specs = attributes_mod.load_specs(session)
            self.statuses = [r.name for r in statuses_mod.load_rules(session)]
            role_names = roles_mod.role_names(session)
            relations = relationships_mod.relationships_of(session, customer_id)
            kinds = relationships_mod.load_kinds(session)
        self.setObjectName("customerEditor")
        self.setWindowTitle(f"Edit {title} · {format_master_number(customer_id)}")
        self.resize(900, 680)

        self.details = DetailsForm(self.original.fields)
        self.emails = PointList("E-mail addresses", "Add e-mail…", EmailRow, EmailDraft("", "other"), "email")
        self.phones = PointList("Phone numbers", "Add phone…", PhoneRow, PhoneDraft("", "mobile"), "phone")
        self.addresses = PointList("Postal addresses", "Add address…", AddressRow, AddressDraft(), "address")
        for draft in self.original.emails:
            self.emails.add(draft)
        for phone in self.original.phones:
            self.phones.add(phone, e164=phone_readings.get(phone.id))
        for address in self.original.addresses:
            self.addresses.add(address)
        contact = QWidget()
        contact_layout = QVBoxLayout(contact)
        for part in (self.emails, self.phones, self.addresses):
            contact_layout.addWidget(part)
        contact_layout.addStretch(1)
        self.attributes = AttributesForm(self.specs, self.original.attributes)
        self.status_roles = StatusRolesForm(computed, self.statuses, self.original.status_override,
                                            self.original.status_reason, role_names, self.original.roles)
        self.relations = RelationsForm(window.master, customer_id, relations, kinds)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("editorTabs")
        for widget, name in zip((self.details, contact, self.attributes, self.status_roles, self.relations), TABS,
                                strict=True):
            self.tabs.addTab(_scrolled(widget), name)
        heading = QLabel(f"<span style='font-size:15pt; font-weight:600'>{escape(title)}</span>"
                         f"&nbsp;&nbsp;<span style='color:#616e7c'>{format_master_number(customer_id)}</span>")
        self.reason = QLineEdit()
        self.reason.setObjectName("changeReason")
        self.reason.setPlaceholderText("Optional: why you change this (kept in the audit log)")
        self.summary = hint_label()
        self.summary.setObjectName("editorSummary")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        reason_row = QFormLayout()
        reason_row.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(reason_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        for section in (self.details, self.emails, self.phones, self.addresses, self.attributes,
                        self.status_roles, self.relations):
            section.changed.connect(self.revalidate)
        self.problems: dict[str, str] = {}
        self.revalidate()

    # ------------------------------------------------------------------ state

    def draft(self) -> CustomerDraft:
        override, reason, roles = self.status_roles.values()
        return replace(self.original, fields=self.details.values(), emails=self.emails.drafts(),
                       phones=self.phones.drafts(), addresses=self.addresses.drafts(),
                       attributes=self.attributes.values(), roles=roles, status_override=override,
                       status_reason=reason)

    def edited(self) -> CustomerDraft:
        return normalized(self.draft(), self.specs)

    def has_changes(self) -> bool:
        return self.draft() != self.original or self.relations.has_changes()

    def revalidate(self) -> None:
        self.problems = problems(self.draft(), self.specs, self.statuses)
        counts = [self.details.show_problems(self.problems),
                  sum(part.show_problems(self.problems) for part in (self.emails, self.phones, self.addresses)),
                  self.attributes.show_problems(self.problems), self.status_roles.show_problems(self.problems), 0]
        for index, (name, count) in enumerate(zip(TABS, counts, strict=True)):
            self.tabs.setTabText(index, f"{name} ({count})" if count else name)
            self.tabs.tabBar().setTabTextColor(index, Qt.GlobalColor.darkRed if count else self.palette().text().color())
        total = len(self.problems)
        changed = self.has_changes()
        if total:
            self.summary.setText(f"{total} {'problem' if total == 1 else 'problems'} to fix before saving "
                                 "(shown under the fields; the tab names count them).")
        else:
            self.summary.setText("" if changed else "No changes yet.")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not total and changed)

    # ------------------------------------------------------------------ saving

    def operation(self) -> Any:
        steps: list[Any] = []
        after = self.edited()
        if after != self.original:
            steps.append(EditCustomer(self.customer_id, self.original, after, self.reason.text().strip() or None))
        with self.window_.master.session() as session:
            for relationship_id in sorted(self.relations.removed):
                steps.append(relationships_mod.remove_relationship(session, relationship_id))
            for pending in self.relations.added:
                steps.append(relationships_mod.add_relationship(session, pending.kind_id, self.customer_id,
                                                                pending.other_id, pending.note,
                                                                outgoing=pending.outgoing))
        if len(steps) == 1:
            return steps[0]
        return Composite(f"Edit {format_master_number(self.customer_id)}", steps)

    def save(self) -> None:
        self.revalidate()
        if self.problems or not self.has_changes():
            return
        try:
            operation = self.operation()
        except WorkbenchError as exc:  # a relationship that became impossible meanwhile
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        if apply_operation(self.window_, operation):
            self.accept()

    def reject(self) -> None:
        if self.isVisible() and self.has_changes():
            answer = QMessageBox.question(self, APP_NAME, "Discard your changes to this customer?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


def open_customer_editor(window: MainWindow, customer_id: int, parent: QWidget | None = None) -> CustomerEditor | None:
    """Open the editor (window-modal, not blocking) for one customer; None if it no longer exists."""
    try:
        editor = CustomerEditor(window, customer_id, parent)
    except LookupError:
        QMessageBox.information(parent or window, APP_NAME, f"{format_master_number(customer_id)} no longer exists.")
        return None
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.setWindowModality(Qt.WindowModality.WindowModal)
    editor.show()
    return editor
