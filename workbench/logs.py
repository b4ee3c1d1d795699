"""Logging to a rotating file in the platform's log folder, for the app and the command line."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from workbench.paths import log_dir

LOG_FILE_NAME = "workbench.log"


def log_file() -> Path:
    return log_dir() / LOG_FILE_NAME


def configure(level: int = logging.INFO) -> Path:
    path = log_file()
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
