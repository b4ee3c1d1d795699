"""Name frequencies of the customers' countries, from published statistics, blended with the list's own.

A list of a few hundred customers cannot say how common a name is: every name in it is held by
one or two customers, so 'John Smith' looks as rare as 'Oberhuber'. National statistics offices
publish how common first names and surnames are (public domain where shipped here:
`resources/reference/name_frequencies_XX.csv`, each citing its source; published statistics,
never lists of persons). The chance that another customer holds a name is then read from both:

    u = (holders − 1 + K·s·p) / (customers − 1 + K·s)

where p is the name's share in the customers' countries with a reference (weighted by how many
customers live in each; a first name's share is the average of the two sexes'), s the share of
customers living in those countries, and K = `REFERENCE_CUSTOMERS`: the reference counts as if it
were that many customers. A small list follows the reference, a large one its own data; customers
of countries without a reference file are read from the list alone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from workbench.matching.features import Features
from workbench.matching.normalize import name_key
from workbench.paths import resource_path, resources_root

REFERENCE_CUSTOMERS = 1_000
PREFIX = "name_frequencies_"


@dataclass(frozen=True)
class CountryNames:
    first: dict[str, float]  # name key → share of people (average of the sexes)
    last: dict[str, float]
    first_floor: float  # share taken for a name not listed
    last_floor: float


@lru_cache(maxsize=1)
def reference_countries() -> tuple[str, ...]:
    folder = resources_root() / "reference"
    return tuple(sorted(p.stem[len(PREFIX):].upper() for p in folder.glob(f"{PREFIX}*.csv")))


@cache
def country_names(country: str) -> CountryNames | None:
    """A country's published name frequencies, or None without a reference file."""
    if country.upper() not in reference_countries():
        return None
    shares: dict[str, dict[str, float]] = {"male": {}, "female": {}, "last": {}}
    with resource_path("reference", f"{PREFIX}{country.lower()}.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            key = name_key(row["name"])
            if key and row["kind"] in shares:
                table = shares[row["kind"]]
                table[key] = table.get(key, 0.0) + float(row["percent"]) / 100.0
    first: dict[str, float] = {}
    for sex in ("male", "female"):
        for key, share in shares[sex].items():
            first[key] = first.get(key, 0.0) + share / 2.0
    first_floor = min(first.values(), default=1e-6) / 2.0
    last_floor = min(shares["last"].values(), default=1e-6) / 2.0
    return CountryNames(first, shares["last"], first_floor, last_floor)


@dataclass
class NameReference:
    share: dict[str, np.ndarray]  # field → per name id (the shared names vocabulary) its reference share
    weight: float  # K·s: how many customers the reference counts as in this list


def name_reference(features: Features) -> NameReference | None:
    """The reference shares of the list's names, for the customers' countries (computed once per list)."""
    return features.derived("name_reference", _build)


def _countries(features: Features) -> dict[str, float]:
    """Share of customers (with an address) per country."""
    address = features.fields.get("address")
    if address is None or address.slots is None or not len(address.slots):
        return {}
    first = address.slots[:, 0]
    first = first[first >= 0]
    if not len(first):
        return {}
    values = address.vocabulary.values
    ids, counts = np.unique(first, return_counts=True)
    by_country: dict[str, float] = {}
    for value_id, count in zip(ids.tolist(), counts.tolist(), strict=True):
        country = values[value_id].country or ""
        by_country[country] = by_country.get(country, 0.0) + count
    total = float(len(first))
    return {country: count / total for country, count in by_country.items()}


def _build(features: Features) -> NameReference | None:
    if "first_name" not in features.fields and "last_name" not in features.fields:
        return None
    shares = {c: s for c, s in _countries(features).items() if c and country_names(c) is not None}
    covered = sum(shares.values())
    if not covered:
        return None
    names = features.names.values
    out: dict[str, np.ndarray] = {}
    for name in ("first_name", "last_name"):
        mixed = np.zeros(len(names), dtype=np.float64)
        for country, share in shares.items():
            table = country_names(country)
            assert table is not None
            lookup, floor = (table.first, table.first_floor) if name == "first_name" else (table.last, table.last_floor)
            mixed += share / covered * np.fromiter((lookup.get(v, floor) for v in names), dtype=np.float64,
                                                   count=len(names))
        out[name] = mixed
    return NameReference(out, REFERENCE_CUSTOMERS * covered)
