"""Screenshots of the export dialog with realistic data, to look at after each change.

    QT_QPA_PLATFORM=offscreen python tests/screenshots_export.py OUTPUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="workbench-export-shots-"))
    os.environ["WORKBENCH_HOME"] = str(home)
    from export_helpers import add_customer
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.sample.generator import generate
    from workbench.sample.load import load_sample
    from workbench.store.filters import CustomerFilter
    from workbench.store.master import open_master
    from workbench.store.models import Segment
    from workbench.ui.app import make_application
    from workbench.ui.export_action import open_export_dialog
    from workbench.ui.main_window import MainWindow

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    master = open_master(home / "demo.sqlite")
    add_customer(master, first="Maximiliane-Friederike", last="von Hohenzollern-Sigmaringen-Württemberg",
                 company="Bäckerei & Konditorei Müller-Lüdenscheidt GmbH & Co. KG", consent="granted",
                 emails=[("maximiliane.friederike.von.hohenzollern@baeckerei-mueller-luedenscheidt.example", "work")],
                 phones=[("+4915112345678", "mobile")],
                 addresses=[{"kind": "home", "street": "Große Brüderstraße 117, Hinterhaus, 3. OG links",
                             "city": "Mönchengladbach", "postcode": "41061", "country": "DE"}])
    add_customer(master, first="=HYPERLINK(\"http://x\")", last="Ńowak", consent="granted",
                 emails=[("nowak@example.pl", "home")])
    load_sample(master, generate(3000, seed=11))
    with master.transaction() as session:
        session.add(Segment(name="German VIPs", filter=CustomerFilter(countries=("DE",)).to_json()))
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(master, settings)
    for width, height in ((1280, 800), (1920, 1080)):
        window.resize(width, height)
        window.show()
        dialog = open_export_dialog(window)
        dialog.resize(int(width * 0.92), int(height * 0.9))
        for preset in ("mailchimp", "csv", "vcard4"):
            dialog.preset.setCurrentIndex(dialog.preset.findData(preset))
            while not window.runner.idle:  # the preview is read in the background
                app.processEvents()
            app.processEvents()
            dialog.grab().save(str(out / f"export-{preset}-{width}x{height}.png"))
        dialog.preset.setCurrentIndex(dialog.preset.findData("mailchimp"))
        dialog.path.setText(str(home / "mailchimp.csv"))
        dialog.start_export()
        while dialog.task is not None:
            app.processEvents()
        app.processEvents()
        dialog.grab().save(str(out / f"export-summary-{width}x{height}.png"))
        dialog.summary.setVisible(False)
        dialog.close()
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots")))
