"""Opening a 1,000,000-customer master and showing the first screen; searching it."""

from __future__ import annotations

import os
import statistics
import time

from common import big_master, median_time

ROWS = int(os.environ.get("BENCH_OPEN_ROWS", "1000000"))


def main() -> None:
    started = time.perf_counter()
    path = big_master(ROWS)
    print(f"   master with {ROWS:,} customers ready ({time.perf_counter() - started:.1f} s; cached in bench-data/)")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.store.master import open_master
    from workbench.store.queries import CustomerListQuery
    from workbench.ui.app import make_application
    from workbench.ui.main_window import MainWindow

    app = make_application()
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    shown = []
    busy = 0  # openings where the daily status update was still running in the background
    for _ in range(5):
        t0 = time.perf_counter()
        master = open_master(path)
        window = MainWindow(master, settings)
        window.resize(1280, 800)
        window.show()
        model = window.customers_page.model
        while model.loading or window.central.currentWidget() is not window.workspace:
            app.processEvents()  # the count and the first rows are read in the background
        app.processEvents()
        window.grab()  # the first screen is painted with the rows it shows
        shown.append(time.perf_counter() - t0)
        busy += window.runner.busy
        window.runner.cancel_all()
        window.runner.wait(60_000)
        window.close()
        QApplication.processEvents()
    if busy:
        print(f"   (in {busy} of 5 openings the daily status update was running in the background; cancelled)")
    print(f"   open master + first screen painted: median {statistics.median(shown) * 1000:.0f} ms "
          f"(min {min(shown) * 1000:.0f}, max {max(shown) * 1000:.0f})")

    master = open_master(path)
    with master.session() as session:
        for label, query in [
            ("scroll to the middle (sorted by name)", None),
            ("search a surname", CustomerListQuery(text="müller")),
            ("search a first and last name prefix", CustomerListQuery(text="anna schm")),
            ("search an e-mail", CustomerListQuery(text="example.com")),
            ("search a phone prefix", CustomerListQuery(text="0151 234")),
            ("search a master number", CustomerListQuery(text="C-512345")),
            ("sort by city, descending", CustomerListQuery(sort="city", descending=True)),
        ]:
            if query is None:
                q = CustomerListQuery()
                seconds, rows = median_time(lambda q=q: q.rows(session, ROWS // 2, 200))
                print(f"   {label}: median {seconds * 1000:.0f} ms for a page of {len(rows)}")
                continue
            seconds, (count, rows) = median_time(lambda q=query: (q.count(session), q.rows(session, 0, 200)))
            print(f"   {label}: median {seconds * 1000:.0f} ms ({count:,} found, first page of {len(rows)})")
    master.close()
