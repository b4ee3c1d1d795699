"""How right the merged golden records are, on the tuning golden set (see tests/golden/).

The tuning population's files, as sixteen systems export them, are imported into a fresh master,
matched and merged with the auto-merge rules; every golden record is then compared field by
field with the truth of the people it holds. The targets are the issue's: at least 97 % of
(person, field) cells right, and no field below 93 %. The held-out set is scored by
`tests/benchmarks/bench_golden.py`, not here: nobody tunes on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden.harness import Result, build, run
from golden.layouts import LAYOUTS, sample_form
from golden.sets import TUNING

from workbench.ingest.plan import inspect_file

OVERALL_TARGET = 0.97
FIELD_TARGET = 0.93


@pytest.fixture(scope="module")
def tuning(tmp_path_factory: pytest.TempPathFactory) -> Result:
    return run(TUNING, folder=tmp_path_factory.mktemp("golden"))


def test_every_file_reads_as_the_system_that_wrote_it(tmp_path: Path) -> None:
    built = build(TUNING, tmp_path)
    for layout_id, path, rows in built.files:
        plan = inspect_file(path)
        recognised = plan.recognised.profile.id if plan.recognised else None
        assert recognised == (layout_id if layout_id != "handmade_kundenliste_de" else None), path.name
        assert rows, f"{layout_id}: nobody in it"


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    first = build(TUNING, tmp_path / "a", size=40)
    second = build(TUNING, tmp_path / "b", size=40)
    for (_, a, _rows), (_, b, _rows2) in zip(first.files, second.files, strict=True):
        if a.suffix != ".xlsx":  # a workbook records when it was saved
            assert a.read_bytes() == b.read_bytes(), a.name


def test_files_have_the_headings_of_the_systems_own_exports(tmp_path: Path) -> None:
    built = build(TUNING, tmp_path, size=40)
    for layout_id, path, _rows in built.files:
        plan = inspect_file(path)
        assert plan.columns == sample_form(LAYOUTS[layout_id]).headings, path.name


def test_everyone_is_in_some_file_and_every_layout_is_used(tuning: Result) -> None:
    assert tuning.people == TUNING.size
    assert tuning.files == len(TUNING.memberships) >= 15
    assert {m.layout for m in TUNING.memberships} <= set(LAYOUTS)


def test_golden_records_meet_the_accuracy_targets(tuning: Result) -> None:
    low = {name: share for name, share in tuning.field_shares().items() if share < FIELD_TARGET}
    # the messages below carry the per-field table and the commonest wrong cells
    # ---- TARGET 1 of the issue: at least 97 % of (person, field) cells right ----------------
    assert tuning.share() >= OVERALL_TARGET, (
        f"{tuning.share():.1%} of cells right, target {OVERALL_TARGET:.0%}\n{tuning.report(20)}")
    # ---- TARGET 2 of the issue: no field below 93 % ------------------------------------------
    assert not low, (f"fields below {FIELD_TARGET:.0%}: "
                     + ", ".join(f"{k} {v:.1%}" for k, v in sorted(low.items())) + f"\n{tuning.report(20)}")


def test_no_planted_pair_is_merged_and_merged_rows_are_one_person(tuning: Result) -> None:
    # The matching issue's target on a multi-source set: couples, namesakes, colleagues, parents
    # and children never in one golden record, and pairwise precision of the rows at least 0.99.
    assert not tuning.planted_merged, tuning.report(0)
    assert tuning.pair_precision() >= 0.99, tuning.report(0)


@pytest.fixture(scope="module")
def tuning_2(tmp_path_factory: pytest.TempPathFactory) -> Result:
    from golden.sets import TUNING_2

    return run(TUNING_2, folder=tmp_path_factory.mktemp("golden-2"))


def test_the_second_tuning_set_keeps_colleagues_couples_and_families_apart(tuning_2: Result) -> None:
    """Two Bärbels of one flower shop, each with their own mailbox there, shared its switchboard
    number and address; a Niccolò Rossi and his father, each with their own e-mail, shared a town;
    namesakes of a common name. No planted pair ends in one golden record."""
    assert not tuning_2.planted_merged, tuning_2.report(0)
    assert tuning_2.share() >= OVERALL_TARGET, tuning_2.report(20)
    assert tuning_2.pair_precision() >= 0.99, tuning_2.report(0)
