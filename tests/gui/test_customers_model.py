"""The paged customers model: correct as a Qt model, lazy, sorted and searched in SQL, read through
the window's queue without ever blanking the rows it shows."""

import pytest
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
from workbench.ui.db import Database


@pytest.fixture
def db(qtbot, sqlite_master):
    database = Database(sqlite_master)
    yield database
    database.runner.wait()


def settle(qtbot, db):
    qtbot.waitUntil(lambda: db.runner.idle, timeout=10_000)


def all_rows(qtbot, db, model, column):
    """Every row's cell, once the pages holding them have arrived."""
    for row in range(model.rowCount()):
        model.index(row, column).data()  # asks for its page
    settle(qtbot, db)
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_model_passes_the_qt_model_tester(qtbot, qtmodeltester, db, sqlite_master):
    load_sample(sqlite_master, generate(60, seed=1))
    model = CustomersModel(db)
    settle(qtbot, db)
    qtmodeltester.check(model)
    model.set_search("gmail")
    settle(qtbot, db)
    qtmodeltester.check(model)


def test_model_fetches_only_the_pages_near_what_it_shows(qtbot, db, sqlite_master):
    load_sample(sqlite_master, generate(PAGE_SIZE * 5, seed=2))
    model = CustomersModel(db)
    assert model.rowCount() == 0 and model.loading  # nothing blocks: the count is on its way
    with qtbot.waitSignal(model.loaded):
        pass
    assert model.rowCount() == PAGE_SIZE * 5 and set(model._rows.pages) == {0}  # the first page came with it
    assert model.index(0, COL_NAME).data()
    wanted = PAGE_SIZE * 3 + 5
    assert model.index(wanted, COL_NUMBER).data() is None  # not here yet: blank, and asked for
    # Pages read ahead may answer first, each with its own dataChanged: wait for the one holding the row.
    with qtbot.waitSignal(model.dataChanged, check_params_cb=lambda top, bottom, *_: top.row() <= wanted
                          <= bottom.row()):
        pass
    assert model.index(wanted, COL_NUMBER).data().startswith("C-")
    settle(qtbot, db)
    assert set(model._rows.pages) == {0, 1, 2, 3, 4}  # and the pages beside those looked at, read ahead


def test_a_new_query_replaces_the_rows_only_when_they_are_there(qtbot, db, sqlite_master):
    load_sample(sqlite_master, generate(150, seed=5))
    model = CustomersModel(db)
    settle(qtbot, db)
    first = model.index(0, COL_NAME).data()
    resets = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.set_search("@")
    assert model.index(0, COL_NAME).data() == first and not resets  # the old rows stay meanwhile
    settle(qtbot, db)
    assert len(resets) == 1 and model.rowCount() > 0


def test_sorting_and_search_run_in_sql(qtbot, db, sqlite_master):
    load_sample(sqlite_master, generate(150, seed=3))
    model = CustomersModel(db)
    model.sort(COL_EMAIL, Qt.SortOrder.AscendingOrder)
    settle(qtbot, db)
    emails = all_rows(qtbot, db, model, COL_EMAIL)
    non_empty = [e for e in emails if e]
    assert non_empty == sorted(non_empty)
    any_email = non_empty[len(non_empty) // 2]
    model.set_search(any_email)
    settle(qtbot, db)
    assert model.rowCount() >= 1
    assert any_email in set(all_rows(qtbot, db, model, COL_EMAIL))
    assert isinstance(model.index(0, 0).data(CustomerIdRole), int)


def test_an_empty_master_gives_an_empty_model(qtbot, qtmodeltester, db):
    model = CustomersModel(db)
    settle(qtbot, db)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_a_failing_query_leaves_an_empty_list_and_a_logged_traceback(qtbot, db, caplog):
    from workbench.ui.paging import PagedRows, take_snapshot

    rows: PagedRows[int] = PagedRows(page_size=10, max_pages=2)

    def pages(offset, limit, end=25):
        return list(range(offset, min(offset + limit, end)))

    def broken(_session, _offset, _limit):
        raise RuntimeError("disk I/O error")

    def reload(read):
        rows.reload(db, lambda session: take_snapshot(session, lambda _s: 25, read, 10, [0]),
                    lambda snapshot: rows.adopt(snapshot, read), key="test")
        settle(qtbot, db)

    reload(broken)
    assert rows.failed and rows.count == 0
    assert "counting the list failed" in caplog.text and "disk I/O error" in caplog.text
    reload(lambda _s, o, n: pages(o, n))
    assert rows.count == 25 and not rows.failed  # a fresh snapshot tries again
    rows.adopt(rows_snapshot := take_snapshot(None, lambda _s: 25, lambda _s, o, n: pages(o, n), 10, [0]), broken)
    assert rows_snapshot.pages == {0: list(range(10))}
    assert rows.row(12) is None  # page 1 is asked for, and fails
    settle(qtbot, db)
    assert rows.failed and "reading page 1 of the list failed" in caplog.text
    reload(lambda _s, o, n: pages(o, n))
    assert [rows.row(i) for i in (3, 24, 25)] == [3, None, None]  # page 2 is on its way
    settle(qtbot, db)
    assert rows.row(24) == 24
    rows.row(14)
    settle(qtbot, db)
    assert len(rows.pages) == 2 and 1 in rows.pages  # only the two most recently used pages are kept
