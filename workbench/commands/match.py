"""`workbench match`: find possible duplicates, incrementally where possible."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace

from workbench.commands import open_from_args, print_json, terminal_progress
from workbench.matching import run_matching
from workbench.stewardship.counts import review_counts

NAME = "match"
HELP = "(re)compute candidate duplicates; after an import only new and changed customers are compared"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--full", action="store_true",
                        help="compare everyone again and estimate the weights afresh, even after a small import")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--timings", action="store_true", help="also print the time each stage took")


def run(args: Namespace) -> int:
    master = open_from_args(args, create=False)
    try:
        report = run_matching(master, full=args.full, progress=terminal_progress())
        with master.session() as session:
            review = review_counts(session)  # the figures every screen shows
    finally:
        master.close()
    if args.json:
        print_json(report.as_dict())
        return 0
    scope = (f"{report.customers:,} customers" if report.mode == "full"
             else f"{report.focus:,} new or changed of {report.customers:,} customers")
    print(f"Compared {report.pairs_compared:,} pairs ({report.mode} run, {scope}) in {report.seconds:.1f} s.")
    print(f"Possible-duplicate pairs: {report.candidates:,} ({report.new:,} new, {report.updated:,} updated, "
          f"{report.retired:,} no longer suggested); {report.clusters:,} groups of three or more.")
    print(f"Now {review.text()}.")
    if report.rejected_skipped:
        print(f"Left out {report.rejected_skipped:,} pairs a steward marked as not duplicates.")
    if args.timings:  # for whoever tunes matching, not for the steward
        print("Time per stage: " + ", ".join(f"{stage} {seconds:.1f} s"
                                             for stage, seconds in report.timings.items()))
    return 0
