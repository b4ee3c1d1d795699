"""Realistic demo customers with known duplicate groups.

People are drawn from name, street and place lists of seven locales. About a quarter of them
appear in 2–5 records across a webshop, a point-of-sale system, a newsletter tool and a
trade-fair lead list, each copy corrupted the way real data is: typos, nicknames, initials,
swapped or ALL-CAPS names, married names, moves, phones and e-mails written differently,
abbreviated streets. Households, couples sharing an e-mail, parents and children with the
same name are there too, as different people. `truth_pairs` says which records are the same.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from workbench.sample.data import Lists, Place, lists, random_phone
from workbench.sample.writing import (
    company_variant,
    country_label,
    email_variant,
    format_phone,
    mailbox,
    street_line_for,
    typo,
)
from workbench.text import fold_german

TODAY = datetime(2026, 11, 1)
LOCALE_WEIGHTS = {"de-DE": 30, "en-US": 16, "en-GB": 12, "fr-FR": 12, "es-ES": 10, "nl-NL": 10, "it-IT": 10}
SOURCES = ("Webshop", "Point of sale", "Newsletter", "Trade fair leads")
SOURCE_WEIGHTS = (45, 30, 17, 8)
COMPANY_FORMS = {"de-DE": ["GmbH", "AG", "KG", "GmbH & Co. KG"], "en-US": ["Inc.", "LLC", "Corp."],
                 "en-GB": ["Ltd", "Limited", "PLC"], "fr-FR": ["SARL", "SA", "SAS"], "es-ES": ["S.L.", "S.A."],
                 "nl-NL": ["B.V.", "N.V."], "it-IT": ["S.r.l.", "S.p.A."]}
COMPANY_WORDS = ["Trading", "Consulting", "Design", "Bau", "Media", "Logistics", "Foods", "Studio", "Solutions",
                 "Partners", "Handel", "Technik", "Services", "Systems", "Garden"]
JOB_TITLES = ["Purchasing Manager", "Managing Director", "Office Manager", "Head of Marketing", "Buyer",
              "Owner", "Einkaufsleiterin", "Geschäftsführer", "Responsable achats", "Store Manager"]
STREET_ABBREVIATIONS = [("straße", "str."), ("Straße", "Str."), ("Street", "St"), ("Avenue", "Ave"),
                        ("Road", "Rd"), ("Lane", "Ln"), ("Boulevard", "Blvd"), ("Drive", "Dr"),
                        ("Avenida", "Avda."), ("Calle", "C/"), ("Via", "V."), ("Rue", "R.")]


@dataclass
class Person:
    person_id: int
    locale: str
    gender: str
    first: str
    last: str
    birth: date | None
    email: str | None
    mobile: str | None  # E.164
    landline: str | None
    place: Place
    street: str
    house: str
    kind: str = "person"
    company: str | None = None
    job_title: str | None = None
    work_email: str | None = None
    shipping: tuple[Place, str, str] | None = None
    suffix: str | None = None
    created: datetime = TODAY
    last_order: datetime | None = None
    orders: int = 0
    spent: float = 0.0
    consent: str = "unknown"


@dataclass
class SampleRecord:
    source: str
    person_id: int
    pairs: list[tuple[str, str]] = field(default_factory=list)
    corruptions: list[str] = field(default_factory=list)


@dataclass
class SampleSet:
    records: list[SampleRecord]

    def by_source(self) -> dict[str, list[SampleRecord]]:
        grouped: dict[str, list[SampleRecord]] = {name: [] for name in SOURCES}
        for record in self.records:
            grouped[record.source].append(record)
        return {k: v for k, v in grouped.items() if v}

    def truth_pairs(self) -> set[tuple[int, int]]:
        """Index pairs (i < j) of records that belong to the same person."""
        groups: dict[int, list[int]] = {}
        for index, record in enumerate(self.records):
            groups.setdefault(record.person_id, []).append(index)
        return {(a, b) for members in groups.values() for i, a in enumerate(members) for b in members[i + 1:]}


class Generator:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.lists: Lists = lists()
        self.next_id = 1
        # A provider hands out a mailbox once, and a domain is one company's: an address already
        # given to someone else is drawn again, from a stream of its own so that everything else
        # generated stays as it was. Households share an address on purpose (household_member).
        self.taken: set[str] = set()
        self.other_rng = random.Random(seed + 1_000_003)

    # ------------------------------------------------------------------ people

    def _choice_weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _email_for(self, first: str, last: str, locale: str, birth: date | None) -> str:
        names, weights = self.lists.domains[locale]
        domain = self.rng.choices(names, weights=weights)[0]
        f, s = (fold_german(x).replace(" ", "").replace("'", "").replace("-", "") for x in (first, last))
        year = str(birth.year)[2:] if birth else str(self.rng.randint(10, 99))
        pattern = self.rng.choice([f"{f}.{s}", f"{f}{s}", f"{f[0]}.{s}", f"{f}_{s}{year}", f"{f}.{s}{year}",
                                   f"{s}.{f}", f"{f}{year}", f"{f[0]}{s}"])
        return self._claim(pattern, domain)

    def _claim(self, local: str, domain: str) -> str:
        """The address, or, taken, with the number a provider suggests ('thomas.mueller7@gmx.de')."""
        address = f"{local}@{domain}"
        while mailbox(address) in self.taken:
            address = f"{local}{self.other_rng.randint(1, 999)}@{domain}"
        self.taken.add(mailbox(address))
        return address

    def _address(self, locale: str) -> tuple[Place, str, str]:
        place = self.rng.choice(self.lists.places[locale])
        street = self.rng.choice(self.lists.streets[locale])
        house = str(self.rng.randint(1, 180)) + (self.rng.choice("abc") if self.rng.random() < 0.06 else "")
        return place, street, house

    def person(self) -> Person:
        rng = self.rng
        locale = self._choice_weighted(LOCALE_WEIGHTS)
        gender = rng.choice("mf")
        first = rng.choice(self.lists.first[(locale, gender)])
        last = rng.choice(self.lists.last[locale])
        birth = date(rng.randint(1942, 2006), rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.45 else None
        place, street, house = self._address(locale)
        region = place.country
        person = Person(
            person_id=self.next_id, locale=locale, gender=gender, first=first, last=last, birth=birth,
            email=self._email_for(first, last, locale, birth) if rng.random() < 0.9 else None,
            mobile=random_phone(rng, region, True) if rng.random() < 0.75 else None,
            landline=random_phone(rng, region, False) if rng.random() < 0.3 else None,
            place=place, street=street, house=house,
        )
        self.next_id += 1
        if rng.random() < 0.12:
            person.company = self._company(locale)
            person.job_title = rng.choice(JOB_TITLES)
            person.work_email = self._work_email(first, last, person.company)
        if rng.random() < 0.08:
            person.shipping = self._address(locale)
        person.created = TODAY - timedelta(days=rng.randint(0, 365 * 9), seconds=rng.randint(0, 86_399))
        if rng.random() < 0.7:
            person.orders = rng.choices([1, 2, 3, 5, 8, 13, 25], weights=[30, 20, 15, 12, 10, 8, 5])[0]
            days_since_created = max(1, (TODAY - person.created).days)
            person.last_order = TODAY - timedelta(days=rng.randint(0, days_since_created))
            person.spent = round(person.orders * rng.uniform(12, 180), 2)
        person.consent = rng.choices(["granted", "denied", "unsubscribed", "bounced", "unknown"],
                                     weights=[55, 15, 12, 3, 15])[0]
        return person

    def organization(self) -> Person:
        base = self.person()
        company = self._company(base.locale)
        slug = fold_german(company.split()[0]).lower().strip(".,&")
        tld = {"de-DE": "de", "en-GB": "co.uk", "fr-FR": "fr", "es-ES": "es", "nl-NL": "nl", "it-IT": "it"}
        role = self.rng.choice(['info', 'office', 'hello', 'kontakt', 'sales'])
        return replace(base, kind="organization", company=company, first="", last="", birth=None,
                       email=f"{role}@{self._domain(slug, company, tld.get(base.locale, 'com'))}",
                       mobile=None, landline=random_phone(self.rng, base.place.country, False))

    def _company(self, locale: str) -> str:
        rng = self.rng
        last = rng.choice(self.lists.last[locale])
        form = rng.choice(COMPANY_FORMS[locale])
        pattern = rng.random()
        if pattern < 0.4:
            return f"{last} {rng.choice(COMPANY_WORDS)} {form}"
        if pattern < 0.6:
            return f"{last} & {rng.choice(self.lists.last[locale])} {form}"
        if pattern < 0.8:
            return f"{rng.choice(COMPANY_WORDS)} {last} {form}"
        return f"The {last} {rng.choice(COMPANY_WORDS)} Company" if locale.startswith("en") else f"{last} {form}"

    def _domain(self, slug: str, company: str, tld: str) -> str:
        """The company's own domain: its first word, or more of its name when that is taken."""
        words = [w for w in ("".join(c for c in fold_german(x).lower() if c.isalnum()) for x in company.split()) if w]
        candidates = [slug, *("-".join(words[:size]) for size in range(2, len(words) + 1))]
        domain = next((d for d in candidates if f"@{d}.{tld}" not in self.taken), None)
        while domain is None or f"@{domain}.{tld}" in self.taken:
            domain = f"{slug}{self.other_rng.randint(1, 999)}"
        self.taken.add(f"@{domain}.{tld}")
        return f"{domain}.{tld}"

    def _work_email(self, first: str, last: str, company: str) -> str:
        slug = fold_german(company.split()[0] if not company.startswith("The ") else company.split()[1]).lower()
        slug = "".join(c for c in slug if c.isalnum()) or "company"
        f, s = (fold_german(x).lower().replace(" ", "").replace("-", "").replace("'", "") for x in (first, last))
        return self._claim(f"{f}.{s}", f"{slug}.com")

    # ------------------------------------------------------------------ hard negatives

    def household_member(self, person: Person) -> Person:
        """Same surname, address and landline; a different first name and their own e-mail."""
        rng = self.rng
        gender = rng.choice("mf")
        first = person.first
        while first == person.first or first[:3] == person.first[:3]:
            first = rng.choice(self.lists.first[(person.locale, gender)])
        birth = date(rng.randint(1942, 2006), rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.4 else None
        member = replace(person, person_id=self.next_id, gender=gender, first=first, birth=birth,
                         email=self._email_for(first, person.last, person.locale, birth) if rng.random() < 0.85
                         else None,
                         mobile=random_phone(rng, person.place.country, True) if rng.random() < 0.7 else None,
                         company=None, job_title=None, work_email=None)
        if member.landline is None and rng.random() < 0.5:
            person.landline = member.landline = random_phone(rng, person.place.country, False)
        if rng.random() < 0.2 and person.email:  # a couple sharing one address
            member.email = person.email
        self.next_id += 1
        return member

    def child_of(self, person: Person) -> Person:
        """Same first and last name, a generation younger: not the same person."""
        rng = self.rng
        parent_birth = person.birth or date(rng.randint(1945, 1970), rng.randint(1, 12), rng.randint(1, 28))
        person.birth = parent_birth
        child_birth = date(parent_birth.year + rng.randint(24, 38), rng.randint(1, 12), rng.randint(1, 28))
        child = replace(person, person_id=self.next_id, birth=child_birth, suffix="Jr." if person.locale == "en-US"
                        else None, email=self._email_for(person.first, person.last, person.locale, child_birth),
                        mobile=random_phone(rng, person.place.country, True), company=None, work_email=None)
        if person.locale == "en-US":
            person.suffix = "Sr."
        self.next_id += 1
        return child

    # ------------------------------------------------------------------ records

    def records_for(self, person: Person, copies: int) -> list[SampleRecord]:
        sources = self.rng.choices(SOURCES, weights=SOURCE_WEIGHTS, k=copies)
        if person.kind == "organization":
            sources = [s if s != "Newsletter" else "Webshop" for s in sources]
        records = [self.record(person, sources[0], [])]
        for source in sources[1:]:
            variant, applied = self.corrupt(person)
            records.append(self.record(variant, source, applied))
        return records

    def corrupt(self, person: Person) -> tuple[Person, list[str]]:
        """A copy of the person as another system (or a later visit) recorded them."""
        rng = self.rng
        p = replace(person)
        applied: list[str] = []
        options = ["typo", "nickname", "initial", "caps", "accents", "swap", "married", "moved", "phone_format",
                   "email_variant", "street_abbreviation", "drop_email", "drop_phone", "work_email"]
        weights = [18, 10, 5, 10, 8, 4, 6, 10, 14, 10, 10, 8, 8, 4]
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            change = rng.choices(options, weights=weights)[0]
            if self._apply(p, change):
                applied.append(change)
        # A copy keeps at least one thing a careful person would recognize it by.
        if not any([p.email and p.email.lower() == (person.email or "").lower(),
                    p.mobile and p.mobile == person.mobile,
                    (p.street, p.house, p.place) == (person.street, person.house, person.place)]):
            if person.email:
                p.email = person.email
            elif person.mobile:
                p.mobile = person.mobile
            else:
                p.street, p.house, p.place = person.street, person.house, person.place
        return p, applied

    def _apply(self, p: Person, change: str) -> bool:
        rng = self.rng
        if p.kind == "organization" and change in ("nickname", "initial", "swap", "married", "accents"):
            change = "company_variant"
        if change == "typo":
            target = rng.choice(["first", "last"]) if p.kind == "person" else "company"
            setattr(p, target, typo(rng, getattr(p, target) or ""))
        elif change == "nickname":
            forms = self.lists.nicknames.get(p.first)
            if not forms:
                return False
            p.first = rng.choice(forms)
        elif change == "initial":
            p.first = p.first[0] + "."
        elif change == "caps":
            p.first, p.last = p.first.upper(), p.last.upper()
            if p.company:
                p.company = p.company.upper()
        elif change == "accents":
            folded = fold_german(p.last)
            if folded.lower() == p.last.lower():
                return False
            p.last = folded.capitalize() if rng.random() < 0.5 else folded.upper()
        elif change == "swap":
            p.first, p.last = p.last, p.first
        elif change == "married":
            if p.gender != "f":
                return False
            p.last = rng.choice(self.lists.last[p.locale])
            p.email = p.email if rng.random() < 0.7 else self._email_for(p.first, p.last, p.locale, p.birth)
        elif change == "moved":
            p.place, p.street, p.house = self._address(p.locale)
            p.landline = None
        elif change == "phone_format":
            return p.mobile is not None or p.landline is not None  # formatting is chosen per record anyway
        elif change == "email_variant":
            if not p.email:
                return False
            p.email = email_variant(rng, p.email)
        elif change == "street_abbreviation":
            for full, short in STREET_ABBREVIATIONS:
                if full in p.street:
                    p.street = p.street.replace(full, short)
                    return True
            return False
        elif change == "drop_email":
            if not (p.mobile or p.landline):
                return False
            p.email = None
        elif change == "drop_phone":
            p.mobile = p.landline = None
        elif change == "work_email":
            if not p.work_email:
                return False
            p.email = p.work_email
        elif change == "company_variant":
            if not p.company:
                return False
            p.company = company_variant(rng, p.company)
        return True

    def record(self, p: Person, source: str, corruptions: list[str]) -> SampleRecord:
        rng = self.rng
        record = SampleRecord(source, p.person_id, corruptions=corruptions)
        add = record.pairs.append
        street_line = street_line_for(p.locale, p.street, p.house)
        if source == "Webshop":
            if p.kind == "organization":
                add(("company", p.company or ""))
            else:
                add(("first_name", p.first))
                add(("last_name", p.last if not p.suffix else f"{p.last} {p.suffix}"))
                if p.company and rng.random() < 0.5:
                    add(("company", p.company))
            add(("email", p.email or ""))
            add(("phone", format_phone(rng, p.mobile or p.landline)))
            add(("street:billing", street_line))
            add(("postcode:billing", p.place.postcode))
            add(("city:billing", p.place.city))
            add(("country:billing", rng.choice([p.place.country, country_label(p.place.country)])))
            if p.shipping:
                place, street, house = p.shipping
                add(("street:shipping", street_line_for(p.locale, street, house)))
                add(("postcode:shipping", place.postcode))
                add(("city:shipping", place.city))
                add(("country:shipping", place.country))
            add(("created_at", p.created.strftime("%Y-%m-%d %H:%M:%S")))
            add(("last_order_at", p.last_order.strftime("%Y-%m-%d") if p.last_order else ""))
            add(("order_count", str(p.orders)))
            add(("total_spent", f"{p.spent:.2f}"))
            add(("marketing_consent", {"granted": "yes", "unsubscribed": "no", "bounced": "no"}.get(p.consent, "no")))
        elif source == "Point of sale":
            name = p.company if p.kind == "organization" else self._full_name(p)
            add(("full_name", name or ""))
            add(("mobile", format_phone(rng, p.mobile or p.landline)))
            add(("email", p.email if p.email and rng.random() < 0.6 else ""))
            add(("street", street_line))
            add(("postcode", p.place.postcode))
            add(("city", p.place.city))
            add(("country", country_label(p.place.country)))
            add(("birth_date", p.birth.strftime("%d.%m.%Y") if p.birth and p.locale != "en-US"
                 else (p.birth.strftime("%m/%d/%Y") if p.birth else "")))
            add(("created_at", p.created.strftime("%d.%m.%Y")))
            add(("order_count", str(max(0, p.orders - rng.randint(0, 2)))))
            add(("total_spent", f"{p.spent * rng.uniform(0.2, 0.6):.2f}".replace(".", ",")))
        elif source == "Newsletter":
            add(("email", p.email or p.work_email or ""))
            add(("first_name", p.first))
            add(("last_name", p.last if rng.random() < 0.6 else ""))
            add(("marketing_consent", {"granted": "subscribed", "unsubscribed": "unsubscribed", "bounced": "cleaned",
                                       "denied": "unsubscribed"}.get(p.consent, "subscribed")))
            add(("created_at", p.created.strftime("%Y-%m-%dT%H:%M:%SZ")))
        else:  # Trade fair leads
            add(("full_name", self._full_name(p) if p.kind == "person" else ""))
            add(("company", p.company or ""))
            add(("job_title", p.job_title or ""))
            add(("email:work", p.work_email or p.email or ""))
            add(("phone:work", format_phone(rng, p.landline or p.mobile)))
            add(("city", p.place.city))
            add(("country", p.place.country))
        return record

    def _full_name(self, p: Person) -> str:
        name = f"{p.first} {p.last}" if self.rng.random() < 0.7 else f"{p.last}, {p.first}"
        return f"{name} {p.suffix}" if p.suffix and "," not in name else name

    # ------------------------------------------------------------------ the whole set

    def people(self, rows: int, duplicate_share: float = 0.25) -> Iterator[tuple[Person, int]]:
        """(person, number of records) until about `rows` records are planned."""
        planned = 0
        while planned < rows:
            person = self.organization() if self.rng.random() < 0.07 else self.person()
            copies = 1
            if self.rng.random() < duplicate_share:
                copies = self.rng.choices([2, 3, 4, 5], weights=[60, 25, 10, 5])[0]
            copies = min(copies, rows - planned)
            planned += copies
            yield person, copies
            extra = self.rng.random()
            if person.kind == "person" and planned < rows and extra < 0.07:
                relative = self.household_member(person) if extra < 0.06 else self.child_of(person)
                planned += 1
                yield relative, 1

    def generate(self, rows: int, duplicate_share: float = 0.25) -> SampleSet:
        records: list[SampleRecord] = []
        for person, copies in self.people(rows, duplicate_share):
            records.extend(self.records_for(person, copies))
        self.rng.shuffle(records)
        return SampleSet(records[:rows])


def generate(rows: int, *, seed: int = 7, duplicate_share: float = 0.25) -> SampleSet:
    return Generator(seed).generate(rows, duplicate_share)
