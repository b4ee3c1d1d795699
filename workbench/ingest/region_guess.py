"""Which country a file's phone numbers are from, when nobody said: what the file itself shows.

A list kept in one country rarely says so in every row. Its numbers are written the national
way ("087 123 4567"), and only the country makes them numbers. The file tells it by its country
column (most rows in one country), by postcodes written the way only one country writes them
(an Eircode, a Canadian or British postcode, "1012 AB", "00-950"), by its numbers that do carry
a country code, or by headings in a script or a language written in one country only — or in a language
of a few countries, the one of them where its numbers written the national way are numbers. The guess is shown in
the import dialog, where the user can change it, and it comes after whatever the user, the
recognised system, the source or the master said.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

import phonenumbers
from phonenumbers import UNKNOWN_REGION, NumberParseException, region_code_for_country_code

from workbench.ingest.heading_words import normalize_heading, vocabulary
from workbench.standardize.contacts import calling_code_region
from workbench.standardize.countries import country_code
from workbench.text import country_of_script

# Postcodes only one country writes so (a US ZIP or a German PLZ is five digits like many others).
_POSTCODE_FORMS = (
    ("IE", re.compile(r"^[AC-FHKNPRTV-Y]\d{2}\s?[0-9AC-FHKNPRTV-Y]{4}$", re.IGNORECASE)),
    ("CA", re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d$", re.IGNORECASE)),
    ("GB", re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}$", re.IGNORECASE)),
    ("NL", re.compile(r"^[1-9]\d{3}\s?[A-Z]{2}$", re.IGNORECASE)),
    ("PL", re.compile(r"^\d{2}-\d{3}$")),
    ("PT", re.compile(r"^\d{4}-\d{3}$")),
    ("BR", re.compile(r"^\d{5}-\d{3}$")),
    ("JP", re.compile(r"^\d{3}-\d{4}$")),
)
_SHARE = 0.8  # of the values that say anything


def _one(found: Iterable[str | None], total: int) -> str | None:
    counts = Counter(code for code in found if code)
    if not counts or not total:
        return None
    code, count = counts.most_common(1)[0]
    return code if count >= _SHARE * total else None


def _postcode_country(value: str) -> str | None:
    codes = {code for code, form in _POSTCODE_FORMS if form.match(value.strip())}
    return codes.pop() if len(codes) == 1 else None


def _number_country(value: str) -> str | None:
    """The country of a number written with its country code ('+353 87 123 4567')."""
    try:
        region = region_code_for_country_code(phonenumbers.parse(value.lstrip("'"), None).country_code)
        return None if region == UNKNOWN_REGION else region
    except NumberParseException:
        return None


def guess_region(columns: list[str], mapping: dict[str, str | None], samples: dict[str, list[str]]) -> str | None:
    """The one country the file's own values point to, else None."""
    def values(*targets: str) -> list[str]:
        return [v for c in columns if _field(mapping.get(c)) in targets for v in samples.get(c, []) if v and v.strip()]

    countries = values("country")
    if countries:
        return _one(map(country_code, countries), len(countries))
    codes = values("phone:code")
    numbers = values("phone", "mobile")
    phones = [v for v in numbers if v.lstrip("'( ").startswith(("+", "00"))]
    national = [v for v in numbers if v not in phones]
    postcodes = values("postcode")
    return (_one(map(calling_code_region, codes), len(codes)) if codes else None) \
        or (_one(map(_postcode_country, postcodes), len(postcodes)) if postcodes else None) \
        or (_one(map(_number_country, phones), len(phones)) if len(phones) >= 3 else None) \
        or country_of_script(columns) or _country_of_language(columns, national)


def _field(target: str | None) -> str | None:
    """'postcode:billing' → 'postcode'; a calling-code column keeps its kind apart from the phones."""
    if not target or target == "phone:code":
        return target
    return target.partition(":")[0]


_SECTION_COUNTRIES = re.compile(r"^#.*· phones ((?:[A-Z]{2}\s*)+)$")
_LANGUAGE_SHARE = 0.6  # of the headings in some language: a list's own words among borrowed ones
# Countries of a language too small to be told from a number: Luxembourg's, Monaco's … numbers of any
# length are numbers, so they would win whatever the file holds.
_MICROSTATES = {"LU", "MC", "LI", "SM", "VA", "AD"}


@cache
def _language_countries() -> dict[str, tuple[str, ...]]:
    """Heading → the countries whose language it is in, from the vocabularies' sections marked
    "· phones XX …" (Estonian: EE; German: DE AT CH LU LI). A heading of several such sections
    ("E-mail", "Telefon", "Adresse") says no language."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for name in ("header_synonyms.csv", "header_synonyms_languages.csv"):
        for section, _target, headings in vocabulary(name):
            countries = _SECTION_COUNTRIES.match(section)
            if countries is not None:
                for heading in headings:
                    found.setdefault(normalize_heading(heading), set()).add(tuple(countries.group(1).split()))
    return {heading: next(iter(said)) for heading, said in found.items() if len(said) == 1}


def _country_of_language(columns: list[str], numbers: list[str]) -> str | None:
    """"Eesnimi", "Perenimi", "Märkused": two or more headings in the language of one country only; in
    a language of several countries ("Vorname", "Nachname", "Handy"), the one of them where the file's
    numbers written the national way ("0176 2345678") are numbers, and not in the others."""
    known = _language_countries()
    said = [known[key] for key in map(normalize_heading, columns) if key in known]
    if len(said) < 2:
        return None
    language, count = Counter(said).most_common(1)[0]
    if len(language) == 1:
        return language[0] if count >= _SHARE * len(said) else None
    if count < _LANGUAGE_SHARE * len(said):
        return None
    return _numbers_country(numbers, [country for country in language if country not in _MICROSTATES])


def _numbers_country(numbers: list[str], countries: list[str]) -> str | None:
    """The one of `countries` where (nearly) all of at least two national numbers are numbers, and
    more of them than in any other."""
    numbers = numbers[:12]
    if len(numbers) < 2 or not countries:
        return None
    valid = sorted(((sum(_valid(n, c) for n in numbers), c) for c in countries), reverse=True)
    best, winner = valid[0]
    second = valid[1][0] if len(valid) > 1 else 0
    return winner if best >= _SHARE * len(numbers) and best > second else None


def _valid(number: str, country: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, country))
    except NumberParseException:
        return False
