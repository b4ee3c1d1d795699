"""Logging to a rotating file in the platform's log folder, for the app and the command line.

The log is for whoever looks into a problem later, and a customer master's problems happen
near customer data: the folder and its files are readable by the user only, database
errors never carry their statements' parameters (the engines hide them), and e-mail
addresses and any parameter list that still reaches a message are blotted out.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from logging.handlers import RotatingFileHandler
from pathlib import Path

from workbench.paths import log_dir

LOG_FILE_NAME = "workbench.log"
PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR  # 0600
PRIVATE_DIR = stat.S_IRWXU  # 0700

_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$|\s*\()", re.DOTALL)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def scrub(text: str) -> str:
    """The text without SQL parameter lists and e-mail addresses."""
    text = _PARAMETERS.sub("[parameters hidden]", text)
    return _EMAIL.sub("<e-mail>", text)


def one_line(exc: BaseException) -> str:
    """An unexpected error in one line a user can pass on: no SQL, no parameters, no customer data."""
    orig = getattr(exc, "orig", None)  # a database error: the driver's own words, not the statement
    text = str(orig) if orig is not None else str(exc)
    first = text.strip().splitlines()[0] if text.strip() else ""
    return scrub(f"{type(exc).__name__}: {first}" if first else type(exc).__name__)


class _ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose files are created readable by their owner only."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
        os.chmod(self.baseFilename, PRIVATE_FILE)  # a file from before this version may be 0644
        return os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)


def _private_folder(path: Path) -> None:
    try:
        if stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIR:
            path.chmod(PRIVATE_DIR)
    except OSError:  # not ours to change (a shared folder given by WORKBENCH_HOME): the files stay private
        pass


def log_file() -> Path:
    return log_dir() / LOG_FILE_NAME


def configure(level: int = logging.INFO) -> Path:
    path = log_file()
    _private_folder(path.parent)
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        handler = PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(_ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
