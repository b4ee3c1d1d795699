"""How long a verdict takes on the Duplicates page, from the key press to the next group shown.

    QT_QPA_PLATFORM=offscreen python tests/review_timing.py [MASTER_URL] [ROWS]

Builds a demo master (default: a temporary SQLite file, 5,000 records), then times verdicts,
undo and navigation through the page's own actions, and a bulk merge and its undo.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))


def main(url: str | None, rows: int) -> int:
    home = Path(tempfile.mkdtemp(prefix="workbench-timing-"))
    os.environ["WORKBENCH_HOME"] = str(home)
    from PySide6.QtCore import QSettings
    from review_data import review_master

    from workbench.stewardship import bulk
    from workbench.store.master import open_master
    from workbench.ui.app import make_application
    from workbench.ui.main_window import MainWindow

    app = make_application()
    master = review_master(open_master(url or home / "timing.sqlite"), rows=rows, false_pairs=rows // 20)
    window = MainWindow(master, QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()
    window.show_page("duplicates")

    def settle() -> None:
        """Until the change is applied and the next group read and shown (they run off this thread)."""
        while not window.runner.idle:
            app.processEvents()

    settle()
    page = window.registry.pages.duplicates
    print(f"{rows:,} records, {page.queue_model.rowCount():,} groups to review, {master.url.get_backend_name()}")

    def timed(label: str, action, repeat: int) -> None:
        shown, painted = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            action()
            settle()
            shown.append((time.perf_counter() - start) * 1000)
            app.processEvents()
            painted.append((time.perf_counter() - start) * 1000)
        print(f"{label:<16} next group ready: median {statistics.median(shown):4.0f} ms, max {max(shown):4.0f} ms; "
              f"painted: median {statistics.median(painted):4.0f} ms")

    timed("merge", page.merge_action.trigger, 15)
    timed("not a duplicate", page.reject_action.trigger, 10)
    timed("defer", page.defer_action.trigger, 10)
    timed("skip", page.skip_action.trigger, 10)
    timed("undo", window.undo_action.trigger, 10)
    timed("next", page.next, 10)
    with master.session() as session:
        groups = bulk.auto_merge_groups(session, 10)
    start = time.perf_counter()
    result = bulk.merge_groups(master, groups)
    merged = time.perf_counter() - start
    start = time.perf_counter()
    bulk.unmerge_all(master, result.event_ids)
    undone = time.perf_counter() - start
    print(f"bulk merge of {len(groups):,} groups: {merged:.1f} s ({len(groups) / merged:.0f} groups/s); "
          f"undoing it: {undone:.1f} s")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None,
                          int(sys.argv[2]) if len(sys.argv) > 2 else 5000))
