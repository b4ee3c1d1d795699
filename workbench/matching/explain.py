"""A candidate's reasons: one entry per field with its level, its weight and the two values.

The entries add up to the score: the first is the starting point (the prior), then one per
field taking part, then, where it applies, the conflict that takes back what shared contact
points added. Each entry is a
plain dict, stored as JSON with the candidate and read by the review screen:

    {"field": "first_name", "label": "First name", "level": "nickname",
     "weight": 4.95, "left": "Bob", "right": "Robert"}

The words for a level ("a nickname or short form of the same name") are not stored with every
candidate (10^5 of them); `describe(entry)` gives them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from workbench.matching.compare import compare_one
from workbench.matching.comparisons import BY_FIELD, Comparison
from workbench.matching.features import Features, FieldValues

SWAPPED_NOTE = "first and last name written the other way round on one side"


def _shown(data: FieldValues, i: int, j: int, level: int) -> tuple[str | None, str | None]:
    """The written values that decided a level: the matching pair among several."""
    assert data.slots is not None and data.shown_slots is not None
    comparison = data.comparison
    counts = data.counts()
    left_count, right_count = counts[i], counts[j]
    if level == Comparison.MISSING and left_count and right_count:
        return None, None  # present on both sides, but the field says nothing about this pair
    if left_count <= 1 and right_count <= 1 or level == Comparison.MISSING:
        first = data.first_shown()
        return first[i], first[j]
    _, a, b = comparison.compare_sets(data.values_of(i), data.values_of(j))
    return data.shown_of(i).get(a), data.shown_of(j).get(b)


_PRIOR = {"field": "prior", "label": "Starting point", "level": "prior", "left": None, "right": None}
PRIOR_DESCRIPTION = "two customers picked at random are rarely the same"


def describe(entry: dict[str, Any]) -> str:
    """The words for an entry's level ('a nickname or short form of the same name'), for screens."""
    if entry.get("description"):
        return str(entry["description"])
    if entry.get("field") == "prior":
        return PRIOR_DESCRIPTION
    comparison = BY_FIELD.get(str(entry.get("field")))
    if comparison is not None and entry.get("level") in comparison.level_keys():
        return comparison.levels[comparison.index(str(entry["level"]))].label
    return str(entry.get("level", ""))


def explanation(features: Features, fields: list[str], i: int, j: int, levels: np.ndarray, weights: np.ndarray,
                prior: float, *, swapped: bool, household_rule: bool = True,
                taken_back: float | None = None) -> list[dict[str, Any]]:
    """Entries for one pair whose levels and weights were computed in bulk; `taken_back` is what
    the household rule took back in the score (all the contact evidence when not given)."""
    entries: list[dict[str, Any]] = [{**_PRIOR, "weight": round(prior, 2)}]
    shown: dict[str, tuple[str | None, str | None]] = {}
    if swapped:
        results, _ = compare_one(features, fields, i, j)
        shown = {r.field: (r.left, r.right) for r in results}
    contact = 0.0
    conflicts: list[str] = []
    shared_identifier = False  # a personal identifier in common lifts the conflict (as in model.score_pairs)
    for name, level_index, weight in zip(fields, levels.tolist(), weights.tolist(), strict=True):
        comparison = BY_FIELD[name]
        level = comparison.levels[level_index]
        if name == "identifier" and level_index == comparison.index("exact"):
            shared_identifier = True
        if comparison.contact:
            contact += weight
        left, right = shown.get(name) or _shown(features.fields[name], i, j, level_index)
        if level.conflict:
            conflicts.append(f"{comparison.label.lower()}: {level.label}")
        entry = {"field": name, "label": comparison.label, "level": level.key, "weight": round(weight, 2),
                 "left": left, "right": right}
        if swapped and name in ("first_name", "last_name"):
            entry["note"] = SWAPPED_NOTE
        entries.append(entry)
    taken = contact if taken_back is None else taken_back
    if household_rule and conflicts and contact > 0 and not shared_identifier and taken > 0:
        what = "do not count" if taken >= contact - 1e-6 else "count only as much as this list's households allow"
        entries.append({"field": "conflict", "label": "Conflict", "level": "conflict",
                        "description": "; ".join(conflicts) + f" — contact points a household shares {what}",
                        "weight": round(-taken, 2), "left": None, "right": None})
    return entries
