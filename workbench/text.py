"""Small text helpers shared by search, standardization and matching (no dependencies)."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "ı": "i"})
# German spelling without umlauts: Müller is also written Mueller.
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_KANA_MARKS = "\u3099\u309a"  # the voicing marks of kana: フリガナ is not フリカナ (nor is й an и)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NOT_DIGIT = re.compile(r"\D")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Müller-Lüdenscheidt' → 'muller-ludenscheidt'."""
    if text.isascii():  # nothing to decompose; the same result, many times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL)).replace("и\u0306", "й").replace("И\u0306", "Й")
    bare = "".join(c for c in decomposed if c in _KANA_MARKS or not unicodedata.combining(c))
    # composed again: Korean syllables and Japanese voiced kana ('ガ') are letters, not accented ones
    return (bare if bare.isascii() else unicodedata.normalize("NFC", bare)).casefold()


def east_asian(text: str | None) -> bool:
    """True when a text begins in Chinese characters, kana or Hangul: names written family name first."""
    head = (text or "").lstrip()[:1]
    return bool(head) and ("\u3040" <= head <= "\u30ff" or "\u3400" <= head <= "\u4dbf" or "\u4e00" <= head <= "\u9fff"
                           or "\uac00" <= head <= "\ud7af" or "\u1100" <= head <= "\u11ff" or "\uf900" <= head <= "\ufaff")


# Scripts (and letters) that are written in one country only, so a file headed in them tells where its
# phone numbers are from: kana, Hangul, Greek, Thai, Hebrew, the Turkish ı and ğ.
_COUNTRY_SCRIPTS = (("JP", re.compile("[\u3040-\u30ff]")), ("KR", re.compile("[\uac00-\ud7af\u1100-\u11ff]")),
                    ("GR", re.compile("[\u0370-\u03ff]")), ("TH", re.compile("[\u0e00-\u0e7f]")),
                    ("IL", re.compile("[\u0590-\u05ff]")), ("TR", re.compile("[ığĞİ]")))


def country_of_script(texts: list[str]) -> str | None:
    """The one country whose script the texts are written in ('電話番号', 'メールアドレス' → JP), else None."""
    joined = " ".join(texts)
    found = {code for code, letters in _COUNTRY_SCRIPTS if letters.search(joined)}
    return found.pop() if len(found) == 1 else None


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
