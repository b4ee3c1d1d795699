"""The comparable values of every active customer, read in bulk and held as arrays.

Each field keeps two vocabularies: the values as written (shown in explanations) and their
comparable forms (compared). A customer holds up to `MAX_SLOTS` values per field (several
e-mails, phones, addresses; a surname with and without what the parser took for middle
names). Reading is plain SQL over whole tables, never the ORM per row: 10^6 customers must
load in seconds.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.matching import normalize as nz
from workbench.matching.comparisons import BY_FIELD, Comparison
from workbench.progress import NO_PROGRESS, Progress
from workbench.store.models import Address, Customer, Email, Phone, Source, SourceRecord

T = TypeVar("T")

MAX_SLOTS = 6
MOBILE, LANDLINE = 1, 2
# Phone kinds as imports store them: a mobile, or a fixed line at home or at work ('other' is unknown).
PHONE_KIND_BITS = {"mobile": MOBILE, "home": LANDLINE, "work": LANDLINE, "landline": LANDLINE, "fixed": LANDLINE,
                   "fax": LANDLINE}
ROWS_PER_BATCH = 50_000
LONE_SURNAME_HOLDERS = 2  # customers holding a name as their surname for a lone name to be read as one


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
    # While loading: owner and comparable id of each value read (machine integers, not 10^6 ints).
    _owners: array = field(default_factory=lambda: array("q"))
    _norms: array = field(default_factory=lambda: array("q"))
    _written: dict[str, str] = field(default_factory=dict)  # one string object per written form
    _counts: list[int] | None = None
    _first_shown: list[str | None] | None = None

    def add(self, index: int, written: str, value: Any) -> None:
        if value in ("", None) or (isinstance(value, nz.AddressKey) and value.is_empty()):
            return
        self._owners.append(index)
        self._norms.append(self.vocabulary.add(value))
        self.shown.append(written)

    def extend(self, owners: Iterable[int], written: list[str], comparable: list[Any]) -> None:
        """Many `add`s at once (the loading loop's hot path)."""
        ids, vocabulary_values = self.vocabulary._ids, self.vocabulary.values
        append_owner, append_norm, append_shown = self._owners.append, self._norms.append, self.shown.append
        # Rows come with a new string object per cell: equal written forms share one.
        same_text = self._written.setdefault
        for owner, text, value in zip(owners, written, comparable, strict=True):
            if value == "" or value is None or (isinstance(value, nz.AddressKey) and value.is_empty()):
                continue
            found = ids.get(value)
            if found is None:
                found = ids[value] = len(vocabulary_values)
                vocabulary_values.append(value)
            append_owner(owner)
            append_norm(found)
            append_shown(same_text(text, text))

    def freeze(self, size: int) -> None:
        owners = np.frombuffer(self._owners, dtype=np.int64).copy() if len(self._owners) else np.empty(0, np.int64)
        norms = np.frombuffer(self._norms, dtype=np.int64).copy() if len(self._norms) else np.empty(0, np.int64)
        self._owners, self._norms, self._written = array("q"), array("q"), {}
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

    def counts(self) -> list[int]:
        """How many values each customer has (computed once)."""
        if self._counts is None:
            assert self.slots is not None
            self._counts = (self.slots >= 0).sum(axis=1).tolist()
        return self._counts

    def first_shown(self) -> list[str | None]:
        """Each customer's first value as written, None without one (computed once)."""
        if self._first_shown is None:
            assert self.shown_slots is not None
            shown = self.shown
            self._first_shown = [shown[k] if k >= 0 else None for k in self.shown_slots[:, 0].tolist()]
        return self._first_shown

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
    # Per customer a bit per system with its own customer numbers (a source with a key column)
    # that holds a record of the customer: two customers sharing a bit are two customers there.
    systems: np.ndarray | None = None
    # Per customer which kinds of phone number it has: MOBILE, LANDLINE (bits); 0 without or unknown.
    phone_kinds: np.ndarray | None = None
    # Per phone number (comparable id) the kinds its records give it: MOBILE, LANDLINE (bits).
    phone_value_kinds: np.ndarray | None = None
    _people: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.ids)

    def derived(self, name: str, make: Callable[[Features], T]) -> T:
        """What `make` computes from these features, computed once per list under `name`."""
        if name not in self._derived:
            self._derived[name] = make(self)
        return self._derived[name]

    def people_holding(self, name: str) -> np.ndarray:
        """Per comparable value of a field: how many people hold it, as their first names tell.

        Five unmerged records of one Ann Watkins hold her e-mail address five times, and it is
        still one person's; a couple's address is held by two first names, a shop's switchboard by
        many. Counted as the distinct first names of its holders (not initials), and the distinct
        companies of holders without a first name (four records of one firm hold its office
        address once), at least one and at most the holders; without either, the holders."""
        found = self._people.get(name)
        if found is not None:
            return found
        data, first = self.fields[name], self.fields.get("first_name")
        assert data.frequency is not None
        if data.slots is None or first is None or first.slots is None:
            self._people[name] = data.frequency
            return data.frequency
        owners, column = np.nonzero(data.slots >= 0)
        values = data.slots[owners, column].astype(np.int64)
        names = first.slots[owners, 0].astype(np.int64)
        real = np.asarray([len(v) > 1 for v in first.vocabulary.values] + [False], dtype=bool)
        named = real[names]  # -1 (no first name) reads the last entry: False
        width = len(first.vocabulary.values) + 1
        pairs = np.unique(values[named] * width + names[named])
        people = np.bincount(pairs // width, minlength=len(data.frequency))[:len(data.frequency)]
        company = self.fields.get("company")
        if company is not None and company.slots is not None:
            firms = company.slots[owners, 0].astype(np.int64)
            unnamed = ~named & (firms >= 0)
            span = len(company.vocabulary.values) + 1
            held = np.unique(values[unnamed] * span + firms[unnamed])
            people = people + np.bincount(held // span, minlength=len(data.frequency))[:len(data.frequency)]
        found = np.where(people > 0, np.minimum(people, data.frequency), data.frequency).astype(np.int64)
        self._people[name] = found
        return found

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


def _phone_kind(kind: str | None, e164: str | None) -> int:
    """MOBILE, LANDLINE or 0 (unknown). An import calls a valid number that is no mobile 'other': a
    landline, except in North America, where the number does not tell (+1 numbers are either)."""
    found = PHONE_KIND_BITS.get(kind or "", 0)
    if not found and kind == "other" and e164 and not e164.startswith("+1"):
        return LANDLINE
    return found


def _memo(fn: Callable[..., Any]) -> Callable[..., Any]:
    cache: dict[Any, Any] = {}

    def wrapped(*args: Any) -> Any:
        try:
            return cache[args]
        except KeyError:
            value = cache[args] = fn(*args)
            return value

    return wrapped


def _lone_surnames(people: list[nz.PersonName], first_written: list[str], last_written: list[str]) -> None:
    """A lone name in the first-name field that the list holds as a surname, and not as a given
    name, is read as the surname ('Costa' alone beside 'Emmanuelle' and emmanuelle.costa@…): two
    first names that differ would say 'two people at one address', which it does not say."""
    as_first = Counter(p.first for p in people if p.first)
    as_last = Counter(p.last for p in people if p.last)
    for index, p in enumerate(people):
        if p.first and not p.last and not p.middle and " " not in p.first and \
                as_last[p.first] >= LONE_SURNAME_HOLDERS and as_last[p.first] > as_first[p.first] and \
                not nz.known_given_name(p.first):
            people[index] = replace(p, first="", last=p.first)
            first_written[index], last_written[index] = "", first_written[index]


def load_features(session: Session, *, fields: list[str], identifier_attributes: tuple[str, ...] = (),
                  customer_ids: Iterable[int] | None = None, progress: Progress = NO_PROGRESS) -> Features:
    """Read the comparable values of active customers (all, or the given ones).

    Column by column rather than row by row: 10^6 customers spend their time in the
    normalizations (memoized per distinct value), not in Python's per-row overhead.
    """
    wanted = sorted(set(customer_ids)) if customer_ids is not None else None
    names = Vocabulary()
    values = {name: FieldValues(BY_FIELD[name], names if name in ("first_name", "last_name") else Vocabulary())
              for name in fields}
    columns = [Customer.id, Customer.kind, Customer.first_name, Customer.middle_name, Customer.last_name,
               Customer.suffix, Customer.company, Customer.birth_date]
    if identifier_attributes:
        columns.append(Customer.attributes)
    statement = select(*columns).where(Customer.merged_into_id.is_(None)).order_by(Customer.id)
    progress(0, 0, "Reading customers…")
    # In batches: 10^6 rows held at once would cost more memory than everything kept from them.
    # The values are gathered per field and handed over field by field afterwards, so the
    # vocabularies number their values in the same order as reading everything at once would.
    person = _memo(nz.person_name)
    company = _memo(nz.company_key)
    texts: dict[str, str] = {}
    same = texts.setdefault  # one string object per written form, not one per row
    id_parts: list[np.ndarray] = []
    kind_parts: list[np.ndarray] = []
    people: list[nz.PersonName] = []
    first_written: list[str] = []
    last_written: list[str] = []
    double: list[int] = []
    double_written: list[str] = []
    with_company: list[int] = []
    company_written: list[str] = []
    born: list[int] = []
    born_values: list[Any] = []
    identifiers: list[tuple[int, str, str]] = []
    size = 0
    for rows in _batches(session, statement, Customer.id, wanted):
        id_parts.append(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))
        kind_parts.append(np.fromiter((r[1] == "organization" for r in rows), dtype=np.int8, count=len(rows)))
        batch_people = [person(r[2], r[3], r[4], r[5]) for r in rows]
        people.extend(batch_people)
        first_written.extend([same(r[2], r[2]) if r[2] else "" for r in rows])
        last_written.extend([same(r[4], r[4]) if r[4] else "" for r in rows])
        for offset, (r, p) in enumerate(zip(rows, batch_people, strict=True)):
            # The parser may have taken part of a double surname for a middle name.
            if p.middle and p.last:
                double.append(size + offset)
                double_written.append(f"{r[3]} {r[4]}")
            if r[6]:
                with_company.append(size + offset)
                company_written.append(same(r[6], r[6]))
            if r[7]:
                born.append(size + offset)
                born_values.append(r[7])
            if identifier_attributes:
                attributes = r[8] or {}
                for attribute in identifier_attributes:
                    value = attributes.get(attribute)
                    if value not in (None, ""):
                        identifiers.append((size + offset, f"{attribute}: {value}", nz.identifier_key(value)))
        size += len(rows)
        progress(0, 0, f"Preparing {size:,} customers…")
    del texts, same
    _lone_surnames(people, first_written, last_written)
    everyone = range(size)
    if "first_name" in values:
        values["first_name"].extend(everyone, first_written, [p.first for p in people])
    if "last_name" in values:
        last = values["last_name"]
        last.extend(everyone, last_written, [p.last for p in people])
        last.extend(double, double_written, [f"{people[i].middle} {people[i].last}" for i in double])
    del first_written, last_written, double_written
    if "generation" in values:
        generations = [p.generation for p in people]
        values["generation"].extend(everyone, generations, generations)
    if "company" in values:
        values["company"].extend(with_company, company_written, [company(text) for text in company_written])
    if "birth_date" in values:
        values["birth_date"].extend(born, [value.isoformat() for value in born_values],
                                    [nz.date_key(value) for value in born_values])
    if "identifier" in values and identifier_attributes:
        for index, written, key in identifiers:
            values["identifier"].add(index, written, key)
    id_array = np.concatenate(id_parts) if id_parts else np.empty(0, np.int64)
    kinds = np.concatenate(kind_parts) if kind_parts else np.empty(0, np.int8)
    # The memos hold every distinct raw value read: gone before the next table is read.
    del people, born_values, company_written, identifiers, id_parts, kind_parts, person, company

    def positions(owner_ids: list[int]) -> list[int]:
        if not len(id_array):
            return [-1] * len(owner_ids)
        wanted_ids = np.asarray(owner_ids, dtype=np.int64)
        found = np.clip(np.searchsorted(id_array, wanted_ids), 0, len(id_array) - 1)
        return np.where(id_array[found] == wanted_ids, found, -1).tolist()

    def contact_rows(statement: Any, column: Any) -> Iterator[tuple[list[int], list[Any]]]:
        """(customer indexes, rows) in batches, for the rows of active customers."""
        for found in _batches(session, statement, column, wanted):
            at = positions([r[0] for r in found])
            keep = [k for k, position in enumerate(at) if position >= 0]
            if len(keep) < len(found):
                yield [at[k] for k in keep], [found[k] for k in keep]
            else:
                yield at, found

    if "email" in values:
        progress(0, 0, "Reading e-mail addresses…")
        email = _memo(nz.email_key)
        for owners, found in contact_rows(select(Email.customer_id, Email.address, Email.normalized)
                                          .order_by(Email.customer_id, Email.is_primary.desc(), Email.id),
                                          Email.customer_id):
            values["email"].extend(owners, [r[1] for r in found], [email(r[2]) for r in found])
        del email
    phone_kinds = np.zeros(len(id_array), dtype=np.uint8)
    value_kinds = bytearray()
    if "phone" in values:
        progress(0, 0, "Reading phone numbers…")
        phone_ids = values["phone"].vocabulary._ids
        for owners, found in contact_rows(select(Phone.customer_id, Phone.number, Phone.e164, Phone.kind)
                                          .order_by(Phone.customer_id, Phone.is_primary.desc(), Phone.id),
                                          Phone.customer_id):
            keys = [nz.phone_key(r[2], r[1]) for r in found]
            values["phone"].extend(owners, [r[1] for r in found], keys)
            kinds = np.fromiter((_phone_kind(r[3], r[2]) for r in found), dtype=np.uint8, count=len(found))
            np.bitwise_or.at(phone_kinds, np.asarray(owners, dtype=np.int64), kinds)
            value_kinds.extend(bytes(len(phone_ids) - len(value_kinds)))
            for key, kind in zip(keys, kinds.tolist(), strict=True):
                if kind and (found_id := phone_ids.get(key)) is not None:
                    value_kinds[found_id] |= kind
    if "address" in values:
        progress(0, 0, "Reading addresses…")
        address = _memo(nz.address_key)
        for owners, found in contact_rows(select(Address.customer_id, Address.street, Address.postcode,
                                                 Address.city, Address.country)
                                          .order_by(Address.customer_id, Address.is_primary.desc(), Address.id),
                                          Address.customer_id):
            written = [", ".join(p for p in (r[1], " ".join(x for x in (r[2], r[3]) if x), r[4]) if p)
                       for r in found]
            values["address"].extend(owners, written, [address(r[1], r[2], r[3], r[4]) for r in found])
        del address
    nz.forget_raw_values()
    size = len(id_array)
    for data in values.values():
        if data.comparison.field not in ("email_name", "email_year"):
            data.freeze(size)
    if "email_name" in values:
        _surname_or_mailbox(values)
        values["email_name"].freeze(size)
    if "email_year" in values:
        _birth_year_or_mailbox(values)
        values["email_year"].freeze(size)
    return Features(ids=id_array, kinds=kinds, fields=values, names=names,
                    systems=_systems(session, id_array, wanted), phone_kinds=phone_kinds,
                    phone_value_kinds=np.frombuffer(bytes(value_kinds), dtype=np.uint8) if value_kinds else None)


# Systems beyond this many (by source id) are not told apart: a bit per system in one integer.
MAX_SYSTEMS = 64


def _systems(session: Session, ids: np.ndarray, wanted: list[int] | None) -> np.ndarray:
    """Per customer the systems with their own customer numbers that hold a record of it (bits)."""
    out = np.zeros(len(ids), dtype=np.uint64)
    keyed = sorted(session.scalars(select(Source.id).where(Source.key_column.isnot(None))))[:MAX_SYSTEMS]
    if not keyed or not len(ids):
        return out
    bit = {source: np.uint64(1) << np.uint64(k) for k, source in enumerate(keyed)}
    statement = select(SourceRecord.customer_id, SourceRecord.source_id).where(
        SourceRecord.source_id.in_(keyed), SourceRecord.customer_id.isnot(None)).distinct()
    for rows in _batches(session, statement, SourceRecord.customer_id, wanted):
        owners = np.asarray([r[0] for r in rows], dtype=np.int64)
        if not len(owners):
            continue
        found = np.clip(np.searchsorted(ids, owners), 0, len(ids) - 1)
        active = ids[found] == owners
        bits = np.asarray([bit[r[1]] for r in rows], dtype=np.uint64)
        np.bitwise_or.at(out, found[active], bits[active])
    return out


def _surname_or_mailbox(values: dict[str, FieldValues]) -> None:
    """Per customer its surname, or, without one, the words of its e-mail addresses."""
    target = values["email_name"]
    first, last, email = values.get("first_name"), values.get("last_name"), values.get("email")
    if first is None or last is None or email is None:
        return
    assert first.slots is not None and last.slots is not None and email.slots is not None
    names = last.vocabulary.values
    words = _memo(nz.mailbox_words)
    # Plain lists rather than numpy scalars per customer; the values go in with one `extend`,
    # in the order of the customers as before.
    surnames, surname_shown = last.slots[:, 0].tolist(), last.shown_slots[:, 0].tolist()
    givens = first.slots[:, 0].tolist()
    email_slots, email_shown = email.slots.tolist(), email.shown_slots.tolist()
    keys: dict[int, tuple[str, str]] = {}
    owners: list[int] = []
    written: list[str] = []
    comparable: list[tuple[str, ...]] = []
    for index, surname in enumerate(surnames):
        if surname >= 0:
            key = keys.get(surname)
            if key is None:
                key = keys[surname] = ("n", names[surname].replace(" ", ""))
            owners.append(index)
            written.append(last.shown[surname_shown[index]])
            comparable.append(key)
            continue
        given = givens[index]
        given_key = names[given] if given >= 0 else ""
        found: set[str] = set()
        shown: list[str] = []
        for slot, shown_id in zip(email_slots[index], email_shown[index], strict=True):
            if slot >= 0:
                # As written: the mailbox key drops gmail's dots, which separate the words.
                found.update(words(email.shown[shown_id].strip().lower(), given_key))
                shown.append(email.shown[shown_id])
        if found:
            owners.append(index)
            written.append(", ".join(shown))
            comparable.append(("m", *sorted(found)))
    target.extend(owners, written, comparable)


def _birth_year_or_mailbox(values: dict[str, FieldValues]) -> None:
    """Per customer the last two digits of its birth year, or, without a birth date, those its
    e-mail addresses end in ('anna.berg85@web.de')."""
    target, born, email = values["email_year"], values.get("birth_date"), values.get("email")
    if born is None or email is None:
        return
    assert born.slots is not None and born.shown_slots is not None
    assert email.slots is not None and email.shown_slots is not None
    dates = born.vocabulary.values
    years = [nz.mailbox_year(address) for address in email.vocabulary.values]
    with_year = np.asarray([year is not None for year in years] + [False], dtype=bool)
    day = born.slots[:, 0]
    rows = np.flatnonzero((day >= 0) | with_year[email.slots].any(axis=1))  # -1 reads the last: False
    owners: list[int] = []
    written: list[str] = []
    comparable: list[tuple[str, ...]] = []
    for index, date, slots, shown in zip(rows.tolist(), day[rows].tolist(), email.slots[rows].tolist(),
                                         email.shown_slots[rows].tolist(), strict=True):
        owners.append(index)
        if date >= 0:
            written.append(born.shown[born.shown_slots[index, 0]])
            comparable.append(("b", f"{dates[date].year % 100:02d}"))
            continue
        found = [(years[slot], email.shown[k]) for slot, k in zip(slots, shown, strict=True) if slot >= 0 and years[slot]]
        written.append(found[0][1])
        comparable.append(("m", *sorted({year for year, _ in found})))
    target.extend(owners, written, comparable)


def _batches(session: Session, statement: Any, id_column: Any, wanted: list[int] | None) -> Iterator[list[Any]]:
    """All rows, or the rows of the wanted customers, a batch at a time (in chunks the database accepts)."""
    # Core rows (no ORM row processing): these are plain tuples of column values.
    connection = session.connection()
    if wanted is None:
        for batch in connection.execute(statement).partitions(ROWS_PER_BATCH):
            yield list(batch)
        return
    for start in range(0, len(wanted), 5_000):
        yield connection.execute(statement.where(id_column.in_(wanted[start:start + 5_000]))).all()
