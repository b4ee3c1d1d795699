"""The Definitions page: statuses, attributes, roles, relationship kinds, households, segments.

Each tab reloads when something it shows has changed; a tab not on screen reloads when it is
next shown, so an edit elsewhere costs nothing until someone looks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from workbench.operations import CUSTOMERS, DEFINITIONS, RELATIONSHIPS
from workbench.ui.definitions.attributes_tab import AttributesTab
from workbench.ui.definitions.households_tab import HouseholdsTab
from workbench.ui.definitions.lists_tab import KindsTab, RolesTab
from workbench.ui.definitions.segments_tab import SegmentsTab
from workbench.ui.definitions.statuses_tab import StatusesTab

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

# What each tab shows, so a change reloads only the tabs that show it.
SHOWS = {
    "statuses": {CUSTOMERS, DEFINITIONS},
    "attributes": {CUSTOMERS, DEFINITIONS},
    "roles": {CUSTOMERS, DEFINITIONS},
    "kinds": {DEFINITIONS, RELATIONSHIPS},
    "households": {CUSTOMERS, RELATIONSHIPS},
    "segments": {CUSTOMERS, DEFINITIONS},
}


Tab = StatusesTab | AttributesTab | RolesTab | KindsTab | HouseholdsTab | SegmentsTab  # each has refresh()


class DefinitionsPage(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.tabs = QTabWidget()
        self.tabs.setObjectName("definitionsTabs")
        self.statuses = StatusesTab(window)
        self.attributes = AttributesTab(window)
        self.roles = RolesTab(window)
        self.kinds = KindsTab(window)
        self.households = HouseholdsTab(window)
        self.segments = SegmentsTab(window)
        self.by_key: dict[str, Tab] = {"statuses": self.statuses, "attributes": self.attributes,
                                           "roles": self.roles, "kinds": self.kinds,
                                           "households": self.households, "segments": self.segments}
        for key, title in (("statuses", "Statuses"), ("attributes", "Attributes"), ("roles", "Roles"),
                           ("kinds", "Relationship kinds"), ("households", "Households"),
                           ("segments", "Segments")):
            self.tabs.addTab(self.by_key[key], title)
        self.stale: set[str] = set(SHOWS)  # every tab loads when first shown
        self.tabs.currentChanged.connect(lambda _i: self._refresh_current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addWidget(self.tabs)

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.by_key[key])

    def data_changed(self, what: set) -> None:
        self.stale |= {key for key, shows in SHOWS.items() if shows & set(what)}
        if self.isVisible():
            self._refresh_current()

    def master_changed(self) -> None:
        self.stale = set(SHOWS)
        if self.isVisible():
            self._refresh_current()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._refresh_current()

    def _refresh_current(self) -> None:
        for key, widget in self.by_key.items():
            if widget is self.tabs.currentWidget() and key in self.stale:
                self.stale.discard(key)
                widget.refresh()
