"""A whole address in one cell → street, street 2, postcode, city, region, country.

Exports write an address in one cell in a few ways: lines ("Hauptstraße 5\\n10115 Berlin"),
parts separated by commas ("12 rue de la Paix, 75002 Paris, France"), or, as Mailchimp does,
by two spaces ("123 Main St  Apt 4  Springfield  IL  62704  US": street, street 2, city, region,
postcode, country, each possibly empty). The parts are told apart by the postcode, written the
way its country writes it: before the city on the Continent ("75002 Paris", "1234 AB Amsterdam",
"CH-8001 Zürich"), after the city and the state in the US and Canada ("Springfield, IL 62704",
"Toronto ON M5H 2N2"), on its own in Britain ("London", "SW1A 2AA").

What cannot be told apart stays together in the street, and the result says it is not complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from workbench.standardize.countries import country_code


@dataclass(frozen=True)
class AddressParts:
    street: str | None = None
    street2: str | None = None
    postcode: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None  # as written in the cell ("Deutschland", "US")
    complete: bool = True  # False: no postcode or city could be found; the text is kept in the street


_NORTH_AMERICA = {"US", "CA"}
_POSTCODE_LAST = {"US", "CA", "GB", "IE", "AU", "NZ"}  # countries that write the postcode after the city
_MAILCHIMP_FIELDS = 6
# A postcode before the city: 5 or 4 digits (the Polish, Swedish, Portuguese forms too),
# optionally after a country letter ("D-10115", "CH-8001"); in the Netherlands with two letters
# ("1234 AB", which elsewhere could be a postcode and a city: "1310 LA HULPE" in Belgium).
_DIGITS_POSTCODE = r"(?:[A-Z]{1,3}-)?(?:\d{2}-\d{3}|\d{4}-\d{3}|\d{3}\s\d{2}|\d{4,5})"
_DUTCH_POSTCODE = r"\d{4}\s?[A-Z]{2}(?=\s|$)"


def _continental(pattern: str, flags: int = 0) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (re.compile(rf"^(?P<postcode>{pattern})\s+(?P<city>[^\d\s].*)$", flags),
            re.compile(rf"^(?P<street>.*?\d+\s?[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?)\s+(?P<postcode>{pattern})\s+"
                       r"(?P<city>[^\d\s].*)$", flags))


_POSTCODE_CITY, _STREET_POSTCODE_CITY = _continental(_DIGITS_POSTCODE)
_DUTCH_FORMS = {"NL": _continental(_DUTCH_POSTCODE, re.IGNORECASE), None: _continental(_DUTCH_POSTCODE)}
_CITY_REGION_ZIP = re.compile(r"^(?P<city>.*?)[\s,]*\b(?P<region>[A-Z]{2})\.?\s+(?P<postcode>\d{5}(?:-\d{4})?)$")
_CITY_REGION_CA = re.compile(r"^(?P<city>.*?)[\s,]*\b(?P<region>[A-Z]{2})\s+(?P<postcode>[A-Z]\d[A-Z]\s?\d[A-Z]\d)$",
                             re.IGNORECASE)
_CITY_GB = re.compile(r"^(?P<city>.*?)[\s,]*\b(?P<postcode>[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})$", re.IGNORECASE)
_POSTCODE_ALONE = re.compile(rf"^(?:{_DIGITS_POSTCODE}|{_DUTCH_POSTCODE}|\d{{5}}-\d{{4}}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|"
                             r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})$", re.IGNORECASE)
_COUNTRY_PREFIX = re.compile(r"^([A-Z]{1,3})-\d")
_HOUSE_NUMBER = re.compile(r"^\d{1,3}\s?[A-Za-z]?(?:\s?[-/]\s?\d{1,3}[A-Za-z]?)?$")  # "66", "12a", "12-14"
_ITALIAN_PROVINCE = re.compile(r"^(?P<city>.*?)\s*\(?(?P<region>[A-Z]{2})\)?$")
_FLAT = re.compile(r"^(?:apt|apartment|flat|unit|suite|ste|appt|appartement|app|wohnung|whg|piso|apto|dpto)\.?\s*\S*$",
                   re.IGNORECASE)  # "Apt 4", "Flat 2B", "Unit 7": a flat in a building, not its street
_COUNTY = re.compile(r"^(?:Co\.?|County)\s+([A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)$")  # Irish and British counties
_SEPARATORS = re.compile(r"\s*[,;|]\s*")
_TWO_SPACES = re.compile(r"\S {2,}\S")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)  # web apps that write an address's lines as HTML


def _split(text: str) -> list[str]:
    if "\n" in text:
        lines = [line for line in text.splitlines()]
        parts = [part for line in lines for part in _SEPARATORS.split(line.strip())]
    elif _TWO_SPACES.search(text):
        parts = [part for chunk in re.split(r" {2,}", text) for part in _SEPARATORS.split(chunk.strip())]
    else:
        parts = _SEPARATORS.split(text)
    parts = [" ".join(part.split()) for part in parts]
    parts = [part for part in parts if part]
    merged: list[str] = []
    for part in parts:
        # "Calle de Alcalá, 66": a house number after a comma belongs to the street before it.
        if merged and _HOUSE_NUMBER.match(part) and not _POSTCODE_ALONE.match(part):
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


def _mailchimp(text: str) -> AddressParts | None:
    """Mailchimp's fixed order, two spaces between the fields, empty fields kept."""
    if "\n" in text or "  " not in text:
        return None
    fields = [" ".join(f.split()) or None for f in text.strip().split("  ")]
    if len(fields) == _MAILCHIMP_FIELDS:
        street, street2, city, region, postcode, country = fields
        if not (street and (city or postcode)):
            return None
        return AddressParts(street, street2, postcode, city, region, country)
    return _fields_from_the_end([f for f in fields if f])


_COUNTRY_FIELD = re.compile(r"^[A-Z]{2}$")
_REGION_FIELD = re.compile(r"^[A-Z]{2,3}$")
_POSTCODE_FIELD = re.compile(r"^(?=.*\d)[A-Z0-9][A-Z0-9 -]{2,9}$", re.IGNORECASE)


def _fields_from_the_end(fields: list[str]) -> AddressParts | None:
    """The same order with empty fields left out ("Lange Voorhout 12  Den Haag  2511 CV  NL"): read
    from the end, where country, postcode and region are told by their form, then city, then streets."""
    if not 2 <= len(fields) <= 5:
        return None
    rest = list(fields)
    country = rest.pop() if len(rest) > 2 and _COUNTRY_FIELD.match(rest[-1]) else None
    postcode = rest.pop() if len(rest) > 1 and _POSTCODE_FIELD.match(rest[-1]) else None
    region = rest.pop() if len(rest) > 2 and _REGION_FIELD.match(rest[-1]) else None
    city = rest.pop() if len(rest) > 1 else None
    if not rest or not (city or postcode) or len(rest) > 2:
        return None
    return AddressParts(rest[0], rest[1] if len(rest) > 1 else None, postcode, city, region, country)


def _streets(head: list[str]) -> tuple[str | None, str | None]:
    """The street is the first line with a house number (a flat's is none); a line before it (a
    company, "c/o …", "Apt 4") goes to the second line."""
    if not head:
        return None, None
    numbered = next((i for i, part in enumerate(head) if any(c.isdigit() for c in part)
                     and not _FLAT.match(part)), None)
    if numbered is None:  # "Apt 4, The Docks": the flat's number is no house number; the street is the other line
        numbered = next((i for i, part in enumerate(head) if not _FLAT.match(part)), 0)
    street = head[numbered]
    rest = head[:numbered] + head[numbered + 1:]
    return street, ", ".join(rest) or None


def _match_postcode(part: str, country: str | None, index: int) -> dict[str, str | None] | None:
    """The postcode (and the city and region written with it) in one part of the address."""
    forms: list[re.Pattern[str]] = []
    if country in _NORTH_AMERICA or country is None:
        forms += [_CITY_REGION_ZIP, _CITY_REGION_CA]
    if country in ("GB", "IE") or country is None:
        forms.append(_CITY_GB)
    if country in _DUTCH_FORMS:
        forms.append(_DUTCH_FORMS[country][0])
    if country not in _POSTCODE_LAST:
        forms.append(_POSTCODE_CITY)
    for form in forms:
        match = form.match(part)
        if match:
            found = match.groupdict()
            if form is _CITY_GB and not found["city"] and country is None and index == 0:
                continue
            return found
    if _POSTCODE_ALONE.match(part):
        return {"postcode": part}
    return None


def place_parts(text: str, country: str | None = None) -> dict[str, str | None] | None:
    """The postcode and the city (and a region) of a "PLZ/Ort" cell: "1010 Wien", "1012 AB Amsterdam",
    "Springfield, IL 62704", "London SW1A 2AA"; None when the cell is not one postcode with its place."""
    found = _match_postcode(" ".join(text.split()), (country or "").upper() or None, 1)
    return found if found and found.get("postcode") and found.get("city") else None


@lru_cache(maxsize=16384)
def parse_address(text: str, country: str | None = None) -> AddressParts:
    """Split one address cell; `country` (ISO code) is the row's or the import's, for reading postcodes."""
    text = _HTML_BREAK.sub("\n", text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return AddressParts(complete=False)
    mailchimp = _mailchimp(text)
    if mailchimp is not None:
        return mailchimp
    parts = _split(text)
    written_country = None
    if len(parts) > 1 and country_code(parts[-1]):
        written_country = parts.pop()
    code = country_code(written_country) if written_country else (country or "").upper() or None

    if len(parts) == 1:
        match = None
        if code in _DUTCH_FORMS:
            match = _DUTCH_FORMS[code][1].match(parts[0])
        if match is None and code not in _POSTCODE_LAST:
            match = _STREET_POSTCODE_CITY.match(parts[0])
        if match is None:
            place = place_parts(parts[0], code)  # "1010 Wien": the place alone, no street
            if place is not None:
                return AddressParts(postcode=place["postcode"], city=place["city"], region=place.get("region"),
                                    country=written_country)
            return AddressParts(street=parts[0], country=written_country, complete=False)
        found: dict[str, str | None] = match.groupdict()
        return _finish(found, [found.pop("street") or ""], [], written_country, code)

    for index in range(len(parts) - 1, 0, -1):
        found_at = _match_postcode(parts[index], code, index)
        if found_at is not None:
            return _finish(found_at, parts[:index], parts[index + 1:], written_country, code)
    region = None
    if len(parts) > 2 and _COUNTY.match(parts[-1]):  # "Main St, Ennistymon, Co. Clare": the county after the town
        region = _COUNTY.match(parts.pop()).group(1)
    street, street2 = _streets(parts[:-1])
    return AddressParts(street=street, street2=street2, city=parts[-1], region=region, country=written_country)


def _finish(found: dict[str, str | None], head: list[str], tail: list[str], written_country: str | None,
            code: str | None) -> AddressParts:
    postcode = found.get("postcode")
    city = found.get("city") or None
    region = found.get("region") or None
    head, tail = list(head), list(tail)
    if city is None and tail:  # "75002, Paris"
        city = tail.pop(0)
    if city is None and len(head) > 1:
        city = head.pop()
        # Mailchimp-like "street, city, region, postcode": a short capitalised part before the postcode is the region.
        if region is None and len(head) > 1 and city.isupper() and len(city) <= 3:
            region, city = city, head.pop()
    if region is None and tail:
        region = tail.pop(0)
    if city and region is None and code == "IT":  # "00184 Roma RM", "00184 Roma (RM)"
        match = _ITALIAN_PROVINCE.match(city)
        if match and match.group("city"):
            city, region = match.group("city"), match.group("region")
    if written_country is None and postcode:
        prefix = _COUNTRY_PREFIX.match(postcode)
        if prefix and country_code(prefix.group(1)):
            written_country = prefix.group(1)
    street, street2 = _streets(head)
    extra = ", ".join(tail)
    if extra:
        street2 = f"{street2}, {extra}" if street2 else extra
    return AddressParts(street, street2, postcode, city, region, written_country, complete=bool(city))
