"""Showing a 50-record group by field on the Duplicates page (target: under 100 ms).

    python tests/benchmarks/bench_group_view.py [--size N]

Times what the steward waits for when a group opens: the golden-record plan, folding the rows
into distinct values, laying out the rich-text lines and painting the view at 1280×800. Two
different groups take turns, so no laid-out text is reused from the run before.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's workbench
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for group_data

TARGET_MS = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50, help="records in the group (default 50)")
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="workbench-bench-group-"))
    os.environ["WORKBENCH_HOME"] = str(home)

    from group_data import many_systems_group

    from workbench.stewardship.records import load_records
    from workbench.stewardship.survivorship import SurvivorshipSettings
    from workbench.store.master import open_master
    from workbench.ui.app import make_application
    from workbench.ui.review.comparison_model import ComparisonModel
    from workbench.ui.review.group_view import GroupView

    app = make_application()
    master = open_master(home / "group.sqlite")
    groups = [many_systems_group(master, args.size) for _ in range(2)]
    with master.session() as session:
        loaded = [load_records(session, ids) for ids in groups]
    comparison = ComparisonModel()
    view = GroupView(comparison)
    view.resize(1280, 800)
    view.show()
    app.processEvents()
    times = []
    for run in range(args.repeat + 1):
        started = time.perf_counter()
        comparison.set_records(loaded[run % 2], SurvivorshipSettings())
        view.grab()  # laid out and painted
        if run:  # the first run pays for fonts and imports once per process
            times.append(time.perf_counter() - started)
        app.processEvents()
    median = statistics.median(times) * 1000
    print(f"   {args.size}-record group shown by field ({view.model.rowCount()} lines): median {median:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; target < {TARGET_MS} ms)")
    master.close()
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
