"""Screenshots of the import dialog with realistic files, to look at after every change.

    QT_QPA_PLATFORM=offscreen python tests/import_screenshots.py OUTPUT_DIR
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MESSY_HEADER = ["Kundennr", "Anrede", "Vorname", "Nachname", "Firma", "E-Mail", "Telefon", "Handy",
                "Straße", "PLZ", "Ort", "Land", "Geburtstag", "Kunde seit", "Umsatz", "Newsletter",
                "Lieblingsfarbe", "Bemerkung"]


def messy_rows(count: int) -> list[list[str]]:
    from workbench.sample.generator import generate

    rows = []
    for number, record in enumerate(generate(count, seed=4).records, start=1):
        values = dict(record.pairs)
        first, last = values.get("first_name", ""), values.get("last_name", "")
        if not (first or last) and values.get("full_name"):
            first, _, last = values["full_name"].partition(" ")
        rows.append([f"K-{10000 + number}", "Frau" if number % 3 else "Herr", first, last, values.get("company", ""),
                     values.get("email", "") or values.get("email:work", ""), values.get("phone", ""),
                     values.get("mobile", ""), values.get("street", "") or values.get("street:billing", ""),
                     values.get("postcode", "") or values.get("postcode:billing", ""),
                     values.get("city", "") or values.get("city:billing", ""),
                     values.get("country", "") or values.get("country:billing", ""),
                     values.get("birth_date", ""), values.get("created_at", "")[:10], values.get("total_spent", ""),
                     "ja" if number % 4 else "nein", ["Blau", "", "Grün", "Dunkelrot"][number % 4],
                     "Stammkunde seit der Eröffnung, bevorzugt Lieferung samstags" if number % 7 == 0 else ""])
    rows[3][2] = rows[3][3] = rows[3][5] = rows[3][6] = rows[3][7] = rows[3][4] = ""  # nothing to identify
    rows[5][3] = "Müller-Lüdenscheidt von und zu Hohenstein-Ernstthal"
    return rows


def write_messy_csv(path: Path, count: int = 400) -> Path:
    with path.open("w", encoding="cp1252", errors="replace", newline="") as handle:
        handle.write("Kundenliste Filiale Mitte;;;\r\nStand: 01.03.2024;;;\r\n;;;\r\n")
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(MESSY_HEADER)
        writer.writerows(messy_rows(count))
        handle.write("Summe;;;;;;;;;;;;;;12.345,67\r\n")
    return path


def wait(app, condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        app.processEvents()
        time.sleep(0.02)
        if time.monotonic() > deadline:
            raise TimeoutError("the import dialog did not finish in time")


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="workbench-import-shots-"))
    os.environ["WORKBENCH_HOME"] = str(home)
    from PySide6.QtCore import QSettings

    from workbench.sample.generator import generate
    from workbench.sample.load import load_sample
    from workbench.store.master import open_master
    from workbench.ui.app import make_application
    from workbench.ui.main_window import MainWindow

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    master = open_master(home / "demo.sqlite")
    load_sample(master, generate(500, seed=2))
    window = MainWindow(master, settings)
    window.show()
    file = write_messy_csv(home / "Kundenliste Filiale Mitte.csv")
    for width, height in ((1280, 800), (1920, 1080)):
        window.resize(width, height)
        dialog = window.registry.panels.importer.open_files([file])
        dialog.resize(int(width * 0.85), int(height * 0.85))
        wait(app, lambda dialog=dialog: dialog.plan is not None and not dialog.busy)
        dialog.grab().save(str(out / f"import-mapping-{width}x{height}.png"))
        dialog.start_import(dry_run=True)
        wait(app, lambda dialog=dialog: not dialog.busy)
        dialog.grab().save(str(out / f"import-dry-run-{width}x{height}.png"))
        dialog.close_button.click()
        app.processEvents()
    layouts = Path(__file__).parent / "data" / "import_layouts"
    for name in ("hubspot_contacts", "google_contacts", "handmade_fichier_clients_fr"):
        example = next(p for p in (layouts / name).iterdir() if p.name != "expected.json")
        dialog = window.registry.panels.importer.open_files([example])
        dialog.resize(1280, 800)
        wait(app, lambda dialog=dialog: dialog.plan is not None and not dialog.busy)
        dialog.grab().save(str(out / f"import-layout-{name}-1280x800.png"))
        dialog.close_button.click()
        app.processEvents()
    dialog = window.registry.panels.importer.open_files([file])
    dialog.resize(1100, 700)
    wait(app, lambda: dialog.plan is not None and not dialog.busy)
    dialog.start_import(dry_run=False)
    wait(app, lambda: not dialog.busy and dialog.result is not None)
    dialog.grab().save(str(out / "import-summary.png"))
    dialog.close_button.click()
    wait(app, lambda: window.runner.idle)
    for _ in range(10):
        app.processEvents()
    window.grab().save(str(out / "after-import.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots")))
