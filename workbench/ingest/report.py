"""The rejects of an import as a CSV the user can fix and import again: row, reason, original cells."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.ingest.plan import ImportPlan


def write_rejects(plan: ImportPlan, rejects: list[dict[str, Any]], out: Path) -> int:
    """Write one line per rejected row with its original cells; returns the number written."""
    reasons: dict[int, list[str]] = {}
    for reject in rejects:
        reasons.setdefault(int(reject["row"]), []).append(str(reject["reason"]))
    try:
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Row", "Reason", *plan.columns])
            written = 0
            if reasons:
                for number, cells in plan.data_rows():
                    for reason in reasons.get(number, ()):
                        writer.writerow([number, reason, *[c or "" for c in cells]])  # all: a stray value too
                        written += 1
    except OSError as exc:
        raise WorkbenchError(f"{out}: cannot write ({exc.strerror or exc})") from None
    return written
