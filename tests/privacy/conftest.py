"""A master holding Jan Przybyszewski in five sources, merged, with history and an export."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from privacy_master import build  # noqa: E402

from workbench.store.master import open_master  # noqa: E402


@pytest.fixture(scope="session")
def jan_master_template(tmp_path_factory) -> tuple[Path, list[Path], dict]:
    return build(tmp_path_factory.mktemp("jan"))


@pytest.fixture
def jan_master(jan_master_template, tmp_path) -> tuple[Path, list[Path], dict]:
    """A fresh copy of the template master for one test."""
    path, files, facts = jan_master_template
    copy = tmp_path / "master.sqlite"
    source = open_master(path)
    try:  # a consistent copy, whatever the template's log holds
        raw = source.engine.raw_connection()
        try:
            target = sqlite3.connect(copy)
            raw.driver_connection.backup(target)
            target.close()
        finally:
            raw.close()
    finally:
        source.close()
    shutil.copymode(path, copy)
    return copy, files, facts
