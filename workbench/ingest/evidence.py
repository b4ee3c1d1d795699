"""What a column's values are, and what they cannot be.

A heading can promise a phone number and deliver IP addresses ("Phone" next to "IP" in a
shuffled export, a sign-up form's technical columns). `classify` sorts a sample of a column's
values into classes (IP address, coordinate, id, amount, date, e-mail, phone, postcode …);
`contradicts` says, in words a shop owner understands, why the values cannot be what a target
needs. It only speaks when the values are clearly of another kind: a real phone, postcode or
name column of any country must never be refused, so each class is recognised by its own clear
shape, and the doubtful (a bare number that might be a phone stored as a number, a 7-digit
postcode) are left as "number", which contradicts no target that numbers can fill.

Costs: every value is classified once (cached); 200 values take well under a millisecond.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from workbench.standardize.address_cell import parse_address
from workbench.standardize.countries import country_code
from workbench.text import fold

# The classes, as `value_class` names them.
IP_ADDRESS, COORDINATE, UUID, HASH, OPAQUE_ID = "ip_address", "coordinate", "uuid", "hash", "opaque_id"
AMOUNT, TIMESTAMP, DATE, TIME_ZONE = "amount", "timestamp", "date", "time_zone"
EMAIL, PHONE, POSTCODE, COUNTRY, URL = "email", "phone", "postcode", "country", "url"
BOOLEAN, NUMBER, NAME, TEXT = "boolean", "number", "name", "text"
CLASSES = (IP_ADDRESS, COORDINATE, UUID, HASH, OPAQUE_ID, AMOUNT, TIMESTAMP, DATE, TIME_ZONE, EMAIL, PHONE,
           POSTCODE, COUNTRY, URL, BOOLEAN, NUMBER, NAME, TEXT)

# A class must hold this share of a column's (non-empty) values to speak for the column.
DOMINANT_SHARE = 0.8
# Running numbers are told only from this many values on: "1, 2" may be anything.
MIN_RUNNING = 5

_PLACEHOLDERS = {"n/a", "na", "n.a.", "n. a.", "-", "--", "---", "none", "null", "nil", "unknown", "keine",
                 "k.a.", "k. a.", "?", "nan", "#n/a", "."}
_EMAIL = re.compile(r"^(?:mailto:)?<?[^@\s<>,;]+@[^@\s<>,;]+\.[A-Za-z]{2,}>?$", re.IGNORECASE)
_URL = re.compile(r"^(?:(?:https?|ftp)://|www\.)\S+$|^[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}/\S*$", re.IGNORECASE)
_UUID = re.compile(r"^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$", re.IGNORECASE)
_HASH = re.compile(r"^(?:[0-9a-f]{24}|[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$", re.IGNORECASE)
# Octets without leading zeros: "089.123.45.67" is a phone number typed with dots, not an address.
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"^{_OCTET}(?:\.{_OCTET}){{3}}(?::\d{{1,5}})?$")
_IPV6_CHARS = re.compile(r"^\[?[0-9a-f:.]+\]?$", re.IGNORECASE)
_TZ_NAME = re.compile(r"^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)"
                      r"/[A-Za-z_\-+0-9]+(?:/[A-Za-z_\-]+)?$")
_TZ_OFFSET = re.compile(r"^(?:(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?|[+\-−](?:0\d|1[0-4]):?[0-5]\d)$")
_TZ_ABBREVIATIONS = {"UTC", "GMT", "CET", "CEST", "MEZ", "MESZ", "WET", "WEST", "EET", "EEST", "BST", "EST", "EDT",
                     "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "HST", "AEST", "AEDT", "JST", "IST"}
_TIMESTAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\s*(?:Z|[+\-]\d{2}:?\d{2}|UTC)?$"
                        r"|^\d{1,2}[./\-]\d{1,2}[./\-](?:19|20)?\d{2},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?$"
                        r"|^1[3-9]\d{11}$",  # milliseconds since 1970 (2011 to 2033)
                        re.IGNORECASE)
_MONTHS = (r"(?:jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|janv|f[ée]v|mars|avr|mai|juin|juil|"
           r"ao[uû]t|d[ée]c|ene|abr|ago|dic|gen|mag|giu|lug|set|ott|mrt|mei)[a-zéû]*\.?")
# A two-digit year only after slashes: "20.12.34" is a phone number in New Caledonia.
_DATE = re.compile(r"^(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\.?$"  # "1978.03.15." (Hungarian)
                   r"|^(?:0?[1-9]|[12]\d|3[01])\.\s(?:0?[1-9]|1[0-2])\.\s(?:19|20)\d{2}$"  # "3. 4. 2021" (Czech)
                   r"|^(?:0?[1-9]|[12]\d|3[01])([./\-])(?:0?[1-9]|[12]\d|3[01])\1(?:19|20|2[456])\d{2}$"  # Thai: 2530
                   r"|^(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:19|20)\d{2}\.$"  # "14.03.1985." (Croatian)
                   r"|^(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|[12]\d|3[01])/\d{2}$"
                   rf"|^\d{{1,2}}\.?\s+{_MONTHS}\s+(?:19|20)\d{{2}}$|^{_MONTHS}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}$",
                   re.IGNORECASE)
_COORDINATE_ONE = re.compile(r"^[+\-]?(?:0|[1-9]\d{0,2})\.\d{4,}$")
_MONTH_YEAR = re.compile(r"^(?:0?[1-9]|1[0-2])[./-](?:19|20)\d\d$")  # "12.2026": paid until December 2026
_COORDINATE_PAIR = re.compile(r"^\(?\s*([+\-]?\d{1,2}\.\d+)\s*[,;/ ]\s*([+\-]?\d{1,3}\.\d+)\s*\)?$")
_COORDINATE_DMS = re.compile(r"^\d{1,3}°\s*\d{1,2}['′]")
_CURRENCY = (r"(?:[€$£¥₹₺₩₽₴]|R\$|EUR|USD|GBP|CHF|CAD|AUD|JPY|SEK|NOK|DKK|PLN|CZK|HUF|RON|BGN|ISK|TRY|UAH|BRL|MXN|COP|"
             r"ARS|CLP|INR|ZAR|NZD|SGD|HKD|KRW|TWD|zł|Kč|Ft|lei|kn|Fr\.|SFr\.?)")
_AMOUNT = re.compile(rf"^{_CURRENCY}\s?[+\-]?\d[\d.,' ]*$|^[+\-]?\d[\d.,' ]*\s?{_CURRENCY}$"
                     r"|^[+\-]?\d{1,3}(?:[.,' ]?\d{3})*[.,]\d{2}$", re.IGNORECASE)
_BOOLEAN = {"true", "false", "yes", "no", "ja", "nein", "oui", "non", "si", "wahr", "falsch", "y", "n",
            "vrai", "faux", "vero", "falso", "verdadero", "waar", "onwaar", "nee"}
_INTEGER = re.compile(r"^#?[+\-]?\d+$")
_DECIMAL = re.compile(r"^[+\-]?\d+[.,]\d+$")
# Postcodes that have letters or a separator ("1234 AB", "SW1A 2AA", "K1A 0B1", "D-10115",
# "12345-6789", "00-950", "1000-001", "114 55", "100-0001", "01310-100") and 4 to 6 digits alone.
_POSTCODE = re.compile(r"^(?:\d{4}\s?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d"
                       r"|[A-Z]{1,3}-\d{4,5}|\d{5}-\d{4}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3}\s\d{2}|\d{3}-\d{4}|\d{5}-\d{3}"
                       r"|[A-Z]\d{2}\s?[A-Z\d]{4}|\d{4,6})$", re.IGNORECASE)
_PHONE_CHARS = re.compile(r"^'?(?:\+|00|\()?[\d\s().\-/]+$")
_OPAQUE = re.compile(r"^[A-Za-z0-9_\-:.|=+/]{12,}$")
_NAME = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:[\s\-'’.]+[^\W\d_][^\W\d_'’.\-]*){0,4}\.?$")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _is_ipv6(text: str) -> bool:
    if text.count(":") < 2 or not _IPV6_CHARS.match(text):
        return False
    try:
        ipaddress.IPv6Address(text.strip("[]"))
    except ValueError:
        return False
    return True


def _coordinate(text: str) -> bool:
    if _COORDINATE_DMS.match(text):
        return True
    pair = _COORDINATE_PAIR.match(text)
    if pair:
        first, second = float(pair.group(1)), float(pair.group(2))
        if all(abs(x) <= 20 and (x * 4).is_integer() for x in (first, second)):
            return False  # "-1.25 / -1.50": an eyeglass prescription's dioptres, in quarter steps
        return abs(first) <= 90 and abs(second) <= 180
    return bool(_COORDINATE_ONE.match(text)) and abs(float(text)) <= 180


def _phone(text: str, digits: int) -> bool:
    """Clearly a phone number: written as people write them, not a bare number."""
    if not _PHONE_CHARS.match(text) or not 7 <= digits <= 15:
        return False
    body = text.lstrip("'")
    if body.startswith(("+", "00", "(")):
        return True
    if any(ch in body for ch in " -./)"):
        return digits >= 8
    return body.startswith("0") and digits >= 9  # ("015123456789")


@lru_cache(maxsize=65536)
def value_class(value: str) -> str | None:
    """The class of one value; None for an empty one or a placeholder ("n/a", "-")."""
    text = value.strip()
    if not text or text.lower() in _PLACEHOLDERS:
        return None
    digits = _digits(text)
    if "@" in text:
        return EMAIL if _EMAIL.match(text) else TEXT
    if _URL.match(text):
        return URL
    if digits:
        if _IPV4.match(text) or _is_ipv6(text):
            return IP_ADDRESS
        if _UUID.match(text):
            return UUID
        if _HASH.match(text) and not text.isdigit():
            return HASH
        if _TIMESTAMP.match(text):
            return TIMESTAMP
        if _DATE.match(text) or _MONTH_YEAR.match(text):
            return DATE
        if _TZ_NAME.match(text) or _TZ_OFFSET.match(text):
            return TIME_ZONE
        if _coordinate(text):
            return COORDINATE
        if _POSTCODE.match(text):
            return POSTCODE
        if _phone(text, digits):
            return PHONE
        if _AMOUNT.match(text):
            return AMOUNT
        if _INTEGER.match(text) or _DECIMAL.match(text) or _PHONE_CHARS.match(text):
            return NUMBER
        if _OPAQUE.match(text) and sum(ch.isalpha() for ch in text) >= 2 and digits >= 3:
            return OPAQUE_ID
        return TEXT
    if _TZ_NAME.match(text) or text.upper() == text and text in _TZ_ABBREVIATIONS:
        return TIME_ZONE
    # "NO" in capitals beside "SE" and "DK" is Norway; "no", "No" or "N" an answer
    if fold(text) in _BOOLEAN and not (len(text) == 2 and text.isupper() and country_code(text)):
        return BOOLEAN
    if country_code(text):
        return COUNTRY
    if _NAME.match(text) and len(text) <= 60:
        return NAME
    return TEXT


@dataclass(frozen=True)
class Evidence:
    """How a sample of a column's values fall into the classes."""

    total: int  # non-empty values
    counts: dict[str, int]
    running: bool = False  # numbers counting up, as row numbers and ids do
    short_numbers: int = 0  # values with digits only (and separators), 4 digits or fewer

    def share(self, *classes: str) -> float:
        return sum(self.counts.get(c, 0) for c in classes) / self.total if self.total else 0.0

    def dominant(self, share: float = DOMINANT_SHARE) -> str | None:
        """The class of (nearly) all values, if there is one."""
        if not self.total:
            return None
        found, count = max(self.counts.items(), key=lambda item: item[1])
        return found if count / self.total >= share else None


def _running(texts: list[str]) -> bool:
    """Row numbers and ids count up by one (by two where one was deleted). A file sorted by
    postcode counts up too, but in uneven steps: 10115, 10117, 10119, 10178 …"""
    numbers = [int(t.lstrip("#")) for t in texts if _INTEGER.match(t) and len(t) <= 12]
    if len(numbers) < MIN_RUNNING or len(numbers) < DOMINANT_SHARE * len(texts):
        return False
    steps = [b - a for a, b in zip(numbers, numbers[1:], strict=False)]
    small = sum(1 for step in steps if 1 <= step <= 2)
    return small >= DOMINANT_SHARE * len(steps) and median(steps) == 1


def classify(values: Iterable[object]) -> Evidence:
    """Sort a sample of a column's values (in file order) into classes."""
    texts: list[str] = []
    counts: Counter[str] = Counter()
    short = 0
    for value in values:
        if value is None:
            continue
        text = str(value).strip()
        found = value_class(text)
        if found is None:
            continue
        texts.append(text)
        counts[found] += 1
        if found in (NUMBER, POSTCODE) and _PHONE_CHARS.match(text) and _digits(text) <= 4:
            short += 1
    return Evidence(len(texts), dict(counts), _running(texts), short)


# What each target is, in words, and the classes its values can never be.
_TECHNICAL = (IP_ADDRESS, COORDINATE, UUID, HASH, OPAQUE_ID, TIMESTAMP, TIME_ZONE, URL)
_NOT_A_NAME = (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, POSTCODE, NUMBER, BOOLEAN)
_TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "phone": ("phone numbers", (*_TECHNICAL, AMOUNT, DATE, EMAIL, BOOLEAN, NAME)),
    "mobile": ("mobile numbers", (*_TECHNICAL, AMOUNT, DATE, EMAIL, BOOLEAN, NAME)),
    "postcode": ("postcodes", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, BOOLEAN, NAME)),
    "first_name": ("first names", _NOT_A_NAME),
    "middle_name": ("middle names", _NOT_A_NAME),
    "last_name": ("last names", _NOT_A_NAME),
    "full_name": ("names", _NOT_A_NAME),
    "city": ("cities", _NOT_A_NAME),
    "region": ("regions (states, provinces)", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, BOOLEAN)),
    "country": ("countries", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, BOOLEAN)),
    "street": ("streets", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, BOOLEAN)),
    "street2": ("address lines", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, BOOLEAN)),
    "address": ("addresses", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, BOOLEAN)),
    "company": ("company names", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, BOOLEAN)),
    "job_title": ("job titles", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, BOOLEAN)),
    "title": ("salutations", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, NUMBER)),
    "suffix": ("name suffixes", (*_TECHNICAL, AMOUNT, DATE, EMAIL, PHONE, NUMBER)),
    "email": ("e-mail addresses", (*_TECHNICAL, AMOUNT, DATE, PHONE, NUMBER, BOOLEAN, NAME)),
    "birth_date": ("birth dates", (IP_ADDRESS, COORDINATE, UUID, HASH, OPAQUE_ID, URL, TIME_ZONE, EMAIL, PHONE)),
    "created_at": ("dates", (IP_ADDRESS, COORDINATE, UUID, HASH, OPAQUE_ID, URL, TIME_ZONE, EMAIL, PHONE)),
    "last_order_at": ("dates", (IP_ADDRESS, COORDINATE, UUID, HASH, OPAQUE_ID, URL, TIME_ZONE, EMAIL, PHONE)),
    "total_spent": ("amounts", (IP_ADDRESS, UUID, HASH, OPAQUE_ID, URL, TIME_ZONE, EMAIL, PHONE, TIMESTAMP, DATE)),
    # Amounts ("$ 1.250.000", "349,00 zł") under "Compras 2026": what was bought for, not how often
    "order_count": ("numbers of orders", (IP_ADDRESS, UUID, HASH, OPAQUE_ID, URL, TIME_ZONE, EMAIL, PHONE,
                                          TIMESTAMP, DATE, AMOUNT)),
    # A time stamp where consent is asked is when it was given or withdrawn ("Abmeldedatum": 11.10.2026 08:31:09)
    "marketing_consent": ("yes/no answers", (*(c for c in _TECHNICAL if c != TIMESTAMP), AMOUNT, EMAIL, PHONE)),
}
_LOOK_LIKE = {
    IP_ADDRESS: "internet (IP) addresses", COORDINATE: "map coordinates (latitude and longitude)",
    UUID: "technical ids (long codes of letters and digits)", HASH: "technical codes (hashes)",
    OPAQUE_ID: "technical ids (codes of letters and digits)", AMOUNT: "money amounts",
    TIMESTAMP: "dates with times (time stamps)", DATE: "dates", TIME_ZONE: "time zones", EMAIL: "e-mail addresses",
    PHONE: "phone numbers", POSTCODE: "postcodes", NUMBER: "numbers", BOOLEAN: "yes/no answers",
    NAME: "plain words", URL: "web addresses", COUNTRY: "countries",
}


def contradicts(target: str, values: Iterable[object] | Evidence) -> str | None:
    """Why these values cannot be `target`'s (a canonical target, with or without its kind), or None.

    'these look like internet (IP) addresses, not phone numbers'. None whenever in doubt, and for
    targets any value may fill (notes, tags, ids, custom attributes). `values` is a sample in
    file order (running numbers are told by it), or the `classify` of one, to judge it for
    several targets at the cost of one."""
    name = target.partition(":")[0]
    rule = _TARGETS.get(name)
    if rule is None:
        return None
    words, never = rule
    evidence = values if isinstance(values, Evidence) else classify(values)
    if not evidence.total:
        return None
    if name in ("phone", "mobile", "postcode") and evidence.running:
        return f"these are running numbers (1, 2, 3 …), such as row numbers or ids, not {words}"
    if name in ("phone", "mobile") and evidence.short_numbers / evidence.total >= DOMINANT_SHARE:
        return f"these numbers are too short to be {words}"
    found = evidence.dominant()
    if found is None:
        # Several technical kinds mixed ("127.0.0.1" beside "::1") are still all technical.
        technical = [c for c in _TECHNICAL if c in never and evidence.counts.get(c)]
        if technical and evidence.share(*technical) >= DOMINANT_SHARE:
            found = max(technical, key=lambda c: evidence.counts[c])
        else:
            return None
    if found not in never:
        return None
    if found == NAME:
        return f"these are plain words, not {words}"
    return f"these look like {_LOOK_LIKE[found]}, not {words}"


def technical(values: Iterable[object] | Evidence) -> str | None:
    """Why a column is best not imported (IP addresses, coordinates, time zones, hashes), or None:
    what the README's `ignore` target is for."""
    evidence = values if isinstance(values, Evidence) else classify(values)
    found = evidence.dominant()
    if found in (IP_ADDRESS, COORDINATE, TIME_ZONE, HASH, UUID):
        return f"these look like {_LOOK_LIKE[found]}, which are technical values"
    return None


def whole_addresses(values: Iterable[object], region: str | None = None) -> bool:
    """Do (nearly) all values hold a whole address, a street with its postcode and city?

    Such a column under an "Address" heading is better mapped to the `address` target, which
    splits it, than to `street`. `region` is the import's country, for reading postcodes."""
    texts = [str(v) for v in values if v is not None and str(v).strip()]
    if not texts:
        return False
    whole = 0
    for text in texts:
        parts = parse_address(text, region)
        whole += bool(parts.street and parts.postcode and parts.city)
    return whole >= DOMINANT_SHARE * len(texts)


# A whole address in one cell: parts on lines, or two spaces apart (Mailchimp), or three or more
# comma-separated parts one of which holds a postcode-like number.
_WHOLE_ADDRESS = re.compile(r"\n|<br\s*/?>|\S {2,}\S|^[^,]+,[^,]+,.*\d", re.IGNORECASE)
# "C/ Fuencarral, 88, 3º B" (Spain): the street, its number, the floor and door — a street line
_NUMBER_AND_FLOOR = re.compile(r"^[^,]+,\s*\d{1,4}\s*[a-z]?\s*,[^,]{0,12}$", re.IGNORECASE)


def holds_whole_addresses(values: Iterable[object]) -> bool:
    """Do these values hold whole addresses rather than street lines? (the form first, cheaply; then
    the address parser for one-line addresses such as "Hauptstr. 5, 10115 Berlin")."""
    texts = [str(v) for v in values if v]
    if not texts:
        return False
    formed = sum(bool(_WHOLE_ADDRESS.search(v)) and not _NUMBER_AND_FLOOR.match(v) for v in texts)
    return formed >= 0.6 * len(texts) or whole_addresses(texts[:50])
