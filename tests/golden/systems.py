"""Which of the shop's systems know whom, what each of them holds, and how wrong it is.

Every system has a *role* in the shop's story: the old webshop (2018–2021) and the current one,
the till in the shop, the workshop memberships paid by card, the old and the current
newsletter, the event tickets, the CRM and the accounting for trade customers, the owner's
phone and mailbox, and the hand-written list of the early years. A role says who is in the
system, from when to when it was used, and whether it carries orders.

For each (system, person) a `Copy` holds what that system knows: its own customer-since date,
orders and money, the name and address as they were when the system last heard of the person
(a maiden name, an old address), and per-system noise (typos, short names, plain-ASCII names,
capitals, abbreviated streets, e-mails in other case, fields left empty). Copies are what the
layout writers write; the truth of the order facts is settled here, as sums over the copies.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .population import NEW_ERA, SHOP_OPENED, TODAY, Address, Person, Population

ORDER_ROLES = ("webshop_old", "webshop", "pos", "payments")


@dataclass(frozen=True)
class Role:
    name: str
    start: datetime
    end: datetime
    eligible: Callable[[Person], bool]
    share: float  # of the eligible people, how many the system knows
    orders: bool = False
    hand_typed: bool = False  # names typed by staff, not by the customer
    casual: bool = False  # short names are what this system knows people by


ROLES = {r.name: r for r in (
    Role("webshop_old", datetime(2018, 1, 1, 12), datetime(2021, 12, 31, 12),
         lambda p: p.online and p.since < datetime(2021, 10, 1), 0.75, orders=True),
    Role("webshop", NEW_ERA, TODAY, lambda p: p.online, 0.8, orders=True),
    Role("pos", datetime(2019, 5, 1, 12), TODAY, lambda p: p.local, 0.85, orders=True, hand_typed=True, casual=True),
    Role("payments", datetime(2020, 1, 1, 12), TODAY, lambda p: p.local or p.country in ("DE", "AT", "CH"), 0.15,
         orders=True),
    Role("newsletter", NEW_ERA, TODAY, lambda p: p.consent == "granted" and p.email is not None, 0.85),
    Role("newsletter_unsubscribed", NEW_ERA, TODAY, lambda p: p.consent == "unsubscribed" and p.email is not None,
         0.9),
    Role("newsletter_old", datetime(2017, 1, 1, 12), datetime(2021, 12, 31, 12),
         lambda p: p.consent != "unknown" and p.email is not None and p.since < datetime(2021, 6, 1), 0.6),
    Role("events", datetime(2021, 3, 1, 12), TODAY, lambda p: True, 0.14, casual=True),
    Role("crm", datetime(2021, 1, 1, 12), TODAY, lambda p: p.b2b, 0.8, hand_typed=True),
    Role("crm_leads", datetime(2022, 1, 1, 12), TODAY, lambda p: p.b2b, 0.45, hand_typed=True),
    Role("accounting", datetime(2019, 1, 1, 12), TODAY, lambda p: p.b2b, 0.85, hand_typed=True),
    Role("phonebook", SHOP_OPENED, TODAY, lambda p: p.local or p.b2b, 0.4, hand_typed=True, casual=True),
    Role("mailbox", SHOP_OPENED, TODAY, lambda p: p.b2b or p.local, 0.3, hand_typed=True),
    Role("handmade", SHOP_OPENED, datetime(2019, 12, 31, 12),
         lambda p: p.country in ("DE", "AT", "CH", "FR") and p.since < datetime(2019, 10, 1), 0.6, hand_typed=True),
)}


@dataclass(frozen=True)
class Noise:
    """How often each kind of dirt gets into a copy (a share of the copies that can have it)."""

    typo: float = 0.04  # a letter dropped, doubled or swapped in the first or last name
    nickname: float = 0.6  # a casual system knows the person by their short name
    ascii: float = 0.35  # a system that folds accents writes Müller as Mueller
    caps: float = 0.04  # names in capitals or lower case
    email_case: float = 0.1  # Anna.Schmidt@GMX.de
    missing: float = 0.1  # an optional field (phone, address, birth date) left empty
    street_short: float = 0.3  # Hauptstr. 5, 12 Main St
    stale: float = 0.2  # a current system never got the person's later changes (move, marriage)


@dataclass
class Copy:
    """What one system knows about one person."""

    pid: int
    layout: str
    role: str
    at: datetime  # when the system last heard of the person
    title: str | None = None
    first: str | None = None
    middle: str | None = None
    last: str | None = None
    suffix: str | None = None
    company: str | None = None
    job_title: str | None = None
    email: str | None = None
    email2: str | None = None
    mobile: str | None = None
    landline: str | None = None
    work_phone: str | None = None
    address: Address | None = None
    street_short: bool = False
    birth: date | None = None
    joined: datetime | None = None  # this system's customer-since
    last_order: datetime | None = None
    orders: int | None = None
    spent: float | None = None
    consent: str | None = None  # granted / denied / unsubscribed / None: the system has no say
    activity: datetime | None = None  # a CRM's or mailing tool's last activity (not an order)
    noise: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)

    def street(self) -> str | None:
        if self.address is None:
            return None
        from .world import STREET_SHORT

        line = self.address.street
        if self.street_short:
            for long, short in STREET_SHORT:
                if long in line:
                    return line.replace(long, short, 1)
        return line

    def numbers(self) -> list[str]:
        return [n for n in (self.mobile, self.landline, self.work_phone) if n]


@dataclass
class Truth:
    """The order facts of one person, as the shop's systems add up."""

    since: datetime | None = None
    last_order: datetime | None = None
    orders: int | None = None
    spent: float | None = None


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    how = rng.choice(["drop", "double", "swap"])
    if how == "drop":
        return text[:i] + text[i + 1:]
    if how == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]


_PLAIN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def plain(text: str) -> str:
    """Müller → Mueller, Lefèvre → Lefevre, as a keyboard without accents writes them."""
    text = text.translate(_PLAIN)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _dirty_email(rng: random.Random, address: str) -> str:
    local, _, domain = address.partition("@")
    if rng.random() < 0.5:
        return local.title() + "@" + domain
    return address.upper() if rng.random() < 0.3 else local + "@" + domain.upper()


def _money(rng: random.Random, orders: int, low: float, high: float) -> float:
    return round(sum(rng.uniform(low, high) for _ in range(orders)), 2)


@dataclass
class Membership:
    layout: str
    role: str
    share: float | None = None  # overrides the role's share
    countries: tuple[str, ...] = ()  # only people of these countries (a French list: France)
    folds_accents: bool = False
    typing: float = 1.0  # multiplies the typo rate


def make_copies(population: Population, memberships: list[Membership], noise: Noise, seed: int,
                ) -> tuple[dict[str, list[Copy]], dict[int, Truth]]:
    """Each system's copies of the people it knows, and each person's order truth."""
    rng = random.Random(seed * 7919 + 17)
    copies: dict[str, list[Copy]] = {m.layout: [] for m in memberships}
    people = population.people
    held: dict[int, list[Copy]] = {p.pid: [] for p in people}
    for membership in memberships:
        role = ROLES[membership.role]
        share = role.share if membership.share is None else membership.share
        for person in people:
            if not role.eligible(person) or membership.countries and person.country not in membership.countries:
                continue
            if rng.random() >= share:
                continue
            copy = _copy(rng, person, membership, role, noise)
            if copy is not None:
                copies[membership.layout].append(copy)
                held[person.pid].append(copy)
    # Nobody is a customer of the shop without being in one of its systems.
    fallback = [m for m in memberships if m.role in ("webshop", "pos", "events")]
    for person in people:
        if not held[person.pid] and fallback:
            membership = rng.choice(fallback)
            copy = _copy(rng, person, membership, ROLES[membership.role], noise, force=True)
            copies[membership.layout].append(copy)
            held[person.pid].append(copy)
    truths = {pid: _settle(person_copies) for pid, person_copies in held.items()}
    for person in people:  # the first contact is the earliest any system saw
        if truths[person.pid].since is not None:
            person.since = truths[person.pid].since
    return copies, truths


def _copy(rng: random.Random, person: Person, membership: Membership, role: Role, noise: Noise,
          force: bool = False) -> Copy | None:
    start = max(role.start, person.since)
    end = role.end
    if start >= end:
        if not force:
            return None
        start = end - timedelta(days=30)
    span = (end - start).days
    # The system the person first met the shop in saw them on day one; later ones some time after.
    joined = start if rng.random() < 0.5 else start + timedelta(days=rng.randint(0, max(span // 2, 0)))
    joined = joined.replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59))
    at = end if end < TODAY else TODAY
    if end >= TODAY and rng.random() < noise.stale:
        at = joined  # never updated since the person came in
    copy = Copy(person.pid, membership.layout, role.name, at)
    copy.joined = joined
    copy.title = person.title
    copy.first = person.first
    copy.middle = person.middle
    copy.last = person.last_at(at)
    if copy.last != person.last:
        copy.noise.append("maiden name")
    copy.suffix = person.suffix
    copy.company, copy.job_title = person.company, person.job_title
    copy.email = person.email_at(at)
    if copy.email != person.email:
        copy.noise.append("old e-mail")
    copy.email2 = person.email2
    copy.mobile, copy.landline, copy.work_phone = person.mobile, person.landline, person.work_phone
    copy.address = person.address_at(at)
    if copy.address != person.address:
        copy.noise.append("old address")
    copy.birth = person.birth
    # -- noise
    if role.casual and person.nickname and rng.random() < noise.nickname:
        copy.first = person.nickname
        copy.noise.append("nickname")
    typo_rate = noise.typo * membership.typing * (1.0 if role.hand_typed else 0.6)
    if rng.random() < typo_rate:
        if rng.random() < 0.5:
            copy.last = _typo(rng, copy.last)
            copy.noise.append("typo in last name")
        else:
            copy.first = _typo(rng, copy.first)
            copy.noise.append("typo in first name")
    if membership.folds_accents and rng.random() < noise.ascii and not (copy.first + copy.last).isascii():
        copy.first, copy.last = plain(copy.first), plain(copy.last)
        if copy.address and not copy.address.street.isascii() and rng.random() < 0.5:
            copy.noise.append("plain street")
            copy.extra["plain_street"] = True
        copy.noise.append("accents dropped")
    if rng.random() < noise.caps:
        upper = rng.random() < 0.7
        copy.first = copy.first.upper() if upper else copy.first.lower()
        copy.last = copy.last.upper() if upper else copy.last.lower()
        copy.noise.append("capitals" if upper else "lower case")
    if copy.email and rng.random() < noise.email_case:
        copy.email = _dirty_email(rng, copy.email)
        copy.noise.append("e-mail case")
    for name in ("mobile", "landline", "birth", "address"):
        if getattr(copy, name) is not None and rng.random() < noise.missing:
            setattr(copy, name, None)
            copy.noise.append(f"no {name}")
    copy.street_short = copy.address is not None and rng.random() < noise.street_short
    # -- what the system knows of orders, consent and activity
    if role.orders:
        scale = {"webshop_old": (1, 9, 18, 140), "webshop": (1, 12, 15, 180), "pos": (1, 40, 4, 60),
                 "payments": (1, 18, 25, 90)}[role.name]
        copy.orders = rng.randint(scale[0], scale[1])
        copy.spent = _money(rng, copy.orders, scale[2], scale[3])
        last_end = at if at > joined else joined
        copy.last_order = joined if copy.orders == 1 else joined + timedelta(
            days=rng.randint(1, max((last_end - joined).days, 1)))
        copy.last_order = min(copy.last_order, role.end if role.end < TODAY else TODAY).replace(
            hour=rng.randint(9, 17), minute=rng.randint(0, 59))
    copy.consent = _consent(rng, person, role, at)
    if role.name in ("crm", "crm_leads"):
        copy.activity = joined + timedelta(days=rng.randint(0, max((TODAY - joined).days, 0)))
    return copy


def _consent(rng: random.Random, person: Person, role: Role, at: datetime) -> str | None:
    """The e-mail marketing state the system holds, as it would record it."""
    unsubscribed = person.consent == "unsubscribed" and person.unsubscribed_at and person.unsubscribed_at <= at
    if role.name == "newsletter":
        return "granted"
    if role.name == "newsletter_unsubscribed":
        return "unsubscribed"
    if role.name == "newsletter_old":
        return "granted"  # they were subscribed then; an unsubscription came later, elsewhere
    if role.name == "webshop":  # the checkout box, unticked by default
        return "granted" if person.consent == "granted" and rng.random() < 0.6 else "denied"
    if role.name == "pos":
        if person.consent == "granted" and rng.random() < 0.5:
            return "granted"
        return "unsubscribed" if unsubscribed and rng.random() < 0.5 else None
    if role.name in ("crm", "crm_leads"):
        return "unsubscribed" if unsubscribed else "denied" if person.consent == "unknown" else "granted"
    if role.name == "handmade":
        return "granted" if person.consent == "granted" else None if rng.random() < 0.5 else "denied"
    return None


def _settle(copies: list[Copy]) -> Truth:
    truth = Truth()
    joined = [c.joined for c in copies if c.joined]
    truth.since = min(joined) if joined else None
    ordered = [c for c in copies if c.orders]
    if ordered:
        truth.orders = sum(c.orders for c in ordered)
        truth.spent = round(sum(c.spent for c in ordered), 2)
        truth.last_order = max(c.last_order for c in ordered)
    return truth
