"""Street lines and postcodes written the way each country writes them.

Street-type abbreviations (Str., Ave, C/, V.le …) are expanded from
`resources/reference/street_abbreviations.csv`, in the language of the address's country and in
the position that language puts the street type: at the end in English, German and Dutch
("Hauptstr. 5", "12 Oak Ave"), at the start in French, Spanish and Italian ("Av. Foch",
"C/ Mayor 3"). Without a country nothing is expanded: "Str." is "Straße" in Berlin but
"Straat" in Utrecht.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from workbench.paths import resource_path

LANGUAGE_BY_COUNTRY = {
    **dict.fromkeys(("DE", "AT", "CH", "LI", "LU"), "de"),
    **dict.fromkeys(("NL", "BE", "SR"), "nl"),
    **dict.fromkeys(("FR", "MC"), "fr"),
    **dict.fromkeys(("ES", "MX", "AR", "CO", "CL", "PE"), "es"),
    **dict.fromkeys(("IT", "SM", "VA"), "it"),
    **dict.fromkeys(("US", "GB", "IE", "CA", "AU", "NZ", "ZA"), "en"),
}
TYPE_FIRST = {"fr", "es", "it"}
# Compound street names: "Hauptstr." is one word in German and Dutch.
SUFFIXES = {"de": (("str.", "straße"), ("str", "straße")), "nl": (("str.", "straat"),)}
_TOKEN = re.compile(r"\S+")


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    with resource_path("reference", "street_abbreviations.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["language"], {})[row["abbreviation"].lower()] = row["full"]
    return table


def _like(original: str, full: str) -> str:
    if sum(c.isalpha() for c in original) > 1 and original.isupper():
        return full.upper()
    return full[:1].upper() + full[1:] if original[:1].isupper() else full


def _is_word(token: str) -> bool:
    if token.isalpha():
        return True
    return any(c.isalpha() for c in token) and not any(c.isdigit() for c in token)


@lru_cache(maxsize=65536)
def expand_street(street: str | None, country: str | None) -> str | None:
    """'Hauptstr. 5' (DE) → 'Hauptstraße 5'; '12 Oak Ave' (US) → '12 Oak Avenue'; 'C/ Mayor 3' (ES) → 'Calle Mayor 3'."""
    language = LANGUAGE_BY_COUNTRY.get((country or "").upper())
    if not street or language is None:
        return street
    table = _abbreviations().get(language, {})
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(street)]
    # The street type is the first word (fr, es, it) or the last (en, de, nl); house numbers are not words.
    found = next((span for span in (spans if language in TYPE_FIRST else reversed(spans))
                  if _is_word(street[span[0]:span[1]].rstrip(","))), None)
    if found is None:
        return street
    start, end = found
    token = street[start:end]
    trailing = "," if token.endswith(",") else ""
    word = token[:-1] if trailing else token
    lower = word.lower()
    replacement = None
    if lower in table:
        replacement = _like(word, table[lower])
    else:
        for suffix, full in SUFFIXES.get(language, ()):
            if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
                stem = word[: len(word) - len(suffix)]
                if stem.endswith("-") and not word.isupper():
                    full = full[:1].upper() + full[1:]  # "Kaiser-Joseph-Str." → "Kaiser-Joseph-Straße"
                replacement = stem + (full.upper() if word.isupper() else full)
                break
    if replacement is None:
        return street
    if (country or "").upper() in ("CH", "LI"):  # Swiss German writes no ß: Seestrasse
        replacement = replacement.replace("ß", "ss")
    return street[:start] + replacement + trailing + street[end:]


# Country → (pattern of the digits/letters once spaces are removed, how to write it).
_POSTCODE_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "NL": (re.compile(r"^(\d{4})([A-Z]{2})$"), r"\1 \2"),
    "GB": (re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$"), r"\1 \2"),
    "CA": (re.compile(r"^([A-Z]\d[A-Z])(\d[A-Z]\d)$"), r"\1 \2"),
    "PL": (re.compile(r"^(\d{2})(\d{3})$"), r"\1-\2"),
    "PT": (re.compile(r"^(\d{4})(\d{3})$"), r"\1-\2"),
    "SE": (re.compile(r"^(\d{3})(\d{2})$"), r"\1 \2"),
    "CZ": (re.compile(r"^(\d{3})(\d{2})$"), r"\1 \2"),
    "US": (re.compile(r"^(\d{5})(\d{4})?$"), r"\1-\2"),
}
# Digit-only postcodes of a fixed length; a spreadsheet that stored them as numbers dropped the zeros.
_DIGITS = {"DE": 5, "FR": 5, "ES": 5, "IT": 5, "FI": 5, "US": 5, "MX": 5, "AT": 4, "CH": 4, "BE": 4, "DK": 4,
           "NO": 4, "LU": 4, "HU": 4, "AU": 4, "NZ": 4}


@lru_cache(maxsize=65536)
def format_postcode(postcode: str | None, country: str | None) -> tuple[str | None, bool]:
    """The postcode as the country writes it, and whether it has that country's shape."""
    if not postcode:
        return postcode, True
    text = postcode.strip().upper()
    code = (country or "").upper()
    if code and text.startswith(code + "-"):  # "D-80331", "CH-8001"
        text = text[len(code) + 1:]
    elif code == "DE" and text.startswith("D-"):
        text = text[2:]
    compact = text.replace(" ", "").replace("-", "")
    length = _DIGITS.get(code)
    if length and compact.isdigit() and length - 2 <= len(compact) < length:
        compact = compact.zfill(length)
    elif code == "US" and compact.isdigit() and len(compact) == 8:  # ZIP+4 that lost its zero
        compact = compact.zfill(9)
    rule = _POSTCODE_RULES.get(code)
    if rule:
        pattern, template = rule
        match = pattern.match(compact)
        if match:
            if code == "US" and match.group(2) is None:
                return match.group(1), True
            return match.expand(template), True
        return text, False
    if length:
        return (compact, True) if compact.isdigit() and len(compact) == length else (text, False)
    return text, True
