"""The lists the demo-data generator draws from, read once from resources/sample."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

from workbench.paths import resource_path


@dataclass(frozen=True)
class Place:
    country: str
    locale: str
    city: str
    postcode: str
    region: str


@dataclass
class Lists:
    first: dict[tuple[str, str], list[str]]  # (locale, gender) → names
    last: dict[str, list[str]]
    places: dict[str, list[Place]]  # locale → places
    streets: dict[str, list[str]]
    domains: dict[str, tuple[list[str], list[int]]]
    nicknames: dict[str, list[str]]  # formal name → short forms
    locales: list[str]


def _rows(name: str) -> list[dict[str, str]]:
    with resource_path("sample", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def lists() -> Lists:
    first: dict[tuple[str, str], list[str]] = {}
    last: dict[str, list[str]] = {}
    for row in _rows("names.csv"):
        if row["part"] == "first":
            first.setdefault((row["locale"], row["gender"]), []).append(row["name"])
        else:
            last.setdefault(row["locale"], []).append(row["name"])
    places: dict[str, list[Place]] = {}
    for row in _rows("places.csv"):
        places.setdefault(row["locale"], []).append(Place(**row))
    streets: dict[str, list[str]] = {}
    for row in _rows("streets.csv"):
        streets.setdefault(row["locale"], []).append(row["street"])
    domains: dict[str, tuple[list[str], list[int]]] = {}
    for row in _rows("email_domains.csv"):
        names, weights = domains.setdefault(row["locale"], ([], []))
        names.append(row["domain"])
        weights.append(int(row["weight"]))
    nicknames: dict[str, list[str]] = {}
    with resource_path("reference", "nicknames.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            nicknames.setdefault(row["canonical"], []).extend(row["variants"].split("|"))
    return Lists(first, last, places, streets, domains, nicknames, sorted(places))


@lru_cache(maxsize=64)
def _phone_template(region: str, mobile: bool) -> phonenumbers.PhoneNumber | None:
    kind = PhoneNumberType.MOBILE if mobile else PhoneNumberType.FIXED_LINE
    return phonenumbers.example_number_for_type(region, kind)


def random_phone(rng: random.Random, region: str, mobile: bool) -> str:
    """A valid E.164 number for the region: the example number with its last digits varied."""
    template = _phone_template(region, mobile)
    if template is None:
        return ""
    national = str(template.national_number)
    for varied in (6, 5, 4, 3):
        keep = max(2, len(national) - varied)
        for _ in range(20):
            tail = "".join(rng.choice("0123456789") for _ in range(len(national) - keep))
            number = phonenumbers.PhoneNumber(country_code=template.country_code,
                                              national_number=int(national[:keep] + tail),
                                              italian_leading_zero=template.italian_leading_zero)
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(template, phonenumbers.PhoneNumberFormat.E164)
