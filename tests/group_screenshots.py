"""Screenshots of the Duplicates page on a 3-, a 12- and a 40-record group of one customer in 15 systems.

    QT_QPA_PLATFORM=offscreen python tests/group_screenshots.py OUTPUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="workbench-group-shots-"))
    os.environ["WORKBENCH_HOME"] = str(home)
    from group_data import many_systems_group
    from PySide6.QtCore import QSettings
    from sqlalchemy import select

    from workbench.store.master import open_master
    from workbench.store.models import MatchCandidate
    from workbench.ui.app import make_application
    from workbench.ui.main_window import MainWindow

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    master = open_master(home / "groups.sqlite")
    groups = {size: many_systems_group(master, size) for size in (3, 12, 40)}
    with master.session() as session:
        keys = {size: session.scalar(select(MatchCandidate.cluster_id).where(
            MatchCandidate.customer_a_id == ids[0])) for size, ids in groups.items()}
    window = MainWindow(master, QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()

    def settle() -> None:
        """Until the window's reads have answered and what they brought is laid out."""
        while not window.runner.idle:
            app.processEvents()
        for _ in range(20):
            app.processEvents()

    settle()
    window.show_page("duplicates")
    page = window.registry.pages.duplicates
    for size, key in keys.items():
        page.show_group(key)
        settle()
        window.grab().save(str(out / f"duplicates-group-{size}-1280x800.png"))
    page.show_group(keys[40])
    settle()
    view = page.group_view
    view.table.scrollTo(view.model.index(view.model.rowCount() // 2, 1))
    settle()
    window.grab().save(str(out / "duplicates-group-40-contact-1280x800.png"))
    row = next(r for r in range(view.model.rowCount()) if view.model.holders(r) and view.model.lines[r].kind == "value"
               and view.model.field_of(r).label == "Last name" and len(view.model.holders(r)) < 40)
    view.table.show_holders.emit(row)
    settle()
    window.grab().save(str(out / "duplicates-group-40-records-1280x800.png"))
    window.close()
    master.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
