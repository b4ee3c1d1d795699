"""`workbench crossref`: source, file, record and source key → master number, for every source record."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace
from pathlib import Path

from workbench.commands import open_from_args
from workbench.errors import WorkbenchError
from workbench.ingest.crossref import write_crossref

NAME = "crossref"
HELP = "one CSV row per source record: master_number,source,file,record,source_key"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")


def run(args: Namespace) -> int:
    master = open_from_args(args, create=False)
    try:
        with master.session() as session:
            if args.out is None:
                write_crossref(session, sys.stdout)
                return 0
            try:
                with args.out.open("w", encoding="utf-8", newline="") as handle:
                    count = write_crossref(session, handle)
            except OSError as exc:
                raise WorkbenchError(f"{args.out}: cannot write ({exc.strerror or exc})") from None
    finally:
        master.close()
    print(f"{count:,} source records → {args.out}", file=sys.stderr)
    return 0
