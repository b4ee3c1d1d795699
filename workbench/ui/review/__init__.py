"""Steward review in the main window: the Duplicates page, its dialogs, and the customer history panel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from workbench import APP_NAME
from workbench.errors import WorkbenchError
from workbench.operations import Outcome
from workbench.stewardship.ops import UnmergeOperation
from workbench.ui.undo import OperationCommand

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow
    from workbench.ui.review.history_panel import HistoryPanel
    from workbench.ui.review.review_page import DuplicatesPage


@dataclass(frozen=True)
class Review:
    page: DuplicatesPage
    history: HistoryPanel


def install(window: MainWindow) -> Review:
    from workbench.ui.review.history_panel import HistoryPanel
    from workbench.ui.review.review_page import DuplicatesPage

    page = DuplicatesPage(window)
    window.add_page("duplicates", "Duplicates", page, shortcut="Ctrl+2")
    window.master_changed.connect(page.master_opened)
    window.data_changed.connect(page.data_changed)
    window.runner.started.connect(lambda _task: page.update_actions())
    window.runner.ended.connect(lambda _task: page.update_actions())

    history = HistoryPanel(window.db)
    window.customers_page.add_side_panel("History", history)
    window.customers_page.detail.customer_shown.connect(history.show_customer)
    window.master_changed.connect(lambda _master: history.show_customer(None))
    history.unmerge_requested.connect(lambda event_id: unmerge(window, event_id))
    return Review(page, history)


def unmerge(window: MainWindow, event_id: int) -> None:
    """Undo a past merge now, as a step Edit → Undo can take back (once the queue has applied it)."""
    def report(exc: BaseException) -> None:
        if not isinstance(exc, WorkbenchError):
            raise exc
        QMessageBox.warning(window, APP_NAME, str(exc))

    def changed(outcome: Outcome) -> None:
        window.data_changed.emit(set(outcome.changed))

    operation = UnmergeOperation(event_id)

    def applied(outcome: Outcome) -> None:
        window.undo_stack.push(OperationCommand(window.db, operation, changed, report, applied=outcome))
        changed(outcome)
        kept = outcome.details.get("kept") or []
        note = f"; kept later changes to {', '.join(kept)}" if kept else ""
        window.statusBar().showMessage(f"Merge {event_id} undone{note}", 8000)

    window.db.apply(operation, applied, on_error=report)
