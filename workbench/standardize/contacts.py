"""A row's e-mail and phone cells → the record's contact points; its tag cells → its tags.

Every cell may hold several values (see `multi`). A phone without a country code is read in
the country of the row's own address first, then in each other country the row names, and only
then in the import's region: "(416) 555-0132" is Canadian in a row whose address is in Canada,
whatever region the import was given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from phonenumbers import UNKNOWN_REGION, country_code_for_region, region_code_for_country_code

from workbench.standardize.emails import standardize_email
from workbench.standardize.multi import split_emails, split_phones, split_tags
from workbench.standardize.phones import PhoneValue, national_prefix, standardize_phone
from workbench.standardize.points import EMAIL_KINDS, PHONE_KINDS, EmailPoint, PhonePoint, StandardRecord
from workbench.text import digits, fold

Cells = list[tuple[str | None, str]]  # (kind of the target, cell text)
_DIGIT = re.compile(r"\d")
# Digits of a number with its country code but without "+": from 12 on it is read so first; from
# 10 on only when no national reading is valid ("33612345678" in a French row).
_LONG_INTERNATIONAL, _SHORT_INTERNATIONAL = 12, 10


def add_emails(record: StandardRecord, cells: Cells) -> None:
    for kind, text in cells:
        for part in split_emails(text):
            value = standardize_email(part)
            if not value.is_valid:
                record.flag("email", part, value.problem or "invalid e-mail")
            if any(e.normalized == value.normalized for e in record.emails):
                continue
            record.emails.append(EmailPoint(value.address, value.normalized, kind if kind in EMAIL_KINDS else "other",
                                            value.is_valid, value.problem))


def _international(digits: str, regions: Sequence[str], shortest: int) -> PhoneValue | None:
    """'4917112345678' read as '+4917112345678' when it starts with the code of one of the row's
    countries whose national numbers start with 0 (so that a national number was not meant)."""
    if not (digits.isdigit() and len(digits) >= shortest) or digits.startswith("0"):
        return None
    for region in regions:
        code = country_code_for_region(region)
        if code and digits.startswith(str(code)) and national_prefix(code) == "0":
            value = standardize_phone("+" + digits, None)
            if value.is_valid:
                return value
    return None


_CALLING_CODE = re.compile(r"^\s*(?:\+|00)?\s*(\d{1,4})\b")


def calling_code_region(text: str | None) -> str | None:
    """The country of a calling-code cell ('+65', '0049', '44 (UK)'): where the row's numbers are from."""
    found = _CALLING_CODE.match(text or "")
    region = region_code_for_country_code(int(found.group(1))) if found else UNKNOWN_REGION
    return None if region == UNKNOWN_REGION else region


def with_area_code(number: str, area: str) -> str:
    """'555-0134' with the area code '212' → '212 555-0134'; a number that has its own (it starts
    with +, 00, 0 or a bracket, or has ten digits) is left as it is."""
    own, area_digits = digits(number), digits(area)
    if not area_digits or not own or number.lstrip().startswith(("+", "(", "0")) or len(own) >= 10:
        return number
    return f"{area_digits} {number.strip()}"


def read_phone(text: str, regions: Sequence[str]) -> PhoneValue:
    """The number read in the first region where it is valid; else as the first region reads it.

    A spreadsheet that stored a number as a number dropped its "+": '4917112345678' in a German
    row is +49 171 …. German numbering is so wide that the number is valid as a national one
    too, so a long one (12 digits and more) is read with its country code first."""
    digits = text.strip().lstrip("'") if text[-1:].isdigit() else ""  # a number stored as a number ends in one
    found = _international(digits, regions, _LONG_INTERNATIONAL) if digits.isdigit() else None
    if found is not None:
        return PhoneValue(text, found.e164, True, found.is_mobile)
    first = standardize_phone(text, regions[0] if regions else None)
    if first.is_valid or text.lstrip("'( ").startswith(("+", "00")):
        return first
    for region in regions[1:]:
        value = standardize_phone(text, region)
        if value.is_valid:
            return value
    found = _international(digits, regions, _SHORT_INTERNATIONAL)
    if found is not None:
        return PhoneValue(text, found.e164, True, found.is_mobile)
    return first


def add_phones(record: StandardRecord, target: str, cells: Cells, regions: Sequence[str]) -> None:
    """`target` is "phone" or "mobile"; a cell's own words ("Mobile:", "(Büro)") name the kind
    of the number after them, else the target's kind does, else the number's type."""
    for kind, text in cells:
        for said, part in split_phones(text):
            if not _DIGIT.search(part):
                record.flag(target, part, "not a phone number")  # "n/a", "call me": no point to keep
                continue
            value = read_phone(part, regions)
            if not value.is_valid:
                record.flag(target, part, value.problem or "invalid phone number")
            if value.e164 and any(p.e164 == value.e164 for p in record.phones):
                continue
            phone_kind = said or (kind if kind in PHONE_KINDS else None) or \
                ("mobile" if target == "mobile" or value.is_mobile else "other")
            record.phones.append(PhonePoint(value.number, value.e164, phone_kind, value.is_valid, value.problem))


def tags(cells: Cells) -> list[str]:
    if len(cells) == 1:  # one tag column, as nearly every file has: already without repeats
        return list(split_tags(cells[0][1]))
    found: dict[str, str] = {}
    for _kind, text in cells:
        for tag in split_tags(text):
            found.setdefault(fold(tag), tag)
    return list(found.values())
