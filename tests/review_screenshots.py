"""Screenshots of the Duplicates page (a pair, a 4-record cluster) and the customer history panel.

    QT_QPA_PLATFORM=offscreen python tests/review_screenshots.py OUTPUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="workbench-review-shots-"))
    os.environ["WORKBENCH_HOME"] = str(home)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from review_data import hard_cases, review_master

    from workbench.stewardship.queue import GROUP_KEY  # noqa: F401 - keeps the import cost out of the timing
    from workbench.store.master import open_master
    from workbench.store.models import MatchCandidate
    from workbench.ui.app import make_application
    from workbench.ui.main_window import MainWindow

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    master = review_master(open_master(home / "demo.sqlite"), rows=600, seed=11, false_pairs=25)
    cluster, pair = hard_cases(master)
    with master.session() as session:
        def key_of(customer_id: int) -> int:
            candidate = session.query(MatchCandidate).filter(MatchCandidate.customer_a_id == customer_id).first()
            return candidate.cluster_id if candidate.cluster_id is not None else -candidate.id

        cluster_key, pair_key = key_of(cluster[0]), key_of(pair[0])

    window = MainWindow(master, settings)
    window.show()

    def settle() -> None:
        """Until the window's reads and changes have answered, and what they brought is laid out."""
        while not window.runner.idle:
            app.processEvents()
        for _ in range(10):
            app.processEvents()

    settle()
    window.show_page("duplicates")
    page = window.registry.pages.duplicates
    for width, height in ((1280, 800), (1920, 1080)):
        window.resize(width, height)
        for name, key in (("pair", pair_key), ("cluster", cluster_key)):
            page.show_group(key)
            page.comparison_view.setFocus()
            settle()
            window.grab().save(str(out / f"duplicates-{name}-{width}x{height}.png"))
    from workbench.stewardship import bulk, survivorship
    from workbench.ui.review.bulk_dialog import BulkMergeDialog
    from workbench.ui.review.rules_dialog import RulesDialog

    with master.session() as session:
        rules = RulesDialog(survivorship.load_settings(session), survivorship.source_trust(session), window)
    rules.show()
    settle()
    rules.grab().save(str(out / "survivorship-rules.png"))
    rules.close()

    def make_preview(score: float, deliver) -> None:
        with master.session() as session:
            deliver(bulk.preview(session, score))

    dialog = BulkMergeDialog(9.0, make_preview, window)
    dialog.show()
    settle()
    dialog.grab().save(str(out / "bulk-merge.png"))
    dialog.close()

    page.filters.min_score.setValue(999)
    settle()
    window.grab().save(str(out / "duplicates-filtered-empty.png"))
    page.filters.min_score.setValue(page.filters.min_score.minimum())
    page.show_group(pair_key)
    settle()
    page.merge()
    settle()
    window.show_page("customers")
    window.customers_page.search.setText(f"C-{pair[1]:06d}")
    window.customers_page.apply_search()
    settle()
    history = getattr(window.customers_page, "side_tabs", None)
    if history is not None:
        history.setCurrentIndex(history.count() - 1)
    settle()
    window.grab().save(str(out / "customer-history.png"))
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots")))
