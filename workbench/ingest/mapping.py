"""Which canonical field each column holds: from its heading (synonyms in resources/), else its values.

A target is a canonical field name, optionally with a kind ("phone:work", "street:shipping",
"email:home"), or "attribute:<name>" for a column kept as a custom attribute, or None for a
column deliberately ignored. Nothing is dropped unless the user says so.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from workbench.errors import WorkbenchError
from workbench.paths import resource_path
from workbench.standardize.record import (
    ADDRESS_KINDS,
    ADDRESS_PARTS,
    CANONICAL_FIELDS,
    EMAIL_KINDS,
    PHONE_KINDS,
)
from workbench.standardize.values import parse_consent, parse_datetime
from workbench.text import fold

Mapping = dict[str, str | None]

# Words around a heading that say which kind of address, e-mail or phone a column holds.
QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(("billing", "bill", "invoice", "rechnung", "rechnungs", "rechnungsadresse", "facturation",
                     "facturacion", "fatturazione", "factuur", "factuuradres", "po"), "billing"),
    **dict.fromkeys(("shipping", "ship", "delivery", "lieferung", "liefer", "lieferadresse", "versand",
                     "livraison", "envio", "spedizione", "consegna", "verzending", "bezorg", "aflever",
                     "sa"), "shipping"),
    **dict.fromkeys(("work", "business", "office", "geschaftlich", "dienstlich", "buro", "travail",
                     "professionnel", "pro", "trabajo", "lavoro", "ufficio", "werk", "zakelijk"), "work"),
    **dict.fromkeys(("home", "private", "privat", "personal", "domicile", "perso", "casa", "thuis", "prive",
                     "personnel", "personale"), "home"),
    **dict.fromkeys(("fax", "telefax"), "fax"),
}
# Words that add nothing to what a column holds ("Default Address Zip", "Phone 1 - Value").
_FILLER = {"default", "address", "primary", "main", "contact", "customer", "value", "the", "of", "der", "die",
           "du", "de", "del", "da", "di", "van"}
_MOBILE_WORDS = {"mobile", "mobil", "cell", "cellular", "handy", "portable", "movil", "cellulare", "mobiel", "gsm"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_EMAIL_VALUE = re.compile(r"^\s*<?[^@\s<>,;]+@[^@\s<>,;]+\.[A-Za-z]{2,}>?\s*$")
_PHONE_VALUE = re.compile(r"^\s*'?(\+|00|\()?[\d][\d\s()./\-]{5,24}$")
UNSUBSCRIBED_FILE = re.compile(r"unsubscrib|opt[\s_-]?out|abgemeldet|desinscri|afgemeld|disiscritt|bajas?\b")
BOUNCED_FILE = re.compile(r"cleaned|bounced?s?\b")


def normalize_heading(heading: str) -> str:
    """'billing_FirstName' → 'billing first name'; 'E-Mail-Adresse' → 'e mail adresse'."""
    spaced = _CAMEL.sub(" ", heading.strip().rstrip("*:").strip())
    return " ".join(_NON_WORD.sub(" ", fold(spaced)).split())


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Normalized heading → target, from resources/reference/header_synonyms.csv."""
    table: dict[str, str] = {}
    path = resource_path("reference", "header_synonyms.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            for heading in row["headers"].split("|"):
                key = normalize_heading(heading)
                if key and key not in table:  # the first (most common) meaning of a heading wins
                    table[key] = row["target"]
    return table


def _with_kind(target: str, kind: str | None) -> str:
    name, _, own_kind = target.partition(":")
    if own_kind or kind is None:
        return target
    if name in ADDRESS_PARTS and kind in ADDRESS_KINDS:
        return f"{name}:{kind}"
    if name == "email" and kind in EMAIL_KINDS:
        return f"email:{kind}"
    if name == "phone" and kind in PHONE_KINDS:
        return "mobile" if kind == "mobile" else f"phone:{kind}"
    return target


def target_for_heading(heading: str) -> str | None:
    """The canonical target a heading names, with its kind; None when the heading is not known."""
    key = normalize_heading(heading)
    if not key:
        return None
    table = synonyms()
    tokens = key.split()
    kind = next((QUALIFIERS[t] for t in tokens if t in QUALIFIERS), None)
    if any(t in _MOBILE_WORDS for t in tokens) and len(tokens) > 1:
        kind = kind or "mobile"
    if key in table:
        found = table[key]
        return _with_kind(found, kind if found.partition(":")[0] in ("email", "phone") or
                          found.partition(":")[0] in ADDRESS_PARTS else None)
    rest = [t for t in tokens if t not in QUALIFIERS]
    candidates = [" ".join(rest)]
    candidates.append(" ".join(t for t in rest if not t.isdigit()))
    candidates.append(" ".join(t for t in rest if t not in _MOBILE_WORDS))
    candidates.append(" ".join(t for t in rest if t not in _FILLER and not t.isdigit()))
    for candidate in candidates:
        if candidate and candidate in table:
            found = table[candidate]
            if found == "phone" and any(t in _MOBILE_WORDS for t in tokens):
                return "mobile"
            return _with_kind(found, kind)
    return None


def attribute_name(heading: str) -> str:
    """A custom column's attribute key: 'Lieblings-Farbe' → 'lieblings_farbe'."""
    return "_".join(normalize_heading(heading).split())[:100] or "column"


def _share(values: Sequence[str], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def target_for_values(values: Sequence[str]) -> str | None:
    """A column of e-mail addresses is an e-mail column, whatever its heading says."""
    values = [v for v in values if v]
    if len(values) < 2:
        return None
    if _share(values, _EMAIL_VALUE.match) >= 0.8:
        return "email"
    def phone_like(value: str) -> bool:
        digits = sum(c.isdigit() for c in value)
        return bool(_PHONE_VALUE.match(value)) and 7 <= digits <= 15 and not _looks_like_date(value)
    if _share(values, phone_like) >= 0.8 and len({len(v) for v in values}) > 1 or \
            _share(values, lambda v: phone_like(v) and v.lstrip("'").startswith(("+", "00", "0"))) >= 0.8:
        return "phone"
    return None


def _looks_like_date(value: str) -> bool:
    return parse_datetime(value) is not None and not value.lstrip().startswith(("+", "0"))


def plausible(target: str, values: Sequence[str]) -> bool:
    """Do the values fit what the heading promised? A 'Status' column of lead stages is no consent."""
    values = [v for v in values if v]
    if not values:
        return True
    name, _, kind = target.partition(":")
    by_values = target_for_values(values)
    if by_values == "email" and name != "email" or by_values == "phone" and name in (
            "first_name", "last_name", "full_name", "company", "city", "email"):
        return False
    if name == "marketing_consent":
        return _share(values, lambda v: parse_consent(v, inverted=kind == "inverted") != "unknown") >= 0.5
    if name in ("created_at", "last_order_at", "birth_date"):
        return _share(values, lambda v: parse_datetime(v) is not None) >= 0.5
    if name == "email":
        return _share(values, lambda v: "@" in v) >= 0.5
    return True


def propose_mapping(columns: Sequence[str], samples: dict[str, list[str]]) -> tuple[Mapping, dict[str, str]]:
    """A target per column and why it was chosen ("heading", "values", "kept")."""
    mapping: Mapping = {}
    origin: dict[str, str] = {}
    for column in columns:
        values = samples.get(column, [])
        target = target_for_heading(column)
        if target is not None and plausible(target, values):
            mapping[column], origin[column] = target, "heading"
            continue
        by_values = target_for_values(values)
        if by_values is not None:
            mapping[column], origin[column] = by_values, "values"
            continue
        mapping[column], origin[column] = f"attribute:{attribute_name(column)}", "kept"
    return mapping, origin


def validate_target(target: object, column: str) -> str | None:
    """Check one target of a user's mapping; raises WorkbenchError naming the column."""
    if target is None:
        return None
    if not isinstance(target, str) or not target.strip():
        raise WorkbenchError(f"mapping for column {column!r}: expected a field name or null, got {target!r}")
    name, _, kind = target.strip().partition(":")
    if name == "attribute":
        if not kind.strip():
            raise WorkbenchError(f"mapping for column {column!r}: 'attribute:' needs a name")
        return f"attribute:{attribute_name(kind)}"
    if name not in CANONICAL_FIELDS:
        raise WorkbenchError(f"mapping for column {column!r}: unknown field {name!r} "
                             f"(known: {', '.join(CANONICAL_FIELDS)})")
    if kind:
        allowed = (ADDRESS_KINDS if name in ADDRESS_PARTS else EMAIL_KINDS if name == "email"
                   else PHONE_KINDS if name in ("phone", "mobile") else ("inverted",) if name == "marketing_consent"
                   else ())
        if kind not in allowed:
            raise WorkbenchError(f"mapping for column {column!r}: {name!r} has no kind {kind!r}"
                                 + (f" (kinds: {', '.join(allowed)})" if allowed else ""))
    return f"{name}:{kind}" if kind else name


def apply_overrides(mapping: Mapping, overrides: dict[str, object], columns: Iterable[str], *,
                    strict: bool) -> Mapping:
    """A saved or given mapping wins over the proposal for the columns it names."""
    result = dict(mapping)
    known = set(columns)
    for column, target in overrides.items():
        if column not in known:
            if strict:
                raise WorkbenchError(f"mapping names column {column!r}, which the file does not have "
                                     f"(columns: {', '.join(known) if len(known) < 30 else len(known)})")
            continue
        result[column] = validate_target(target, column)
    return result


def file_consent(file_name: str) -> str | None:
    """A whole file of unsubscribed (or bounced) people, as e-mail tools export them."""
    name = fold(file_name)
    if UNSUBSCRIBED_FILE.search(name):
        return "unsubscribed"
    if BOUNCED_FILE.search(name):
        return "bounced"
    return None


_FIELD_LABELS = {
    "first_name": "First name", "middle_name": "Middle name", "last_name": "Last name", "suffix": "Name suffix",
    "full_name": "Full name", "title": "Title / salutation",
    "company": "Company", "job_title": "Job title", "email": "E-mail", "phone": "Phone", "mobile": "Mobile",
    "street": "Street", "street2": "Street, 2nd line", "city": "City", "region": "Region / state",
    "postcode": "Postcode", "country": "Country", "birth_date": "Birth date", "created_at": "Customer since",
    "last_order_at": "Last order", "total_spent": "Total spent", "order_count": "Number of orders",
    "marketing_consent": "Marketing consent", "tags": "Tags", "notes": "Notes", "external_id": "Customer id",
}


def target_label(target: str | None) -> str:
    """How a target reads for people: 'street:shipping' → 'Street (shipping)'."""
    if target is None:
        return "(ignored)"
    name, _, kind = target.partition(":")
    if name == "attribute":
        return f"Custom: {kind}"
    if name == "marketing_consent" and kind == "inverted":
        return "Marketing consent (column says opted out)"
    label = _FIELD_LABELS.get(name, name)
    return f"{label} ({kind})" if kind else label


def target_choices() -> list[str]:
    """Every target a column can be given in the import dialog, in a sensible order."""
    choices: list[str] = []
    for name in CANONICAL_FIELDS:
        choices.append(name)
        if name == "email":
            choices.extend(f"email:{k}" for k in EMAIL_KINDS)
        elif name == "phone":
            choices.extend(f"phone:{k}" for k in PHONE_KINDS if k != "mobile")
        elif name in ADDRESS_PARTS:
            choices.extend(f"{name}:{k}" for k in ADDRESS_KINDS if k != "home")
        elif name == "marketing_consent":
            choices.append("marketing_consent:inverted")
    return choices
