"""`workbench unmerge MERGE_ID`: undo a merge, restoring the customers exactly as they were."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace

from workbench.commands import open_from_args, print_json, terminal_progress
from workbench.stewardship.bulk import unmerge_batch
from workbench.stewardship.unmerge import unmerge
from workbench.store.models import format_master_number, merge_id_or_error

NAME = "unmerge"
HELP = "undo a merge (its number is in the customer's history and in `merge` output)"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("merge_id", metavar="MERGE_ID", nargs="?", help="the merge to undo, e.g. 42")
    parser.add_argument("--batch", metavar="BULK_MERGE",
                        help="undo every merge of one bulk merge (its number is in `merge --auto` output)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: Namespace) -> int:
    if (args.merge_id is None) == (args.batch is None):
        print("workbench unmerge: error: give either a merge number or --batch BULK_MERGE", file=sys.stderr)
        return 2
    if args.batch is not None:
        return _batch(args)
    text = args.merge_id.strip().lstrip("#").strip()
    if not (text.isascii() and text.isdigit()):
        print(f"workbench unmerge: error: {args.merge_id}: a merge number is a whole number, like 42",
              file=sys.stderr)
        return 2
    event_id = merge_id_or_error(text)
    master = open_from_args(args, create=False)
    try:
        result = master.write(lambda session: unmerge(session, event_id))
    finally:
        master.close()
    payload = {"merge_event_id": result.event_id, "survivor": format_master_number(result.survivor_id),
               "restored": [format_master_number(i) for i in result.restored_ids],
               "kept_changes": result.kept}
    if args.json:
        print_json(payload)
        return 0
    print(f"Merge {result.event_id} undone: {', '.join(payload['restored'])} "
          f"{'is' if len(result.restored_ids) == 1 else 'are'} separate from {payload['survivor']} again.")
    if result.kept:
        print(f"{payload['survivor']} keeps later changes to: {', '.join(result.kept)}")
    return 0


def _batch(args: Namespace) -> int:
    batch = args.batch.strip()
    master = open_from_args(args, create=False)
    try:
        undone = unmerge_batch(master, batch, reason="bulk merge undone", progress=terminal_progress())
    finally:
        master.close()
    if args.json:
        print_json({"batch": batch, "merges_undone": len(undone), "merge_event_ids": sorted(undone)})
    elif undone:
        print(f"Bulk merge {batch} undone: {len(undone):,} merges taken back.")
    else:
        print(f"Bulk merge {batch}: every merge of it was undone already.")
    return 0
