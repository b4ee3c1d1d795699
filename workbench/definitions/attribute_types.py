"""Attribute types and checking one value against its definition (no database).

Values are stored in `Customer.attributes` in one canonical form per type, so filters,
exports and comparisons see one spelling: text for scalars ("42", "2024-01-31", "yes",
"+4930123456", "https://…") and a list of texts for a multi-choice. Imported values arrive as
text and stay as they arrived until a steward edits them; checking reports what is wrong
with them, it never changes or drops them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from workbench.standardize.emails import standardize_email
from workbench.standardize.phones import standardize_phone
from workbench.standardize.values import parse_date, parse_number, parse_yes_no

TYPES: dict[str, str] = {
    "text": "Text", "number": "Number", "date": "Date", "yes/no": "Yes/no", "choice": "Choice",
    "multi-choice": "Multiple choice", "email": "E-mail", "phone": "Phone", "url": "Web address",
}
CHOICE_TYPES = ("choice", "multi-choice")
_MULTI_SPLIT = re.compile(r"\s*[;,|\n]\s*")
_HOST = re.compile(r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$|^localhost$")


@dataclass(frozen=True)
class AttributeSpec:
    """What an attribute definition says about its values."""

    name: str
    label: str = ""
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    description: str | None = None
    retired: bool = False
    id: int | None = None
    position: int = 0

    @classmethod
    def from_row(cls, row: Any) -> AttributeSpec:
        return cls(row.name, row.label, row.type, bool(row.required), tuple(row.choices or ()), row.pattern or None,
                   row.description, bool(row.retired), row.id, row.position)

    @property
    def title(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Checked:
    value: Any  # canonical form to store; None → no value (the key is removed)
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(is_empty(v) for v in value)
    return False


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def _one(spec: AttributeSpec, text: str, region: str | None) -> Checked:
    kind = spec.type
    if kind == "number":
        number = parse_number(text)
        return Checked(number_text(number)) if number is not None else Checked(text, "not a number")
    if kind == "date":
        parsed = parse_date(text)
        return Checked(parsed.isoformat()) if parsed else Checked(text, "not a date (use e.g. 2024-01-31)")
    if kind == "yes/no":
        flag = parse_yes_no(text)
        return Checked("yes" if flag else "no") if flag is not None else Checked(text, "not yes or no")
    if kind in CHOICE_TYPES:
        for choice in spec.choices:
            if choice.casefold() == text.casefold():
                return Checked(choice)
        allowed = ", ".join(spec.choices) if spec.choices else "none defined yet"
        return Checked(text, f"{text!r} is not an allowed value ({allowed})")
    if kind == "email":
        email = standardize_email(text)
        return Checked(email.address) if email.is_valid else Checked(text, email.problem or "not an e-mail address")
    if kind == "phone":
        phone = standardize_phone(text, region)
        if phone.is_valid:
            return Checked(phone.e164)
        return Checked(text, phone.problem or "not a phone number")
    if kind == "url":
        return _url(text)
    return Checked(text)


def _url(text: str) -> Checked:
    candidate = text if "://" in text else f"https://{text}"
    parts = urlsplit(candidate)
    host = parts.hostname or ""
    if " " in text or parts.scheme not in ("http", "https") or not _HOST.match(host):
        return Checked(text, "not a web address (e.g. https://example.com)")
    return Checked(candidate)


def check_value(spec: AttributeSpec, value: Any, *, region: str | None = None) -> Checked:
    """Check one value against its definition: the canonical value, or the value as it was and why not."""
    if is_empty(value):
        return Checked(None, "required" if spec.required and not spec.retired else None)
    if spec.type == "multi-choice":
        items = value if isinstance(value, list | tuple) else _MULTI_SPLIT.split(_text(value))
        results = [_one(spec, _text(item), region) for item in items if not is_empty(item)]
        bad = [r.problem for r in results if r.problem]
        canonical = list(dict.fromkeys(r.value for r in results))
        if bad:
            return Checked(value, "; ".join(bad))
        return _pattern(spec, canonical, canonical)
    if isinstance(value, list | tuple):
        return Checked(value, "a list where one value is expected")
    result = _one(spec, _text(value), region)
    if not result.ok:
        return result
    return _pattern(spec, result.value, [result.value])


def _pattern(spec: AttributeSpec, canonical: Any, texts: Iterable[str]) -> Checked:
    if not spec.pattern:
        return Checked(canonical)
    try:
        compiled = re.compile(spec.pattern)
    except re.error:
        return Checked(canonical)  # a broken pattern is the definition's problem, reported there
    for text in texts:
        if not compiled.fullmatch(str(text)):
            return Checked(canonical, f"{text!r} does not match the pattern {spec.pattern}")
    return Checked(canonical)


def pattern_problem(pattern: str | None) -> str | None:
    if not pattern:
        return None
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"not a valid pattern ({exc})"
    return None


@dataclass
class TypeGuess:
    type: str
    choices: list[str] = field(default_factory=list)
    valid_share: float = 1.0


def guess_type(values: list[Any], *, max_choices: int = 12) -> TypeGuess:
    """What type a loose attribute's values look like, for the promotion dialog's first suggestion."""
    texts = [_text(v) for v in values if not is_empty(v) and not isinstance(v, list | tuple)]
    if any(isinstance(v, list | tuple) for v in values):
        return TypeGuess("multi-choice", sorted({_text(i) for v in values if isinstance(v, list | tuple)
                                                 for i in v})[:max_choices])
    if not texts:
        return TypeGuess("text")
    best = TypeGuess("text")
    for kind in ("yes/no", "email", "url", "phone", "number", "date"):
        spec = AttributeSpec("x", type=kind)
        share = sum(1 for t in texts if check_value(spec, t, region=None).ok) / len(texts)
        if share >= 0.9 and (best.type == "text" or share > best.valid_share):
            best = TypeGuess(kind, valid_share=share)
        if share == 1.0:
            break
    if best.type != "text":
        return best
    # Choices match regardless of case, so "Gold" and "gold" are one choice: the more frequent spelling.
    spellings: dict[str, Counter[str]] = {}
    for text in texts:
        spellings.setdefault(text.casefold(), Counter())[text] += 1
    if len(spellings) <= max_choices and len(texts) >= 3 * len(spellings):
        return TypeGuess("choice", sorted((c.most_common(1)[0][0] for c in spellings.values()), key=str.casefold))
    return best
