"""Running an export: what the user asked for → the file, its summary, and the audit entry.

`export_customers(master, request, out, progress=…)` is the one operation the dialog and the
`workbench export` command share; `preview(master, request)` gives the first rows exactly as
the file will hold them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.definitions.segments import segment_filter
from workbench.errors import WorkbenchError
from workbench.export import policy
from workbench.export.atomic import atomic_file, check_target
from workbench.export.fields import ALL_FIELDS, ColumnSpec, describe_field
from workbench.export.guard import guard
from workbench.export.presets import Preset, get_preset
from workbench.export.rows import TEXT, TYPED, RowBuilder, needs_for
from workbench.export.vcard import card
from workbench.export.writers import XLSX_MAX_ROWS, VcardWriter, open_writer
from workbench.privacy import export_log
from workbench.progress import NO_PROGRESS, Progress
from workbench.store import audit
from workbench.store.export_rows import (
    attribute_names,
    consent_breakdown,
    count_customers,
    iter_customers,
)
from workbench.store.filters import CustomerFilter
from workbench.store.master import Master
from workbench.store.models import Source

PREVIEW_ROWS = 20
PREVIEW_SCAN = 5000


@dataclass(frozen=True)
class ExportRequest:
    preset: str
    filter: CustomerFilter = field(default_factory=CustomerFilter)
    segment: str | None = None
    include_without_consent: bool = False  # marketing presets: also customers without consent
    fields: tuple[str, ...] = ()  # generic presets: the chosen fields (empty: all fields)

    def describe_filter(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.filter.to_json())
        if self.segment:
            data["segment"] = self.segment
        return data


@dataclass
class ExportSummary:
    preset: str
    tool: str
    file: str | None
    rows: int = 0
    customers: int = 0  # customers the filters selected, before consent and do-not-contact
    considered: int = 0  # of those, the customers the consent and do-not-contact rules allow (the preview's figure)
    left_out: dict[str, int] = field(default_factory=dict)
    included_without_consent: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "preset": self.preset, "file": self.file, "rows": self.rows, "customers_selected": self.customers,
            "customers_considered": self.considered,
            "left_out": dict(self.left_out),
            "left_out_reasons": {k: policy.describe_reason(k) for k in self.left_out},
            "included_without_consent": dict(self.included_without_consent),
            "notes": list(self.notes), "seconds": round(self.seconds, 2),
        }

    def lines(self) -> list[str]:
        unit = "row" if self.rows == 1 else "rows"
        lines = [f"{self.rows:,} {unit} written for {self.tool}" + (f" to {self.file}" if self.file else "") + "."]
        # One story from the filter to the file, in the preview's words: matched → may be exported → written.
        lines.append(f"{self.customers:,} customers match the filter; {self.considered:,} of them may be exported "
                     "under the consent and do-not-contact rules.")
        if self.left_out:
            total = sum(self.left_out.values())
            lines.append(f"Left out: {total:,}")
            for key, count in sorted(self.left_out.items(), key=lambda kv: -kv[1]):
                lines.append(f"  {count:,} {policy.describe_reason(key)}")
        if self.included_without_consent:
            parts = ", ".join(f"{n:,} {policy.REASONS.get(k, k)}" for k, n in self.included_without_consent.items())
            lines.append(f"Included on request although without marketing consent: {parts}")
        lines.extend(self.notes)
        return lines


@dataclass
class Plan:
    preset: Preset
    columns: list[ColumnSpec]
    filters: list[CustomerFilter]  # the user's, the segment's and the consent policy's
    user_filters: list[CustomerFilter]


def _with_known_sources(session: Session, flt: CustomerFilter) -> CustomerFilter:
    """The filter with its source names as the master spells them; a name it does not know is an
    error, not an empty file."""
    if not flt.sources:
        return flt
    known = {name.casefold(): name for name in session.scalars(select(Source.name))}
    names = []
    for name in flt.sources:
        found = known.get(name.strip().casefold())
        if found is None:
            listed = ", ".join(sorted(known.values(), key=str.casefold)) or "none yet"
            raise WorkbenchError(f"no source called {name!r} in this master (sources: {listed})")
        names.append(found)
    return replace(flt, sources=tuple(names))


def plan(session: Session, request: ExportRequest) -> Plan:
    preset = get_preset(request.preset)
    user_filters = [_with_known_sources(session, request.filter)]
    if request.segment:
        user_filters.append(segment_filter(session, request.segment))
    _check_consent_request(preset, request)
    columns = list(preset.columns) if not preset.all_fields else _generic_columns(session, request.fields)
    filters = user_filters + policy.policy_filters(preset, request.include_without_consent)
    return Plan(preset, columns, filters, user_filters)


def _check_consent_request(preset: Preset, request: ExportRequest) -> None:
    asked = set(request.filter.consent)
    if preset.purpose == policy.MARKETING and asked - {"granted"} and not request.include_without_consent:
        states = ", ".join(sorted(asked - {"granted"}))
        raise WorkbenchError(f"{preset.tool} is a marketing tool and the consent filter asks for {states}: "
                             "include customers without consent explicitly (--include-unsubscribed) to do that")


def _generic_columns(session: Session, chosen: tuple[str, ...]) -> list[ColumnSpec]:
    attributes = attribute_names(session)
    if chosen:
        labels = dict(ALL_FIELDS) | {f"attribute.{n}": label for n, label in attributes}
        return [ColumnSpec(header=labels.get(name) or describe_field(name), fields=(name,)) for name in chosen]
    columns = [ColumnSpec(header=label, fields=(name,)) for name, label in ALL_FIELDS]
    taken = {c.header for c in columns}
    for name, label in attributes:
        header = label if label not in taken else f"{label} ({name})"
        columns.append(ColumnSpec(header=header, fields=(f"attribute.{name}",)))
    return columns


class NothingToExport(WorkbenchError):
    """The filters and the tool's rules leave nobody to write: no file is written."""


def _nothing_to_export(request: ExportRequest, preset: Preset, selected: int,
                       left_out: dict[str, int]) -> NothingToExport:
    if not selected:
        described = ", ".join(f"{k}: {', '.join(v) if isinstance(v, list | tuple) else v}"
                              for k, v in request.describe_filter().items() if v)
        return NothingToExport(f"no customer matches the filter ({described or 'no filter'}); no file was written")
    reasons = "; ".join(f"{n:,} {policy.describe_reason(k)}" for k, n in sorted(left_out.items(), key=lambda kv: -kv[1]))
    return NothingToExport(f"none of the {selected:,} customers the filter selected can go to {preset.tool}"
                           + (f" ({reasons})" if reasons else "") + "; no file was written")


def export_customers(master: Master, request: ExportRequest, out: Path | str, *, replace: bool = False,
                     progress: Progress = NO_PROGRESS) -> ExportSummary:
    """Write the export to `out` (atomically), record it in the audit log, and say what happened.

    An existing file under `out` is replaced only with `replace`; when nobody is left to
    write, `NothingToExport` says why and no file is written."""
    started = time.monotonic()
    target = Path(out).expanduser().absolute()
    check_target(target, replace=replace)  # before reading anything: say it at once
    with master.session() as session:
        the_plan = plan(session, request)
        preset = the_plan.preset
        breakdown = consent_breakdown(session, the_plan.user_filters)
        selected = sum(breakdown.values())
        total = count_customers(session, the_plan.filters)
        if preset.format == "xlsx" and preset.rows == "customer" and total >= XLSX_MAX_ROWS:
            raise WorkbenchError(f"{target}: {total:,} customers do not fit in one XLSX sheet "
                                 f"(at most {XLSX_MAX_ROWS - 1:,} rows); choose a CSV preset or a narrower filter")
        summary = ExportSummary(preset.name, preset.tool, str(target), customers=selected, considered=total,
                                left_out=policy.left_out_by_policy(breakdown, preset, request.include_without_consent),
                                included_without_consent=policy.included_without_consent(
                                    breakdown, preset, request.include_without_consent))
        if not total:
            raise _nothing_to_export(request, preset, selected, summary.left_out)
        builder = RowBuilder(preset, the_plan.columns, TYPED if preset.format == "xlsx" else TEXT)
        needs = needs_for(preset, the_plan.columns)
        progress(0, total, f"Exporting for {preset.tool}…")
        done = 0
        try:
            with atomic_file(target, replace=replace) as (handle, _temp):
                writer = open_writer(handle, preset, builder.headers)
                try:
                    for chunk in iter_customers(session, the_plan.filters, needs=needs):
                        if isinstance(writer, VcardWriter):
                            summary.rows += writer.write_cards(chunk)
                            builder.carried.extend(c.id for c in chunk)
                        else:
                            summary.rows += writer.write_rows(builder.rows(chunk))
                        done += len(chunk)
                        progress(done, total, f"Exported {done:,} of {total:,} customers")
                except BaseException:
                    writer.abort()
                    raise
                writer.close()
                if not summary.rows:  # the tool's own rules left everyone out: keep no empty file
                    raise _nothing_to_export(request, preset, selected, {**summary.left_out, **builder.left_out})
        except OverflowError:
            raise WorkbenchError(f"{target}: more rows than one XLSX sheet holds ({XLSX_MAX_ROWS - 1:,}); "
                                 "choose a CSV preset or a narrower filter") from None
        except OSError as exc:
            raise WorkbenchError(f"{target}: cannot write the export ({exc.strerror or exc})") from None
    for key, count in builder.left_out.items():
        summary.left_out[key] = summary.left_out.get(key, 0) + count
    summary.notes.extend(builder.limits_text())
    summary.notes.extend(_tool_limits(preset, summary.rows, target))
    summary.seconds = time.monotonic() - started
    with master.transaction() as session:
        export_log.record(session, preset=preset.name, tool=preset.tool, file=str(target), rows=summary.rows,
                          customer_ids=builder.carried)
        audit.log(session, "export", "export", None, new=str(target), details={
            "preset": preset.name, "filter": request.describe_filter(),
            "include_without_consent": request.include_without_consent, "fields": list(request.fields) or None,
            "rows": summary.rows, "file": str(target), "left_out": summary.left_out,
        })
    return summary


def _tool_limits(preset: Preset, rows: int, target: Path) -> list[str]:
    notes = []
    if preset.max_rows and rows > preset.max_rows:
        notes.append(f"{preset.tool} imports at most {preset.max_rows:,} rows at a time: split the file "
                     f"(for example by country or segment) before importing.")
    if preset.max_file_mb:
        size_mb = target.stat().st_size / 1_000_000
        if size_mb > preset.max_file_mb:
            notes.append(f"The file is {size_mb:,.0f} MB; {preset.tool} accepts at most "
                         f"{preset.max_file_mb:,.0f} MB per upload: split it before importing.")
    return notes


@dataclass
class Preview:
    headers: list[str]
    rows: list[list[str]]
    text: str | None = None  # vCard presets: the cards as written
    matching: int = 0  # customers the export will consider (after consent and do-not-contact)


def preview(master: Master, request: ExportRequest, limit: int = PREVIEW_ROWS) -> Preview:
    """The header and first rows exactly as the file will hold them (CSV text, guarded)."""
    with master.session() as session:
        the_plan = plan(session, request)
        preset = the_plan.preset
        builder = RowBuilder(preset, the_plan.columns, TEXT)
        needs = needs_for(preset, the_plan.columns)
        matching = count_customers(session, the_plan.filters)
        rows: list[list[str]] = []
        cards: list[str] = []
        # Bounded: when the tool's rules leave most customers out, the preview stops looking.
        for chunk in iter_customers(session, the_plan.filters, needs=needs, chunk=limit * 2,
                                    limit=PREVIEW_SCAN):
            if preset.format == "vcard":
                cards.extend(card(c, preset.vcard_version) for c in chunk[: limit - len(cards)])
                if len(cards) >= limit:
                    break
                continue
            for row in builder.rows(chunk):
                cells = ["" if c is None else c for c in row]
                rows.append([guard(c) for c in cells] if preset.format == "csv" else cells)
                if len(rows) >= limit:
                    break
            if len(rows) >= limit:
                break
    if preset.format == "vcard":
        return Preview(["vCard"], [], "".join(cards), matching)
    return Preview(builder.headers, rows, None, matching)
