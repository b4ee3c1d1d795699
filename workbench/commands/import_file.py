"""`workbench import FILE`: a customer file into the master, mapped automatically, all or nothing."""

from __future__ import annotations

import json
from argparse import ArgumentParser, Namespace
from pathlib import Path

from workbench.commands import open_from_args, print_json, terminal_progress
from workbench.errors import WorkbenchError
from workbench.ingest.importer import import_file
from workbench.ingest.plan import ImportOptions

NAME = "import"
HELP = "import a customer file (CSV/TSV/TXT, XLSX/XLSM/XLS/ODS, vCard)"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the file to import")
    parser.add_argument("--source", metavar="NAME",
                        help="which source the file comes from (default: from the file name); the mapping "
                             "confirmed for a source is reused on its next import")
    parser.add_argument("--key", metavar="COLUMN",
                        help="the column that identifies a record across exports (default: the source's id "
                             "column if it has one, else the record's content)")
    parser.add_argument("--sheet", metavar="NAME", help="the sheet of a workbook (default: the sheet holding customers, the biggest if several)")
    parser.add_argument("--mapping", type=Path, metavar="FILE.json",
                        help='a JSON object: column → field ("email", "phone:work", "attribute:<name>") or null '
                             "to ignore the column")
    parser.add_argument("--region", metavar="CC",
                        help="country (ISO code) for phone numbers without a country code, e.g. DE")
    parser.add_argument("--dry-run", action="store_true", help="say what would happen; change nothing")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _read_mapping(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot read the mapping ({exc.strerror or exc})") from None
    except json.JSONDecodeError as exc:
        raise WorkbenchError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("mapping"), dict):
        data = data["mapping"]  # a previous --json summary works as a mapping file too
    if not isinstance(data, dict):
        raise WorkbenchError(f"{path}: the mapping must be a JSON object of column → field")
    return data


def run(args: Namespace) -> int:
    region = args.region.strip().upper() if args.region else None
    if region is not None and (len(region) != 2 or not region.isalpha()):
        raise WorkbenchError(f"--region {args.region!r}: expected a two-letter country code such as DE or US")
    options = ImportOptions(source=args.source, key=args.key, sheet=args.sheet, region=region,
                            mapping=_read_mapping(args.mapping) if args.mapping else None, dry_run=args.dry_run)
    master = open_from_args(args)
    try:
        result = import_file(master, args.file, options, progress=terminal_progress())
    finally:
        master.close()
    if args.json:
        print_json(result.as_json())
        return 0
    summary = result.as_json()
    counts = summary["counts"]
    verb = "Would import" if args.dry_run else "Imported"
    how = ", ".join(p for p in (summary["format"].upper(), summary["encoding"],
                                f"sheet {summary['sheet']!r}" if summary["sheet"] else None,
                                f"header in row {summary['header_row']}" if summary["header_row"] else None) if p)
    print(f"{verb} {args.file.name} ({how}) as source {result.source!r}:")
    print(f"  {counts['read']:,} records read: {counts['new']:,} new, {counts['updated']:,} updated, "
          f"{counts['unchanged']:,} unchanged, {counts['duplicates']:,} duplicate rows, "
          f"{counts['rejected']:,} rejected")
    if summary["held_back"]:
        reasons = ", ".join(f"{why} {count:,}" for why, count in summary["held_back"].items())
        print(f"  held back: {reasons} (people nobody may bring back; rows in --json)")
    if summary["opt_outs_kept"]:
        print(f"  {summary['opt_outs_kept']:,} new records arrived opted out, as their person had")
    for column, target in summary["mapping"].items():
        print(f"  {column!s:>28} → {target or '(ignored)'}")
    for reject in summary["rejects"][:20]:
        print(f"  rejected row {reject['row']}: {reject['reason']}")
    if len(summary["rejects"]) > 20:
        print(f"  … and {len(summary['rejects']) - 20:,} more rejected rows (see --json)")
    return 0
