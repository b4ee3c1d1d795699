"""Screenshots of the definitions editor, the customer editor, segments and the quality panel.

    QT_QPA_PLATFORM=offscreen python tests/definitions_screenshots.py OUTPUT_DIR

Demo data with long names, accents and empty fields; promoted and loose attributes, a status
set by hand, household suggestions, a segment; each screen at 1280×800 and 1920×1080.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SIZES = ((1280, 800), (1920, 1080))


def _wait(app, window, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if window.runner.idle:
            for _ in range(5):  # let layouts settle after the last result arrived
                app.processEvents()
                time.sleep(0.01)
            return
        time.sleep(0.02)


def prepare(master) -> int:
    """Demo data plus what a business would have defined after a while; returns a customer to edit."""
    from sqlalchemy import select

    from workbench.definitions import attributes, households, segments
    from workbench.definitions.statuses import override_status
    from workbench.operations import run
    from workbench.sample.generator import generate
    from workbench.sample.load import load_sample
    from workbench.store.customers import refresh_derived
    from workbench.store.filters import CustomerFilter
    from workbench.store.models import Customer

    load_sample(master, generate(3000, seed=11))
    with master.transaction() as session:
        customers = list(session.scalars(select(Customer).where(Customer.kind == "person").order_by(Customer.id)
                                         .limit(400)))
        tiers = ["gold", "silver", "bronze", "Gold", "platnum", ""]
        for number, customer in enumerate(customers):
            values = dict(customer.attributes or {})
            if tiers[number % len(tiers)]:
                values["Loyalty tier"] = tiers[number % len(tiers)]
            if number % 3 == 0:
                values["Kundennummer"] = f"K-{number:05d}" if number % 9 else f"{number}"
            if number % 5 == 0:
                values["Lieblingsfiliale"] = ["Berlin Mitte", "Köln", "München-Schwabing"][number % 3]
            customer.attributes = values
            if number % 7 == 0:
                customer.roles = ["buyer", "decision maker"] if number % 2 else ["user"]
        target = customers[5]
        target.first_name, target.last_name = "Maria-Magdalena", "von Hohenzollern-Sigmaringen"
        target.job_title = None
        refresh_derived(target)
        households.suggest_households(session)
        target_id = target.id
    with master.session() as session:
        run(master, attributes.promote(session, "Loyalty tier", {"label": "Loyalty tier", "type": "choice",
                                                                  "choices": ["gold", "silver", "bronze"],
                                                                  "description": "From the loyalty programme"}))
        run(master, attributes.add_attribute(session, {"name": "preferred_channel", "label": "Preferred channel",
                                                       "type": "multi-choice", "choices": ["e-mail", "phone",
                                                                                           "post"]}))
        run(master, attributes.add_attribute(session, {"name": "website", "label": "Website", "type": "url"}))
        run(master, override_status(session, target_id, "customer", "Pays by invoice; orders are not in the shop"))
        run(master, segments.save_segment(session, "Lapsed Webshop customers in Germany", CustomerFilter(
            statuses=("former customer",), sources=("Webshop",), countries=("DE",), consent=("granted",)),
            description="For the win-back mailing"))
        run(master, segments.save_segment(session, "Decision makers", CustomerFilter(roles=("decision maker",))))
    return target_id


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="workbench-definitions-shots-"))
    os.environ["WORKBENCH_HOME"] = str(home)
    from PySide6.QtCore import QSettings

    from workbench.store.master import open_master
    from workbench.ui.app import make_application
    from workbench.ui.customer_editor.dialog import open_customer_editor
    from workbench.ui.main_window import MainWindow

    app = make_application()
    out.mkdir(parents=True, exist_ok=True)
    master = open_master(home / "demo.sqlite")
    target_id = prepare(master)
    window = MainWindow(master, QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    window.show()
    _wait(app, window)

    def shot(name: str, widget=None) -> None:
        _wait(app, window)
        (widget or window).grab().save(str(out / f"{name}.png"))

    for width, height in SIZES:
        size = f"{width}x{height}"
        window.resize(width, height)
        window.show_page("definitions")
        page = window.registry.pages.definitions
        for key in ("statuses", "attributes", "roles", "kinds", "households", "segments"):
            page.show_tab(key)
            shot(f"definitions-{key}-{size}")
        window.show_page("quality")
        shot(f"quality-{size}")
        quality, chooser = window.registry.pages.quality, window.registry.panels.segment_chooser
        quality.tables.setCurrentIndex(1)
        shot(f"quality-sources-{size}")
        quality.tables.setCurrentIndex(0)
        window.show_page("customers")
        chooser.choose(chooser.itemData(2)[1])
        shot(f"customers-status-filter-{size}")
        chooser.choose(chooser.itemData(0)[1])

    window.resize(1280, 800)
    opened = []
    open_customer_editor(window, target_id, on_open=opened.append)
    while not opened or not opened[0].ready:
        _wait(app, window)
    editor = opened[0]
    for index, name in enumerate(("details", "contact", "attributes", "status", "relationships")):
        editor.tabs.setCurrentIndex(index)
        shot(f"editor-{name}", editor)
    editor.emails.add_blank()
    editor.emails.rows[-1].address.setText("maria@")  # a problem shown as you type
    editor.details.widgets["birth_date"].setText("31.02.1984")
    editor.tabs.setCurrentIndex(1)
    shot("editor-problems", editor)
    editor.resize(1100, 900)
    editor.tabs.setCurrentIndex(0)
    shot("editor-details-large", editor)
    editor.done(0)

    from workbench.ui.definitions.attribute_dialog import open_attribute_dialog
    from workbench.ui.definitions.segment_dialog import open_segment_dialog
    from workbench.ui.definitions.status_dialog import open_status_dialog

    def made(open_dialog, *args, **kwargs):
        dialogs = []
        open_dialog(window, dialogs.append, *args, **kwargs)
        while not dialogs:
            _wait(app, window)
        return dialogs[0]

    with master.session() as session:
        from workbench.definitions.statuses import load_rules

        second = load_rules(session)[1].id
    dialog = made(open_status_dialog, second)
    dialog.show()
    _wait(app, window)
    time.sleep(0.8)
    _wait(app, window)
    shot("status-dialog", dialog)
    dialog.done(0)
    dialog = made(open_attribute_dialog, loose_key="Kundennummer")
    dialog.show()
    shot("attribute-promote", dialog)
    dialog.done(0)
    from workbench.definitions.segments import list_segments

    with master.session() as session:
        segment = list_segments(session)[1]
    dialog = made(open_segment_dialog, segment)
    dialog.show()
    time.sleep(0.6)
    _wait(app, window)
    shot("segment-dialog", dialog)
    dialog.done(0)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots-definitions")))
