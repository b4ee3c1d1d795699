"""The fields of a golden record, the rules a field may be resolved by, and how values compare.

A value "stands for" another when it is the same word written another way (case, accents,
"ue" for "ü") or its abbreviation; `less_complete` says when one value is a strictly lesser
form of another ("A." of "Anna", "Str." of "Straße"), which never wins a field.
`value_is_valid` says which values may stand in a field at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from workbench.definitions.attribute_types import AttributeSpec, check_value
from workbench.stewardship.records import RecordData
from workbench.store.models import utcnow
from workbench.text import fold

RULES = {
    "best": "Best value (most records agree, most complete, most trusted, most recent)",
    "trust": "Most trusted source",
    "recent": "Most recent",
    "complete": "Most complete",
    "frequent": "Most frequent",
    "survivor": "Survivor's value (steward picks)",
    "earliest": "Earliest",
    "latest": "Latest",
    "sum": "Sum of all records",
    "restrictive": "Most restrictive",
    "computed": "Computed by the status rules from the merged orders and dates",
}
BASE_RULES = ("best", "trust", "recent", "complete", "frequent", "survivor")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    default: str = "best"
    extra_rules: tuple[str, ...] = ()
    group: str | None = None  # fields chosen together, under the group's rule
    computed: bool = False  # not chosen from the records but computed from the golden record

    @property
    def rules(self) -> tuple[str, ...]:
        if self.computed:
            return ("computed",)
        return self.extra_rules + BASE_RULES


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Person or organization"),
    # A person's name is taken whole from one record: first name from one and last name from
    # another makes a name nobody has. The steward can still pick single parts.
    FieldSpec("title", "Title", group="name"),
    FieldSpec("first_name", "First name", group="name"),
    FieldSpec("middle_name", "Middle name", group="name"),
    FieldSpec("last_name", "Last name", group="name"),
    FieldSpec("suffix", "Suffix", group="name"),
    FieldSpec("company", "Company"),
    FieldSpec("job_title", "Job title", "recent"),
    FieldSpec("birth_date", "Birth date"),
    # One person, one status: the rules decide it from the merged evidence, nobody picks it.
    FieldSpec("status", "Status", "computed", computed=True),
    FieldSpec("status_override", "Status set by steward", "recent"),
    # A "no" to marketing anywhere must survive a merge: consent law is on the customer's side.
    FieldSpec("marketing_consent", "Marketing consent", "restrictive", ("restrictive",)),
    FieldSpec("first_seen_at", "First seen", "earliest", ("earliest", "latest")),
    FieldSpec("last_order_at", "Last order", "latest", ("latest", "earliest")),
    FieldSpec("order_count", "Orders", "sum", ("sum",)),
    FieldSpec("total_spent", "Total spent", "sum", ("sum",)),
)
FIELD_BY_NAME = {spec.name: spec for spec in FIELDS}
GROUPS = {"name": FieldSpec("name", "Name (all its parts together)")}
NAME_PARTS = tuple(spec.name for spec in FIELDS if spec.group == "name")
# Free-text fields where a shorter form (an abbreviation) must not beat the full one.
TEXT_FIELDS = ("title", "first_name", "middle_name", "last_name", "suffix", "company", "job_title")


def rule_keys() -> list[FieldSpec]:
    """What a rule can be set for: each field, with grouped fields as one entry."""
    keys: list[FieldSpec] = []
    for spec in FIELDS:
        if spec.group is None:
            keys.append(spec)
        elif GROUPS[spec.group] not in keys:
            keys.append(GROUPS[spec.group])
    return keys


ATTRIBUTE_PREFIX = "attributes."


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value == "unknown"


def tie_break_order(records: Sequence[RecordData]) -> list[RecordData]:
    """Tie-break order: most trusted, then most recent, then the lowest master number."""
    return sorted(records, key=lambda r: (-r.trust, -(r.recency.timestamp() if r.recency else 0), r.id))


# --------------------------------------------------------------------------- comparing values

_PUNCT = re.compile(r"[^\w\s-]")
_UMLAUT_SPELLING = re.compile(r"(?<=[aou])e")  # Mueller is Müller written without umlauts


@lru_cache(maxsize=65536)
def collapsed(text: str) -> str:
    """A text reduced to what spelling variants share: case, accents, punctuation, ue for ü."""
    folded = _PUNCT.sub(" ", fold(text))
    return _UMLAUT_SPELLING.sub("", " ".join(folded.split()))


def same_key(value: Any) -> Any:
    if isinstance(value, str):
        return collapsed(value)
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def completeness(value: Any) -> int:
    if isinstance(value, str):
        return len(collapsed(value).replace(" ", "").replace("-", ""))
    return 0 if value is None else 1


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[tuple[str, bool], ...]:
    """(word, written as an abbreviation) for each word: "A." → ("a", True)."""
    out = []
    for raw in fold(text).split():
        word = raw.strip(".,;:()\"'")
        if word:
            out.append((word, raw.rstrip(",;:)\"'").endswith(".") or len(word) == 1))
    return tuple(out)


def _stands_for(short: tuple[str, bool], full: tuple[str, bool]) -> bool:
    """The same word, or its abbreviation: cut short ("Str."), or contracted ("Weinhdl.", "Dr.")."""
    word, abbreviated = short
    target = full[0]
    if word == target or _UMLAUT_SPELLING.sub("", word) == _UMLAUT_SPELLING.sub("", target):
        return True
    if not abbreviated or len(target) <= len(word) or word[:1] != target[:1]:
        return False
    letters = iter(target)
    return all(c in letters for c in word)


@lru_cache(maxsize=65536)
def less_complete(short: str, full: str, *, names: bool = False) -> bool:
    """Is `short` a strictly less complete form of `full`?

    Every word of `short` stands for a word of `full`, in order: the same word or its
    abbreviation ("A." for "Anna", "Weinhdl." for "Weinhandel"). In a whole name, `full` may
    also have words `short` leaves out (a middle name, a title); elsewhere a missing word makes
    another value, not a shorter form of it.
    """
    a, b = _tokens(short), _tokens(full)
    if not a or not b or collapsed(short) == collapsed(full) or len(a) > len(b):
        return False
    if not names and len(a) != len(b):
        return False
    at = 0
    for token in a:
        while at < len(b) and not _stands_for(token, b[at]):
            if not names:
                return False
            at += 1
        if at == len(b):
            return False
        at += 1
    return True


# Salutations read as such without a dot; the rest of the list ("Don", "Lady", "Gen") only with one.
PLAIN_SALUTATIONS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "herr", "frau", "monsieur",
                               "madame", "mademoiselle", "mme", "mlle", "dhr", "mevr", "mevrouw", "signor", "signora",
                               "signorina", "sig", "sigra", "sra", "srta", "senor", "senora", "senorita"})
GENERATIONS = frozenset({"jr", "sr", "jun", "sen", "junior", "senior", "ii", "iii", "iv", "2nd", "3rd", "4th"})
PLACEHOLDERS = frozenset({"n/a", "na", "n.a.", "none", "null", "nil", "unknown", "unbekannt", "inconnu", "-", "--",
                          "---", "?", "??", "x", "xx", "xxx", "test", "tbd", "tba", ".", "..."})
_DIGIT = re.compile(r"\d")


def value_is_valid(name: str, value: Any, *, now: datetime | None = None,
                   specs: dict[str, AttributeSpec] | None = None) -> bool:
    """Can `value` stand in the golden record's field `name`? Empty values are not asked about."""
    if isinstance(value, str) and name in (*TEXT_FIELDS, "name"):
        text = fold(value).strip()
        if text in PLACEHOLDERS or "@" in text:
            return False
        return name in ("company", "job_title", "title", "suffix") or not _DIGIT.search(text)
    today = (now or utcnow()).date()
    if name == "birth_date" and isinstance(value, date):
        return date(1900, 1, 1) <= value <= today
    if name in ("first_seen_at", "last_order_at") and isinstance(value, datetime):
        return datetime(1900, 1, 1) <= value <= (now or utcnow()) + timedelta(days=1)
    if name in ("order_count", "total_spent") and isinstance(value, int | float):
        return value >= 0
    if name.startswith(ATTRIBUTE_PREFIX) and specs:
        spec = specs.get(name[len(ATTRIBUTE_PREFIX):])
        if spec is not None:
            return check_value(spec, value).ok
    return True
