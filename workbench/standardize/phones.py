"""Phone numbers → E.164 with phonenumbers, using a default region when no country code is typed."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

_MOBILE = {PhoneNumberType.MOBILE}
# Search wants the national form of each number; it is cheapest to keep it from the one parse.
_FORMS: OrderedDict[str, list[str]] = OrderedDict()
_FORMS_MAX = 10_000  # only bridges a record's standardization and the building of its search text


@dataclass(frozen=True)
class PhoneValue:
    number: str  # as typed, trimmed
    e164: str | None
    is_valid: bool
    is_mobile: bool = False
    problem: str | None = None


@lru_cache(maxsize=16384)  # repeats are few; a big cache would only cost memory
def standardize_phone(value: str, region: str | None) -> PhoneValue:
    text = " ".join(value.split())
    if text.startswith("'"):
        text = text[1:]
    candidate = "+" + text[2:] if text.startswith("00") else text
    try:
        parsed = phonenumbers.parse(candidate, (region or "").upper() or None)
    except NumberParseException as exc:
        reason = "no country code and no default region" if exc.error_type == exc.INVALID_COUNTRY_CODE \
            else "not a phone number"
        return PhoneValue(text, None, False, problem=reason)
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    # is_valid_number works out the number's type too; asking for the type once gives both.
    number_type = phonenumbers.number_type(parsed)
    if number_type == PhoneNumberType.UNKNOWN:
        possible = phonenumbers.is_possible_number(parsed)
        return PhoneValue(text, e164 if possible else None, False,
                          problem="number not valid for its country" if possible else "not a phone number")
    _remember_forms(e164, [e164, phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)])
    return PhoneValue(text, e164, True, is_mobile=number_type in _MOBILE)


def _remember_forms(e164: str, forms: list[str]) -> None:
    _FORMS[e164] = forms
    if len(_FORMS) > _FORMS_MAX:
        _FORMS.popitem(last=False)


def display_forms(e164: str) -> list[str]:
    """The ways people type a number: international and national, for search."""
    known = _FORMS.get(e164)
    if known is not None:
        return known
    try:
        parsed = phonenumbers.parse(e164, None)
    except NumberParseException:
        return [e164]
    return [e164, phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)]


def pretty(e164: str | None, fallback: str = "") -> str:
    if not e164:
        return fallback
    try:
        parsed = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)
