"""Subject access: everything the master holds about one person, as JSON and as a readable page.

For a golden customer and every record merged into it: the golden record, every source record
with its raw cells and the file it came from, contact points with the record that said each,
consent as the records and the stewards gave it over time, merges and unmerges, relationships,
possible duplicates and decisions, the audit entries about them, and the exports that carried
them. `write_zip` puts `<number>.html` and `<number>.json` in one ZIP written atomically and
readable by its owner only; the request itself is recorded in the audit log (the fact, not the
data).
"""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench import __version__
from workbench.errors import WorkbenchError
from workbench.export.atomic import atomic_file, check_target
from workbench.privacy import export_log
from workbench.privacy.people import Person, person
from workbench.privacy.subject_page import render_html
from workbench.stewardship import images
from workbench.store import audit
from workbench.store.master import Master
from workbench.store.models import (
    Address,
    AuditEntry,
    Customer,
    CustomerRelationship,
    Decision,
    Email,
    ImportBatch,
    MatchCandidate,
    MergeEvent,
    Phone,
    RelationshipKind,
    Source,
    SourceRecord,
    format_master_number,
    utcnow,
)
from workbench.store.sightings import last_seen_batch, sighting

FORMAT = "steward-workbench subject access export"
VERSION = 1
CUSTOMER_FIELDS = ("kind", "title", "first_name", "middle_name", "last_name", "suffix", "company", "job_title",
                   "birth_date", "status", "status_override", "status_reason", "roles", "marketing_consent",
                   "consent_updated_at", "do_not_contact", "attributes", "tags", "notes", "first_seen_at",
                   "last_order_at", "order_count", "total_spent", "created_at", "updated_at")
CONSENT_FIELDS = ("marketing_consent", "do_not_contact", "consent_updated_at")


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else \
        value.isoformat() if isinstance(value, date) else None


def _customer(row: Customer) -> dict[str, Any]:
    data = {"master_number": row.master_number, "name": row.display_name}
    data.update({name: images.to_json(getattr(row, name)) for name in CUSTOMER_FIELDS})
    if row.merged_into_id is not None:
        data["merged_into"] = format_master_number(row.merged_into_id)
    return data


def _records(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    rows = session.execute(
        select(SourceRecord, Source.name, ImportBatch.file_name, ImportBatch.file_path, ImportBatch.started_at)
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(*sighting(SourceRecord)).join(ImportBatch, ImportBatch.id == last_seen_batch(SourceRecord))
        .where(SourceRecord.customer_id.in_(ids)).order_by(SourceRecord.id))
    return [{"id": record.id, "source": source, "file": file_name, "file_path": path,
             "imported_at": _when(at), "first_imported_at": _when(record.created_at), "row": record.record_no,
             "key": record.source_key, "customer": format_master_number(record.customer_id),
             "raw": dict(record.raw or {}), "standardized": dict((record.fields or {}).get("fields") or {})}
            for record, source, file_name, path, at in rows]


def _points(session: Session, ids: list[int], records: dict[int, dict[str, Any]]) -> dict[str, list[dict]]:
    def origin(record_id: int | None) -> dict[str, Any]:
        record = records.get(record_id) if record_id else None
        return {"source": record["source"], "file": record["file"], "row": record["row"]} if record \
            else {"source": "entered or kept by a steward", "file": None, "row": None}

    points: dict[str, list[dict]] = {"emails": [], "phones": [], "addresses": []}
    for e in session.scalars(select(Email).where(Email.customer_id.in_(ids)).order_by(Email.id)):
        points["emails"].append({"value": e.address, "kind": e.kind, "primary": e.is_primary, "valid": e.is_valid,
                                 "problem": e.problem, **origin(e.source_record_id)})
    for p in session.scalars(select(Phone).where(Phone.customer_id.in_(ids)).order_by(Phone.id)):
        points["phones"].append({"value": p.number, "e164": p.e164, "kind": p.kind, "primary": p.is_primary,
                                 "valid": p.is_valid, "problem": p.problem, **origin(p.source_record_id)})
    for a in session.scalars(select(Address).where(Address.customer_id.in_(ids)).order_by(Address.id)):
        points["addresses"].append({"value": a.one_line(), "kind": a.kind, "primary": a.is_primary,
                                    "valid": a.is_valid, "problem": a.problem, **origin(a.source_record_id)})
    return points


def _audit(session: Session, ids: list[int], record_ids: list[int], candidate_ids: list[int],
           relationship_ids: list[int]) -> list[dict[str, Any]]:
    clauses = [(AuditEntry.entity == "customer") & AuditEntry.entity_id.in_(ids)]
    for entity, values in (("source_record", record_ids), ("match_candidate", candidate_ids),
                           ("relationship", relationship_ids)):
        if values:
            clauses.append((AuditEntry.entity == entity) & AuditEntry.entity_id.in_(values))
    entries = session.scalars(select(AuditEntry).where(or_(*clauses)).order_by(AuditEntry.at, AuditEntry.id))
    return [{"at": _when(e.at), "actor": e.actor, "action": e.action, "about": f"{e.entity} {e.entity_id}",
             "field": e.field, "old": e.old_value, "new": e.new_value, "reason": e.reason} for e in entries]


def _consent(records: list[dict[str, Any]], entries: list[dict[str, Any]], golden: dict[str, Any]
             ) -> list[dict[str, Any]]:
    history = [{"at": r["imported_at"], "what": "marketing consent",
                "value": r["standardized"].get("marketing_consent"), "by": f"{r['source']} ({r['file']})"}
               for r in records if r["standardized"].get("marketing_consent")]
    history += [{"at": e["at"], "what": e["field"].replace("_", " "), "value": e["new"],
                 "by": f"{e['action']} by {e['actor']}" + (f": {e['reason']}" if e["reason"] else "")}
                for e in entries if e["field"] in CONSENT_FIELDS]
    history.sort(key=lambda item: item["at"] or "")
    history.append({"at": golden.get("consent_updated_at"), "what": "now",
                    "value": f"{golden.get('marketing_consent')}"
                             + ("; do not contact" if golden.get("do_not_contact") else ""), "by": "the master"})
    return history


def _merges(session: Session, ids: set[int]) -> list[dict[str, Any]]:
    found = []
    for event in session.scalars(select(MergeEvent).order_by(MergeEvent.id)):
        merged = [int(i) for i in event.merged_ids or []]
        if event.survivor_id in ids or ids.intersection(merged):
            found.append({"merge": event.id, "at": _when(event.created_at), "by": event.actor, "how": event.origin,
                          "kept": format_master_number(event.survivor_id),
                          "merged": [format_master_number(i) for i in merged],
                          "undone_at": _when(event.undone_at), "undone_by": event.undone_by})
    return found


def _relationships(session: Session, ids: list[int]) -> tuple[list[int], list[dict[str, Any]]]:
    rows = session.execute(select(CustomerRelationship, RelationshipKind.name)
                           .join(RelationshipKind, RelationshipKind.id == CustomerRelationship.kind_id)
                           .where(or_(CustomerRelationship.from_customer_id.in_(ids),
                                      CustomerRelationship.to_customer_id.in_(ids))))
    found = [(r.id, {"kind": kind, "from": format_master_number(r.from_customer_id),
                     "to": format_master_number(r.to_customer_id), "state": r.state, "note": r.note,
                     "since": _when(r.created_at)}) for r, kind in rows]
    return [i for i, _ in found], [item for _, item in found]


def _duplicates(session: Session, ids: list[int]) -> tuple[list[int], list[dict[str, Any]], list[dict[str, Any]]]:
    candidates = list(session.scalars(select(MatchCandidate).where(
        or_(MatchCandidate.customer_a_id.in_(ids), MatchCandidate.customer_b_id.in_(ids))).order_by(MatchCandidate.id)))
    decisions = session.scalars(select(Decision).where(
        or_(Decision.customer_a_id.in_(ids), Decision.customer_b_id.in_(ids))).order_by(Decision.id))
    return ([c.id for c in candidates],
            [{"pair": [format_master_number(c.customer_a_id), format_master_number(c.customer_b_id)],
              "score": round(c.score, 2), "status": c.status, "since": _when(c.created_at)} for c in candidates],
            [{"pair": [format_master_number(d.customer_a_id), format_master_number(d.customer_b_id)],
              "verdict": d.verdict, "at": _when(d.decided_at), "by": d.actor, "note": d.note,
              "revoked_at": _when(d.revoked_at)} for d in decisions])


def gather(session: Session, who: Person, *, master: str = "") -> dict[str, Any]:
    """Everything about one person, as plain JSON-ready data."""
    ids = list(who.ids)
    customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))}
    golden = _customer(customers[who.id])
    records = _records(session, ids)
    by_id = {r["id"]: r for r in records}
    relationship_ids, relationships = _relationships(session, ids)
    candidate_ids, candidates, decisions = _duplicates(session, ids)
    entries = _audit(session, ids, list(by_id), candidate_ids, relationship_ids)
    exports = export_log.exports_of(session, ids)
    return {
        "format": FORMAT, "version": VERSION, "generated_at": _when(utcnow()), "generated_by": f"Steward Workbench "
        f"{__version__}", "master": master, "master_number": who.master_number,
        "customer": golden,
        "merged_records": [_customer(customers[i]) for i in ids[1:] if i in customers],
        "source_records": records,
        "contact_points": _points(session, ids, by_id),
        "consent_history": _consent(records, entries, golden),
        "merges": _merges(session, set(ids)),
        "relationships": relationships,
        "possible_duplicates": candidates,
        "decisions": decisions,
        "audit_log": entries,
        "exports": [{"at": _when(e.at), "preset": e.preset, "tool": e.tool, "file": e.file, "rows": e.rows}
                    for e in exports],
        "exports_not_logged": export_log.unlogged_exports(session),
    }


def write_zip(master: Master, who: Person, out: Path | str, *, replace: bool = False) -> dict[str, Any]:
    """Write the person's subject access export to `out` (a ZIP); returns the gathered data."""
    target = Path(out).expanduser().absolute()
    check_target(target, replace=replace)
    with master.session() as session:
        data = gather(session, who, master=master.location)
    stem = who.master_number
    payload = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    try:
        with atomic_file(target, replace=replace) as (handle, _temp), \
                zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{stem}.html", render_html(data))
            archive.writestr(f"{stem}.json", payload)
    except OSError as exc:
        raise WorkbenchError(f"{target}: cannot write the export ({exc.strerror or exc})") from None
    with master.transaction() as session:
        audit.log(session, "subject_export", "customer", who.id,
                  details={"customers": [format_master_number(i) for i in who.ids], "file": str(target)})
    return data


def export_customer(master: Master, customer_id: int, out: Path | str, *, replace: bool = False) -> Path:
    """The subject access export of the person behind customer `customer_id` (with every customer
    merged into them), written to `out`; returns the file written."""
    with master.session() as session:
        who = person(session, customer_id)
    write_zip(master, who, out, replace=replace)
    return Path(out).expanduser().absolute()
