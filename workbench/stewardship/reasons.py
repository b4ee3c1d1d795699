"""Why records were grouped, in the steward's words: sentences with a strength, and a confidence in percent.

Matching stores, per candidate pair, what each field added to the score in bits (log2 of the
odds). People read "same e-mail address — strong" and "very likely the same customer (99.6 %)"
far better, so this module turns those entries into reasons, one per field and direction,
summed up over every pair of a group. Bits stay available for the expert details.

Thresholds get the same treatment: a score at or above `t` bits means odds of at least 2^t
to 1 for the same customer, so at most one merge in 1 + 2^t made there is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.matching.explain import describe
from workbench.matching.model import probability
from workbench.stewardship.queue import AGREE_LEVELS, MISSING_LEVELS, CandidateInfo, field_label

# What a field's bits say, in words: each step is about 16 times (4 bits) the odds of the one below.
STRENGTHS = ((8.0, "very strong"), (4.0, "strong"), (1.5, "moderate"), (0.05, "weak"))
NOT_REASONS = ("prior", "group")  # the starting point and matching's notes are not reasons about fields
CONFIDENCE_WORDS = ((0.999, "Almost certainly the same customer"), (0.99, "Very likely the same customer"),
                    (0.95, "Likely the same customer"), (0.80, "Probably the same customer"),
                    (0.50, "Possibly the same customer"), (0.0, "Probably not the same customer"))


def strength(bits: float) -> str:
    """'strong', 'moderate against', 'says little' — how much a reason moves the odds."""
    size = abs(bits)
    word = next((w for limit, w in STRENGTHS if size >= limit), None)
    if word is None:
        return "says little"
    return word if bits > 0 else f"{word} against"


def percent(chance: float) -> str:
    value = chance * 100
    if value >= 99.95:
        return "more than 99.9 %"
    if value < 0.05:
        return "less than 0.1 %"
    if 1 <= value <= 99 and abs(value - round(value)) < 0.05:
        return f"{round(value)} %"
    return f"{value:.1f} %"


def short_percent(chance: float) -> str:
    """For a narrow column: '99.2 %', '>99.9 %'."""
    value = chance * 100
    return ">99.9 %" if value >= 99.95 else ("<0.1 %" if value < 0.05 else f"{value:.1f} %")


@dataclass(frozen=True)
class Confidence:
    chance: float
    words: str
    weakest: tuple[int, int] | None = None  # the pair whose link holds the group together least surely

    @property
    def percent(self) -> str:
        return percent(self.chance)


@dataclass(frozen=True)
class Reason:
    field: str
    sentence: str  # "Same e-mail address"
    strength: str  # "strong", "strong against", "says little"
    bits: float  # signed, the mean over the pairs it applies to: for the bar
    detail: str = ""  # the two values for a pair; "in 12 of 40 pairs" for a group


def confidence(candidates: Sequence[CandidateInfo]) -> Confidence | None:
    """How sure matching is that the group is one customer: its weakest necessary link.

    A group is held together by its strongest links (a maximum spanning tree of the pairs);
    the least sure of those is as sure as the whole group can be.
    """
    if not candidates:
        return None
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    weakest: CandidateInfo | None = None
    for candidate in sorted(candidates, key=lambda c: -c.score):
        a, b = find(candidate.customer_a_id), find(candidate.customer_b_id)
        if a != b:
            parent[a] = b
            weakest = candidate  # sorted strongest first: the last link taken is the weakest
    assert weakest is not None
    chance = float(probability(weakest.score))
    words = next(w for limit, w in CONFIDENCE_WORDS if chance >= limit)
    return Confidence(chance, words, (weakest.customer_a_id, weakest.customer_b_id))


def _weight(entry: dict[str, Any]) -> float:
    value = entry.get("weight")
    return float(value) if isinstance(value, int | float) else 0.0


def _label(entry: dict[str, Any]) -> str:
    name = str(entry.get("field") or "")
    label = str(entry.get("label") or field_label(name))
    acronym = label[:2].isalpha() and label[:2].isupper()  # VAT number stays VAT number
    return label if acronym else label[:1].lower() + label[1:]


def _values(entry: dict[str, Any]) -> str:
    left, right = str(entry.get("left") or ""), str(entry.get("right") or "")
    if not left and not right:
        return ""
    if left == right:
        return left
    return f"{left or '—'} / {right or '—'}"


def _sentence(entries: list[dict[str, Any]], bits: float) -> str:
    first = entries[0]
    if first.get("field") == "conflict" or (first.get("description") and first.get("field") not in
                                            ("first_name", "last_name", "email", "phone")):
        text = describe(first)
        return text[:1].upper() + text[1:]
    label = _label(first)
    levels = {str(e.get("level") or "").lower() for e in entries}
    if levels <= set(MISSING_LEVELS) or bits == 0:
        if first.get("description") and first.get("left") and first.get("right"):
            text = describe(first)  # both have one, and a rule says why it counts neither way
            return text[:1].upper() + text[1:]
        return f"No {label} to compare on one side"
    if bits < 0:
        return f"Different {label}"
    if levels <= set(AGREE_LEVELS):
        return f"Same {label}"
    how = describe(first)
    generic = how.lower() in ("", "fuzzy", str(first.get("level") or "").lower()) or \
        how.lower().startswith(("the same", "same", "exact"))
    return f"Similar {label}" + ("" if generic else f" ({how})")


def reasons(candidates: Sequence[CandidateInfo]) -> list[Reason]:
    """One reason per field and direction, strongest first; for a group, counted over its pairs."""
    pairs = len(candidates)
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for candidate in candidates:
        for entry in candidate.explanation:
            name = str(entry.get("field") or "")
            if name in NOT_REASONS:
                continue
            weight = _weight(entry)
            direction = 1 if weight > 0 else (-1 if weight < 0 else 0)
            grouped.setdefault((name, direction), []).append(entry)
    fields_with_weight = {name for name, direction in grouped if direction}
    result = []
    for (name, direction), entries in grouped.items():
        if direction == 0 and name in fields_with_weight:
            continue  # where it did count, that is the reason; "missing in some pairs" adds nothing
        bits = sum(_weight(e) for e in entries) / len(entries)
        if pairs == 1:
            detail = _values(entries[0])
        else:
            detail = f"in {len(entries)} of {pairs} pairs"
        result.append(Reason(name, _sentence(entries, bits), strength(bits), bits, detail))
    result.sort(key=lambda r: (-abs(r.bits), r.sentence))
    return result


def one_in(threshold_bits: float) -> int:
    """At most one automatic merge in this many is wrong, at a threshold of `threshold_bits`."""
    return max(1, round(1 + 2.0 ** min(threshold_bits, 60.0)))


def rounded(count: int) -> int:
    """A figure people read: two significant digits (1 in 17, 1 in 1,000, 1 in 33,000)."""
    if count < 100:
        return count
    scale = 10 ** (int(math.log10(count)) - 1)
    return int(round(count / scale) * scale)


def wrong_share_text(threshold_bits: float) -> str:
    """'at most 1 in 1,000 wrong' for a threshold in bits."""
    count = one_in(threshold_bits)
    if count <= 1:
        return "most would be wrong"
    return f"at most 1 in {rounded(count):,} wrong"


def bits_for_one_in(count: int) -> float:
    """The threshold (in bits) at which at most one merge in `count` is wrong."""
    return math.log2(max(count, 2) - 1)


def chance_text(threshold_bits: float) -> str:
    """'at least 50 % likely the same' for a review threshold in bits."""
    return f"at least {percent(float(probability(threshold_bits)))} likely the same customer"


def auto_merge_choices(preset_bits: Sequence[float]) -> list[tuple[str, float]]:
    """Auto-merge thresholds to choose from, as the share of wrong merges, the presets' own among them."""
    choices: dict[int, float] = {}
    for bits in preset_bits:
        choices.setdefault(rounded(one_in(bits)), bits)
    for count in (100, 1_000, 10_000, 100_000):
        choices.setdefault(count, bits_for_one_in(count))
    return [(wrong_share_text(bits), bits) for _count, bits in sorted(choices.items())]


def review_choices(preset_bits: Sequence[float]) -> list[tuple[str, float]]:
    """Review thresholds to choose from, as how likely a suggested pair is to be the same customer."""
    choices: dict[str, float] = {}
    for bits in preset_bits:
        choices.setdefault(chance_text(bits), bits)
    for chance in (0.01, 0.2, 0.95):
        bits = math.log2(chance / (1 - chance))
        choices.setdefault(chance_text(bits), bits)
    return sorted(((text, bits) for text, bits in choices.items()), key=lambda c: c[1])


def expected_wrong_text(scores: np.ndarray, threshold_bits: float) -> str:
    """What merging automatically at a threshold would do to the pairs found, from the model: how
    many pairs it takes and how many of them are expected to be wrong (the sum, over those pairs,
    of the chance that each is two different customers)."""
    taken = scores[np.searchsorted(scores, threshold_bits, side="left"):]
    if taken.size == 0:
        return "No pair the last search found is at or above this point."
    wrong = float(np.sum(1.0 - probability(taken)))
    pairs = f"{taken.size:,} pair{'s' if taken.size != 1 else ''}"
    if wrong < 0.5:
        return f"Of the {pairs} the last search found at or above this point, none is expected to be wrong."
    share = rounded(max(1, round(taken.size / wrong)))
    return (f"Of the {pairs} the last search found at or above this point, about {round(wrong):,} "
            f"(1 in {share:,}) may be wrong.")
