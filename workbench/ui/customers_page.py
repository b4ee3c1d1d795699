"""The customers page: a search box, the paged customers table, and the detail panel.

Searching, sorting and filtering ask the model for a new query; the list, its count and the
details follow when the answer arrives from the read queue, and the count says "Searching…"
only when that takes a moment.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelection, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.store.filters import CustomerFilter
from workbench.store.queries import CustomerListQuery
from workbench.ui.customers_model import (
    COL_CITY,
    COL_COMPANY,
    COL_COUNTRY,
    COL_EMAIL,
    COL_NAME,
    COL_NUMBER,
    COL_PHONE,
    COL_REVIEW,
    COL_STATUS,
    COL_UPDATED,
    COLUMNS,
    CustomersModel,
    cell_text,
)
from workbench.ui.db import BUSY_AFTER_MS, Database
from workbench.ui.detail_panel import CustomerDetailPanel

SEARCH_DELAY_MS = 250
DEFAULT_WIDTHS = {COL_NUMBER: 84, COL_NAME: 180, COL_COMPANY: 130, COL_EMAIL: 220, COL_PHONE: 128, COL_CITY: 110,
                  COL_COUNTRY: 110, COL_STATUS: 90, COL_UPDATED: 88, COL_REVIEW: 90}
FIT_ROWS = 200  # the rows a column is sized to: the first page, which the view reads anyway
MAX_FIT_WIDTH = 300
SQUEEZE_FLOOR = 140  # a name or company column cut back for a narrow window keeps this much


def squeeze(widths: dict[int, int], available: int, squeezable: list[int], floor: int) -> dict[int, int]:
    """The widths with the squeezable columns capped at one width so the whole fits `available`.

    The cap is the largest that fits (the widest columns give way first, the narrow ones keep
    their width); it never goes below `floor`, so on a very narrow window the list still scrolls."""
    excess = sum(widths.values()) - available
    if excess <= 0 or not squeezable:
        return dict(widths)
    fixed = sum(w for c, w in widths.items() if c not in squeezable)
    room = available - fixed
    ordered = sorted(widths[c] for c in squeezable)
    cap = floor
    for index, width in enumerate(ordered):  # water-filling: the narrow ones whole, the rest share
        share = (room - sum(ordered[:index])) // (len(ordered) - index)
        if share < width:
            cap = max(floor, share)
            break
    else:
        return dict(widths)
    return {c: (min(w, cap) if c in squeezable else w) for c, w in widths.items()}
COLUMNS_KEY = "customers/columns"
HIDDEN_BY_DEFAULT = (COL_COUNTRY, COL_UPDATED)


class CustomersPage(QWidget):
    count_changed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._searched = False  # the answer to a search: select a single hit, clear the details on none
        self.search = QLineEdit()
        self.search.setObjectName("customerSearch")
        self.search.setPlaceholderText("Search name, e-mail, phone or number")
        self.search.setToolTip("Search by name, e-mail, phone or master number (C-000123)")
        self.search.setClearButtonEnabled(True)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultCount")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)

        self._settings: QSettings | None = None
        self._fitted = False  # sized to content once; after that the steward's widths stand
        self._squeeze_pending = False  # fitted while hidden: give way to the e-mail once shown
        self.model = CustomersModel(None, self)  # the master is set once the view is ready
        self.model.loaded.connect(self._loaded)
        self._searching = QTimer(self)
        self._searching.setSingleShot(True)
        self._searching.setInterval(BUSY_AFTER_MS)
        self._searching.timeout.connect(lambda: self.result_label.setText("Searching…"))
        self.table = QTableView()
        self.table.setObjectName("customersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in DEFAULT_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)  # every column can be resized; the last one takes what is left
        header.moveSection(header.visualIndex(COL_REVIEW), COL_NAME + 1)  # the mark in sight, beside the name
        for column in HIDDEN_BY_DEFAULT:
            self.table.setColumnHidden(column, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = CustomerDetailPanel(db)
        self.detail.setMinimumWidth(320)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 8, 0)  # the last button keeps clear of the details beside it
        top.addWidget(self.search, 1)
        top.addWidget(self.result_label)
        self.toolbar = top  # features add their controls here (a segment chooser, an Edit button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([960, 330])
        self.side_tabs: QTabWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addWidget(self.splitter)
        self._update_result_label()

    def remember_columns(self, settings: QSettings) -> None:
        """Keep the steward's column widths (and order, and which are shown) across sessions."""
        self._settings = settings
        state = settings.value(COLUMNS_KEY)
        header = self.table.horizontalHeader()
        if state is not None and header.restoreState(state):
            self._fitted = True
        header.sectionResized.connect(lambda *_: self._save_columns())
        header.sectionMoved.connect(lambda *_: self._save_columns())

    def _save_columns(self) -> None:
        if self._settings is not None:
            self._settings.setValue(COLUMNS_KEY, self.table.horizontalHeader().saveState())

    def fit_columns(self) -> None:
        """Each column as wide as its heading and the first page of its values, within reason."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        rows = [r for r in (self.model.row_at(i) for i in range(min(FIT_ROWS, self.model.rowCount()))) if r]
        if not rows:
            return
        padding = 2 * self.table.style().pixelMetric(self.table.style().PixelMetric.PM_FocusFrameHMargin) + 18
        for column in range(self.model.columnCount()):
            if header.visualIndex(column) == header.count() - 1:
                continue  # the last column stretches
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widest = max([header.fontMetrics().horizontalAdvance(title) + 24] +
                         [metrics.horizontalAdvance(cell_text(r, column)) + padding for r in rows])
            self.table.setColumnWidth(column, min(widest, MAX_FIT_WIDTH))
        self._squeeze_pending = True
        if self.table.isVisible():
            self._keep_in_view()
        self._fitted = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._squeeze_pending:  # fitted before the window was laid out: now its width is known
            QTimer.singleShot(0, self._keep_in_view)

    def _keep_in_view(self) -> None:
        """On a narrow window, long names and companies give way so the e-mail is in sight too.

        The columns up to the e-mail (number, name, mark, company, e-mail) should fit the list
        without scrolling sideways: where they do not, the widest of name, company and e-mail are
        cut back to one common width (never below SQUEEZE_FLOOR), their text elided with "…"."""
        self._squeeze_pending = False
        header = self.table.horizontalHeader()
        available = self.table.viewport().width()
        if available <= 0 or header.isSectionHidden(COL_EMAIL):
            return
        in_view = [header.logicalIndex(v) for v in range(header.visualIndex(COL_EMAIL) + 1)]
        in_view = [c for c in in_view if not header.isSectionHidden(c)]
        widths = {c: self.table.columnWidth(c) for c in in_view}
        squeezed = squeeze(widths, available, [c for c in (COL_NAME, COL_COMPANY, COL_EMAIL) if c in widths],
                           SQUEEZE_FLOOR)
        for column, width in squeezed.items():
            if width != widths[column]:
                self.table.setColumnWidth(column, width)

    def add_side_panel(self, title: str, widget: QWidget) -> None:
        """Another panel beside the customer's details (its history …), as a tab."""
        if self.side_tabs is None:
            self.side_tabs = QTabWidget()
            self.side_tabs.setObjectName("customerSideTabs")
            self.side_tabs.setDocumentMode(True)
            self.splitter.replaceWidget(self.splitter.indexOf(self.detail), self.side_tabs)
            self.side_tabs.addTab(self.detail, "Details")
        self.side_tabs.addTab(widget, title)

    def master_opened(self) -> None:
        """A master was opened (`db` answers from it now): its customers, no search, nothing selected."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._searched = False
        self.model.reset(self.db, CustomerListQuery(sort=self.model.query.sort,
                                                    descending=self.model.query.descending))
        self.detail.show_nothing()

    def refresh(self) -> None:
        selected = self.detail.customer_id
        self.model.refresh()
        if selected is not None:
            self.detail.show_customer(selected)

    def set_filter(self, customer_filter: CustomerFilter) -> None:
        """Show only the customers a filter (a status, a segment) selects; the search still applies."""
        if customer_filter != self.model.query.filter:
            self._ask(replace(self.model.query, filter=customer_filter))
            self.detail.show_nothing()

    def _ask(self, query: CustomerListQuery) -> None:
        self.model.set_query(query)
        self._searching.start()

    def selected_customer_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.customer_id(rows[0].row()) if rows else None

    def apply_search(self) -> None:
        self._search_timer.stop()
        if self.search.text() != self.model.query.text:
            self._searched = True
            self._ask(replace(self.model.query, text=self.search.text()))

    def _loaded(self) -> None:
        self._searching.stop()
        self._update_result_label()
        if not self._fitted:  # the first rows (of the master, or of its first import) size the columns
            self.fit_columns()
        if self._searched:
            self._searched = False
            if self.model.rowCount() == 1:
                self.table.selectRow(0)
            elif self.model.rowCount() == 0:
                self.detail.show_nothing()

    def select_customer_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_result_label(self) -> None:
        count = self.model.rowCount()
        noun = "customer" if count == 1 else "customers"
        found = self.model.query.text.strip() or not self.model.query.filter.is_empty()
        self.result_label.setText(f"{count:,} {noun}" + (" found" if found else ""))
        self.count_changed.emit(count)

    def _header_menu(self, position) -> None:
        menu = QMenu(self)
        for column, (title, _sort) in enumerate(COLUMNS):
            if column in (COL_NAME,):
                continue
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda visible, c=column: self.table.setColumnHidden(c, not visible))
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if not rows:
            return
        customer_id = self.model.customer_id(rows[0].row())
        if customer_id is not None:
            self.detail.show_customer(customer_id)
