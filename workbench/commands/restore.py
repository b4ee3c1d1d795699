"""`workbench restore FILE`: put a backup back, after checking it; erasures made since stay made."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from pathlib import Path

from workbench.commands import master_target, passphrase_for, print_json
from workbench.commands.backup import policy_from_env
from workbench.privacy.backups import restore

NAME = "restore"
HELP = "restore the master from a backup (checked first; the master as it was is kept beside the backups)"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: Namespace) -> int:
    target = master_target(args)
    result = restore(target, args.file, policy_from_env(), passphrase=passphrase_for(target))
    if args.json:
        print_json(result.as_dict())
        return 0
    print(f"Restored {target} from {result.restored_from}.")
    if result.safety_copy:
        print(f"The master as it was is kept in {result.safety_copy}.")
    if result.erasures_carried:
        print(f"{result.erasures_carried} erasures made since the backup were made again.")
    for note in result.notes:
        print(f"Note: {note}")
    return 0
