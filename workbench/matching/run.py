"""`match`: from the customers in the master to scored, explained, clustered candidates.

A full run compares every blocked pair and estimates the weights afresh. After an import an
incremental run compares only the customers created or changed since the last run (against
everyone), reusing the weights the last full run estimated. Either way the run reads in one
session and writes in one transaction: candidates, clusters and the run record appear
together or not at all, and a cancelled run leaves the previous candidates as they were.

Stewards go on merging and deciding while a run compares. The write transaction holds the
write lock and reads again what may have changed since the run read the customers: a pair
decided meanwhile stays decided, a pair with a customer merged away meanwhile is not
written, and only candidates still as the run read them are retired.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench import collector
from workbench.matching import cluster as clustering
from workbench.matching import coherence
from workbench.matching.blocking import candidate_pairs
from workbench.matching.compare import PairLevels, compare_one, compare_pairs
from workbench.matching.comparisons import BY_FIELD
from workbench.matching.explain import explanations_json
from workbench.matching.features import Features, load_features
from workbench.matching.identifiers import effective_settings
from workbench.matching.model import (
    Labelled,
    MatchModel,
    estimate,
    estimate_u,
    levels_together,
    probability,
    score_pairs,
)
from workbench.matching.settings import MatchSettings, load_settings
from workbench.progress import NO_PROGRESS, Progress
from workbench.store import candidates as store
from workbench.store.master import Master
from workbench.store.models import MatchRun, MergeEvent, utcnow

EXPLAIN_BATCH = 20_000
SCORE_BATCH = 1_000_000
# A run is incremental only while the changed customers are a minority; else a full run is as cheap.
INCREMENTAL_SHARE = 0.4


@dataclass
class MatchReport:
    run_id: int
    mode: str
    customers: int
    focus: int  # customers compared against everyone (all of them in a full run)
    pairs_compared: int
    candidates: int  # open candidates after the run
    new: int
    updated: int
    retired: int
    clusters: int  # groups of three or more
    rejected_skipped: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    blocking: dict[str, int] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.started = time.perf_counter()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - start, 3)

    def total(self) -> float:
        return round(time.perf_counter() - self.started, 3)


def run_matching(master: Master, *, settings: MatchSettings | None = None, full: bool = False,
                 progress: Progress = NO_PROGRESS) -> MatchReport:
    with collector.paused():
        return _run_matching(master, settings=settings, full=full, progress=progress)


def _run_matching(master: Master, *, settings: MatchSettings | None, full: bool, progress: Progress) -> MatchReport:
    clock = _Clock()
    started_at = utcnow()
    progress(0, 0, "Reading customers…")
    with master.session() as session, clock.stage("load"):
        settings = effective_settings(session, settings or load_settings(session))
        settings.validate()
        fields = settings.enabled_fields()
        previous = store.last_run(session)
        model = _reusable_model(previous, settings) if not full else None
        focus_ids: list[int] | None = None
        if model is not None and previous is not None:
            focus_ids = _changed_customers(session, previous)
        features = load_features(session, fields=fields, identifier_attributes=settings.identifier_attributes,
                                 progress=progress)
        resolved = store.survivors(session)
        rejected = store.rejected_pairs(session, resolved)
        decided = store.decided_pairs(session)
        open_before = store.stored_candidates(session)
    n = features.size
    if focus_ids is not None and len(focus_ids) > INCREMENTAL_SHARE * max(n, 1):
        focus_ids, model = None, None
    mode = "full" if focus_ids is None else "incremental"
    focus = None
    if focus_ids is not None:
        focus = np.zeros(n, dtype=bool)
        focus[features.index_of(focus_ids)] = True

    progress(0, 0, "Finding pairs worth comparing…")
    with clock.stage("blocking"):
        a, b, blocking = candidate_pairs(features, max_block_size=settings.max_block_size, window=settings.window,
                                         focus=focus)
        a, b, skipped = _drop_rejected(features, a, b, rejected)
    with clock.stage("compare"):
        levels = compare_pairs(features, fields, a, b, progress)
        levels_together(fields, levels.levels, levels.swapped)
    if model is None:
        progress(0, 0, "Estimating how much each field counts…")
        with clock.stage("estimate"):
            u = estimate_u(features, fields)
            labelled = _labelled(features, fields, decided)
            model = estimate(features, fields, levels.levels, u, labelled=labelled,
                             decision_weight=settings.decision_weight,
                             factors={name: settings.factor(name) for name in fields})
            model.household_rule = settings.household_rule
    progress(0, 0, "Scoring pairs…")
    with clock.stage("score"):
        named = coherence.established_first_names(features)
        keep, kept_score, kept_weights = _score(model, features, levels, settings.review_threshold,
                                                coherence.both(named, a, b))
    # Only the kept pairs matter from here on; the rest of the compared pairs can go.
    kept_a, kept_b = a[keep], b[keep]
    kept_levels, kept_swapped = levels.levels[keep], levels.swapped[keep]
    pairs_compared = len(a)
    del a, b, levels
    ids = features.ids
    kept_pairs = dict(zip(zip(ids[kept_a].tolist(), ids[kept_b].tolist(), strict=True), kept_score.tolist(),
                          strict=True))
    kept_codes = coherence.contradictions(fields, kept_levels, *coherence.pair_flags(features, kept_a, kept_b, named))
    contradicted = {(int(ids[kept_a[k]]), int(ids[kept_b[k]])): int(kept_codes[k])
                    for k in np.flatnonzero(kept_codes).tolist()}

    # Links with nothing but the names against a difference join no group (`names_only_against`),
    # nor, with nothing but the names in common, a group holding such a pair (`split_chains`).
    kept_alone = coherence.names_alone(fields, kept_levels)
    # So do links of one name at one house or home phone, each with a mailbox of their own
    # (`one_house_two_mailboxes`: a father and a son of one name); their explanation says so.
    kept_weak, kept_house = coherence.links_not_followed(features, fields, kept_levels, kept_a, kept_b, kept_alone)

    def kept_where(mask: np.ndarray) -> set[tuple[int, int]]:
        """The kept pairs (customer ids) where `mask` holds."""
        return set(zip(ids[kept_a[mask]].tolist(), ids[kept_b[mask]].tolist(), strict=True))

    names_only, one_house, names_alone = kept_where(kept_weak), kept_where(kept_house), kept_where(kept_alone)

    progress(0, 0, "Grouping candidates…")
    with clock.stage("cluster"):
        focus_set = set(focus_ids or [])
        carried = {(c.customer_a_id, c.customer_b_id): c.score for c in open_before
                   if focus is not None and c.customer_a_id not in focus_set and c.customer_b_id not in focus_set
                   and c.customer_a_id not in resolved and c.customer_b_id not in resolved
                   and (c.customer_a_id, c.customer_b_id) not in rejected}
        scorer = _pair_scorer(features, fields, model, named)
        if carried:  # links kept from earlier runs: whether they are contradicted is asked afresh
            for pair, found in scorer(list(carried)).items():
                if found[2]:
                    contradicted[pair] = found[2]
                if found[3]:
                    names_only.add(pair)
                if found[4]:
                    names_alone.add(pair)
                if found[5]:
                    one_house.add(pair)
        edges = {pair: value for pair, value in {**carried, **kept_pairs}.items() if pair not in names_only}
        kept_apart: dict[tuple[int, int], tuple[int, tuple[int, int]]] = {}
        groups = clustering.split_chains(edges, scorer, cannot_link=rejected,
                                         conflict_floor=settings.review_threshold if settings.household_rule
                                         else float("-inf"), contradicted=contradicted, kept_apart=kept_apart,
                                         names_alone=names_alone, names_against=names_only,
                                         names_reason=coherence.NAMES_AGAINST)
        cluster_of = {member: min(group) for group in groups for member in group}

    prior = model.prior(n)
    chances = probability(kept_score).tolist()
    # What the household rule took back in each score, for its explanation (all of it, or part).
    taken_back = prior + kept_weights.sum(axis=1, dtype=np.float64) - kept_score.astype(np.float64)
    progress(0, len(keep), "Saving candidates…")
    with master.transaction() as session, master.activity("saving possible duplicates"), \
            store.write_cache(session):
        with clock.stage("write"):
            store.lock_for_matching(session)
            run = MatchRun(mode=mode, settings=settings.to_json(), started_at=started_at)
            session.add(run)
            session.flush()
            # What merges and decisions changed while the run compared, read under the lock.
            merged_now = store.survivors(session)
            rejected_now = store.rejected_pairs(session, merged_now)
            existing = store.all_pairs(session)
            unchanged = {(c.id, c.customer_a_id, c.customer_b_id, c.status) for c in open_before}
            open_unchanged = [c for c in store.stored_candidates(session)
                              if (c.id, c.customer_a_id, c.customer_b_id, c.status) in unchanged]
        new = updated = 0
        # In slices, so 10^6 candidates' explanations never sit in memory at once.
        for start in range(0, len(keep), EXPLAIN_BATCH):
            stop = min(start + EXPLAIN_BATCH, len(keep))
            with clock.stage("explain"):
                texts = explanations_json(features, fields, kept_a[start:stop], kept_b[start:stop],
                                          kept_levels[start:stop], kept_weights[start:stop],
                                          kept_swapped[start:stop], prior, household_rule=settings.household_rule,
                                          taken_back=taken_back[start:stop])
                rows = []
                for a_id, b_id, value, chance, text in zip(ids[kept_a[start:stop]].tolist(),
                                                           ids[kept_b[start:stop]].tolist(),
                                                           kept_score[start:stop].tolist(), chances[start:stop],
                                                           texts, strict=True):
                    if a_id in merged_now or b_id in merged_now or (a_id, b_id) in rejected_now:
                        continue
                    ci, cj = cluster_of.get(a_id), cluster_of.get(b_id)
                    apart = kept_apart.get((a_id, b_id))
                    if apart is not None:  # why this link was not followed: the review shows it
                        text = text[:-1] + "," + json.dumps(coherence.split_entry(apart[0], *apart[1]),
                                                            ensure_ascii=False) + "]"
                    elif (a_id, b_id) in names_only and (ci is None or ci != cj):
                        entry = coherence.names_only_entry(one_house=(a_id, b_id) in one_house)
                        text = text[:-1] + "," + json.dumps(entry, ensure_ascii=False) + "]"
                    rows.append({"customer_a_id": a_id, "customer_b_id": b_id, "score": round(value, 3),
                                 "probability": chance, "explanation": text,
                                 "cluster_id": ci if ci is not None and ci == cj else None})
            with clock.stage("write"):
                added, changed = store.write_candidates(session, rows, existing, run.id)
                new, updated = new + added, updated + changed
            progress(start, len(keep), f"Saving {len(keep):,} candidates…")
        with clock.stage("write"):
            retire = [c.id for c in open_unchanged
                      if (c.customer_a_id, c.customer_b_id) not in kept_pairs
                      and (focus is None or c.customer_a_id in focus_set or c.customer_b_id in focus_set
                           or c.customer_a_id in resolved or c.customer_b_id in resolved
                           or (c.customer_a_id, c.customer_b_id) in rejected)]
            store.retire_candidates(session, retire)
            store.mark_stale(session, store.stale_open_candidates(session))
            store.set_clusters(session, {c.id: _cluster_of(c, cluster_of) for c in open_unchanged
                                         if (c.customer_a_id, c.customer_b_id) in carried})
            open_after = store.candidate_count(session)
            report = MatchReport(
                run_id=run.id, mode=mode, customers=n, focus=n if focus is None else int(focus.sum()),
                pairs_compared=pairs_compared, candidates=open_after, new=new, updated=updated, retired=len(retire),
                clusters=sum(1 for g in groups if len(g) > 2), rejected_skipped=skipped, seconds=0.0,
                timings=clock.timings, blocking=blocking.pairs_by_rule,
                model={"iterations": model.iterations, "match_rate": model.match_rate,
                       "prior": round(model.prior(n), 3), "labelled": model.labelled})
            report.seconds = clock.total()
            run.stats = {**{k: v for k, v in report.as_dict().items() if k != "model"},
                         "model": model.to_json(), "fingerprint": settings.fingerprint()}
            run.finished_at = utcnow()
    report.seconds = clock.total()
    report.timings = dict(clock.timings)
    progress(1, 1, f"Found {open_after:,} possible duplicates")
    return report


def _score(model: MatchModel, features: Features, levels: PairLevels, threshold: float,
           named: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indexes, scores and field weights of the pairs scoring at least `threshold`.

    In slices: the weights of every compared pair (pairs × fields) would take 270 MB at 10^6
    customers, and only the few pairs kept need them.
    """
    keep: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for start in range(0, len(levels.levels), SCORE_BATCH):
        stop = start + SCORE_BATCH
        score, _, weight = score_pairs(model, features, levels.levels[start:stop], levels.matched[start:stop],
                                       levels.swapped[start:stop], named[start:stop] if named is not None else None)
        kept = np.flatnonzero(score >= threshold)
        keep.append(kept + start)
        scores.append(score[kept])
        weights.append(weight[kept])
    if not keep:
        return (np.empty(0, np.int64), np.empty(0, np.float64),
                np.empty((0, levels.levels.shape[1]), np.float32))
    return np.concatenate(keep), np.concatenate(scores), np.concatenate(weights)


def _cluster_of(candidate: store.StoredCandidate, cluster_of: dict[int, int]) -> int | None:
    ca, cb = cluster_of.get(candidate.customer_a_id), cluster_of.get(candidate.customer_b_id)
    return ca if ca is not None and ca == cb else None


def _reusable_model(previous: MatchRun | None, settings: MatchSettings) -> MatchModel | None:
    """The last run's weights, if that run compared the same way the settings say now."""
    if previous is None or not previous.stats:
        return None
    if previous.stats.get("fingerprint") != settings.fingerprint():
        return None
    model = MatchModel.from_json(previous.stats.get("model") or {})
    if model is None or model.fields != settings.enabled_fields():
        return None
    model.factors = {name: settings.factor(name) for name in model.fields}
    model.household_rule = settings.household_rule
    return model


def _changed_customers(session: Session, previous: MatchRun) -> list[int]:
    since = previous.started_at
    changed = set(store.changed_since(session, since))
    # Merges and unmerges change who is who, even where no customer row was touched.
    for survivor, merged, _created, undone in session.execute(
            select(MergeEvent.survivor_id, MergeEvent.merged_ids, MergeEvent.created_at, MergeEvent.undone_at)
            .where(or_(MergeEvent.created_at >= since, MergeEvent.undone_at >= since))):
        changed.add(survivor)
        if undone is not None and undone >= since:
            changed.update(int(m) for m in merged or [])
    return sorted(changed)


def _drop_rejected(features: Features, a: np.ndarray, b: np.ndarray,
                   rejected: set[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, int]:
    if not rejected or not len(a):
        return a, b, 0
    n = features.size
    left = features.positions(p[0] for p in rejected)
    right = features.positions(p[1] for p in rejected)
    active = (left >= 0) & (right >= 0)
    left, right = left[active], right[active]
    codes = np.minimum(left, right) * n + np.maximum(left, right)
    drop = np.isin(a * n + b, codes)
    return a[~drop], b[~drop], int(drop.sum())


def _labelled(features: Features, fields: list[str], decided: list[store.DecidedPair]) -> Labelled | None:
    """Level patterns of the steward's decisions: from the candidate they saw, else compared now."""
    patterns: list[list[int]] = []
    verdicts: list[bool] = []
    for decision in decided:
        pattern = _pattern_from_explanation(fields, decision.explanation)
        if pattern is None and not decision.is_match:
            i, j = features.positions([decision.customer_a_id, decision.customer_b_id]).tolist()
            if i >= 0 and j >= 0:
                results, crosswise = compare_one(features, fields, i, j)
                one = np.asarray([[r.level for r in results]], dtype=np.int8)
                levels_together(fields, one, np.asarray([crosswise]))
                pattern = one[0].tolist()
        if pattern is not None:
            patterns.append(pattern)
            verdicts.append(decision.is_match)
    if not patterns:
        return None
    return Labelled(np.asarray(patterns, dtype=np.int8), np.asarray(verdicts, dtype=bool))


def _pattern_from_explanation(fields: list[str], explanation: list[Any] | None) -> list[int] | None:
    if not explanation:
        return None
    found = {e.get("field"): e.get("level") for e in explanation if isinstance(e, dict)}
    pattern = []
    for name in fields:
        keys = BY_FIELD[name].level_keys()
        pattern.append(keys.index(found[name]) if found.get(name) in keys else 0)
    return pattern


def _pair_scorer(features: Features, fields: list[str], model: MatchModel,
                 named: np.ndarray | None = None) -> clustering.PairScore:
    """(score, conflict, contradiction, nothing but the names against a difference (or one name at
    one house, each with a mailbox of their own), nothing but the names, one name at one house) of
    pairs of customer ids (see `coherence.py`)."""
    def score(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[float, bool, int, bool, bool, bool]]:
        i = features.positions(p[0] for p in pairs)
        j = features.positions(p[1] for p in pairs)
        active = (i >= 0) & (j >= 0)
        if not active.all():
            pairs = [p for p, keep in zip(pairs, active.tolist(), strict=True) if keep]
            i, j = i[active], j[active]
        if not pairs:
            return {}
        levels = compare_pairs(features, fields, i, j)
        levels_together(fields, levels.levels, levels.swapped)
        system, both_named, years_differ, landline_only = coherence.pair_flags(features, i, j, named)
        values, conflicts, _ = score_pairs(model, features, levels.levels, levels.matched, levels.swapped, both_named)
        codes = coherence.contradictions(fields, levels.levels, system, both_named, years_differ, landline_only)
        alone = coherence.names_alone(fields, levels.levels)
        names_only, house = coherence.links_not_followed(features, fields, levels.levels, i, j, alone)
        return {p: (float(v), bool(c), int(k), bool(o), bool(n), bool(h))
                for p, v, c, k, o, n, h in zip(pairs, values, conflicts, codes, names_only, alone, house, strict=True)}

    return score
