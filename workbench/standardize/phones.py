"""Phone numbers → E.164 with phonenumbers, using a default region when no country code is typed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers
from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    NumberParseException,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberFormat,
    PhoneNumberType,
)
from phonenumbers import phonenumberutil as _pn

_MOBILE = {PhoneNumberType.MOBILE}

# phonenumbers otherwise asks re.compile for each metadata pattern on every number: a dozen
# lookups in re's own cache a number, and recompiles once a file's regions outgrow that cache.
# Keeping them costs about a megabyte with every region of the world (phonenumbers has it from 9.0.43 on).
_keep_patterns = getattr(phonenumbers, "enable_pattern_cache", None)
if _keep_patterns is not None:
    _keep_patterns()


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
    read = _read_phone(text, region)
    if not read.is_valid and _country_code_without_plus(text):
        # Mailing tools (Brevo's SMS column) write the country code without its plus: 33612345678.
        international = _read_phone("+" + text.replace(" ", ""), None)
        if international.is_valid:
            return PhoneValue(text, international.e164, True, is_mobile=international.is_mobile)
    return read


def _country_code_without_plus(text: str) -> bool:
    digits = text.replace(" ", "")
    return digits.isdigit() and not digits.startswith("0") and 10 <= len(digits) <= 15


def _parse_international(digits: str) -> PhoneNumber | None:
    """What `phonenumbers.parse` makes of "+" and these ASCII digits, by its own steps, without the
    reading of free text before them (two thirds of its cost); None where it would raise (then
    it is asked itself). The region does not matter for a number with its country code."""
    if len(digits) <= _pn._MIN_LENGTH_FOR_NSN:
        return None
    country_code, national = _pn._extract_country_code(digits)
    if country_code == 0 or len(national) < _pn._MIN_LENGTH_FOR_NSN:
        return None
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(
        country_code, _pn.region_code_for_country_code(country_code))
    if metadata is not None:
        _carrier, potential, _ = _pn._maybe_strip_national_prefix_carrier_code(national, metadata)
        if _pn._test_number_length(potential, metadata) not in _TOO_SHORT_OR_INVALID:
            national = potential
    if len(national) > _pn._MAX_LENGTH_FOR_NSN:
        return None
    number = PhoneNumber(country_code=country_code)
    _pn._set_italian_leading_zeros_for_phone_number(national, number)
    number.national_number = int(national)
    return number


def _has_parse_steps() -> bool:
    return all(hasattr(_pn, name) for name in (
        "_MIN_LENGTH_FOR_NSN", "_MAX_LENGTH_FOR_NSN", "_extract_country_code", "region_code_for_country_code",
        "_maybe_strip_national_prefix_carrier_code", "_test_number_length", "_set_italian_leading_zeros_for_phone_number",
        "ValidationResult"))


_FAST_PARSE = _has_parse_steps()
_TOO_SHORT_OR_INVALID = (_pn.ValidationResult.TOO_SHORT, _pn.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
                         _pn.ValidationResult.INVALID_LENGTH) if _FAST_PARSE else ()


def parse(candidate: str, region: str | None) -> PhoneNumber:
    """`phonenumbers.parse`; "+" and digits only (as most files write numbers) the short way."""
    if _FAST_PARSE and candidate[:1] == "+" and candidate[1:].isdigit() and candidate.isascii():
        number = _parse_international(candidate[1:])
        if number is not None:
            return number
    return phonenumbers.parse(candidate, region)


def _read_phone(text: str, region: str | None) -> PhoneValue:
    candidate = "+" + text[2:] if text.startswith("00") else text
    try:
        parsed = parse(candidate, (region or "").upper() or None)
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
    return PhoneValue(text, e164, True, is_mobile=number_type in _MOBILE)


@cache
def national_prefix(country_code: int) -> str:
    """The trunk prefix a country's national numbers start with ("0" in most of Europe)."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(country_code, ())
    metadata = PhoneMetadata.metadata_for_region(regions[0]) if regions else None
    return (metadata.national_prefix or "") if metadata else ""


def display_forms(e164: str) -> list[str]:
    """The ways people type a number, for search: international, and national with and without
    the trunk prefix ("+33 6 12…" is also "06 12…" and "6 12…").

    Worked out from the E.164 text alone (country codes are prefix-free), without formatting:
    formatting is a third of the cost of standardizing a phone.
    """
    for length in (1, 2, 3):
        code = int(e164[1:1 + length]) if e164[1:1 + length].isdigit() else 0
        if code in COUNTRY_CODE_TO_REGION_CODE:
            national = e164[1 + length:]
            prefix = national_prefix(code)
            return [e164, national, prefix + national] if prefix else [e164, national]
    return [e164]


def pretty(e164: str | None, fallback: str = "") -> str:
    if not e164:
        return fallback
    try:
        parsed = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)
