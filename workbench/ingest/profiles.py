"""Import profiles: what one system's export layout means, recognised by its headings.

One TOML file per layout in resources/import_profiles/ (the format is in the README there):
the system the records come from, every heading with its target, the system's id column,
its date order and consent conventions, columns that name the kind of another column, and
cells that hold several values. A file is recognised as a layout when it has every heading
of the layout's signature; among several, the layout that knows most of the file's
headings wins (a Mailchimp *unsubscribed* export has everything a subscribed one has, and
more).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.ingest.mapping import validate_target
from workbench.paths import resource_path
from workbench.text import fold

IGNORE = "ignore"
DATE_ORDERS = ("DMY", "MDY", "YMD")
CONSENTS = ("granted", "unsubscribed", "bounced", "denied", "unknown")
# The words a kind column uses ("Phone 1 - Label: Mobile") → the kind it gives its value column.
KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("mobile", "cell", "cellular", "handy", "mobil", "portable", "iphone", "gsm", "main mobile"),
                    "mobile"),
    **dict.fromkeys(("work", "business", "office", "company", "arbeit", "geschaftlich", "dienstlich", "travail",
                     "bureau", "pro", "trabajo", "lavoro", "werk"), "work"),
    **dict.fromkeys(("home", "private", "personal", "privat", "zuhause", "domicile", "maison", "casa", "thuis"),
                    "home"),
    **dict.fromkeys(("fax", "home fax", "work fax", "business fax", "telefax"), "fax"),
    **dict.fromkeys(("billing", "invoice", "rechnung"), "billing"),
    **dict.fromkeys(("shipping", "delivery", "lieferung"), "shipping"),
}


def heading_key(heading: str) -> str:
    """How headings are compared: case, accents, spacing and a byte-order mark do not count."""
    return " ".join(fold(heading.replace("\ufeff", "").strip().strip('"')).split())


@dataclass(frozen=True)
class Profile:
    id: str
    system: str
    label: str
    columns: dict[str, str | None]  # heading as the system writes it → target (None: not imported)
    signature: tuple[str, ...]
    layout: str | None = None
    documentation: tuple[str, ...] = ()
    notes: str = ""
    key: str | None = None
    date_order: str | None = None
    region: str | None = None
    consent: str | None = None
    file_names: tuple[str, ...] = ()
    kinds: dict[str, str] = field(default_factory=dict)  # value column → the column naming its kind
    separators: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    @property
    def keyed_columns(self) -> dict[str, str | None]:
        return {heading_key(h): t for h, t in self.columns.items()}


@dataclass(frozen=True)
class Recognition:
    """A profile as it fits one file: its columns by the file's own headings."""

    profile: Profile
    targets: dict[str, str | None]  # file column → target, for the columns the profile knows
    kinds: dict[str, str]  # file column → file column naming its kind
    separators: dict[str, str]  # file column → separator
    key: str | None  # the file column holding the system's id

    @property
    def known(self) -> int:
        return len(self.targets)


def profiles_dir() -> Path:
    return resource_path("import_profiles")


def _text_list(data: dict[str, Any], name: str, where: str) -> tuple[str, ...]:
    value = data.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise WorkbenchError(f"{where}: '{name}' must be a list of texts")
    return tuple(value)


def load_profile(path: Path) -> Profile:
    """Read and check one profile file; WorkbenchError names the file and the problem."""
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkbenchError(f"{where}: not a readable profile ({exc})") from None
    for required in ("id", "system", "label", "columns", "signature"):
        if required not in data:
            raise WorkbenchError(f"{where}: '{required}' is missing")
    raw_columns = data["columns"]
    if not isinstance(raw_columns, dict) or not raw_columns:
        raise WorkbenchError(f"{where}: [columns] must name the layout's headings")
    columns: dict[str, str | None] = {}
    for heading, target in raw_columns.items():
        if not isinstance(target, str):
            raise WorkbenchError(f"{where}: column {heading!r}: the target must be a text")
        try:
            columns[heading] = None if target.strip() == IGNORE else validate_target(target, heading)
        except WorkbenchError as exc:
            raise WorkbenchError(f"{where}: {exc}") from None
    known = {heading_key(h) for h in columns}

    def must_be_column(heading: str, what: str) -> str:
        if heading_key(heading) not in known:
            raise WorkbenchError(f"{where}: {what} {heading!r} is not one of the profile's columns")
        return heading

    signature = tuple(must_be_column(h, "signature heading") for h in _text_list(data, "signature", where))
    if not signature:
        raise WorkbenchError(f"{where}: the signature needs at least one heading")
    key = data.get("key")
    if key is not None:
        must_be_column(str(key), "key column")
    date_order = data.get("date_order")
    if date_order is not None and date_order not in DATE_ORDERS:
        raise WorkbenchError(f"{where}: date_order must be one of {', '.join(DATE_ORDERS)}")
    consent = data.get("consent")
    if consent is not None and consent not in CONSENTS:
        raise WorkbenchError(f"{where}: consent must be one of {', '.join(CONSENTS)}")
    kinds = {must_be_column(v, "kinds column"): must_be_column(k, "kinds column")
             for v, k in dict(data.get("kinds") or {}).items()}
    separators = {must_be_column(c, "separators column"): str(s) for c, s in dict(data.get("separators") or {}).items()}
    region = data.get("region")
    return Profile(
        id=str(data["id"]), system=str(data["system"]).strip(), label=str(data["label"]).strip(), columns=columns,
        signature=signature, layout=data.get("layout"), documentation=_text_list(data, "documentation", where),
        notes=str(data.get("notes") or "").strip(), key=key, date_order=date_order,
        region=str(region).upper() if region else None, consent=consent,
        file_names=tuple(f.lower() for f in _text_list(data, "file_names", where)), kinds=kinds,
        separators=separators, path=path)


@lru_cache(maxsize=4)
def _load_all(folder: str) -> tuple[Profile, ...]:
    profiles = [load_profile(path) for path in sorted(Path(folder).glob("*.toml"))]
    ids = [p.id for p in profiles]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise WorkbenchError(f"{folder}: more than one import profile has the id {', '.join(repeated)}")
    return tuple(profiles)


def all_profiles(folder: Path | None = None) -> list[Profile]:
    return list(_load_all(str(folder or profiles_dir())))


def get_profile(profile_id: str, folder: Path | None = None) -> Profile | None:
    return next((p for p in all_profiles(folder) if p.id == profile_id), None)


def fit(profile: Profile, columns: Sequence[str]) -> Recognition | None:
    """The profile as it fits these columns, or None when the file lacks part of its signature."""
    by_key = {heading_key(c): c for c in columns}
    if any(heading_key(h) not in by_key for h in profile.signature):
        return None
    known = profile.keyed_columns
    targets = {column: known[key] for key, column in by_key.items() if key in known}
    kinds = {by_key[heading_key(v)]: by_key[heading_key(k)] for v, k in profile.kinds.items()
             if heading_key(v) in by_key and heading_key(k) in by_key}
    separators = {by_key[heading_key(c)]: s for c, s in profile.separators.items() if heading_key(c) in by_key}
    key = by_key.get(heading_key(profile.key)) if profile.key else None
    return Recognition(profile, targets, kinds, separators, key)


def recognise(columns: Sequence[str], file_name: str | None = None, *,
              folder: Path | None = None) -> Recognition | None:
    """The layout these headings are, if any profile's signature is complete in them."""
    found = [r for r in (fit(p, columns) for p in all_profiles(folder)) if r is not None]
    if not found:
        return None
    name = (file_name or "").lower()

    def rank(recognition: Recognition) -> tuple[int, int, int]:
        profile = recognition.profile
        named = any(fragment in name for fragment in profile.file_names)
        # Most of the file's headings known; then the file name's hint; then the layout with
        # the fewest headings this file lacks (the closest layout, not a bigger cousin).
        return (recognition.known, int(named), -(len(profile.columns) - recognition.known))

    return max(found, key=rank)


def kind_of(label: str | None) -> str | None:
    """'Mobile', '* Work', 'Home Fax' → the kind they name; None for labels that name none."""
    if not label:
        return None
    words = heading_key(label).lstrip("* ").strip()
    if words in KIND_WORDS:
        return KIND_WORDS[words]
    for word in words.replace("/", " ").split():
        if word in KIND_WORDS:
            return KIND_WORDS[word]
    return "other"
