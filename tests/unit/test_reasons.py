"""Reasons in the steward's words: sentences, strengths, a confidence in percent, thresholds as wrong merges."""

from __future__ import annotations

import pytest

from workbench.stewardship.queue import CandidateInfo
from workbench.stewardship.reasons import (
    bits_for_one_in,
    confidence,
    one_in,
    percent,
    reasons,
    rounded,
    strength,
    wrong_share_text,
)


def pair(a: int, b: int, score: float, *entries: dict) -> CandidateInfo:
    return CandidateInfo(a * 100 + b, a, b, score, "open", list(entries))


EMAIL = {"field": "email", "label": "E-mail address", "level": "exact", "weight": 6.2, "left": "a@x.de",
         "right": "a@x.de"}
BIRTH = {"field": "birth_date", "label": "Birth date", "level": "different", "weight": -5.0, "left": "1971-02-14",
         "right": "1971-04-12"}
PHONE = {"field": "phone", "label": "Phone", "level": "missing", "weight": 0.0, "left": "", "right": "+49 211"}
PRIOR = {"field": "prior", "label": "Starting point", "level": "prior", "weight": -12.0}


@pytest.mark.parametrize(("bits", "words"), [
    (9.0, "very strong"), (6.2, "strong"), (2.0, "moderate"), (0.5, "weak"), (0.0, "says little"),
    (-5.0, "strong against"), (-1.6, "moderate against"),
])
def test_strength_words(bits, words):
    assert strength(bits) == words


def test_a_pair_reads_as_sentences_strongest_first_without_the_starting_point():
    found = reasons([pair(1, 2, 9.0, PRIOR, EMAIL, BIRTH, PHONE)])
    assert [(r.sentence, r.strength) for r in found] == [
        ("Same e-mail address", "strong"), ("Different birth date", "strong against"),
        ("No phone to compare on one side", "says little")]
    assert found[1].detail == "1971-02-14 / 1971-04-12"


def test_a_group_counts_each_reason_over_its_pairs():
    group = [pair(1, 2, 20.0, EMAIL), pair(2, 3, 15.0, EMAIL, BIRTH), pair(1, 3, 4.0, PHONE, BIRTH)]
    found = {r.sentence: r for r in reasons(group)}
    assert found["Same e-mail address"].detail == "in 2 of 3 pairs"
    assert found["Different birth date"].detail == "in 2 of 3 pairs"


def test_a_groups_confidence_is_its_weakest_necessary_link():
    # 1–2 and 2–3 hold the group together; the weak 1–3 is not needed.
    sure = confidence([pair(1, 2, 12.0), pair(2, 3, 7.0), pair(1, 3, 1.0)])
    assert sure.weakest == (2, 3)
    assert sure.percent == "99.2 %"
    assert sure.words == "Very likely the same customer"
    assert confidence([pair(1, 2, 0.0)]).words == "Possibly the same customer"
    assert percent(1.0) == "more than 99.9 %"


def test_thresholds_as_the_share_of_wrong_merges():
    assert one_in(4.0) == 17  # the old default "94.1 % the same": about 1 merge in 17 wrong
    assert wrong_share_text(4.0) == "at most 1 in 17 wrong"
    assert wrong_share_text(bits_for_one_in(1000)) == "at most 1 in 1,000 wrong"
    assert rounded(33_333) == 33_000 and rounded(1_025) == 1_000
    assert abs(bits_for_one_in(1000) - 9.96) < 0.01
