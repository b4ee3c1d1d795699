"""Steward review in the main window: the Duplicates page, its dialogs, and the customer history panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from workbench import APP_NAME
from workbench.errors import WorkbenchError
from workbench.operations import run
from workbench.stewardship.ops import UnmergeOperation
from workbench.ui.undo import OperationCommand

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    from workbench.ui.review.history_panel import HistoryPanel
    from workbench.ui.review.review_page import DuplicatesPage

    page = DuplicatesPage(window)
    window.duplicates_page = page  # type: ignore[attr-defined]
    window.add_page("duplicates", "Duplicates", page, shortcut="Ctrl+2")
    window.master_changed.connect(page.set_master)
    window.data_changed.connect(page.data_changed)
    window.runner.started.connect(lambda _task: page.update_actions())
    window.runner.ended.connect(lambda _task: page.update_actions())

    history = HistoryPanel()
    window.history_panel = history  # type: ignore[attr-defined]
    window.customers_page.add_side_panel("History", history)
    window.customers_page.detail.customer_shown.connect(
        lambda customer_id: history.show_customer(window.master, customer_id))
    window.master_changed.connect(lambda master: history.show_customer(master, None))
    history.unmerge_requested.connect(lambda event_id: unmerge(window, event_id))


def unmerge(window: MainWindow, event_id: int) -> bool:
    """Undo a past merge now, as a step Edit → Undo can take back."""
    def report(exc: Exception) -> None:
        if not isinstance(exc, WorkbenchError):
            raise exc
        QMessageBox.warning(window, APP_NAME, str(exc))

    def changed(outcome) -> None:
        window.data_changed.emit(set(outcome.changed))

    operation = UnmergeOperation(event_id)
    try:
        outcome = run(window.master, operation)
    except WorkbenchError as exc:
        report(exc)
        return False
    window.undo_stack.push(OperationCommand(window.master, operation, changed, report, applied=outcome))
    changed(outcome)
    kept = outcome.details.get("kept") or []
    note = f"; kept later changes to {', '.join(kept)}" if kept else ""
    window.statusBar().showMessage(f"Merge {event_id} undone{note}", 8000)
    return True
