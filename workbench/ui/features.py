"""The features that plug into the main window, installed in one stated order.

Each feature module's `install(window)` adds its pages (`window.add_page`), menu actions and
signal connections, and returns what it made. Pages appear in the sidebar in the order below,
after Customers. Wiring between features is stated here too, once everything exists; the result
is the window's registry (workbench/ui/registry.py), where every page and action can be found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.ui import export_action, import_feature, matching_page, review
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

    # An import the user wants duplicates found for hands over to matching once its files are in.
    importer.matching_requested.connect(matching.find_action.trigger)

    return Registry(
        pages=Pages(customers=window.customers_page, duplicates=duplicates.page, matching=matching.page,
                    definitions=defined.definitions, quality=defined.quality),
        actions=Actions(new_master=window.new_action, open_master=window.open_action,
                        open_server_master=window.open_server_action, import_file=window.import_action,
                        export=window.export_action, load_sample=window.sample_action, quit=window.quit_action,
                        undo=window.undo_action, redo=window.redo_action, find_customer=window.find_action,
                        edit_customer=defined.edit_action, find_duplicates=matching.find_action,
                        match_settings=matching.settings_action, about=window.about_action),
        panels=Panels(history=duplicates.history, segment_chooser=defined.chooser, importer=importer,
                      exporter=exporter),
    )
