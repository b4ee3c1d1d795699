"""Screenshots of the Matching page with realistic data, at two window sizes.

    QT_QPA_PLATFORM=offscreen python tests/screenshots_matching.py OUTPUT_DIR
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

    from workbench.matching import run_matching
    from workbench.sample.generator import generate
    from workbench.sample.load import load_sample
    from workbench.store.master import open_master
    from workbench.ui.app import make_application
    from workbench.ui.main_window import MainWindow

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    master = open_master(home / "demo.sqlite")
    load_sample(master, generate(3000, seed=11))
    window = MainWindow(master, settings)
    window.show_page("matching")
    window.resize(1280, 800)
    window.show()

    def settle() -> None:
        while not window.runner.idle:
            app.processEvents()
        for _ in range(10):
            app.processEvents()

    settle()
    window.grab().save(str(out / "matching-before-1280x800.png"))
    run_matching(master)
    window.registry.pages.matching.reload()
    window.update_counts()
    for width, height in ((1280, 800), (1920, 1080)):
        window.resize(width, height)
        settle()
        window.grab().save(str(out / f"matching-{width}x{height}.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots")))
