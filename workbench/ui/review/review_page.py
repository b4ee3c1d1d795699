"""The Duplicates page: the queue of candidate groups, the side-by-side comparison, and the verdicts.

Every verdict is an operation applied through the window's queue and then pushed onto its undo
stack; the next group follows as soon as the queue has been read again. The page never touches
SQL; it asks `window.db`, and while an answer is on its way the verdicts wait (they look
disabled only when the wait is long enough to notice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME
from workbench.errors import WorkbenchError
from workbench.operations import Operation, Outcome
from workbench.stewardship import queue as review_queue
from workbench.stewardship.ops import DecideOperation, MergeOperation, SplitOperation
from workbench.stewardship.queue import Group, load_group
from workbench.stewardship.reasons import confidence
from workbench.stewardship.records import RecordData, load_records
from workbench.stewardship.survivorship import SurvivorshipSettings, load_settings
from workbench.ui.db import BUSY_AFTER_MS
from workbench.ui.review import flows
from workbench.ui.review.commands import ReviewCommand, SkipCommand
from workbench.ui.review.comparison_model import ComparisonModel
from workbench.ui.review.comparison_view import ComparisonView
from workbench.ui.review.explanation import EXPERT_LINK, STYLE, reasons_html
from workbench.ui.review.filter_bar import FilterBar
from workbench.ui.review.group_view import GroupView
from workbench.ui.review.queue_model import COL_NAMES, COL_SCORE, QueueModel

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

CHANGED = {"customers", "candidates"}
SIDE_BY_SIDE_MAX = 5  # records; a larger group is shown by field, its distinct values collapsed


class DuplicatesPage(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("duplicatesPage")
        self.window_ = window
        self.settings = SurvivorshipSettings()
        self.current: Group | None = None  # the group on screen
        self.current_row = -1
        self._wanted_row = -1  # the row asked for last (its group may still be on its way)
        self._return_to: tuple[int, int] | None = None
        self._own_change = False
        self._decided: int | None = None
        self._record_cache: dict[tuple[int, ...], list[RecordData]] = {}
        self._cache_epoch = 0  # records read before a change are not kept after it
        self._prefetch = QTimer(self, singleShot=True, interval=0, timeout=self._prefetch_next)
        self._loading = False  # the queue or the next group's records are on their way
        self._applying = False  # a verdict is on its way
        self._looks_busy = False
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS, timeout=self._show_busy)

        self.filters = FilterBar()
        self.filters.changed.connect(self._filter_changed)
        self.left_label = QLabel()
        self.left_label.setObjectName("reviewLeft")
        self.bulk_button = QPushButton("Bulk merge…")
        self.bulk_button.setToolTip("Merge every open group at or above a score, after a preview")
        self.rules_button = QPushButton("Survivorship rules…")
        self.rules_button.setToolTip("Which value wins per field, and how much each source is trusted")
        self.bulk_button.clicked.connect(lambda: flows.bulk_merge(self))
        self.rules_button.clicked.connect(lambda: flows.edit_rules(self))
        top = QHBoxLayout()
        top.addWidget(self.filters)
        top.addStretch(1)
        top.addWidget(self.left_label)
        top.addWidget(self.bulk_button)
        top.addWidget(self.rules_button)

        self.queue_model = QueueModel(None, self)
        self.queue_model.loaded.connect(self._queue_loaded)
        self.queue_view = QTableView()
        self.queue_view.setObjectName("reviewQueue")
        self.queue_view.setModel(self.queue_model)
        self.queue_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue_view.setAlternatingRowColors(True)
        self.queue_view.setShowGrid(False)
        self.queue_view.setWordWrap(False)
        self.queue_view.verticalHeader().setVisible(False)
        self.queue_view.verticalHeader().setDefaultSectionSize(26)
        header = self.queue_view.horizontalHeader()
        header.setHighlightSections(False)
        # Never ResizeToContents here: it would read every row of the lazily paged queue.
        header.setSectionResizeMode(COL_SCORE, QHeaderView.ResizeMode.Fixed)
        self.queue_view.setColumnWidth(COL_SCORE, 74)
        header.setSectionResizeMode(COL_NAMES, QHeaderView.ResizeMode.Stretch)
        self.queue_view.selectionModel().currentRowChanged.connect(self._queue_row_changed)

        self.heading = QLabel()
        self.heading.setObjectName("reviewHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.comparison = ComparisonModel(self)
        self.comparison_view = ComparisonView(self.comparison)
        self.comparison_view.picked.connect(lambda *_: self._update_heading())
        self.group_view = GroupView(self.comparison)
        self.group_view.picked.connect(self._update_heading)
        self.views = QStackedWidget()
        self.views.addWidget(self.comparison_view)
        self.views.addWidget(self.group_view)
        self.explanation = QTextBrowser()
        self.explanation.setObjectName("reviewExplanation")
        self.explanation.document().setDefaultStyleSheet(STYLE)
        self.explanation.setOpenLinks(False)
        self._expert = False  # the scores in bits, for those who want them
        self.explanation.anchorClicked.connect(self._explanation_link)
        self.explanation.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self._build_actions()
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for action, name in ((self.merge_action, "primaryButton"), (self.reject_action, None),
                             (self.defer_action, None), (self.skip_action, None), (self.split_action, None)):
            buttons.addWidget(self._button(action, name))
        buttons.addStretch(1)
        buttons.addWidget(self._button(self.previous_action))
        buttons.addWidget(self._button(self.next_action))

        review = QWidget()
        review_layout = QVBoxLayout(review)
        review_layout.setContentsMargins(0, 0, 0, 0)
        self.by_field = QToolButton()
        self.by_field.setText("By field")
        self.by_field.setCheckable(True)
        self.by_field.setToolTip("Show this small group by field, its distinct values collapsed, as larger groups are")
        self.by_field.toggled.connect(lambda _on: self._choose_view(len(self.comparison.records)))
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.by_field)
        review_layout.addLayout(heading_row)
        self.detail_splitter = detail = QSplitter(Qt.Orientation.Vertical)
        detail.addWidget(self.views)
        detail.addWidget(self.explanation)
        detail.setStretchFactor(0, 4)
        detail.setStretchFactor(1, 1)
        detail.setSizes([520, 170])
        detail.setChildrenCollapsible(False)
        self._explanation_resized = False
        detail.splitterMoved.connect(lambda *_: setattr(self, "_explanation_resized", True))
        review_layout.addWidget(detail, 1)
        review_layout.addLayout(buttons)

        self.empty = QLabel()
        self.empty.setObjectName("reviewEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(review)
        self.stack.addWidget(self.empty)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.queue_view)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([280, 920])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.comparison_view)
        self.master_opened()

    # ------------------------------------------------------------------ building

    def _action(self, text: str, key: str, tip: str, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.merge_action = self._action("&Merge", "M", "Merge these records into one customer, as shown on the "
                                                         "right", self.merge)
        self.reject_action = self._action("&Not a duplicate", "N", "These are different customers; never suggest "
                                                                   "them again", self.reject)
        self.defer_action = self._action("&Defer", "D", "Decide later; the group moves to the deferred list",
                                         self.defer)
        self.skip_action = self._action("&Skip", "S", "Leave it open and go on; it comes back at the end", self.skip)
        self.split_action = self._action("Take &out", "X", "Take the record of the current column out of this "
                                                           "cluster: it is not the same as the others", self.split)
        self.previous_action = self._action("◀ Previous", "Alt+Left", "The group above in the list", self.previous)
        self.next_action = self._action("Next ▶", "Alt+Right", "The group below in the list", self.next)
        self.reset_action = self._action("Reset picks", "R", "Go back to what the survivorship rules choose",
                                         self.comparison.reset_picks)

    def _button(self, action: QAction, name: str | None = None) -> QPushButton:
        button = QPushButton(action.text().replace("&", ""))
        if name:
            button.setObjectName(name)
        button.setToolTip(action.toolTip())
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        button.setEnabled(action.isEnabled())
        return button

    # ------------------------------------------------------------------ master and refresh

    def master_opened(self, *_master) -> None:
        self._load_choices()
        self._record_cache.clear()
        self._cache_epoch += 1
        self.current, self.current_row = None, -1
        self.wait_for_queue()
        self.queue_model.set_db(self.window_.db)

    def _load_choices(self) -> None:
        """Survivorship settings, and the sources and fields the filters offer (an import or a matching
        run may have brought new ones)."""
        def read(session) -> tuple[SurvivorshipSettings, list[str], list[str]]:
            return load_settings(session), review_queue.sources(session), review_queue.explanation_fields(session)

        self.window_.db.read(read, self._choices_arrived, key=("review choices", id(self)))

    def _choices_arrived(self, choices: tuple[SurvivorshipSettings, list[str], list[str]]) -> None:
        self.settings, sources, fields = choices
        self.filters.set_choices(sources, fields)
        self.comparison.set_settings(self.settings)

    def reload_settings(self) -> None:
        self.window_.db.read(load_settings, self._settings_arrived, key=("review settings", id(self)))

    def _settings_arrived(self, settings: SurvivorshipSettings) -> None:
        self.settings = settings
        self.comparison.set_settings(settings)

    def data_changed(self, what: set) -> None:
        """The master changed (a verdict, an import, matching): refresh the queue, keep the place."""
        if not what & CHANGED:
            return
        if not self._own_change:
            self._load_choices()
            self._record_cache.clear()
        self._cache_epoch += 1
        self._own_change = False
        key, row = self._return_to or ((self.current.key if self.current else None), self.current_row)
        if self._return_to is None and self._decided == key:
            key = None  # the group just decided has left this list; the one after it takes its row
        self._return_to, self._decided = None, None
        self.wait_for_queue()
        self.queue_model.refresh(key, row)

    def return_to(self, key: int, row: int) -> None:
        self._return_to = (key, row)

    def _filter_changed(self, review_filter) -> None:
        self.wait_for_queue()
        self.queue_model.set_filter(review_filter)

    def wait_for_queue(self) -> None:
        """The queue is read again; verdicts wait until the group to show next is on screen."""
        self._loading = True
        self._busy_timer.start()

    def _queue_loaded(self, row: int) -> None:
        self._show_row(row)

    # ------------------------------------------------------------------ showing a group

    def _queue_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() != self.current_row:
            self._show_row(current.row(), select=False)

    def _show_row(self, row: int, *, select: bool = True) -> None:
        """Show the group at `row` once it and its records are here (at once when they are cached)."""
        count = self.queue_model.rowCount()
        row = min(max(row, 0), count - 1)
        self._wanted_row = row
        group = self.queue_model.group(row) if count else None
        if count and group is None:  # its page is on its way: show it when it arrives
            self._loading = True
            self._busy_timer.start()
            self.queue_model.when_loaded(row, lambda: self._show_row(row, select=select)
                                         if self._wanted_row == row else None)
            return
        if group is None:
            self._display(None, -1, [], select)
            return
        ids = tuple(group.customer_ids)
        records = self._record_cache.pop(ids, None)
        if records is not None:
            self._display(group, row, records, select)
            return
        self._loading = True
        self._busy_timer.start()
        self.window_.db.read(lambda session: load_records(session, list(ids)),
                             lambda found: self._display(group, row, found, select),
                             key=("review group", id(self)), label="Loading the group")

    def _display(self, group: Group | None, row: int, records: list[RecordData], select: bool) -> None:
        self._loading = False
        self.current, self.current_row = group, row if group else -1
        if group is None:
            self.comparison.clear()
            self.explanation.clear()
            self.stack.setCurrentWidget(self.empty)
            self.empty.setText(self._empty_text())
        else:
            self.comparison.set_records(records, self.settings)
            self._choose_view(len(records))
            columns = {r.id: i + 1 for i, r in enumerate(records)}
            self.explanation.setHtml(reasons_html(group.candidates, columns, expert=self._expert))
            self._fit_explanation()
            self.stack.setCurrentWidget(self.stack.widget(0))
            if select:
                self.queue_view.selectionModel().blockSignals(True)
                self.queue_view.selectRow(row)
                self.queue_view.selectionModel().blockSignals(False)
                self.queue_view.scrollTo(self.queue_model.index(row, 0))
        self._settled()
        self._update_heading()
        if group is not None:
            self._prefetch.start()

    def _explanation_link(self, url) -> None:
        if url.toString() == EXPERT_LINK and self.current is not None:
            self._expert = not self._expert
            columns = {r.id: i + 1 for i, r in enumerate(self.comparison.records)}
            self.explanation.setHtml(reasons_html(self.current.candidates, columns, expert=self._expert))

    def _choose_view(self, size: int) -> None:
        small = size <= SIDE_BY_SIDE_MAX
        self.by_field.setVisible(small)
        view = self.comparison_view if small and not self.by_field.isChecked() else self.group_view
        if self.views.currentWidget() is not view:
            had_focus = self.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
            self.views.setCurrentWidget(view)
            self.setFocusProxy(view)
            if had_focus:
                view.setFocus()

    def review_view(self) -> QWidget:
        """The comparison of the current group: side by side for a few records, by field for more."""
        return self.views.currentWidget()

    def _prefetch_next(self) -> None:
        """Read the next group's records while the steward looks at this one."""
        following = self.queue_model.group(self.current_row + 1) if self.current_row >= 0 else None
        if following is None or tuple(following.customer_ids) in self._record_cache:
            return
        ids, epoch = tuple(following.customer_ids), self._cache_epoch

        def keep(records: list[RecordData]) -> None:
            if epoch == self._cache_epoch:
                self._record_cache = {ids: records}

        self.window_.db.read(lambda session: load_records(session, list(ids)), keep, waits=False,
                             key=("review prefetch", id(self)))

    def _fit_explanation(self) -> None:
        """Give the explanation the room it needs, up to a third of the height, unless the steward chose."""
        if self._explanation_resized:
            return
        total = sum(self.detail_splitter.sizes())
        if total <= 0:
            return
        document = self.explanation.document()
        document.setTextWidth(self.explanation.viewport().width())
        wanted = int(document.size().height()) + 2 * self.explanation.frameWidth() + 8
        height = max(80, min(wanted, total // 3))
        self.detail_splitter.setSizes([total - height, height])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Arriving on the page (Ctrl+2) puts the keyboard in the comparison, where M, N, D… work.
        focus = self.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            QTimer.singleShot(0, lambda: self.review_view().setFocus())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.current is not None:
            self._fit_explanation()

    def _left(self) -> int:
        """Open groups, whatever the filters show (read with the queue)."""
        return self.queue_model.left

    def _empty_text(self) -> str:
        left = self._left()
        if self.queue_model.review_filter != review_queue.ReviewFilter() and left:
            return "No groups match these filters.\n\nChange the filters to see the other groups."
        if left:
            return "Every open group was skipped in this session."
        return ("Nothing left to review.\n\nWhen matching finds possible duplicates, they appear here, "
                "best matches first.")

    def _update_heading(self) -> None:
        left = self._left()
        skipped = len(self.queue_model.skipped)
        noun = "group" if left == 1 else "groups"
        self.left_label.setText(f"{left:,} {noun} left to review" + (f" · {skipped} skipped" if skipped else ""))
        group = self.current
        if group is None:
            self.heading.setText("")
            return
        size = len(group.customer_ids)
        kind = "Pair" if size == 2 else f"Cluster of {size}"
        status = {"open": "", "deferred": " · deferred", "rejected": " · marked not a duplicate",
                  "merged": " · merged", "mixed": ""}.get(group.status, "")
        survivor = self.comparison.golden.survivor_id if self.comparison.golden else None
        keeps = f" · the merged customer keeps C-{survivor:06d}" if survivor else ""
        sure = confidence(group.candidates)
        how = f" · {sure.words.lower()} ({sure.percent})" if sure else ""
        self.heading.setText(
            f"<b>{kind}</b>{how} · {self.current_row + 1:,} of "
            f"{self.queue_model.rowCount():,}{status}<span style='color:#616e7c'>{keeps}</span>")

    def _ready(self) -> bool:
        """A verdict can be given: the group on screen is the one to decide, and nothing is on its way."""
        return self.current is not None and not self._loading and not self._applying

    def _show_busy(self) -> None:
        self._looks_busy = self._loading or self._applying
        self.update_actions()

    def _settled(self) -> None:
        if not self._loading and not self._applying:
            self._busy_timer.stop()
            self._looks_busy = False
        self.update_actions()

    def update_actions(self) -> None:
        group = self.current
        busy = self.window_.runner.busy or self._looks_busy
        status = group.status if group else None
        deciding = group is not None and not busy
        self.merge_action.setEnabled(deciding and status in ("open", "deferred", "rejected"))
        self.reject_action.setEnabled(deciding and status in ("open", "deferred"))
        self.defer_action.setEnabled(deciding and status == "open")
        self.skip_action.setEnabled(group is not None and status == "open" and not self._looks_busy)
        self.split_action.setEnabled(deciding and status in ("open", "deferred") and len(group.customer_ids) > 2)
        self.previous_action.setEnabled(self.current_row > 0)
        self.next_action.setEnabled(0 <= self.current_row < self.queue_model.rowCount() - 1)
        self.reset_action.setEnabled(group is not None)
        self.bulk_button.setEnabled(not self.window_.runner.busy)
        self.rules_button.setEnabled(not self.window_.runner.busy)

    # ------------------------------------------------------------------ verdicts

    def _apply(self, operation: Operation) -> None:
        group, row = self.current, self.current_row
        if group is None or not self._ready():
            return
        self._applying = True
        self._busy_timer.start()

        def applied(outcome: Outcome) -> None:
            self._applying = False
            self.window_.undo_stack.push(ReviewCommand(self, operation, outcome, group.key, row))
            if not isinstance(operation, SplitOperation):  # the rest of a split cluster stays in review
                self._decided = group.key
            self.window_.statusBar().showMessage(f"{operation.label} — Undo with "
                                                 f"{QKeySequence(QKeySequence.StandardKey.Undo).toString()}", 5000)
            self.operation_done(outcome)

        def failed(exc: BaseException) -> None:
            self._applying = False
            self._settled()
            self.operation_failed(exc)

        self.window_.db.apply(operation, applied, on_error=failed)

    def operation_done(self, outcome: Outcome) -> None:
        self._own_change = True
        self._record_cache = {ids: records for ids, records in self._record_cache.items()
                              if not set(ids) & outcome.customer_ids}
        self.window_.data_changed.emit(set(outcome.changed) | {"candidates"})

    def operation_failed(self, exc: BaseException) -> None:
        if isinstance(exc, WorkbenchError):
            QMessageBox.warning(self, APP_NAME, str(exc))
        else:
            raise exc
        self.window_.data_changed.emit(set(CHANGED))

    def merge(self) -> None:
        if self._ready() and self.merge_action.isEnabled():
            self._apply(MergeOperation(self.comparison.request()))

    def reject(self) -> None:
        if self._ready() and self.reject_action.isEnabled():
            self._apply(DecideOperation(self.current.candidate_ids, "not_duplicate"))

    def defer(self) -> None:
        if self._ready() and self.defer_action.isEnabled():
            self._apply(DecideOperation(self.current.candidate_ids, "deferred"))

    def split(self) -> None:
        if not self._ready() or not self.split_action.isEnabled():
            return
        if self.review_view() is self.group_view:
            customer_id = self.group_view.current_record_id()
            if customer_id is None:
                self.window_.statusBar().showMessage("Select a record on the Records tab first, then take it out",
                                                     5000)
                return
            self._apply(SplitOperation(customer_id, [i for i in self.current.customer_ids if i != customer_id]))
            return
        column = self.comparison_view.currentIndex().column()
        if not 1 <= column <= len(self.comparison.records):
            self.window_.statusBar().showMessage("Move to a record's column first (arrow keys), then take it out",
                                                 5000)
            return
        customer_id = self.comparison.records[column - 1].id
        others = [i for i in self.current.customer_ids if i != customer_id]
        self._apply(SplitOperation(customer_id, others))

    def skip(self) -> None:
        if not self._ready() or not self.skip_action.isEnabled():
            return
        self.window_.undo_stack.push(SkipCommand(self, self.current.key, self.current_row))

    def _row_to_move_from(self) -> int:
        return self._wanted_row if self._loading else self.current_row

    def previous(self) -> None:
        row = self._row_to_move_from()
        if row > 0:
            self._show_row(row - 1)

    def next(self) -> None:
        row = self._row_to_move_from()
        if 0 <= row < self.queue_model.rowCount() - 1:
            self._show_row(row + 1)

    def show_group(self, key: int) -> None:
        """Open a group by its key, whatever its status (from another page, or a test); it shows
        once the queue that holds it has been read."""
        queue = self.queue_model.queue

        def read(session) -> tuple[Group | None, bool]:
            group = load_group(session, key, review_queue.STATUSES)
            return group, group is not None and queue.position(session, key) is not None

        def found(answer: tuple[Group | None, bool]) -> None:
            group, listed = answer
            if group is None:
                self.window_.statusBar().showMessage("That group of possible duplicates is gone", 5000)
                return
            self.wait_for_queue()
            if listed:
                self.queue_model.refresh(key, 0)
                return
            # Not in this list: show the list that has it.
            self.filters.blockSignals(True)
            self.filters.reset(group.status if group.status in ("open", "deferred", "rejected", "merged") else "all")
            self.filters.blockSignals(False)
            self.queue_model.set_filter(self.filters.value(), key=key)

        self.window_.db.read(read, found, key=("review show group", id(self)), label="Finding the group")
