"""Attribute keys from imported files are never shown as labels."""

from __future__ import annotations

import pytest

from workbench.definitions.labels import humanise, label_for


@pytest.mark.parametrize(("key", "label"), [
    ("default_address_address_1", "Default address 1"),
    ("loyaltyTier", "Loyalty tier"),
    ("VAT_number", "VAT number"),
    ("member-no", "Member no"),
    ("Kundennummer", "Kundennummer"),
    ("__", "__"),
])
def test_humanise(key, label):
    assert humanise(key) == label


def test_a_definitions_label_wins():
    assert label_for("loyalty_tier", {"loyalty_tier": "Loyalty level"}) == "Loyalty level"
    assert label_for("loyalty_tier", {}) == "Loyalty tier"
