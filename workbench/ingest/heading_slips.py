"""Headings typed the way people type: a word cut short with a full stop ("Geburtsdat.", "Nachn."),
a slip of the keys ("Emial", "Postocde", "Comapny"). Read as meant only when what was meant is one
field; a plural, words run together or a word of its own are not guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from rapidfuzz.distance import OSA

from workbench.text import fold

_ABBREVIATION = re.compile(r"([^\W\d_]{3,})\.", re.UNICODE)


def abbreviated(heading: str, tokens: list[str], table: dict[str, str],
                whole: Callable[[list[str]], str | None]) -> str | None:
    """"Adr.", "Geburtsdat.", "Nachn.": a word cut short with a full stop, when every one-word
    heading of the vocabularies (`table`) it begins names the same field; `whole` reads the
    heading with the word written out."""
    cut = {fold(m.group(1)).lower() for m in _ABBREVIATION.finditer(heading)}
    if not cut:
        return None
    expanded = []
    for token in tokens:
        if token in cut and token not in table:
            words = [w for w in table if " " not in w and len(w) >= 4 and w.startswith(token)]
            if len({table[w] for w in words}) != 1:
                return None
            expanded.append(words[0])
        else:
            expanded.append(token)
    return whole(expanded) if expanded != tokens else None


def _plural_of(longer: str, shorter: str) -> bool:
    """"positions" / "position", "orders total" / "order total": one word with an s more."""
    a, b = longer.split(), shorter.split()
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1 and \
        all(x == y or x == y + "s" for x, y in zip(a, b, strict=True))


def mistyped(key: str, table: dict[str, str], own_words: Collection[str]) -> str | None:
    """"Adress", "Emial", "Postocde", "Comapny": one slip of the keys (two letters swapped; a letter
    missing or extra in six letters or more; a letter wrong in eight or more) from the headings of
    exactly one field, so "Stats" is not taken for "State" nor "Ospite" (a word of its own,
    `own_words`) for "Osoite"."""
    if len(key) < 5 or key in table or key in own_words:
        return None
    fields = set()
    for known, target in table.items():
        if abs(len(known) - len(key)) > 1 or len(known) < 5:
            continue
        if OSA.distance(key, known, score_cutoff=1) > 1 or known.replace(" ", "") == key.replace(" ", ""):
            continue  # "emailstatus": words run together are read as they are, not as a slip
        if _plural_of(key, known) or _plural_of(known, key):
            continue  # "Positions": a plural, not a slip of the keys
        swapped = sorted(key) == sorted(known)
        if swapped or len(key) != len(known) and len(key) >= 6 or len(key) >= 8:
            fields.add(target)
    return fields.pop() if len(fields) == 1 else None
