"""`workbench export`: a clean list in the layout a CRM, e-mail or address-book tool imports."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace
from pathlib import Path

from workbench.commands import open_from_args, print_json, terminal_progress
from workbench.errors import WorkbenchError
from workbench.export.fields import ColumnSpec, compile_column
from workbench.export.policy import CONSENT_STATES
from workbench.export.presets import get_preset
from workbench.export.run import ExportRequest, export_customers
from workbench.standardize.countries import country_code
from workbench.store.filters import CustomerFilter

NAME = "export"
HELP = "export customers for a CRM, e-mail or address-book tool (see `workbench presets`)"


def _list(values: list[str] | None) -> tuple[str, ...]:
    items: list[str] = []
    for value in values or []:
        items.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(dict.fromkeys(items))


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--preset", required=True, metavar="NAME", help="the target tool's layout (`workbench presets`)")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="where to write (default: the preset's file name in the current folder)")
    parser.add_argument("--segment", metavar="NAME", help="only the customers of this saved segment")
    parser.add_argument("--status", action="append", metavar="STATUS",
                        help="only customers with this status (repeat or separate with commas)")
    parser.add_argument("--source", action="append", metavar="NAME",
                        help="only customers with a record from this source (repeat or separate with commas)")
    parser.add_argument("--country", action="append", metavar="CC",
                        help="only customers whose primary address is in this country (code or name)")
    parser.add_argument("--consent", action="append", metavar="STATE",
                        help=f"only customers with this marketing consent ({', '.join(CONSENT_STATES)})")
    parser.add_argument("--include-unsubscribed", action="store_true",
                        help="marketing presets: also include customers without marketing consent (unsubscribed, "
                             "bounced, declined, never asked); do-not-contact customers stay out")
    parser.add_argument("--fields", metavar="FIELD,…",
                        help="CSV/XLSX presets: only these fields, in this order (e.g. master_number,first_name,"
                             "last_name,email,attribute.tier)")
    parser.add_argument("--force", action="store_true", help="replace the file if it exists already")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def request_from_args(args: Namespace) -> ExportRequest:
    preset = get_preset(args.preset)
    consent = _list(args.consent)
    unknown = [c for c in consent if c not in CONSENT_STATES]
    if unknown:
        raise WorkbenchError(f"--consent: unknown state {unknown[0]!r} (one of {', '.join(CONSENT_STATES)})")
    countries = []
    for value in _list(args.country):
        code = country_code(value)
        if code is None:
            raise WorkbenchError(f"--country: {value!r} is not a country this app knows")
        countries.append(code)
    fields = _list([args.fields] if args.fields else None)
    if fields and not preset.all_fields:
        raise WorkbenchError(f"--fields: the {preset.name} preset has a fixed layout; use the csv or xlsx preset")
    for name in fields:
        compile_column(ColumnSpec(header=name, fields=(name,)))  # names an unknown field → WorkbenchError
    flt = CustomerFilter(statuses=_list(args.status), sources=_list(args.source), countries=tuple(countries),
                         consent=consent)
    return ExportRequest(preset=preset.name, filter=flt, segment=args.segment,
                         include_without_consent=args.include_unsubscribed, fields=fields)


def run(args: Namespace) -> int:
    try:
        request = request_from_args(args)
    except WorkbenchError as exc:  # a wrong preset, field, state or country is bad usage
        print(f"workbench export: error: {exc}", file=sys.stderr)
        return 2
    out = args.out or Path.cwd() / get_preset(request.preset).default_file_name()
    master = open_from_args(args, create=False)
    try:
        summary = export_customers(master, request, out, replace=args.force, progress=terminal_progress())
    finally:
        master.close()
    if args.json:
        print_json(summary.as_dict())
    else:
        print("\n".join(summary.lines()))
    return 0
