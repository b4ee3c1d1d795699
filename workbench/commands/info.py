"""`workbench info`: where the master is, its schema revision and what it holds."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace

from workbench import __version__
from workbench.commands import open_from_args, print_json
from workbench.store.migrate import head_revision
from workbench.store.queries import master_counts

NAME = "info"
HELP = "where the master is, its schema revision, and counts"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: Namespace) -> int:
    master = open_from_args(args, create=False)
    try:
        with master.session() as session:
            counts = master_counts(session)
        info = {
            "master": master.location,
            "backend": master.url.get_backend_name(),
            "schema_revision": master.revision(),
            "schema_head": head_revision(),
            "app_version": __version__,
            "counts": counts.as_dict(),
        }
    finally:
        master.close()
    if args.json:
        print_json(info)
        return 0
    print(f"Master:           {info['master']} ({info['backend']})")
    print(f"Schema revision:  {info['schema_revision']}")
    print(f"Sources:          {counts.sources:,}")
    print(f"Import batches:   {counts.import_batches:,}")
    print(f"Source records:   {counts.source_records:,}")
    print(f"Customers:        {counts.customers:,}")
    print(f"Open candidates:  {counts.open_candidates:,}")
    return 0
