"""`workbench unmerge MERGE_ID`: undo a merge, restoring the customers exactly as they were."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace

from workbench.commands import open_from_args, print_json
from workbench.stewardship.unmerge import unmerge
from workbench.store.models import format_master_number, merge_id_or_error

NAME = "unmerge"
HELP = "undo a merge (its number is in the customer's history and in `merge` output)"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("merge_id", metavar="MERGE_ID", help="the merge to undo, e.g. 42")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: Namespace) -> int:
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
