"""The Duplicates page's dialogs as flows: survivorship rules, and bulk merge with its undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDialog

from workbench.operations import Outcome
from workbench.progress import Progress
from workbench.stewardship import bulk, survivorship
from workbench.stewardship.ops import SurvivorshipOperation
from workbench.ui.review.bulk_dialog import BulkMergeDialog
from workbench.ui.review.rules_dialog import RulesDialog
from workbench.ui.undo import OperationCommand

if TYPE_CHECKING:
    from workbench.ui.review.review_page import DuplicatesPage

CHANGED = {"customers", "candidates"}


def edit_rules(page: DuplicatesPage) -> None:
    with page.master.session() as session:
        settings = survivorship.load_settings(session)
        trust = survivorship.source_trust(session)
    dialog = RulesDialog(settings, trust, page)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    operation = SurvivorshipOperation(dialog.settings(), dialog.trust())

    def done(_outcome: Outcome) -> None:
        page.reload_settings()

    page.window_.undo_stack.push(OperationCommand(page.master, operation, done, page.operation_failed))


class BulkMergeCommand(QUndoCommand):
    """A bulk merge on the undo stack. It already ran as a task; undo and redo run as tasks too.

    Tasks run one at a time, in order, so an undo followed quickly by a redo still happens in
    that order.
    """

    def __init__(self, page: DuplicatesPage, groups: list[list[int]], result: bulk.BulkResult) -> None:
        super().__init__(f"Bulk merge of {len(result.event_ids):,} groups")
        self.page = page
        self.groups = groups
        self.event_ids = list(result.event_ids)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        master, groups = self.page.master, self.groups

        def work(progress: Progress) -> bulk.BulkResult:
            return bulk.merge_groups(master, groups, progress=progress)

        def done(result: bulk.BulkResult) -> None:
            self.event_ids = list(result.event_ids)
            self.page.window_.data_changed.emit(set(CHANGED))

        self.page.window_.run_task(work, title="Merging again…", on_done=done)

    def undo(self) -> None:
        master, events = self.page.master, list(self.event_ids)

        def work(progress: Progress) -> list[int]:
            return bulk.unmerge_all(master, events, reason="undo", progress=progress)

        def done(undone: list[int]) -> None:
            self.page.window_.statusBar().showMessage(f"Undid {len(undone):,} merges", 6000)
            self.page.window_.data_changed.emit(set(CHANGED))

        self.page.window_.run_task(work, title="Undoing the bulk merge…", on_done=done)


def bulk_merge(page: DuplicatesPage) -> None:
    master = page.master
    with master.session() as session:
        start = bulk.default_min_score(session)

    def make_preview(score: float) -> bulk.BulkPreview:
        with master.session() as session:
            return bulk.preview(session, score)

    dialog = BulkMergeDialog(start, make_preview, page)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.preview is None or not dialog.preview.groups:
        return
    groups = dialog.preview.groups

    def work(progress: Progress) -> bulk.BulkResult:
        return bulk.merge_groups(master, groups, progress=progress)

    def done(result: bulk.BulkResult) -> None:
        if result.event_ids:
            page.window_.undo_stack.push(BulkMergeCommand(page, groups, result))
        left = f"; {len(result.failed)} left alone (changed meanwhile)" if result.failed else ""
        page.window_.statusBar().showMessage(f"Merged {len(result.event_ids):,} groups{left}", 8000)
        page.window_.data_changed.emit(set(CHANGED))

    page.window_.run_task(work, title=f"Merging {len(groups):,} groups…", on_done=done)
