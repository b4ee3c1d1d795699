"""One module per command-line command: `NAME`, `HELP`, `add_arguments(parser)` and `run(args)`.

`run` returns the exit status; an expected problem is raised as `WorkbenchError` and
printed by `workbench.cli` as one line.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
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
    master = open_master(target, create=create or not explicit, passphrase=passphrase_for(target),
                         progress=terminal_progress(steps=True))
    master.busy.notify = _say_waiting
    return master


def _say_waiting(message: str) -> None:
    print(f"workbench: {message}", file=sys.stderr, flush=True)


def print_json(payload: Any) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


BAR_CELLS = 24


def progress_line(done: int, total: int, message: str, seconds: float, width: int = 100) -> str:
    """One line of a terminal progress display: a bar, the share done, the pace and the time left.

    "Imported 450,000 records [##########··········] 45% · 12,300/s · 45 s left"; without a
    total (or before anything is done) the message alone."""
    if total <= 0 or done < 0:
        return message[:width]
    share = min(done / total, 1.0)
    filled = int(share * BAR_CELLS)
    parts = [f"[{'#' * filled}{'·' * (BAR_CELLS - filled)}] {share:.0%}"]
    if seconds > 0.5 and 0 < done < total:
        pace = done / seconds
        left = (total - done) / pace if pace else 0
        parts.append(f"{pace:,.0f}/s")
        parts.append(f"{left:,.0f} s left" if left < 120 else f"{left / 60:,.0f} min left")
    tail = " · ".join(parts)
    room = max(0, width - len(tail) - 1)
    head = message if len(message) <= room else message[:max(0, room - 1)] + "…"
    return f"{head} {tail}".strip()[:width]


def terminal_progress(*, steps: bool = False) -> Progress:
    """A one-line progress bar on stderr when a person is watching, silent otherwise; redrawn at
    most ten times a second however often the work reports. `steps`: a task in steps not alike
    (an upgrade of the master): each step's message alone, every one shown, no bar or time left."""
    if not sys.stderr.isatty():
        return Progress()
    started = time.monotonic()
    last = [-1.0]

    def report(done: int, total: int, message: str) -> None:
        now = time.monotonic()
        finished = bool(total) and done >= total
        if not steps and not finished and now - last[0] < 0.1:
            return
        last[0] = now
        width = max(40, min(shutil.get_terminal_size((100, 20)).columns - 1, 160))
        line = message[:width] if steps else progress_line(done, total, message, now - started, width)
        sys.stderr.write("\r" + line.ljust(width))
        sys.stderr.flush()
        if finished:
            sys.stderr.write("\n")

    return Progress(report)
