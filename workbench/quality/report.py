"""Writing the quality report as CSV (one table, a row per figure) or XLSX (a sheet per part).

Names and values in the report come from the customer data (source names, attribute keys,
invalid e-mail addresses), so cells a spreadsheet would read as a formula are written as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.quality.profile import Metric, QualityReport, share

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """A text a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def rows(report: QualityReport) -> Iterator[tuple[str, str, int | None, int | None, str]]:
    """(section, item, count, out of, share) for every figure in the report."""
    n = report.customers
    yield "Summary", "Customers", n, None, ""
    yield "Summary", "People", report.people, n, percent(share(report.people, n))
    yield "Summary", "Organizations", report.organizations, n, percent(share(report.organizations, n))
    for key, label in (("unreachable", "No way to reach (no valid e-mail, phone or address)"),
                       ("no_email_or_phone", "No valid e-mail or phone"), ("no_email", "No valid e-mail"),
                       ("no_phone", "No valid phone"), ("no_address", "No valid postal address"),
                       ("do_not_contact", "Do not contact")):
        count = report.reach.get(key, 0)
        yield "Reachability", label, count, n, percent(share(count, n))
    for kind, label in (("email", "Invalid e-mail addresses"), ("phone", "Invalid phone numbers"),
                        ("address", "Invalid postal addresses")):
        yield "Invalid contact points", label, report.invalid.get(kind, 0), None, ""
    yield ("Stale", f"Not updated for {report.stale_months} months", report.stale, n,
           percent(share(report.stale, n)))
    # The same three figures, in the same words, as the status bar and the Duplicates page.
    yield "Duplicates", "Groups to review", report.open_groups, None, ""
    yield "Duplicates", "Possible-duplicate pairs in them", report.open_candidates, None, ""
    yield ("Duplicates", "Customers in groups to review", report.customers_in_open_duplicates, n,
           percent(share(report.customers_in_open_duplicates, n)))
    for status in report.statuses:
        yield "Status", status["label"], status["count"], n, percent(share(status["count"], n))
    for metric in [*report.fields, *report.attributes]:
        section = "Field" if metric in report.fields else "Attribute"
        yield f"{section} completeness", metric.label, metric.filled, metric.out_of, percent(metric.completeness)
        if metric.checked is not None:
            yield f"{section} validity", metric.label, metric.valid, metric.checked, percent(metric.validity)
    for source in report.sources:
        yield "Source", f"{source.source}: records", source.records, None, ""
        yield "Source", f"{source.source}: customers", source.customers, None, ""
        yield ("Source", f"{source.source}: records with problems", source.records_with_problems, source.records,
               percent(share(source.records_with_problems, source.records)))
        yield ("Source", f"{source.source}: invalid e-mails", source.invalid_emails, source.emails,
               percent(share(source.invalid_emails, source.emails)))
        yield ("Source", f"{source.source}: invalid phones", source.invalid_phones, source.phones,
               percent(share(source.invalid_phones, source.phones)))
        yield ("Source", f"{source.source}: customers in open duplicates", source.in_open_duplicates,
               source.customers, percent(share(source.in_open_duplicates, source.customers)))


def write_csv(report: QualityReport, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # the BOM lets Excel read the accents
        writer = csv.writer(handle)
        writer.writerow(["Section", "Item", "Count", "Out of", "Share"])
        for row in rows(report):
            writer.writerow([safe(cell) if cell is not None else "" for cell in row])


def write_xlsx(report: QualityReport, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="E4E7EB")

    def sheet(title: str, header: list[str], data: list[list[Any]], widths: list[int], percent_columns=()):
        ws = book.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font, cell.fill = bold, head_fill
        for row in data:
            ws.append([safe(v) for v in row])
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[chr(64 + index)].width = width
        for column in percent_columns:
            for cell in ws[chr(64 + column)][1:]:
                cell.number_format = "0.0%"
                cell.alignment = Alignment(horizontal="right")
        ws.freeze_panes = "A2"

    summary = [[section, item, count, out_of, share(count, out_of) if out_of else None]
               for section, item, count, out_of, _share in rows(report)
               if section in ("Summary", "Reachability", "Invalid contact points", "Stale", "Duplicates", "Status")]
    sheet("Summary", ["Section", "Item", "Count", "Out of", "Share"], summary, [24, 52, 12, 12, 10], (5,))

    def metric_rows(metrics: list[Metric]) -> list[list[Any]]:
        return [[m.label, m.key, m.base, m.out_of, m.filled, m.completeness, m.checked, m.valid, m.validity,
                 m.note] for m in metrics]

    header = ["Field", "Key", "Counted over", "Customers", "Filled", "Completeness", "Checked", "Valid", "Validity",
              "Note"]
    sheet("Fields", header, metric_rows(report.fields), [26, 18, 14, 12, 10, 13, 10, 10, 10, 34], (6, 9))
    sheet("Attributes", ["Attribute", *header[1:]], metric_rows(report.attributes),
          [26, 18, 14, 12, 10, 13, 10, 10, 10, 40], (6, 9))
    sheet("Sources", ["Source", "Records", "Customers", "Records with problems", "E-mails", "Invalid e-mails",
                      "Phones", "Invalid phones", "Customers in open duplicates", "Last import"],
          [[s.source, s.records, s.customers, s.records_with_problems, s.emails, s.invalid_emails, s.phones,
            s.invalid_phones, s.in_open_duplicates, s.last_import] for s in report.sources],
          [24, 10, 10, 12, 10, 12, 10, 12, 14, 18])
    sheet("Invalid contacts", ["Master no.", "Customer", "Kind", "Value", "Problem"],
          [[f"C-{b.customer_id:06d}", b.customer, b.kind, b.value, b.problem] for b in report.invalid_examples],
          [12, 30, 10, 34, 60])
    del book["Sheet"]
    book.properties.title = "Data quality report"
    book.save(path)


def write_report(report: QualityReport, path: Path) -> Path:
    """CSV or XLSX by the file's extension."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            write_csv(report, path)
        elif suffix == ".xlsx":
            write_xlsx(report, path)
        else:
            raise WorkbenchError(f"{path.name}: choose a .csv or .xlsx file for the report")
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot write ({exc.strerror})") from None
    return path
