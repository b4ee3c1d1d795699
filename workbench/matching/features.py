"""The comparable values of every active customer, read in bulk and held as arrays.

Each field keeps two vocabularies: the values as written (shown in explanations) and their
comparable forms (compared). A customer holds up to `MAX_SLOTS` values per field (several
e-mails, phones, addresses; a surname with and without what the parser took for middle
names). Reading is plain SQL over whole tables, never the ORM per row: 10^6 customers must
load in seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.matching import normalize as nz
from workbench.matching.comparisons import BY_FIELD, Comparison
from workbench.progress import NO_PROGRESS, Progress
from workbench.store.models import Address, Customer, Email, Phone
from workbench.text import fold

MAX_SLOTS = 6
ROWS_PER_BATCH = 50_000


class Vocabulary:
    """Comparable values ↔ small integers."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._ids: dict[Any, int] = {}

    def add(self, value: Any) -> int:
        found = self._ids.get(value)
        if found is None:
            found = self._ids[value] = len(self.values)
            self.values.append(value)
        return found

    def __len__(self) -> int:
        return len(self.values)


@dataclass
class FieldValues:
    comparison: Comparison
    vocabulary: Vocabulary  # comparable values (may be shared: first and last names are crossed)
    shown: list[str] = field(default_factory=list)  # written forms; `shown_slots` points into it
    slots: np.ndarray | None = None  # (customers, k) comparable ids, -1 where none
    shown_slots: np.ndarray | None = None  # (customers, k) ids into `shown`
    frequency: np.ndarray | None = None  # comparable id → customers holding it
    _owners: list[int] = field(default_factory=list)
    _norms: list[int] = field(default_factory=list)

    def add(self, index: int, written: str, value: Any) -> None:
        if value in ("", None) or (isinstance(value, nz.AddressKey) and value.is_empty()):
            return
        self._owners.append(index)
        self._norms.append(self.vocabulary.add(value))
        self.shown.append(written)

    def freeze(self, size: int) -> None:
        owners = np.asarray(self._owners, dtype=np.int64)
        norms = np.asarray(self._norms, dtype=np.int64)
        self._owners, self._norms = [], []
        entry = np.arange(len(owners), dtype=np.int64)
        # One slot per distinct value of a customer, in the order read (primary first).
        _, first = np.unique(owners * (len(self.vocabulary) + 1) + norms, return_index=True)
        keep = np.sort(first)
        owners, norms, entry = owners[keep], norms[keep], entry[keep]
        order = np.argsort(owners, kind="stable")
        owners, norms, entry = owners[order], norms[order], entry[order]
        starts = np.searchsorted(owners, owners, side="left")
        rank = np.arange(len(owners)) - starts
        fits = rank < MAX_SLOTS
        width = int(rank[fits].max()) + 1 if fits.any() else 1
        self.slots = np.full((size, width), -1, dtype=np.int32)
        self.shown_slots = np.full((size, width), -1, dtype=np.int32)
        self.slots[owners[fits], rank[fits]] = norms[fits]
        self.shown_slots[owners[fits], rank[fits]] = entry[fits]
        present = self.slots[self.slots >= 0]
        self.frequency = np.bincount(present, minlength=len(self.vocabulary)).astype(np.int64)

    def has_value(self) -> np.ndarray:
        assert self.slots is not None
        return self.slots[:, 0] >= 0

    def values_of(self, index: int) -> tuple[Any, ...]:
        assert self.slots is not None
        return tuple(self.vocabulary.values[v] for v in self.slots[index] if v >= 0)

    def shown_of(self, index: int) -> dict[Any, str]:
        """Comparable value → how this customer wrote it."""
        assert self.slots is not None and self.shown_slots is not None
        return {self.vocabulary.values[v]: self.shown[s]
                for v, s in zip(self.slots[index], self.shown_slots[index], strict=True) if v >= 0}


@dataclass
class Features:
    ids: np.ndarray  # customer ids, ascending
    kinds: np.ndarray  # 1 organization, 0 person
    fields: dict[str, FieldValues]
    names: Vocabulary  # shared by first and last names

    @property
    def size(self) -> int:
        return len(self.ids)

    def positions(self, customer_ids: Iterable[int]) -> np.ndarray:
        """Index of each customer id, -1 for ids not among the active customers."""
        wanted = np.fromiter(customer_ids, dtype=np.int64)
        if not len(self.ids):
            return np.full(len(wanted), -1, dtype=np.int64)
        found = np.clip(np.searchsorted(self.ids, wanted), 0, len(self.ids) - 1)
        return np.where(self.ids[found] == wanted, found, -1)

    def index_of(self, customer_ids: Iterable[int]) -> np.ndarray:
        """Indexes of those of the customers that are active."""
        found = self.positions(customer_ids)
        return found[found >= 0]


def _memo(fn: Callable[..., Any]) -> Callable[..., Any]:
    cache: dict[Any, Any] = {}

    def wrapped(*args: Any) -> Any:
        try:
            return cache[args]
        except KeyError:
            value = cache[args] = fn(*args)
            return value

    return wrapped


def load_features(session: Session, *, fields: list[str], identifier_attributes: tuple[str, ...] = (),
                  customer_ids: Iterable[int] | None = None, progress: Progress = NO_PROGRESS) -> Features:
    """Read the comparable values of active customers (all, or the given ones)."""
    wanted = sorted(set(customer_ids)) if customer_ids is not None else None
    names = Vocabulary()
    values = {name: FieldValues(BY_FIELD[name], names if name in ("first_name", "last_name") else Vocabulary())
              for name in fields}
    columns = [Customer.id, Customer.kind, Customer.first_name, Customer.middle_name, Customer.last_name,
               Customer.suffix, Customer.company, Customer.birth_date]
    if identifier_attributes:
        columns.append(Customer.attributes)
    statement = select(*columns).where(Customer.merged_into_id.is_(None)).order_by(Customer.id)
    ids: list[int] = []
    kinds: list[int] = []
    person = _memo(nz.person_name)
    company = _memo(nz.company_key)
    progress(0, 0, "Reading customers…")
    rows = _rows(session, statement, Customer.id, wanted)
    for index, row in enumerate(rows):
        ids.append(row.id)
        kinds.append(1 if row.kind == "organization" else 0)
        name = person(row.first_name, row.middle_name, row.last_name, row.suffix)
        if "first_name" in values:
            values["first_name"].add(index, row.first_name or "", name.first)
        if "last_name" in values:
            last = values["last_name"]
            last.add(index, row.last_name or "", name.last)
            if name.middle and name.last:
                # The parser may have taken part of a double surname for a middle name.
                last.add(index, f"{row.middle_name} {row.last_name}", f"{name.middle} {name.last}")
        if "generation" in values:
            values["generation"].add(index, name.generation, name.generation)
        if "company" in values and row.company:
            values["company"].add(index, row.company, company(row.company))
        if "birth_date" in values and row.birth_date:
            values["birth_date"].add(index, row.birth_date.isoformat(), nz.date_key(row.birth_date))
        if "identifier" in values and identifier_attributes:
            attributes = row.attributes or {}
            for attribute in identifier_attributes:
                value = attributes.get(attribute)
                if value not in (None, ""):
                    values["identifier"].add(index, f"{attribute}: {value}", nz.identifier_key(value))
        if index % ROWS_PER_BATCH == 0:
            progress(0, 0, f"Reading customers… {index:,}")
    id_array = np.asarray(ids, dtype=np.int64)

    def positions(customer_ids: list[int]) -> np.ndarray:
        found = np.searchsorted(id_array, np.asarray(customer_ids, dtype=np.int64))
        found = np.clip(found, 0, max(len(id_array) - 1, 0))
        return np.where(id_array[found] == np.asarray(customer_ids, dtype=np.int64), found, -1) \
            if len(id_array) else np.full(len(customer_ids), -1)

    if "email" in values:
        progress(0, 0, "Reading e-mail addresses…")
        email = _memo(nz.email_key)
        rows = list(_rows(session, select(Email.customer_id, Email.address, Email.normalized)
                          .order_by(Email.customer_id, Email.is_primary.desc(), Email.id), Email.customer_id, wanted))
        for position, row in zip(positions([r.customer_id for r in rows]), rows, strict=True):
            if position >= 0:
                values["email"].add(int(position), row.address, email(row.normalized))
    if "phone" in values:
        progress(0, 0, "Reading phone numbers…")
        phone = nz.phone_key
        rows = list(_rows(session, select(Phone.customer_id, Phone.number, Phone.e164)
                          .order_by(Phone.customer_id, Phone.is_primary.desc(), Phone.id), Phone.customer_id, wanted))
        for position, row in zip(positions([r.customer_id for r in rows]), rows, strict=True):
            if position >= 0:
                values["phone"].add(int(position), row.number, phone(row.e164, row.number))
    if "address" in values:
        progress(0, 0, "Reading addresses…")
        address = _memo(nz.address_key)
        rows = list(_rows(session, select(Address.customer_id, Address.street, Address.postcode, Address.city,
                                          Address.country)
                          .order_by(Address.customer_id, Address.is_primary.desc(), Address.id),
                          Address.customer_id, wanted))
        for position, row in zip(positions([r.customer_id for r in rows]), rows, strict=True):
            if position >= 0:
                written = ", ".join(p for p in (row.street, " ".join(x for x in (row.postcode, row.city) if x),
                                                row.country) if p)
                values["address"].add(int(position), written,
                                      address(row.street, row.postcode, row.city, row.country))
    size = len(ids)
    for data in values.values():
        if data.comparison.field != "email_name":
            data.freeze(size)
    if "email_name" in values:
        _surname_or_mailbox(values)
        values["email_name"].freeze(size)
    return Features(ids=id_array, kinds=np.asarray(kinds, dtype=np.int8), fields=values, names=names)


def _surname_or_mailbox(values: dict[str, FieldValues]) -> None:
    """Per customer its surname, or, without one, the words of its e-mail addresses."""
    target = values["email_name"]
    first, last, email = values.get("first_name"), values.get("last_name"), values.get("email")
    if first is None or last is None or email is None:
        return
    assert first.slots is not None and last.slots is not None and email.slots is not None
    names = last.vocabulary.values
    words = _memo(nz.mailbox_words)
    for index in range(len(last.slots)):
        surname = last.slots[index, 0]
        if surname >= 0:
            target.add(index, last.shown[last.shown_slots[index, 0]], ("n", names[surname].replace(" ", "")))
            continue
        given = first.slots[index, 0]
        given_key = names[given] if given >= 0 else ""
        found: set[str] = set()
        shown: list[str] = []
        for slot, shown_id in zip(email.slots[index], email.shown_slots[index], strict=True):
            if slot >= 0:
                # As written: the mailbox key drops gmail's dots, which separate the words.
                found.update(words(fold(email.shown[shown_id]).strip(), given_key))
                shown.append(email.shown[shown_id])
        if found:
            target.add(index, ", ".join(shown), ("m", *sorted(found)))


def _rows(session: Session, statement: Any, id_column: Any, wanted: list[int] | None) -> Iterable[Any]:
    """All rows, or the rows of the wanted customers (in chunks the database accepts)."""
    if wanted is None:
        yield from session.execute(statement.execution_options(yield_per=ROWS_PER_BATCH))
        return
    for start in range(0, len(wanted), 5_000):
        yield from session.execute(statement.where(id_column.in_(wanted[start:start + 5_000])))
