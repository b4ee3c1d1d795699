"""The features that plug into the main window, each from its own module.

Every entry names a module with `install(window: MainWindow) -> None`, which adds its pages
(`window.add_page`), menu actions and signal connections. Keeping the list here keeps the
main window small and lets each feature live next to its own code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

EXTENSIONS: list[str] = [  # pages appear in this order, after Customers
    "workbench.ui.import_feature",
    "workbench.ui.export_action",
    "workbench.ui.review",
    "workbench.ui.matching_page",
    "workbench.ui.definitions.extension",
    "workbench.ui.privacy",  # after definitions: it adds a tab to the Data quality page
]


def install_all(window: MainWindow) -> None:
    for name in EXTENSIONS:
        importlib.import_module(name).install(window)
