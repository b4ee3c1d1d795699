"""`workbench erase QUERY [--dry-run]`: erase a person for good, so no re-import brings them back."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace

from workbench.commands import open_from_args, print_json, terminal_progress
from workbench.definitions.segments import segment_filter
from workbench.errors import WorkbenchError
from workbench.privacy import erasure, retention
from workbench.privacy.people import find_person
from workbench.store.export_rows import count_customers
from workbench.store.filters import CustomerFilter
from workbench.store.master import Master

NAME = "erase"
HELP = "erase a person (or a segment, or everyone inactive for N years) with everything that holds their data"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", nargs="?",
                        help="a name, e-mail address, phone number or master number naming one customer")
    parser.add_argument("--segment", metavar="NAME", help="erase every customer of this segment")
    parser.add_argument("--inactive-years", type=int, metavar="N",
                        help="erase every customer with no activity (order, import, change) for N years")
    parser.add_argument("--reason", metavar="TEXT", help="why (kept with the fact of the erasure; name nobody)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be erased; change nothing")
    parser.add_argument("--finish", action="store_true",
                        help="wipe the file again after an erasure that another window kept from finishing")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _chosen(master: Master, args: Namespace) -> list[int]:
    given = [name for name, value in (("QUERY", args.query), ("--segment", args.segment),
                                      ("--inactive-years", args.inactive_years)) if value is not None]
    if len(given) != 1:
        raise WorkbenchError("say whom to erase: a QUERY, --segment NAME or --inactive-years N (one of them)")
    with master.session() as session:
        if args.query is not None:
            return [find_person(session, args.query).id]
        if args.segment is not None:
            flt = segment_filter(session, args.segment)
            ids = retention.customer_ids(session, [flt, CustomerFilter()])
            if not ids and not count_customers(session, [flt]):
                raise WorkbenchError(f"segment {args.segment!r} holds nobody; nothing was erased")
            return ids
        if args.inactive_years < 1:
            raise WorkbenchError("--inactive-years must be 1 or more")
        ids = [row.id for row in retention.inactive(session, years=args.inactive_years)]
        if not ids:
            raise WorkbenchError(f"nobody has been inactive for {args.inactive_years} years; nothing was erased")
        return ids


def run(args: Namespace) -> int:
    master = open_from_args(args, create=False)
    try:
        if args.finish:
            report = erasure.finish(master)
            for line in report.steps + report.notes:
                print(line)
            return 0 if report.complete or not master.is_sqlite else 1
        ids = _chosen(master, args)
        if args.dry_run:
            with master.session() as session:
                plan = erasure.preview(session, ids)
            if args.json:
                print_json({**plan.as_dict(), "dry_run": True})
            else:
                print("Dry run, nothing was erased.")
                for line in plan.lines():
                    print(line)
            return 0
        result = erasure.erase(master, ids, reason=args.reason, progress=terminal_progress())
    finally:
        master.close()
    if args.json:
        print_json(result.as_dict())
    else:
        for line in result.preview.lines():
            print(line.replace("Erasing", "Erased", 1))
        for line in result.wipe.steps:
            print(f"  {line}")
    for note in result.wipe.notes:
        print(f"workbench: {note}", file=sys.stderr)
    return 0 if result.wipe.complete or result.wipe.backend != "sqlite" else 1
