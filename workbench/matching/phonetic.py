"""A phonetic key for surnames of the languages our customers write in.

Soundex and Metaphone were made for English. Customers here are German, Dutch, French,
Spanish, Italian and English, so the key folds the spellings those languages use for one
sound: Meier/Meyer/Maier/Mayer, Schmidt/Schmitt/Schmid, Hoffmann/Hofmann, Fischer/Fisher,
Philipps/Filips, Janssen/Jansen, Katharina/Catharina. It keeps the first sound, drops vowels
after it and collapses repeats, so it is a blocking key and a weak comparison level, never
proof on its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from workbench.text import fold_german

# Applied in order to the folded, letters-only text.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^mc", "mac"),
    (r"sch|sh", "s"),
    (r"tsch|tch|ch(?=[ei])", "s"),
    (r"ch", "k"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"dt|tt|d$", "t"),
    (r"ck|q|x", "k"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"g(?=[ei])", "j"),
    (r"tz|z", "s"),
    (r"ß", "s"),
    (r"v", "f"),
    (r"w", "v"),
    (r"ij|y", "i"),
    (r"(?<=[aeiou])h", ""),
    (r"h(?=[^aeiou]|$)", ""),
    (r"gn", "n"),
    (r"qu", "k"),
))
_VOWELS = re.compile(r"[aeiou]+")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def phonetic_key(text: str) -> str:
    """'Schmidt' → 'SMT', 'Meyer' → 'MR', '' → ''. Accents and case do not matter."""
    letters = "".join(c for c in fold_german(text) if c.isalpha())
    if not letters:
        return ""
    word = letters
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    word = _REPEATS.sub(r"\1", word)
    if not word:
        return letters[:1].upper()
    head, tail = word[0], word[1:]
    # Vowels after the first sound carry spelling, not sound (ei/ai/ay/ey, ae/e, oe/o).
    tail = _VOWELS.sub("", tail)
    head = "A" if head in "aeiou" else head.upper()
    return (head + tail.upper())[:6]
