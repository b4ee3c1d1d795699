"""`workbench merge` and `workbench unmerge` from the command line, as a script would use them."""

from __future__ import annotations

import json
import subprocess
import sys

from review_data import review_master

from workbench.store.master import open_master
from workbench.store.queries import master_counts


def workbench(*args: str, db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), *args], capture_output=True,
                          text=True)


def customers(db) -> int:
    master = open_master(db)
    try:
        with master.session() as session:
            return master_counts(session).customers
    finally:
        master.close()


def test_auto_merge_then_unmerge_one(tmp_path):
    db = tmp_path / "m.sqlite"
    master = review_master(open_master(db), rows=120)
    master.close()
    before = customers(db)

    dry = workbench("merge", "--auto", "--min-score", "15", "--dry-run", "--json", db=db)
    assert dry.returncode == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert plan["groups"] > 0 and customers(db) == before

    done = workbench("merge", "--auto", "--min-score", "15", "--json", db=db)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["groups_merged"] == plan["groups"]
    assert customers(db) == before - plan["customers_merged_away"]

    last = result["merge_event_ids"][-1]
    undo = workbench("unmerge", str(last), db=db)
    assert undo.returncode == 0 and "undone" in undo.stdout
    again = workbench("unmerge", str(last), db=db)
    assert again.returncode == 1 and "already undone" in again.stderr and again.stderr.count("\n") == 1


def test_merge_by_master_number_and_usage_errors(tmp_path):
    db = tmp_path / "m.sqlite"
    review_master(open_master(db), rows=30, false_pairs=0).close()
    result = workbench("merge", "C-000001", "C-2", "--survivor", "C-000002", "--json", db=db)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["survivor"] == "C-000002"
    assert workbench("merge", db=db).returncode == 2
    assert workbench("merge", "--auto", "C-1", db=db).returncode == 2
    assert workbench("unmerge", "abc", db=db).returncode == 2
    missing = workbench("unmerge", "999", db=db)
    assert missing.returncode == 1 and "no such merge" in missing.stderr
    merged_again = workbench("merge", "C-1", "C-3", db=db)
    assert merged_again.returncode == 1 and "already merged into C-000002" in merged_again.stderr


def test_a_whole_bulk_merge_is_listed_and_taken_back_at_once(tmp_path):
    from review_data import dump

    db = tmp_path / "m.sqlite"
    master = review_master(open_master(db), rows=400)
    before = dump(master)
    master.close()
    count = customers(db)

    dry = json.loads(workbench("merge", "--auto", "--min-score", "8", "--dry-run", "--json", db=db).stdout)
    assert len(dry["every_group"]) == dry["groups"] > len(dry["sample"])  # every group, not a sample
    assert all(number.startswith("C-") for group in dry["every_group"] for number in group)

    done = workbench("merge", "--auto", "--min-score", "8", db=db)
    assert done.returncode == 0, done.stderr
    words = next(line for line in done.stdout.splitlines() if "unmerge --batch" in line).split()
    batch = words[words.index("--batch") + 1]
    assert f"bulk merge {batch}: merges " in done.stdout
    assert customers(db) == count - dry["customers_merged_away"]

    undo = workbench("unmerge", "--batch", batch, "--json", db=db)
    assert undo.returncode == 0, undo.stderr
    assert json.loads(undo.stdout)["merges_undone"] == dry["groups"]
    master = open_master(db)
    try:
        after = dump(master)
    finally:
        master.close()
    merged = {d["merge_event_id"] for d in after["decisions"] if d["merge_event_id"]}
    after["decisions"] = [d for d in after["decisions"] if d["merge_event_id"] not in merged]
    assert after == before  # exactly as before the bulk merge, candidates and contact points included

    again = workbench("unmerge", "--batch", batch, db=db)
    assert again.returncode == 0 and "undone already" in again.stdout
    unknown = workbench("unmerge", "--batch", "nosuchbatch", db=db)
    assert unknown.returncode == 1 and "no bulk merge with that number" in unknown.stderr
    assert workbench("unmerge", db=db).returncode == 2
