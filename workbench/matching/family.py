"""Families: what one surname and one house say, learned from the list itself.

Random pairs of customers say how rare a shared house or a shared first name is among
strangers. Among people with one surname, in a list with households, a shared house is common
(parents and children, couples), and among people with one surname and one house a shared
first name is too (a father and a son of one name). A pair with one surname and one house is
one person or two of one family, and what tells them apart is learned here from the list.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from workbench.matching.comparisons import BY_FIELD, Comparison
from workbench.matching.features import Features

if TYPE_CHECKING:
    from workbench.matching.model import MatchModel

# What a family shares whoever of them it is: the house, the landline.
FAMILY_FIELDS = ("address", "phone")


def estimate_family(features: Features, fields: list[str], levels: np.ndarray,
                    u_random: dict[str, list[float]] | None = None,
                    m: dict[str, list[float]] | None = None) -> dict[str, list[float]]:
    """Per family field and level, the chance that two different people with one surname show it.

    Random pairs say a shared house is one in 10^5; among people with one surname it is far
    more common in a list with households (parents and children, couples), and a shared house
    then says "one family" before it says "one person". Counted in the list itself: compared
    pairs with one surname that are different people by the household rule's own signs (a
    conflict: another first name, birth date or Jr/Sr, and no identifier in common), against all
    pairs of customers sharing a surname (from the surnames' frequencies). A list without
    households (Febrl) finds almost none, and its weights stay as they were.
    """
    if "last_name" not in fields or not len(levels):
        return {}
    frequency = features.fields["last_name"].frequency
    assert frequency is not None
    same_surname_pairs = float((frequency * (frequency - 1) / 2).sum())
    if same_surname_pairs < 1:
        return {}
    surname = levels[:, fields.index("last_name")] == Comparison.EXACT
    different = np.zeros(len(levels), dtype=bool)
    for column, name in enumerate(fields):
        for level, spec in enumerate(BY_FIELD[name].levels):
            if spec.conflict:
                different |= levels[:, column] == level
    if "identifier" in fields:
        column = levels[:, fields.index("identifier")]
        different &= (column != Comparison.EXACT) & (column != BY_FIELD["identifier"].index("typo"))
    rows = surname & different
    family: dict[str, list[float]] = {}
    for name in FAMILY_FIELDS:
        if name in fields:
            size = len(BY_FIELD[name].levels)
            counts = np.bincount(levels[rows, fields.index(name)], minlength=size).astype(float)
            # Half a pair where none was seen: rare, not impossible.
            family[name] = [1.0, *((counts[1:] + 0.5) / same_surname_pairs).clip(max=1.0).tolist()]
    shared = shares_house(fields, levels)
    if shared is not None:
        # Pairs with one surname and one house: one person (no conflict) or one family (a conflict).
        family[ONE_HOUSE] = [float((surname & shared & ~different).sum()), float((rows & shared).sum())]
        if u_random is not None and m is not None and "first_name" in fields:
            found = family_first_names(fields, levels[surname & shared], u_random, m)
            if found is not None:
                family["first_name"] = found
    return family


ONE_HOUSE = "one_house"  # key in MatchModel.family: [pairs of one person, pairs of one family] sharing a house


def shares_house(fields: list[str], levels: np.ndarray) -> np.ndarray | None:
    """Pairs sharing the house (the address, perhaps written or typed differently, or the landline)."""
    shared = None
    for name in FAMILY_FIELDS:
        if name in fields:
            keys = [key for key in ONE_HOUSE_LEVELS if key in BY_FIELD[name].level_keys()]
            same = np.isin(levels[:, fields.index(name)], [BY_FIELD[name].index(key) for key in keys])
            shared = same if shared is None else shared | same
    return shared


ONE_HOUSE_LEVELS = ("exact", "same_house", "street_typo")


def household_odds(model: MatchModel) -> float | None:
    """log2 odds, in this list, that two records with one surname and one house are one person
    rather than two members of one family; None when the list shows nothing of households."""
    counts = model.family.get(ONE_HOUSE)
    if not counts or len(counts) != 2:
        return None
    return math.log2((counts[0] + 0.5) / (counts[1] + 0.5))


def family_cap(model: MatchModel, name: str, levels: np.ndarray) -> np.ndarray | None:
    """Most a level of a family field may add for a pair with one surname (bits per pair)."""
    u = model.family.get(name)
    if not u or len(u) != len(model.m[name]):
        return None
    table = np.asarray([model.factors.get(name, 1.0) * math.log2(model.m[name][k] / u[k]) if k else 0.0
                        for k in range(len(u))])
    return table[levels]


# The surname and the house make a pair a family's; the surname read from an e-mail stands in
# for the surname. Everything else tells one person from two of one family.
NOT_TOLD_APART_BY = ("last_name", "address", "email_name")
FAMILY_PRIOR_PAIRS = 30.0  # how many pairs of evidence the starting estimates count as
FAMILY_ITERATIONS = 100
MIN_PROBABILITY = 1e-6


def family_first_names(fields: list[str], levels: np.ndarray, u_random: dict[str, list[float]],
                       m: dict[str, list[float]]) -> list[float] | None:
    """Per first-name level, how often two different people of one family show it.

    `levels` are the compared pairs with one surname and one house: each is one person or two
    of one family, and nobody said which. As for the weights themselves, expectation
    maximisation tells the two apart, here by everything but the surname and the house (first
    names, birth dates, Jr/Sr, e-mails, phones): one person's records look like the list's
    duplicates (`m`), two of one family like strangers (`u_random`) to begin with, and each
    round re-estimates both from the pairs each looks like. What matters is how often a
    family's two people share a first name: in the generator's households about one pair in
    eight (a parent and a child of one name), where strangers share one in a thousand. A list
    with few families keeps the strangers' figure (the starting estimates count as
    FAMILY_PRIOR_PAIRS pairs).
    """
    used = [c for c, name in enumerate(fields) if name not in NOT_TOLD_APART_BY]
    if not len(levels) or fields.index("first_name") not in used:
        return None
    patterns, counts = np.unique(levels[:, used], axis=0, return_counts=True)
    counts = counts.astype(np.float64)
    names = [fields[c] for c in used]
    sizes = [len(BY_FIELD[name].levels) for name in names]
    start_m = [np.asarray(m[name][1:], dtype=np.float64) for name in names]
    start_u = [np.asarray(u_random[name][1:], dtype=np.float64) for name in names]
    # Two of one family begin by looking like the pairs at one house as a whole; the strangers'
    # figures hold them where the list has few families.
    one = [p / p.sum() for p in start_m]
    two = [(np.bincount(column, weights=counts, minlength=size)[1:] + 1.0) for column, size in zip(patterns.T, sizes,
                                                                                                    strict=True)]
    two = [p / p.sum() for p in two]
    share = 0.5
    for _ in range(FAMILY_ITERATIONS):
        log_ratio = np.full(len(patterns), math.log(share / (1 - share)))
        for k, column in enumerate(patterns.T):
            ratio = np.concatenate([[0.0], np.log(one[k] / two[k])])
            log_ratio += ratio[column]
        person = 1.0 / (1.0 + np.exp(-np.clip(log_ratio, -700, 700)))
        change = 0.0
        for k, column in enumerate(patterns.T):
            for estimate, weights, start in ((one, person, start_m[k]), (two, 1.0 - person, start_u[k])):
                by_level = np.bincount(column, weights=weights * counts, minlength=sizes[k])[1:] \
                    + FAMILY_PRIOR_PAIRS * start / start.sum()
                new = np.maximum(by_level / by_level.sum(), MIN_PROBABILITY)
                change = max(change, float(np.abs(new - estimate[k]).max()))
                estimate[k] = new
        new_share = min(max(float((person * counts).sum() / counts.sum()), 1e-6), 1 - 1e-6)
        change, share = max(change, abs(new_share - share)), new_share
        if change < 1e-5:
            break
    return [1.0, *two[names.index("first_name")].tolist()]
