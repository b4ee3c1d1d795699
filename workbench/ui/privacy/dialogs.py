"""The privacy dialogs: the erasure preview, the backup settings, and a passphrase prompt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.privacy.backups import DEFAULT_DAILY, DEFAULT_WEEKLY, BackupPolicy, default_folder
from workbench.privacy.erasure import ErasurePreview


class ErasureDialog(QDialog):
    """Says everything an erasure will remove, and asks once more."""

    def __init__(self, preview: ErasurePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("erasureDialog")
        people = len(preview.people)
        self.setWindowTitle("Erase customer" if people == 1 else f"Erase {people:,} customers")
        intro = QLabel("<b>This cannot be undone.</b> Everything below leaves the master and its file for good. "
                       "Their e-mail addresses and phone numbers are kept only as keyed hashes, so no later "
                       "import brings them back. Backups made before today still hold them until they expire.")
        intro.setWordWrap(True)
        details = QPlainTextEdit("\n".join(preview.lines() + self._people(preview)))
        details.setObjectName("erasurePreview")
        details.setReadOnly(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("erasureReason")
        self.reason.setPlaceholderText("Why, e.g. “request by e-mail of 3 May” (kept with the fact; name nobody)")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = QPushButton("Erase for good")
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setStyleSheet("QPushButton { color: white; background: #c53030; padding: 4px 14px; }")
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(details, 1)
        layout.addWidget(QLabel("Reason"))
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.resize(760, 520)

    @staticmethod
    def _people(preview: ErasurePreview) -> list[str]:
        if len(preview.people) == 1:
            return []
        lines = ["", "Who:"]
        lines += [f"  {p.master_number}  {p.name}" for p in preview.people[:500]]
        if len(preview.people) > 500:
            lines.append(f"  … and {len(preview.people) - 500:,} more")
        return lines


def backup_policy(settings: QSettings) -> BackupPolicy:
    folder = settings.value("backup/folder") or str(default_folder())
    return BackupPolicy(Path(str(folder)), int(settings.value("backup/daily") or DEFAULT_DAILY),
                        int(settings.value("backup/weekly") or DEFAULT_WEEKLY))


class BackupSettingsDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backup settings")
        self.settings = settings
        policy = backup_policy(settings)
        self.folder = QLineEdit(str(policy.folder))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.daily = QSpinBox()
        self.daily.setRange(1, 60)
        self.daily.setValue(policy.daily)
        self.weekly = QSpinBox()
        self.weekly.setRange(0, 104)
        self.weekly.setValue(policy.weekly)
        self.automatic = QCheckBox("Back up when opening a master that changed since its last backup")
        self.automatic.setChecked(settings.value("backup/automatic", "true") in (True, "true"))
        form = QFormLayout(self)
        form.addRow("Backup folder", row)
        form.addRow("Daily backups kept", self.daily)
        form.addRow("Weekly backups kept", self.weekly)
        form.addRow(self.automatic)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Backup folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _save(self) -> None:
        self.settings.setValue("backup/folder", self.folder.text().strip())
        self.settings.setValue("backup/daily", self.daily.value())
        self.settings.setValue("backup/weekly", self.weekly.value())
        self.settings.setValue("backup/automatic", "true" if self.automatic.isChecked() else "false")
        self.accept()


def ask_passphrase(parent: QWidget | None, where: str, *, new: bool = False) -> str | None:
    """The passphrase typed by the user (twice for a new master), or None when they cancel."""
    text, ok = QInputDialog.getText(parent, "Passphrase", f"Passphrase of {where}:", QLineEdit.EchoMode.Password)
    if not ok or not text:
        return None
    if new:
        again, ok = QInputDialog.getText(parent, "Passphrase", "The same passphrase again:",
                                         QLineEdit.EchoMode.Password)
        if not ok or again != text:
            return None
    return text
