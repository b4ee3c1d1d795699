"""One module per command-line command: `NAME`, `HELP`, `add_arguments(parser)` and `run(args)`.

`run` returns the exit status; an expected problem is raised as `WorkbenchError` and
printed by `workbench.cli` as one line.
"""

from __future__ import annotations

import json
import os
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

from workbench.paths import default_master_path
from workbench.privacy import keys
from workbench.progress import Progress
from workbench.store import encryption
from workbench.store.master import Master, open_master

PASSPHRASE_ENV = "WORKBENCH_PASSPHRASE"


def master_target(args: Namespace) -> str:
    return args.db or os.environ.get("WORKBENCH_DB") or str(default_master_path())


def passphrase_for(target: str) -> str | None:
    """An encrypted master's passphrase: WORKBENCH_PASSPHRASE, else the one kept in the keyring."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given or "://" in target or not encryption.is_encrypted(Path(target)):
        return given
    return keys.stored_passphrase(target)


def open_from_args(args: Namespace, *, create: bool = True) -> Master:
    """The master named by --db / WORKBENCH_DB, else the default one (which is always created).
    A command that finds it busy says on stderr that it is waiting (WORKBENCH_BUSY_WAIT seconds
    at most)."""
    explicit = bool(args.db or os.environ.get("WORKBENCH_DB"))
    target = master_target(args)
    master = open_master(target, create=create or not explicit, passphrase=passphrase_for(target))
    master.busy.notify = _say_waiting
    return master


def _say_waiting(message: str) -> None:
    print(f"workbench: {message}", file=sys.stderr, flush=True)


def print_json(payload: Any) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def terminal_progress() -> Progress:
    """A one-line progress display on stderr when a person is watching, silent otherwise."""
    if not sys.stderr.isatty():
        return Progress()
    last = [-1]

    def report(done: int, total: int, message: str) -> None:
        percent = int(done * 100 / total) if total else -1
        if percent != last[0]:
            last[0] = percent
            text = f"{message} ({percent}%)" if percent >= 0 else message
            sys.stderr.write("\r" + text[:100].ljust(100))
            sys.stderr.flush()
            if total and done >= total:
                sys.stderr.write("\n")

    return Progress(report)
