"""The master's tables, as SQLAlchemy 2.0 typed models.

Only Alembic creates or changes these tables (see `migrations/`); `create_all` is never used.
All timestamps are naive UTC (`utcnow()`), so SQLite and PostgreSQL store the same thing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from workbench.errors import WorkbenchError
from workbench.store import record_packing
from workbench.store.column_types import ExplanationJSON, JSONType, PackedJSON
from workbench.store.compact import compact_payload, raw_dict

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MASTER_NUMBER_PREFIX = "C-"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def format_master_number(customer_id: int) -> str:
    return f"{MASTER_NUMBER_PREFIX}{customer_id:06d}"


# Ids are PostgreSQL integers (and the same master can move there): a number above this names
# nothing, and must never reach the database, where it would fail as an overflow.
MAX_ID = 2**31 - 1


def id_in_range(number: int) -> bool:
    return 0 < number <= MAX_ID


def parse_master_number(text: str) -> int | None:
    """`C-000123`, `c000123` or `C-123` → 123; anything else (or a number no customer can have) → None."""
    value = text.strip().upper()
    if not value.startswith("C"):
        return None
    digits = value[1:].lstrip("-").strip()
    if not (digits.isascii() and digits.isdigit()):
        return None
    number = int(digits)
    return number if id_in_range(number) else None


def master_number_or_error(text: str) -> int:
    """The customer id a master number names, or `WorkbenchError` in words a user understands."""
    number = parse_master_number(text)
    if number is not None:
        return number
    value = text.strip().upper()
    digits = value[1:].lstrip("-").strip() if value.startswith("C") else ""
    if digits.isascii() and digits.isdigit():
        raise WorkbenchError(f"{text.strip()}: no such customer (master numbers go up to "
                             f"{format_master_number(MAX_ID)})")
    raise WorkbenchError(f"{text.strip()}: not a master number (like C-000123)")


def merge_id_or_error(text: str) -> int:
    """A merge number typed by a user (`42`, `#42`), or `WorkbenchError`."""
    value = str(text).strip().lstrip("#").strip()
    if not (value.isascii() and value.isdigit()):
        raise WorkbenchError(f"{text}: a merge number is a whole number, like 42")
    number = int(value)
    if not id_in_range(number):
        raise WorkbenchError(f"merge {value}: no such merge")
    return number


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType}


# --------------------------------------------------------------------------- sources and imports


class Source(Base):
    """Where records come from: a system ("Shopify") or a family of files, with a trust rank."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="file")
    # 0..100, higher wins in survivorship when values conflict.
    trust_rank: Mapped[int] = mapped_column(Integer, default=50)
    default_region: Mapped[str | None] = mapped_column(String(2))
    key_column: Mapped[str | None] = mapped_column(String(200))
    # The column mapping the user last confirmed, reused on the next import of this source.
    mapping: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    batches: Mapped[list[ImportBatch]] = relationship(back_populates="source")


class ImportBatch(Base):
    """One import of one file: what was read, how it was understood, what came of it."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    file_path: Mapped[str | None] = mapped_column(Text)
    file_size: Mapped[int | None] = mapped_column(Integer)
    checksum: Mapped[str | None] = mapped_column(String(64))
    format: Mapped[str | None] = mapped_column(String(20))
    encoding: Mapped[str | None] = mapped_column(String(40))
    delimiter: Mapped[str | None] = mapped_column(String(4))
    sheet: Mapped[str | None] = mapped_column(String(200))
    header_row: Mapped[int | None] = mapped_column(Integer)
    mapping: Mapped[dict[str, Any] | None]
    options: Mapped[dict[str, Any] | None]
    counts: Mapped[dict[str, Any] | None]
    rejects: Mapped[list[Any] | None]
    status: Mapped[str] = mapped_column(String(20), default="completed")
    actor: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    source: Mapped[Source] = relationship(back_populates="batches")


class RawHeadings(Base):
    """The headings of a file's columns, stored once for every record read under them."""

    __tablename__ = "raw_headings"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # see `compact.headings_digest`
    names: Mapped[list[Any]]


class SourceRecord(Base):
    """One imported row, kept as it arrived, with its standardized fields and its customer.

    `raw` is the row's cells by heading. They are stored compactly (`raw_cells`, in the order of
    `headings`; see `compact`); `raw` reads and writes the dict either way. The cells and the
    standardized payload (`fields`) are stored packed together (`packed`, see `record_packing`);
    reading either unpacks them, setting either packs them again.
    """

    __tablename__ = "source_records"
    __table_args__ = (UniqueConstraint("source_id", "source_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    last_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    # 1-based position among the data records of the file it last came from.
    record_no: Mapped[int | None] = mapped_column(Integer)
    source_key: Mapped[str] = mapped_column(String(500))
    record_hash: Mapped[str] = mapped_column(String(64))
    packed: Mapped[bytes] = mapped_column(LargeBinary)
    headings_id: Mapped[int | None] = mapped_column(ForeignKey("raw_headings.id"))
    issues: Mapped[list[Any] | None]
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    source: Mapped[Source] = relationship()
    batch: Mapped[ImportBatch] = relationship(foreign_keys=[batch_id])
    customer: Mapped[Customer | None] = relationship(back_populates="source_records")
    headings: Mapped[RawHeadings | None] = relationship(lazy="joined")

    @property
    def raw(self) -> dict[str, Any]:
        return raw_dict(self.raw_cells, self.headings.names if self.headings is not None else None)

    @raw.setter
    def raw(self, value: dict[str, Any]) -> None:
        """Kept as the dict given; an import stores its rows compactly itself (`packed`, `headings`)."""
        self._repack(cells=dict(value))
        self.headings = None

    @property
    def raw_cells(self) -> Any:
        """The cells as stored: a list under `headings`, or the dict itself."""
        return record_packing.raw_cells_of(self.packed)

    @property
    def fields(self) -> dict[str, Any]:
        """The standardized payload, as `ingest.prepare.record_payload` made it."""
        return record_packing.payload_of(self.packed)

    @fields.setter
    def fields(self, value: dict[str, Any]) -> None:
        self._repack(payload=compact_payload(value))

    def _repack(self, *, cells: Any = None, payload: Any = None) -> None:
        kept_cells, kept_payload = record_packing.unpack(self.packed) if self.packed else ({}, {})
        self.packed = record_packing.pack(kept_cells if cells is None else cells,
                                          kept_payload if payload is None else payload)


# --------------------------------------------------------------------------- golden customers


class RecordSighting(Base):
    """The batch a source record was last seen in unchanged, when later than the one that last
    wrote it (`last_batch_id`, else `batch_id`; `sightings.last_seen_batch` reads the three).

    A narrow row of its own: a re-import of an unchanged file writes only these, not every
    record's page again."""

    __tablename__ = "record_sightings"

    record_id: Mapped[int] = mapped_column(ForeignKey("source_records.id", ondelete="CASCADE"), primary_key=True,
                                           autoincrement=False)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))


class Customer(Base):
    """The steward's best picture of one person or organization (the golden record)."""

    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_active_sort", "merged_into_id", "sort_name", "id"),
        Index("ix_customers_active_email", "merged_into_id", "primary_email", "id"),
        Index("ix_customers_active_city", "merged_into_id", "primary_city", "id"),
        Index("ix_customers_active_updated", "merged_into_id", "updated_at", "id"),
        Index("ix_customers_active_company", "merged_into_id", "company", "id"),
        Index("ix_customers_active_phone", "merged_into_id", "primary_phone", "id"),
        {"sqlite_autoincrement": True},  # master numbers must never be handed out twice
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="person")
    title: Mapped[str | None] = mapped_column(String(80))
    first_name: Mapped[str | None] = mapped_column(String(200))
    middle_name: Mapped[str | None] = mapped_column(String(200))
    last_name: Mapped[str | None] = mapped_column(String(200))
    suffix: Mapped[str | None] = mapped_column(String(40))
    company: Mapped[str | None] = mapped_column(String(300))
    job_title: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date)

    status: Mapped[str | None] = mapped_column(String(60), index=True)
    status_override: Mapped[str | None] = mapped_column(String(60))
    status_reason: Mapped[str | None] = mapped_column(Text)
    roles: Mapped[list[Any]] = mapped_column(default=list)
    # granted / denied / unsubscribed / bounced / unknown
    marketing_consent: Mapped[str] = mapped_column(String(20), default="unknown")
    consent_updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tags: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(Text)

    first_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_order_at: Mapped[datetime | None] = mapped_column(DateTime)
    order_count: Mapped[int | None] = mapped_column(Integer)
    total_spent: Mapped[float | None] = mapped_column(Float)

    # Denormalized for the customers list: sorting and paging 10^6 rows without joins.
    display_name: Mapped[str] = mapped_column(String(500), default="")
    sort_name: Mapped[str] = mapped_column(String(500), default="")
    primary_email: Mapped[str | None] = mapped_column(String(320))
    primary_phone: Mapped[str | None] = mapped_column(String(40))
    primary_city: Mapped[str | None] = mapped_column(String(200))
    primary_country: Mapped[str | None] = mapped_column(String(2))
    search_text: Mapped[str] = mapped_column(Text, default="")

    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    emails: Mapped[list[Email]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Email.id"
    )
    phones: Mapped[list[Phone]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Phone.id"
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Address.id"
    )
    source_records: Mapped[list[SourceRecord]] = relationship(
        back_populates="customer", order_by="SourceRecord.id"
    )

    @property
    def master_number(self) -> str:
        return format_master_number(self.id)

    @property
    def effective_status(self) -> str | None:
        return self.status_override or self.status


class Email(Base):
    __tablename__ = "emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    source_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_records.id", ondelete="SET NULL"), index=True
    )
    address: Mapped[str] = mapped_column(String(320))
    # Lower-cased, for matching and de-duplication within a customer.
    normalized: Mapped[str] = mapped_column(String(320), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    is_valid: Mapped[bool] = mapped_column(Boolean, default=True)
    problem: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="emails")
    source_record: Mapped[SourceRecord | None] = relationship()


class Phone(Base):
    __tablename__ = "phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    source_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_records.id", ondelete="SET NULL"), index=True
    )
    number: Mapped[str] = mapped_column(String(80))  # as the source wrote it
    e164: Mapped[str | None] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    is_valid: Mapped[bool] = mapped_column(Boolean, default=True)
    problem: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="phones")
    source_record: Mapped[SourceRecord | None] = relationship()


class Address(Base):
    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    source_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_records.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="other")
    street: Mapped[str | None] = mapped_column(String(300))
    street2: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(20), index=True)
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166 alpha-2
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    is_valid: Mapped[bool] = mapped_column(Boolean, default=True)
    problem: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="addresses")
    source_record: Mapped[SourceRecord | None] = relationship()

    def one_line(self) -> str:
        parts = [self.street, self.street2, " ".join(p for p in (self.postcode, self.city) if p),
                 self.region, self.country]
        return ", ".join(p for p in parts if p)


# --------------------------------------------------------------------------- definitions


class AttributeDefinition(Base):
    __tablename__ = "attribute_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # key in Customer.attributes
    label: Mapped[str] = mapped_column(String(200))
    # text, number, date, yes/no, choice, multi-choice, email, phone, url
    type: Mapped[str] = mapped_column(String(20), default="text")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    choices: Mapped[list[Any] | None]
    pattern: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StatusRule(Base):
    """One lifecycle status and the rule that gives it; the first rule that holds wins."""

    __tablename__ = "status_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    rule: Mapped[dict[str, Any]]
    description: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str | None] = mapped_column(String(20))


class RoleDefinition(Base):
    __tablename__ = "role_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class RelationshipKind(Base):
    __tablename__ = "relationship_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    inverse_name: Mapped[str | None] = mapped_column(String(100))
    symmetric: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CustomerRelationship(Base):
    __tablename__ = "relationships"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("relationship_kinds.id"))
    from_customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    to_customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    # active, suggested (a household suggestion awaiting the steward), dismissed
    state: Mapped[str] = mapped_column(String(20), default="active")
    origin: Mapped[str] = mapped_column(String(20), default="steward")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    kind: Mapped[RelationshipKind] = relationship()


class Segment(Base):
    """A saved filter over customers, usable in the customers view and in export."""

    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    filter: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Setting(Base):
    """Settings that belong to the master (shared by a team), not to one user's machine."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --------------------------------------------------------------------------- matching and stewardship


class MatchRun(Base):
    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    mode: Mapped[str] = mapped_column(String(20), default="full")
    settings: Mapped[dict[str, Any] | None]
    stats: Mapped[dict[str, Any] | None]
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


class MatchCandidate(Base):
    """A pair of customers that may be the same, with a score and its per-field explanation."""

    __tablename__ = "match_candidates"
    __table_args__ = (
        UniqueConstraint("customer_a_id", "customer_b_id"),
        CheckConstraint("customer_a_id < customer_b_id", name="ordered_pair"),
        Index("ix_match_candidates_status_score", "status", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_a_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    customer_b_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    probability: Mapped[float | None] = mapped_column(Float)
    explanation: Mapped[list[Any]] = mapped_column(ExplanationJSON, default=list)
    # open, merged, rejected, deferred, stale (the pair no longer exists as two customers)
    status: Mapped[str] = mapped_column(String(20), default="open")
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(200))


class Decision(Base):
    """A steward's verdict on a pair: merged, not_duplicate (remembered for ever), deferred, split."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_pair", "customer_a_id", "customer_b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_a_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer_b_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    verdict: Mapped[str] = mapped_column(String(20))
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("match_candidates.id"))
    merge_event_id: Mapped[int | None] = mapped_column(ForeignKey("merge_events.id"), index=True)
    actor: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class MergeEvent(Base):
    """What one merge did, with before-images complete enough to undo it exactly."""

    __tablename__ = "merge_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    merged_ids: Mapped[list[Any]]
    before: Mapped[dict[str, Any]] = mapped_column(PackedJSON)
    picks: Mapped[dict[str, Any] | None] = mapped_column(PackedJSON)  # which rule gave each value
    origin: Mapped[str] = mapped_column(String(20), default="steward")  # steward / auto
    batch: Mapped[str | None] = mapped_column(String(40), index=True)  # the bulk merge it was part of
    actor: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(200))


class AuditEntry(Base):
    """Who changed what, when, from which value to which, and why."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(200))
    old_value: Mapped[Any | None] = mapped_column(JSONType)
    new_value: Mapped[Any | None] = mapped_column(JSONType)
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None]


# --------------------------------------------------------------------------- privacy


class Suppression(Base):
    """A keyed hash (HMAC-SHA256 with the master's own secret) of one e-mail address or phone
    number that an import must not bring back: an erased person's, or one of a customer who
    must not be contacted or has opted out. Never the plain value.

    `reason` is "erased", "do_not_contact", "unsubscribed" or "denied"; `customer_id` names the
    customer a do-not-contact or opt-out entry mirrors (an erased person's entries name nobody).
    """

    __tablename__ = "suppressions"
    __table_args__ = (Index("ix_suppressions_digest", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # email / phone
    digest: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ExportLog(Base):
    """One export written to a file, and (in `ExportLogCustomer`) the customers it carried."""

    __tablename__ = "export_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(200))
    preset: Mapped[str] = mapped_column(String(100))
    tool: Mapped[str | None] = mapped_column(String(200))
    file: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer, default=0)


class ExportLogCustomer(Base):
    __tablename__ = "export_log_customers"

    export_id: Mapped[int] = mapped_column(ForeignKey("export_log.id", ondelete="CASCADE"), primary_key=True)
    # No foreign key: the log outlives merges, and an erasure removes its own lines first.
    customer_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
