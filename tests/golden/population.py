"""The people of one small shop, with the truth of every field a golden record should end up with.

`make_population(seed, size)` draws `size` people, deterministically from the seed, with the
cases that make merging hard put in on purpose:

- married name changes (older systems know the maiden name, sometimes the old e-mail too),
- people who go by a short name (William/Bill, Katharina/Kati) in casual systems,
- names with accents (Müller, Lefèvre, José) that some systems write in plain ASCII,
- people who moved (older systems keep the old address; the new one is true),
- couples sharing an address and a landline (a third of them a household e-mail too),
- two different people with the same common name (never to be merged),
- parents and their grown-up children, some of one first name, some still at the parents' house
  with its landline (never to be merged),
- company contacts, some of them colleagues at the same company with its phone and address,
- Spanish double surnames, Dutch name particles, a few middle names, suffixes and doctors.

The order facts (customer since, last order, orders, money spent) are settled later, by the
systems the person appears in (`systems.py`), since they are sums over those systems.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from . import world

TODAY = datetime(2025, 6, 1, 12, 0)
SHOP_OPENED = datetime(2016, 3, 1, 12, 0)
NEW_ERA = datetime(2022, 1, 1, 12, 0)  # the switch to the current webshop, newsletter and CRM


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str
    country: str
    region: str = ""
    street2: str = ""


@dataclass
class Person:
    pid: int
    country: str
    gender: str  # "m" / "f"
    first: str
    last: str
    title: str  # the salutation in the person's language: Herr, Mme, Ms.
    doctor: bool = False
    middle: str | None = None
    suffix: str | None = None
    nickname: str | None = None
    maiden: str | None = None  # the last name before marriage
    married_at: datetime | None = None
    email: str | None = None  # primary
    email2: str | None = None
    old_email: str | None = None  # given up with the maiden name
    mobile: str | None = None  # E.164
    landline: str | None = None  # E.164; a couple shares it
    work_phone: str | None = None
    address: Address | None = None  # current
    old_address: Address | None = None
    moved_at: datetime | None = None
    company: str | None = None
    job_title: str | None = None
    birth: date | None = None
    since: datetime = TODAY  # the person's first contact with the shop
    consent: str = "unknown"  # granted / unsubscribed / unknown (never asked or never ticked)
    unsubscribed_at: datetime | None = None
    local: bool = False  # lives near the shop: buys at the till and at markets
    online: bool = True  # buys in the webshop
    partner: int | None = None  # pid of the person they share a household with
    namesake: int | None = None  # pid of another person with exactly the same name
    colleague: int | None = None  # pid of a contact at the same company
    parent: int | None = None  # pid of the person's father or mother (on the child)
    cases: list[str] = field(default_factory=list)  # the hard cases this person stands for

    @property
    def language(self) -> str:
        return world.LANGUAGE[self.country]

    @property
    def b2b(self) -> bool:
        return self.company is not None

    def last_at(self, when: datetime) -> str:
        """The last name a system that last heard of the person at `when` knows."""
        return self.maiden if self.maiden and self.married_at and when < self.married_at else self.last

    def email_at(self, when: datetime) -> str | None:
        return self.old_email if self.old_email and self.married_at and when < self.married_at else self.email

    def address_at(self, when: datetime) -> Address | None:
        return self.old_address if self.old_address and self.moved_at and when < self.moved_at else self.address

    def phones(self) -> set[str]:
        return {p for p in (self.mobile, self.landline, self.work_phone) if p}

    def emails(self) -> set[str]:
        return {e.lower() for e in (self.email, self.email2) if e}


@dataclass
class Population:
    seed: int
    people: list[Person]

    def by_id(self) -> dict[int, Person]:
        return {p.pid: p for p in self.people}


def ascii_mail(text: str) -> str:
    from workbench.text import fold_german

    return "".join(c for c in fold_german(text) if c.isalnum() or c in ".-_")


class _Draw:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.numbers: set[str] = set()
        self.mailboxes: set[str] = set()

    def phone(self, country: str, kind: str) -> str:
        wanted = {"mobile": PhoneNumberType.MOBILE, "fixed": PhoneNumberType.FIXED_LINE}[kind]
        template = phonenumbers.example_number_for_type(country, wanted)
        national = str(template.national_number)
        # Keep the area or mobile prefix and vary the rest: numbers of one country that share all
        # but their last digits would look alike to a matcher where real ones do not.
        varied = max(4, min(7, len(national) - 3))
        for _ in range(200):
            tail = "".join(str(self.rng.randrange(10)) for _ in range(varied))
            candidate = phonenumbers.PhoneNumber()
            candidate.merge_from(template)
            candidate.national_number = int(national[:-varied] + tail)
            e164 = phonenumbers.format_number(candidate, PhoneNumberFormat.E164)
            if phonenumbers.is_valid_number(candidate) and e164 not in self.numbers:
                self.numbers.add(e164)
                return e164
        raise RuntimeError(f"no free {kind} number for {country}")

    def mailbox(self, first: str, last: str, country: str, domain: str | None = None) -> str:
        f, s = ascii_mail(first.lower()), ascii_mail(last.lower().replace(" ", ""))
        domain = domain or self.rng.choice(world.MAIL_DOMAINS[country])
        forms = [f"{f}.{s}", f"{f}{s}", f"{f[0]}.{s}", f"{f}.{s}{self.rng.randint(60, 99)}", f"{s}.{f}"]
        for form in [self.rng.choice(forms), *forms, *(f"{f}.{s}{n}" for n in range(2, 99))]:
            address = f"{form}@{domain}"
            # Gmail ignores dots: thomas.mueller@ and thomasmueller@ are one mailbox, one person.
            mailbox = form.replace(".", "") + "@" + domain if domain == "gmail.com" else address
            if mailbox not in self.mailboxes:
                self.mailboxes.add(mailbox)
                return address
        raise RuntimeError("no free mailbox")

    def address(self, country: str) -> Address:
        city = self.rng.choice(world.CITIES[country])
        street = self.rng.choice(world.STREETS[country])
        number = str(self.rng.randint(1, 120)) + (self.rng.choice(["a", "b"]) if self.rng.random() < 0.08 else "")
        line = f"{number} {street}" if country in world.NUMBER_FIRST else f"{street} {number}"
        return Address(line, city.postcode, city.name, country, city.region)

    def when(self, start: datetime, end: datetime) -> datetime:
        span = int((end - start).total_seconds() // 86400)
        day = start + timedelta(days=self.rng.randint(0, max(span, 0)))
        return day.replace(hour=self.rng.randint(9, 17), minute=self.rng.randint(0, 59), second=self.rng.randint(0, 59))


def _person(draw: _Draw, pid: int, country: str | None = None, gender: str | None = None,
            first: str | None = None, last: str | None = None) -> Person:
    rng = draw.rng
    country = country or rng.choices(list(world.COUNTRY_WEIGHTS), weights=list(world.COUNTRY_WEIGHTS.values()))[0]
    language = world.LANGUAGE[country]
    gender = gender or rng.choice("mf")
    males, females = world.FIRST_NAMES[language]
    first = first or rng.choice(males if gender == "m" else females)
    last = last or rng.choice(world.LAST_NAMES[country])
    person = Person(pid, country, gender, first, last, world.SALUTATIONS[language][gender == "f"])
    person.local = country in ("DE", "CH", "FR", "AT") and rng.random() < (0.7 if country == "DE" else 0.35)
    person.online = not person.local or rng.random() < 0.55
    person.since = draw.when(SHOP_OPENED, TODAY - timedelta(days=40))
    person.address = draw.address(country)
    person.email = draw.mailbox(first, last, country) if rng.random() < 0.93 else None
    person.mobile = draw.phone(country, "mobile") if rng.random() < 0.75 else None
    person.landline = draw.phone(country, "fixed") if rng.random() < 0.3 else None
    if rng.random() < 0.6:
        person.birth = date(rng.randint(1948, 2003), rng.randint(1, 12), rng.randint(1, 28))
    person.nickname = world.NICKNAMES.get(first) if rng.random() < 0.8 else None
    if rng.random() < 0.04:
        person.doctor = True
        person.cases.append("doctor")
    if language == "en" and rng.random() < 0.15:
        person.middle = rng.choice(["Alan", "Marie", "Lee", "Anne", "James", "Rose"])
        person.cases.append("middle name")
    if country == "US" and gender == "m" and rng.random() < 0.15:
        person.suffix = rng.choice(["Jr.", "III"])
        person.cases.append("suffix")
    roll = rng.random()
    person.consent = "granted" if roll < 0.5 else "unsubscribed" if roll < 0.6 else "unknown"
    if person.consent == "unsubscribed":
        person.unsubscribed_at = draw.when(max(person.since, NEW_ERA), TODAY - timedelta(days=5))
    if rng.random() < 0.15 and person.since < TODAY - timedelta(days=400):
        person.old_address = person.address
        person.address = draw.address(country if rng.random() < 0.85 else rng.choice(["DE", "AT", "CH"]))
        person.country = person.address.country
        person.moved_at = draw.when(person.since + timedelta(days=200), TODAY - timedelta(days=60))
        person.cases.append("moved")
    return person


def _marry(draw: _Draw, person: Person) -> None:
    if person.since > TODAY - timedelta(days=500):
        return
    person.maiden = person.last
    person.last = draw.rng.choice([n for n in world.LAST_NAMES[person.country] if n != person.last])
    person.married_at = draw.when(person.since + timedelta(days=150), TODAY - timedelta(days=90))
    if person.email and draw.rng.random() < 0.5:  # a new address with the new name; the old one goes
        person.old_email = person.email
        person.email = draw.mailbox(person.first, person.last, person.country)
    person.cases.append("married name")


def _employ(draw: _Draw, person: Person, company: str | None = None, office: Address | None = None,
            main_phone: str | None = None) -> None:
    rng = draw.rng
    stem = rng.choice(world.COMPANY_STEMS)
    person.company = company or f"{stem} {world.COMPANY_FORMS[person.country]}"
    person.job_title = rng.choice(world.JOB_TITLES[person.language])
    domain = "-".join(ascii_mail(w.lower()) for w in stem.split()) + "." \
        + {"GB": "co.uk", "US": "com", "CA": "ca"}.get(person.country, person.country.lower())
    private = person.email
    person.email = draw.mailbox(person.first, person.last, person.country, domain)
    person.email2 = private if private and rng.random() < 0.7 else None
    person.address = office or draw.address(person.country)
    person.old_address, person.moved_at = None, None
    person.work_phone = main_phone or draw.phone(person.country, "fixed")
    person.local = person.local and rng.random() < 0.3
    person.online = True
    person.cases.append("company contact")


def _children(draw: _Draw, people: list[Person], rng: random.Random) -> None:
    """Make a few people the grown-up children of others, after everyone is drawn (with an rng of
    its own, so the rest of the population stays as it was): the parent's surname and country, born
    25–35 years later, the first son of a father and a third of the others with the father's first name, half of them
    still at the parents' house with its landline; their own e-mail and mobile."""
    def plain(person: Person) -> bool:
        return not person.cases and person.partner is None and person.company is None and person.maiden is None

    taken: set[int] = set()
    juniors = 0
    for index, parent in enumerate(people):
        if parent.pid in taken or not plain(parent) or not parent.birth or parent.birth.year > 1972:
            continue
        if rng.random() >= 0.25:
            continue
        child = next((p for p in people[index + 1:] if plain(p) and p.pid not in taken), None)
        if child is None:
            return
        taken.update((parent.pid, child.pid))
        language = world.LANGUAGE[parent.country]
        # The first father's son has his name in every set: the hardest of these cases.
        junior = parent.gender == "m" and (not juniors or rng.random() < 0.35)
        juniors += junior
        child.gender = "m" if junior else rng.choice("mf")
        males, females = world.FIRST_NAMES[language]
        child.first = parent.first if junior else rng.choice(
            [n for n in (males if child.gender == "m" else females) if n != parent.first])
        child.last, child.country = parent.last, parent.country
        child.title = world.SALUTATIONS[language][child.gender == "f"]
        child.nickname = world.NICKNAMES.get(child.first) if rng.random() < 0.8 else None
        child.birth = date(parent.birth.year + rng.randint(25, 35), rng.randint(1, 12), rng.randint(1, 28))
        if rng.random() < 0.5:  # still at home
            child.address, child.old_address, child.moved_at = parent.address, None, None
            parent.landline = parent.landline or draw.phone(parent.country, "fixed")
            child.landline = parent.landline
        else:
            child.address = draw.address(child.country)
        if child.email:
            child.email = draw.mailbox(child.first, child.last, child.country)
        child.parent = parent.pid
        parent.cases.append("parent and child")
        child.cases.append("parent and child")


def make_population(seed: int, size: int = 150) -> Population:
    """`size` people of one shop, the same for the same seed."""
    draw = _Draw(seed)
    rng = draw.rng
    people: list[Person] = []

    def add(person: Person) -> Person:
        people.append(person)
        return person

    while len(people) < size:
        pid = len(people) + 1
        roll = rng.random()
        remaining = size - len(people)
        if roll < 0.08 and remaining >= 2:  # a couple: one address, one landline, sometimes one e-mail
            a = add(_person(draw, pid))
            b = add(_person(draw, pid + 1, country=a.country, gender="f" if a.gender == "m" else "m",
                            last=a.last if rng.random() < 0.7 else None))
            b.address, b.old_address, b.moved_at = a.address, a.old_address, a.moved_at
            a.landline = a.landline or draw.phone(a.country, "fixed")
            b.landline = a.landline
            b.local, b.online = a.local, a.online
            if rng.random() < 0.35 and a.email:
                b.email2, b.email = b.email, a.email
            a.partner, b.partner = b.pid, a.pid
            a.cases.append("couple")
            b.cases.append("couple")
        elif roll < 0.12 and remaining >= 2:  # two people with the same common name
            country = rng.choice(["DE", "DE", "US", "GB", "FR"])
            first, last = {"DE": ("Thomas", "Müller"), "US": ("John", "Smith"), "GB": ("David", "Jones"),
                           "FR": ("Marie", "Martin")}[country]
            gender = "f" if first == "Marie" else "m"
            a = add(_person(draw, pid, country=country, gender=gender, first=first, last=last))
            b = add(_person(draw, pid + 1, country=country, gender=gender, first=first, last=last))
            a.namesake, b.namesake = b.pid, a.pid
            a.cases.append("same name, other person")
            b.cases.append("same name, other person")
        elif roll < 0.16 and remaining >= 2:  # two contacts at one company
            a = add(_person(draw, pid))
            _employ(draw, a)
            b = add(_person(draw, pid + 1, country=a.country))
            _employ(draw, b, a.company, a.address, a.work_phone)
            b.email = draw.mailbox(b.first, b.last, b.country, a.email.split("@")[1])
            a.colleague, b.colleague = b.pid, a.pid
            b.cases.append("colleague")
            a.cases.append("colleague")
        else:
            person = add(_person(draw, pid))
            if rng.random() < 0.17:
                _employ(draw, person)
        last = people[-1]
        if last.gender == "f" and last.partner is None and last.namesake is None and rng.random() < 0.22:
            _marry(draw, last)
    _children(draw, people, random.Random(seed * 7919 + 1))
    for person in people:
        if any(not c.isascii() for c in person.first + person.last):
            person.cases.append("accents")
        if person.nickname:
            person.cases.append("nickname")
        if person.doctor:
            person.title = "Dr."
    return Population(seed, people)
