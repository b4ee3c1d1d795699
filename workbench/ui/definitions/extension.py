"""Plugs definitions, the customer editor, segments and data quality into the main window."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

from workbench.definitions.relationships import ACTIVE, relationships_of
from workbench.definitions.statuses import customer_count, needs_daily_recompute, recompute_statuses
from workbench.operations import CUSTOMERS, DEFINITIONS, RELATIONSHIPS
from workbench.ui.customer_editor.dialog import open_customer_editor
from workbench.ui.definitions.common import start_recompute
from workbench.ui.definitions.page import DefinitionsPage
from workbench.ui.definitions.segments_tab import SegmentChooser
from workbench.ui.quality_page import QualityPage

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

# Up to this many customers the daily status update runs quietly when a master opens (well
# under a second); a bigger master shows it as a task with progress.
QUIET_RECOMPUTE_LIMIT = 50_000


@dataclass(frozen=True)
class Definitions:
    definitions: DefinitionsPage
    quality: QualityPage
    chooser: SegmentChooser
    edit_action: QAction


def install(window: MainWindow) -> Definitions:
    definitions = DefinitionsPage(window)
    quality = QualityPage(window)
    window.add_page("definitions", "Definitions", definitions, shortcut="Ctrl+4")
    window.add_page("quality", "Data quality", quality, shortcut="Ctrl+5")

    page = window.customers_page
    chooser = SegmentChooser(window)
    page.toolbar.insertWidget(1, chooser)
    edit_button = QPushButton("Edit…")
    edit_button.setObjectName("editCustomerButton")
    edit_button.setToolTip("Edit the selected customer (double-click a row does the same)")
    page.toolbar.addWidget(edit_button)

    edit_action = QAction("&Edit customer…", window, shortcut=QKeySequence("Ctrl+Shift+E"))
    window.edit_menu.addSeparator()
    window.edit_menu.addAction(edit_action)

    def edit_selected() -> None:
        customer_id = page.selected_customer_id()
        if customer_id is not None:
            open_customer_editor(window, customer_id)

    def selection_changed() -> None:
        enabled = page.selected_customer_id() is not None
        edit_action.setEnabled(enabled)
        edit_button.setEnabled(enabled)

    edit_action.triggered.connect(edit_selected)
    edit_button.clicked.connect(edit_selected)
    page.table.doubleClicked.connect(lambda _index: edit_selected())
    page.table.selectionModel().selectionChanged.connect(lambda *_: selection_changed())
    page.model.modelReset.connect(selection_changed)
    selection_changed()

    chooser.filter_chosen.connect(page.set_filter)

    def manage_segments() -> None:
        window.show_page("definitions")
        definitions.show_tab("segments")

    def show_segment(customer_filter) -> None:
        chooser.choose(customer_filter)
        window.show_page("customers")

    chooser.manage_requested.connect(manage_segments)
    definitions.segments.show_requested.connect(show_segment)

    def data_changed(what: set) -> None:
        definitions.data_changed(what)
        quality.data_changed(what)
        if DEFINITIONS in what:
            chooser.refresh()

    def master_changed(_master) -> None:
        chooser.reset()
        definitions.master_changed()
        quality.master_changed()
        bring_statuses_up_to_date(window)

    page.detail.extra_sections.append(relationships_section)

    def relationships_changed(what: set) -> None:
        # The list is unaffected; the selected customer's panel shows relationships, so redraw it.
        if RELATIONSHIPS in what and CUSTOMERS not in what and page.detail.customer_id is not None:
            page.detail.show_customer(page.detail.customer_id)

    window.data_changed.connect(relationships_changed)
    window.data_changed.connect(data_changed)
    window.master_changed.connect(master_changed)
    return Definitions(definitions, quality, chooser, edit_action)


def relationships_section(session: Any, customer_id: int) -> str:
    """The customer's relationships (and waiting household suggestions) for the detail panel."""
    relations = relationships_of(session, customer_id)
    if not relations:
        return ""
    rows = []
    for relation in relations:
        state = "" if relation.state == ACTIVE else f" <span class='kind'>({escape(relation.state)})</span>"
        rows.append(f"<tr><td><span class='kind'>{escape(relation.label)}</span></td>"
                    f"<td>{escape(relation.other_name)} <span class='sub'>{relation.other_number}</span>{state}</td></tr>")
    return "<p class='section'>RELATIONSHIPS</p><table cellspacing='0'>" + "".join(rows) + "</table>"


def bring_statuses_up_to_date(window: MainWindow) -> None:
    """Statuses follow the calendar ("ordered within 365 days"): update them once a day on opening.

    A small master is updated quietly (well under a second); a bigger one shows the update as a task.
    """
    def due(found: tuple[bool, int]) -> None:
        needed, customers = found
        if not needed:
            return
        if customers > QUIET_RECOMPUTE_LIMIT:
            start_recompute(window, title="Bringing statuses up to date…")
            return
        window.db.write(recompute_statuses, lambda changed: window.data_changed.emit({CUSTOMERS}) if changed else None,
                        label="Bringing statuses up to date")

    window.db.read(lambda session: (needs_daily_recompute(session), customer_count(session)), due,
                   label="Checking the statuses", waits=False)
