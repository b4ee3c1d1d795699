"""`workbench candidates`: list possible duplicates with their score and reasons, as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import sys
from argparse import ArgumentParser, Namespace
from pathlib import Path
from typing import Any

from workbench.commands import open_from_args, print_json
from workbench.errors import WorkbenchError
from workbench.matching.explain import describe
from workbench.store.candidates import CandidateRow, candidate_list
from workbench.store.models import format_master_number

NAME = "candidates"
HELP = "list candidate duplicates with score, probability and the reasons per field"
STATUSES = ("open", "merged", "rejected", "deferred", "stale", "all")
COLUMNS = ["candidate", "customer_a", "name_a", "customer_b", "name_b", "score", "probability", "status", "group",
           "reasons"]
# A cell a spreadsheet would run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--min-score", type=float, metavar="S", help="only candidates scoring at least S (bits)")
    parser.add_argument("--status", choices=STATUSES, default="open", help="which candidates (default: open)")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default: csv)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of the screen")


def reasons(explanation: list[Any]) -> str:
    """'e-mail: the same (+14.2); first name: a nickname … (+5.5)' — strongest first."""
    entries = [e for e in explanation if isinstance(e, dict) and e.get("field") != "prior"
               and e.get("level") != "missing"]
    entries.sort(key=lambda e: -abs(e.get("weight") or 0))
    return "; ".join(f"{e.get('label', e.get('field'))}: {describe(e)} ({e.get('weight', 0):+.1f})"
                     for e in entries)


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def as_record(row: CandidateRow) -> dict[str, Any]:
    return {"candidate": row.id, "customer_a": format_master_number(row.customer_a_id), "name_a": row.name_a,
            "customer_b": format_master_number(row.customer_b_id), "name_b": row.name_b,
            "score": round(row.score, 2), "probability": round(row.probability or 0.0, 6), "status": row.status,
            "group": format_master_number(row.cluster_id) if row.cluster_id else None,
            "explanation": [{**e, "description": describe(e)} for e in row.explanation]}


def run(args: Namespace) -> int:
    master = open_from_args(args, create=False)
    try:
        with master.session() as session:
            rows = candidate_list(session, min_score=args.min_score, status=args.status)
    finally:
        master.close()
    records = [as_record(r) for r in rows]
    if args.format == "json":
        payload = {"count": len(records), "status": args.status, "min_score": args.min_score, "candidates": records}
        if args.out:
            _write(args.out, lambda handle: json.dump(payload, handle, ensure_ascii=False, indent=2, default=str))
        else:
            print_json(payload)
        return 0

    def write_csv(handle: Any) -> None:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow([record["candidate"], record["customer_a"], _safe(record["name_a"] or ""),
                             record["customer_b"], _safe(record["name_b"] or ""), f"{record['score']:.2f}",
                             f"{record['probability']:.6f}", record["status"], record["group"] or "",
                             _safe(reasons(record["explanation"]))])

    if args.out:
        _write(args.out, write_csv)
    else:
        buffer = io.StringIO()
        write_csv(buffer)
        sys.stdout.write(buffer.getvalue())
    return 0


def _write(path: Path, fill: Any) -> None:
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            fill(handle)
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot write ({exc.strerror})") from None
    print(f"Wrote {path}", file=sys.stderr)
