"""Country names and codes → ISO 3166-1 alpha-2."""

from __future__ import annotations

import csv
from functools import lru_cache

from workbench.paths import resource_path
from workbench.text import fold


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    with resource_path("reference", "countries.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["alpha2"]
            names[code] = row["name"]
            for alias in [code, row["alpha3"], row["name"], *filter(None, row["aliases"].split("|"))]:
                lookup.setdefault(_key(alias), code)
    return lookup, names


def _key(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


@lru_cache(maxsize=4096)
def country_code(value: str | None) -> str | None:
    """'Deutschland', 'DEU', 'de', 'Germany' → 'DE'; unknown → None."""
    if not value:
        return None
    return _table()[0].get(_key(value))


def country_name(code: str | None) -> str | None:
    return _table()[1].get(code or "")
