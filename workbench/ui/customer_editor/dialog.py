"""The customer editor: every golden field, contact point, attribute, status override, role and
relationship of one customer, checked as the steward types; Save is one undoable step.

The customer and the definitions it is checked against are read before the editor opens
(`open_customer_editor`); Save goes through the window's queue and the editor closes once the
change is made (it stays open, with the reason, when the master refuses it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
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
from workbench.definitions.attribute_types import AttributeSpec
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
from workbench.definitions.relationships import KindInfo, RelationView
from workbench.store.models import format_master_number
from workbench.ui.customer_editor.contact_points import AddressRow, EmailRow, PhoneRow, PointList
from workbench.ui.customer_editor.fields import AttributesForm, DetailsForm
from workbench.ui.customer_editor.relations import RelationsForm, StatusRolesForm
from workbench.ui.db import BUSY_AFTER_MS
from workbench.ui.definitions.common import hint_label, run_operation_guarded

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

TABS = ("Details", "Contact", "Attributes", "Status and roles", "Relationships")


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


@dataclass(frozen=True)
class EditorStart:
    """Everything the editor starts from, read in one go."""

    original: CustomerDraft
    phone_readings: dict[int, str | None]
    title: str
    computed: str | None
    specs: list[AttributeSpec]
    statuses: list[str]
    role_names: list[str]
    relations: list[RelationView]
    kinds: list[KindInfo]


def read_start(customer_id: int) -> Callable[[Any], EditorStart | None]:
    def read(session: Any) -> EditorStart | None:
        customer = load_customer(session, customer_id)
        if customer is None:
            return None
        return EditorStart(draft_of(customer), {p.id: p.e164 for p in customer.phones},
                           customer.display_name or "(no name)", customer.status,
                           attributes_mod.load_specs(session), [r.name for r in statuses_mod.load_rules(session)],
                           roles_mod.role_names(session), relationships_mod.relationships_of(session, customer_id),
                           relationships_mod.load_kinds(session))
    return read


class CustomerEditor(QDialog):
    def __init__(self, window: MainWindow, customer_id: int, start: EditorStart,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.customer_id = customer_id
        self.original: CustomerDraft = start.original
        title = start.title
        self.specs = start.specs
        self.statuses = start.statuses
        self._saving = False
        self._saving_shown = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS, timeout=self._show_saving)
        self.setObjectName("customerEditor")
        self.setWindowTitle(f"Edit {title} · {format_master_number(customer_id)}")
        self.resize(900, 680)

        # The sections are made one per turn of the event loop, the details first and before the
        # editor shows (`open_customer_editor`), the others once it shows, or at once when their
        # tab is opened or a section is asked for: made all at once they would hold up the window
        # for a noticeable moment, more so while an import keeps the interpreter busy. Until a
        # section exists, the customer's values stand for it.
        self._details: DetailsForm | None = None
        self.emails: PointList | None = None
        self.phones: PointList | None = None
        self.addresses: PointList | None = None
        self.attributes: AttributesForm | None = None
        self.status_roles: StatusRolesForm | None = None
        self.relations: RelationsForm | None = None
        self._start = start
        self._builders = {0: self._build_details, 1: self._build_contact, 2: self._build_attributes, 3: self._build_status_roles,
                          4: self._build_relations}

        self.tabs = QTabWidget()
        self.tabs.setObjectName("editorTabs")
        for name in TABS:
            self.tabs.addTab(_scrolled(QWidget()), name)
        self.tabs.currentChanged.connect(self._build_up_to)
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
        self.problems: dict[str, str] = {}
        self.revalidate()

    # ------------------------------------------------------------------ the sections, one at a time

    @property
    def details(self) -> DetailsForm:
        if self._details is None:
            self._build(0)
        assert self._details is not None
        return self._details

    def build_sections(self) -> None:
        """Make the details now, the sections still to be made one per turn of the event loop."""
        self._build(0)
        QTimer.singleShot(0, self, self._build_next)

    @property
    def ready(self) -> bool:
        """Every section has been made."""
        return not self._builders

    def _build_next(self) -> None:
        if self._builders:
            self._build(min(self._builders))
            QTimer.singleShot(0, self, self._build_next)

    def _build_up_to(self, index: int) -> None:
        for waiting in sorted(i for i in self._builders if i <= index):
            self._build(waiting)

    def _build(self, index: int) -> None:
        builder = self._builders.pop(index, None)
        if builder is None:
            return
        section = builder()
        area = self.tabs.widget(index)
        assert isinstance(area, QScrollArea)
        area.setWidget(section)
        self.revalidate()

    def _build_details(self) -> QWidget:
        self._details = DetailsForm(self.original.fields)
        self._details.changed.connect(self.revalidate)
        return self._details

    def _build_contact(self) -> QWidget:
        original, readings = self.original, self._start.phone_readings
        self.emails = PointList("E-mail addresses", "Add e-mail…", EmailRow, EmailDraft("", "other"), "email")
        self.phones = PointList("Phone numbers", "Add phone…", PhoneRow, PhoneDraft("", "mobile"), "phone")
        self.addresses = PointList("Postal addresses", "Add address…", AddressRow, AddressDraft(), "address")
        for draft in original.emails:
            self.emails.add(draft)
        for phone in original.phones:
            self.phones.add(phone, e164=readings.get(phone.id))
        for address in original.addresses:
            self.addresses.add(address)
        contact = QWidget()
        contact_layout = QVBoxLayout(contact)
        for part in (self.emails, self.phones, self.addresses):
            contact_layout.addWidget(part)
            part.changed.connect(self.revalidate)
        contact_layout.addStretch(1)
        return contact

    def _build_attributes(self) -> QWidget:
        self.attributes = AttributesForm(self.specs, self.original.attributes)
        self.attributes.changed.connect(self.revalidate)
        return self.attributes

    def _build_status_roles(self) -> QWidget:
        original = self.original
        self.status_roles = StatusRolesForm(self._start.computed, self.statuses, original.status_override,
                                            original.status_reason, self._start.role_names, original.roles)
        self.status_roles.changed.connect(self.revalidate)
        return self.status_roles

    def _build_relations(self) -> QWidget:
        self.relations = RelationsForm(self.window_.db, self.customer_id, self._start.relations, self._start.kinds)
        self.relations.changed.connect(self.revalidate)
        return self.relations

    # ------------------------------------------------------------------ state

    def draft(self) -> CustomerDraft:
        original = self.original
        override, reason, roles = self.status_roles.values() if self.status_roles else (
            original.status_override, original.status_reason, original.roles)
        return replace(original, fields=self._details.values() if self._details else original.fields,
                       emails=self.emails.drafts() if self.emails else original.emails,
                       phones=self.phones.drafts() if self.phones else original.phones,
                       addresses=self.addresses.drafts() if self.addresses else original.addresses,
                       attributes=self.attributes.values() if self.attributes else original.attributes,
                       roles=roles, status_override=override, status_reason=reason)

    def edited(self) -> CustomerDraft:
        return normalized(self.draft(), self.specs)

    def has_changes(self) -> bool:
        return self.draft() != self.original or (self.relations is not None and self.relations.has_changes())

    def revalidate(self) -> None:
        self.problems = problems(self.draft(), self.specs, self.statuses)
        shown = self.problems
        counts = [self._details.show_problems(shown) if self._details else 0,
                  sum(part.show_problems(shown) for part in (self.emails, self.phones, self.addresses) if part),
                  self.attributes.show_problems(shown) if self.attributes else 0,
                  self.status_roles.show_problems(shown) if self.status_roles else 0, 0]
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

    def _build_operation(self) -> Callable[[Any], Any]:
        """The edit as one operation, built on a reader thread: adding or removing a relationship is
        checked against the master as it is then."""
        customer_id, original, after = self.customer_id, self.original, self.edited()
        reason = self.reason.text().strip() or None
        relations = self.relations
        removed, added = (sorted(relations.removed), list(relations.added)) if relations else ([], [])

        def build(session: Any) -> Any:
            steps: list[Any] = []
            if after != original:
                steps.append(EditCustomer(customer_id, original, after, reason))
            for relationship_id in removed:
                steps.append(relationships_mod.remove_relationship(session, relationship_id))
            for pending in added:
                steps.append(relationships_mod.add_relationship(session, pending.kind_id, customer_id,
                                                                pending.other_id, pending.note,
                                                                outgoing=pending.outgoing))
            if len(steps) == 1:
                return steps[0]
            return Composite(f"Edit {format_master_number(customer_id)}", steps)
        return build

    def save(self) -> None:
        self.revalidate()
        if self.problems or not self.has_changes() or self._saving:
            return
        self._saving = True
        self._saving_shown.start()
        run_operation_guarded(self, self.window_, self._build_operation(), on_applied=lambda _o: self._saved(),
                              on_failed=lambda _exc: self._save_failed())

    def _show_saving(self) -> None:
        self.summary.setText("Saving…")
        self.buttons.setEnabled(False)

    def _saved(self) -> None:
        self._saving = False
        self._saving_shown.stop()
        QDialog.accept(self)

    def _save_failed(self) -> None:
        self._saving = False
        self._saving_shown.stop()
        self.buttons.setEnabled(True)
        self.revalidate()

    def reject(self) -> None:
        if self._saving:
            return  # the change is on its way; the editor closes once it is made
        if self.isVisible() and self.has_changes():
            answer = QMessageBox.question(self, APP_NAME, "Discard your changes to this customer?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


def open_customer_editor(window: MainWindow, customer_id: int, parent: QWidget | None = None,
                         on_open: Callable[[CustomerEditor], None] | None = None) -> None:
    """Read the customer, then open the editor (window-modal, not blocking) and hand it to `on_open`;
    a customer that no longer exists is said so instead."""
    def arrived(start: EditorStart | None) -> None:
        if start is None:
            QMessageBox.information(parent or window, APP_NAME,
                                    f"{format_master_number(customer_id)} no longer exists.")
            return
        editor = CustomerEditor(window, customer_id, start, parent)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.setWindowModality(Qt.WindowModality.WindowModal)

        def show() -> None:  # the next turn: the details made, the editor shown whole
            editor.build_sections()
            editor.show()
            if on_open is not None:
                on_open(editor)

        QTimer.singleShot(0, editor, show)

    window.db.read(read_start(customer_id), arrived, label="Opening the customer")
