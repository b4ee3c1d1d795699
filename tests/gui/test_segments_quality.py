"""Segments in the customers view, and the data-quality panel with its report."""

import csv

import pytest
from definitions_gui_support import customers_column, make_window, seed, wait_idle
from PySide6.QtWidgets import QDialog, QFileDialog

from workbench.definitions.segments import segment_filter
from workbench.ui.charts import Bar, BarChart
from workbench.ui.customers_model import COL_NAME
from workbench.ui.definitions.segment_dialog import SegmentDialog


@pytest.fixture
def window(qtbot, sqlite_master, tmp_path):
    ids = seed(sqlite_master)
    window = make_window(qtbot, sqlite_master, tmp_path)
    window.ids = ids
    return window


def test_choosing_a_status_filters_the_customers_list(qtbot, window):
    chooser = window.registry.panels.segment_chooser
    labels = [chooser.itemText(i) for i in range(chooser.count())]
    assert labels[0] == "All customers" and "Status: Former customer" in labels and "Status: No status" in labels
    index = chooser.findText("Status: Former customer")
    chooser.setCurrentIndex(index)
    chooser.activated.emit(index)
    wait_idle(qtbot, window)
    assert customers_column(window, COL_NAME) == ["Åsa Lindqvist"]
    assert window.customers_page.result_label.text() == "1 customer found"
    chooser.activated.emit(0)
    wait_idle(qtbot, window)
    assert len(customers_column(window, COL_NAME)) == 4


def test_saving_a_segment_from_the_chooser_and_using_it(qtbot, window, monkeypatch):
    chooser = window.registry.panels.segment_chooser

    def fill(dialog: SegmentDialog) -> int:
        dialog.name.setText("Berlin households")
        dialog.regions.setText("")
        dialog.countries.setText("Atlantis")
        wait_idle(qtbot, window)
        assert "Unknown country" in dialog.countries_problem.text()
        dialog.countries.setText("Deutschland")
        dialog.statuses.boxes["customer"].setChecked(True)
        dialog.statuses.boxes["known prospect"].setChecked(True)
        qtbot.waitUntil(lambda: "<b>2</b> customers match" in dialog.count_label.text(), timeout=5000)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SegmentDialog, "exec", fill)
    new = chooser.findText("Save as a new segment…")
    chooser.activated.emit(new)
    wait_idle(qtbot, window)
    assert sorted(customers_column(window, COL_NAME)) == ["Jonas Müller-Lüdenscheidt", "Zoë Müller-Lüdenscheidt"]
    assert chooser.currentText() == "Berlin households"
    with window.master.session() as session:
        saved = segment_filter(session, "berlin households")
    assert saved.countries == ("DE",) and set(saved.statuses) == {"customer", "known prospect"}
    chooser.activated.emit(0)
    window.show_page("definitions")
    window.registry.pages.definitions.show_tab("segments")
    wait_idle(qtbot, window)
    tab = window.registry.pages.definitions.segments
    assert tab.model.data(tab.model.index(0, 2)) == "2"
    tab.table.selectRow(0)
    tab.show_button.click()
    wait_idle(qtbot, window)
    assert len(customers_column(window, COL_NAME)) == 2 and chooser.currentText() == "Berlin households"


def test_the_quality_panel_measures_and_exports(qtbot, window, monkeypatch, tmp_path, qtmodeltester):
    window.show_page("quality")
    wait_idle(qtbot, window)
    page = window.registry.pages.quality
    assert page.report is not None and page.report.customers == 4
    assert page.tiles["customers"].number.text().endswith(">4</span>")
    assert page.report.reach["no_email_or_phone"] == 1  # Jonas has only his postal address
    assert ">0</span>" in page.tiles["unreachable"].number.text()
    assert [b.label for b in page.status_chart.bars][:2] == ["Customer", "Former customer"]
    assert page.completeness.bars[0].label == "Name (or company)"
    for model in (page.metrics, page.sources, page.invalid):
        qtmodeltester.check(model)
    target = tmp_path / "report.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    page.export()
    with target.open(encoding="utf-8-sig") as handle:
        assert ["Summary", "Customers", "4", "", ""] in list(csv.reader(handle))

    page.months.setValue(1)
    page.months.editingFinished.emit()
    wait_idle(qtbot, window)
    assert page.report.stale_months == 1
    window.data_changed.emit({"customers"})
    assert "changed since" in page.generated.text()
    wait_idle(qtbot, window)


def test_bar_chart_sizes_itself_to_its_bars(qtbot):
    chart = BarChart("Completeness", maximum=1.0)
    qtbot.addWidget(chart)
    empty = chart.sizeHint().height()
    chart.set_bars([Bar("E-mail", 0.78, "78%"), Bar("Phone", 0.5, "50%"), Bar("A very long field label " * 3, 1,
                                                                           "100%")])
    chart.resize(400, chart.sizeHint().height())
    assert chart.sizeHint().height() > empty
    assert chart.bar_at(chart._title_height() + 23).label == "Phone"
    assert chart.bar_at(1) is None
    chart.grab()  # paints without error, labels elided
