"""The data-quality panel: headline figures, completeness and status charts, per-field, per-source
and invalid-contact tables, and the report as CSV or XLSX. `workbench quality` prints the same."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME
from workbench.errors import WorkbenchError
from workbench.operations import CANDIDATES, CUSTOMERS, DEFINITIONS, RELATIONSHIPS
from workbench.paths import data_dir
from workbench.progress import Progress
from workbench.quality.profile import DEFAULT_STALE_MONTHS, Metric, QualityReport, quality_report, share
from workbench.quality.report import percent, write_report
from workbench.stewardship.counts import ReviewCounts
from workbench.store.models import format_master_number
from workbench.ui.charts import Bar, BarChart
from workbench.ui.definitions.common import MUTED, Column, ListModel, hint_label, make_table

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

GOOD, FAIR, POOR = "#2f855a", "#d69e2e", "#c53030"
STYLE = """
#qualityTile { background: #ffffff; border: 1px solid #d9dee5; border-radius: 8px; }
#tileNumber { font-size: 17pt; font-weight: 600; color: #102a43; }
#tileCaption { color: #52606d; }
"""
BASE_TEXT = {"all": "all customers", "people": "people", "organizations": "organizations"}


def grade(value: float | None) -> str:
    if value is None:
        return "#9aa5b1"
    return GOOD if value >= 0.9 else FAIR if value >= 0.6 else POOR


class Tile(QFrame):
    def __init__(self, caption: str, tooltip: str) -> None:
        super().__init__()
        self.setObjectName("qualityTile")
        self.setToolTip(tooltip)
        self.number = QLabel("–")
        self.number.setObjectName("tileNumber")
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set(self, count: int, out_of: int | None = None, *, bad_when_any: bool = True) -> None:
        share_text = f"  <span style='font-size:10pt; color:#616e7c'>{percent(share(count, out_of))}</span>" \
            if out_of else ""
        color = POOR if bad_when_any and count else "#102a43"
        self.number.setText(f"<span style='color:{color}'>{count:,}</span>{share_text}")


METRIC_COLUMNS = [
    Column("Field", lambda m: m.label, foreground=lambda m: MUTED if not getattr(m, "defined", True) else None,
           tooltip=lambda m: m.note or None),
    Column("Counted over", lambda m: BASE_TEXT.get(m.base, m.base)),
    Column("Filled", lambda m: m.filled, align_right=True),
    Column("Complete", lambda m: percent(m.completeness), align_right=True),
    Column("Checked", lambda m: m.checked if m.checked is not None else "", align_right=True),
    Column("Valid", lambda m: percent(m.validity), align_right=True),
    Column("Note", lambda m: m.note + (f"; {m.missing_required:,} missing though required"
                                       if getattr(m, "missing_required", 0) else "")),
]
SOURCE_COLUMNS = [
    Column("Source", lambda s: s.source),
    Column("Records", lambda s: s.records, align_right=True),
    Column("Customers", lambda s: s.customers, align_right=True),
    Column("With problems", lambda s: s.records_with_problems, align_right=True),
    Column("Invalid e-mails", lambda s: f"{s.invalid_emails:,} of {s.emails:,}", align_right=True),
    Column("Invalid phones", lambda s: f"{s.invalid_phones:,} of {s.phones:,}", align_right=True),
    Column("In open duplicates", lambda s: s.in_open_duplicates, align_right=True),
    Column("Last import", lambda s: s.last_import.strftime("%Y-%m-%d") if s.last_import else ""),
]
INVALID_COLUMNS = [
    Column("Master no.", lambda b: format_master_number(b.customer_id)),
    Column("Customer", lambda b: b.customer),
    Column("Kind", lambda b: {"email": "E-mail", "phone": "Phone", "address": "Address"}.get(b.kind, b.kind)),
    Column("Value", lambda b: b.value),
    Column("Problem", lambda b: b.problem, tooltip=lambda b: b.problem),
]


class QualityPage(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.setStyleSheet(STYLE)
        self.report: QualityReport | None = None
        self.stale = True
        self.months = QSpinBox()
        self.months.setObjectName("staleMonths")
        self.months.setRange(1, 240)
        self.months.setValue(DEFAULT_STALE_MONTHS)
        self.months.setSuffix(" months")
        self.months.setToolTip("A record nobody has updated for this long counts as stale")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("Export report…")
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        self.generated = hint_label()
        self.generated.setObjectName("qualityGenerated")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Stale after"))
        bar.addWidget(self.months)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.generated, 1)
        bar.addWidget(self.export_button)

        self.tiles = {
            "customers": Tile("customers", "Golden customers (merged-away records not counted)"),
            "unreachable": Tile("with no way to reach them", "No valid e-mail, phone or postal address"),
            "email": Tile("invalid e-mail addresses", "Addresses flagged invalid at import or in the editor"),
            "phone": Tile("invalid phone numbers", "Numbers that are not valid for their country"),
            "stale": Tile("stale records", "Not updated for the chosen number of months"),
            "duplicates": Tile("customers in open duplicates", "Possible duplicates waiting for review"),
        }
        tiles = QGridLayout()
        tiles.setSpacing(10)
        for index, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, index)
        self.completeness = BarChart("Completeness", maximum=1.0)
        self.completeness.setObjectName("completenessChart")
        self.status_chart = BarChart("Customers by status")
        self.status_chart.setObjectName("statusChart")
        self.reach_chart = BarChart("Reach", maximum=1.0)
        charts = QHBoxLayout()
        charts.setSpacing(24)
        charts.addWidget(self.completeness, 3)
        right = QVBoxLayout()
        right.addWidget(self.status_chart)
        right.addWidget(self.reach_chart)
        right.addStretch(1)
        charts.addLayout(right, 2)

        self.metrics = ListModel(METRIC_COLUMNS, self)
        self.sources = ListModel(SOURCE_COLUMNS, self)
        self.invalid = ListModel(INVALID_COLUMNS, self)
        self.metrics_table = make_table(self.metrics, stretch=6)
        self.metrics_table.setObjectName("qualityFields")
        self.sources_table = make_table(self.sources, stretch=0)
        self.sources_table.setObjectName("qualitySources")
        self.invalid_table = make_table(self.invalid, stretch=4)
        self.invalid_table.setObjectName("qualityInvalid")
        self.invalid_table.doubleClicked.connect(self._open_invalid)
        self.tables = QTabWidget()
        self.tables.addTab(self.metrics_table, "Fields and attributes")
        self.tables.addTab(self.sources_table, "By source")
        self.tables.addTab(self.invalid_table, "Invalid contact points")
        self.tables.setMinimumHeight(320)

        body = QWidget()
        body.setObjectName("qualityBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(14)
        body_layout.addLayout(tiles)
        body_layout.addLayout(charts)
        body_layout.addWidget(self.tables, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.months.editingFinished.connect(self._months_changed)

    # ------------------------------------------------------------------ loading

    def data_changed(self, what: set) -> None:
        if set(what) & {CUSTOMERS, DEFINITIONS, RELATIONSHIPS, CANDIDATES}:
            self.stale = True
            if self.report is not None:
                self.generated.setText(self.generated.text().split(" · ")[0] + " · the data has changed since: "
                                                                                "Refresh")

    def master_changed(self) -> None:
        self.report = None
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.report is None and self.stale:
            self.refresh()

    def _months_changed(self) -> None:
        if self.report is not None and self.report.stale_months != self.months.value():
            self.refresh()

    def refresh(self) -> None:
        months = self.months.value()

        def work(session, progress: Progress) -> QualityReport:
            return quality_report(session, stale_months=months, progress=progress)

        self.refresh_button.setEnabled(False)
        self.generated.setText("Measuring…")
        task = self.window_.db.task(work, title="Measuring data quality…", on_done=self.show_report)
        for signal in (task.signals.failed, task.signals.cancelled):
            signal.connect(lambda *_: (self.refresh_button.setEnabled(True), self.generated.setText("")))

    def show_report(self, report: object) -> None:
        assert isinstance(report, QualityReport)
        self.report = report
        self.stale = False
        self.refresh_button.setEnabled(True)
        self.export_button.setEnabled(True)
        n = report.customers
        self.generated.setText(f"Measured {report.generated_at:%Y-%m-%d %H:%M} UTC")
        self.tiles["customers"].set(n, bad_when_any=False)
        self.tiles["unreachable"].set(report.reach.get("unreachable", 0), n)
        self.tiles["email"].set(report.invalid.get("email", 0))
        self.tiles["phone"].set(report.invalid.get("phone", 0))
        self.tiles["stale"].set(report.stale, n)
        self.tiles["stale"].caption.setText(f"not updated for {report.stale_months} months")
        duplicates = self.tiles["duplicates"]
        if report.duplicates_searched:
            duplicates.set(report.customers_in_open_duplicates, n)
            groups = ReviewCounts(report.open_groups, report.customers_in_open_duplicates, report.open_candidates)
            duplicates.caption.setText(f"customers in {groups.groups_text}")
            duplicates.setToolTip(f"{groups.text()}, from {report.open_candidates:,} possible-duplicate pairs")
        else:
            duplicates.number.setText("–")
            duplicates.caption.setText("duplicates not searched yet")
            duplicates.setToolTip("Find duplicates on the Matching page first")
        metrics: list[Metric] = [*report.fields, *[a for a in report.attributes if a.defined]]
        self.completeness.set_bars([
            Bar(m.label, m.completeness or 0.0, percent(m.completeness), grade(m.completeness),
                f"{m.label}: {m.filled:,} of {m.out_of:,} {BASE_TEXT.get(m.base, m.base)}"
                + (f"; {percent(m.validity)} valid" if m.validity is not None else ""))
            for m in metrics])
        self.status_chart.set_bars([Bar(s["label"], s["count"], f"{s['count']:,}", s["color"] or "#9aa5b1")
                                    for s in report.statuses])
        reach = [("No valid e-mail", "no_email"), ("No valid phone", "no_phone"),
                 ("No postal address", "no_address"), ("No way to reach", "unreachable")]
        self.reach_chart.set_bars([Bar(label, share(report.reach.get(key, 0), n) or 0.0,
                                       f"{report.reach.get(key, 0):,}", FAIR if key != "unreachable" else POOR)
                                   for label, key in reach])
        self.metrics.set_rows([*report.fields, *report.attributes])
        self.sources.set_rows(report.sources)
        self.invalid.set_rows(report.invalid_examples)
        total_invalid = sum(report.invalid.values())
        shown = len(report.invalid_examples)
        self.tables.setTabText(2, f"Invalid contact points ({total_invalid:,})" if total_invalid
                               else "Invalid contact points")
        self.invalid_table.setToolTip(f"The first {shown:,} by name; double-click to correct one"
                                      if shown < total_invalid else "Double-click to correct one")

    # ------------------------------------------------------------------ actions

    def export(self) -> None:
        if self.report is None:
            return
        default = str(data_dir() / f"quality-{self.report.generated_at:%Y-%m-%d}.xlsx")
        path, _filter = QFileDialog.getSaveFileName(self, "Export quality report", default,
                                                    "Excel workbook (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".xlsx")
        try:
            write_report(self.report, target)
        except WorkbenchError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.window_.statusBar().showMessage(f"Quality report written to {target}", 8000)

    def _open_invalid(self, index) -> None:
        item = self.invalid.row(index.row())
        if item is not None:
            from workbench.ui.customer_editor.dialog import open_customer_editor

            open_customer_editor(self.window_, item.customer_id, on_open=lambda editor: editor.tabs.setCurrentIndex(1))

