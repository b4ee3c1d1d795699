"""Person and company names: case repair, full-name splitting, company recognition.

Full names are split by nameparser (salutations, middle names, suffixes, "Last, First").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName

from workbench.paths import resource_path
from workbench.text import clean

_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "des", "la", "le",
              "ten", "ter", "zu", "zum", "zur", "y", "e", "dos", "das", "bin", "al"}
_MC = re.compile(r"^(mc|mac)(?=[a-z]{3,})", re.IGNORECASE)
_SPLIT = re.compile(r"([\s\-'’])")


@dataclass(frozen=True)
class NameParts:
    title: str | None = None
    first: str | None = None
    middle: str | None = None
    last: str | None = None
    suffix: str | None = None


def needs_case_repair(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (all(c.isupper() for c in letters) or all(c.islower() for c in letters))


def _cap(word: str, first: bool) -> str:
    lower = word.lower()
    if not first and lower in _PARTICLES:
        return lower
    if _MC.match(lower) and lower.startswith("mc"):
        return "Mc" + lower[2:].capitalize()
    return lower[:1].upper() + lower[1:]


@lru_cache(maxsize=65536)
def repair_case(text: str | None) -> str | None:
    """'MÜLLER-LÜDENSCHEIDT' → 'Müller-Lüdenscheidt', 'ludwig van beethoven' → 'Ludwig van Beethoven'.

    Mixed case is left alone: the person typed it that way on purpose (McDonald, DiCaprio).
    """
    text = clean(text)
    if text is None or not needs_case_repair(text):
        return text
    pieces = _SPLIT.split(text)
    out: list[str] = []
    first = True
    after_apostrophe = False
    for piece in pieces:
        if _SPLIT.fullmatch(piece) or not piece:
            out.append(piece)
            after_apostrophe = piece in "'’" and piece != ""
            continue
        if after_apostrophe and len(piece) == 1:  # the "s" of "Tom's"
            out.append(piece.lower())
        else:
            out.append(_cap(piece, first))
        first = False
        after_apostrophe = False
    return "".join(out)


@lru_cache(maxsize=65536)
def split_full_name(text: str | None) -> NameParts:
    text = clean(text)
    if not text:
        return NameParts()
    name = HumanName(text)
    if needs_case_repair(text):
        name.capitalize(force=True)
    return NameParts(
        title=name.title or None,
        first=name.first or None,
        middle=name.middle or None,
        last=name.last or None,
        suffix=name.suffix or None,
    )


@lru_cache(maxsize=1)
def _company_words() -> frozenset[str]:
    lines = resource_path("reference", "company_forms.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=65536)
def looks_like_company(text: str | None) -> bool:
    """True when a name carries a legal form or a business word (GmbH, Ltd, Bakery …)."""
    if not text:
        return False
    tokens = re.findall(r"[\w&]+", text.lower().replace(".", ""))
    if len(tokens) < 2:
        return False
    return any(token in _company_words() for token in tokens[1:]) or "&" in text
