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
    assert set(model._rows.pages) == {0, 2}


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


def test_a_failing_query_leaves_an_empty_list_and_a_logged_traceback(sqlite_master, caplog):
    from workbench.ui.paging import PagedRows

    rows: PagedRows[int] = PagedRows(page_size=10, max_pages=2)
    assert rows.reload(sqlite_master, lambda _session: 25) == 25

    def broken(_session, _offset, _limit):
        raise RuntimeError("disk I/O error")

    assert rows.row(sqlite_master, 12, broken) is None
    assert rows.failed and "reading page 1 of the list failed" in caplog.text and "disk I/O error" in caplog.text
    assert rows.row(sqlite_master, 3, lambda _s, offset, limit: list(range(offset, offset + limit))) is None
    assert rows.reload(sqlite_master, lambda _session: 25) == 25 and not rows.failed  # a fresh count tries again
    assert [rows.row(sqlite_master, i, lambda _s, o, n: list(range(o, min(o + n, 25)))) for i in (3, 24, 25)] \
        == [3, 24, None]
    rows.row(sqlite_master, 14, lambda _s, o, n: list(range(o, o + n)))
    assert list(rows.pages) == [2, 1]  # only the two most recently used pages are kept
