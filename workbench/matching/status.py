"""What the last match run did and what it learned, for the settings screen and `info`-like reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.matching.comparisons import BY_FIELD, never
from workbench.matching.model import MatchModel
from workbench.store import candidates as store
from workbench.store.models import MatchCandidate


@dataclass
class LevelWeight:
    key: str
    label: str
    weight: float  # bits


@dataclass
class LastRun:
    mode: str
    finished_at: datetime | None
    customers: int
    focus: int
    pairs_compared: int
    candidates: int
    clusters: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    # Field → its levels with the weight the data gave them (missing left out).
    weights: dict[str, list[LevelWeight]] = field(default_factory=dict)


def last_run(session: Session) -> LastRun | None:
    run = store.last_run(session)
    if run is None or not run.stats:
        return None
    stats = run.stats
    weights: dict[str, list[LevelWeight]] = {}
    model = MatchModel.from_json(stats.get("model") or {})
    if model is not None:
        factors = (run.settings or {}).get("fields") or {}
        model.factors = {name: float((factors.get(name) or {}).get("factor", 1.0)) for name in model.fields}
        for name in model.fields:
            comparison = BY_FIELD[name]
            levels = comparison.levels
            first = 2 if comparison.exact_test is never else 1
            weights[name] = [LevelWeight(levels[i].key, levels[i].label, model.weight(name, i))
                             for i in range(first, len(levels))]
    return LastRun(mode=run.mode, finished_at=run.finished_at, customers=int(stats.get("customers", 0)),
                   focus=int(stats.get("focus", 0)), pairs_compared=int(stats.get("pairs_compared", 0)),
                   candidates=int(stats.get("candidates", 0)), clusters=int(stats.get("clusters", 0)),
                   seconds=float(stats.get("seconds", 0.0)), timings=dict(stats.get("timings") or {}),
                   weights=weights)


def open_scores(session: Session) -> np.ndarray:
    """The scores (bits) of the open pairs an automatic merge could take, ascending: what the
    settings screen needs to say how many merges a threshold makes and how many may be wrong."""
    rows = session.execute(select(MatchCandidate.score).where(MatchCandidate.status == store.OPEN,
                                                             MatchCandidate.cluster_id.isnot(None)))
    return np.sort(np.fromiter((s for (s,) in rows), dtype=np.float64))
