"""Cells that hold several values: phones with their labels, e-mail lists, tag lists.

Exports put several values in one cell in their own ways: "Phone: 01 99 04 96 11 Mobile: 06 39
98 01 01", "0171 1234567 / 030 123456", "a@x.de; b@y.de", Google's "a@x.de ::: b@y.de" and
"* myContacts ::: Customers". Each function here is a pure function of one cell, cached, and
returns the parts in the order they were written; separators never become values.
"""

from __future__ import annotations

import re
from functools import lru_cache

from workbench.text import fold

# --------------------------------------------------------------------------- phones

# Words in a phone cell that say which kind of number follows (or precedes, in brackets).
PHONE_KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("mobile", "mobil", "mob", "cell", "cellular", "cellphone", "handy", "portable", "port",
                     "movil", "celular", "cel", "cellulare", "mobiel", "gsm", "natel", "mobilnummer",
                     "mobiltelefon", "handynummer"), "mobile"),
    **dict.fromkeys(("home", "private", "privat", "priv", "prive", "domicile", "dom", "maison", "casa",
                     "thuis", "residence"), "home"),
    **dict.fromkeys(("work", "office", "business", "buro", "bureau", "geschaftlich", "gesch", "dienstlich",
                     "dienst", "firma", "travail", "trabajo", "oficina", "lavoro", "ufficio", "werk", "kantoor",
                     "zakelijk", "company"), "work"),
    **dict.fromkeys(("fax", "telefax", "telecopie"), "fax"),
}
_KIND_PRIORITY = ("fax", "mobile", "work", "home")
# Words between two numbers that make the second an extension of the first.
_EXTENSION_WORDS = {"ext", "extension", "x", "durchwahl", "dw", "poste", "int", "interno", "toestel", "tst"}
# A run of what a phone number is written with; it starts with a digit, "+" or "(" before a digit,
# and keeps its extension ("030 123456 ext. 12", "x 34"), which phonenumbers reads.
_NUMBER_RUN = re.compile(r"(?:\+|\((?=\+?\d))?\+?\d[\d\s().\-/]*\d\)?"
                         r"(?:\s*(?:ext|extension|x|durchwahl|dw|poste)\.?\s*\d{1,6}\b)?", re.IGNORECASE)
_PLAIN_PHONE = re.compile(r"^'?[+(]?[\d\s().\-]*\d[\d\s().\-]*$")  # one number and nothing else: the usual cell
_DIGIT = re.compile(r"\d")
_SLASH = re.compile(r"(\s*/\s*)")
_LETTERS = re.compile(r"[^\W\d_]+")
_BRACKETED = re.compile(r"^\s*\(([^()]*)\)")
# A number has at least this many digits; shorter runs are part of a label ("Phone 1:").
_MIN_DIGITS = 5
# Two numbers written with a slash between them ("0171 1234567 / 030 123456") have this many
# digits on each side; "030/123456" is one number with its area code set off.
_MIN_SPLIT_DIGITS = 7


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def phone_kind(label: str | None) -> str | None:
    """The kind a label names: 'Tel. privat' → home, '(cell)' → mobile, 'Phone' → None.

    'Mobil privat' is a mobile: what the line is (fax, mobile) says more than whose it is."""
    if not label:
        return None
    kinds = {PHONE_KIND_WORDS.get(word) for word in _LETTERS.findall(fold(label))}
    return next((kind for kind in _KIND_PRIORITY if kind in kinds), None)


def _split_slashes(run: str) -> list[str]:
    pieces = _SLASH.split(run)  # number, separator, number, …
    if len(pieces) < 3:
        return [run]
    out: list[str] = [pieces[0]]
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        # Both sides long enough to be numbers of their own, or the new one starts with a country code.
        if (_digits(out[-1]) >= _MIN_SPLIT_DIGITS and _digits(piece) >= _MIN_SPLIT_DIGITS) or \
                piece.startswith(("+", "00")):
            out.append(piece)
        else:
            out[-1] = f"{out[-1]}{separator}{piece}"
    return out


def split_phones(text: str) -> tuple[tuple[str | None, str], ...]:
    """One phone cell → (kind named in the cell or None, number text) for each number in it.

    'Phone: 01 99 04 96 11 Mobile: 06 39 98 01 01' → ((None, '01 99 04 96 11'), ('mobile', '06 39 98 01 01')).
    A cell without any number gives the text itself (for flagging); one of separators only gives nothing.
    """
    text = text.strip()
    if "/" not in text and _PLAIN_PHONE.match(text):  # the usual cell, and nearly always a new one: no cache
        return ((None, text),)
    return _split_phones(text)


@lru_cache(maxsize=4096)
def _split_phones(text: str) -> tuple[tuple[str | None, str], ...]:
    runs = [m for m in _NUMBER_RUN.finditer(text) if _digits(m.group()) >= _MIN_DIGITS]
    if not runs:
        return ((None, text),) if _LETTERS.search(text) or _DIGIT.search(text) else ()
    numbers: list[list[str]] = []  # [label, number]
    pending = text[:runs[0].start()]  # label text waiting for its number
    for index, match in enumerate(runs):
        number = match.group().strip()
        if numbers and index > 0:
            between = text[runs[index - 1].end():match.start()]
            words = set(_LETTERS.findall(fold(between)))
            if words and words <= _EXTENSION_WORDS:
                numbers[-1][1] = f"{numbers[-1][1]} ext. {number}"
                continue
            bracket = _BRACKETED.match(between)
            if bracket:  # "030 123456 (Büro), 0171 …": the bracket belongs to the number before it
                numbers[-1][0] = f"{numbers[-1][0]} {bracket.group(1)}"
                between = between[bracket.end():]
            pending = between
        for piece in _split_slashes(number):
            numbers.append([pending, piece.strip()])
            pending = ""
    trailing = text[runs[-1].end():]
    if trailing.strip() and numbers:
        numbers[-1][0] = f"{numbers[-1][0]} {trailing}"
    return tuple((phone_kind(label), number) for label, number in numbers)


# --------------------------------------------------------------------------- e-mails

_EMAIL_TOKEN = re.compile(r"[^\s<>,;:|\"'()\[\]@]+@[^\s<>,;:|\"'()\[\]@]+")
_NO_VALUE = re.compile(r"^[\W_]*$")
_EMAIL_SEPARATORS = re.compile(r"[\s,;|<>:]")


def split_emails(text: str) -> tuple[str, ...]:
    """'a@x.de; b@y.de', 'a@x.de ::: b@y.de', 'Anna <a@x.de>' → the addresses in the cell.

    A cell with no address in it is given back whole, so that it is flagged rather than lost;
    names and separators around addresses are dropped (the raw cell is kept with the record).
    """
    text = text.strip()
    if text.count("@") == 1 and not _EMAIL_SEPARATORS.search(text):
        return (text,)  # the usual cell: one address, and nearly always a new one: no cache
    return _split_emails(text)


@lru_cache(maxsize=4096)
def _split_emails(text: str) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(m.group().rstrip(".") for m in _EMAIL_TOKEN.finditer(text)))
    if found and text.count("@") == len(found):
        return found
    if found:  # "a@x.de; b@@y.de": keep the good ones and the bad part as typed, to be flagged
        rest = _EMAIL_TOKEN.sub(" ", text)
        bad = [part.strip() for part in re.split(r"[\s,;|]+|:::", rest) if "@" in part]
        return found + tuple(bad)
    return () if _NO_VALUE.match(text) else (text,)


# --------------------------------------------------------------------------- tags

_TAG_SEPARATORS = re.compile(r"\s*(?::::|[,;|\n])\s*")
_QUOTES = "\"'“”„‘’«»` "


@lru_cache(maxsize=16384)
def split_tags(text: str) -> tuple[str, ...]:
    """'event-2024,"event-2024"' → ('event-2024',); '"vip, newsletter"' → ('vip', 'newsletter');
    Google's '* myContacts ::: Customers' → ('Customers',): the system groups ("* …") are Google's, not labels.
    Repeats are dropped ignoring case; the first spelling is kept."""
    tags: dict[str, str] = {}
    for part in _TAG_SEPARATORS.split(text):
        tag = " ".join(part.strip(_QUOTES).split())
        if not tag or tag.startswith("*") or _NO_VALUE.match(tag):
            continue
        tags.setdefault(fold(tag), tag)
    return tuple(tags.values())
