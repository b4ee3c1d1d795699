"""What "alike" means per field: ordered comparison levels, strongest evidence first.

Each comparison is data: a field, and a list of levels. Two values fall into the first level
whose test holds; the first two levels are always "missing" (one side has no value: no
evidence either way) and "exact" (the same comparable value), the last is always
"different". A level marked `conflict` speaks of two different people (different first names,
birth dates, Jr/Sr, or two colleagues' mailboxes). Contact points (e-mail, phone, address) are
shared by households and couples, and a company by its colleagues, so with a conflict they may
not add evidence: the pair must stand on its names, birth dates and identifiers alone. An
identifier in common (a customer or tax number) is personal, not a household's: it lifts the
conflict.

The tests receive comparable values made by `workbench.matching.normalize`. How much each
level counts is not written here: it is estimated from the data (see `model.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.fuzz import ratio, token_sort_ratio
from rapidfuzz.process import cpdist

from workbench.matching.mailbox_levels import (
    birth_year_in_mailbox,
    colleague_mailbox,
    mailbox_parts,
    mailbox_typo,
    one_side_born,
    one_side_without_surname,
    other_separators,
    same_mailbox_name,
    surname_in_mailbox,
)
from workbench.matching.normalize import (
    AddressKey,
    comparable,
    consumer_mail_domain,
    formal_initials,
    nickname_groups,
    nickname_groups_near,
)
from workbench.matching.phonetic import phonetic_key

Test = Callable[[Any, Any], bool]
Screen = Callable[[list[Any], list[Any]], np.ndarray]


@dataclass(frozen=True)
class Level:
    key: str  # stable: stored in explanations and in fitted models
    label: str  # for people: "nickname of the same name"
    test: Test | None = None  # None for missing / exact / different, which the engine decides
    conflict: bool = False


@dataclass(frozen=True)
class Comparison:
    field: str
    label: str
    levels: tuple[Level, ...]
    # Exact agreement on a rare value says more than on a common one ("Oberhuber" vs "Smith").
    term_frequency: bool = False
    # When equal values are not yet proof ("the same town" is not "the same address").
    exact_test: Test | None = None
    # When the field says nothing about a pair at all (counts as missing).
    applies: Test | None = None
    # E-mails, phones and addresses belong to a household as much as to a person.
    contact: bool = False
    # A first guess of how often records of one customer show each level (m), from experience
    # with customer lists; the data soon outweighs it, but a small master or a rare level
    # (Jr against Sr) is not left to chance. Indexed like `levels`, missing first (unused).
    expected_m: tuple[float, ...] = ()
    # A fast, vectorized look at many pairs that finds those surely at "different", so the
    # tests above run only for the rest. Never changes a level, only saves time (tested).
    screen: Screen | None = None

    MISSING = 0
    EXACT = 1

    @property
    def different(self) -> int:
        return len(self.levels) - 1

    def level_keys(self) -> list[str]:
        return [level.key for level in self.levels]

    def index(self, key: str) -> int:
        return self.level_keys().index(key)

    def compare(self, a: Any, b: Any) -> int:
        """Level index of two comparable values (each present)."""
        if self.applies is not None and not self.applies(a, b):
            return self.MISSING
        if a == b and (self.exact_test is None or self.exact_test(a, b)):
            return self.EXACT
        for index in range(2, len(self.levels) - 1):
            test = self.levels[index].test
            if test is not None and test(a, b):
                return index
        return self.different

    def compare_sets(self, left: tuple[Any, ...], right: tuple[Any, ...]) -> tuple[int, Any, Any]:
        """The best level over every value of one side against every value of the other."""
        if not left or not right:
            return self.MISSING, left[0] if left else None, right[0] if right else None
        best = (len(self.levels), None, None)
        for a in left:
            for b in right:
                level = self.compare(a, b)
                if level < best[0]:
                    best = (level, a, b)
                    if level == self.EXACT:
                        return best
        return best


MISSING = Level("missing", "missing on one side")
EXACT = Level("exact", "the same")


def never(a: Any, b: Any) -> bool:
    """For comparisons whose values are never simply equal (they compare two kinds of value)."""
    return False


def different(conflict: bool = False) -> Level:
    return Level("different", "different", conflict=conflict)


# ---------------------------------------------------------------------- tests


def jaro_winkler_at(threshold: float) -> Test:
    def test(a: str, b: str) -> bool:
        return JaroWinkler.similarity(a, b) >= threshold

    test.__name__ = f"jaro_winkler_at_{threshold}"
    return test


def one_typo(a: str, b: str) -> bool:
    """A slip of the keyboard: close by Jaro-Winkler, or one edit apart in a longer word."""
    if JaroWinkler.similarity(a, b) >= 0.92:
        return True
    return min(len(a), len(b)) >= 4 and OSA.distance(a, b) <= 1


def similar_first_names(a: str, b: str) -> bool:
    """Alike by Jaro-Winkler, or two slips apart in a name of four letters or more ('Erin' and
    'Eni', 'Chris' and 'Chtos'; not 'Ida' and 'Eva')."""
    if JaroWinkler.similarity(a, b) >= 0.8:
        return True
    return min(len(a), len(b)) >= 3 and max(len(a), len(b)) >= 4 and OSA.distance(a, b) <= 2


def nickname(a: str, b: str) -> bool:
    """A nickname or short form of the same name, also with one slip in a longer name ('Alex' and
    'Alxandra', 'Tommy' and 'Tohmas'; 'Micheal' and 'Michael' are one name with a typo)."""
    if nickname_groups(a) & nickname_groups(b):
        return True
    return bool(nickname_groups_near(a) & nickname_groups_near(b)) and OSA.distance(a, b) > 1


def other_gender(a: str, b: str) -> bool:
    """The same name for a man and for a woman: Daniel and Daniela, Mario and Maria, Louis and Louise."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 3 and long in (short + "a", short + "e", short + "le", short + "ne"):
        return True
    return len(a) == len(b) >= 4 and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"a", "o"}


def sounds_alike(a: str, b: str) -> bool:
    key = phonetic_key(a)
    return len(key) >= 2 and key == phonetic_key(b) and JaroWinkler.similarity(a, b) >= 0.8


def surname_sounds_alike(a: str, b: str) -> bool:
    key = phonetic_key(a)
    return len(key) >= 2 and key == phonetic_key(b)


def initial_or_part(a: str, b: str) -> bool:
    """'j' and 'john'; 'e' and 'ted' (Edward's); 'anna' and 'anna lena'; 'maria' and 'maria jose'."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1:
        return long.startswith(short) or short in formal_initials(long)
    short_tokens, long_tokens = short.split(), long.split()
    return set(short_tokens) <= set(long_tokens) or long.replace(" ", "").startswith(short.replace(" ", ""))


def part_of_name(a: str, b: str) -> bool:
    """Double surnames written in full or in part: 'garcia lopez' and 'garcia'."""
    tokens_a, tokens_b = set(a.split()), set(b.split())
    shorter, longer = (tokens_a, tokens_b) if len(tokens_a) <= len(tokens_b) else (tokens_b, tokens_a)
    return bool(shorter) and shorter <= longer and any(len(t) >= 3 for t in shorter)


def company_similar_at(threshold: float) -> Test:
    def test(a: str, b: str) -> bool:
        if token_sort_ratio(a, b) >= threshold * 100:
            return True
        return ratio(a.replace(" ", ""), b.replace(" ", "")) >= threshold * 100

    test.__name__ = f"company_similar_at_{threshold}"
    return test


def company_contains(a: str, b: str) -> bool:
    tokens_a, tokens_b = set(a.split()), set(b.split())
    shorter, longer = (tokens_a, tokens_b) if len(tokens_a) <= len(tokens_b) else (tokens_b, tokens_a)
    return bool(shorter) and shorter <= longer and any(len(t) >= 4 for t in shorter)


def phone_typo(a: str, b: str) -> bool:
    return len(a) == len(b) and len(a) >= 8 and OSA.distance(a, b) <= 1


@lru_cache(maxsize=1)
def _calling_codes() -> frozenset[str]:
    import phonenumbers

    return frozenset(str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


def national(e164: str) -> tuple[str, str] | None:
    """(calling code, national number without a trunk 0) of an E.164 number; None for other keys."""
    if not e164.startswith("+"):
        return None
    codes = _calling_codes()
    for length in (1, 2, 3):
        if e164[1:1 + length] in codes:
            return e164[1:1 + length], e164[1 + length:].lstrip("0")
    return None


def other_country_code(a: str, b: str) -> bool:
    """'+41 78 142 90 51' and '+49 78 142 90 51', '+41 015123486466' and '+49 15123486466': one number
    written without its country code and read under two (a German mobile in a Swiss shop's list)."""
    left, right = national(a), national(b)
    return left is not None and right is not None and left[0] != right[0] and len(left[1]) >= 7 \
        and left[1] == right[1]


def identifier_typo(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 4 and OSA.distance(a, b) <= 1


def day_month_swapped(a: date, b: date) -> bool:
    return a.year == b.year and a.day == b.month and a.month == b.day


def date_one_part_off(a: date, b: date) -> bool:
    """Two of day, month and year agree (one was mistyped); or the year differs by one digit."""
    same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    return same == 2 and (a.year == b.year or OSA.distance(str(a.year), str(b.year)) <= 1)


def date_close(a: date, b: date) -> bool:
    """Two slips in the digits (19390312 and 19391213 are not another generation)."""
    return OSA.distance(a.strftime("%Y%m%d"), b.strftime("%Y%m%d")) <= 2 and abs(a.year - b.year) < 10


def _same_place(a: AddressKey, b: AddressKey) -> bool:
    if a.postcode and b.postcode:
        return a.postcode == b.postcode
    return bool(a.city and b.city and (a.city == b.city or a.city.split()[0] == b.city.split()[0]))


def _nearly_same_place(a: AddressKey, b: AddressKey) -> bool:
    """The same place with a slip in the postcode or the town's name (3128 and 3182)."""
    if _same_place(a, b):
        return True
    if a.postcode and b.postcode and len(a.postcode) == len(b.postcode) and OSA.distance(a.postcode, b.postcode) <= 1:
        return True
    return bool(a.city and b.city and JaroWinkler.similarity(a.city, b.city) >= 0.9)


def _countries_differ(a: AddressKey, b: AddressKey) -> bool:
    return bool(a.country and b.country and a.country != b.country)


def same_street_and_house(a: AddressKey, b: AddressKey) -> bool:
    """The same house; the postcode or the town may be missing or mistyped on one side."""
    if _countries_differ(a, b) or not (a.street and a.house) or (a.street, a.house) != (b.street, b.house):
        return False
    return not (a.postcode and b.postcode) and not (a.city and b.city) or _nearly_same_place(a, b)


def street_typo(a: AddressKey, b: AddressKey) -> bool:
    if _countries_differ(a, b) or not (a.street and b.street and a.house and a.house == b.house):
        return False
    return _nearly_same_place(a, b) and token_sort_ratio(a.street, b.street) >= 85


def same_street_other_house(a: AddressKey, b: AddressKey) -> bool:
    return not _countries_differ(a, b) and bool(a.street) and a.street == b.street and _same_place(a, b)


def same_place(a: AddressKey, b: AddressKey) -> bool:
    return not _countries_differ(a, b) and _same_place(a, b)


# ---------------------------------------------------------------------- screens


def _jaro_winkler(left: list[str], right: list[str]) -> np.ndarray:
    similarity = JaroWinkler.similarity
    return np.fromiter((similarity(a, b) for a, b in zip(left, right, strict=True)), dtype=np.float64,
                       count=len(left))


# rapidfuzz holds the interpreter lock for a whole call; in slices, a window in the same process
# (matching runs beside it in the app) gets its turn every few milliseconds.
OSA_SLICE = 16_384


def _osa(left: list[str], right: list[str]) -> np.ndarray:
    if len(left) <= OSA_SLICE:
        return cpdist(left, right, scorer=OSA.distance, workers=1).astype(np.int64)
    return np.concatenate([cpdist(left[i:i + OSA_SLICE], right[i:i + OSA_SLICE], scorer=OSA.distance, workers=1)
                           .astype(np.int64) for i in range(0, len(left), OSA_SLICE)])


def _plain(values: list[str]) -> np.ndarray:
    """Single words of more than one letter: no initial, no double name."""
    return np.fromiter((len(v) > 1 and " " not in v for v in values), dtype=bool, count=len(values))


def screen_first_names(left: list[str], right: list[str]) -> np.ndarray:
    surely = (_jaro_winkler(left, right) < 0.8) & (_osa(left, right) > 2) & _plain(left) & _plain(right)
    # More than two slips apart, so `nickname` is the near groups' overlap alone; each name's looked up once.
    groups: dict[str, frozenset[int]] = {}
    for k in np.flatnonzero(surely).tolist():
        a, b = left[k], right[k]
        found_a = groups.get(a)
        if found_a is None:
            found_a = groups[a] = nickname_groups_near(a)
        if found_a:
            found_b = groups.get(b)
            if found_b is None:
                found_b = groups[b] = nickname_groups_near(b)
            if found_a & found_b:
                surely[k] = False
    return surely


def screen_last_names(left: list[str], right: list[str]) -> np.ndarray:
    sound = np.fromiter((phonetic_key(a) != phonetic_key(b) for a, b in zip(left, right, strict=True)), dtype=bool,
                        count=len(left))
    return (_jaro_winkler(left, right) < 0.85) & (_osa(left, right) > 1) & _plain(left) & _plain(right) & sound


def _other_mailbox_name(a: str, b: str) -> bool:
    """Other mailbox names, not at one organisation's own domain (where they may be colleagues)."""
    (local_a, domain_a), (local_b, domain_b) = mailbox_parts(a), mailbox_parts(b)
    return local_a != local_b and (domain_a != domain_b or consumer_mail_domain(domain_a))


def screen_emails(left: list[str], right: list[str]) -> np.ndarray:
    """Other mailbox names, more than two slips apart, not at one organisation's domain (`colleague_mailbox`)."""
    other_name = np.fromiter((_other_mailbox_name(a, b) for a, b in zip(left, right, strict=True)), dtype=bool,
                             count=len(left))
    return other_name & (_osa(left, right) > 2)


def screen_phones(left: list[str], right: list[str]) -> np.ndarray:
    """More than a digit apart, and not the same last seven digits (`other_country_code`)."""
    return (_osa(left, right) > 1) & np.fromiter((a[-7:] != b[-7:] for a, b in zip(left, right, strict=True)),
                                                 dtype=bool, count=len(left))


def screen_addresses(left: list[AddressKey], right: list[AddressKey]) -> np.ndarray:
    return np.fromiter(((_countries_differ(a, b) or not _nearly_same_place(a, b))
                        and not (a.street and a.house and (a.street, a.house) == (b.street, b.house))
                        for a, b in zip(left, right, strict=True)), dtype=bool, count=len(left))


# ---------------------------------------------------------------------- the comparisons

FIRST_NAME = Comparison("first_name", "First name", (
    MISSING, EXACT,
    Level("nickname", "a nickname or short form of the same name", nickname),
    Level("other_gender", "the same name for a man and for a woman", other_gender, conflict=True),
    Level("typo", "one typo apart", one_typo),
    Level("sounds_alike", "sounds alike", sounds_alike),
    Level("initial", "an initial or part of the other", initial_or_part),
    # Christine and Christopher look alike and are two people.
    Level("similar", "similar, but another name", similar_first_names, conflict=True),
    different(conflict=True),
), term_frequency=True, screen=screen_first_names,
    expected_m=(0, 0.80, 0.04, 0.001, 0.06, 0.01, 0.06, 0.01, 0.01))

LAST_NAME = Comparison("last_name", "Last name", (
    MISSING, EXACT,
    Level("typo", "one typo apart", one_typo),
    Level("sounds_alike", "sounds alike", surname_sounds_alike),
    Level("part", "part of a double name", part_of_name),
    Level("similar", "similar", jaro_winkler_at(0.85)),
    different(),  # married names change: a different surname alone is no proof of another person
), term_frequency=True, screen=screen_last_names, expected_m=(0, 0.80, 0.08, 0.02, 0.02, 0.02, 0.06))

GENERATION = Comparison("generation", "Jr / Sr", (MISSING, EXACT, different(conflict=True)),
                        expected_m=(0, 0.99, 0.01))

BIRTH_DATE = Comparison("birth_date", "Birth date", (
    MISSING, EXACT,
    Level("swapped", "day and month swapped", day_month_swapped),
    Level("one_part", "one part mistyped", date_one_part_off),
    Level("close", "two digits mistyped", date_close),
    different(conflict=True),
), expected_m=(0, 0.93, 0.02, 0.03, 0.01, 0.01))

COMPANY = Comparison("company", "Company", (
    MISSING, EXACT,
    Level("typo", "nearly the same", company_similar_at(0.92)),
    Level("contains", "one name contains the other", company_contains),
    Level("similar", "similar", company_similar_at(0.8)),
    different(),
), term_frequency=True, contact=True, expected_m=(0, 0.70, 0.10, 0.05, 0.05, 0.10))

EMAIL = Comparison("email", "E-mail", (
    MISSING, EXACT,
    Level("separators", "the same letters with other dots, dashes or underscores", other_separators),
    Level("typo", "one typo apart", mailbox_typo),
    Level("same_name", "same mailbox name at another provider", same_mailbox_name),
    # Colleagues share their company's phone and address as a household shares a house.
    Level("colleague", "another person's mailbox at the same organisation", colleague_mailbox, conflict=True),
    different(),
), term_frequency=True, screen=screen_emails, contact=True, expected_m=(0, 0.85, 0.01, 0.02, 0.03, 0.005, 0.085))

# People keep a mobile and a landline: one system has the one, another the other. Which number is
# which is not in the number itself as compared, so `compare.py` sets this level from the kinds
# the import gave the numbers (its test never holds here).
PHONE = Comparison("phone", "Phone", (
    MISSING, EXACT,
    Level("typo", "one digit apart", phone_typo),
    Level("other_country", "the same number under another country code", other_country_code),
    Level("other_kind", "a mobile against a landline", never),
    different(),
), term_frequency=True, screen=screen_phones, contact=True, expected_m=(0, 0.85, 0.02, 0.01, 0.06, 0.06))

ADDRESS = Comparison("address", "Address", (
    MISSING, EXACT,
    Level("same_house", "same street and house", same_street_and_house),
    Level("street_typo", "same house, street spelled differently", street_typo),
    Level("same_street", "same street, another house", same_street_other_house),
    Level("same_place", "same postcode or town", same_place),
    different(),
), term_frequency=True, exact_test=lambda a, b: bool(a.street and a.house), screen=screen_addresses,
   contact=True, expected_m=(0, 0.60, 0.05, 0.03, 0.01, 0.11, 0.20))

# Newsletter sign-ups often have a first name and an e-mail only: 'ben_gnatz22@web.de' still
# says the surname. Compared only when one side lacks a surname (else "Last name" decides).
EMAIL_NAME = Comparison("email_name", "Surname in e-mail", (
    MISSING, EXACT,
    Level("in_email", "the surname is in the other's e-mail address", surname_in_mailbox),
    different(),
), exact_test=never, applies=one_side_without_surname, contact=True,
   expected_m=(0, 0.001, 0.80, 0.20))

# Sign-ups rarely ask for a birth date, and many people write their birth year into their e-mail
# address ('anna.berg85@web.de'). Compared only when one side has a birth date and the other
# none (else "Birth date" decides); not when the two share the address (see model.py).
EMAIL_YEAR = Comparison("email_year", "Birth year in e-mail", (
    MISSING, EXACT,
    Level("in_email", "the birth year is in the other's e-mail address", birth_year_in_mailbox),
    different(),
), exact_test=never, applies=one_side_born, contact=True, expected_m=(0, 0.001, 0.80, 0.20))

IDENTIFIER = Comparison("identifier", "Identifier", (
    MISSING, EXACT,
    Level("typo", "one character apart", identifier_typo),
    different(),
), expected_m=(0, 0.90, 0.05, 0.05))

# The levels at which two records share one contact point: the same mailbox, the same number
# (also mistyped, or under another country code), the same house.
SHARED_CONTACT_LEVELS = {"email": ("exact", "typo"), "phone": ("exact", "typo", "other_country"),
                         "address": ("exact", "same_house", "street_typo")}
# The levels at which two e-mail addresses both present are two mailboxes (the same name elsewhere aside).
OTHER_MAILBOX = ("different", "colleague")

COMPARISONS: tuple[Comparison, ...] = (FIRST_NAME, LAST_NAME, GENERATION, BIRTH_DATE, COMPANY, EMAIL, PHONE,
                                       ADDRESS, EMAIL_NAME, EMAIL_YEAR, IDENTIFIER)
BY_FIELD = {c.field: c for c in COMPARISONS}


def level_of(field: str, left: Any, right: Any) -> str:
    """The level key of two values as stored on customers: `level_of("first_name", "Bob", "Robert")`."""
    comparison = BY_FIELD[field]
    level, _, _ = comparison.compare_sets(comparable(field, left), comparable(field, right))
    return comparison.levels[level].key


def at_levels(fields: list[str], levels: np.ndarray, name: str, keys: Sequence[str]) -> np.ndarray:
    """Per pair whether field `name` is at one of the levels `keys` (never, when it is not compared)."""
    if name not in fields:
        return np.zeros(len(levels), dtype=bool)
    comparison = BY_FIELD[name]
    return np.isin(levels[:, fields.index(name)], [comparison.index(k) for k in keys])


def at_any(fields: list[str], levels: np.ndarray, table: dict[str, tuple[str, ...]]) -> np.ndarray:
    """Per pair whether any field of `table` is at one of its levels."""
    found = np.zeros(len(levels), dtype=bool)
    for name, keys in table.items():
        found |= at_levels(fields, levels, name, keys)
    return found
