"""The Customers list after a real import: every stored export layout imported, duplicates found.

    QT_QPA_PLATFORM=offscreen python tests/customers_screenshots.py OUTPUT_DIR
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
LAYOUTS = Path(__file__).parent / "data" / "import_layouts"


def build(db: Path) -> None:
    def cli(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), *args], check=True,
                       stdout=subprocess.DEVNULL)

    for folder in sorted(LAYOUTS.iterdir()):
        files = [f for f in folder.iterdir() if f.name != "expected.json"] if folder.is_dir() else []
        for file in files:
            cli("import", str(file))
    cli("match")


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="workbench-customers-shots-"))
    os.environ["WORKBENCH_HOME"] = str(home)
    build(home / "imported.sqlite")
    from PySide6.QtCore import QSettings

    from workbench.store.master import open_master
    from workbench.ui.app import make_application
    from workbench.ui.main_window import MainWindow

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(open_master(home / "imported.sqlite"),
                        QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()

    def settle() -> None:
        """Until the window's reads have answered and what they brought is laid out."""
        while not window.runner.idle:
            app.processEvents()
        for _ in range(20):
            app.processEvents()

    settle()
    window.show_page("customers")
    page = window.customers_page
    page.table.selectRow(3)
    settle()
    window.grab().save(str(out / "customers-imported-1280x800.png"))
    window.resize(1920, 1080)
    settle()
    window.grab().save(str(out / "customers-imported-1920x1080.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
