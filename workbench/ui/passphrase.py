"""Opening a master from the window: an encrypted one takes its passphrase from the keyring or
WORKBENCH_PASSPHRASE, else asks for it (again after a wrong one). The open itself runs off the
UI thread (`opening.py`): an upgrade of a big master takes a while."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from workbench.commands import passphrase_for
from workbench.errors import WorkbenchError
from workbench.store.encryption import PassphraseNeeded
from workbench.store.master import Master
from workbench.ui.opening import open_master_in_background

ATTEMPTS = 3


def open_with_passphrase(parent: QWidget | None, target: str, passphrase: str | None = None, *,
                         create: bool = True) -> Master:
    from workbench.ui.privacy.dialogs import ask_passphrase

    passphrase = passphrase or passphrase_for(str(target))
    for _attempt in range(ATTEMPTS):
        try:
            return open_master_in_background(parent, target, create=create, passphrase=passphrase)
        except PassphraseNeeded:
            pass
        except WorkbenchError as exc:
            if "wrong passphrase" not in str(exc):
                raise
        cursor = QApplication.overrideCursor()
        if cursor is not None:
            QApplication.restoreOverrideCursor()
        passphrase = ask_passphrase(parent, str(target))
        if passphrase is None:
            raise WorkbenchError(f"{target}: not opened (the master is encrypted and no passphrase was given)")
    raise WorkbenchError(f"{target}: wrong passphrase")
