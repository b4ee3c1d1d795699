"""The quality report: one pass of aggregate queries over the master, plus a scan per attribute.

Everything counts active golden customers (not merged away). The panel, the CSV/XLSX report
and `workbench quality --json` all show this one `QualityReport`.

A contact point that cannot be used as it is counts as incomplete, neither filled nor valid: an
address without a street (or without both postcode and city) reaches nobody by post, and a
phone number typed without its country code that is not a number of its region cannot be
dialled. They are counted apart (`incomplete`), with examples, so they can be completed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from workbench.definitions import attributes as attributes_mod
from workbench.definitions.statuses import display as status_display
from workbench.definitions.statuses import status_counts
from workbench.matching.status import last_run
from workbench.progress import NO_PROGRESS, Progress
from workbench.stewardship.counts import review_counts
from workbench.store.models import (
    Address,
    Customer,
    Email,
    ImportBatch,
    MatchCandidate,
    Phone,
    Source,
    SourceRecord,
    utcnow,
)

DEFAULT_STALE_MONTHS = 24
EXAMPLES = 200


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class Metric:
    key: str
    label: str
    base: str  # who it counts over: all customers, people, organizations
    out_of: int
    filled: int
    checked: int | None = None  # values checked for validity (None: not checkable)
    valid: int | None = None
    note: str = ""

    @property
    def completeness(self) -> float | None:
        return share(self.filled, self.out_of)

    @property
    def validity(self) -> float | None:
        return share(self.valid, self.checked) if self.checked is not None and self.valid is not None else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "completeness": self.completeness, "validity": self.validity}


@dataclass
class AttributeMetric(Metric):
    type: str = "text"
    defined: bool = True
    required: bool = False
    retired: bool = False
    missing_required: int = 0


@dataclass
class BadContact:
    customer_id: int
    customer: str
    kind: str  # email / phone / address
    value: str
    problem: str


@dataclass
class SourceQuality:
    source: str
    records: int = 0
    customers: int = 0
    records_with_problems: int = 0
    emails: int = 0
    invalid_emails: int = 0
    phones: int = 0
    invalid_phones: int = 0
    in_open_duplicates: int = 0
    last_import: datetime | None = None


def complete_address() -> ColumnElement[bool]:
    """An address a letter can be sent to: a street, and a postcode or a city."""
    return and_(Address.street.isnot(None), Address.street != "",
                or_(and_(Address.postcode.isnot(None), Address.postcode != ""),
                    and_(Address.city.isnot(None), Address.city != "")))


def complete_phone() -> ColumnElement[bool]:
    """A number that can be dialled from anywhere: typed with its country code, or valid in its region."""
    number = func.ltrim(Phone.number)
    return or_(Phone.is_valid.is_(True), number.like("+%"), number.like("00%"))


INCOMPLETE_PROBLEM = {"address": "incomplete: no street, or neither postcode nor city",
                      "phone": "incomplete: no country code, and not a number of its region"}


@dataclass
class QualityReport:
    generated_at: datetime
    stale_months: int
    customers: int = 0
    people: int = 0
    organizations: int = 0
    fields: list[Metric] = field(default_factory=list)
    attributes: list[AttributeMetric] = field(default_factory=list)
    reach: dict[str, int] = field(default_factory=dict)
    invalid: dict[str, int] = field(default_factory=dict)
    invalid_examples: list[BadContact] = field(default_factory=list)
    incomplete: dict[str, int] = field(default_factory=dict)  # contact points that cannot be used as they are
    incomplete_examples: list[BadContact] = field(default_factory=list)
    stale: int = 0
    stale_before: datetime | None = None
    open_candidates: int = 0  # pairs; groups and customers as every screen counts them (stewardship.counts)
    open_groups: int = 0
    customers_in_open_duplicates: int = 0
    duplicates_searched: bool = False  # has matching ever run: "0 in open duplicates" means nothing before
    statuses: list[dict[str, Any]] = field(default_factory=list)
    sources: list[SourceQuality] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["fields"] = [m.as_dict() for m in self.fields]
        data["attributes"] = [m.as_dict() for m in self.attributes]
        data["stale_share"] = share(self.stale, self.customers)
        data["unreachable_share"] = share(self.reach.get("unreachable", 0), self.customers)
        return data


def months_before(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + year, month + 1
    day = min(moment.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31,
                           31, 30, 31, 30, 31][month - 1])
    return moment.replace(year=year, month=month, day=day)


ACTIVE = Customer.merged_into_id.is_(None)
PERSON = Customer.kind != "organization"
ORG = Customer.kind == "organization"


def _has(model, *where) -> ColumnElement[bool]:
    # IN (subquery) is built once per query (a hashed set); a correlated EXISTS would probe per customer.
    return Customer.id.in_(select(model.customer_id).where(*where))


def _counts(session: Session, **conditions: ColumnElement[bool]) -> dict[str, int]:
    """Many counts over active customers in one scan: name → count of rows where the condition holds."""
    columns = [func.sum(case((condition, 1), else_=0)).label(name) for name, condition in conditions.items()]
    row = session.execute(select(*columns).where(ACTIVE)).one()
    return {name: int(getattr(row, name) or 0) for name in conditions}


def _field_metrics(session: Session, report: QualityReport) -> None:
    has_email, has_phone, has_address = _has(Email), _has(Phone, complete_phone()), _has(Address, complete_address())
    valid_email = _has(Email, Email.is_valid.is_(True))
    valid_phone = _has(Phone, Phone.is_valid.is_(True))
    valid_address = _has(Address, Address.is_valid.is_(True), complete_address())
    # One scan of the customers answers every count (a million rows: seconds, not one scan per figure).
    c = _counts(
        session, customers=Customer.id.isnot(None), people=PERSON, organizations=ORG,
        name=or_(and_(PERSON, or_(Customer.first_name.isnot(None), Customer.last_name.isnot(None))),
                 and_(ORG, Customer.company.isnot(None))),
        first_name=and_(PERSON, Customer.first_name.isnot(None)), last_name=and_(PERSON, Customer.last_name.isnot(None)),
        company=and_(ORG, Customer.company.isnot(None)), email=has_email, phone=has_phone, address=has_address,
        country=Customer.primary_country.isnot(None), birth_date=and_(PERSON, Customer.birth_date.isnot(None)),
        consent=Customer.marketing_consent != "unknown", first_seen=Customer.first_seen_at.isnot(None),
        last_order=Customer.last_order_at.isnot(None),
        status=func.coalesce(Customer.status_override, Customer.status).isnot(None),
        birth_ok=and_(PERSON, Customer.birth_date.isnot(None), Customer.birth_date >= datetime(1900, 1, 1).date(),
                      Customer.birth_date <= utcnow().date()),
        no_email=~valid_email, no_phone=~valid_phone, no_address=~valid_address,
        no_email_or_phone=and_(~valid_email, ~valid_phone), unreachable=and_(~valid_email, ~valid_phone,
                                                                             ~valid_address),
        do_not_contact=Customer.do_not_contact.is_(True),
    )
    report.reach = {key: c[key] for key in ("no_email", "no_phone", "no_address", "no_email_or_phone",
                                            "unreachable", "do_not_contact")}
    report.customers, report.people, report.organizations = c["customers"], c["people"], c["organizations"]
    points = {}
    for name, model, usable in (("email", Email, Email.id.isnot(None)), ("phone", Phone, complete_phone()),
                                ("address", Address, complete_address())):
        total, valid = session.execute(
            select(func.count(model.id), func.sum(case((model.is_valid.is_(True), 1), else_=0)))
            .join(Customer, Customer.id == model.customer_id).where(ACTIVE, usable)).one()
        points[name] = (int(total or 0), int(valid or 0))
    everyone, people, orgs = report.customers, report.people, report.organizations
    report.fields = [
        Metric("name", "Name (or company)", "all", everyone, c["name"]),
        Metric("first_name", "First name", "people", people, c["first_name"]),
        Metric("last_name", "Last name", "people", people, c["last_name"]),
        Metric("company", "Company name", "organizations", orgs, c["company"]),
        Metric("email", "E-mail", "all", everyone, c["email"], *points["email"], "validity counts addresses"),
        Metric("phone", "Phone", "all", everyone, c["phone"], *points["phone"],
               "validity counts numbers; one without country code that is not a number of its region is "
               "incomplete"),
        Metric("address", "Postal address", "all", everyone, c["address"], *points["address"],
               "validity counts addresses; one without a street, or without postcode and city, is incomplete"),
        Metric("country", "Country", "all", everyone, c["country"]),
        Metric("birth_date", "Birth date", "people", people, c["birth_date"], c["birth_date"], c["birth_ok"],
               "valid: from 1900 up to today"),
        Metric("marketing_consent", "Marketing consent known", "all", everyone, c["consent"]),
        Metric("first_seen", "First seen", "all", everyone, c["first_seen"]),
        Metric("last_order", "Last order", "all", everyone, c["last_order"]),
        Metric("status", "Status", "all", everyone, c["status"]),
    ]


def _examples(session: Session, kind: str, model, value, where: tuple, problem=None) -> list[BadContact]:
    # Driven by the contact points (few are bad), not by the customers' name order: on a large
    # master, walking every customer in name order to find a handful of bad points takes seconds.
    rows = session.execute(select(model.customer_id, value, model.problem)
                           .where(*where).order_by(model.id).limit(EXAMPLES * 2)).all()
    names = dict(session.execute(select(Customer.id, Customer.display_name).where(
        ACTIVE, Customer.id.in_({r[0] for r in rows}))).all())
    return [BadContact(cid, names[cid] or "(no name)", kind, text or "", problem or found or "")
            for cid, text, found in rows if cid in names][:EXAMPLES]


def _invalid(session: Session, report: QualityReport) -> None:
    examples: list[BadContact] = []
    incomplete: list[BadContact] = []
    usable = {"email": Email.id.isnot(None), "phone": complete_phone(), "address": complete_address()}
    for kind, model, value in (("email", Email, Email.address), ("phone", Phone, Phone.number),
                               ("address", Address, func.coalesce(Address.street, Address.city, Address.postcode))):
        # Invalid: usable as it is, but wrong; incomplete: a part is missing (counted apart, never as valid).
        where = (model.is_valid.is_(False), usable[kind])
        count = select(func.count(model.id)).join(Customer, Customer.id == model.customer_id)
        report.invalid[kind] = session.scalar(count.where(ACTIVE, *where)) or 0
        if report.invalid[kind]:
            examples += _examples(session, kind, model, value, where)
        if kind == "email":
            continue
        if kind == "address":
            value = func.coalesce(Address.street, Address.city, Address.postcode, Address.region, Address.country)
        report.incomplete[kind] = session.scalar(count.where(ACTIVE, ~usable[kind])) or 0
        if report.incomplete[kind]:
            incomplete += _examples(session, kind, model, value, (~usable[kind],), INCOMPLETE_PROBLEM[kind])
    report.invalid_examples = examples
    report.incomplete_examples = incomplete


def _duplicates(session: Session, report: QualityReport) -> None:
    counts = review_counts(session)
    report.open_candidates, report.open_groups = counts.pairs, counts.groups
    report.customers_in_open_duplicates = counts.customers
    report.duplicates_searched = bool(counts.pairs) or last_run(session) is not None


def _has_issues() -> ColumnElement[bool]:
    # The loader stores "no issues" as JSON null (or an empty list), not SQL NULL.
    text = cast(SourceRecord.issues, String)
    return and_(SourceRecord.issues.isnot(None), text.notin_(["null", "[]"]))


def _sources(session: Session, report: QualityReport) -> None:
    by_id: dict[int, SourceQuality] = {}
    for source_id, name in session.execute(select(Source.id, Source.name).order_by(Source.name)):
        by_id[source_id] = SourceQuality(name)
    rows = session.execute(
        select(SourceRecord.source_id, func.count(SourceRecord.id), func.count(distinct(SourceRecord.customer_id)),
               func.sum(case((_has_issues(), 1), else_=0)))
        .group_by(SourceRecord.source_id))
    for source_id, records, customers, with_problems in rows:
        if source_id in by_id:
            quality = by_id[source_id]
            quality.records, quality.customers, quality.records_with_problems = records, customers, int(with_problems or 0)
    for model, total_name, invalid_name in ((Email, "emails", "invalid_emails"), (Phone, "phones", "invalid_phones")):
        rows = session.execute(
            select(SourceRecord.source_id, func.count(model.id), func.sum(case((model.is_valid.is_(False), 1), else_=0)))
            .join(SourceRecord, SourceRecord.id == model.source_record_id)
            .join(Customer, Customer.id == model.customer_id).where(ACTIVE).group_by(SourceRecord.source_id))
        for source_id, total, invalid in rows:
            if source_id in by_id:
                setattr(by_id[source_id], total_name, total)
                setattr(by_id[source_id], invalid_name, int(invalid or 0))
    is_open = MatchCandidate.status == "open"
    in_open = or_(exists(select(MatchCandidate.id).where(is_open, MatchCandidate.customer_a_id == SourceRecord.customer_id)),
                  exists(select(MatchCandidate.id).where(is_open, MatchCandidate.customer_b_id == SourceRecord.customer_id)))
    for source_id, count in session.execute(select(SourceRecord.source_id, func.count(distinct(SourceRecord.customer_id)))
                                            .where(in_open).group_by(SourceRecord.source_id)):
        if source_id in by_id:
            by_id[source_id].in_open_duplicates = count
    for source_id, last in session.execute(select(ImportBatch.source_id, func.max(ImportBatch.started_at))
                                           .group_by(ImportBatch.source_id)):
        if source_id in by_id:
            by_id[source_id].last_import = last
    report.sources = list(by_id.values())


def _attributes(session: Session, report: QualityReport, progress: Progress) -> None:
    specs = attributes_mod.load_specs(session)
    counts = attributes_mod.key_counts(session)
    for number, spec in enumerate(specs, start=1):
        progress(number, len(specs) + 1, f"Checking attribute {spec.title}")
        result = attributes_mod.validate_attribute(session, spec, limit=0,
                                                   progress=Progress(is_cancelled=progress.is_cancelled))
        report.attributes.append(AttributeMetric(
            spec.name, spec.title, "all", report.customers, result.filled, result.filled, result.valid,
            type=spec.type, required=spec.required, retired=spec.retired,
            missing_required=result.missing_required))
    defined = {s.name for s in specs}
    for name, count in sorted(counts.items(), key=lambda item: item[0].casefold()):
        if name not in defined:
            report.attributes.append(AttributeMetric(name, name, "all", report.customers, count, defined=False,
                                                     note="not defined: promote it to check its values"))


def quality_report(session: Session, *, stale_months: int = DEFAULT_STALE_MONTHS,
                   progress: Progress = NO_PROGRESS, now: datetime | None = None) -> QualityReport:
    now = now or utcnow()
    report = QualityReport(generated_at=now, stale_months=stale_months)
    steps = [("Counting completeness and reach", _field_metrics), ("Collecting invalid contacts", _invalid), ("Counting open duplicates", _duplicates),
             ("Comparing sources", _sources)]
    for number, (message, step) in enumerate(steps):
        progress(number, len(steps) + 2, message)
        step(session, report)
    progress(len(steps), len(steps) + 2, "Finding stale records")
    report.stale_before = months_before(now, stale_months)
    report.stale = session.scalar(select(func.count(Customer.id)).where(ACTIVE, Customer.updated_at
                                                                         < report.stale_before)) or 0
    report.statuses = [{"status": c.name, "label": status_display(c.name), "count": c.count,
                        "overridden": c.overridden, "color": c.color} for c in status_counts(session)]
    _attributes(session, report, progress)
    progress(1, 1, "Quality report ready")
    return report
