"""What an attribute is called on screen: its definition's label, else a readable form of its key.

Imports bring attributes under the column names of their files ("default_address_address_1",
"Kundennummer", "loyaltyTier"); nobody should have to read those keys as labels.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from workbench.definitions.attributes import load_specs

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS = re.compile(r"[_\-.\s]+")


def humanise(name: str) -> str:
    """'default_address_address_1' → 'Default address 1'; 'loyaltyTier' → 'Loyalty tier'."""
    words = [w for w in _SEPARATORS.split(_CAMEL.sub(" ", name)) if w]
    kept: list[str] = []
    for word in words:
        if not kept or word.casefold() != kept[-1].casefold():  # "address_address" says it once
            kept.append(word)
    if not kept:
        return name
    text = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in kept)
    return text[:1].upper() + text[1:]


def attribute_labels(session: Session) -> dict[str, str]:
    """Every defined attribute's label, by key."""
    return {spec.name: spec.label or humanise(spec.name) for spec in load_specs(session)}


def label_for(name: str, labels: dict[str, str]) -> str:
    return labels.get(name) or humanise(name)
