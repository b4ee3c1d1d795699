"""`workbench subject-export QUERY --out FILE.zip`: everything the master holds about one person."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from pathlib import Path

from workbench.commands import open_from_args, print_json
from workbench.privacy.people import find_person
from workbench.privacy.subject import write_zip

NAME = "subject-export"
HELP = "everything held about one person (by name, e-mail, phone or master number) as HTML and JSON in a ZIP"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help="a name, e-mail address, phone number or master number")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.zip", help="the ZIP to write")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: Namespace) -> int:
    master = open_from_args(args, create=False)
    try:
        with master.session() as session:
            who = find_person(session, args.query)
        data = write_zip(master, who, args.out, replace=args.force)
    finally:
        master.close()
    summary = {"master_number": who.master_number, "name": who.name, "file": str(args.out.absolute()),
               "source_records": len(data["source_records"]), "merged_records": len(data["merged_records"]),
               "audit_entries": len(data["audit_log"]), "exports": len(data["exports"])}
    if args.json:
        print_json(summary)
        return 0
    print(f"Wrote {summary['file']}: {who.master_number} {who.name}, {summary['source_records']} source records, "
          f"{summary['merged_records']} merged records, {summary['audit_entries']} audit entries, "
          f"{summary['exports']} exports.")
    return 0
