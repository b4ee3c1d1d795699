"""Help: a short guide to the work, and the keyboard reference read from the window's own actions.

The reference is built from the QActions that exist, so a new shortcut appears here without
anyone remembering to write it down.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME

GUIDE = f"""
<h2>{APP_NAME} in five steps</h2>
<ol>
<li><b>Import</b> each customer list (File → Import…, or the Import button on the Customers page). Every
row is kept as it arrived, as a <i>source record</i>, and becomes a customer with a master number.</li>
<li><b>Find duplicates</b> on the Matching page. Matching compares customers that share something and
learns from your own data how much each field counts. Choose how sure a pair must be to be suggested, and
how few automatic merges may be wrong.</li>
<li><b>Review</b> the groups on the Duplicates page, best first. A small group is shown side by side; a
large one by field, each distinct value with how many records hold it. Pick the values the merged customer
keeps, then Merge, or say Not a duplicate (never suggested again), Defer or Skip. Every verdict can be
undone.</li>
<li><b>Define</b> what a customer means to your business on the Definitions page: statuses, roles,
attributes, households and segments.</li>
<li><b>Export</b> clean lists (File → Export…, or the Export button), in the layout another system
expects, leaving out customers who did not consent.</li>
</ol>
<p>The status bar counts the same way every page does: <i>groups to review</i> are what you decide on at
once (a pair, or a cluster of records that are one customer), and <i>customers</i> are the customers in
those groups.</p>
"""

GRID_KEYS = [
    ("Arrow keys", "Move between fields and records in a comparison"),
    ("Space or Enter", "Take the current value into the merged customer"),
    ("1 – 5", "Take record 1–5's value for the current field (side by side)"),
]


def _shortcut(action: QAction) -> str:
    """The first two ways to press it; dedicated keys (a keyboard's own Undo key) need no explaining."""
    keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty()]
    keys = [k for k in keys if "+" in k or len(k) <= 3]
    return " or ".join(keys[:2])


def shortcuts(window: QWidget) -> dict[str, list[tuple[str, str]]]:
    """The window's shortcuts by where they work: everywhere, or on one page."""
    buttons = {b.objectName().removeprefix("page_"): b for b in window.findChildren(QToolButton)
               if b.objectName().startswith("page_")}
    pages = {page: buttons[key].text() for key, page in getattr(window, "pages", {}).items() if key in buttons}
    found: dict[str, dict[str, str]] = {}
    for button in buttons.values():
        keys = button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            found.setdefault("Everywhere", {})[keys] = f"Go to {button.text()}"
    for action in window.findChildren(QAction):
        keys = _shortcut(action)
        text = action.text().replace("&", "").rstrip("…").strip()
        if not keys or not text:
            continue
        parent = action.parent()
        where = "Everywhere"
        while parent is not None and parent is not window:
            if parent in pages:
                where = f"{pages[parent]} page"
                break
            parent = parent.parent()
        found.setdefault(where, {}).setdefault(keys, text)
    ordered = {"Everywhere": sorted(((t, k) for k, t in found.pop("Everywhere", {}).items()))}
    for where in sorted(found):
        ordered[where] = sorted((t, k) for k, t in found[where].items())
    ordered.setdefault("Duplicates page", []).extend((text, keys) for keys, text in GRID_KEYS)
    return ordered


def keyboard_html(window: QWidget) -> str:
    out = ["<h2>Keyboard</h2>"]
    for where, rows in shortcuts(window).items():
        out.append(f"<h3>{escape(where)}</h3><table cellspacing='0' cellpadding='3'>")
        for text, keys in rows:
            out.append(f"<tr><td width='170'><b>{escape(keys)}</b></td><td>{escape(text)}</td></tr>")
        out.append("</table>")
    return "".join(out)


class HelpDialog(QDialog):
    def __init__(self, window: QWidget, tab: int = 0) -> None:
        super().__init__(window)
        self.setWindowTitle(f"{APP_NAME} help")
        self.resize(640, 560)
        self.tabs = QTabWidget()
        for title, html in (("Getting started", GUIDE), ("Keyboard", keyboard_html(window))):
            browser = QTextBrowser()
            browser.setOpenExternalLinks(True)
            browser.setHtml(html)
            self.tabs.addTab(browser, title)
        self.tabs.setCurrentIndex(tab)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
