"""Every path the application uses comes from here.

The data folders follow platformdirs; `WORKBENCH_HOME` redirects all of them into one
folder (tests, portable installs). Reference data is found through `resource_path`, which
works from a source tree, an installed package and a PyInstaller bundle alike.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

from workbench import APP_ID

_DIRS = PlatformDirs(APP_ID, appauthor=False)


def _home_override() -> Path | None:
    home = os.environ.get("WORKBENCH_HOME")
    return Path(home) if home else None


def data_dir() -> Path:
    home = _home_override()
    path = home / "data" if home else Path(_DIRS.user_data_dir)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)  # customers' data: the user's eyes only
    return path


def log_dir() -> Path:
    home = _home_override()
    path = home / "logs" if home else Path(_DIRS.user_log_dir)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def settings_path() -> Path | None:
    """Where the app keeps its user settings when redirected; None means the platform's usual place."""
    home = _home_override()
    return home / "settings.ini" if home else None


def default_master_path() -> Path:
    return data_dir() / "master.sqlite"


def resources_root() -> Path:
    override = os.environ.get("WORKBENCH_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # PyInstaller one-folder or one-file build
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file under resources/ (reference data, icons, sample files)."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource missing: {'/'.join(parts)} (looked in {resources_root()})")
    return path


def migrations_dir() -> Path:
    """Alembic's script folder; shipped inside the package (and listed in the PyInstaller spec)."""
    return Path(__file__).resolve().parent / "store" / "migrations"
