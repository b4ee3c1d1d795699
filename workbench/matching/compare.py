"""Comparing pairs: the level of every field for every pair, fast, and the same for one pair, explained.

Millions of pairs share far fewer distinct value pairs (first names repeat, e-mails match
exactly), so each field's tests run once per distinct pair of comparable values, and numpy
spreads the answers over the pairs. `compare_one` does the same for one pair with the values
as written, for the explanation a steward reads; a test keeps the two in agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.matching.comparisons import Comparison
from workbench.matching.features import LANDLINE, MOBILE, Features, FieldValues
from workbench.progress import NO_PROGRESS, Progress

CHUNK = 2_000_000


@dataclass
class PairLevels:
    fields: list[str]
    levels: np.ndarray  # (pairs, fields) level index per field
    # (pairs, fields) comparable id of the shared value at "exact" (for a surname found in the
    # other's e-mail address: that surname), else -1
    matched: np.ndarray
    swapped: np.ndarray  # (pairs,) first and last name were compared crosswise


class _LevelCache:
    """Level of each distinct (value, value) pair of one comparison, computed once."""

    def __init__(self, comparison: Comparison, values: list[Any]) -> None:
        self.comparison = comparison
        self.values = values
        self.size = len(values) + 1
        self.known: dict[int, int] = {}  # pairs the screen could not settle
        self.self_level = np.full(len(values), -1, dtype=np.int8)  # a value against itself

    def levels(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.empty(len(a), dtype=np.int8)
        same = a == b
        if same.any():
            ids = a[same]
            missing = np.unique(ids[self.self_level[ids] < 0])
            for value_id in missing.tolist():
                value = self.values[value_id]
                self.self_level[value_id] = self.comparison.compare(value, value)
            out[same] = self.self_level[ids]
        other = ~same
        if other.any():
            out[other] = self._distinct(a[other], b[other])
        return out

    def _distinct(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        low, high = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
        unique, inverse = np.unique(low * self.size + high, return_inverse=True)
        values, size = self.values, self.size
        first, second = (unique // size).tolist(), (unique % size).tolist()
        out = np.full(len(unique), self.comparison.different, dtype=np.int8)
        screen = self.comparison.screen
        if screen is not None:
            open_ = np.flatnonzero(~screen([values[i] for i in first], [values[j] for j in second]))
        else:
            open_ = np.arange(len(unique))
        known, compare = self.known, self.comparison.compare
        for position in open_.tolist():
            code = int(unique[position])
            level = known.get(code)
            if level is None:
                level = known[code] = compare(values[first[position]], values[second[position]])
            out[position] = level
        return out[inverse.reshape(-1)]


def _field_levels(data: FieldValues, cache: _LevelCache, a: np.ndarray, b: np.ndarray,
                  other: FieldValues | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Best level over all value combinations of the pairs; `other` compares a field of b instead."""
    left = data.slots
    right = (other or data).slots
    assert left is not None and right is not None
    count = len(a)
    best = np.zeros(count, dtype=np.int8)  # missing
    matched = np.full(count, -1, dtype=np.int32)
    present = (left[a, 0] >= 0) & (right[b, 0] >= 0)
    if not present.any():
        return best, matched
    best[present] = len(cache.comparison.levels)
    for i in range(left.shape[1]):
        for j in range(right.shape[1]):
            va, vb = left[a, i], right[b, j]
            todo = (va >= 0) & (vb >= 0) & (best > Comparison.EXACT)
            if not todo.any():
                continue
            rows = np.flatnonzero(todo)
            level = cache.levels(va[rows], vb[rows])
            better = level < best[rows]
            best[rows[better]] = level[better]
            exact = better & (level == Comparison.EXACT)
            matched[rows[exact]] = va[rows[exact]]
    return best, matched


def compare_pairs(features: Features, fields: list[str], a: np.ndarray, b: np.ndarray,
                  progress: Progress = NO_PROGRESS) -> PairLevels:
    caches = {name: _LevelCache(features.fields[name].comparison, features.fields[name].vocabulary.values)
              for name in fields}
    levels = np.zeros((len(a), len(fields)), dtype=np.int8)
    matched = np.full((len(a), len(fields)), -1, dtype=np.int32)
    swapped = np.zeros(len(a), dtype=bool)
    total = len(a)
    for start in range(0, total, CHUNK):
        stop = min(start + CHUNK, total)
        ca, cb = a[start:stop], b[start:stop]
        for column, name in enumerate(fields):
            progress(start + (stop - start) * column // len(fields), total,
                     f"Comparing {total:,} pairs: {features.fields[name].comparison.label.lower()}")
            level, value = _field_levels(features.fields[name], caches[name], ca, cb)
            levels[start:stop, column] = level
            matched[start:stop, column] = value
        if "first_name" in fields and "last_name" in fields:
            _swap(features, fields, caches, ca, cb, levels[start:stop], matched[start:stop], swapped[start:stop])
        if "email_name" in fields and "last_name" in features.fields:
            _surname_read(features, fields, ca, cb, levels[start:stop], matched[start:stop])
        if "phone" in fields:
            _phone_kinds(features, fields.index("phone"), ca, cb, levels[start:stop])
    progress(total, total, f"Compared {total:,} pairs")
    return PairLevels(list(fields), levels, matched, swapped)


def other_phone_kind(features: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs where one has only mobiles and the other only landlines: one person's two numbers, or two people."""
    kinds = features.phone_kinds
    if kinds is None:
        return np.zeros(len(a), dtype=bool)
    ka, kb = kinds[a], kinds[b]
    return ((ka == MOBILE) & (kb == LANDLINE)) | ((ka == LANDLINE) & (kb == MOBILE))


def _phone_kinds(features: Features, column: int, a: np.ndarray, b: np.ndarray, levels: np.ndarray) -> None:
    """Different numbers, a mobile against a landline: the level of its own (in place)."""
    phone = features.fields["phone"].comparison
    rows = np.flatnonzero(levels[:, column] == phone.different)
    if len(rows):
        crossed = rows[other_phone_kind(features, a[rows], b[rows])]
        levels[crossed, column] = phone.index("other_kind")


def _surname_read(features: Features, fields: list[str], a: np.ndarray, b: np.ndarray, levels: np.ndarray,
                  matched: np.ndarray) -> None:
    """For a surname found in the other's e-mail address, that surname (its id), for its frequency."""
    column = fields.index("email_name")
    rows = np.flatnonzero(levels[:, column] == features.fields["email_name"].comparison.index("in_email"))
    slots = features.fields["last_name"].slots
    if len(rows) and slots is not None:
        left, right = slots[a[rows], 0], slots[b[rows], 0]
        matched[rows, column] = np.where(left >= 0, left, right)


def _swap(features: Features, fields: list[str], caches: dict[str, _LevelCache], a: np.ndarray, b: np.ndarray,
          levels: np.ndarray, matched: np.ndarray, swapped: np.ndarray) -> None:
    """First and last name written in each other's place on one side.

    Only where the first names clearly differ: then each way of reading one side's names
    crosswise is tried, and the one whose first names agree best is kept. Married names
    change the surname, never the first name, so the first name decides.
    """
    f, s = fields.index("first_name"), fields.index("last_name")
    first, last = features.fields["first_name"], features.fields["last_name"]
    different = first.comparison.different
    rows = np.flatnonzero(levels[:, f] == different)
    if not len(rows):
        return
    ra, rb = a[rows], b[rows]
    # Reading b crosswise: a's first name against b's surname, a's surname against b's first name.
    given_1, value_g1 = _field_levels(first, caches["first_name"], ra, rb, other=last)
    family_1, value_f1 = _field_levels(last, caches["last_name"], ra, rb, other=first)
    # Reading a crosswise: a's surname against b's first name, a's first name against b's surname.
    given_2, value_g2 = _field_levels(last, caches["first_name"], ra, rb, other=first)
    family_2, value_f2 = _field_levels(first, caches["last_name"], ra, rb, other=last)
    # Missing (0) is no agreement at all: it ranks below every level.
    rank_1 = np.where(given_1 == 0, 127, given_1)
    rank_2 = np.where(given_2 == 0, 127, given_2)
    second = rank_2 < rank_1
    given = np.where(second, given_2, given_1)
    family = np.where(second, family_2, family_1)
    value_g = np.where(second, value_g2, value_g1)
    value_f = np.where(second, value_f2, value_f1)
    usable = (given > 0) & (given < different)
    chosen = rows[usable]
    levels[chosen, f] = given[usable]
    levels[chosen, s] = family[usable]
    matched[chosen, f] = value_g[usable]
    matched[chosen, s] = value_f[usable]
    swapped[chosen] = True


@dataclass
class FieldResult:
    field: str
    level: int
    left: str | None  # as the customer wrote it
    right: str | None
    matched: Any  # the shared comparable value at "exact", for its frequency


def compare_one(features: Features, fields: list[str], i: int, j: int) -> tuple[list[FieldResult], bool]:
    """The levels of one pair with the values that decided them, for explanations."""
    results: dict[str, FieldResult] = {}
    for name in fields:
        data = features.fields[name]
        results[name] = field_result(data, data, i, j)
    phone = results.get("phone")
    if phone is not None and phone.level == features.fields["phone"].comparison.different \
            and other_phone_kind(features, np.asarray([i]), np.asarray([j]))[0]:
        phone.level = features.fields["phone"].comparison.index("other_kind")
    swapped = False
    if "first_name" in results and "last_name" in results:
        first, last = features.fields["first_name"], features.fields["last_name"]
        different = first.comparison.different
        if results["first_name"].level == different:
            crosswise = [(field_result(first, last, i, j, first.comparison),
                          field_result(last, first, i, j, last.comparison)),
                         (field_result(last, first, i, j, first.comparison),
                          field_result(first, last, i, j, last.comparison))]
            rank = [c[0].level or 127 for c in crosswise]
            given, family = crosswise[1] if rank[1] < rank[0] else crosswise[0]
            if 0 < given.level < different:
                results["first_name"] = FieldResult("first_name", given.level, given.left, given.right, given.matched)
                results["last_name"] = FieldResult("last_name", family.level, family.left, family.right,
                                                   family.matched)
                swapped = True
    return [results[name] for name in fields], swapped


def field_result(data: FieldValues, other: FieldValues, i: int, j: int,
                 comparison: Comparison | None = None) -> FieldResult:
    """One field of one pair: the best level over all values and the written values behind it."""
    comparison = comparison or data.comparison
    left_values, right_values = data.values_of(i), other.values_of(j)
    left_shown, right_shown = data.shown_of(i), other.shown_of(j)
    level, a, b = comparison.compare_sets(left_values, right_values)
    return FieldResult(comparison.field, level,
                       left_shown.get(a) if a is not None else None,
                       right_shown.get(b) if b is not None else None,
                       a if level == Comparison.EXACT else None)
