"""Encrypted masters: SQLite files encrypted with SQLCipher, opened through the `sqlcipher3`
binding (the optional `encryption` extra: `pip install -e '.[encryption]'`).

A master is encrypted when it is created with a passphrase; SQLCipher then encrypts every page
(AES-256, the key derived from the passphrase with PBKDF2-HMAC-SHA512), the write-ahead log
included, so neither file holds a readable byte of customer data. Everything else about the
master stays the same: SQLAlchemy's SQLite dialect runs over the SQLCipher driver.
"""

from __future__ import annotations

import contextlib
import importlib
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from workbench.errors import WorkbenchError

PLAIN_HEADER = b"SQLite format 3\x00"
INSTALL_HINT = "encrypted masters need the encryption extra (pip install 'steward-workbench[encryption]')"


class PassphraseNeeded(WorkbenchError):
    """The master is encrypted and no passphrase was given."""


def driver() -> ModuleType:
    """SQLCipher's DB-API module, or `WorkbenchError` saying how to install it."""
    try:
        return importlib.import_module("sqlcipher3.dbapi2")
    except ImportError:
        raise WorkbenchError(INSTALL_HINT) from None


def available() -> bool:
    try:
        driver()
    except WorkbenchError:
        return False
    return True


def is_encrypted(path: Path) -> bool:
    """A master file that exists, is not empty and is no plain SQLite file, and looks like
    SQLCipher's: whole pages (a multiple of 512 bytes) opening with a random salt. A text file
    or another document is not taken for an encrypted master, so opening it says it is no
    database rather than asking for a passphrase (a random salt is all printable ASCII about
    once in ten million)."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(16)
        size = Path(path).stat().st_size
    except OSError:
        return False
    if len(head) < 16 or head == PLAIN_HEADER or size % 512:
        return False
    return not all(32 <= byte < 127 or byte in b"\t\r\n" for byte in head)


def key_statement(passphrase: str) -> str:
    if not passphrase:
        raise WorkbenchError("the passphrase is empty")
    return "PRAGMA key = '" + passphrase.replace("'", "''") + "'"


def unlock(connection: Any, passphrase: str) -> None:
    """Give a fresh SQLCipher connection its key (before anything reads a page). A wrong key
    shows as "file is not a database" at the first read; SQLCipher's own log of it is silenced."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(key_statement(passphrase))


def operational_errors() -> tuple[type[BaseException], ...]:
    """The "database is busy/locked" exception classes of every SQLite driver loaded."""
    errors: list[type[BaseException]] = [sqlite3.OperationalError]
    with contextlib.suppress(ImportError):
        errors.append(importlib.import_module("sqlcipher3.dbapi2").OperationalError)
    return tuple(errors)


def connect(path: Path, key: str | None, *, read_only: bool = False) -> Any:
    """A plain DB-API connection to a master file (encrypted when `key` is given)."""
    module = driver() if key else sqlite3
    if read_only:
        connection = module.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    else:
        connection = module.connect(str(path))
    if key:
        unlock(connection, key)
    return connection
