"""The side-by-side comparison of 2–5 records: one row per field, one column per record.

Rows know whether their values are equal, nearly equal, in conflict or partly empty, and
which characters differ, so the screen can show differences at a glance. Everything here
is plain data computed from `RecordData`; the golden record comes from survivorship.

Contact points are shown as the merge will keep them: one row for each e-mail, number or place,
with every record's form of it in that record's column ("Hauptstr. 5" and "10115 Berlin" on the
row of "Hauptstraße 5, 10115 Berlin"), and the golden column saying which records say it and
when a source last confirmed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from workbench.definitions.labels import humanise
from workbench.standardize.phones import pretty
from workbench.stewardship.golden_fields import ATTRIBUTE_PREFIX, FIELD_BY_NAME
from workbench.stewardship.golden_points import KeptPoint, point_groups
from workbench.stewardship.records import POINT_TYPES, RecordData
from workbench.stewardship.survivorship import GoldenRecord
from workbench.store.models import format_master_number
from workbench.text import fold

NEAR_RATIO = 80  # rapidfuzz ratio (0–100) from which two different values count as nearly equal

CONSENT_TEXT = {"granted": "Subscribed", "denied": "Not subscribed", "unsubscribed": "Unsubscribed",
                "bounced": "Bounced", "unknown": "Unknown"}
POINT_LABELS = {"email": "E-mail", "phone": "Phone", "address": "Address"}
NAME_FIELDS = ("kind", "title", "first_name", "middle_name", "last_name", "suffix", "company", "job_title")
DETAIL_FIELDS = ("birth_date", "status", "status_override", "marketing_consent", "first_seen_at", "last_order_at",
                 "order_count", "total_spent")


def show(name: str, value: Any) -> str:
    """A value as the steward reads it."""
    if value is None or value == "":
        return ""
    if name == "kind":
        return "Organization" if value == "organization" else "Person"
    if name == "marketing_consent":
        return CONSENT_TEXT.get(value, str(value))
    if name in ("status", "status_override"):
        return str(value).replace("_", " ").capitalize()
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass
class Cell:
    text: str
    value: Any = None
    kind: str | None = None  # a contact point's kind (work, billing…)
    point_id: int | None = None
    tooltip: str | None = None
    html: str | None = None  # rich text, when plain text would not do

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass
class Row:
    kind: str  # section / survivor / origin / field / list / point
    key: str  # field name, "attributes.<name>", "<type>:#<kept point id>", or a section title
    label: str
    cells: list[Cell] = field(default_factory=list)
    state: str = "equal"  # equal / near / conflict / partial / empty / info
    point_type: str | None = None

    choice: bool = False  # is there anything to choose between in this row?

    @property
    def pickable(self) -> bool:
        return self.choice and self.kind in ("field", "survivor", "point")


def classify(texts: Sequence[str]) -> str:
    present = [t for t in texts if t]
    if not present:
        return "empty"
    distinct = set(present)
    if len(distinct) == 1:
        return "equal" if len(present) == len(texts) else "partial"
    folded = {" ".join(fold(t).split()) for t in distinct}
    if len(folded) == 1 or all(fuzz.ratio(fold(a), fold(b)) >= NEAR_RATIO for a in distinct for b in distinct):
        return "near"
    return "conflict"


def differing_spans(text: str, reference: str) -> list[tuple[int, int]]:
    """Character ranges of `text` that differ from `reference` (for highlighting)."""
    if not text or not reference or text == reference:
        return []
    spans: list[tuple[int, int]] = []
    for tag, _s1, _e1, start, end in Levenshtein.opcodes(reference, text):
        if tag in ("replace", "insert") and end > start:
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        elif tag == "delete" and text:
            # Something is missing here: mark the neighbouring character so the gap is visible.
            at = min(start, len(text) - 1)
            if not spans or spans[-1][1] <= at:
                spans.append((at, at + 1))
    return spans


def _field_row(name: str, label: str, values: list[Any]) -> Row:
    cells = [Cell(show(name, v), v) for v in values]
    state = classify([c.text for c in cells])
    spec = FIELD_BY_NAME.get(name)
    computed = spec is not None and spec.computed  # the status: computed, never picked
    return Row("field", name, label, cells, state, choice=state in ("near", "conflict", "partial") and not computed)


def _point_text(point_type: str, point: Any) -> str:
    if point_type == "phone" and point.key.startswith("+"):
        return pretty(point.key, point.text)
    return point.text


def _point_rows(point_type: str, records: Sequence[RecordData]) -> list[Row]:
    groups, _evidence = point_groups(point_type, records)
    column_of = {r.id: i for i, r in enumerate(records)}
    owner = {p.id: r.id for r in records for p in r.points.get(point_type, [])}
    rows: list[Row] = []
    place = {p.id: (column_of[r.id], n) for r in records for n, p in enumerate(r.points.get(point_type, []))}
    for group in sorted(groups, key=lambda g: min(place[m.id] for m in g.members)):
        cells = [Cell("") for _ in records]
        for member in group.members:  # the representative first: it fills its record's cell
            column = column_of[owner[member.id]]
            if cells[column].empty:
                cells[column] = Cell(_point_text(point_type, member), member.text, member.kind, member.id,
                                     None if member.is_valid else "not valid")
            else:  # a record saying it twice (two of its source records)
                cells[column].text += "\n" + _point_text(point_type, member)
        texts = [c.text for c in cells]
        state = classify(texts)
        if state == "conflict":  # different forms of one e-mail, number or place, not a disagreement
            state = "near"
        rows.append(Row("point", f"{point_type}:#{group.representative.id}", POINT_LABELS[point_type], cells,
                        state, point_type, choice=len(groups) > 1))
    return rows


def _origin_cell(record: RecordData) -> Cell:
    """Per source record: the source, the file (and row), and when it was imported."""
    if not record.origins:
        return Cell("Entered by hand", html="Entered by hand")
    texts, html = [], []
    for origin in record.origins:
        where = origin.file_name + (f" · row {origin.record_no}" if origin.record_no else "")
        when = origin.imported_at.strftime("%Y-%m-%d %H:%M")
        texts.append(f"{origin.source}\n{where}\n{when}")
        html.append(f"<b>{escape(origin.source)}</b><br><span style='color:#616e7c'>{escape(where)}<br>"
                    f"imported {when}</span>")
    return Cell("\n".join(texts), html="<br>".join(html))


def build_rows(records: Sequence[RecordData]) -> list[Row]:
    """Every row of the comparison; rows that are empty in every record are left out."""
    rows: list[Row] = [Row("section", "records", "Records")]
    rows.append(Row("survivor", "survivor", "Master number",
                    [Cell(r.master_number, r.id) for r in records], "info", choice=True))
    rows.append(Row("origin", "from", "From", [_origin_cell(r) for r in records], "info"))

    def add_section(title: str, section_rows: list[Row]) -> None:
        section_rows = [r for r in section_rows if r.state != "empty"]
        if section_rows:
            rows.append(Row("section", title.lower(), title))
            rows.extend(section_rows)

    add_section("Name", [_field_row(n, FIELD_BY_NAME[n].label, [r.values.get(n) for r in records])
                         for n in NAME_FIELDS])
    add_section("Contact", [row for t in POINT_TYPES for row in _point_rows(t, records)])
    details = [_field_row(n, FIELD_BY_NAME[n].label, [r.values.get(n) for r in records]) for n in DETAIL_FIELDS]
    for name, label in (("roles", "Roles"), ("tags", "Tags")):
        cells = [Cell(show(name, getattr(r, name)), getattr(r, name)) for r in records]
        details.append(Row("list", name, label, cells, classify([c.text for c in cells])))
    cells = [Cell("Do not contact" if r.do_not_contact else "", r.do_not_contact) for r in records]
    details.append(Row("list", "do_not_contact", "Do not contact", cells, classify([c.text for c in cells])))
    cells = [Cell(r.notes or "", r.notes) for r in records]
    details.append(Row("list", "notes", "Notes", cells, classify([c.text for c in cells])))
    add_section("Details", details)
    names = sorted({k for r in records for k in r.attributes})
    add_section("Attributes", [_field_row(ATTRIBUTE_PREFIX + n, humanise(n),
                                          [r.attributes.get(n) for r in records]) for n in names])
    return rows


def golden_cell(row: Row, golden: GoldenRecord) -> Cell:
    """What the golden record will hold for this row."""
    if row.kind == "survivor":
        return Cell(format_master_number(golden.survivor_id), golden.survivor_id)
    if row.kind == "field":
        resolution = golden.resolution(row.key)
        if resolution is None:
            return Cell("")
        return Cell(show(row.key.removeprefix(ATTRIBUTE_PREFIX), resolution.value), resolution.value)
    if row.kind == "origin":
        sources = [line for cell in row.cells for line in cell.text.split("\n")[::3] if line]
        count = len(sources)
        text = f"{count} source record{'s' if count != 1 else ''}: {', '.join(dict.fromkeys(sources))}"
        return Cell(text)
    if row.kind == "list":
        value = {"roles": golden.roles, "tags": golden.tags, "notes": golden.notes,
                 "do_not_contact": golden.do_not_contact}.get(row.key)
        if row.key == "do_not_contact":
            return Cell("Do not contact" if value else "", value)
        return Cell(show(row.key, value), value)
    if row.kind == "point" and row.point_type:
        kept = _kept_for(row, golden)
        if kept is not None:
            text = _point_text(row.point_type, kept.point)
            said = evidence_text(kept)
            html = f"<b>{escape(text)}</b>"
            if kept.kind and kept.kind != "other":
                html += f' <span style="color:#7b8794">{escape(kept.kind)}</span>'
            if kept.is_primary:
                html += ' <span style="color:#2f6f4f;font-weight:600">★ primary</span>'
            if said:
                html += f'<br><span style="color:#616e7c">{escape(said)}</span>'
            return Cell(text, kept.is_primary, kept.kind, kept.point.id, html=html)
    return Cell("")


def _kept_for(row: Row, golden: GoldenRecord) -> KeptPoint | None:
    ids = {c.point_id for c in row.cells if c.point_id is not None}
    return next((k for k in golden.points.get(row.point_type or "", []) if ids & {k.point.id, *(d.id for d in
                                                                                              k.duplicates)}), None)


def evidence_text(kept: KeptPoint) -> str:
    """Which records say a kept contact point and when a source last confirmed it."""
    if not kept.evidence:
        return ""
    sources = ", ".join(kept.sources)
    count = len(kept.evidence)
    records = f" ({count} records)" if count > len(kept.sources) else ""
    seen = kept.seen_at
    when = f" · last seen {seen:%Y-%m-%d}" if seen else ""
    return f"said by {sources}{records}{when}"


def picked_column(row: Row, golden: GoldenRecord, record_ids: Sequence[int]) -> int | None:
    """The record column whose value the golden record takes for this row, if there was a choice."""
    if not row.choice:
        return None
    if row.kind == "survivor":
        return list(record_ids).index(golden.survivor_id)
    if row.kind == "field":
        resolution = golden.resolution(row.key)
        if resolution is not None and resolution.from_id in record_ids:
            return list(record_ids).index(resolution.from_id)
        return None
    if row.kind == "point" and row.point_type:
        kept = _kept_for(row, golden)
        if kept is not None:
            return next((i for i, c in enumerate(row.cells) if c.point_id == kept.point.id), None)
    return None
