"""Person and company names: case repair, full-name splitting, company recognition.

Full names are split by nameparser (salutations, middle names, suffixes, "Last, First"). What
counts as a middle name is decided conservatively, because a wrong split makes two people's
names look alike or one person's look different:

- a hyphenated given name ("Anne-Marie", "Hans-Peter") is one name;
- a known double given name ("Maria José", "Jean Pierre", "Karl Heinz": `compound_given_names.txt`)
  is one name;
- in the countries where two given names are used together as the name (Spain, Portugal, France,
  Italy, Latin America) a first-name cell of two words is one name;
- otherwise a second word is a middle name only when it is an initial ("John A.") or a common
  given name (`given_names.txt`): "Katherine Lee" is Katherine, middle name Lee; "Anna Müller" in
  a first-name column with no last name is a full name.
Parts written all in capitals or all in small letters are repaired each on its own, so
"MÜLLER, Anna" gives Müller and Anna.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName
from nameparser.config import CONSTANTS

from workbench.paths import resource_path
from workbench.text import clean, east_asian, fold

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


# Countries where a first-name cell of two given names is the name the person goes by.
COMPOUND_GIVEN_COUNTRIES = frozenset(("ES", "PT", "FR", "IT", "MC", "AD", "SM", "BR", "MX", "AR", "CO", "CL",
                                      "PE", "VE", "EC", "BO", "UY", "PY", "CR", "PA", "GT", "HN", "SV", "NI",
                                      "DO", "CU", "PR"))
# Salutations a first-name cell may start with ("Herr Hans", "Dr. Anna"); nameparser's own list of
# titles is much longer and holds given names too ("Don", "Major", "King").
_SALUTATIONS = frozenset(("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau", "hr", "fr", "mme",
                          "mlle", "monsieur", "madame", "sra", "srta", "sig", "sigra", "dott", "dottssa", "dhr",
                          "mevr", "mw", "sir", "dame", "lady", "lord"))
# Suffixes a last-name cell may end with ("Smith Jr.").
_SUFFIXES = frozenset(("jr", "sr", "jnr", "snr", "ii", "iii", "iv", "v", "esq", "phd", "md"))
_ROMAN = frozenset(("ii", "iii", "iv", "v", "vi"))
# "Anna und Peter", "Jean & Marie": a couple in one first-name cell is not a full name to split.
_COUPLES = frozenset(("&", "+", "and", "und", "et", "en", "y", "e", "u."))
_WORD_SUFFIXES = frozenset(("jr", "sr", "jnr", "snr", "esq"))
# Countries where people carry two surnames ("García López"): a word between the given names
# and the last word of a full name is a surname there, a middle name elsewhere ("John Fitzgerald Kennedy").
DOUBLE_SURNAME_COUNTRIES = frozenset(("ES", "PT", "BR", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "BO", "UY",
                                      "PY", "CR", "PA", "GT", "HN", "SV", "NI", "DO", "CU", "PR"))
_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_PLAIN_WORD = re.compile(r"^[^\W\d_][^\W\d_'’\-]*$")


def _word_list(name: str) -> frozenset[str]:
    lines = resource_path("reference", name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The common given names of `given_names.txt`, folded (lower case, no accents)."""
    return _word_list("given_names.txt")


@lru_cache(maxsize=1)
def _compound_given_names() -> frozenset[str]:
    return _word_list("compound_given_names.txt")


def _bare(word: str) -> str:
    return fold(word).strip(".,")


def is_given_name(word: str) -> bool:
    """A common given name ('Lee', 'José', 'Pierre') or an initial ('A.')."""
    return bool(_INITIAL.match(word)) or _bare(word) in given_names()


def _repair(part: str | None) -> str | None:
    return repair_case(part) if part else part  # cached, and gives mixed case back as typed


def _suffix_form(suffix: str | None) -> str | None:
    if not suffix:
        return None
    bare = _bare(suffix)
    if bare in _ROMAN:
        return suffix.upper()
    if bare in _WORD_SUFFIXES:
        return suffix[:1].upper() + suffix[1:].lower()
    return suffix


@lru_cache(maxsize=65536)
def split_given_names(first: str | None, country: str | None = None) -> tuple[str | None, str | None]:
    """A first-name cell → (first name, middle name): 'Katherine Lee' → ('Katherine', 'Lee'),
    'Maria José' → ('Maria José', None), 'John A.' → ('John', 'A.'); see the module's rules."""
    first = clean(first)
    if not first:
        return None, None
    words = first.split()
    if len(words) < 2:
        return _repair(first), None
    if " ".join(_bare(w) for w in words[:2]) in _compound_given_names():
        head, rest = words[:2], words[2:]
    else:
        head, rest = words[:1], words[1:]
    initials_only = all(_INITIAL.match(w) for w in rest)
    if not rest or not (initials_only or all(is_given_name(w) for w in rest)):
        return _repair(first), None
    if not initials_only and (country or "").upper() in COMPOUND_GIVEN_COUNTRIES:
        return _repair(first), None
    return _repair(" ".join(head)), _repair(" ".join(rest))


def _fast_two_words(text: str) -> NameParts | None:
    """'Anna Müller': two plain words and nothing for nameparser to find (a fortieth of its cost)."""
    words = text.split()
    if len(words) != 2 or not all(_PLAIN_WORD.match(w) for w in words):
        return None
    first, last = (w.lower() for w in words)
    special = (CONSTANTS.titles, CONSTANTS.prefixes, CONSTANTS.conjunctions)
    if any(first in table or last in table for table in special) or last in CONSTANTS.suffix_not_acronyms \
            or last in CONSTANTS.suffix_acronyms:
        return None
    return NameParts(first=_repair(words[0]), last=_repair(words[1]))


# Names written family name first in Latin letters: Hungarian ("Kovács Anna") and Vietnamese ("Nguyễn Thị
# Thu Hằng": family Nguyễn, middle Thị Thu, the given name Hằng last, the one people are called by).
FAMILY_FIRST = {"HU", "VN"}
# Where lists are often kept surname first ("Bianchi Rosa", "Popescu Andreea") though names are said given
# name first: two words read so when only the second is a known given name.
SURNAME_FIRST_LISTS = {"IT", "RO", "MD"}
# The commonest Vietnamese family names (nine in ten people carry one of them): with Vietnamese letters
# in the name, they say it is written family name first wherever the file comes from.
VIETNAMESE_FAMILIES = {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
                       "hồ", "ngô", "dương", "lý", "đinh", "trương", "trịnh", "đoàn", "lương", "lâm", "tạ", "châu"}
_VIETNAMESE_LETTERS = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ]", re.IGNORECASE)


def written_family_first(last: str | None, *given: str | None) -> bool:
    """Is a name with this family name shown family name first ("山田 太郎", "Lê Văn Phúc")?"""
    if east_asian(last):
        return True
    return bool(last) and last.lower() in VIETNAMESE_FAMILIES and \
        any(_VIETNAMESE_LETTERS.search(part or "") for part in (last, *given))


def _family_first(text: str, country: str | None) -> NameParts | None:
    """A name written family name first (`FAMILY_FIRST`, a Vietnamese name anywhere, two words of a
    `SURNAME_FIRST_LISTS` country), split so; None for any other, and for a name whose comma says its
    order itself ("Nagy, Anna")."""
    words = text.split()
    if "," in text or len(words) < 2:
        return None
    country = (country or "").upper()
    vietnamese = country == "VN" or written_family_first(words[0], *words[1:])
    surname_first = country in SURNAME_FIRST_LISTS and len(words) == 2 and is_given_name(words[1]) \
        and not is_given_name(words[0])
    if not (vietnamese or surname_first or country in FAMILY_FIRST):
        return None
    title = None
    if words[0].rstrip(".").lower() in CONSTANTS.titles:  # "dr. Kovács Anna"
        title, words = words[0], words[1:]
    if len(words) < 2 or words[0].lower() not in VIETNAMESE_FAMILIES and is_given_name(words[0]) \
            and not is_given_name(words[1]):
        return None  # "Anna Kovács", "John Smith": written given name first, as in an international shop
    family, given = (words[0], words[-1]) if vietnamese else (words[0], words[1])
    middle = words[1:-1] if vietnamese else words[2:]
    return NameParts(title=_repair(title) if title else None, first=_repair(given),
                     middle=" ".join(_repair(w) for w in middle) or None, last=_repair(family))


@lru_cache(maxsize=65536)
def split_full_name(text: str | None, country: str | None = None) -> NameParts:
    """'Smith, John A.', 'Dr. Hans-Peter Müller', 'MÜLLER, Anna' → title, first, middle, last, suffix.

    nameparser puts every word between the first and the last into the middle name. Where people
    carry two surnames (`DOUBLE_SURNAME_COUNTRIES`) only given names and initials stay there and
    the words from the first other one on belong to the last name ('Maria José García López'
    in Spain: first 'Maria José', last 'García López')."""
    text = clean(text)
    if not text:
        return NameParts()
    if east_asian(text):  # '山田 太郎', '김 민준': the family name comes first; one word stays whole
        family, *given = text.split(maxsplit=1)
        return NameParts(first=given[0], last=family) if given else NameParts(first=text)
    family_first = _family_first(text, country)
    if family_first is not None:
        return family_first
    fast = _fast_two_words(text)
    if fast is not None:
        return fast
    name = HumanName(text)
    first, middle, last = name.first or "", name.middle or "", name.last or ""
    middle_words = middle.split()
    given = 0
    while given < len(middle_words) and is_given_name(middle_words[given]):
        given += 1
    others = middle_words[given:]
    if others and (country or "").upper() in DOUBLE_SURNAME_COUNTRIES:
        last, others = " ".join([*others, last]).strip(), []
    first, middle = split_given_names(" ".join([first, *middle_words[:given]]).strip(), country)
    middle = " ".join(filter(None, [middle, *(_repair(w) for w in others)]))
    return NameParts(
        title=_repair(name.title) or None,
        first=first or None,
        middle=middle or None,
        last=_repair(last) or None,
        suffix=_suffix_form(name.suffix) or None,
    )


@lru_cache(maxsize=65536)
def split_name_cells(first: str | None, last: str | None, country: str | None = None, *,
                     whole_first: bool = False) -> NameParts:
    """First- and last-name cells as typed → the parts: a salutation before the first name, a
    suffix after the last name, a middle name in the first-name cell, a full name typed into
    the first-name cell when the last-name cell is empty. `whole_first`: the row has a middle
    name of its own, so the first-name cell is not split."""
    first, last = clean(first), clean(last)
    title = suffix = None
    if first and " " in first:
        head, _, rest = first.partition(" ")
        if _bare(head) in _SALUTATIONS:
            title, first = _repair(head), rest
    if last and (" " in last or "," in last):
        head, _, tail = last.replace(",", " ").rstrip().rpartition(" ")
        if head.strip() and _bare(tail) in _SUFFIXES:
            last, suffix = head.strip(), _suffix_form(tail)
    if first and last and " " in first:  # "Anna Müller" beside "Müller": the whole name in the first-name cell
        given_words, last_words = first.split(), last.split()
        count = len(last_words)
        if len(given_words) > count and [fold(w) for w in given_words[-count:]] == [fold(w) for w in last_words]:
            first = " ".join(given_words[:-count])
    if whole_first:
        return NameParts(title, _repair(first), None, _repair(last), suffix)
    if first and not last and " " in first and not all(is_given_name(w) for w in first.split()) \
            and not looks_like_company(first) and not any(w.lower() in _COUPLES for w in first.split()):
        parts = split_full_name(first, country)
        return NameParts(title or parts.title, parts.first, parts.middle, parts.last, suffix or parts.suffix)
    given, middle = split_given_names(first, country)
    return NameParts(title, given, middle, _repair(last), suffix)


@lru_cache(maxsize=1)
def salutations() -> frozenset[str]:
    """salutations.txt: forms of address ("mr", "frau", "sra", "anh"), folded."""
    lines = resource_path("reference", "salutations.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _company_forms() -> tuple[frozenset[str], frozenset[str]]:
    """company_forms.txt: every legal form and business word, and the trades written first in a firm's
    name ("Farmácia Central"), marked ^ there."""
    lines = resource_path("reference", "company_forms.txt").read_text(encoding="utf-8").splitlines()
    words = [line.strip().lower() for line in lines if line.strip() and not line.startswith("#")]
    return frozenset(w.lstrip("^") for w in words), frozenset(w[1:] for w in words if w.startswith("^"))


@lru_cache(maxsize=65536)
def looks_like_company(text: str | None) -> bool:
    """True when a name carries a legal form or a business word (GmbH, Ltd, Bakery …)."""
    if not text:
        return False
    tokens = re.findall(r"[\w&]+", text.lower().replace(".", ""))
    if len(tokens) < 2:
        return False
    anywhere, leading = _company_forms()
    return any(token in anywhere for token in tokens[1:]) or tokens[0] in leading or "&" in text
