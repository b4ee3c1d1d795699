"""Golden-record accuracy: the tuning and the held-out golden sets, imported, matched, auto-merged, scored.

    python tests/benchmarks/bench_golden.py [--size N] [--set tuning|tuning-2|held-out|held-out-2|held-out-3] [--examples K] [--keep DIR]

Prints, for each set, the share of (person, field) cells the golden records get right (also
ignoring case, and strictly, with the extra records of split people counted wrong), the figure
per field, the people split over several records and the people wrongly merged with others,
pairwise precision and recall over the rows (pairs of rows in one golden record), the planted
pairs (couples, namesakes, colleagues, parents and children) that ended in one record (and in
brackets those whose rows there hold nothing that tells the two apart, `golden/apart.py`),
and the commonest kinds of wrong cells with an example each (for the tuning sets; the held-out
sets show their figures alone unless --examples asks otherwise). The held-out sets (other people,
partly other layouts, other noise) are for checking that a change generalises: tune on the
tuning sets only (see tests/golden/sets.py for what each held-out set has been through). How
cells are judged is described in tests/golden/harness.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's workbench, not an installed one
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, where the golden package is

from golden.harness import run  # noqa: E402
from golden.sets import SETS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, help="people per set (default: each set's own, 150)")
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="only this set (may repeat)")
    parser.add_argument("--examples", type=int, help="kinds of wrong cells to show per set (default: 15 for "
                        "the tuning sets, none for the held-out sets, which are read by their figures alone)")
    parser.add_argument("--keep", type=Path, help="build the files and the master in this folder and keep them")
    args = parser.parse_args(argv)
    results = []
    for name in args.set or list(SETS):
        started = time.perf_counter()
        folder = args.keep / name if args.keep else None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        result = run(SETS[name], size=args.size, folder=folder)
        results.append(result)
        examples = args.examples if args.examples is not None else 0 if name.startswith("held-out") else 15
        print(result.report(examples))
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    print("   set          right  ignoring case  strict  split  wrongly merged  pair precision  recall  "
          "planted merged (no row told apart)  lowest field")
    for result in results:
        lowest = min(result.field_shares().items(), key=lambda kv: kv[1])
        print(f"   {result.name:<11} {result.share():6.1%} {result.case_share():13.1%} {result.strict_share():7.1%} "
              f"{len(result.split):6d} {len(result.wrongly_merged):15d} {result.pair_precision():15.4f} "
              f"{result.pair_recall():7.4f} {len(result.planted_merged):7d} of {result.planted:<4d} "
              f"({len(result.planted_undecidable)})              "
              f"{lowest[0]} {lowest[1]:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
