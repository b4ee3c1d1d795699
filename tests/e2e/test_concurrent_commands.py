"""Many hands on one master: commands run at the same moment from two processes.

Twenty rounds of two overlapping merges (sharing the survivor, the merged-away customer, or
the one in the middle), on SQLite and on PostgreSQL; then a duplicate search beside a bulk
merge. Afterwards nothing may sit on a merged-away customer, no order or source row may be
lost or counted twice, every refused command must have said why in one line, and every
merge must still be undoable, giving each customer back exactly what it had.
"""

from __future__ import annotations

from concurrency_helpers import check_invariants, contributions, run_sides, undo_every_merge
from review_data import add_customer
from sqlalchemy import func, select

from workbench.matching import auto_merge_groups, run_matching
from workbench.sample.generator import generate
from workbench.sample.load import load_sample
from workbench.store.master import open_master
from workbench.store.models import MatchCandidate, format_master_number

ROUNDS = 20
# Which two merges of three customers (0, 1, 2) run at the same moment, round by round.
PATTERNS = [((0, 1), (0, 2)),  # one survivor, two merges into it: both must land, neither lost
            ((0, 2), (1, 2)),  # one customer merged away twice: one must be refused
            ((0, 1), (1, 2))]  # a chain: the middle one is survivor of one and merged away by the other


def _numbers(ids, picks):
    return [format_master_number(ids[i]) for i in picks]


def _one_clear_line(outcome) -> None:
    assert outcome.code in (0, 1), outcome
    # A command that had to wait says so first ("Waiting: the master is busy …"); that is no error.
    lines = [line for line in outcome.stderr.strip().splitlines() if not line.startswith("workbench: Waiting:")]
    if outcome.code == 0:
        assert not lines, outcome.stderr
    else:
        assert len(lines) == 1 and lines[0].startswith("workbench: error:"), outcome.stderr
        assert "unexpected" not in outcome.stderr and "SQL" not in outcome.stderr


def test_two_merges_at_once_never_corrupt_the_master(master_url, isolated_home):
    master = open_master(master_url)
    try:
        ids = [add_customer(master, "Webshop", 70, first_name=f"Kim {i}", last_name="Example",
                            email=f"kim{i}@example.com", phone=f"+49 30 {1_000_000 + i}", street=f"Weg {i}",
                            postcode="10115", city="Berlin", country="DE", order_count=str(i % 5 + 1),
                            total_spent=f"{10 + i}.25")
               for i in range(3 * ROUNDS)]
        start = contributions(master)
        left, right = [], []
        for number in range(ROUNDS):
            trio = ids[3 * number:3 * number + 3]
            first, second = PATTERNS[number % len(PATTERNS)]
            left.append(["merge", *_numbers(trio, first)])
            right.append(["merge", *_numbers(trio, second)])
        outcomes = run_sides(master_url, left, right, {"WORKBENCH_HOME": str(isolated_home)})

        for outcome in outcomes:
            _one_clear_line(outcome)
        merged = [o for o in outcomes if o.code == 0]
        refused = [o for o in outcomes if o.code == 1]
        for outcome in outcomes:
            if PATTERNS[outcome.round % len(PATTERNS)] == PATTERNS[0]:
                assert outcome.code == 0, outcome  # two merges into one survivor: both land
            if PATTERNS[outcome.round % len(PATTERNS)] == PATTERNS[1]:
                pair = [o for o in outcomes if o.round == outcome.round]
                assert sorted(o.code for o in pair) == [0, 1], pair  # exactly one of them
        assert all("already merged" in o.stderr for o in refused)

        check_invariants(master, start)
        assert undo_every_merge(master) == len(merged)
        check_invariants(master)
        assert contributions(master) == start  # every customer has exactly its own things back
    finally:
        master.close()


def test_a_duplicate_search_beside_a_bulk_merge_keeps_what_the_merges_recorded(master_url, isolated_home):
    master = open_master(master_url)
    try:
        load_sample(master, generate(400, seed=5))
        run_matching(master)
        start = contributions(master)
        with master.session() as session:
            assert auto_merge_groups(session), "the sample should have sure duplicates"
        low = "8"  # the second bulk merge also takes weaker groups, so both rounds merge something
        left = [["match", "--full"], ["match"]]
        right = [["merge", "--auto"], ["merge", "--auto", "--min-score", low]]
        outcomes = run_sides(master_url, left, right, {"WORKBENCH_HOME": str(isolated_home)})
        for outcome in outcomes:
            assert outcome.code == 0, outcome
        check_invariants(master, start)
        with master.session() as session:
            merged = session.scalar(select(func.count(MatchCandidate.id)).where(MatchCandidate.status == "merged"))
        assert merged > 0
        # A search after the dust settles still agrees with what the merges did.
        run_matching(master)
        check_invariants(master, start)
        assert undo_every_merge(master) > 0
        check_invariants(master)
        assert contributions(master) == start
    finally:
        master.close()

