"""The Duplicates page's steps on the undo stack: a verdict, a skip, a bulk merge.

Each runs its change on the writer lane of the window's queue (workbench/ui/undo.py explains the
order and the hand-over between steps); undoing a verdict or a skip brings the steward back to
that group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtGui import QUndoCommand

from workbench.operations import Operation, Outcome
from workbench.progress import Progress
from workbench.stewardship import bulk
from workbench.ui.undo import OperationCommand

if TYPE_CHECKING:
    from workbench.ui.review.review_page import DuplicatesPage

CHANGED = {"customers", "candidates"}


class ReviewCommand(OperationCommand):
    """A verdict on the undo stack; undoing it brings the steward back to that group."""

    def __init__(self, page: DuplicatesPage, operation: Operation, outcome: Outcome, key: int, row: int) -> None:
        super().__init__(page.window_.db, operation, page.operation_done, page.operation_failed, applied=outcome)
        self.page, self.key, self.row = page, key, row

    def undo(self) -> None:
        self.page.return_to(self.key, self.row)
        super().undo()


class SkipCommand(QUndoCommand):
    """Skipping changes nothing in the master, but Edit → Undo still brings the group back."""

    def __init__(self, page: DuplicatesPage, key: int, row: int) -> None:
        super().__init__("Skip")
        self.page, self.key, self.row = page, key, row

    def redo(self) -> None:
        self.page.wait_for_queue()
        self.page.queue_model.skip(self.key, self.row)

    def undo(self) -> None:
        self.page.wait_for_queue()
        self.page.queue_model.unskip(self.key, self.row)


class BulkMergeCommand(QUndoCommand):
    """A bulk merge on the undo stack. It already ran as a task; undo and redo run as tasks too.

    Tasks run one at a time, in order, on the writer lane, so an undo followed quickly by a redo
    still happens in that order; the merge events a step leaves are handed to the next step on
    that lane too.
    """

    def __init__(self, page: DuplicatesPage, groups: list[list[int]], result: bulk.BulkResult) -> None:
        super().__init__(f"Bulk merge of {len(result.event_ids):,} groups")
        self.page = page
        self.groups = groups
        self.event_ids = list(result.event_ids)  # read and replaced on the writer thread only
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        master, groups = self.page.window_.master, self.groups

        def work(progress: Progress) -> bulk.BulkResult:
            result = bulk.merge_groups(master, groups, progress=progress)
            self.event_ids = list(result.event_ids)
            return result

        def done(_result: bulk.BulkResult) -> None:
            self.page.window_.data_changed.emit(set(CHANGED))

        self.page.window_.run_task(work, title="Merging again…", on_done=done)

    def undo(self) -> None:
        master = self.page.window_.master

        def work(progress: Progress) -> list[int]:
            return bulk.unmerge_all(master, list(self.event_ids), reason="undo", progress=progress)

        def done(undone: list[int]) -> None:
            if shiboken6.isValid(self.page):
                self.page.window_.statusBar().showMessage(f"Undid {len(undone):,} merges", 6000)
                self.page.window_.data_changed.emit(set(CHANGED))

        self.page.window_.run_task(work, title="Undoing the bulk merge…", on_done=done)
