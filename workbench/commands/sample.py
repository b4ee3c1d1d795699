"""`workbench sample`: realistic demo customers with known duplicates, into files or the master."""

from __future__ import annotations

import csv
from argparse import ArgumentParser, Namespace
from pathlib import Path

from workbench.commands import open_from_args, print_json, terminal_progress
from workbench.errors import WorkbenchError
from workbench.sample.generator import generate
from workbench.sample.load import load_sample, write_sample

NAME = "sample"
HELP = "realistic demo data with known duplicate groups"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--rows", type=int, required=True, help="how many records to make")
    parser.add_argument("--out", type=Path,
                        help="write a CSV file (FILE.csv, all sources with a Source column) or a folder of one "
                             "CSV per source; without --out the records are loaded into the master")
    parser.add_argument("--seed", type=int, default=7, help="the same seed gives the same data")
    parser.add_argument("--truth", type=Path, help="also write the known duplicate pairs (record numbers) to a CSV")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: Namespace) -> int:
    if args.rows < 1:
        raise WorkbenchError("--rows must be at least 1")
    sample = generate(args.rows, seed=args.seed)
    result: dict[str, object] = {"rows": len(sample.records), "people": len({r.person_id for r in sample.records}),
                                 "duplicate_pairs": len(sample.truth_pairs())}
    if args.out:
        try:
            result["files"] = [str(p) for p in write_sample(sample, args.out)]
        except OSError as exc:
            raise WorkbenchError(f"{args.out}: cannot write ({exc.strerror})") from None
    else:
        master = open_from_args(args)
        try:
            counts = load_sample(master, sample, progress=terminal_progress())
            result["master"] = master.location
            result["counts"] = counts.as_dict()
        finally:
            master.close()
    if args.truth:
        with args.truth.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["record_a", "record_b"])
            writer.writerows((a + 1, b + 1) for a, b in sorted(sample.truth_pairs()))
    if args.json:
        print_json(result)
    else:
        where = ", ".join(result.get("files", [])) if args.out else result["master"]  # type: ignore[arg-type]
        print(f"{result['rows']:,} demo records ({result['people']:,} people, "
              f"{result['duplicate_pairs']:,} known duplicate pairs) → {where}")
    return 0
