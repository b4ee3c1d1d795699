"""Small text helpers shared by search, standardization and matching (no dependencies)."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "ı": "i"})
# German spelling without umlauts: Müller is also written Mueller.
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NOT_DIGIT = re.compile(r"\D")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Müller-Lüdenscheidt' → 'muller-ludenscheidt'."""
    if text.isascii():  # nothing to decompose; the same result, many times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_german(text: str) -> str:
    """Like `fold`, but umlauts become ae/oe/ue: 'Müller' → 'mueller'."""
    return fold(text.translate(_GERMAN))


def words(text: str) -> list[str]:
    """Folded words, splitting on anything that is not a letter or digit."""
    return folded_words(fold(text))


def folded_words(folded: str) -> list[str]:
    """`words` of a text that is folded already."""
    return _WORD.findall(folded)


def digits(text: str) -> str:
    return _NOT_DIGIT.sub("", text)


def clean(value: object) -> str | None:
    """Trimmed text with inner runs of white space collapsed; empty → None."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
