"""Every page, panel and action of the main window, by name and type: the one place to find them.

The features are installed in one stated order (workbench/ui/features.py); each returns what it
made and the registry keeps it. Code that needs another feature's page or action takes it from
`window.registry` — typed, so the type checker follows it — never from attributes attached to
the window at run time. `describe()` lists everything, for a newcomer or a test.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from workbench.ui.customers_page import CustomersPage
    from workbench.ui.definitions.page import DefinitionsPage
    from workbench.ui.definitions.segments_tab import SegmentChooser
    from workbench.ui.export_action import Exporter
    from workbench.ui.import_feature import Importer
    from workbench.ui.matching_page import MatchingPage
    from workbench.ui.privacy import Privacy
    from workbench.ui.quality_page import QualityPage
    from workbench.ui.review.history_panel import HistoryPanel
    from workbench.ui.review.review_page import DuplicatesPage


@dataclass(frozen=True)
class Pages:
    """The sidebar's pages, in its order."""

    customers: CustomersPage
    duplicates: DuplicatesPage
    matching: MatchingPage
    definitions: DefinitionsPage
    quality: QualityPage


@dataclass(frozen=True)
class Actions:
    """Every menu action, whichever feature made it."""

    new_master: QAction
    open_master: QAction
    open_server_master: QAction
    import_file: QAction
    export: QAction
    load_sample: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find_customer: QAction
    edit_customer: QAction
    find_duplicates: QAction
    match_settings: QAction
    back_up: QAction
    restore_master: QAction
    backup_settings: QAction
    new_encrypted_master: QAction
    subject_access: QAction  # also on a customer's context menu
    erase_customer: QAction  # also on a customer's context menu
    getting_started: QAction  # Help, F1
    keyboard_shortcuts: QAction
    about: QAction


@dataclass(frozen=True)
class Panels:
    """Pieces that are neither pages nor actions but that other code reaches."""

    history: HistoryPanel  # beside the customer's details
    segment_chooser: SegmentChooser  # above the customers list
    importer: Importer  # File → Import…, the welcome panel's button and dropped files
    exporter: Exporter  # File → Export…
    privacy: Privacy  # backups, erasure, subject access, the inactive customers tab


@dataclass(frozen=True)
class Registry:
    pages: Pages
    actions: Actions
    panels: Panels

    def customer_actions(self) -> tuple[QAction, ...]:
        """What a customer's context menu in the customers list offers, in its order."""
        return (self.actions.edit_customer, self.actions.subject_access, self.actions.erase_customer)

    def entries(self) -> list[tuple[str, str, object]]:
        """(group, name, object) for everything registered, pages first."""
        return [(group, f.name, getattr(part, f.name))
                for group, part in (("page", self.pages), ("action", self.actions), ("panel", self.panels))
                for f in fields(part)]

    def describe(self) -> str:
        lines = []
        for group, name, item in self.entries():
            if isinstance(item, QAction):
                shortcut = item.shortcut().toString()
                what = item.text().replace("&", "") + (f" ({shortcut})" if shortcut else "")
            else:
                what = type(item).__name__
            lines.append(f"{group:<7}{name:<22}{what}")
        return "\n".join(lines)
