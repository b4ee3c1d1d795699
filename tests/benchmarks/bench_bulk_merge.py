"""`merge --auto` at scale: generated customers imported from their systems' CSV files, matched,
then every automatic group merged — and the whole bulk merge taken back.

    python tests/benchmarks/bench_bulk_merge.py [--rows 100000] [--repeat 3]

The generated population (households, nicknames, typos, moves, married names) is written as
one CSV per system and imported with the real importer, then matched with the default
settings; that master is cached (BENCH_CACHE) and every run merges a fresh copy of it in a
child process, so the peak memory printed is the merge's own. Printed: the seconds of the
bulk merge (median; `match` on the same master beside it, measured in the same run, as the
floor the issue compares against, and the seconds of it spent in SQLite's own statements and
commits), its peak memory, the groups and customers merged, the master's size per source
record after import + match and after the merge (part by part, `common.master_parts`), and the
seconds of `unmerge --batch`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_data import CACHE, generate_with_relations  # noqa: E402
from common import master_parts, parts_line  # noqa: E402

from workbench.ingest.importer import import_file  # noqa: E402
from workbench.matching import run_matching  # noqa: E402
from workbench.sample.load import write_sample  # noqa: E402
from workbench.store.master import open_master  # noqa: E402


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def matched_master(rows: int, seed: int = 42) -> Path:
    """The imported and matched master, built once and cached."""
    path = CACHE / f"bulk-merge-{rows}-{seed}.sqlite"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    sample, _ = generate_with_relations(rows, seed)
    with tempfile.TemporaryDirectory() as folder:
        files = write_sample(sample, Path(folder) / "exports")
        del sample
        partial = path.with_suffix(".partial")
        for stale in CACHE.glob(partial.name + "*"):
            stale.unlink()
        master = open_master(partial)
        for file in files:
            import_file(master, file)
        run_matching(master)
        master.close()
    partial.rename(path)
    return path


def _time_sqlite(engine) -> dict[str, float]:
    """Seconds spent in SQLite's own statements (their execution, not the fetching of rows read)
    and commits from now on: the part of the merge no change to its Python code can take away."""
    from sqlalchemy import event

    spent = {"statements": 0.0, "commits": 0.0}

    @event.listens_for(engine, "before_cursor_execute")
    def _before(connection, cursor, statement, parameters, context, many):
        connection.info["bench_started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(connection, cursor, statement, parameters, context, many):
        spent["statements"] += time.perf_counter() - connection.info.pop("bench_started")

    commit = engine.dialect.do_commit

    def timed_commit(dbapi_connection):
        started = time.perf_counter()
        try:
            commit(dbapi_connection)
        finally:
            spent["commits"] += time.perf_counter() - started

    engine.dialect.do_commit = timed_commit
    return spent


def _child(path: str) -> None:
    from sqlalchemy import func, select

    from workbench.stewardship.bulk import auto_merge_groups, merge_groups, unmerge_batch
    from workbench.store.models import SourceRecord

    master = open_master(Path(path))
    with master.session() as session:
        records = session.scalar(select(func.count(SourceRecord.id)))
    before = _size(Path(path))
    parts_before = master_parts(Path(path))
    sqlite_seconds = _time_sqlite(master.engine)
    started = time.perf_counter()
    cpu = time.process_time()
    with master.session() as session:
        groups = auto_merge_groups(session)
    result = merge_groups(master, groups)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    in_sqlite = dict(sqlite_seconds)
    master.close()
    master = open_master(Path(path))
    after = _size(Path(path))
    parts_after = master_parts(Path(path))
    peak = _peak_mb()
    started = time.perf_counter()
    undone = unmerge_batch(master, result.batch)
    unmerge_seconds = time.perf_counter() - started
    master.close()
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "groups": len(result.event_ids),
                      "merged_away": result.merged_away, "records": records, "before": before,
                      "after": after, "peak_mb": peak, "unmerge_seconds": unmerge_seconds,
                      "undone": len(undone), "stopped": result.stopped, "sqlite": in_sqlite,
                      "parts_before": parts_before, "parts_after": parts_after}))


def _match_child(path: str) -> None:
    master = open_master(Path(path))
    started = time.perf_counter()
    run_matching(master)
    print(json.dumps({"seconds": time.perf_counter() - started}))


def _run(kind: str, path: Path) -> dict:
    output = subprocess.run([sys.executable, __file__, f"--child-{kind}", str(path)], check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child-merge")
    parser.add_argument("--child-match")
    args = parser.parse_known_args(argv)[0]
    if args.child_merge:
        _child(args.child_merge)
        return 0
    if args.child_match:
        _match_child(args.child_match)
        return 0
    started = time.perf_counter()
    cached = matched_master(args.rows)
    print(f"   {args.rows:,} generated customers imported from their systems' CSV files and matched "
          f"({time.perf_counter() - started:.0f} s, cached after the first run)", flush=True)
    runs, matches = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "master.sqlite"
            shutil.copyfile(cached, copy)
            matches.append(_run("match", copy)["seconds"])
            shutil.copyfile(cached, copy)
            runs.append(_run("merge", copy))
    run = runs[0]
    seconds = statistics.median(r["seconds"] for r in runs)
    each = ", ".join(f"{r['seconds']:.1f}" for r in runs)
    print(f"   merge --auto: {seconds:.1f} s median of {len(runs)} ({each}; "
          f"CPU {statistics.median(r['cpu_seconds'] for r in runs):.1f} s) for {run['groups']:,} groups, "
          f"{run['merged_away']:,} customers merged away — target ≤ 10 s")
    statements = statistics.median(r["sqlite"]["statements"] for r in runs)
    commits = statistics.median(r["sqlite"]["commits"] for r in runs)
    print(f"   of which SQLite's own work: statements {statements:.1f} s, commits {commits:.1f} s, "
          f"together {statements + commits:.1f} s (medians): no change to the Python code can go below it")
    print(f"   match on the same master: {statistics.median(matches):.1f} s median: merge --auto takes "
          f"{seconds / statistics.median(matches):.1f}× as long")
    print(f"   peak memory of the merge: {max(r['peak_mb'] for r in runs):,.0f} MB — target ≤ 1,024 MB")
    print(f"   master: {run['before'] / run['records']:,.0f} bytes per source record after import + match, "
          f"{run['after'] / run['records']:,.0f} after the merge ({run['records']:,} source records) — target ≤ 1,024")
    print(f"     by part after import + match: {parts_line(run['parts_before'], run['records'])}")
    print(f"     by part after the merge: {parts_line(run['parts_after'], run['records'])}")
    print(f"   unmerge --batch of the whole bulk merge: {statistics.median(r['unmerge_seconds'] for r in runs):.1f} s "
          f"({run['undone']:,} merges undone)")
    if run["stopped"]:
        print(f"   the bulk merge stopped: {run['stopped']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
