"""`workbench --self-test`: check that an installation works, end to end, without touching any data.

In a temporary folder it creates a master, imports the bundled demo files (a webshop and a
point-of-sale export), finds duplicates, merges the surest of them, exports a Mailchimp list,
and opens the main window on that master once (offscreen when `QT_QPA_PLATFORM=offscreen`).
Every step prints one line; the first failure stops it with exit status 1 and the reason.
The user's own master, settings and recent files are never read or written.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench import __version__
from workbench.paths import resource_path, resources_root

DEMO_FILES = ("webshop.csv", "point-of-sale.csv")


class SelfTestFailure(Exception):
    pass


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


def run_self_test(*, gui: bool = True, out: Callable[[str], None] = print) -> int:
    """Run every step; 0 when all passed, 1 at the first that did not."""
    out(f"Steward Workbench {__version__} self-test ({'packaged' if getattr(sys, 'frozen', False) else 'source'}"
        f", Python {sys.version.split()[0]})")
    with tempfile.TemporaryDirectory(prefix="workbench-self-test-") as folder:
        home = Path(folder)
        previous_home = os.environ.get("WORKBENCH_HOME")
        os.environ["WORKBENCH_HOME"] = str(home)  # settings and recent masters stay in the temporary folder
        try:
            return _steps(home, gui, out)
        finally:
            if previous_home is None:
                os.environ.pop("WORKBENCH_HOME", None)
            else:
                os.environ["WORKBENCH_HOME"] = previous_home


def _steps(home: Path, gui: bool, out: Callable[[str], None]) -> int:
    state: dict[str, object] = {}
    steps: list[tuple[str, Callable[[], str]]] = [
        ("resources", lambda: _resources()),
        ("master", lambda: _master(home, state)),
        ("import", lambda: _import(state)),
        ("matching", lambda: _matching(state)),
        ("apart", lambda: _apart(state)),
        ("merge", lambda: _merge(state)),
        ("export", lambda: _export(home, state)),
    ]
    if gui:
        steps.append(("window", lambda: _window(state)))
    try:
        for name, step in steps:
            started = time.perf_counter()
            try:
                detail = step()
            except Exception as exc:  # any failure is the answer the user asked for
                out(f"  FAILED  {name}: {exc.__class__.__name__}: {exc}")
                return 1
            out(f"  ok      {name:<9} {detail} ({time.perf_counter() - started:.1f} s)")
    finally:
        master = state.get("master")
        if master is not None:
            master.close()  # type: ignore[attr-defined]
    out("Self-test passed.")
    return 0


def _resources() -> str:
    demo = resources_root() / "sample" / "demo"
    missing = [name for name in DEMO_FILES if not (demo / name).is_file()]
    _check(not missing, f"demo files missing from the installation ({demo}): {', '.join(missing)}")
    presets = list(resource_path("export_presets").glob("*.toml"))
    _check(len(presets) >= 10, f"only {len(presets)} export presets found")
    return f"demo files and {len(presets)} export presets found"


def _master(home: Path, state: dict[str, object]) -> str:
    from workbench.store.master import open_master

    master = open_master(home / "self-test.sqlite")
    state["master"] = master
    return f"created and migrated to revision {master.revision()}"


def _import(state: dict[str, object]) -> str:
    from workbench.ingest.importer import import_file
    from workbench.ingest.plan import ImportOptions

    master = state["master"]
    read = customers = 0
    for name in DEMO_FILES:
        path = resource_path("sample", "demo", name)
        with path.open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1
        result = import_file(master, path, ImportOptions(source=Path(name).stem))  # type: ignore[arg-type]
        _check(result.counts.read == rows, f"{name}: read {result.counts.read} of {rows} rows")
        _check(result.counts.rejected == 0, f"{name}: {result.counts.rejected} rows rejected")
        read += result.counts.read
        customers += result.counts.new
    return f"{read} rows from {len(DEMO_FILES)} files, {customers} new customers"


def _matching(state: dict[str, object]) -> str:
    from workbench.matching import run_matching

    report = run_matching(state["master"])  # type: ignore[arg-type]
    _check(report.candidates > 0, "the demo files hold known duplicates, but none were found")
    state["candidates"] = report.candidates
    return f"{report.candidates} possible duplicates among {report.customers} customers"


def _apart(state: dict[str, object]) -> str:
    """The app runs matching and big imports in child processes: that they start and answer here."""
    from workbench.ingest import apart
    from workbench.ingest.plan import inspect_file
    from workbench.matching.apart import run_matching_apart

    master = state["master"]
    report = run_matching_apart(master)  # type: ignore[arg-type]
    _check(report.candidates == state["candidates"], "matching in a child process found other duplicates")
    plan = inspect_file(resource_path("sample", "demo", DEMO_FILES[0]))
    plan.source_name = Path(DEMO_FILES[0]).stem
    result = apart.import_file(master, plan, dry_run=True, apart=True)  # type: ignore[arg-type]
    _check(result.counts.read > 0 and result.counts.new == 0, "an import in a child process read the file otherwise")
    return f"matching and a dry-run import in child processes ({result.counts.unchanged} rows unchanged)"


def _merge(state: dict[str, object]) -> str:
    from workbench.stewardship.bulk import merge_groups, preview
    from workbench.store.queries import master_counts

    master = state["master"]
    with master.session() as session:  # type: ignore[attr-defined]
        plan = preview(session, None)
        before = master_counts(session).customers
    result = merge_groups(master, plan.groups)  # type: ignore[arg-type]
    with master.session() as session:  # type: ignore[attr-defined]
        after = master_counts(session).customers
    _check(not result.failed, f"{len(result.failed)} merges failed: {result.failed[:1]}")
    _check(before - after == result.merged_away, "customer count does not match the merges")
    return f"{len(result.event_ids)} sure groups merged, {after} customers left"


def _export(home: Path, state: dict[str, object]) -> str:
    from workbench.export.run import ExportRequest, export_customers

    target = home / "mailchimp.csv"
    summary = export_customers(state["master"], ExportRequest("mailchimp"), target)  # type: ignore[arg-type]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    _check(rows and "Email Address" in rows[0], f"unexpected Mailchimp header: {rows[:1]}")
    _check(len(rows) - 1 == summary.rows and summary.rows > 0, "the export file and its summary disagree")
    left_out = sum(summary.left_out.values())
    return f"{summary.rows} subscribers written for Mailchimp, {left_out} left out by consent"


def _window(state: dict[str, object]) -> str:
    from workbench.ui.smoke import open_window_once

    return open_window_once(state["master"])  # type: ignore[arg-type]
