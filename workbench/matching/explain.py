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

import json
from json.encoder import encode_basestring
from typing import Any

import numpy as np

from workbench.matching.compare import compare_one, field_result
from workbench.matching.comparisons import BY_FIELD, Comparison
from workbench.matching.features import Features, FieldValues
from workbench.store import explanations

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


RENAMED_DESCRIPTION = "another surname, with the same first name and e-mail, phone or house: a married name counts neither way"


def _renamed(data: FieldValues, a: np.ndarray, b: np.ndarray, levels: np.ndarray, swapped: np.ndarray) -> np.ndarray:
    """Pairs whose surnames, both present, were set to count neither way (`contacts_explain_surnames`)."""
    assert data.slots is not None
    return (levels == Comparison.MISSING) & (data.slots[a, 0] >= 0) & (data.slots[b, 0] >= 0) & ~swapped


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


def _conflict_entry(conflicts: list[str], contact: float, taken: float) -> dict[str, Any]:
    what = "do not count" if taken >= contact - 1e-6 else "count only as much as this list's households allow"
    return {"field": "conflict", "label": "Conflict", "level": "conflict",
            "description": "; ".join(conflicts) + f" — contact points a household shares {what}",
            "weight": round(-taken, 2), "left": None, "right": None}


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_NAMES = ("first_name", "last_name")


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


_MISSING_HEADS = {name: _json({"field": name, "level": "missing"})[:-1] for name in BY_FIELD}


def _level_and_weight(heads: list[str], level: np.ndarray, weight: np.ndarray) -> list[str]:
    """The start of each pair's entry up to its weight, made once per distinct level and weight."""
    # The weight by its bits: -0.0 and 0.0 are written differently, as json.dumps does.
    key = (level.astype(np.int64) << 32) | weight.astype(np.float32).view(np.uint32).astype(np.int64)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    texts = [heads[int(level[k])] + _json(round(float(weight[k]), 2)) for k in first.tolist()]
    return [texts[k] for k in inverse.reshape(-1).tolist()]


def _strings(shown: list[str], ids: np.ndarray) -> list[str]:
    """JSON of the written values with these ids (-1: null)."""
    values = [shown[k] if k >= 0 else None for k in ids.tolist()]
    return [encode_basestring(v) if v.__class__ is str else "null" if v is None else _json(v) for v in values]


def _shown_ids(data: FieldValues, a: np.ndarray, b: np.ndarray, levels: np.ndarray,
               swapped: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The written values of many pairs as ids into `data.shown` (-1: none; -2: ask per pair).

    As `_shown` decides them, and for swapped pairs as `compare_one` does (there a value
    missing for this field still shows what each side has).
    """
    assert data.slots is not None and data.shown_slots is not None
    left_count, right_count = (data.slots[a] >= 0).sum(axis=1), (data.slots[b] >= 0).sum(axis=1)
    single = (left_count <= 1) & (right_count <= 1)
    missing = levels == Comparison.MISSING
    neither = missing & (left_count > 0) & (right_count > 0) & ~swapped
    first = ~neither & (missing | single)
    if data.comparison.field in _NAMES:
        first &= ~swapped  # read crosswise
    left = np.where(first, data.shown_slots[a, 0], -1).astype(np.int64)
    right = np.where(first, data.shown_slots[b, 0], -1).astype(np.int64)
    several = ~neither & ~first
    left[several] = right[several] = -2
    return left, right


def explanations_json(features: Features, fields: list[str], a: np.ndarray, b: np.ndarray, levels: np.ndarray,
                      weights: np.ndarray, swapped: np.ndarray, prior: float, *,
                      household_rule: bool = True, taken_back: np.ndarray | None = None) -> list[str]:
    """The explanation of each pair, as the JSON text stored with its candidate: the starting
    point, each field's level, weight and written values, and the household rule's take-back.

    Built column-wise: each field's level, weight and written values are encoded once per
    distinct value; only pairs with several values on both sides, or names read crosswise, are
    looked at one by one.
    """
    count = len(a)
    if not count:
        return []
    columns: list[list[str]] = []
    contact = np.zeros(count, dtype=np.float64)
    conflicted = np.zeros((count, len(fields)), dtype=bool)
    shared_identifier = np.zeros(count, dtype=bool)
    a_list, b_list = a.tolist(), b.tolist()
    crosswise: dict[int, dict[str, tuple[str | None, str | None]]] = {}
    for column, name in enumerate(fields):
        comparison, data = BY_FIELD[name], features.fields[name]
        level = levels[:, column].astype(np.int64)
        weight = weights[:, column]
        if name == "identifier":
            shared_identifier = level == comparison.index("exact")
        if comparison.contact:
            contact += weight.astype(np.float64)
        conflicted[:, column] = np.asarray([spec.conflict for spec in comparison.levels], dtype=bool)[level]
        # Written as stored (`workbench.store.explanations`): no label, no null value, no zero
        # weight of a missing value; every reader gets the entries back whole.
        heads = [_json({"field": name, "level": spec.key})[:-1] + ',"weight":' for spec in comparison.levels]
        head = _level_and_weight(heads, level, weight)
        for k in np.flatnonzero((level == Comparison.MISSING) & (weight == 0) & ~np.signbit(weight)).tolist():
            head[k] = _MISSING_HEADS[name]
        left, right = _shown_ids(data, a, b, level, swapped)
        renamed = _renamed(data, a, b, level, swapped) if name == "last_name" else None
        if renamed is not None:
            left[renamed], right[renamed] = data.shown_slots[a[renamed], 0], data.shown_slots[b[renamed], 0]
        left_text, right_text = _strings(data.shown, left), _strings(data.shown, right)
        for k in np.flatnonzero(left == -2).tolist():
            i, j = a_list[k], b_list[k]
            if not swapped[k]:
                pair = _shown(data, i, j, int(level[k]))
            elif name in _NAMES:
                if k not in crosswise:
                    results, _ = compare_one(features, list(_NAMES), i, j)
                    crosswise[k] = {r.field: (r.left, r.right) for r in results}
                pair = crosswise[k][name]
            else:
                result = field_result(data, data, i, j)
                pair = (result.left, result.right)
            left_text[k], right_text[k] = _json(pair[0]), _json(pair[1])
        entries = [h + (f',"left":{lt}' if lt != "null" else "") + (f',"right":{rt}' if rt != "null" else "") + "}"
                   for h, lt, rt in zip(head, left_text, right_text, strict=True)]
        if name in _NAMES:
            for k in np.flatnonzero(swapped).tolist():
                entries[k] = entries[k][:-1] + ',"note":' + _json(SWAPPED_NOTE) + "}"
        if renamed is not None:
            for k in np.flatnonzero(renamed).tolist():
                entries[k] = entries[k][:-1] + ',"description":' + _json(RENAMED_DESCRIPTION) + "}"
        columns.append(entries)
    start = "[" + _json({"field": explanations.PRIOR_FIELD, "level": explanations.PRIOR_FIELD,
                         "weight": round(prior, 2)}) + ","
    rows = [start + ",".join(entries) + "]" for entries in zip(*columns, strict=True)]
    if household_rule:
        labels = [[f"{BY_FIELD[name].label.lower()}: {spec.label}" for spec in BY_FIELD[name].levels]
                  for name in fields]
        taken = contact if taken_back is None else np.asarray(taken_back, dtype=np.float64)
        for k in np.flatnonzero(conflicted.any(axis=1) & (contact > 0) & ~shared_identifier & (taken > 0)).tolist():
            conflicts = [labels[c][levels[k, c]] for c in np.flatnonzero(conflicted[k]).tolist()]
            entry = _conflict_entry(conflicts, float(contact[k]), float(taken[k]))
            rows[k] = rows[k][:-1] + "," + _json(entry) + "]"
    return rows
