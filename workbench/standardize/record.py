"""One row's canonical values → a standardized record, ready for the master.

Input is a list of (target, value) pairs, where a target is a canonical field name,
optionally with a kind (`phone:work`, `street:shipping`, `email:home`), or
`attribute:<name>` for a column kept as a custom attribute. Several pairs may share a
target (two e-mail columns). Nothing is thrown away: a value that does not standardize is
kept as typed and flagged in `issues`.

Values are read in the row's own context: its addresses are read first, so that a phone
without a country code is read in the country the row names, and a name in the customs of
that country (see `names`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from workbench.standardize.address_cell import parse_address, place_parts
from workbench.standardize.addresses import expand_street, format_postcode
from workbench.standardize.contacts import (
    Cells,
    add_emails,
    add_phones,
    calling_code_region,
    tags,
    with_area_code,
)
from workbench.standardize.countries import country_code
from workbench.standardize.names import (
    looks_like_company,
    repair_case,
    split_full_name,
    split_name_cells,
    written_family_first,
)
from workbench.standardize.points import (  # noqa: F401  (the record's parts are imported from here)
    ADDRESS_KINDS,
    ADDRESS_PARTS,
    CANONICAL_FIELDS,
    DEFAULT_ADDRESS_KIND,
    EMAIL_KINDS,
    PHONE_KINDS,
    AddressPoint,
    EmailPoint,
    PhonePoint,
    StandardRecord,
)
from workbench.standardize.values import (
    month_day_text,
    parse_consent,
    parse_date,
    parse_datetime,
    parse_epoch,
    parse_month_day,
    parse_number,
    parse_period_start,
)
from workbench.text import clean, fold

MAX_COUNT = 2**31 - 1  # what an integer column holds on every database the master may live in
# Which address's country a phone or a name is read in, when a row has several.
COUNTRY_PREFERENCE = ("home", "billing", "work", "shipping", "other")
# Where a birthday written without a year is kept: the master's birth date is a real date, and a
# year is never made up. "--12-25" is the ISO 8601 / vCard form of a day without a year.
BIRTHDAY_ATTRIBUTE = "birthday"
# Targets whose cells may hold a list, one value a line; other cells are read as one line.
_LISTS = frozenset(("phone", "mobile", "email", "tags"))


# A house number in a column of its own ("Street", "Street number"): "112 Rathmines Road" where the
# number comes first (English-speaking countries, France), "Dorpsstraat 14" elsewhere.
_HOUSE_NUMBER = re.compile(r"\d{1,5}\s?[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?")
NUMBER_FIRST = frozenset({"US", "CA", "GB", "IE", "AU", "NZ", "FR", "LU", "MC", "ZA", "IN", "SG", "MY", "PH", "HK",
                          "NG", "KE", "GH"})


@lru_cache(maxsize=4096)  # a file has a few dozen targets, met on every row
def split_target(target: str) -> tuple[str, str | None]:
    name, _, kind = target.partition(":")
    return name, kind or None


def _text(value: object) -> str | None:
    if type(value) is str:  # nearly every cell: straight to `clean`
        return clean(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)


def standardize_row(
    pairs: Iterable[tuple[str, object]],
    *,
    region: str | None = None,
    date_order: dict[str, str] | None = None,
) -> StandardRecord:
    """Standardize one row. `region` is the import's default country (ISO code), used for what the
    row itself does not say; `date_order` gives a per-field DMY/MDY decision made for the column."""
    record = StandardRecord()
    values: dict[str, Cells] = {}
    addresses: dict[str, AddressPoint] = {}
    whole: list[tuple[str, str]] = []
    numbers: dict[str, list[str]] = {}  # address kind → its house number given in a column of its own, and what follows
    for target, raw in pairs:
        name, kind = split_target(target)
        if name == "attribute":
            text = _text(raw)
            if text is not None and kind:
                record.attributes[kind] = text
            continue
        if name == "address":  # split before spaces are collapsed: Mailchimp separates parts by two
            if raw is not None and str(raw).strip():
                whole.append((kind if kind in ADDRESS_KINDS else DEFAULT_ADDRESS_KIND, str(raw)))
            continue
        if name in _LISTS and type(raw) is str and "\n" in raw:  # one value a line: keep them apart
            values.setdefault(name, []).extend((kind, line) for line in map(clean, raw.splitlines()) if line)
            continue
        text = _text(raw)
        if text is None:
            continue
        if name in ADDRESS_PARTS:
            address_kind = kind if kind in ADDRESS_KINDS else DEFAULT_ADDRESS_KIND
            point = addresses.get(address_kind) or addresses.setdefault(address_kind, AddressPoint(kind=address_kind))
            current = getattr(point, name)
            if name == "street" and address_kind in numbers:
                numbers[address_kind].append(text)  # what follows the number ("A", "bis") stays after it
                continue
            if name == "street" and current and _HOUSE_NUMBER.fullmatch(text) and not any(c.isdigit() for c in current):
                numbers[address_kind] = [text]  # a house number column: placed by the country's custom below
                continue
            setattr(point, name, f"{current} {text}" if current and name in ("street", "street2") else text)
            continue
        values.setdefault(name, []).append((kind, text))

    record_region = (region or "").upper() or None
    if whole:
        _whole_addresses(record, whole, addresses, record_region)
    countries = _addresses(record, addresses, record_region, numbers)
    # The row's own countries first, the import's region last: the fallback for rows naming none.
    regions = countries + [record_region] if record_region and record_region not in countries else countries
    home_country = regions[0] if regions else None

    f = record.fields
    _names(record, values, home_country)
    for name in ("title", "suffix", "job_title", "notes", "external_id"):
        if name in values:
            f[name] = values[name][0][1]
    if "middle_name" in values:
        f["middle_name"] = repair_case(values["middle_name"][0][1])
    if "company" in values:
        f["company"] = values["company"][0][1]

    if "email" in values:
        add_emails(record, values["email"])
    codes = [text for kind, text in values.get("phone", []) if kind == "code"]
    areas = [text for kind, text in values.get("phone", []) if kind == "area"]
    if codes or areas:
        values["phone"] = [(kind, text) for kind, text in values["phone"] if kind not in ("code", "area")]
    if codes:  # a column of calling codes ("Phone Code": +65) says where the row's numbers are from
        code_region = calling_code_region(codes[0])
        if code_region is not None:
            regions = [code_region, *(r for r in regions if r != code_region)]
    if areas:  # "Area Code" 212 beside "Phone" 555-0134: the number is 212 555-0134
        for name in ("phone", "mobile"):
            values[name] = [(kind, with_area_code(text, areas[0])) for kind, text in values.get(name, [])]
    for target_name in ("phone", "mobile"):
        if values.get(target_name):
            add_phones(record, target_name, values[target_name], regions)
    _dates(record, values, date_order or {})
    _numbers(record, values)
    if "marketing_consent" in values:
        answers = []
        for kind, text in values["marketing_consent"]:
            consent = parse_consent(text, inverted=kind == "inverted")
            # A box left unticked at checkout ("Accepts Marketing: no") is no answer, not a refusal.
            answers.append("unknown" if kind == "optin" and consent == "denied" else consent)
        # Of several columns ("Subscribed", "Unsubscribed"), an opt-out or a bounce is never outweighed.
        f["marketing_consent"] = min(answers, key=_CONSENT_WEIGHT.index)
    if "tags" in values:
        f["tags"] = tags(values["tags"])
    return record


_CONSENT_WEIGHT = ["bounced", "unsubscribed", "denied", "granted", "unknown"]


def _whole_addresses(record: StandardRecord, cells: list[tuple[str, str]], addresses: dict[str, AddressPoint],
                     region: str | None) -> None:
    """Fill each kind's address from its one-cell form; parts given in columns of their own win."""
    for kind, text in cells:
        point = addresses.get(kind) or addresses.setdefault(kind, AddressPoint(kind=kind))
        hint = country_code(point.country) if point.country else region
        parts = parse_address(text, hint)
        for name in ("street", "street2", "postcode", "city", "region", "country"):
            if getattr(point, name) is None and getattr(parts, name):
                setattr(point, name, getattr(parts, name))
        if not parts.complete:
            record.flag(f"address:{kind}", " ".join(text.split()),
                        "the address could not be split into its parts; kept as the street")


_PROVINCE_AFTER = re.compile(r"^(\D+?)\s*\(([A-Z]{2})\)$")


def _one_place_cell(point: AddressPoint, country: str | None) -> None:
    """"PLZ/Ort", "Postnr. og by": the postcode and the city written in one cell, whichever of the
    two columns it came in, become the postcode and the city; "Città (Prov.)": a city and its province."""
    province = _PROVINCE_AFTER.match(point.city or "")
    if province is not None and not point.region:  # "Milano (MI)": the city and its province
        point.city, point.region = province.group(1), province.group(2)
    for cell in (point.city, point.postcode):
        if cell and (place := place_parts(cell, country)) is not None and \
                (cell == point.city and not point.postcode or cell == point.postcode and
                 (not point.city or fold(point.city) in fold(cell))):
            point.postcode, point.city = place["postcode"], repair_case(place["city"])
            point.region = point.region or place.get("region")
            return


def _addresses(record: StandardRecord, addresses: dict[str, AddressPoint], region: str | None,
               numbers: dict[str, list[str]] | None = None) -> list[str]:
    """Standardize each address; the countries the row names, in `COUNTRY_PREFERENCE` order.
    `numbers`: house numbers given apart from their streets, placed as the country writes them."""
    countries: dict[str, str] = {}
    for address_kind, point in addresses.items():
        if point.country:
            code = country_code(point.country)
            if code is None:
                record.flag(f"country:{address_kind}", point.country, "unknown country")
                point.is_valid, point.problem = False, f"unknown country {point.country!r}"
            else:
                countries[address_kind] = code  # a country column alone still says where the row lives
            point.country = code
        country = point.country or region
        number, *rest = (numbers or {}).get(address_kind) or [None]
        if number and point.street:
            placed = f"{number} {point.street}" if country in NUMBER_FIRST else f"{point.street} {number}"
            point.street = " ".join([placed, *rest])
        point.city = repair_case(point.city)
        point.street = repair_case(point.street) if point.street and point.street.isupper() else point.street
        point.street = expand_street(point.street, country)
        _one_place_cell(point, country)
        if point.postcode:
            point.postcode, fits = format_postcode(point.postcode, country)
            if not fits:
                record.flag(f"postcode:{address_kind}", point.postcode, f"not a postcode of {country}")
                if point.is_valid:
                    point.is_valid, point.problem = False, f"postcode {point.postcode!r} does not fit {country}"
        if not point.is_empty():
            record.addresses.append(point)
    if len(countries) < 2:  # nearly every row: one address or none
        return list(countries.values())
    ordered = [countries[k] for k in COUNTRY_PREFERENCE if k in countries]
    return list(dict.fromkeys([*ordered, *countries.values()]))


def _names(record: StandardRecord, values: dict[str, Cells], country: str | None) -> None:
    f = record.fields
    first = values.get("first_name", [(None, None)])[0][1]
    surnames = values.get("last_name", [])
    last = next((text for kind, text in surnames if kind is None), None)
    # A second surname in a column of its own (Segundo apellido, Apellido materno) follows the first one.
    last = " ".join(filter(None, [last, *(text for kind, text in surnames if kind == "second")])) or None
    fulls = [text for _kind, text in values.get("full_name", []) if text]
    full = fulls[0] if fulls else None
    if len(fulls) > 1 and looks_like_company(full) and "company" not in values:
        # Two name cells, the first a firm ("Jacob Allain et Fils", then "Jacob Allain"): the firm is
        # the company and the other the person, as QuickBooks's contact list means them.
        person = next((t for t in fulls[1:] if not looks_like_company(t)), None)
        if person is not None:
            values["company"] = [(None, full)]
            full = person
    if full and (first or last) and looks_like_company(full) and "company" not in values:
        # A contact's name beside the person's own first and last name is the firm when it reads as
        # one ("Blumen Koch GmbH" as Xero's ContactName over Bärbel Müller): not dropped, a company.
        values["company"] = [(None, full)]
    if full and not (first or last):
        if looks_like_company(full) and "company" not in values:
            values["company"] = [(None, full)]
            f["kind"] = "organization"
        else:
            parts = split_full_name(full, country)
            middle, last_name = parts.middle, parts.last
            if middle and last_name and _one_surname_in_mail(middle, last_name, values):
                middle, last_name = None, f"{middle} {last_name}"
            f.update({k: v for k, v in (("title", parts.title), ("first_name", parts.first),
                                        ("middle_name", middle), ("last_name", last_name),
                                        ("suffix", parts.suffix)) if v})
    elif (first is None or " " not in first) and (last is None or not (" " in last or "," in last)):
        # One word each, as nearly every row has: nothing to split, only the case to repair.
        if first:
            f["first_name"] = repair_case(first)
        if last:
            f["last_name"] = repair_case(last)
    else:
        # A middle name in a column of its own leaves the first-name cell whole.
        parts = split_name_cells(first, last, country, whole_first="middle_name" in values)
        f.update({k: v for k, v in (("title", parts.title), ("first_name", parts.first),
                                    ("middle_name", parts.middle), ("last_name", parts.last),
                                    ("suffix", parts.suffix)) if v})
    if "company" in values and not (f.get("first_name") or f.get("last_name")):
        company = values["company"][0][1]
        words = (company or "").split()
        if 2 <= len(words) <= 5 and written_family_first(words[0], *words[1:]) and not looks_like_company(company):
            # "Nguyễn Thị Thu Hằng" in a ledger's customer column, which holds firms too: a person's name
            parts = split_full_name(company, country)
            f.update({k: v for k, v in (("first_name", parts.first), ("middle_name", parts.middle),
                                        ("last_name", parts.last)) if v})
            del values["company"]
        else:
            f["kind"] = "organization"
    f.setdefault("kind", "person")


def _one_surname_in_mail(middle: str, last: str, values: dict[str, Cells]) -> bool:
    """A whole name's middle word and last word are one double surname when the person's own
    mailbox writes them together ("Carlos Pérez Moreno", c.perezmoreno@…, as Spanish names go)."""
    joined = re.sub(r"[^a-z]", "", fold(f"{middle}{last}"))
    if len(joined) < 6:
        return False
    for _kind, text in values.get("email", []):
        local = re.sub(r"[^a-z]", "", fold(str(text).partition("@")[0]))
        if joined in local:
            return True
    return False


def _dates(record: StandardRecord, values: dict[str, Cells], order: dict[str, str]) -> None:
    f = record.fields
    if "birth_date" in values:
        text = values["birth_date"][0][1]
        parsed = parse_date(text, order.get("birth_date"))
        if parsed:
            f["birth_date"] = parsed.isoformat()
        else:
            month_day = parse_month_day(text, order.get("birth_date"))
            if month_day:  # accepted as it is: a birthday, without a year to make up
                record.attributes.setdefault(BIRTHDAY_ATTRIBUTE, month_day_text(*month_day))
            else:
                record.flag("birth_date", text, "not a date")
    for name in ("created_at", "last_order_at"):
        if name in values:
            text = values[name][0][1]
            # "03/2019", "Mar 2021"; "1694012345" (a Unix timestamp)
            parsed_dt = parse_datetime(text, order.get(name)) or parse_period_start(text) or parse_epoch(text)
            if parsed_dt:
                f[name] = parsed_dt.isoformat(sep=" ")
            else:
                record.flag(name, text, "not a date")


def _numbers(record: StandardRecord, values: dict[str, Cells]) -> None:
    f = record.fields
    if "total_spent" in values:
        text = values["total_spent"][0][1]
        number = parse_number(text)
        if number is None:
            record.flag("total_spent", text, "not a number")
        else:
            f["total_spent"] = round(number, 2)
    if "order_count" in values:
        text = values["order_count"][0][1]
        number = parse_number(text)
        if number is None or not 0 <= number <= MAX_COUNT:
            record.flag("order_count", text, "not a count")
        else:
            f["order_count"] = int(number)
