"""Real export layouts are mapped the way their systems mean them.

The tuning corpus has a test per layout and a bar for all of them together; the held-out
corpus, set aside before tuning, is scored as a whole and its failures say only the figure, so
that nobody tunes on it by reading them.
"""

from __future__ import annotations

import pytest
from import_corpus import (
    HOLDOUT,
    HOLDOUT_2,
    HOLDOUT_3,
    HOLDOUT_4,
    HOLDOUT_5,
    HOLDOUT_6,
    HOLDOUT_7,
    HOLDOUT_8,
    HOLDOUT_9,
    HOLDOUT_10,
    HOLDOUT_11,
    HOLDOUT_12,
    HOLDOUT_13,
    HOLDOUT_14,
    HOLDOUT_15,
    HOLDOUT_16,
    HOLDOUT_17,
    HOLDOUT_18,
    HOLDOUT_19,
    HOLDOUT_20,
    HOLDOUT_21,
    HOLDOUT_22,
    HOLDOUT_23,
    HOLDOUT_24,
    HOLDOUT_25,
    HOLDOUT_26,
    HOLDOUT_27,
    HOLDOUT_28,
    HOLDOUT_29,
    HOLDOUT_30,
    HOLDOUT_31,
    HOLDOUT_32,
    HOLDOUT_33,
    HOLDOUT_34,
    HOLDOUT_35,
    HOLDOUT_36,
    HOLDOUT_37,
    HOLDOUT_38,
    HOLDOUT_39,
    HOLDOUT_40,
    HOLDOUT_41,
    HOLDOUT_42,
    HOLDOUT_43,
    HOLDOUT_44,
    HOLDOUT_45,
    HOLDOUT_46,
    HOLDOUT_47,
    HOLDOUT_48,
    HOLDOUT_49,
    HOLDOUT_50,
    HOLDOUT_51,
    HOLDOUT_52,
    HOLDOUT_53,
    HOLDOUT_54,
    HOLDOUT_55,
    HOLDOUT_56,
    HOLDOUT_57,
    HOLDOUT_58,
    HOLDOUT_59,
    HOLDOUT_60,
    HOLDOUT_61,
    HOLDOUT_62,
    HOLDOUT_63,
    HOLDOUT_64,
    HOLDOUT_65,
    HOLDOUT_66,
    HOLDOUT_67,
    HOLDOUT_68,
    HOLDOUT_69,
    HOLDOUT_70,
    HOLDOUT_71,
    HOLDOUT_72,
    HOLDOUT_73,
    MORE,
    MORE_2,
    MORE_3,
    TUNING,
    layouts,
    overall,
    score,
)

TUNING_BAR = 0.98
HOLDOUT_BAR = 0.95
PER_LAYOUT_BAR = 0.9


@pytest.mark.parametrize("folder", layouts(TUNING), ids=lambda p: p.name)
def test_each_layout_is_mapped_as_its_system_means_it(folder):
    result = score(folder)
    assert result.problem is None, result.problem
    wrong = "\n".join(f"  {column!r}: proposed {proposed!r}, means {expected!r}"
                      for column, proposed, expected in result.wrong)
    assert result.share >= PER_LAYOUT_BAR, f"{result.right}/{result.total} columns right:\n{wrong}"


def test_the_tuning_layouts_together_map_at_98_percent_of_columns():
    folders = layouts(TUNING)
    assert len(folders) >= 30, "the corpus holds at least 30 layouts"
    right, total = overall([score(f) for f in folders])
    assert right / total >= TUNING_BAR, f"{right} of {total} columns right ({right / total:.1%})"


@pytest.mark.parametrize("corpus", [MORE, MORE_2, MORE_3], ids=["more", "more2", "more3"])
def test_layouts_no_profile_knows_map_at_95_percent_of_columns(corpus):
    folders = layouts(corpus)
    assert len(folders) >= 20
    right, total = overall([score(f) for f in folders])
    assert right / total >= 0.95, f"{right} of {total} columns right ({right / total:.1%})"


@pytest.mark.parametrize("corpus, floor", [(HOLDOUT_70, 0.95), (HOLDOUT_71, 0.95), (HOLDOUT_72, 0.93),
                                           (HOLDOUT_73, 0.95)], ids=["holdout70", "holdout71", "holdout72", "holdout73"])
def test_sets_never_tuned_on_keep_their_first_try(corpus, floor):
    """Sets 70-73 were built by people who had not seen the mapping, scored once on the mapping left by the
    work on sets 66-69 (95.1, 95.9, 93.8 and 95.1 %: 95.0 % of their 1,360 columns; the system exports 97.6 %,
    the hand-made lists 87.5 %), and nothing was tuned on them: the mapping as it generalises, kept from sliding
    back."""
    folders = layouts(corpus)
    assert len(folders) >= 20
    right, total = overall([score(f) for f in folders])
    assert right / total >= floor, f"{right} of {total} columns right ({right / total:.1%})"


def test_the_sets_never_tuned_on_map_at_95_percent_of_their_columns_together():
    """The issue's bar for layouts set aside before tuning, on the four sets scored last (1,292 of 1,360)."""
    scores = [score(f) for corpus in (HOLDOUT_70, HOLDOUT_71, HOLDOUT_72, HOLDOUT_73) for f in layouts(corpus)]
    right, total = overall(scores)
    assert total >= 1300 and right / total >= 0.95, f"{right} of {total} columns right ({right / total:.2%})"


def test_the_held_out_layouts_map_at_95_percent_of_columns():
    folders = layouts(HOLDOUT)
    assert len(folders) >= 12, "the held-out set holds at least 12 layouts"
    scores = [score(f) for f in folders]
    unreadable = sum(1 for s in scores if s.problem)
    right, total = overall(scores)
    assert right / total >= HOLDOUT_BAR and not unreadable, \
        f"held-out: {right} of {total} columns right ({right / total:.1%}), {unreadable} files unreadable"


@pytest.mark.parametrize("corpus, floor", [(HOLDOUT_2, 0.95), (HOLDOUT_3, 0.94), (HOLDOUT_4, 0.94), (HOLDOUT_5, 0.95),
                                           (HOLDOUT_6, 0.95), (HOLDOUT_7, 0.94), (HOLDOUT_8, 0.95), (HOLDOUT_9, 0.94),
                                           (HOLDOUT_10, 0.91), (HOLDOUT_11, 0.95), (HOLDOUT_12, 0.98),
                                           (HOLDOUT_13, 0.96), (HOLDOUT_14, 0.97), (HOLDOUT_15, 0.96),
                                           (HOLDOUT_16, 0.97), (HOLDOUT_17, 0.97), (HOLDOUT_18, 0.96),
                                           (HOLDOUT_19, 0.98), (HOLDOUT_20, 0.96),
                                           (HOLDOUT_21, 0.97), (HOLDOUT_22, 0.94),
                                           (HOLDOUT_23, 0.95), (HOLDOUT_24, 0.92),
                                           (HOLDOUT_25, 0.95), (HOLDOUT_26, 0.97),
                                           (HOLDOUT_27, 0.96), (HOLDOUT_28, 0.98),
                                           (HOLDOUT_29, 0.98), (HOLDOUT_30, 0.97),
                                           (HOLDOUT_31, 0.94), (HOLDOUT_32, 0.96),
                                           (HOLDOUT_33, 0.97), (HOLDOUT_34, 0.95),
                                           (HOLDOUT_35, 0.96), (HOLDOUT_36, 0.95), (HOLDOUT_37, 0.97),
                                           (HOLDOUT_38, 0.96), (HOLDOUT_39, 0.96),
                                           (HOLDOUT_40, 0.96), (HOLDOUT_41, 0.96),
                                           (HOLDOUT_42, 0.96), (HOLDOUT_43, 0.95),
                                           (HOLDOUT_44, 0.94), (HOLDOUT_45, 0.96), (HOLDOUT_46, 0.97),
                                           (HOLDOUT_47, 0.97), (HOLDOUT_48, 0.95), (HOLDOUT_49, 0.95),
                                           (HOLDOUT_50, 0.94), (HOLDOUT_51, 0.98), (HOLDOUT_52, 0.95),
                                           (HOLDOUT_53, 0.98), (HOLDOUT_54, 0.95), (HOLDOUT_55, 0.95),
                                           (HOLDOUT_56, 0.96), (HOLDOUT_57, 0.94), (HOLDOUT_58, 0.92),
                                           (HOLDOUT_59, 0.95), (HOLDOUT_60, 0.94), (HOLDOUT_61, 0.96),
                                           (HOLDOUT_62, 0.94), (HOLDOUT_63, 0.96), (HOLDOUT_64, 0.96),
                                           (HOLDOUT_65, 0.95), (HOLDOUT_66, 0.97), (HOLDOUT_67, 0.99),
                                           (HOLDOUT_68, 0.97), (HOLDOUT_69, 0.97)],
                         ids=["holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8",
                              "holdout9", "holdout10", "holdout11", "holdout12", "holdout13", "holdout14", "holdout15",
                              "holdout16", "holdout17", "holdout18", "holdout19", "holdout20", "holdout21",
                              "holdout22", "holdout23", "holdout24", "holdout25", "holdout26",
                              "holdout27", "holdout28", "holdout29",
                              "holdout30", "holdout31", "holdout32",
                              "holdout33", "holdout34", "holdout35", "holdout36", "holdout37", "holdout38", "holdout39", "holdout40", "holdout41", "holdout42", "holdout43", "holdout44", "holdout45",
                              "holdout46", "holdout47", "holdout48", "holdout49", "holdout50", "holdout51",
                              "holdout52", "holdout53", "holdout54", "holdout55", "holdout56", "holdout57",
                              "holdout58", "holdout59", "holdout60", "holdout61", "holdout62", "holdout63",
                              "holdout64", "holdout65", "holdout66", "holdout67", "holdout68", "holdout69"])
def test_held_out_sets_tuned_on_after_their_first_try_keep_what_they_reached(corpus, floor):
    """Sets 2-69 mapped, on their first try, 82.0, 89.4, 89.4, 92.4, 94.7, 91.9, 91.0, 94.3, 87.1, 93.2, 90.9,
    90.4, 94.9, 93.7, 90.0, 94.7, 93.4, 94.8, 84.6, 90.5, 86.7, 91.3, 86.0, 91.8, 94.5, 94.2, 93.0, 95.6, 94.4,
    91.0, 95.0, 95.1, 93.2, 95.0, 89.6, 90.6, 92.8, 92.1, 92.8, 92.4, 92.8, 93.2, 92.3, 93.6, 95.6, 96.1, 94.9, 92.1, 88.0, 92.4, 92.6, 93.5, 92.2, 92.8, 94.6, 92.1, 90.2, 93.4, 93.9, 92.2, 93.1, 94.5, 93.1, 92.8, 94.4, 95.8, 93.3 and 94.1 % of their columns; their failures were then worked on (97.6, 95.6, 94.7, 97.5, 98.1, 95.5,
    96.6, 96.9, 92.0, 95.1, 99.0, 97.5, 98.1, 97.5, 98.0, 97.5, 97.0, 98.3, 96.5, 97.6, 94.5, 95.2, 92.9, 95.4,
    97.9, 96.3, 98.7, 98.6, 97.7, 94.6, 96.7, 97.7, 96.1, 96.3, 95.4, 97.6, 96.9, 96.7, 96.1, 95.9, 96.6, 95.6, 94.4, 96.8, 97.1, 97.8, 95.8, 95.4, 94.0, 98.7, 95.7, 98.1, 95.4, 95.5, 97.0, 94.1, 92.9, 95.1, 94.4, 96.5, 94.8, 96.8, 96.1, 95.7, 97.0, 99.1, 97.2 and 97.8 %): tuning material now, kept from sliding back. The next
    held-out set has to be built anew, by someone who has not seen the mapping. Sets 7 and 9 went down by a
    point and a half when a plain address beside a shipping one became the billing address (their builders
    kept it plain; those of sets 4, 10, 34, 36, 43 and most later ones wrote billing, as the brief says)."""
    folders = layouts(corpus)
    assert len(folders) >= 20
    right, total = overall([score(f) for f in folders])
    assert right / total >= floor, f"{corpus.name}: {right} of {total} columns right ({right / total:.1%})"
