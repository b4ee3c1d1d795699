"""`workbench backup [--out FILE]`: a consistent copy of the master, even while it is in use."""

from __future__ import annotations

import os
from argparse import ArgumentParser, Namespace
from pathlib import Path

from workbench.commands import open_from_args, print_json
from workbench.privacy.backups import BackupPolicy, back_up, default_folder

NAME = "backup"
HELP = "back up the master (SQLite's online backup: consistent while others write); 7 daily and 4 weekly kept"
FOLDER_ENV = "WORKBENCH_BACKUP_DIR"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help=f"write the backup here (default: a dated file in the backup folder, {FOLDER_ENV} "
                             "or the data folder's backups/, keeping 7 daily and 4 weekly)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def policy_from_env() -> BackupPolicy:
    folder = os.environ.get(FOLDER_ENV)
    return BackupPolicy(Path(folder).expanduser() if folder else default_folder())


def run(args: Namespace) -> int:
    master = open_from_args(args, create=False)
    try:
        result = back_up(master, policy_from_env(), out=args.out)
    finally:
        master.close()
    if args.json:
        print_json(result.as_dict())
        return 0
    print(f"Backed up to {result.path} ({result.size / 1_000_000:,.1f} MB, {result.seconds:.1f} s)"
          + (f"; removed {len(result.removed)} older backups" if result.removed else ""))
    return 0
