"""Import speed: a 1,000,000-row, 12-column CSV and a 100,000-row XLSX, end to end into SQLite.

    python tests/benchmarks/bench_import.py [--rows N] [--xlsx-rows N] [--runs K] [--scaling N]

Each import runs in a child process (a fresh interpreter, as a user's command would); its
memory, alone and with its fork server and worker processes (their proportional sets, so that
pages they share count once; the sum of their resident sets is printed beside it), is sampled
from /proc twice a second. Beside each rate the script prints the rate
of a bare sqlite3 executemany of the same rows into a 12-column table, measured in the same
run, so the distance to the floor is visible. Figures are medians of the runs. Each import
also says where its CPU time went (CPU-µs a row by stage, in every process together, see
`workbench/ingest/stages.py`), how long that CPU time alone takes spread over all the cores, and
how big the master is a record, part by part (`common.master_parts`); the first CSV run imports
the file a second time, unchanged (target: a million rows in 20 s). `--scaling N` imports the
CSV once more with 0..N worker processes (-1: as many as cores).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HEADER = ["Customer ID", "First Name", "Last Name", "Email", "Phone", "Street", "Zip", "City", "Country",
          "Created At", "Total Spent", "Orders"]


def make_rows(count: int, seed: int = 5):
    """Realistic webshop rows: names, streets and places of seven countries, unique e-mails and phones."""
    from workbench.sample.data import lists, random_phone

    rng = random.Random(seed)
    data = lists()
    locales = list(data.places)
    start = datetime(2016, 1, 1)
    for number in range(1, count + 1):
        locale = rng.choice(locales)
        first = rng.choice(data.first[(locale, rng.choice("mf"))])
        last = rng.choice(data.last[locale])
        place = rng.choice(data.places[locale])
        street = rng.choice(data.streets[locale])
        domain = rng.choice(data.domains[locale][0])
        local = f"{first}.{last}{number}".lower().replace(" ", "").replace("'", "")
        yield [f"{100000 + number}", first, last, f"{local}@{domain}", random_phone(rng, place.country, True),
               f"{street} {rng.randint(1, 180)}", place.postcode, place.city, place.country,
               (start + timedelta(minutes=rng.randint(0, 5_000_000))).strftime("%Y-%m-%d %H:%M:%S"),
               f"{rng.uniform(5, 900):.2f}", str(rng.randint(1, 30))]


def write_csv(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(make_rows(count))


def write_xlsx(path: Path, count: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Customers")
    sheet.append(HEADER)
    for row in make_rows(count, seed=9):
        sheet.append(row)
    workbook.save(path)


def bare_executemany(path: Path) -> float:
    """Rows per second of sqlite3 executemany of the file's rows into a plain 12-column table."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = list(reader)  # freed on return, before any import process is started
    db = Path(tempfile.mkdtemp(dir=path.parent)) / "bare.sqlite"
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(f"CREATE TABLE t ({', '.join(f'c{i} TEXT' for i in range(len(HEADER)))})")
    started = time.perf_counter()
    with connection:
        connection.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(HEADER))})", rows)
    seconds = time.perf_counter() - started
    connection.close()
    return len(rows) / seconds


CHILD = """
import json, os, sys, time
from workbench.ingest.importer import import_file
from workbench.store.master import open_master
master = open_master(sys.argv[1])
workers = None if sys.argv[3] == "auto" else int(sys.argv[3])
started = time.perf_counter()
result = import_file(master, sys.argv[2], workers=workers)
seconds = time.perf_counter() - started
again = None
if sys.argv[4] == "reimport":
    began = time.perf_counter()
    second = import_file(master, sys.argv[2], workers=workers)
    again = {"seconds": time.perf_counter() - began, "unchanged": second.counts.unchanged,
             "stage_cpu": second.stage_cpu}
master.close()
for suffix in ("-wal", "-shm"):  # closed: the log is checkpointed into the file
    assert not os.path.exists(sys.argv[1] + suffix) or os.path.getsize(sys.argv[1] + suffix) == 0
print(json.dumps({"read": result.counts.read, "new": result.counts.new, "seconds": seconds,
                  "stage_cpu": result.stage_cpu, "bytes": os.path.getsize(sys.argv[1]), "again": again}))
"""


TICKS = os.sysconf("SC_CLK_TCK")


def _tree_sample(root: int) -> tuple[float, float, float, dict[int, float]]:
    """Memory of a process, and of it with all its descendants (the fork server and the workers),
    in MB, and the CPU seconds each of them has used so far.

    Alone: its resident set. Together: the sum of their proportional sets (`Pss`), which counts a
    page the processes share (the libraries the fork server loaded before forking the workers)
    once, split between them, as the machine spends it; and, for comparison, the sum of their
    resident sets, which counts such a page once in every process."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    pss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        parents[pid] = int(fields.get("PPid", "0").strip() or 0)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
        after_name = stat.rsplit(")", 1)[-1].split()
        cpu[pid] = (int(after_name[11]) + int(after_name[12])) / TICKS  # utime, stime
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    for pid in tree:
        try:
            rollup = (Path("/proc") / str(pid) / "smaps_rollup").read_text()
        except OSError:  # gone meanwhile, or a kernel without it: its resident set instead
            pss[pid] = rss.get(pid, 0)
            continue
        found = [line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")]
        pss[pid] = int(found[0]) if found else rss.get(pid, 0)
    return rss.get(root, 0) / 1024, sum(pss.get(pid, 0) for pid in tree) / 1024, \
        sum(rss.get(pid, 0) for pid in tree) / 1024, {pid: cpu[pid] for pid in tree if pid in cpu}


def timed_import(file: Path, workers: str = "auto", reimport: bool = False,
                 quiet: bool = False) -> tuple[float, int, float, float, dict]:
    """(seconds, records, peak MB of the importing process, peak MB of it and its workers together
    (shared pages once), what the child said: CPU seconds by stage, the master's bytes, the
    re-import, and the peak of the processes' resident sets added up)."""
    db = Path(tempfile.mkdtemp(dir=file.parent)) / "master.sqlite"
    env = {**os.environ, "WORKBENCH_HOME": str(db.parent / "home")}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(file), workers,
                                "reimport" if reimport else "once"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    peak_own, peak_tree, peak_resident, peak_at = 0.0, 0.0, 0.0, 0.0
    cpu: dict[int, float] = {}
    while process.poll() is None:
        own, tree, resident, seconds = _tree_sample(process.pid)
        cpu.update(seconds)
        peak_own = max(peak_own, own)
        peak_resident = max(peak_resident, resident)
        if tree > peak_tree:
            peak_tree, peak_at = tree, time.perf_counter() - started
        time.sleep(0.5)
    wall = time.perf_counter() - started
    own_cpu = cpu.get(process.pid, 0.0)
    others = sum(cpu.values()) - own_cpu
    if not quiet:
        print(f"  (memory of the import and its workers peaked {peak_at / wall:.0%} of the way through)")
        print(f"  CPU seconds (sampled): importing process {own_cpu:.1f}, worker processes {others:.1f}; "
              f"{(own_cpu + others) / wall:.2f} cores busy on average")
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"import failed: {stderr.strip()[-500:]}")
    said = json.loads(stdout.strip().splitlines()[-1])
    said["resident_sum"] = peak_resident
    from common import master_parts  # here: tests import this module as `benchmarks.bench_import`

    said["parts"] = master_parts(db)
    return wall, int(said["read"]), peak_own, peak_tree, said


def stage_medians(stage_cpu: list[dict[str, float]]) -> dict[str, float]:
    """CPU seconds by stage, the median of the runs."""
    return {name: statistics.median(run.get(name, 0.0) for run in stage_cpu) for name in stage_cpu[0]}


def stage_line(stage_cpu: list[dict[str, float]], rows: int) -> str:
    """CPU-µs a row by stage, medians of the runs, in every process together."""
    medians = stage_medians(stage_cpu)
    parts = [f"{name} {medians[name] / max(rows, 1) * 1e6:,.0f}" for name in medians]
    return f"{', '.join(parts)}; total {sum(medians.values()) / max(rows, 1) * 1e6:,.0f}"


def measure(label: str, file: Path, runs: int, floor: float | None, limit_s: float, target_rows: int,
            reimport_limit_s: float | None = None, memory_limit_mb: int = 1_000) -> None:
    times, peaks, tree_peaks, resident_sums, stages, sizes, again, parts = [], [], [], [], [], [], [], []
    records = 0
    for run_no in range(runs):
        # the re-import is timed in one run (the first): it doubles that run's length
        seconds, records, peak, tree_peak, said = timed_import(
            file, reimport=reimport_limit_s is not None and run_no == 0)
        times.append(seconds)
        peaks.append(peak)
        tree_peaks.append(tree_peak)
        resident_sums.append(said["resident_sum"])
        stages.append(said["stage_cpu"])
        sizes.append(said["bytes"])
        parts.append(said["parts"])
        if said["again"]:
            again.append(said["again"])
    median = statistics.median(times)
    rate = records / median
    print(f"{label}: {records:,} records, median {median:.1f} s of {runs} run(s) "
          f"({', '.join(f'{t:.1f}' for t in times)}), {rate:,.0f} rows/s")
    needed = target_rows / limit_s
    verdict = "met" if rate >= needed else "MISSED"
    print(f"  target {target_rows:,} rows in ≤ {limit_s:.0f} s needs {needed:,.0f} rows/s: {verdict}"
          + ("" if records == target_rows else f" (projected from {records:,} rows)"))
    memory_verdict = "met" if max(tree_peaks) <= memory_limit_mb else "MISSED"
    print(f"  peak memory: importing process {max(peaks):,.0f} MB; with its fork server and workers "
          f"{max(tree_peaks):,.0f} MB, pages they share counted once (target ≤ {memory_limit_mb:,} MB: "
          f"{memory_verdict}); {max(resident_sums):,.0f} MB if each process's resident memory is added up "
          f"(sampled every 0.5 s)")
    print(f"  CPU-µs a row by stage (all processes, medians): {stage_line(stages, records)}")
    cores = os.cpu_count() or 1
    cpu_floor = sum(stage_medians(stages).values()) / max(records, 1) * target_rows / cores
    print(f"  the CPU time alone, spread over all {cores} cores without a pause: {cpu_floor:.1f} s for "
          f"{target_rows:,} rows (target {limit_s:.0f} s)")
    per_record = statistics.median(sizes) / max(records, 1)
    print(f"  master: {per_record:,.0f} bytes a record ({statistics.median(sizes) / 1e6:,.0f} MB, before "
          f"matching); target ≤ 600: {'met' if per_record <= 600 else 'MISSED'}")
    from common import GOLDEN_RECORD_PARTS, parts_line

    print(f"    bytes a record by part (first run, tables with their indexes): {parts_line(parts[0], records)}")
    golden = sum(parts[0].get(name, 0) for name in GOLDEN_RECORD_PARTS)
    print(f"    the golden records alone (their rows, the list's indexes, the search index): "
          f"{golden / max(records, 1):,.0f} bytes a record")
    if floor:
        print(f"  bare sqlite3 executemany of the same rows: {floor:,.0f} rows/s = {1e6 / floor:.1f} µs a row "
              f"(the import runs at {rate / floor:.1%} of it, {floor / rate:.0f}× slower)")
    for second in again:
        projected = second["seconds"] * target_rows / max(records, 1)
        verdict = "met" if projected <= (reimport_limit_s or 0) else "MISSED"
        print(f"  re-import of the unchanged file: {second['seconds']:.1f} s, {second['unchanged']:,} unchanged; "
              f"target {target_rows:,} rows in ≤ {reimport_limit_s:.0f} s: {verdict}"
              + ("" if records == target_rows else f" (projected {projected:.1f} s)"))
        print(f"    CPU-µs a row by stage: {stage_line([second['stage_cpu']], records)}")


def scaling(file: Path, most: int) -> None:
    """Wall time with 0 (standardizing in the importing process) to `most` worker processes."""
    for workers in range(0, most + 1):
        seconds, records, _peak, tree_peak, said = timed_import(file, workers=str(workers), quiet=True)
        print(f"  {workers} worker(s): {seconds:.1f} s, {records / seconds:,.0f} rows/s, "
              f"peak {tree_peak:,.0f} MB; CPU-µs a row: {stage_line([said['stage_cpu']], records)}")


def main(argv: list[str] | None = None) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        return run(Path(folder), argv)


def run(folder: Path, argv: list[str] | None) -> int:
    """`make bench` calls this without arguments; sizes can also come from BENCH_IMPORT_* variables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS", 1_000_000)))
    parser.add_argument("--xlsx-rows", type=int, default=int(os.environ.get("BENCH_IMPORT_XLSX_ROWS", 100_000)))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_IMPORT_RUNS", 3)))
    parser.add_argument("--scaling", type=int, default=int(os.environ.get("BENCH_IMPORT_SCALING", 0)),
                        help="also import the CSV with 0..N worker processes (N = all cores: -1)")
    args = parser.parse_args(argv or [])
    print(f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.rows:
        csv_file = folder / "customers.csv"
        write_csv(csv_file, args.rows)
        print(f"CSV: {args.rows:,} rows × {len(HEADER)} columns, {csv_file.stat().st_size / 1e6:,.0f} MB")
        floors = [bare_executemany(csv_file) for _ in range(args.runs)]
        measure("CSV import", csv_file, args.runs, statistics.median(floors), 60, 1_000_000, reimport_limit_s=20)
        if args.scaling:
            most = (os.cpu_count() or 1) if args.scaling < 0 else args.scaling
            print(f"scaling: the CSV with 0..{most} worker processes (one run each)")
            scaling(csv_file, most)
    if not args.xlsx_rows:
        return 0
    xlsx_file = folder / "customers.xlsx"
    write_xlsx(xlsx_file, args.xlsx_rows)
    xlsx_csv = folder / "xlsx-rows.csv"
    write_csv(xlsx_csv, args.xlsx_rows)
    floors = [bare_executemany(xlsx_csv) for _ in range(args.runs)]
    print(f"XLSX: {args.xlsx_rows:,} rows × {len(HEADER)} columns, {xlsx_file.stat().st_size / 1e6:,.0f} MB")
    measure("XLSX import", xlsx_file, args.runs, statistics.median(floors), 10, 100_000)
    print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    raise SystemExit(main(sys.argv[1:]))
