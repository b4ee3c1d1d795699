"""Phone numbers → E.164 with phonenumbers, using a default region when no country code is typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

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
    number_type = type_of(parsed)
    if number_type == PhoneNumberType.UNKNOWN:
        possible = phonenumbers.is_possible_number(parsed)
        return PhoneValue(text, e164 if possible else None, False,
                          problem="number not valid for its country" if possible else "not a phone number")
    return PhoneValue(text, e164, True, is_mobile=number_type in _MOBILE)


# ------------------------------------------------------------------ a number's type

# The types phonenumbers tries before fixed line and mobile, in its order.
_SPECIAL_TYPES = (("premium_rate", PhoneNumberType.PREMIUM_RATE), ("toll_free", PhoneNumberType.TOLL_FREE),
                  ("shared_cost", PhoneNumberType.SHARED_COST), ("voip", PhoneNumberType.VOIP),
                  ("personal_number", PhoneNumberType.PERSONAL_NUMBER), ("pager", PhoneNumberType.PAGER),
                  ("uan", PhoneNumberType.UAN), ("voicemail", PhoneNumberType.VOICEMAIL))
Test = tuple[frozenset[int] | None, Callable[[str], object]] | None  # (lengths, fullmatch); None: never


def _test(desc: Any) -> Test:
    """phonenumbers' `_is_number_matching_desc` of one description, made once: None where it is
    always false (no description, no pattern)."""
    if desc is None or not desc.national_number_pattern:
        return None
    lengths = desc.possible_length
    return (frozenset(lengths) if len(lengths) > 0 else None), re.compile(desc.national_number_pattern).fullmatch


def _passes(test: Test, national: str) -> bool:
    return test is not None and (test[0] is None or len(national) in test[0]) and test[1](national) is not None


_PLANS: dict[int, tuple[Any, tuple]] = {}


def _plan(metadata: Any) -> tuple:
    found = _PLANS.get(id(metadata))
    if found is None or found[0] is not metadata:
        specials = tuple((test, kind) for name, kind in _SPECIAL_TYPES
                         if (test := _test(getattr(metadata, name))) is not None)
        found = _PLANS[id(metadata)] = (metadata, (
            _test(metadata.general_desc), specials, _test(metadata.fixed_line), _test(metadata.mobile),
            bool(metadata.same_mobile_and_fixed_line_pattern)))
    return found[1]


def _type_in(national: str, metadata: Any) -> int:
    """phonenumbers' `_number_type_helper`, with each description's test made once."""
    general, specials, fixed, mobile, same = _plan(metadata)
    if not _passes(general, national):
        return PhoneNumberType.UNKNOWN
    for test, kind in specials:
        if _passes(test, national):
            return kind
    if _passes(fixed, national):
        if same or _passes(mobile, national):
            return PhoneNumberType.FIXED_LINE_OR_MOBILE
        return PhoneNumberType.FIXED_LINE
    if not same and _passes(mobile, national):
        return PhoneNumberType.MOBILE
    return PhoneNumberType.UNKNOWN


def type_of(number: PhoneNumber) -> int:
    """`phonenumbers.number_type`, the same answer for a third of the work."""
    national = _pn.national_significant_number(number)
    regions = COUNTRY_CODE_TO_REGION_CODE.get(number.country_code)
    if regions is None:
        region = None
    elif len(regions) == 1:
        region = regions[0]
    else:  # as `_region_code_for_number_from_list`
        region = None
        for code in regions:
            metadata = PhoneMetadata.metadata_for_region(code.upper(), None)
            if metadata is None:
                continue
            if metadata.leading_digits is not None:
                if _pn.re_compile(metadata.leading_digits).match(national):
                    region = code
                    break
            elif _type_in(national, metadata) != PhoneNumberType.UNKNOWN:
                region = code
                break
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(number.country_code, region)
    if metadata is None:
        return PhoneNumberType.UNKNOWN
    return _type_in(national, metadata)


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
