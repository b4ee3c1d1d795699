"""A big import in a child process of its own, for the desktop app.

An import's writer is Python work from the first row to the last: run on a thread of the app it
shares the app's interpreter lock with the window, and the window needs that lock for every
call Qt makes into it (a table's cell, a paint, an event filter) — each of which then waits
for the writer's turn to end. Over a repaint that adds up to a visible stall. Apart, the
import takes the same time and the window none of it; the child opens the same master, reports
its progress back, stops when cancelled (its transaction rolls back), and ends with the app
however the app ends (workbench/processes.py). Its standardizing workers are its own.

Small files are imported on the app's writer thread as before: they are done before a child
process would have started.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from workbench import processes
from workbench.ingest import parallel
from workbench.ingest.importer import ImportResult, run_import
from workbench.ingest.plan import ImportPlan
from workbench.progress import NO_PROGRESS, Progress
from workbench.store.master import Master, open_master_at

# From this size on a file goes apart: about the size at which the import takes workers too.
APART_FROM_BYTES = parallel.WARM_FROM_BYTES


def goes_apart(plan: ImportPlan) -> bool:
    try:
        return plan.path.stat().st_size >= APART_FROM_BYTES
    except OSError:
        return False  # the import itself says what is wrong with the file


def import_file(master: Master, plan: ImportPlan, *, dry_run: bool = False, progress: Progress = NO_PROGRESS,
                apart: bool | None = None) -> ImportResult:
    """`run_import`, apart for a big file and here for a small one (or as `apart` says); the same
    result either way."""
    if not (goes_apart(plan) if apart is None else apart):
        return run_import(master, plan, dry_run=dry_run, progress=progress)
    result: ImportResult = processes.call(_import, master.address(), plan, dry_run, progress=progress,
                                          notify=master.busy.notify, starts_processes=True)
    return replace(result, plan=plan)  # the plan as this process has it, not read again


def _import(address: tuple[str, str | None], plan: ImportPlan, dry_run: bool, *, progress: Progress,
            notify: Callable[[str], None]) -> ImportResult:
    master = open_master_at(address)
    master.busy.notify = notify
    try:
        result = run_import(master, plan, dry_run=dry_run, progress=progress)
        return replace(result, plan=None)  # type: ignore[arg-type]  # the starter has it: not sent back
    finally:
        master.close()
