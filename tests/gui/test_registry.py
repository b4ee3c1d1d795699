"""Every page and action of the main window, found through its registry (workbench/ui/registry.py).

A newcomer reads this list to know what the window offers and where to reach it from code: pages
are in the sidebar in this order, every action is on a menu, and nothing is attached to the
window at run time."""

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from workbench.ui.main_window import MainWindow

PAGES = ["customers", "duplicates", "matching", "definitions", "quality"]
ACTIONS = ["new_master", "open_master", "open_server_master", "import_file", "export", "load_sample", "quit",
           "undo", "redo", "find_customer", "edit_customer", "find_duplicates", "match_settings", "back_up", "restore_master",
           "backup_settings", "new_encrypted_master", "subject_access", "erase_customer", "getting_started",
           "keyboard_shortcuts", "about"]
PANELS = ["history", "segment_chooser", "importer", "exporter", "privacy"]


def menu_actions(window: MainWindow) -> set[int]:
    found: set[int] = set()

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            found.add(id(action))
            if action.menu():
                walk(action.menu())
    for top in window.menuBar().actions():
        walk(top.menu())
    return found


def test_every_page_and_action_is_in_the_registry(qtbot, sqlite_master, tmp_path):
    window = MainWindow(sqlite_master, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    registry = window.registry
    entries = registry.entries()
    assert [name for group, name, _ in entries if group == "page"] == PAGES
    assert [name for group, name, _ in entries if group == "action"] == ACTIONS
    assert [name for group, name, _ in entries if group == "panel"] == PANELS

    # Pages: the sidebar's, in its order, each the widget the registry names.
    assert list(window.pages) == PAGES
    for name in PAGES:
        assert window.pages[name] is getattr(registry.pages, name)
        assert isinstance(window.pages[name], QWidget)
    # Actions: each on a menu, with a name people read.
    on_menus = menu_actions(window)
    for name in ACTIONS:
        action = getattr(registry.actions, name)
        assert isinstance(action, QAction) and action.text().replace("&", "").strip()
        assert id(action) in on_menus, f"{name} is on no menu"
    # Nothing else was attached to the window by a feature (the old `window.duplicates_page` …).
    attached = {"duplicates_page", "history_panel", "matching_page", "find_duplicates_action", "definitions_page",
                "quality_page", "segment_chooser", "edit_customer_action", "importer", "export_dialog", "privacy"}
    assert not attached & set(vars(window)), attached & set(vars(window))

    # The customers page's Import and Export buttons are the File menu's actions, not copies.
    from PySide6.QtWidgets import QToolButton
    buttons = [b.defaultAction() for b in registry.pages.customers.findChildren(QToolButton) if b.defaultAction()]
    assert registry.actions.import_file in buttons and registry.actions.export in buttons
    assert registry.actions.getting_started.shortcut().toString() == "F1"

    # A customer's context menu offers the registry's actions on one customer, privacy's among them.
    assert [a.text() for a in registry.customer_actions()] == [
        "&Edit customer…", "E&xport what we hold about them…", "E&rase…"]

    listing = registry.describe()
    print(listing)  # pytest -s shows what a newcomer reads
    assert len(listing.splitlines()) == len(PAGES) + len(ACTIONS) + len(PANELS)
    assert "find_duplicates       Find duplicates (Ctrl+Shift+D)" in listing
    qtbot.waitUntil(lambda: window.runner.idle)
