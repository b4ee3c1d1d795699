"""How a candidate's explanation is stored: each entry without what is known anyway (revision 0903).

An explanation is a list of entries, one per field the pair was compared on ({"field",
"label", "level", "weight", "left", "right"}, sometimes a "note" or "description") plus the
starting point and the household rule's and the grouping's own entries. Stored, an entry of a
compared field (or the starting point) leaves out:
- its "label" when it is that field's label (the comparisons name it; `labels`);
- "left" and "right" when they are null;
- "weight" when its level is "missing" and the weight is 0 (a missing value adds nothing).
About 40 % of the room a candidate takes. `expand` gives back the
entry as it was made, key for key; entries of other fields, or with a label of their own, are
stored as they are. Explanations stored before 0903 have every key and read as they are. The
review queue's filters read "field" and "level" in SQL: both stay in every entry.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

PRIOR_FIELD = "prior"
PRIOR_LABEL = "Starting point"
MISSING = "missing"
_OMITTED_WHEN_NULL = ("left", "right")


@cache
def labels() -> dict[str, str]:
    """Field → the label its entries carry: the starting point's and each comparison's."""
    from workbench.matching.comparisons import BY_FIELD  # the comparisons name their fields

    return {PRIOR_FIELD: PRIOR_LABEL, **{name: comparison.label for name, comparison in BY_FIELD.items()}}


def _zero(weight: Any) -> bool:
    return weight.__class__ in (int, float) and weight == 0 and math.copysign(1.0, weight) > 0


def compact_entry(entry: Any) -> Any:
    """An entry as stored (see the module's description)."""
    if not isinstance(entry, dict) or "label" not in entry or labels().get(entry.get("field")) != entry["label"] \
            or not all(key in entry for key in ("level", "weight", *_OMITTED_WHEN_NULL)):
        return entry
    out = {key: value for key, value in entry.items()
           if key != "label" and not (key in _OMITTED_WHEN_NULL and value is None)}
    if entry["level"] == MISSING and _zero(entry["weight"]):
        del out["weight"]
    return out


def expand_entry(entry: Any) -> Any:
    """An entry as it was made, from its stored form (an entry stored whole comes back as it is)."""
    if not isinstance(entry, dict) or "label" in entry:
        return entry
    label = labels().get(entry.get("field"))  # type: ignore[arg-type]
    if label is None:
        return entry
    out: dict[str, Any] = {"field": entry["field"], "label": label, "level": entry.get("level")}
    out["weight"] = entry.get("weight", 0.0)
    out["left"], out["right"] = entry.get("left"), entry.get("right")
    for key, value in entry.items():
        if key not in out:
            out[key] = value
    return out


def compact(explanation: Any) -> Any:
    return [compact_entry(e) for e in explanation] if isinstance(explanation, list) else explanation


def expand(explanation: Any) -> Any:
    return [expand_entry(e) for e in explanation] if isinstance(explanation, list) else explanation
