"""Match settings: which fields take part, how much each counts, and the two thresholds.

Scores are match weights in bits: the base-2 logarithm of the odds that two records are of
the same customer. 0 is a coin toss, +10 is about 1,000 to 1 for, −10 about 1,000 to 1
against. Candidates at or above `review_threshold` are shown to the steward; clusters at or
above `auto_merge_threshold` may be merged without a person (`workbench merge --auto`).

Kept in the master's settings table (key "matching") so a team shares them; stored with a
version, and older or partial settings are read with defaults for what they lack.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from workbench.errors import WorkbenchError
from workbench.matching.comparisons import BY_FIELD, COMPARISONS
from workbench.store.models import Setting, utcnow

SETTINGS_KEY = "matching"
VERSION = 1


@dataclass(frozen=True)
class FieldSetting:
    enabled: bool = True
    # Multiplies the weights estimated from the data: 0.5 counts the field half, 2 twice.
    factor: float = 1.0


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    review_threshold: float
    auto_merge_threshold: float
    description: str


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("strict", "Strict", 2.0, 10.0,
           "Fewer suggestions; merges automatically only when nearly everything agrees."),
    Preset("balanced", "Balanced", 0.0, 3.0,
           "Suggests what a careful person would look at; merges automatically what they would not doubt."),
    Preset("loose", "Loose", -4.0, 2.0,
           "Also suggests long shots; merges automatically on good evidence."),
)}
DEFAULT_PRESET = "balanced"


def _default_fields() -> dict[str, FieldSetting]:
    return {c.field: FieldSetting() for c in COMPARISONS}


@dataclass(frozen=True)
class MatchSettings:
    version: int = VERSION
    preset: str = DEFAULT_PRESET  # a preset's name, or "custom" once thresholds are changed by hand
    review_threshold: float = PRESETS[DEFAULT_PRESET].review_threshold
    auto_merge_threshold: float = PRESETS[DEFAULT_PRESET].auto_merge_threshold
    fields: dict[str, FieldSetting] = field(default_factory=_default_fields)
    # Custom attributes that identify a customer (a VAT number, a membership number).
    identifier_attributes: tuple[str, ...] = ()
    # Also let attributes take part that look like personal identifiers in the data (identifiers.py).
    detect_identifiers: bool = True
    # A blocking key shared by more customers than this is compared only with its neighbours.
    max_block_size: int = 20
    # Sorted neighbourhood: each customer is compared with this many neighbours in name order.
    window: int = 2
    # Different first names, birth dates or Jr/Sr mean different people even when e-mail, phone or
    # address are shared (households, couples, parents and children). Off for lists without
    # households, where such differences are more often typing errors (a register of companies).
    household_rule: bool = True
    # How many unlabelled pairs one steward decision counts as when the weights are estimated.
    decision_weight: float = 20.0

    def with_preset(self, name: str) -> MatchSettings:
        preset = PRESETS.get(name)
        if preset is None:
            raise WorkbenchError(f"unknown preset {name!r} (choose {', '.join(PRESETS)})")
        return replace(self, preset=name, review_threshold=preset.review_threshold,
                       auto_merge_threshold=preset.auto_merge_threshold)

    def enabled_fields(self) -> list[str]:
        names = [c.field for c in COMPARISONS if self.fields.get(c.field, FieldSetting()).enabled]
        if not self.identifier_attributes:
            names = [n for n in names if n != "identifier"]
        return names

    def factor(self, name: str) -> float:
        return self.fields.get(name, FieldSetting()).factor

    def validate(self) -> None:
        if self.auto_merge_threshold < self.review_threshold:
            raise WorkbenchError("the auto-merge threshold must not be below the review threshold")
        if not self.enabled_fields():
            raise WorkbenchError("at least one field must take part in matching")
        if not {"first_name", "last_name", "company", "email", "phone"} & set(self.enabled_fields()):
            raise WorkbenchError("matching needs names, a company, e-mails or phones to find duplicates")
        for name, setting in self.fields.items():
            if name not in BY_FIELD:
                raise WorkbenchError(f"unknown match field {name!r}")
            if not 0 <= setting.factor <= 5 or math.isnan(setting.factor):
                raise WorkbenchError(f"{name}: the weight factor must be between 0 and 5")
        if self.max_block_size < 2 or self.window < 1:
            raise WorkbenchError("the block size must be at least 2 and the window at least 1")

    def fingerprint(self) -> dict[str, Any]:
        """What changes the comparisons (not the thresholds): a new fingerprint needs a full run."""
        return {"fields": self.enabled_fields(), "identifier_attributes": list(self.identifier_attributes),
                "max_block_size": self.max_block_size, "window": self.window, "household_rule": self.household_rule,
                "detect_identifiers": self.detect_identifiers,
                "factors": {n: self.factor(n) for n in self.enabled_fields()}}

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["identifier_attributes"] = list(self.identifier_attributes)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> MatchSettings:
        if not data:
            return cls()
        defaults = cls()
        fields = dict(defaults.fields)
        for name, value in (data.get("fields") or {}).items():
            if name in fields and isinstance(value, dict):
                fields[name] = FieldSetting(enabled=bool(value.get("enabled", True)),
                                            factor=float(value.get("factor", 1.0)))
        known = {k: data[k] for k in ("preset", "review_threshold", "auto_merge_threshold", "max_block_size",
                                      "window", "decision_weight", "household_rule", "detect_identifiers")
                 if k in data}
        return replace(defaults, **known, fields=fields, version=VERSION,
                       identifier_attributes=tuple(data.get("identifier_attributes") or ()))


def load_settings(session: Session) -> MatchSettings:
    row = session.get(Setting, SETTINGS_KEY)
    return MatchSettings.from_json(row.value if row else None)


def save_settings(session: Session, settings: MatchSettings) -> None:
    settings.validate()
    row = session.get(Setting, SETTINGS_KEY)
    if row is None:
        session.add(Setting(key=SETTINGS_KEY, value=settings.to_json(), updated_at=utcnow()))
    else:
        row.value = settings.to_json()
        row.updated_at = utcnow()
