"""Segments: the saved filters, with how many customers each holds, and the customers-page chooser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from workbench import APP_NAME
from workbench.definitions import segments as segments_mod
from workbench.definitions import statuses as statuses_mod
from workbench.definitions.segments import SegmentInfo
from workbench.progress import Progress
from workbench.store.filters import CustomerFilter
from workbench.ui.definitions.common import (
    Column,
    ListModel,
    hint_label,
    make_table,
    run_operation_guarded,
    selected_rows,
)
from workbench.ui.definitions.segment_dialog import SegmentDialog, open_segment_dialog

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


def save_from_dialog(parent: QWidget, window: MainWindow, dialog: SegmentDialog, on_saved=None) -> None:
    name, description, customer_filter = dialog.name.text(), dialog.description.text(), dialog.customer_filter()
    segment_id = dialog.segment_id
    run_operation_guarded(parent, window, lambda s: segments_mod.save_segment(
        s, name, customer_filter, description=description, segment_id=segment_id), on_done=on_saved)


class SegmentsTab(QWidget):
    show_requested = Signal(object)  # a CustomerFilter to show in the customers list

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.counts: dict[int, int] = {}
        self.model = ListModel([
            Column("Segment", lambda s: s.name, tooltip=lambda s: s.description),
            Column("Who", lambda s: segments_mod.describe(s.filter), tooltip=lambda s: segments_mod.describe(s.filter)),
            Column("Customers", lambda s: self.counts.get(s.id, "…"), align_right=True),
        ], self)
        self.table = make_table(self.model, stretch=1)
        self.table.setObjectName("segmentsTable")
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.new_button = QPushButton("New segment…")
        self.new_button.clicked.connect(self.new)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete)
        self.show_button = QPushButton("Show customers")
        self.show_button.clicked.connect(self._show)
        row = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label("A segment is a saved filter: pick it above the customers list, or export it "
                                    "by name. Segments follow renamed statuses, roles and attributes."))
        layout.addWidget(self.table)
        layout.addLayout(row)

    def refresh(self) -> None:
        """The segments first; how many customers each holds (a count per segment) when that arrives."""
        self.window_.db.read(segments_mod.list_segments, self._listed, key=("segments", id(self)),
                             label="Reading the segments")

    def _listed(self, infos: list[SegmentInfo]) -> None:
        self.model.set_rows(infos)
        self._enable()

        def work(session, progress: Progress) -> dict[int, int]:
            return segments_mod.counts(session, infos, progress)

        def done(counts: dict[int, int]) -> None:
            self.counts = dict(counts)
            self.model.set_rows(self.model.rows)

        if infos:
            self.window_.db.task(work, title="Counting segments…", on_done=done)

    def selected(self) -> SegmentInfo | None:
        rows = selected_rows(self.table)
        return rows[0] if rows else None

    def _enable(self) -> None:
        for button in (self.edit_button, self.delete_button, self.show_button):
            button.setEnabled(self.selected() is not None)

    def _run(self, dialog: SegmentDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            save_from_dialog(self, self.window_, dialog)

    def new(self) -> None:
        open_segment_dialog(self.window_, self._run, parent=self)

    def edit(self) -> None:
        segment = self.selected()
        if segment is not None:
            open_segment_dialog(self.window_, self._run, segment, parent=self)

    def delete(self) -> None:
        segment = self.selected()
        if segment is None:
            return
        answer = QMessageBox.question(self, APP_NAME, f"Delete the segment {segment.name!r}? Customers are not "
                                      "affected. You can undo this (Edit → Undo).")
        if answer == QMessageBox.StandardButton.Yes:
            run_operation_guarded(self, self.window_, lambda s: segments_mod.delete_segment(s, segment.id))

    def _show(self) -> None:
        segment = self.selected()
        if segment is not None:
            self.show_requested.emit(segment.filter)


ALL, STATUS, SEGMENT, NEW, MANAGE = "all", "status", "segment", "new", "manage"


class SegmentChooser(QComboBox):
    """Above the customers list: all customers, one status, or a saved segment."""

    filter_chosen = Signal(object)  # CustomerFilter
    manage_requested = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("segmentChooser")
        self.setMinimumContentsLength(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMaximumWidth(300)
        self.setToolTip("Show all customers, one status, or a saved segment")
        self.current_filter = CustomerFilter()
        self.activated.connect(self._activated)
        self.refresh()

    def refresh(self) -> None:
        """Read the statuses and segments again; the list follows when they arrive."""
        def read(session) -> tuple[list[str], list[SegmentInfo]]:
            return [r.name for r in statuses_mod.load_rules(session)], segments_mod.list_segments(session)

        self.window_.db.read(read, self._fill, key=("segment chooser", id(self)), label="Reading the segments")

    def _fill(self, found: tuple[list[str], list[SegmentInfo]]) -> None:
        statuses, infos = found
        self.blockSignals(True)
        self.clear()
        self.addItem("All customers", (ALL, CustomerFilter()))
        self.insertSeparator(self.count())
        for name in [*statuses, ""]:
            self.addItem(f"Status: {statuses_mod.display(name)}", (STATUS, CustomerFilter(statuses=(name,))))
        if infos:
            self.insertSeparator(self.count())
        for info in infos:
            self.addItem(info.name, (SEGMENT, info.filter))
            self.setItemData(self.count() - 1, segments_mod.describe(info.filter), Qt.ItemDataRole.ToolTipRole)
        self.insertSeparator(self.count())
        self.addItem("Save as a new segment…", (NEW, None))
        self.addItem("Manage segments…", (MANAGE, None))
        self._select(self.current_filter)
        self.blockSignals(False)

    def _select(self, customer_filter: CustomerFilter) -> None:
        for index in range(self.count()):
            data = self.itemData(index)
            if data and data[0] in (ALL, STATUS, SEGMENT) and data[1] == customer_filter:
                self.setCurrentIndex(index)
                return
        self.setCurrentIndex(0)
        self.current_filter = CustomerFilter()

    def choose(self, customer_filter: CustomerFilter) -> None:
        self.current_filter = customer_filter
        self.refresh()
        self.filter_chosen.emit(customer_filter)

    def reset(self) -> None:
        self.current_filter = CustomerFilter()
        self.refresh()

    def _activated(self, index: int) -> None:
        kind, customer_filter = self.itemData(index) or (ALL, CustomerFilter())
        if kind == MANAGE:
            self._select(self.current_filter)
            self.manage_requested.emit()
            return
        if kind == NEW:
            self._select(self.current_filter)

            def run(dialog: SegmentDialog) -> None:
                if dialog.exec() == QDialog.DialogCode.Accepted:
                    chosen = dialog.customer_filter()
                    save_from_dialog(self.window_, self.window_, dialog, on_saved=lambda _o: self.choose(chosen))

            open_segment_dialog(self.window_, run, initial=self.current_filter, parent=self.window_)
            return
        self.choose(customer_filter)
