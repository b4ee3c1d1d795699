"""Comparable forms of names, companies, addresses, e-mails and phones, for matching only.

Standardization (workbench.standardize) makes values right for people; these keys make them
comparable: case, accents and umlaut spellings folded, generation suffixes (Jr, Sr, II) taken
out of surnames, legal forms out of company names, street abbreviations expanded. The lists
behind them are data in resources/reference.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from workbench.paths import resource_path
from workbench.standardize.emails import match_key
from workbench.standardize.names import given_names
from workbench.text import fold, fold_german

_NOT_NAME = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
GENERATIONS = {"jr": "jr", "junior": "jr", "jun": "jr", "sr": "sr", "senior": "sr", "sen": "sr",
               "ii": "ii", "iii": "iii", "iv": "iv"}
# Words people put into a first-name field that are not names.
_NAME_NOISE = {"mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "mme", "mlle", "sr", "sra", "dhr", "mevr",
               "sig", "sigra"}
# Mailboxes of a role, not a person: sharing "info@" on two domains says nothing.
ROLE_MAILBOXES = {"info", "office", "hello", "kontakt", "contact", "sales", "mail", "post", "service", "team",
                  "support", "admin", "billing", "accounts", "buchhaltung", "verwaltung", "empfang", "orders",
                  "shop", "bestellung", "noreply", "no-reply", "webmaster", "marketing", "hallo", "bonjour", "hola",
                  "ciao", "contacto", "contatto", "welcome", "enquiries", "inquiries"}


@lru_cache(maxsize=1)
def _consumer_mail() -> tuple[frozenset[str], frozenset[str]]:
    """(whole domains, names under any top-level domain) of `consumer_mail_domains.txt`."""
    lines = resource_path("reference", "consumer_mail_domains.txt").read_text(encoding="utf-8").splitlines()
    entries = [line.strip().lower() for line in lines if line.strip() and not line.startswith("#")]
    return (frozenset(e for e in entries if not e.endswith(".*")),
            frozenset(e[:-2] for e in entries if e.endswith(".*")))


@lru_cache(maxsize=100_000)
def consumer_mail_domain(domain: str) -> bool:
    """A provider of private mailboxes ('gmail.com', 'web.de', 'yahoo.co.uk'), not an organisation's own domain."""
    whole, named = _consumer_mail()
    return domain in whole or domain.split(".", 1)[0] in named


@lru_cache(maxsize=500_000)
def name_key(text: str | None) -> str:
    """'Müller-Lüdenscheidt' → 'mueller luedenscheidt', 'J.' → 'j', '' → ''."""
    if not text:
        return ""
    folded = fold_german(text).replace("-", " ").replace("'", "").replace("’", "")
    return _SPACES.sub(" ", _NOT_NAME.sub(" ", folded)).strip()


@dataclass(frozen=True)
class PersonName:
    first: str  # name key of the first name(s)
    last: str  # name key of the surname, without a generation suffix
    middle: str
    generation: str  # jr / sr / ii / iii / iv, or ''


def person_name(first: str | None, middle: str | None, last: str | None, suffix: str | None) -> PersonName:
    """Split a generation suffix off the surname ('Smith Jr.' → 'smith', 'jr') and noise off first names."""
    generation = GENERATIONS.get(name_key(suffix).replace(" ", ""), "") if suffix else ""
    last_tokens = name_key(last).split()
    while len(last_tokens) > 1 and last_tokens[-1] in GENERATIONS:
        generation = generation or GENERATIONS[last_tokens[-1]]
        last_tokens.pop()
    first_tokens = [t for t in name_key(first).split() if t not in _NAME_NOISE] or name_key(first).split()
    return PersonName(" ".join(first_tokens), " ".join(last_tokens), name_key(middle), generation)


# ---------------------------------------------------------------------- nicknames


@lru_cache(maxsize=1)
def _nickname_rows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each row of the nickname table as name keys: (the formal name, its short forms)."""
    with resource_path("reference", "nicknames.csv").open(encoding="utf-8", newline="") as handle:
        return tuple((name_key(row["canonical"]), tuple(name_key(v) for v in row["variants"].split("|")))
                     for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def _nickname_table() -> dict[str, frozenset[int]]:
    """Name key → the nickname groups it belongs to (a group: a formal name and its short forms)."""
    groups: dict[str, set[int]] = {}
    for number, (canonical, variants) in enumerate(_nickname_rows()):
        for key in (canonical, *variants):
            if key:
                groups.setdefault(key, set()).add(number)
    return {key: frozenset(value) for key, value in groups.items()}


@lru_cache(maxsize=100_000)
def nickname_groups(first: str) -> frozenset[int]:
    """The nickname groups of a first-name key; a double name counts by its first part too."""
    table = _nickname_table()
    found = table.get(first)
    if found is None and " " in first:
        found = table.get(first.split(" ", 1)[0])
    return found or frozenset()


@lru_cache(maxsize=1)
def _formal_names() -> dict[str, frozenset[str]]:
    """Name key of a short form → the keys of the full names it stands for ('pepe' → {'jose'})."""
    formal: dict[str, set[str]] = {}
    for canonical, variants in _nickname_rows():
        for key in variants:
            if key and canonical and key != canonical:
                formal.setdefault(key, set()).add(canonical)
    return {key: frozenset(value) for key, value in formal.items()}


@lru_cache(maxsize=65_536)
def formal_initials(first: str) -> frozenset[str]:
    """The initials of the full names a short form stands for ('ted' → {'e'} for Edward)."""
    return frozenset(name[0] for name in _formal_names().get(first, ()) if name)


def short_form_of(short: str, full: str) -> bool:
    """Is first name `short` a nickname or short form of the full name `full` ('Pepe' of 'José')?"""
    return name_key(full) in _formal_names().get(name_key(short), frozenset())


NEAR_NICKNAME_LETTERS = 4  # a name this long or longer may be a table name with one slip


@lru_cache(maxsize=100_000)
def nickname_groups_near(first: str) -> frozenset[int]:
    """`nickname_groups`, and for a slip of the keys that is no given name of its own, the groups
    of the table's names one slip away ('Alxandra' is Alexandra's, 'Tohmas' Thomas's)."""
    found = nickname_groups(first)
    if found or len(first) < NEAR_NICKNAME_LETTERS or " " in first or known_given_name(first):
        return found
    table = _nickname_table()
    near = process.extract(first, _nickname_names(), scorer=OSA.distance, score_cutoff=1, limit=None)
    return frozenset().union(*(table[name] for name, _distance, _index in near))


@lru_cache(maxsize=1)
def _nickname_names() -> tuple[str, ...]:
    return tuple(sorted(_nickname_table()))


def known_given_name(key: str) -> bool:
    """A first-name key ('juergen', 'ida') that is a common given name or in the nickname table."""
    if not key:
        return False
    names = given_names()
    return key in names or _without_umlauts(key) in names or bool(nickname_groups(key))


def _without_umlauts(key: str) -> str:
    """Name keys write umlauts out ('juergen'); the given-name list folds them away ('jurgen')."""
    return key.replace("ae", "a").replace("oe", "o").replace("ue", "u")


# ---------------------------------------------------------------------- companies


def _form_tokens(text: str) -> tuple[str, ...]:
    """Folded words, every connector written as '&' ('GmbH und Co. KG' is 'GmbH & Co. KG')."""
    return tuple("&" if token in _CONNECTORS else token
                 for token in re.findall(r"[a-z0-9&/+]+", fold(text).replace(".", "")))


@lru_cache(maxsize=1)
def _legal_forms() -> tuple[tuple[str, ...], ...]:
    lines = resource_path("reference", "legal_forms.txt").read_text(encoding="utf-8").splitlines()
    forms = {_form_tokens(line) for line in lines if line.strip() and not line.startswith("#")}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


@lru_cache(maxsize=1)
def _legal_forms_by_end() -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """First word → the positions in `_legal_forms()` of forms starting with it; last word → ending."""
    first: dict[str, list[int]] = {}
    last: dict[str, list[int]] = {}
    for index, form in enumerate(_legal_forms()):
        first.setdefault(form[0], []).append(index)
        last.setdefault(form[-1], []).append(index)
    return first, last


_CONNECTORS = {"&", "and", "und", "et", "y", "en", "e", "+"}
_ARTICLES = {"the", "die", "der", "das", "le", "la", "les", "el", "il", "de", "het"}
MISTYPED_FORM_LENGTH = 4  # a one-word legal form at least this long is known with one slip in it


@lru_cache(maxsize=1)
def _one_word_forms() -> frozenset[str]:
    return frozenset(form[0] for form in _legal_forms() if len(form) == 1 and len(form[0]) >= MISTYPED_FORM_LENGTH)


def _mistyped_form(token: str) -> bool:
    """A company's last word that is a legal form with one slip: 'limitrd', 'gmeh', 'corpp' (a short
    one only with its first and last letters right: 'core' is no 'corp')."""
    if len(token) < MISTYPED_FORM_LENGTH:
        return False
    return any(OSA.distance(token, form) <= 1 and (min(len(token), len(form)) > MISTYPED_FORM_LENGTH
                                                   or (token[0], token[-1]) == (form[0], form[-1]))
               for form in _one_word_forms())


@lru_cache(maxsize=200_000)
def company_key(text: str | None) -> str:
    """'The Smith & Jones Trading Co., Ltd.' → 'smith jones trading'."""
    if not text:
        return ""
    tokens = list(_form_tokens(text.replace("(", " ").replace(")", " ").replace(",", " ")))
    forms = _legal_forms()
    by_end = _legal_forms_by_end()
    changed = True
    while changed and tokens:
        changed = False
        # Only the forms that end like the name or start like it can match, longest first.
        for form in [forms[k] for k in sorted({*by_end[0].get(tokens[0], ()), *by_end[1].get(tokens[-1], ())})]:
            size = len(form)
            if len(tokens) > size and tuple(tokens[-size:]) == form:
                del tokens[-size:]
                changed = True
                break
            if len(tokens) > size and tuple(tokens[:size]) == form:
                del tokens[:size]
                changed = True
                break
    if len(tokens) > 1 and _mistyped_form(tokens[-1]):
        tokens.pop()  # 'Solutions Cook Limitrd', 'Bähr GmeH'
    while len(tokens) > 1 and tokens[0] in _ARTICLES:
        tokens.pop(0)
    core = [t for t in tokens if t not in _CONNECTORS]
    return " ".join(core or tokens)


# ---------------------------------------------------------------------- addresses


@lru_cache(maxsize=1)
def _street_words() -> dict[str, dict[str, str]]:
    """Language → abbreviation → full word, all folded ('str' → 'strasse')."""
    table: dict[str, dict[str, str]] = {}
    with resource_path("reference", "street_abbreviations.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            short = fold(row["abbreviation"]).rstrip(".")
            table.setdefault(row["language"], {})[short] = fold(row["full"])
    return table


_COUNTRY_LANGUAGE = {"DE": "de", "AT": "de", "CH": "de", "LI": "de", "NL": "nl", "BE": "nl", "FR": "fr", "LU": "fr",
                     "MC": "fr", "ES": "es", "IT": "it", "SM": "it", "US": "en", "GB": "en", "IE": "en", "CA": "en",
                     "AU": "en", "NZ": "en"}
_HOUSE = re.compile(r"^\d+[a-z]?$|^\d+[a-z]?[-/]\d*[a-z]?$")
_STREET_TOKEN = re.compile(r"[a-z0-9/]+\.?")


@dataclass(frozen=True)
class AddressKey:
    street: str  # street name, folded and with abbreviations written out
    house: str
    postcode: str
    city: str
    country: str

    def is_empty(self) -> bool:
        return not (self.street or self.postcode or self.city)


@lru_cache(maxsize=100_000)
def _expand(token: str, language: str) -> str:
    words = _street_words()
    bare = token.rstrip(".")
    order = [language, *(lang for lang in words if lang != language)]
    for lang in order:
        full = words.get(lang, {}).get(bare)
        if full:
            return full
    # German compounds: 'Goethestr.' is 'Goethestraße'.
    if language == "de" and len(bare) > 4 and bare.endswith("str"):
        return bare[:-3] + "strasse"
    return bare


@lru_cache(maxsize=200_000)
def street_key(street: str | None, country: str | None = None) -> tuple[str, str]:
    """('Goethestr. 12a', 'DE') → ('goethestrasse', '12a'); ('12, R. de la Paix', 'FR') → ('rue de la paix', '12')."""
    if not street:
        return "", ""
    language = _COUNTRY_LANGUAGE.get((country or "").upper(), "en")
    tokens = _STREET_TOKEN.findall(fold(street).replace(",", " "))
    house = ""
    names: list[str] = []
    for index, token in enumerate(tokens):
        bare = token.rstrip(".")
        if not house and _HOUSE.match(bare):
            house = bare
            continue
        # '12 a' → '12a'
        if house and token == bare and len(bare) == 1 and bare.isalpha() and tokens[index - 1].rstrip(".") == house:
            house += bare
            continue
        names.append(_expand(token, language))
    return " ".join(n for n in names if n), house


def postcode_key(postcode: str | None) -> str:
    return "".join(c for c in (postcode or "").upper() if c.isalnum())


def city_key(city: str | None) -> str:
    return name_key(city)


def address_key(street: str | None, postcode: str | None, city: str | None, country: str | None) -> AddressKey:
    name, house = street_key(street, country)
    return AddressKey(name, house, postcode_key(postcode), city_key(city), (country or "").upper())


def forget_raw_values() -> None:
    """Empty the caches of keys of values as read (10^6 customers fill them with 10^5s of
    entries); what comparing asks for, such as nickname groups, stays."""
    for cached in (name_key, company_key, street_key, _expand):
        cached.cache_clear()


# ---------------------------------------------------------------------- e-mails, phones, identifiers


def email_key(normalized: str | None) -> str:
    """The mailbox an address reaches: case, +tags and ignored dots removed."""
    if not normalized or "@" not in normalized:
        return ""
    return match_key(normalized.strip())


_MAILBOX_WORDS = re.compile(r"[a-z]+")


_TRAILING_YEAR = re.compile(r"(?<![0-9])(?:19|20)?([0-9]{2})$")


def mailbox_year(email: str) -> str | None:
    """The two digits a mailbox name ends in, as a birth year would be written: 'anna.berg85@…',
    'a.berg1985@…' → '85'; None for 'anna7@…' or 'anna2024x@…'."""
    found = _TRAILING_YEAR.search(email.partition("@")[0].partition("+")[0])
    return found.group(1) if found else None


def _first_name_itself(word: str, first: str) -> bool:
    """A mailbox word that is the first name: a slip apart, or a nickname of it."""
    from rapidfuzz.distance import OSA

    if word == first:
        return True
    if min(len(word), len(first)) >= 4 and OSA.distance(word, first) <= 1:
        return True
    return bool(nickname_groups(word) & nickname_groups(first))


def mailbox_words(email: str, first: str) -> tuple[str, ...]:
    """Words of a mailbox name that may be a surname: 'dghoerle@…' with first name 'dana' → 'ghoerle'."""
    local = email.partition("@")[0]
    found: set[str] = set()
    compact_first = first.replace(" ", "")
    for word in _MAILBOX_WORDS.findall(local):
        if word in ROLE_MAILBOXES:
            continue
        if compact_first and _first_name_itself(word, compact_first):
            continue  # 'luke98@' for a 'Luek': the first name, mistyped or short, says nothing of the surname
        if len(word) >= 3 and word != compact_first:
            found.add(word)
        if compact_first and word.startswith(compact_first) and len(word) - len(compact_first) >= 3:
            found.add(word[len(compact_first):])
        if compact_first and word.endswith(compact_first) and len(word) - len(compact_first) >= 3:
            found.add(word[:-len(compact_first)])
        if compact_first and word[0] == compact_first[0] and len(word) >= 5:
            found.add(word[1:])
    return tuple(sorted(found))


def phone_key(e164: str | None, number: str | None = None) -> str:
    """E.164 when the number could be read; else its digits, if there are enough to mean something."""
    if e164:
        return e164
    digits = "".join(c for c in (number or "") if c.isdigit())
    return digits if len(digits) >= 6 else ""


def identifier_key(value: object) -> str:
    return "".join(c for c in str(value or "").upper() if c.isalnum())


def date_key(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def comparable(field: str, value: Any) -> tuple[Any, ...]:
    """The comparable form(s) of a value as stored on a customer, for one field; () when empty.

    Used where one pair is looked at on its own (tests, a steward's what-if); bulk matching
    builds the same forms in `features.py`.
    """
    if value is None or value == "" or value == []:
        return ()
    if isinstance(value, list | tuple) and field != "address":
        return tuple(v for item in value for v in comparable(field, item))
    if field == "first_name":
        return tuple(filter(None, (person_name(value, None, None, None).first,)))
    if field == "last_name":
        return tuple(filter(None, (person_name(None, None, value, None).last,)))
    if field == "generation":
        return tuple(filter(None, (person_name(None, None, "x", value).generation,)))
    if field == "birth_date":
        found = date_key(value)
        return (found,) if found else ()
    if field == "company":
        return tuple(filter(None, (company_key(value),)))
    if field == "email":
        return tuple(filter(None, (email_key(str(value).strip().lower()),)))
    if field == "phone":
        return tuple(filter(None, (phone_key(None, value) if not str(value).startswith("+") else value,)))
    if field == "address":
        parts = [value] if isinstance(value, dict) else list(value)
        keys = [address_key(p.get("street"), p.get("postcode"), p.get("city"), p.get("country")) for p in parts]
        return tuple(k for k in keys if not k.is_empty())
    if field == "identifier":
        return tuple(filter(None, (identifier_key(value),)))
    raise ValueError(f"no comparable form for {field!r}")
