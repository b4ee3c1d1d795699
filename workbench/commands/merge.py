"""`workbench merge`: merge customers by master number, or every strong candidate group at once (--auto)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace

from workbench.commands import open_from_args, print_json, terminal_progress
from workbench.stewardship.bulk import auto_merge_groups, merge_groups, preview
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.store.models import format_master_number, master_number_or_error

NAME = "merge"
HELP = "merge customers (give master numbers), or every open candidate group at or above a score (--auto)"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("customers", nargs="*", metavar="MASTER_NUMBER",
                        help="customers to merge into one, e.g. C-000012 C-000345")
    parser.add_argument("--survivor", metavar="MASTER_NUMBER",
                        help="the master number that lives on (default: the lowest)")
    parser.add_argument("--auto", action="store_true",
                        help="merge every open candidate group at or above --min-score with the survivorship rules")
    parser.add_argument("--min-score", type=float, metavar="S",
                        help="with --auto: the lowest candidate score to merge (default: the auto-merge threshold of the match settings)")
    parser.add_argument("--dry-run", action="store_true", help="with --auto: only say what would be merged")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _usage(message: str) -> int:
    print(f"workbench merge: error: {message}", file=sys.stderr)
    return 2


def _number(text: str) -> int:
    return master_number_or_error(text)


def run(args: Namespace) -> int:
    if args.auto == bool(args.customers):
        return _usage("give either --auto or the master numbers to merge")
    if not args.auto and (args.min_score is not None or args.dry_run):
        return _usage("--min-score and --dry-run go with --auto")
    if args.auto and args.survivor:
        return _usage("--survivor goes with master numbers, not --auto")
    master = open_from_args(args, create=False)
    try:
        if args.auto:
            return _auto(master, args)
        ids = [_number(text) for text in args.customers]
        survivor = _number(args.survivor) if args.survivor else None
        if survivor is not None and survivor not in ids:
            ids.append(survivor)
        result = master.write(lambda session: merge_customers(session, MergeRequest(ids, survivor)))
    finally:
        master.close()
    payload = {"merge_event_id": result.event_id, "survivor": format_master_number(result.survivor_id),
               "merged": [format_master_number(i) for i in result.merged_ids], "changed_fields": result.changed_fields}
    if args.json:
        print_json(payload)
    else:
        print(f"Merged {', '.join(payload['merged'])} into {payload['survivor']} (merge {result.event_id}; "
              f"undo with: workbench unmerge {result.event_id})")
    return 0


def _auto(master, args: Namespace) -> int:
    with master.session() as session:
        if args.dry_run:
            plan = preview(session, args.min_score)
            payload = {"dry_run": True, "min_score": plan.min_score, "groups": len(plan.groups),
                       "customers": plan.customers, "customers_merged_away": plan.merged_away,
                       "sample": [[number for number, _name in group] for group in plan.sample],
                       "every_group": [[format_master_number(i) for i in group] for group in plan.groups]}
            if args.json:
                print_json(payload)
            else:
                print(f"Would merge {len(plan.groups):,} groups ({plan.customers:,} customers into "
                      f"{len(plan.groups):,}) at score {plan.min_score:g} or more.")
                for group in plan.sample:
                    print("  " + " + ".join(f"{number} {name}" for number, name in group))
            return 0
        groups = auto_merge_groups(session, args.min_score)
    result = merge_groups(master, groups, progress=terminal_progress())
    if args.json:
        print_json({"dry_run": False, **result.as_dict()})
    else:
        print(f"Merged {len(result.event_ids):,} groups; {result.merged_away:,} customers now live on in "
              f"their survivors.")
        for group, error in result.failed:
            print(f"  left alone: {', '.join(format_master_number(i) for i in group)}: {error}")
        if result.event_ids:
            print(f"  bulk merge {result.batch}: merges {_ranges(result.event_ids)}")
            print(f"  undo all of it: workbench unmerge --batch {result.batch}   (one: workbench unmerge MERGE_ID)")
    if result.stopped:
        print(f"workbench merge: stopped after {result.groups - result.not_tried:,} of {result.groups:,} groups "
              f"({result.stopped}); run `workbench merge --auto` again to merge the other {result.not_tried:,}",
              file=sys.stderr)
        return 1
    return 1 if result.failed and not result.event_ids else 0


def _ranges(ids: list[int]) -> str:
    """42, 43, 44, 47 → "42–44, 47": merge numbers as a reader takes them in."""
    parts: list[str] = []
    ordered = sorted(ids)
    start = previous = ordered[0]
    for number in [*ordered[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts)
