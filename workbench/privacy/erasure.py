"""Erasing people: every row that holds their data goes, and the fact of the erasure stays.

For each person (a golden customer and every record merged into it) an erasure deletes the
customers, their contact points and source records (the raw cells), the candidates, decisions
and relationships that name them, and the merges that joined them (the merges' before-images
hold their data; other merges' images lose the candidates that named them). Audit entries about
them keep what happened and when, without the values; one new entry records the erasure itself
(master numbers, counts, the merges it removed: so an attempt to undo one of those merges is
refused with a clear reason). Their addresses and numbers stay behind only as keyed hashes
(see `suppression`), so an import cannot bring them back. Then the files are wiped (see
`store.wipe`).

`preview` says all of this before anything happens, and lists the exports that carried the
person: the systems those files went to hold them too, and are worth asking to erase them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from workbench.errors import WorkbenchError
from workbench.privacy import export_log, suppression
from workbench.privacy.export_log import ExportSeen
from workbench.privacy.people import Person, person
from workbench.progress import NO_PROGRESS, Progress
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
    Source,
    SourceRecord,
    format_master_number,
)
from workbench.store.wipe import WipeReport, purge_search_index, secure_delete, wipe

ERASE_ACTION = "erase"


@dataclass
class PersonPreview:
    id: int
    name: str
    ids: list[int]  # the person's own id first, then those merged into it
    source_records: dict[str, int]  # source → records
    contact_points: int
    candidates: int
    decisions: int
    relationships: int
    merges: list[int]
    audit_entries: int
    exports: list[ExportSeen] = field(default_factory=list)

    @property
    def numbers(self) -> list[str]:
        return [format_master_number(i) for i in self.ids]

    @property
    def master_number(self) -> str:
        return self.numbers[0]

    def as_dict(self) -> dict[str, Any]:
        return {"master_number": self.master_number, "name": self.name, "records": self.numbers,
                "source_records": dict(self.source_records), "contact_points": self.contact_points,
                "candidates": self.candidates, "decisions": self.decisions, "relationships": self.relationships,
                "merges": list(self.merges), "audit_entries": self.audit_entries,
                "exports": [{"at": e.at.isoformat(timespec="seconds"), "preset": e.preset, "tool": e.tool,
                             "file": e.file} for e in self.exports]}


@dataclass
class ErasurePreview:
    people: list[PersonPreview]

    @property
    def customer_ids(self) -> list[int]:
        return [p.id for p in self.people]

    def totals(self) -> dict[str, int]:
        return {"people": len(self.people),
                "source_records": sum(sum(p.source_records.values()) for p in self.people),
                "contact_points": sum(p.contact_points for p in self.people),
                "candidates": sum(p.candidates for p in self.people),
                "decisions": sum(p.decisions for p in self.people),
                "relationships": sum(p.relationships for p in self.people),
                "merges": sum(len(p.merges) for p in self.people),
                "audit_entries": sum(p.audit_entries for p in self.people)}

    def exports(self) -> list[ExportSeen]:
        seen: dict[int, ExportSeen] = {}
        for p in self.people:
            seen.update((e.id, e) for e in p.exports)
        return sorted(seen.values(), key=lambda e: (e.at, e.id))

    def lines(self) -> list[str]:
        t = self.totals()
        who = (f"{self.people[0].master_number} {self.people[0].name}" if len(self.people) == 1
               else f"{t['people']:,} people")
        lines = [f"Erasing {who}: {t['source_records']:,} source records, {t['contact_points']:,} contact points, "
                 f"{t['candidates']:,} possible duplicates, {t['decisions']:,} decisions, "
                 f"{t['relationships']:,} relationships, {t['merges']:,} merges; "
                 f"{t['audit_entries']:,} audit entries keep what happened, without the values."]
        if len(self.people) == 1:
            p = self.people[0]
            if len(p.numbers) > 1:
                lines.append(f"  records merged into it: {', '.join(p.numbers[1:])}")
            for source, count in sorted(p.source_records.items()):
                lines.append(f"  {count:,} from {source}")
        exports = self.exports()
        if exports:
            noun = "export" if len(exports) == 1 else "exports"
            lines.append(f"Carried by {len(exports):,} {noun}; ask those systems to erase them too:")
            for e in exports[:10]:
                lines.append(f"  {e.at:%Y-%m-%d %H:%M} {e.tool or e.preset}: {e.file}")
            if len(exports) > 10:
                lines.append(f"  … and {len(exports) - 10:,} more")
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {"totals": self.totals(), "people": [p.as_dict() for p in self.people]}


@dataclass
class ErasureResult:
    preview: ErasurePreview
    wipe: WipeReport
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**self.preview.as_dict(), "wipe": self.wipe.as_dict(), "seconds": round(self.seconds, 2)}


# ------------------------------------------------------------------ what an erasure touches


def _merge_events(session: Session, ids: set[int]) -> list[int]:
    found = []
    for event_id, survivor, merged in session.execute(select(MergeEvent.id, MergeEvent.survivor_id,
                                                             MergeEvent.merged_ids)):
        if survivor in ids or ids.intersection(int(i) for i in merged or []):
            found.append(event_id)
    return found


def _candidate_ids(session: Session, ids: list[int]) -> list[int]:
    return list(session.scalars(select(MatchCandidate.id).where(
        or_(MatchCandidate.customer_a_id.in_(ids), MatchCandidate.customer_b_id.in_(ids)))))


def _relationship_ids(session: Session, ids: list[int]) -> list[int]:
    return list(session.scalars(select(CustomerRelationship.id).where(
        or_(CustomerRelationship.from_customer_id.in_(ids), CustomerRelationship.to_customer_id.in_(ids)))))


def _record_ids(session: Session, ids: list[int]) -> list[int]:
    return list(session.scalars(select(SourceRecord.id).where(SourceRecord.customer_id.in_(ids))))


def _names_ids(entry: Any, ids: set[int]) -> bool:
    """Whether an audit value (a relationship's row image) names one of these customers."""
    if not isinstance(entry, dict):
        return False
    return any(entry.get(k) in ids for k in ("from_customer_id", "to_customer_id", "customer_id"))


def _audit_ids(session: Session, ids: list[int], records: list[int], candidates: list[int],
               relationships: list[int]) -> list[int]:
    clauses = [(AuditEntry.entity == "customer") & AuditEntry.entity_id.in_(ids)]
    for entity, values in (("source_record", records), ("match_candidate", candidates),
                           ("relationship", relationships)):
        if values:
            clauses.append((AuditEntry.entity == entity) & AuditEntry.entity_id.in_(values))
    found = set(session.scalars(select(AuditEntry.id).where(or_(*clauses), AuditEntry.action != ERASE_ACTION)))
    wanted = set(ids)
    for entry_id, old, new in session.execute(select(AuditEntry.id, AuditEntry.old_value, AuditEntry.new_value)
                                              .where(AuditEntry.entity == "relationship")):
        if _names_ids(old, wanted) or _names_ids(new, wanted):  # relationships deleted before today
            found.add(entry_id)
    return sorted(found)


def _merge_audit_ids(session: Session, merges: set[int]) -> list[int]:
    """Entries of the merges being removed, on whichever customer: a merge into someone else that
    was undone later still logged the values it took from this person."""
    if not merges:
        return []
    rows = session.execute(select(AuditEntry.id, AuditEntry.details).where(
        AuditEntry.action.in_(("merge", "unmerge")), AuditEntry.entity == "customer"))
    return [entry_id for entry_id, details in rows if (details or {}).get("merge_event_id") in merges]


def _preview_person(session: Session, who: Person) -> PersonPreview:
    ids = list(who.ids)
    records = _record_ids(session, ids)
    by_source = dict(session.execute(select(Source.name, func.count(SourceRecord.id))
                                     .join(SourceRecord, SourceRecord.source_id == Source.id)
                                     .where(SourceRecord.customer_id.in_(ids)).group_by(Source.name)).all())
    points = sum(session.scalar(select(func.count(model.id)).where(model.customer_id.in_(ids))) or 0
                 for model in (Email, Phone, Address))
    candidates = _candidate_ids(session, ids)
    relationships = _relationship_ids(session, ids)
    decisions = session.scalar(select(func.count(Decision.id)).where(
        or_(Decision.customer_a_id.in_(ids), Decision.customer_b_id.in_(ids)))) or 0
    return PersonPreview(
        who.id, who.name, ids, by_source, points, len(candidates), decisions,
        len(relationships), _merge_events(session, set(ids)),
        len(_audit_ids(session, ids, records, candidates, relationships)),
        export_log.exports_of(session, ids))


def preview(session: Session, customer_ids: Iterable[int]) -> ErasurePreview:
    """What erasing these customers (each with everything merged into it) would remove."""
    people: dict[int, Person] = {}
    for customer_id in customer_ids:
        who = person(session, customer_id)
        people.setdefault(who.id, who)
    if not people:
        raise WorkbenchError("nobody to erase")
    return ErasurePreview([_preview_person(session, p) for p in people.values()])


# ------------------------------------------------------------------ the erasure


def _scrub_audit(session: Session, entry_ids: list[int]) -> None:
    for start in range(0, len(entry_ids), 500):
        chunk = entry_ids[start:start + 500]
        for entry in session.scalars(select(AuditEntry).where(AuditEntry.id.in_(chunk))):
            details = {k: v for k, v in (entry.details or {}).items()
                       if k in ("merge_event_id", "origin", "merged", "restored", "batch_id", "batch", "decision_id",
                                "customers", "survivor", "undo")}
            entry.old_value = entry.new_value = entry.reason = None
            entry.details = {**details, "erased": True}


def _scrub_other_merges(session: Session, ids: set[int], candidates: set[int], skip: set[int]) -> None:
    """Other merges' images keep candidates that named these people (with the values compared)."""
    def names(picture: dict[str, Any]) -> bool:
        return picture.get("id") in candidates or picture.get("customer_a_id") in ids \
            or picture.get("customer_b_id") in ids

    for event in session.scalars(select(MergeEvent).execution_options(yield_per=200)):
        if event.id in skip:
            continue
        before = event.before or {}
        kept = [c for c in before.get("candidates") or [] if not names(c)]
        after = dict((before.get("after") or {}).get("candidates") or {})
        kept_after = {k: v for k, v in after.items() if not names(v)}
        if len(kept) != len(before.get("candidates") or []) or len(kept_after) != len(after):
            event.before = {**before, "candidates": kept,
                            "after": {**(before.get("after") or {}), "candidates": kept_after}}


def _scrub_rejects(session: Session, plain: set[str]) -> None:
    """An import's rejects name a row's key, which can be an e-mail address or a phone number."""
    if not plain:
        return
    for batch in session.scalars(select(ImportBatch).where(ImportBatch.rejects.isnot(None))):
        rejects = list(batch.rejects or [])
        cleaned = [r if not any(v in str(r.get("reason", "")) for v in plain)
                   else {"row": r.get("row"), "reason": "(erased)"} for r in rejects]
        if cleaned != rejects:
            batch.rejects = cleaned


def _plain_values(session: Session, ids: list[int]) -> set[str]:
    values = {v for v in session.scalars(select(Email.address).where(Email.customer_id.in_(ids))) if v}
    for number, e164 in session.execute(select(Phone.number, Phone.e164).where(Phone.customer_id.in_(ids))):
        values.update(v for v in (number, e164) if v and len(v) >= 5)
    return values


def _erase_person(session: Session, who: PersonPreview, reason: str | None, actor: str) -> None:
    ids = who.ids
    records = _record_ids(session, ids)
    candidates = _candidate_ids(session, ids)
    relationships = _relationship_ids(session, ids)
    merges = set(who.merges)
    texts = suppression.customer_texts(session, ids)
    plain = _plain_values(session, ids)

    _scrub_audit(session, _audit_ids(session, ids, records, candidates, relationships)
                 + _merge_audit_ids(session, merges))
    _scrub_other_merges(session, set(ids), set(candidates), merges)
    _scrub_rejects(session, plain)
    export_log.forget(session, ids)
    suppression.record_erased(session, texts, ids)

    session.execute(delete(CustomerRelationship).where(CustomerRelationship.id.in_(relationships)))
    session.execute(delete(Decision).where(or_(Decision.customer_a_id.in_(ids), Decision.customer_b_id.in_(ids))))
    if candidates:
        session.execute(update(Decision).where(Decision.candidate_id.in_(candidates)).values(candidate_id=None))
        session.execute(delete(MatchCandidate).where(MatchCandidate.id.in_(candidates)))
    if merges:
        session.execute(update(Decision).where(Decision.merge_event_id.in_(merges)).values(merge_event_id=None))
        session.execute(delete(MergeEvent).where(MergeEvent.id.in_(merges)))
    for model in (Email, Phone, Address):
        session.execute(delete(model).where(model.customer_id.in_(ids)))
    session.execute(delete(SourceRecord).where(SourceRecord.customer_id.in_(ids)))
    session.execute(update(Customer).where(Customer.id.in_(ids)).values(merged_into_id=None))
    session.execute(delete(Customer).where(Customer.id.in_(ids)))
    counts = {k: v for k, v in who.as_dict().items() if k in ("source_records", "contact_points", "candidates",
                                                               "decisions", "relationships", "audit_entries")}
    audit.log(session, ERASE_ACTION, "customer", who.id, actor=actor, reason=reason,
              details={"customers": who.numbers, "merge_events": sorted(merges), "counts": counts,
                       "exports": [e.id for e in who.exports]})


def erase(master: Master, customer_ids: Iterable[int], *, reason: str | None = None,
          progress: Progress = NO_PROGRESS) -> ErasureResult:
    """Erase these customers (each with everything merged into it) in one transaction, then
    wipe the files. `reason` is kept with the fact of the erasure: say why, not who."""
    started = time.monotonic()
    wanted = list(dict.fromkeys(customer_ids))
    actor = audit.current_actor()

    def unit(session: Session) -> ErasurePreview:
        _lock(session, wanted)
        plan = preview(session, wanted)
        total = len(plan.people)
        # Announced once the lock is held: a unit still waiting must not hide whom it waits for.
        with master.activity("an erasure"), secure_delete(session):
            for number, who in enumerate(plan.people):
                progress(number, total, f"Erasing {number + 1:,} of {total:,}")
                _erase_person(session, who, reason, actor)
                session.flush()
            progress(total, total, "Clearing the search index")
            purge_search_index(session)
        return plan

    result_preview = master.write(unit)
    total = len(result_preview.people)
    progress(total, total, "Wiping the file")
    report = finish(master)
    return ErasureResult(result_preview, report, time.monotonic() - started)


def _lock(session: Session, wanted: list[int]) -> None:
    """PostgreSQL: lock the people's customer rows (each with those merged into it) in id order
    before reading what to erase, so a merge or an edit of them waits for the erasure or the
    erasure for it (SQLite: the unit's write lock does it already)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    ids: set[int] = set()
    for customer_id in wanted:
        ids.update(person(session, customer_id).ids)
    session.execute(select(Customer.id).where(Customer.id.in_(sorted(ids))).order_by(Customer.id)
                    .with_for_update())


def finish(master: Master) -> WipeReport:
    """Wipe the files (again, after an erasure whose wipe could not complete: another reader)."""
    return wipe(master.engine, master.url.database if master.is_sqlite else None, master.busy)


def erased_merge(session: Session, event_id: int) -> str | None:
    """When merge `event_id` was removed by an erasure: why it can no longer be undone."""
    for at, details in session.execute(select(AuditEntry.at, AuditEntry.details)
                                       .where(AuditEntry.action == ERASE_ACTION).order_by(AuditEntry.id)):
        if event_id in (details or {}).get("merge_events", []):
            return (f"merge {event_id} cannot be undone: the people it merged were erased on "
                    f"{at:%Y-%m-%d %H:%M} and nothing of them is left to restore")
    return None
