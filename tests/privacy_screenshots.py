"""Screenshots of the privacy screens with realistic data: a subject access page, the erasure
preview and the inactive customers on the Data quality page.

    QT_QPA_PLATFORM=offscreen python tests/privacy_screenshots.py OUTPUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent / "privacy"))


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="workbench-shots-"))
    os.environ["WORKBENCH_HOME"] = str(home)
    from privacy_master import build
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from workbench.privacy.erasure import preview
    from workbench.privacy.people import person
    from workbench.privacy.subject import write_zip
    from workbench.store.master import open_master
    from workbench.ui.app import make_application
    from workbench.ui.main_window import MainWindow
    from workbench.ui.privacy.dialogs import ErasureDialog

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    path, _files, facts = build(home / "jan")
    master = open_master(path)
    with master.session() as session:
        who = person(session, facts["survivor"])
        plan = preview(session, [who.id])
    archive = home / "jan.zip"
    write_zip(master, who, archive)
    with zipfile.ZipFile(archive) as opened:
        page = opened.read(f"{who.master_number}.html").decode("utf-8")

    browser = QTextBrowser()
    browser.setHtml(page)
    browser.resize(1280, 800)
    browser.show()
    app.processEvents()
    browser.grab().save(str(out / "subject-access-1280x800.png"))
    browser.close()

    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("backup/automatic", "false")
    window = MainWindow(master, settings)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    dialog = ErasureDialog(plan, window)
    dialog.reason.setText("request by e-mail of 3 May")
    dialog.show()
    dialog.move(window.geometry().center() - dialog.rect().center())
    app.processEvents()
    dialog.grab().save(str(out / "erase-preview.png"))
    dialog.close()

    # Two years on, nobody of the demo master has done anything since: the retention list.
    from datetime import timedelta

    from workbench.privacy.retention import inactive
    from workbench.store.models import utcnow

    with master.session() as session:
        rows = inactive(session, years=2, now=utcnow() + timedelta(days=2 * 365 + 30))
    window.show_page("quality")
    quality, privacy = window.registry.pages.quality, window.registry.panels.privacy
    quality.tables.setCurrentWidget(privacy.retention)
    privacy.retention.show_rows(rows, 24)
    import time

    deadline = time.monotonic() + 60
    while (window.runner.busy or time.monotonic() < deadline - 58) and time.monotonic() < deadline:
        app.processEvents()  # the page's figures are measured in the background
        time.sleep(0.05)
    app.processEvents()
    window.grab().save(str(out / "quality-inactive-1280x800.png"))

    file_menu = window.menuBar().actions()[0].menu()
    file_menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
    app.processEvents()
    file_menu.grab().save(str(out / "file-menu.png"))
    file_menu.close()

    # A customer chosen in the list: the Edit menu and the context menu offer what privacy adds.
    window.show_page("customers")
    page = window.customers_page
    deadline = time.monotonic() + 30
    while page.model.rowCount() == 0 and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    page.table.selectRow(0)
    app.processEvents()
    edit_menu = window.menuBar().actions()[1].menu()
    edit_menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
    app.processEvents()
    edit_menu.grab().save(str(out / "edit-menu.png"))
    edit_menu.close()
    from PySide6.QtWidgets import QMenu

    context = QMenu(page.table)
    context.addActions(list(window.registry.customer_actions()))
    context.popup(page.table.viewport().mapToGlobal(page.table.visualRect(page.model.index(0, 1)).center()))
    app.processEvents()
    context.grab().save(str(out / "customer-context-menu.png"))
    context.close()
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/shots")))
