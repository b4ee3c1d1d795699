"""What a heading says about its column beyond the field it names: that it is someone else's ("Contact
Owner"), the date of the customer's first or last something ("Last Groom", "最終取引日"), or a number of
something ("Buyer User ID"). The mapping asks these where a column's values alone would decide."""

from __future__ import annotations

from workbench.ingest.heading_vocab import (
    BLOCKERS,
    DATE_WORDS,
    FIRST_LEADS,
    ID_DOCUMENTS,
    ID_INITIALS,
    ID_WORDS,
    LAST_LEADS,
    MONEY,
    NAME_FIRST,
    NOT_A_CUSTOMER_DATE,
    NOT_EVENTS,
    NUMBER_LEADS,
    SOMEONE_ELSE,
    names_someone_else,
)
from workbench.ingest.heading_words import normalize_heading


def says_someone_else(heading: str) -> bool:
    """Does the heading say its column is about someone other than the customer ("Contact Owner",
    "Assigned To", "Referred by")? Then an e-mail or a name in its values is that person's, and the
    column is kept as it is rather than taken for the customer's e-mail or name."""
    key = normalize_heading(heading)
    tokens = set(key.split())
    if names_someone_else(key):
        return True  # "Nhân viên bán hàng": the salesperson, in words that alone mean something else
    return bool(tokens & SOMEONE_ELSE) and not tokens <= {"owner", "owners", "name", "full", "s"}  # a pet's owner


def dated_event(heading: str) -> str | None:
    """"Last Groom", "Letzte Wartung", "First Lesson": the last or first of something the customer
    had, by a name no vocabulary knows; a date field if the values are dates (the caller checks)."""
    tokens = normalize_heading(heading).split()
    if len(tokens) == 1 and not tokens[0].isascii():  # "最終取引日", "上次美容", "최초방문일": one word, led by last or first
        return "last_order_at" if tokens[0].startswith(_LAST_CJK) else \
            "created_at" if tokens[0].startswith(_FIRST_CJK) else None
    if not 1 < len(tokens) <= 3 or set(tokens) & (NOT_A_CUSTOMER_DATE | MONEY | BLOCKERS | NOT_EVENTS | ID_WORDS):
        return None
    if len(tokens) == 3 and tokens[0] in DATE_WORDS | _MORE_DATE_WORDS:
        tokens = tokens[1:]  # "Дата останнього ремонту": the date of the last repair
    if tokens[0] in LAST_LEADS or tokens[-1] in LAST_LEADS - {"son", "most", "recent"}:
        return "last_order_at"  # "Letzte Wartung", "Alinunua mwisho" (Swahili: bought last)
    if tokens[0] in FIRST_LEADS and tokens[0] not in {"first", "1st"} | NAME_FIRST or \
            tokens[-1] in FIRST_LEADS - {"first", "1st", "premier", "premiere", "prima", "primo"} | NAME_FIRST:
        return "created_at"  # "Erster Besuch", "Tarikh tempahan pertama" (Malay: the first order)
    return None


# The last or the first, leading a word of Chinese, Japanese or Korean; "Date" in languages whose words for it
# no date vocabulary has
_LAST_CJK = ("最終", "最後", "最后", "上次", "上回", "前回", "直近", "最近", "마지막", "최근", "최종")
_FIRST_CJK = ("初回", "最初", "首次", "初次", "첫", "최초")
_MORE_DATE_WORDS = {"дата", "датум", "tarih", "tarikh", "tanggal", "tgl", "ngay"}


def says_id(heading: str) -> bool:
    """Does the heading say its column holds ids or numbers of something ("Buyer User ID", "Order #")?
    Such a column is never taken for phone numbers, whatever its digits look like."""
    tokens = normalize_heading(heading).split()
    if tokens and (tokens[0] in NUMBER_LEADS and len(tokens) > 1 or tokens[-1].endswith(("nummer", "numero"))
                   and len(tokens[-1]) > 7):
        return True  # "Номер картки", "Numer karty", "Kartennummer": a card's or a document's number
    if "".join(tokens) in ID_INITIALS and heading.strip().isupper():
        return True  # "C.C.": a Colombian patient's identity card number, not a phone
    return heading.rstrip().endswith("#") or bool(tokens) and tokens[-1] in ID_WORDS or bool(set(tokens) & ID_DOCUMENTS)
