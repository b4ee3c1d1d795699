"""`workbench quality`: the data-quality figures of the master, as text, JSON or a CSV/XLSX report."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from pathlib import Path

from workbench.commands import open_from_args, print_json, terminal_progress
from workbench.definitions.statuses import needs_daily_recompute, recompute_statuses
from workbench.errors import WorkbenchError
from workbench.quality.profile import DEFAULT_STALE_MONTHS, QualityReport, quality_report
from workbench.quality.report import percent, write_report

NAME = "quality"
HELP = "data-quality figures: completeness, validity, reachability, stale records, open duplicates, by source"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--stale-months", type=int, default=DEFAULT_STALE_MONTHS, metavar="N",
                        help=f"a record not updated for N months counts as stale (default {DEFAULT_STALE_MONTHS})")
    parser.add_argument("--out", type=Path, metavar="FILE", help="also write the report to FILE.csv or FILE.xlsx")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: Namespace) -> int:
    if args.stale_months < 1:
        raise WorkbenchError("--stale-months must be at least 1")
    if args.out and args.out.suffix.lower() not in (".csv", ".xlsx"):
        raise WorkbenchError(f"{args.out}: the report is written as .csv or .xlsx")
    master = open_from_args(args, create=False)
    try:
        with master.transaction() as session:
            # "Ordered within 365 days" depends on today: bring statuses up to date before counting them.
            if needs_daily_recompute(session):
                recompute_statuses(session, progress=terminal_progress())
        with master.session() as session:
            report = quality_report(session, stale_months=args.stale_months,
                                    progress=terminal_progress())
    finally:
        master.close()
    if args.out:
        write_report(report, args.out)
    if args.json:
        data = report.as_dict()
        if args.out:
            data["written_to"] = str(args.out)
        print_json(data)
        return 0
    print_text(report)
    if args.out:
        print(f"\nReport written to {args.out}")
    return 0


def _line(label: str, count: int, out_of: int | None = None) -> str:
    share = f"  {percent(count / out_of if out_of else None):>6}" if out_of else ""
    return f"  {label:<44}{count:>10,}{share}"


def print_text(report: QualityReport) -> None:
    n = report.customers
    print(f"Customers: {n:,} ({report.people:,} people, {report.organizations:,} organizations)")
    print("\nReach")
    for key, label in (("unreachable", "no way to reach them"), ("no_email_or_phone", "no valid e-mail or phone"),
                       ("no_email", "no valid e-mail"), ("no_phone", "no valid phone"),
                       ("no_address", "no valid postal address"), ("do_not_contact", "do not contact")):
        print(_line(label, report.reach.get(key, 0), n))
    print("\nInvalid contact points")
    for key, label in (("email", "e-mail addresses"), ("phone", "phone numbers"), ("address", "postal addresses")):
        print(_line(label, report.invalid.get(key, 0)))
    print(f"\nStale (not updated for {report.stale_months} months)")
    print(_line("records", report.stale, n))
    print("\nOpen duplicates")
    print(_line("possible-duplicate pairs", report.open_candidates))
    print(_line("customers involved", report.customers_in_open_duplicates, n))
    print("\nStatus")
    for status in report.statuses:
        print(_line(status["label"], status["count"], n))
    print("\nFields                                       complete    valid")
    for metric in [*report.fields, *report.attributes]:
        valid = percent(metric.validity) if metric.validity is not None else ""
        print(f"  {metric.label[:42]:<42}{percent(metric.completeness):>9}{valid:>9}")
    if report.sources:
        print("\nBy source                  records  customers  with problems  invalid e-mails  invalid phones")
        for s in report.sources:
            print(f"  {s.source[:22]:<22}{s.records:>10,}{s.customers:>11,}{s.records_with_problems:>15,}"
                  f"{s.invalid_emails:>17,}{s.invalid_phones:>16,}")
