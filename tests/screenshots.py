"""Screenshots of the main screens with realistic data, for the README and for looking at changes.

    QT_QPA_PLATFORM=offscreen python tests/screenshots.py OUTPUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="workbench-shots-"))
    os.environ["WORKBENCH_HOME"] = str(home)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.sample.generator import generate
    from workbench.sample.load import load_sample
    from workbench.store.master import open_master
    from workbench.ui.app import make_application
    from workbench.ui.main_window import MainWindow

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)

    def settle(window) -> None:
        """Until the window's reads have answered and what they brought is laid out."""
        while not window.runner.idle:
            app.processEvents()
        for _ in range(20):
            app.processEvents()

    empty = MainWindow(open_master(home / "empty.sqlite"), settings)
    empty.resize(1280, 800)
    empty.show()
    settle(empty)
    empty.grab().save(str(out / "welcome.png"))
    empty.close()

    master = open_master(home / "demo.sqlite")
    load_sample(master, generate(3000, seed=11))
    window = MainWindow(master, settings)
    for width, height in ((1280, 800), (1920, 1080)):
        window.resize(width, height)
        window.show()
        page = window.customers_page
        page.search.setText("")
        page.apply_search()
        settle(window)
        page.select_customer_row(3)
        settle(window)
        window.grab().save(str(out / f"customers-{width}x{height}.png"))
    page.search.setText("müller")
    page.apply_search()
    settle(window)
    page.select_customer_row(0)
    settle(window)
    window.grab().save(str(out / "customers-search.png"))

    # every other page on the same data, after a real match run
    from workbench.matching import run_matching

    run_matching(master)
    window.data_changed.emit({"candidates", "customers"})
    window.resize(1280, 800)
    for key in window.pages:
        if key == "customers":
            continue
        window.show_page(key)
        settle(window)  # the quality figures are measured in the background
        window.grab().save(str(out / f"page-{key}-1280x800.png"))
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots")))
