"""The fields taking part in matching: on or off, how much each counts, and what the data taught."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from workbench.matching.comparisons import COMPARISONS
from workbench.matching.settings import FieldSetting, MatchSettings
from workbench.matching.status import LevelWeight
from workbench.stewardship.reasons import strength

COL_FIELD, COL_FACTOR, COL_LEARNED = range(3)
HEADINGS = ("Field", "Weight", "What the data says")
EXPLANATIONS = {
    "first_name": "Nicknames (Bob, Robert), initials, typos. Different first names mean different people.",
    "last_name": "Umlauts and accents, typos, sound-alikes, double names. A new surname may be a married name.",
    "generation": "Jr and Sr: father and son are two people.",
    "birth_date": "Day and month swapped, one part mistyped. Different dates mean different people.",
    "company": "Without legal forms and 'The': Müller Bau GmbH is Müller Bau.",
    "email": "Case, +tags and dots Gmail ignores do not matter; the same name at another provider counts too.",
    "phone": "Compared as full international numbers, however they were written.",
    "address": "Street abbreviations written out; the same house, street or town.",
    "email_name": "A newsletter sign-up without a surname: is the other's surname in its e-mail address?",
    "email_year": "One side without a birth date: does its e-mail address end in the other's birth year (anna85@…)?",
    "identifier": "A custom attribute that identifies a customer (set in the settings as identifier attributes).",
}


class MatchFieldsModel(QAbstractTableModel):
    settings_edited = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._settings = MatchSettings()
        self._weights: dict[str, list[LevelWeight]] = {}
        self._fields = [c for c in COMPARISONS]
        self._expert = False

    @property
    def settings(self) -> MatchSettings:
        return self._settings

    @property
    def weights(self) -> dict[str, list[LevelWeight]]:
        return self._weights

    def set_identifiers(self, names: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._settings = replace(self._settings, identifier_attributes=names)
        self.endResetModel()

    def set_state(self, settings: MatchSettings, weights: dict[str, list[LevelWeight]]) -> None:
        self.beginResetModel()
        self._settings = settings
        self._weights = weights
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._fields)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADINGS)

    def _setting(self, row: int) -> FieldSetting:
        return self._settings.fields.get(self._fields[row].field, FieldSetting())

    def learned_text(self, name: str) -> str:
        levels = self._weights.get(name)
        if name == "identifier" and not self._settings.identifier_attributes and not levels:
            return "no identifier attributes chosen or found (above)"
        if not levels:
            return "not estimated yet: find duplicates once"
        if self._expert:
            return " · ".join(f"{level.key.replace('_', ' ')} {level.weight:+.1f} bits" for level in levels)
        return " · ".join(f"{level.key.replace('_', ' ')}: {strength(level.weight)}" for level in levels)

    def set_expert(self, on: bool) -> None:
        """Bits per level for experts; strength words for everyone else."""
        self._expert = on
        if self._fields:
            self.dataChanged.emit(self.index(0, COL_LEARNED), self.index(len(self._fields) - 1, COL_LEARNED))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._fields):
            return None
        comparison = self._fields[index.row()]
        setting = self._setting(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_FIELD:
                return comparison.label
            if column == COL_FACTOR:
                return f"{setting.factor:.1f}"
            if column == COL_LEARNED:
                return self.learned_text(comparison.field)
        if role == Qt.ItemDataRole.EditRole and column == COL_FACTOR:
            return setting.factor
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_FIELD:
            return Qt.CheckState.Checked if setting.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_LEARNED:
                return "\n".join(f"{level.label}: {level.weight:+.1f} bits"
                                  for level in self._weights.get(comparison.field, []))
            return EXPLANATIONS.get(comparison.field)
        if role == Qt.ItemDataRole.ForegroundRole and not setting.enabled and column != COL_FIELD:
            from PySide6.QtGui import QColor

            return QColor("#9aa5b1")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_FACTOR:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_FIELD:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == COL_FACTOR:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        name = self._fields[index.row()].field
        setting = self._setting(index.row())
        if index.column() == COL_FIELD and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            setting = replace(setting, enabled=bool(checked))
        elif index.column() == COL_FACTOR and role == Qt.ItemDataRole.EditRole:
            try:
                factor = float(value)
            except (TypeError, ValueError):
                return False
            if not 0 <= factor <= 5:
                return False
            setting = replace(setting, factor=round(factor, 2))
        else:
            return False
        self._settings = replace(self._settings, fields={**self._settings.fields, name: setting})
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADINGS) - 1))
        self.settings_edited.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADINGS):
            return HEADINGS[section]
        return None
