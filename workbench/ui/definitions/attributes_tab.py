"""Attribute definitions and the loose attributes imports left behind, with promotion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME
from workbench.definitions import attributes as attributes_mod
from workbench.definitions.attribute_types import TYPES, AttributeSpec
from workbench.definitions.customer_edit import customer_names
from workbench.operations import Outcome
from workbench.progress import Progress
from workbench.store.models import format_master_number
from workbench.ui.definitions.attribute_dialog import AttributeDialog, open_attribute_dialog
from workbench.ui.definitions.common import (
    MUTED,
    Column,
    ListModel,
    hint_label,
    load_in_background,
    make_table,
    run_operation_guarded,
    selected_rows,
)

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


class DefinedRow:
    def __init__(self, spec: AttributeSpec, count: int) -> None:
        self.spec = spec
        self.count = count


DEFINED_COLUMNS = [
    Column("Attribute", lambda r: r.spec.title, foreground=lambda r: MUTED if r.spec.retired else None,
           tooltip=lambda r: r.spec.description),
    Column("Key", lambda r: r.spec.name),
    Column("Type", lambda r: TYPES.get(r.spec.type, r.spec.type)
           + (f": {', '.join(r.spec.choices)}" if r.spec.choices else ""),
           tooltip=lambda r: ", ".join(r.spec.choices) or None),
    Column("Required", lambda r: "required" if r.spec.required else ""),
    Column("Customers with a value", lambda r: r.count if r.count >= 0 else "…", align_right=True),
    Column("", lambda r: "retired" if r.spec.retired else "", foreground=lambda r: MUTED),
]
LOOSE_COLUMNS = [
    Column("Key", lambda r: r.name),
    Column("Customers", lambda r: r.count, align_right=True),
    Column("Examples", lambda r: ", ".join(r.examples), tooltip=lambda r: "\n".join(r.examples)),
]
VIOLATION_COLUMNS = [
    Column("Master no.", lambda r: format_master_number(r[0].customer_id)),
    Column("Customer", lambda r: r[1]),
    Column("Value", lambda r: r[0].value if not isinstance(r[0].value, list) else ", ".join(map(str, r[0].value))),
    Column("Problem", lambda r: r[0].problem, tooltip=lambda r: r[0].problem),
]


class ViolationsDialog(QDialog):
    """What a check of one attribute's stored values found; double-click opens the customer."""

    def __init__(self, window: MainWindow, spec: AttributeSpec, report: attributes_mod.ValidationReport,
                 names: dict[int, str]) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(f"Values of {spec.title}")
        self.resize(820, 480)
        self.model = ListModel(VIOLATION_COLUMNS, self)
        self.model.set_rows([(v, names.get(v.customer_id, "")) for v in report.violations])
        table = make_table(self.model, stretch=3)
        table.setObjectName("violationsTable")
        table.doubleClicked.connect(lambda index: self._open(index.row()))
        parts = [f"{report.filled:,} customers have a value; {report.valid:,} fit the definition"]
        if report.invalid:
            parts.append(f"{report.invalid:,} do not")
        if report.missing_required:
            parts.append(f"{report.missing_required:,} customers have no value although it is required")
        summary = QLabel("; ".join(parts) + ".")
        summary.setObjectName("violationsSummary")
        summary.setWordWrap(True)
        more = len(report.violations) < report.invalid
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(hint_label("Nothing was changed. Open a customer (double-click) to correct a value, or "
                                    "change the definition." + (f" The first {len(report.violations):,} are listed."
                                                                if more else "")))
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _open(self, row: int) -> None:
        item = self.model.row(row)
        if item is not None:
            from workbench.ui.customer_editor.dialog import open_customer_editor

            open_customer_editor(self.window_, item[0].customer_id, parent=self)


class AttributesTab(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.defined = ListModel(DEFINED_COLUMNS, self)
        self.defined_table = make_table(self.defined, stretch=2)
        self.defined_table.setObjectName("attributesTable")
        self.defined_table.doubleClicked.connect(lambda _i: self.edit())
        self.defined_table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.loose = ListModel(LOOSE_COLUMNS, self)
        self.loose_table = make_table(self.loose, stretch=2)
        self.loose_table.setObjectName("looseTable")
        self.loose_table.doubleClicked.connect(lambda _i: self.promote())
        self.loose_table.selectionModel().selectionChanged.connect(lambda *_: self._enable())

        self.add_button = QPushButton("Add attribute…")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit)
        self.retire_button = QPushButton("Retire")
        self.retire_button.setToolTip("Hide it from the editor for new values; the values customers have are kept")
        self.retire_button.clicked.connect(self.toggle_retired)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Only an attribute no customer has a value for can be deleted")
        self.delete_button.clicked.connect(self.delete)
        self.up_button = QPushButton("Move up")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.check_button = QPushButton("Check values…")
        self.check_button.clicked.connect(self.check_selected)
        self.promote_button = QPushButton("Promote…")
        self.promote_button.setToolTip("Define this imported column as an attribute and check its values")
        self.promote_button.clicked.connect(self.promote)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("<b>Defined attributes</b>"))
        top_layout.addWidget(self.defined_table)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button, self.delete_button, self.up_button,
                       self.down_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.check_button)
        top_layout.addLayout(row)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 10, 0, 0)
        bottom_layout.addWidget(QLabel("<b>Loose attributes from imports</b>"))
        bottom_layout.addWidget(hint_label("Columns kept from imported files that no definition names yet. "
                                           "Promote one to give it a type and check its values."))
        bottom_layout.addWidget(self.loose_table)
        row = QHBoxLayout()
        row.addWidget(self.promote_button)
        row.addStretch(1)
        bottom_layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([400, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def refresh(self) -> None:
        """The definitions first; counts and loose keys (a scan of every customer) when they arrive."""
        self.window_.db.read(attributes_mod.load_specs, lambda specs: self._show(specs, None, self.loose.rows),
                             key=("attribute specs", id(self)), label="Reading the attributes")
        load_in_background(self.window_, lambda s: (attributes_mod.load_specs(s), attributes_mod.key_counts(s),
                                                    attributes_mod.loose_attributes(s)),
                           lambda result: self._show(*result), title="Counting attribute values…",
                           key=("attribute counts", id(self)))

    def _show(self, specs: list[AttributeSpec], counts: dict[str, int] | None, loose) -> None:
        selected = self._selected()
        self.defined.set_rows([DefinedRow(spec, counts.get(spec.name, 0) if counts is not None else -1)
                               for spec in specs])
        if selected is not None:
            for index, row in enumerate(self.defined.rows):
                if row.spec.id == selected.spec.id:
                    self.defined_table.selectRow(index)
        self.loose.set_rows(loose)
        self._enable()

    def _selected(self) -> DefinedRow | None:
        rows = selected_rows(self.defined_table)
        return rows[0] if rows else None

    def _enable(self) -> None:
        row = self._selected()
        for button in (self.edit_button, self.retire_button, self.delete_button, self.check_button):
            button.setEnabled(row is not None)
        self.retire_button.setText("Bring back" if row and row.spec.retired else "Retire")
        self.delete_button.setEnabled(row is not None and row.count == 0)  # unknown (-1) or used: no
        rows = self.defined.rows
        self.up_button.setEnabled(row is not None and bool(rows) and rows[0] is not row)
        self.down_button.setEnabled(row is not None and bool(rows) and rows[-1] is not row)
        self.promote_button.setEnabled(bool(selected_rows(self.loose_table)))

    def add(self) -> None:
        def run(dialog: AttributeDialog) -> None:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                values = dialog.values()
                self._apply(lambda s: attributes_mod.add_attribute(s, values))

        open_attribute_dialog(self.window_, run, parent=self)

    def edit(self) -> None:
        row = self._selected()
        if row is None:
            return

        def run(dialog: AttributeDialog) -> None:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                values = dialog.values()
                self._apply(lambda s: attributes_mod.edit_attribute(s, row.spec.id, values))

        open_attribute_dialog(self.window_, run, attribute_id=row.spec.id, parent=self)

    def promote(self) -> None:
        rows = selected_rows(self.loose_table)
        if not rows:
            return
        key = rows[0].name

        def run(dialog: AttributeDialog) -> None:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                values = dialog.values()
                self._apply(lambda s: attributes_mod.promote(s, key, values))

        open_attribute_dialog(self.window_, run, loose_key=key, parent=self)

    def _apply(self, build) -> None:
        """Save a definition, then check the values customers already have under it."""
        def saved(outcome: Outcome) -> None:
            self.refresh()
            name = outcome.details.get("validate_attribute")
            if name:
                self.window_.db.read(lambda session: next((s for s in attributes_mod.load_specs(session)
                                                           if s.name == name), None),
                                     lambda spec: self.check(spec, quiet_when_fine=True) if spec else None,
                                     label="Reading the attribute")

        run_operation_guarded(self, self.window_, build, on_done=saved)

    def toggle_retired(self) -> None:
        row = self._selected()
        if row is not None:
            run_operation_guarded(self, self.window_,
                                  lambda s: attributes_mod.set_retired(s, row.spec.id, not row.spec.retired))

    def delete(self) -> None:
        row = self._selected()
        if row is None:
            return
        answer = QMessageBox.question(self, APP_NAME, f"Delete the attribute {row.spec.title!r}? No customer has a "
                                      "value for it. You can undo this (Edit → Undo).")
        if answer == QMessageBox.StandardButton.Yes:
            run_operation_guarded(self, self.window_, lambda s: attributes_mod.delete_attribute(s, row.spec.id))

    def move(self, delta: int) -> None:
        row = self._selected()
        if row is not None:
            run_operation_guarded(self, self.window_, lambda s: attributes_mod.move_attribute(s, row.spec.id, delta))

    def check_selected(self) -> None:
        row = self._selected()
        if row is not None:
            self.check(row.spec)

    def check(self, spec: AttributeSpec, *, quiet_when_fine: bool = False) -> None:
        def work(session, progress: Progress) -> tuple[attributes_mod.ValidationReport, dict[int, str]]:
            report = attributes_mod.validate_attribute(session, spec, progress=progress)
            return report, customer_names(session, [v.customer_id for v in report.violations])

        def done(found: tuple[attributes_mod.ValidationReport, dict[int, str]]) -> None:
            report, names = found
            if report.ok and quiet_when_fine:
                self.window_.statusBar().showMessage(
                    f"All {report.filled:,} stored values of {spec.title} fit the definition", 8000)
                return
            self.violations_dialog = ViolationsDialog(self.window_, spec, report, names)
            self.violations_dialog.show()

        self.window_.db.task(work, title=f"Checking {spec.title}…", on_done=done)

