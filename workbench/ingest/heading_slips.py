"""Headings typed the way people type: a word cut short with a full stop ("Geburtsdat.", "Nachn."),
a slip of the keys ("Emial", "Postocde", "Comapny"), words run together ("billingaddress1"). Read as
meant only when what was meant is one field; a plural or a word of its own is not guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from rapidfuzz import process
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


_LONG: dict[int, tuple[dict[str, str], list[str]]] = {}


def _long_headings(table: dict[str, str]) -> list[str]:
    """The headings of five letters or more of a vocabulary (kept per vocabulary, which is built once)."""
    found = _LONG.get(id(table))
    if found is None or found[0] is not table:
        found = _LONG[id(table)] = (table, [known for known in table if len(known) >= 5])
    return found[1]


def mistyped(key: str, table: dict[str, str], own_words: Collection[str]) -> str | None:
    """"Adress", "Emial", "Postocde", "Comapny": one slip of the keys (two letters swapped; a letter
    missing or extra in six letters or more; a letter wrong in eight or more) from the headings of
    exactly one field, so "Stats" is not taken for "State" nor "Ospite" (a word of its own,
    `own_words`) for "Osoite"."""
    if len(key) < 5 or key in table or key in own_words:
        return None
    fields = set()
    # Every heading one slip away, found by rapidfuzz over the whole vocabulary at once (thousands of
    # headings in some fifty languages: one at a time in Python took most of a file's inspection).
    for known, _distance, _index in process.extract(key, _long_headings(table), scorer=OSA.distance,
                                                     score_cutoff=1, limit=None):
        target = table[known]
        if known.replace(" ", "") == key.replace(" ", ""):
            continue  # "emailstatus": words run together are read as they are, not as a slip
        if _plural_of(key, known) or _plural_of(known, key):
            continue  # "Positions": a plural, not a slip of the keys
        swapped = sorted(key) == sorted(known)
        if swapped or len(key) != len(known) and len(key) >= 6 or len(key) >= 8:
            fields.add(target)
    return fields.pop() if len(fields) == 1 else None


# Words of their own that happen to be made of two known ones: a login, a handle, a file.
_OWN_COMPOUNDS = {"username", "nickname", "screenname", "loginname", "hostname", "filename", "pathname",
                  "password", "passcode", "postman", "mailman", "homepage", "website", "webpage", "timestamp",
                  "checkbox", "cardholder", "placeholder", "firstborn", "nameless", "emailstatus",
                  "placeno", "placena", "placanje"}  # Croatian "paid", not a place and a number


def _pieces(word: str, known: Collection[str], id_words: Collection[str]) -> list[str] | None:
    """The fewest known words, two or three, that make up `word` ("billingaddress" → billing, address),
    each of three letters or more (but a closing "id" or "no") and one of four or more; None when there
    is no such split."""
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(2, len(word) + 1):
        for start in range(max(0, end - 20), end - 1):
            head = best[start]
            if head is not None and word[start:end] in known and \
                    (best[end] is None or len(head) + 1 < len(best[end])):
                best[end] = [*head, word[start:end]]
    found = best[len(word)]
    if not found or not 1 < len(found) <= 3 or max(len(p) for p in found) < 4:
        return None
    if any(len(p) < 3 for p in found[:-1]) or len(found[-1]) < 3 and found[-1] not in id_words:
        return None  # "donation" is no "do nation"; "customerid" is a customer id
    return found


def split_run_together(tokens: list[str], table: dict[str, str], known: Collection[str],
                       id_words: Collection[str]) -> list[str]:
    """`tokens` with each long word that neither the headings `table` nor the `known` words hold split
    into the known words it is made of ("customerid" → customer, id)."""
    out: list[str] = []
    for token in tokens:
        pieces = None
        if len(token) >= 7 and token not in table and token not in known and token not in _OWN_COMPOUNDS:
            pieces = _pieces(token, known, id_words)
        out.extend(pieces or [token])
    return out
