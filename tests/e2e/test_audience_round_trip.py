"""A marketer's round trip: a Mailchimp audience export in, a Mailchimp import file out.

A *subscribed* audience export means every row said yes; importing it and exporting with the
Mailchimp preset gives every subscriber back. Unsubscribed and cleaned exports mean the opposite,
and none of their people ever reach a marketing file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from workbench.export.run import ExportRequest, NothingToExport, export_customers
from workbench.ingest.importer import import_file

LAYOUTS = Path(__file__).parents[1] / "data" / "import_layouts"


def _emails(folder: str) -> set[str]:
    spec = json.loads((LAYOUTS / folder / "expected.json").read_text(encoding="utf-8"))
    with (LAYOUTS / folder / spec["file"]).open(encoding="utf-8-sig", newline="") as handle:
        return {row["Email Address"].strip().lower() for row in csv.DictReader(handle) if row["Email Address"]}


def test_every_subscriber_comes_back_and_nobody_who_left(master, tmp_path):
    for folder in ("mailchimp_subscribed", "mailchimp_unsubscribed", "mailchimp_cleaned"):
        result = import_file(master, LAYOUTS / folder / "export.csv")
        assert result.source == "Mailchimp" and result.counts.rejected == 0, result.counts.rejects
    out = tmp_path / "audience.csv"
    summary = export_customers(master, ExportRequest("mailchimp"), out)
    with out.open(encoding="utf-8", newline="") as handle:
        exported = {row["Email Address"].lower() for row in csv.DictReader(handle)}
    subscribed = _emails("mailchimp_subscribed")
    gone = _emails("mailchimp_unsubscribed") | _emails("mailchimp_cleaned")
    assert exported == subscribed - gone and summary.rows == len(exported)
    assert not exported & gone


def test_an_unsubscribed_export_alone_gives_nobody_to_mail(master, tmp_path):
    import_file(master, LAYOUTS / "mailchimp_unsubscribed" / "export.csv")
    with pytest.raises(NothingToExport, match="unsubscribed"):
        export_customers(master, ExportRequest("mailchimp"), tmp_path / "audience.csv")
