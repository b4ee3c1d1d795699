"""The features that plug into the main window, installed in one stated order.

Each feature module's `install(window)` adds its pages (`window.add_page`), menu actions and
signal connections, and returns what it made. Pages appear in the sidebar in the order below,
after Customers. Wiring between features is stated here too, once everything exists; the result
is the window's registry (workbench/ui/registry.py), where every page and action can be found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from workbench.ui import export_action, import_feature, matching_page, privacy, review
from workbench.ui.definitions import extension as definitions
from workbench.ui.registry import Actions, Pages, Panels, Registry

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


def install_features(window: MainWindow) -> Registry:
    importer = import_feature.install(window)
    exporter = export_action.install(window)
    duplicates = review.install(window)  # Ctrl+2
    matching = matching_page.install(window)  # Ctrl+3
    defined = definitions.install(window)  # Definitions (Ctrl+4) and Data quality (Ctrl+5)
    kept = privacy.install(window, defined.quality)  # a tab on Data quality: after definitions

    # An import the user wants duplicates found for hands over to matching once its files are in.
    importer.matching_requested.connect(matching.find_action.trigger)

    registry = Registry(
        pages=Pages(customers=window.customers_page, duplicates=duplicates.page, matching=matching.page,
                    definitions=defined.definitions, quality=defined.quality),
        actions=Actions(new_master=window.new_action, open_master=window.open_action,
                        open_server_master=window.open_server_action, import_file=window.import_action,
                        export=window.export_action, load_sample=window.sample_action, quit=window.quit_action,
                        undo=window.undo_action, redo=window.redo_action, find_customer=window.find_action,
                        edit_customer=defined.edit_action, find_duplicates=matching.find_action,
                        match_settings=matching.settings_action, back_up=kept.actions.back_up,
                        restore_master=kept.actions.restore, backup_settings=kept.actions.settings,
                        new_encrypted_master=kept.actions.new_encrypted,
                        subject_access=kept.actions.subject_access, erase_customer=kept.actions.erase,
                        getting_started=window.guide_action, keyboard_shortcuts=window.keys_action,
                        about=window.about_action),
        panels=Panels(history=duplicates.history, segment_chooser=defined.chooser, importer=importer,
                      exporter=exporter, privacy=kept),
    )
    _customer_context_menu(window, registry)
    return registry


def _customer_context_menu(window: MainWindow, registry: Registry) -> None:
    """Right-click on a customer: the registry's actions on one customer, whichever feature made them."""
    page = window.customers_page
    page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(position: QPoint) -> None:
        if page.table.indexAt(position).isValid() and page.selected_customer_id() is not None:
            menu = QMenu(page.table)
            menu.addActions(list(registry.customer_actions()))
            menu.exec(page.table.viewport().mapToGlobal(position))

    page.table.customContextMenuRequested.connect(show)
