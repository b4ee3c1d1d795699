"""The Duplicates page's dialogs as flows: survivorship rules, and bulk merge.

What a dialog starts from is read through the window's queue first; the dialog opens when it
has arrived.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from workbench.operations import Outcome
from workbench.progress import Progress
from workbench.stewardship import bulk, survivorship
from workbench.stewardship.ops import SurvivorshipOperation
from workbench.store.master import Master
from workbench.ui.review.bulk_dialog import BulkMergeDialog
from workbench.ui.review.commands import BulkMergeCommand
from workbench.ui.review.rules_dialog import RulesDialog
from workbench.ui.undo import OperationCommand

if TYPE_CHECKING:
    from workbench.ui.review.review_page import DuplicatesPage

CHANGED = {"customers", "candidates"}


def edit_rules(page: DuplicatesPage) -> None:
    def read(session) -> tuple[survivorship.SurvivorshipSettings, dict[str, int]]:
        return survivorship.load_settings(session), survivorship.source_trust(session)

    page.window_.db.read(read, lambda found: _rules_dialog(page, *found), label="Reading the survivorship rules")


def _rules_dialog(page: DuplicatesPage, settings: survivorship.SurvivorshipSettings, trust: dict[str, int]) -> None:
    dialog = RulesDialog(settings, trust, page)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    operation = SurvivorshipOperation(dialog.settings(), dialog.trust())

    def done(_outcome: Outcome) -> None:
        page.reload_settings()

    def applied(outcome: Outcome) -> None:
        page.window_.undo_stack.push(OperationCommand(page.window_.db, operation, done, page.operation_failed,
                                                      applied=outcome))
        done(outcome)

    page.window_.db.apply(operation, applied, on_error=page.operation_failed)


def bulk_merge(page: DuplicatesPage) -> None:
    page.window_.db.read(bulk.default_min_score, lambda start: _bulk_dialog(page, start),
                         label="Reading the merge threshold")


def _bulk_dialog(page: DuplicatesPage, start: float) -> None:
    db = page.window_.db

    def ask_preview(score: float, deliver) -> None:
        db.read(lambda session: bulk.preview(session, score), deliver, key=("bulk preview", id(page)),
                label="Counting the groups")

    dialog = BulkMergeDialog(start, ask_preview, page)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.preview is None or not dialog.preview.groups:
        return
    groups = dialog.preview.groups
    master: Master = page.window_.master

    def work(progress: Progress) -> bulk.BulkResult:
        return bulk.merge_groups(master, groups, progress=progress)

    def done(result: bulk.BulkResult) -> None:
        if result.event_ids:
            page.window_.undo_stack.push(BulkMergeCommand(page, groups, result))
        left = f"; {len(result.failed)} left alone (changed meanwhile)" if result.failed else ""
        page.window_.statusBar().showMessage(f"Merged {len(result.event_ids):,} groups{left}", 8000)
        page.window_.data_changed.emit(set(CHANGED))

    page.window_.run_task(work, title=f"Merging {len(groups):,} groups…", on_done=done)
