"""Country names and codes → ISO 3166-1 alpha-2.

A country cell is written in many ways: a code ("FR", "FRA", "fr"), a name in the customer's
or the shop's language ("Frankreich", "Francia", "République française"), both at once
("France (FR)"), or the names of a multilingual country side by side ("België / Belgique").
The names come from `resources/reference/countries.csv`, then from `country_names_cldr.csv` (the Unicode
CLDR's names in some eighty languages: "Německo", "საქართველო", "Ujerumani"), then from phonenumbers'
short forms ("السعودية"). A value that names no country, or names two, gives None: the caller keeps what
was typed and flags it, rather than guess.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from phonenumbers.geodata.locale import LOCALE_DATA
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from workbench.paths import resource_path
from workbench.text import fold

# Where one cell gives a country twice: "France (FR)", "België / Belgique", "DE - Deutschland".
_PARTS = re.compile(r"\s*(?:[()\[\]/|;,]|\s-\s)\s*")
# A misspelt name is read only when one letter is off, and only in a long name: "Deutchland"
# is Germany, but "Irak"/"Iran" or "Niger"/"Nigeria" are too close to tell.
_TYPO_MIN_LENGTH = 7
# A code written with dots or slashes is read only as a known spelling ("U.K.", "U.S."): "N/A" and
# "n.a." mean no value, not Namibia.
_SHORT = 3
# Languages whose everyday short names of countries phonenumbers carries where CLDR gives the long ones.
_SHORT_FORMS = ("ru", "uk", "be", "bg", "sr", "mk", "el", "ja", "zh", "ko", "th", "he", "ar", "fa", "hi", "tr", "vi")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    dotted: dict[str, str] = {}
    with resource_path("reference", "countries.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["alpha2"]
            names[code] = row["name"]
            for alias in [code, row["alpha3"], row["name"], *filter(None, row["aliases"].split("|"))]:
                key = _key(alias)
                lookup.setdefault(key, code)
                if len(key) <= _SHORT and not alias.isalpha():
                    dotted.setdefault(_compact(alias).rstrip("."), code)  # "U.S.A." also without its last dot
    lines = resource_path("reference", "country_names_cldr.csv").read_text(encoding="utf-8").splitlines()
    for row in csv.DictReader(line for line in lines if not line.startswith("#")):  # 'Россия', 'ドイツ', 'Německo' …
        if row["alpha2"] in names:
            for alias in filter(None, row["names"].split("|")):
                lookup.setdefault(_key(alias), row["alpha2"])
    for code, by_language in LOCALE_DATA.items():  # phonenumbers' short forms: 'السعودية' beside CLDR's long one
        if code in names:
            for language in _SHORT_FORMS:
                alias = by_language.get(language, "*")
                if not alias.startswith("*"):
                    lookup.setdefault(_key(alias), code)
    return lookup, names, dotted


@lru_cache(maxsize=1)
def _long_names() -> tuple[list[str], list[str]]:
    lookup = _table()[0]
    keys = [key for key in lookup if len(key) >= _TYPO_MIN_LENGTH - 1]
    return keys, [lookup[key] for key in keys]


def _compact(text: str) -> str:
    return "".join(fold(text).split())


def _key(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _misspelt(key: str) -> str | None:
    """The one country a long name is a single typo away from, else None."""
    if len(key) < _TYPO_MIN_LENGTH or key.isdigit():
        return None
    keys, codes = _long_names()
    found = extract(key, keys, scorer=Levenshtein.distance, score_cutoff=1, limit=8)
    candidates = {codes[index] for _key_, _distance, index in found}
    return candidates.pop() if len(candidates) == 1 else None


@lru_cache(maxsize=4096)
def country_code(value: str | None) -> str | None:
    """'Deutschland', 'DEU', 'de', 'Germany', 'France (FR)', 'Schweiz/Suisse' → the code; unknown → None."""
    if not value:
        return None
    lookup, _names, dotted = _table()
    key = _key(value)
    if len(key) <= _SHORT and not value.strip().isalpha():
        return dotted.get(_compact(value).rstrip("."))
    found = lookup.get(key)
    if found or not key:
        return found
    parts = [part for part in _PARTS.split(value) if _key(part)]
    if len(parts) > 1:
        codes = {lookup.get(_key(part)) for part in parts}
        # Every part must name the same country: "Korea, Republic of" is read whole or not at all.
        return codes.pop() if len(codes) == 1 and None not in codes else None
    return _misspelt(key)


def country_name(code: str | None) -> str | None:
    return _table()[1].get(code or "")
