"""Customer search: the one seam where SQLite and PostgreSQL differ.

Each customer row carries `search_text`, a folded bag of words (names, company, e-mails,
phone digits, master number). SQLite indexes it with an FTS5 external-content table kept in
step by triggers; PostgreSQL uses a trigram index, so a plain ILIKE per word is indexed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import ColumnElement, Connection, and_, or_, select, text

from workbench.store.models import Customer, format_master_number, parse_master_number
from workbench.text import digits, fold, fold_german, folded_words, words

_PHONE_LIKE = re.compile(r"^[\d\s+()./-]{5,}$")

# Only when the words changed: an UPDATE that sets `search_text` to what it was (a set-wise
# merge writes every survivor's whole row) would otherwise take the row out of the index and
# put it back, for nothing.
UPDATE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS customers_fts_update AFTER UPDATE OF search_text ON customers
       WHEN old.search_text IS NOT new.search_text BEGIN
           INSERT INTO customer_fts(customer_fts, rowid, search_text)
           VALUES ('delete', old.id, old.search_text);
           INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END"""

SQLITE_DDL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS customer_fts USING fts5(
           search_text, content='customers', content_rowid='id',
           tokenize="unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER IF NOT EXISTS customers_fts_insert AFTER INSERT ON customers BEGIN
           INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    """CREATE TRIGGER IF NOT EXISTS customers_fts_delete AFTER DELETE ON customers BEGIN
           INSERT INTO customer_fts(customer_fts, rowid, search_text)
           VALUES ('delete', old.id, old.search_text);
       END""",
    UPDATE_TRIGGER,
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS customers_fts_update",
    "DROP TRIGGER IF EXISTS customers_fts_delete",
    "DROP TRIGGER IF EXISTS customers_fts_insert",
    "DROP TABLE IF EXISTS customer_fts",
]


def install(connection: Connection) -> None:
    """Create the search index for this database (called by a migration)."""
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_DDL:
            connection.execute(text(statement))
    elif connection.dialect.name == "postgresql":
        # Creating an extension needs privileges a shared server may not grant; without it
        # search still works (ILIKE), only without an index.
        with connection.begin_nested():
            try:
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            except Exception:
                return
        connection.execute(text(
            "CREATE INDEX IF NOT EXISTS ix_customers_search_trgm "
            "ON customers USING gin (search_text gin_trgm_ops)"))


def uninstall(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_DROP:
            connection.execute(text(statement))
    elif connection.dialect.name == "postgresql":
        connection.execute(text("DROP INDEX IF EXISTS ix_customers_search_trgm"))


def build_search_text(
    *,
    names: Iterable[str | None],
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    customer_id: int | None = None,
) -> str:
    """The folded words a customer can be found by."""
    bag = [*name_words(tuple(names)), *contact_words(emails, phones)]
    if customer_id is not None:
        bag.append(format_master_number(customer_id).replace("-", "").lower())
    return " ".join(dict.fromkeys(bag))


@lru_cache(maxsize=65536)  # names repeat across a customer list; an import asks for each of its rows
def name_words(names: tuple[str | None, ...]) -> tuple[str, ...]:
    """Names' folded words, German spellings without umlauts beside them ('müller', 'mueller')."""
    bag: list[str] = []
    for value in names:
        if value:
            folded = fold(value)
            bag.extend(folded_words(folded))
            german = fold_german(value)
            if german != folded:
                bag.extend(folded_words(german))
    return tuple(bag)


def contact_words(emails: Iterable[str], phones: Iterable[str]) -> list[str]:
    """E-mail addresses whole and in words; phones as digits (callers pass each form people type)."""
    bag: list[str] = []
    for address in emails:
        folded = fold(address)
        if folded:
            bag.append(folded)  # the whole address, so a pasted address matches exactly
            bag.extend(folded_words(folded))
    for number in phones:
        number_digits = digits(number)
        if number_digits:
            bag.append(number_digits)
    return bag


def query_terms(query: str) -> list[list[str]]:
    """Each term with its alternative spellings: 'müller' is also 'mueller'."""
    query = query.strip()
    if _PHONE_LIKE.match(query) and len(digits(query)) >= 5:
        raw = digits(query)
        return [[raw[2:] if raw.startswith("00") else raw]]  # 0049… is +49…
    terms: list[list[str]] = []
    for word in query.split():
        plain = words(word)
        german = folded_words(fold_german(word))
        terms.extend([p] if p == g else [p, g] for p, g in zip(plain, german, strict=False))
        terms.extend([p] for p in plain[len(german):])
    return terms


def master_number_in(query: str) -> int | None:
    return parse_master_number(query) if re.fullmatch(r"\s*[cC]-?\s*\d+\s*", query) else None


def matches(dialect: str, query: str) -> ColumnElement[bool] | None:
    """A WHERE clause for customers matching every word of `query` (prefix match), or None."""
    terms = query_terms(query)
    if not terms:
        return None
    if dialect == "sqlite":
        fts_query = " AND ".join(
            "(" + " OR ".join('"' + t.replace('"', '""') + '"*' for t in alternatives) + ")"
            for alternatives in terms)
        fts = select(text("rowid")).select_from(text("customer_fts")).where(
            text("customer_fts MATCH :fts_query").bindparams(fts_query=fts_query))
        return Customer.id.in_(fts.scalar_subquery())
    return and_(*(or_(*(Customer.search_text.ilike(f"%{t}%") for t in alternatives)) for alternatives in terms))
