"""An encrypted master's passphrase, kept in the operating system's keyring when the user asks.

The keyring (Windows Credential Locker, macOS Keychain, the Secret Service on Linux) is reached
through the `keyring` package of the `encryption` extra; where it or a keyring is missing,
nothing is kept and the passphrase is asked for (or read from WORKBENCH_PASSPHRASE).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from workbench import APP_ID

SERVICE = f"{APP_ID} master"


def _name(target: str | Path) -> str:
    text = str(target)
    return text if "://" in text else str(Path(text).expanduser().resolve())


def _keyring():  # type: ignore[no-untyped-def]
    try:
        module = importlib.import_module("keyring")
        backend = module.get_keyring()
    except Exception:  # noqa: BLE001 - not installed, or no usable backend on this machine
        return None
    return None if getattr(backend, "priority", 0) <= 0 else module


def keyring_available() -> bool:
    return _keyring() is not None


def stored_passphrase(target: str | Path) -> str | None:
    module = _keyring()
    if module is None:
        return None
    try:
        return module.get_password(SERVICE, _name(target))
    except Exception:  # noqa: BLE001 - a locked or broken keyring is the same as none
        return None


def store_passphrase(target: str | Path, passphrase: str) -> bool:
    """Keep the passphrase in the keyring; False when there is no keyring to keep it in."""
    module = _keyring()
    if module is None:
        return False
    try:
        module.set_password(SERVICE, _name(target), passphrase)
    except Exception:  # noqa: BLE001
        return False
    return True
