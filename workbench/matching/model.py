"""How much each comparison level counts: Fellegi–Sunter weights estimated from the data itself.

For every field and level, m is the chance of that level when two records are of the same
customer and u the chance when they are not; the level adds log2(m/u) bits to a pair's
score. Nobody has to label anything:

- u comes from random pairs of customers (nearly all of them different people); for the
  "exact" level it is computed from how often each value occurs, and with term frequencies a
  shared rare value ("Oberhuber", a private e-mail) counts more than a common one ("Smith",
  a company's switchboard).
- m is estimated by expectation maximisation over the compared pairs, which are a mixture of
  duplicates and non-duplicates: each round weighs every pair by how likely it is a duplicate
  under the current estimates, then re-estimates m, u and the share of duplicates.
- The steward's decisions take part as pairs whose answer is known (merged: duplicate; not a
  duplicate: different), each counting as `decision_weight` unlabelled pairs, so the
  estimates move towards what the steward decided.

The score of a pair starts at the prior, the odds that two customers picked at random are
the same, and adds each field's weight. A missing value adds nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from workbench.matching.compare import compare_pairs
from workbench.matching.comparisons import (
    BY_FIELD,
    OTHER_MAILBOX,
    SHARED_CONTACT_LEVELS,
    Comparison,
    at_any,
    at_levels,
)
from workbench.matching.family import (
    FAMILY_FIELDS,
    estimate_family,
    family_cap,
    household_odds,
    shares_house,
)
from workbench.matching.features import Features
from workbench.matching.reference import name_reference

RANDOM_PAIRS = 30_000
MAX_ITERATIONS = 60
TOLERANCE = 1e-5
MIN_PROBABILITY = 1e-6


@dataclass
class Labelled:
    """Level patterns of pairs the steward decided, with the verdict."""

    levels: np.ndarray  # (pairs, fields)
    is_match: np.ndarray  # (pairs,) bool


@dataclass
class MatchModel:
    fields: list[str]
    m: dict[str, list[float]]
    u: dict[str, list[float]]
    match_rate: float  # expected duplicate pairs per customer
    iterations: int = 0
    pairs: int = 0
    labelled: int = 0
    factors: dict[str, float] = field(default_factory=dict)
    # Conflicts take back what shared contact points added (see comparisons.py); a setting.
    household_rule: bool = True
    # Per family field and level: how often two different people with one surname show it (see
    # `estimate_family`); empty when not estimated.
    family: dict[str, list[float]] = field(default_factory=dict)
    # Per SHARED_VALUE_FIELDS field: how many pairs of different customers share a value, as the
    # fit found them among the compared pairs (see `term_frequency_weight`).
    shared: dict[str, float] = field(default_factory=dict)

    def weight(self, name: str, level: int) -> float:
        """Bits added by a level (0 for missing), before term frequencies."""
        if level == Comparison.MISSING:
            return 0.0
        weight = self.factors.get(name, 1.0) * math.log2(self.m[name][level] / self.u[name][level])
        # A level that says "two people" (a conflict) never counts for: one that random pairs
        # show even more rarely than duplicates (two colleagues' mailboxes) would otherwise add.
        return min(weight, 0.0) if BY_FIELD[name].levels[level].conflict else weight

    def weight_table(self) -> dict[str, list[float]]:
        return {name: [self.weight(name, level) for level in range(len(self.m[name]))] for name in self.fields}

    def prior(self, customers: int) -> float:
        """log2 odds that two customers picked at random are the same.

        The share of duplicates is what expectation maximisation found, weighed against a
        customary PRIOR_MATCH_RATE as if that were PRIOR_PAIRS compared pairs: a handful of
        pairs (a small master) cannot show that duplicates are all but impossible, thousands can.
        """
        pairs = max(customers * (customers - 1) / 2, 1.0)
        rate = (self.match_rate * self.pairs + PRIOR_MATCH_RATE * PRIOR_PAIRS) / (self.pairs + PRIOR_PAIRS)
        expected = min(max(rate * customers, 1e-3), pairs / 2)
        return math.log2(expected / (pairs - expected))

    def to_json(self) -> dict[str, Any]:
        return {"fields": self.fields, "m": self.m, "u": self.u, "match_rate": self.match_rate,
                "iterations": self.iterations, "pairs": self.pairs, "labelled": self.labelled, "family": self.family,
                "shared": self.shared,
                "levels": {name: BY_FIELD[name].level_keys() for name in self.fields}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MatchModel | None:
        try:
            fields = list(data["fields"])
            if any(data["levels"][name] != BY_FIELD[name].level_keys() for name in fields):
                return None  # the comparison levels changed since: estimate afresh
            return cls(fields, {k: list(v) for k, v in data["m"].items()},
                       {k: list(v) for k, v in data["u"].items()}, float(data["match_rate"]),
                       int(data.get("iterations", 0)), int(data.get("pairs", 0)), int(data.get("labelled", 0)),
                       family={k: list(v) for k, v in (data.get("family") or {}).items()},
                       shared={k: float(v) for k, v in (data.get("shared") or {}).items()})
        except (KeyError, TypeError, ValueError):
            return None


# ---------------------------------------------------------------------- u from random pairs


def estimate_u(features: Features, fields: list[str], *, samples: int = RANDOM_PAIRS,
               seed: int = 1) -> dict[str, list[float]]:
    n = features.size
    rng = np.random.default_rng(seed)
    count = min(samples, n * (n - 1) // 2) if n > 1 else 0
    u: dict[str, list[float]] = {}
    if count:
        a = rng.integers(0, n, size=count * 2)
        b = rng.integers(0, n, size=count * 2)
        keep = a != b
        a, b = a[keep][:count], b[keep][:count]
        compared = compare_pairs(features, fields, a, b)
        levels = compared.levels
        levels_together(fields, levels, compared.swapped)
    for column, name in enumerate(fields):
        comparison = features.fields[name].comparison
        size = len(comparison.levels)
        counts = np.bincount(levels[:, column], minlength=size).astype(float) if count else np.zeros(size)
        present = counts[1:].sum()
        exact = _exact_u(features, name)
        rest = counts[2:] + 0.5  # a level never seen in the sample is rare, not impossible
        rest = rest / rest.sum() * (1.0 - exact)
        u[name] = [1.0, exact, *rest.tolist()]
        if present == 0:
            u[name] = [1.0, exact, *([(1.0 - exact) / (size - 2)] * (size - 2))]
    return u


# A small master says little about how common an e-mail address or a phone number is: in a
# list of three customers, two of whom share an address because they are one person, that
# address looks as common as one in three. For these fields, whose values strangers rarely
# share, frequencies are read as if from at least MIN_POPULATION customers, so a shared e-mail
# or phone counts as the strong evidence it is; from that size on the data speaks alone. Names
# are left to the data: a small list makes "Thomas Müller" look rarer than he is, not commoner.
MIN_POPULATION = 1_000
POPULATION_FLOOR_FIELDS = frozenset({"email", "phone", "identifier"})


def _population(name: str, customers: int) -> int:
    return max(customers, MIN_POPULATION) if name in POPULATION_FLOOR_FIELDS else customers


def _exact_u(features: Features, name: str) -> float:
    """Chance that two random customers, both with the field, share a value."""
    data = features.fields[name]
    assert data.frequency is not None
    holders = int(data.has_value().sum())
    if holders < 2:
        return 0.5
    c = data.frequency.astype(np.float64)
    population = _population(name, holders)
    shared = float((c * (c - 1)).sum()) / (population * (population - 1))
    return min(max(shared, 1.0 / (population * population)), 0.5)


# ---------------------------------------------------------------------- m by expectation maximisation


def _patterns(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct level patterns and how many pairs show each."""
    if not len(levels):
        return np.empty((0, levels.shape[1]), np.int8), np.empty(0)
    # Each level fits in 4 bits: a pattern of up to 15 fields is one integer.
    codes = np.zeros(len(levels), dtype=np.int64)
    for column in range(levels.shape[1]):
        codes = (codes << 4) | levels[:, column].astype(np.int64)
    unique, first, counts = np.unique(codes, return_index=True, return_counts=True)
    return levels[first], counts.astype(np.float64)


PRIOR_MATCH_RATE = 0.05  # duplicate pairs per customer in a typical small-business list, before any data
PRIOR_PAIRS = 30.0  # how many pairs of evidence the expected m of a comparison counts as


def _expected_m(comparison: Comparison) -> np.ndarray:
    expected = np.asarray(comparison.expected_m[1:] if comparison.expected_m else
                          [0.6 * 0.5 ** level for level in range(len(comparison.levels) - 1)], dtype=np.float64)
    return expected / expected.sum()


def estimate(features: Features, fields: list[str], levels: np.ndarray, u_random: dict[str, list[float]],
             *, labelled: Labelled | None = None, decision_weight: float = 20.0,
             factors: dict[str, float] | None = None, free_u: bool = True) -> MatchModel:
    """Fit m (and the share of duplicates) to the compared pairs; scores use the random-pair u.

    With `free_u` the non-duplicates among the compared pairs get their own u during the fit:
    they agree more often than random pairs (that is why they were compared), and a fixed
    random-pair u would push that agreement into m (measured: it made surnames look like
    identity and doubled the estimated share of duplicates).
    """
    patterns, counts = _patterns(levels)
    fixed = np.empty(0)
    if labelled is not None and len(labelled.levels):
        label_patterns, inverse = np.unique(labelled.levels, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        matches = np.bincount(inverse, weights=labelled.is_match.astype(float), minlength=len(label_patterns))
        totals = np.bincount(inverse, minlength=len(label_patterns)).astype(float)
        patterns = np.concatenate([patterns, label_patterns, label_patterns]) if len(patterns) else \
            np.concatenate([label_patterns, label_patterns])
        fixed = np.concatenate([np.ones(len(label_patterns)), np.zeros(len(label_patterns))])
        counts = np.concatenate([counts, matches * decision_weight, (totals - matches) * decision_weight])
    unlabelled = len(counts) - len(fixed)
    sizes = [len(BY_FIELD[name].levels) for name in fields]
    expected = {name: _expected_m(BY_FIELD[name]) for name in fields}
    m = {name: [1.0, *expected[name].tolist()] for name in fields}
    u = {name: list(u_random[name]) for name in fields}
    if free_u:
        # Compared pairs that are different people still agree more often than random pairs
        # (they were compared because something agreed); let the model learn that.
        for column, name in enumerate(fields):
            by_level = np.bincount(patterns[:unlabelled, column], weights=counts[:unlabelled],
                                   minlength=sizes[column])[1:] + 1.0
            u[name] = [1.0, *(by_level / by_level.sum()).tolist()]
    share = 0.1
    iterations = 0
    total_pairs = float(counts[:unlabelled].sum()) if unlabelled else 0.0
    for iterations in range(1, MAX_ITERATIONS + 1):  # noqa: B007 - the count is reported
        log_ratio = np.full(len(patterns), math.log(share / (1 - share)))
        for column, name in enumerate(fields):
            ratio = np.log(np.asarray(m[name]) / np.asarray(u[name]))
            ratio[0] = 0.0
            log_ratio += ratio[patterns[:, column]]
        resp = 1.0 / (1.0 + np.exp(-np.clip(log_ratio, -700, 700)))
        if len(fixed):
            resp[unlabelled:] = fixed
        weighted = resp * counts
        change = 0.0
        for column, name in enumerate(fields):
            size = sizes[column]
            # Maximum a posteriori: the expected m counts as PRIOR_PAIRS pairs of evidence.
            by_level = np.bincount(patterns[:, column], weights=weighted, minlength=size)[1:] \
                + PRIOR_PAIRS * expected[name]
            new = np.maximum(by_level / by_level.sum(), MIN_PROBABILITY)
            new = new / new.sum()
            change = max(change, float(np.abs(new - np.asarray(m[name][1:])).max()))
            m[name] = [1.0, *new.tolist()]
            if free_u:
                other = np.bincount(patterns[:, column], weights=(1 - resp) * counts, minlength=size)[1:]
                if other.sum() > 0:
                    other = np.maximum(other / other.sum(), MIN_PROBABILITY)
                    u[name] = [1.0, *(other / other.sum()).tolist()]
        new_share = float(weighted[:unlabelled].sum() / total_pairs) if total_pairs else share
        new_share = min(max(new_share, 1e-6), 0.999)
        change = max(change, abs(new_share - share))
        share = new_share
        if change < TOLERANCE:
            break
    expected = share * total_pairs
    shared: dict[str, float] = {}
    if unlabelled:
        different = (1.0 - resp[:unlabelled]) * counts[:unlabelled]
        for column, name in enumerate(fields):
            if name in SHARED_VALUE_FIELDS:
                shared[name] = float(different[patterns[:unlabelled, column] == Comparison.EXACT].sum())
    return MatchModel(list(fields), m, {name: list(u_random[name]) for name in fields},
                      match_rate=expected / max(features.size, 1), iterations=iterations,
                      pairs=int(total_pairs), labelled=len(labelled.levels) if labelled is not None else 0,
                      factors=dict(factors or {}), family=estimate_family(features, fields, levels, u_random, m),
                      shared=shared)


# ---------------------------------------------------------------------- levels read together

# Levels at which a first name or a surname agrees (a name in common, possibly mistyped).
_NAMES_AGREE = {"first_name": ("exact", "nickname", "typo", "sounds_alike", "initial"),
                "last_name": ("exact", "typo", "sounds_alike", "part", "similar")}


def names_explain_mailboxes(fields: list[str], levels: np.ndarray) -> None:
    """The same mailbox name at another provider counts as two different addresses when the
    names agree as well (in place).

    'ehuisman@kpnmail.nl' and 'ehuisman@gmail.com' are made of the name Eva Huisman: two
    namesakes write them as readily as one person does, so with the names already counted the
    mailbox name adds nothing of its own, and the two addresses are simply different ones (on the
    generator's 10^5 customers such pairs were one person one time in eight while scoring 1,000
    to 1 for). Without names in common (a married name, a sign-up without one) the mailbox name
    still speaks for itself. And with one e-mail address in common (or one slip apart), the birth
    year it ends in is part of what the two share, not a second finding.
    """
    if "email" in fields and "email_year" in fields and len(levels):
        same = np.isin(levels[:, fields.index("email")], [Comparison.EXACT, BY_FIELD["email"].index("typo"),
                                                          BY_FIELD["email"].index("separators")])
        levels[same, fields.index("email_year")] = Comparison.MISSING
    if "email" not in fields or "first_name" not in fields or not len(levels):
        return
    email = BY_FIELD["email"]
    column = fields.index("email")
    rows = np.isin(levels[:, column], [email.index("same_name"), email.index("separators")])
    if not rows.any():
        return
    first = BY_FIELD["first_name"]
    rows &= np.isin(levels[:, fields.index("first_name")], [first.index(k) for k in _NAMES_AGREE["first_name"]])
    surname = np.zeros(len(levels), dtype=bool)
    if "last_name" in fields:
        last = BY_FIELD["last_name"]
        surname |= np.isin(levels[:, fields.index("last_name")], [last.index(k) for k in _NAMES_AGREE["last_name"]])
    if "email_name" in fields:
        surname |= levels[:, fields.index("email_name")] == BY_FIELD["email_name"].index("in_email")
    levels[rows & surname, column] = email.different


def contacts_explain_surnames(fields: list[str], levels: np.ndarray, swapped: np.ndarray | None = None) -> None:
    """Another surname with an e-mail address, a phone number or a house in common and the first
    name agreeing counts neither way (in place): a name changed at marriage.

    'Ann Ortiz' and 'Ann Watkins' at ann_watkins54@yahoo.com are one woman before and after her
    wedding far more often than two Anns sharing a mailbox or a house (on the generator's 10^5
    customers, of the candidate pairs this rule touched 1,461 were one person and 54 two). A
    household shares contacts too, but with other first names: those stay as they are (the
    household rule weighs them). Not where the names are read crosswise (`swapped`): there the
    "surnames" compared are first names, and two of them at one address are two people.
    """
    if "last_name" not in fields or "first_name" not in fields or not len(levels):
        return
    shared = at_any(fields, levels, SHARED_CONTACT_LEVELS)  # what a person keeps when the surname changes
    if not shared.any():
        return
    first = BY_FIELD["first_name"]
    shared &= np.isin(levels[:, fields.index("first_name")], [first.index(k) for k in _NAMES_AGREE["first_name"]])
    if swapped is not None:
        shared &= ~swapped
    column = fields.index("last_name")
    levels[shared & (levels[:, column] == BY_FIELD["last_name"].different), column] = Comparison.MISSING


def levels_together(fields: list[str], levels: np.ndarray, swapped: np.ndarray | None = None) -> None:
    """Every reading of one field's level with another's (in place), in the order they apply;
    `swapped`: per pair whether its names were read crosswise."""
    names_explain_mailboxes(fields, levels)
    contacts_explain_surnames(fields, levels, swapped)


# ---------------------------------------------------------------------- scores


# Fields whose every pair of customers sharing a value is compared (each value is a blocking key;
# a value held by more customers than a block takes is common anyway).
SHARED_VALUE_FIELDS = ("email", "phone")


def term_frequency_weight(model: MatchModel, name: str, frequency: np.ndarray, customers: int,
                          reference: np.ndarray | None = None, reference_weight: float = 0.0) -> np.ndarray:
    """Weight of an exact agreement on values held by `frequency` customers each (for e-mails and
    phones: people, `Features.people_holding`).

    The chance that another customer holds the value is read from how many hold it. For an
    e-mail address or a phone number held by the two alone that says "one in N" (the other
    holder is the other side) while the question is whether the two are one person: most such
    addresses are one person's twice. There the list says instead how often two *different*
    customers share an address at all (couples, a shared office line): the pairs sharing one
    that the fit takes for different people (`MatchModel.shared`, plus one), out of all pairs.
    On the generator's 10^5 customers (478 such pairs) a private address held by the two counts
    about 7 bits more.
    """
    m_exact = model.m[name][Comparison.EXACT]
    u_value = np.maximum(frequency - 1, 1) / max(_population(name, customers) - 1, 1)
    if reference is not None and reference_weight > 0:
        # Names: the list's own count blended with the customers' countries' statistics (reference.py).
        u_value = (np.maximum(frequency - 1, 1) + reference_weight * reference) / (
            max(customers - 1, 1) + reference_weight)
    if name in model.shared:
        population = _population(name, customers)
        floor = (model.shared[name] + 1.0) / (population * (population - 1) / 2)
        u_value = np.maximum(np.maximum(frequency - 2, 0) / max(population - 1, 1), floor)
    return model.factors.get(name, 1.0) * np.log2(m_exact / u_value)


def _name_frequency(features: Features, ids: np.ndarray) -> np.ndarray:
    """Customers holding a name in either name field: 'Kranz' written as a first name once is a
    surname, and as common as that surname, not a first name no one else has."""
    total = np.zeros(len(ids), dtype=np.int64)
    for name in ("first_name", "last_name"):
        frequency = features.fields[name].frequency
        assert frequency is not None
        inside = ids < len(frequency)
        total[inside] += frequency[ids[inside]]
    return total


def score_pairs(model: MatchModel, features: Features, levels: np.ndarray, matched: np.ndarray,
                swapped: np.ndarray | None = None,
                named: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score of every pair (bits), whether it has a conflict, and each field's weight (pairs × fields).

    With a conflict, the contact fields together add nothing positive (see comparisons.py).
    Names read crosswise (`swapped`) count as common as they are in either name field.
    `named` (per pair: both first names are names the list knows, `coherence.established_first_names`):
    first names merely similar ('Dsnniel' and 'Daniel') are a conflict only between two known
    names (Christine and Christopher); with a name nobody else holds they are a slip of the keys.
    """
    n = features.size
    weights = np.zeros(levels.shape, dtype=np.float32)  # 10^7 pairs × 10 fields: keep it small
    same_surname = levels[:, model.fields.index("last_name")] == Comparison.EXACT \
        if "last_name" in model.fields else np.zeros(len(levels), dtype=bool)
    house = shares_house(model.fields, levels)
    family = same_surname & house if house is not None else np.zeros(len(levels), dtype=bool)
    conflict = np.zeros(len(levels), dtype=bool)
    contact = np.zeros(len(levels), dtype=np.float64)
    reference = name_reference(features)
    for column, name in enumerate(model.fields):
        comparison = BY_FIELD[name]
        table = np.asarray([model.weight(name, level) for level in range(len(comparison.levels))])
        column_levels = levels[:, column]
        column_weights = table[column_levels]
        if comparison.term_frequency:
            exact = np.flatnonzero((column_levels == Comparison.EXACT) & (matched[:, column] >= 0))
            # A shared contact counts as common as the people holding it, not its unmerged records.
            frequency = features.people_holding(name) if name in SHARED_VALUE_FIELDS else features.fields[name].frequency
            assert frequency is not None
            counts = frequency[matched[exact, column]]
            shares, blend = None, 0.0
            if name in ("first_name", "last_name") and reference is not None and name in reference.share:
                shares, blend = reference.share[name][matched[exact, column]], reference.weight
            if swapped is not None and name in ("first_name", "last_name"):
                crossed = swapped[exact]
                counts[crossed] = _name_frequency(features, matched[exact[crossed], column])
                if shares is not None:  # read crosswise: as common as in either name field
                    ids = matched[exact[crossed], column]
                    shares[crossed] = reference.share["first_name"][ids] + reference.share["last_name"][ids]
            column_weights[exact] = term_frequency_weight(model, name, counts, n, shares, blend)
        if name == "email_name" and "last_name" in features.fields:
            # The surname read from an e-mail address counts no more than that surname in common
            # would ('weber' in a mailbox is as common as the Webers are; see compare.py).
            read = np.flatnonzero((column_levels == comparison.index("in_email")) & (matched[:, column] >= 0))
            frequency = features.fields["last_name"].frequency
            assert frequency is not None
            surname = model.factors.get(name, 1.0) * np.log2(model.m[name][comparison.index("in_email")] / (
                np.maximum(frequency[matched[read, column]] - 1, 1) / max(n - 1, 1)))
            column_weights[read] = np.minimum(column_weights[read], surname)
        if name in FAMILY_FIELDS and same_surname.any():
            cap = family_cap(model, name, column_levels[same_surname])
            if cap is not None:  # with one surname a shared house is a family's before it is a person's
                column_weights[same_surname] = np.minimum(column_weights[same_surname], np.maximum(cap, 0.0))
        if name == "first_name" and family.any():
            cap = family_cap(model, name, column_levels[family])
            if cap is not None:  # with one surname and one house a first name is a family's before a person's
                column_weights[family] = np.minimum(column_weights[family], np.maximum(cap, 0.0))
        weights[:, column] = column_weights
        if comparison.contact:
            contact += column_weights
        for level, spec in enumerate(comparison.levels):
            if spec.conflict:
                if named is not None and name == "first_name" and spec.key == "similar":
                    conflict |= (column_levels == level) & named
                else:
                    conflict |= column_levels == level
    if "identifier" in model.fields:  # a personal identifier in common is no household's: no conflict then
        conflict &= levels[:, model.fields.index("identifier")] != Comparison.EXACT
    names_never_outweigh(model.fields, levels, weights)
    prior = model.prior(n)
    score = prior + weights.sum(axis=1, dtype=np.float64)
    if model.household_rule:
        taken = np.where(conflict, np.maximum(contact, 0.0), 0.0)
        odds = household_odds(model)
        if odds is not None and house is not None and "last_name" in model.fields:
            # A pair with one surname and one house is one person or one family: with a conflict
            # it keeps as much of the shared house as makes the surname and the house together
            # worth what the list's own households say they are (no more than they added).
            rows = conflict & same_surname & house
            surname = weights[rows, model.fields.index("last_name")].astype(np.float64)
            kept = np.clip(odds - prior - surname, 0.0, taken[rows])
            taken[rows] -= kept
        score -= taken
    return score, conflict, weights


# Where both have a value and it differs: a birth date beyond a typo, an e-mail, a phone, a house.
_CONTRADICTING = {"birth_date": ("different",), "email": OTHER_MAILBOX, "phone": ("different",),
                  "address": ("same_street", "same_place", "different")}


def names_never_outweigh(fields: list[str], levels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """A full name in common never outweighs a birth date, an e-mail, a phone and an address that
    all differ (in place; returns the rows changed).

    Two people of one name, each with their own birth date, e-mail, phone and house, are two
    people, however rare the name: in a small master every name looks rare, and two namesakes'
    full name outweighed all four. For such pairs what the first name and the surname add
    together is cut to what the four differences take away (each name in proportion), so the
    pair ends no higher than its other evidence puts it. Explanations show the cut weights.
    """
    if not len(levels) or any(name not in fields for name in (*_CONTRADICTING, "first_name", "last_name")):
        return np.zeros(len(levels), dtype=bool)
    rows = np.ones(len(levels), dtype=bool)
    for name, keys in _CONTRADICTING.items():
        rows &= at_levels(fields, levels, name, keys)
    if not rows.any():
        return rows
    columns = [fields.index(name) for name in _CONTRADICTING]
    names = [fields.index("first_name"), fields.index("last_name")]
    against = -weights[np.ix_(rows, columns)].astype(np.float64).sum(axis=1)
    given = np.maximum(weights[np.ix_(rows, names)].astype(np.float64), 0.0)
    total = given.sum(axis=1)
    allowed = np.maximum(against, 0.0)
    over = total > allowed
    scale = np.where(over, allowed / np.where(total > 0, total, 1.0), 1.0)
    capped = np.where(given > 0, given * scale[:, None], weights[np.ix_(rows, names)])
    weights[np.ix_(rows, names)] = capped.astype(weights.dtype)
    changed = np.zeros(len(levels), dtype=bool)
    changed[np.flatnonzero(rows)[over]] = True
    return changed


def probability(score: float | np.ndarray) -> Any:
    return 1.0 / (1.0 + np.power(2.0, -np.clip(score, -1000, 1000)))
