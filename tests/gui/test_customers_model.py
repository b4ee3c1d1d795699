"""The paged customers model: correct as a Qt model, lazy, sorted and searched in SQL."""

from PySide6.QtCore import Qt

from workbench.sample.generator import generate
from workbench.sample.load import load_sample
from workbench.ui.customers_model import (
    COL_EMAIL,
    COL_NAME,
    COL_NUMBER,
    PAGE_SIZE,
    CustomerIdRole,
    CustomersModel,
)


def test_model_passes_the_qt_model_tester(qtmodeltester, sqlite_master):
    load_sample(sqlite_master, generate(60, seed=1))
    model = CustomersModel(sqlite_master)
    qtmodeltester.check(model)
    model.set_search("gmail")
    qtmodeltester.check(model)


def test_model_fetches_only_the_pages_it_shows(sqlite_master):
    load_sample(sqlite_master, generate(PAGE_SIZE * 3, seed=2))
    model = CustomersModel(sqlite_master)
    assert model.rowCount() == PAGE_SIZE * 3
    assert model.index(0, COL_NAME).data()
    assert model.index(PAGE_SIZE * 2 + 5, COL_NUMBER).data().startswith("C-")
    assert set(model._pages) == {0, 2}


def test_sorting_and_search_run_in_sql(sqlite_master):
    load_sample(sqlite_master, generate(150, seed=3))
    model = CustomersModel(sqlite_master)
    model.sort(COL_EMAIL, Qt.SortOrder.AscendingOrder)
    emails = [model.index(r, COL_EMAIL).data() for r in range(model.rowCount())]
    non_empty = [e for e in emails if e]
    assert non_empty == sorted(non_empty)
    any_email = non_empty[len(non_empty) // 2]
    model.set_search(any_email)
    assert model.rowCount() >= 1
    assert any_email in {model.index(r, COL_EMAIL).data() for r in range(model.rowCount())}
    assert isinstance(model.index(0, 0).data(CustomerIdRole), int)


def test_an_empty_master_gives_an_empty_model(qtmodeltester, sqlite_master):
    model = CustomersModel(sqlite_master)
    qtmodeltester.check(model)
    assert model.rowCount() == 0
