"""Anytime curves: satisfaction and case accuracy against cumulative tokens, and tokens-to-reach.

A run's value at token ``t`` is the satisfaction of the plan the method *would return* if it
stopped at its last recorded plan at or before ``t``: its selection rule (see
:mod:`pivot_opt.bench.methods`) applied to the plans recorded so far. ``last``: the current
plan; ``best``: the lowest method loss so far (the first one on ties, as ``Pivot`` keeps it);
``verify``: the latest plan meeting the most visible hard requirements (results written before
the curves recorded those count fall back to the current plan). At the run's last point the
value is the returned plan's reported satisfaction, so the curve ends where the tables do.
Case accuracy at ``t`` is whether that satisfaction is 1 (every requirement met).
Tokens-to-reach: the first cumulative token count at which a run's value is at least a level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pivot_opt.bench.methods import verified_choice
from pivot_opt.bench.stats import mean_ci, paired

__all__ = ["LEVELS", "anytime_curves", "anytime_runs", "ratio_ci", "reach_table", "returned_curve",
           "tokens_to_reach"]

LEVELS: tuple[float, ...] = (0.9, 0.95, 0.99, 1.0)
EPS = 1e-12


def _selected(rule: str, points: list[dict[str, Any]]) -> dict[str, Any]:
    """The point a method's selection rule picks among the recorded points so far."""
    if rule == "best" and all("method_loss" in p for p in points):
        chosen = points[0]
        for p in points[1:]:
            if float(p["method_loss"]) < float(chosen["method_loss"]):
                chosen = p
        return chosen
    if rule == "verify" and all("visible_hard_passed" in p for p in points):
        return points[verified_choice([p["visible_hard_passed"] for p in points])]
    return points[-1]


def returned_curve(run: dict[str, Any]) -> list[dict[str, float]]:
    """The run's anytime step curve: ``tokens``, ``satisfaction`` and ``case_acc`` (0/1) per recorded plan."""
    points = list(run["curve"])
    rule = str(run.get("select") or "last")
    out = []
    for k, point in enumerate(points):
        sat = float(_selected(rule, points[: k + 1])["satisfaction"])
        if k == len(points) - 1 and "satisfaction" in run:
            sat = float(run["satisfaction"])  # the returned plan, as the tables report it
        out.append({"tokens": float(point["tokens"]), "satisfaction": sat, "case_acc": float(sat >= 1.0 - EPS)})
    return out


def anytime_runs(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The runs with their curves replaced by their anytime curves (for the loss-curve drawing helpers)."""
    return [{**r, "curve": returned_curve(r)} for r in runs if r.get("curve")]


def anytime_curves(runs: Sequence[dict[str, Any]], field: str = "satisfaction",
                   n_resamples: int = 1000) -> dict[str, dict[str, list[float]]]:
    """Per method: the token grid and the mean over runs with its 95% bootstrap band (``lo``, ``hi``).

    The grid starts where every run of the method has its first plan; a run that stopped keeps
    its last value."""
    from pivot_opt.bench.figures import _by_method, _grid, _value_at

    out = {}
    for method, items in _by_method(anytime_runs(runs)).items():
        xs = _grid(items, "tokens")
        stats = [mean_ci([v for r in items if not math.isnan(v := _value_at(r["curve"], "tokens", at, field))],
                         n_resamples=n_resamples) for at in xs]
        out[method] = {"tokens": xs, "mean": [s[0] for s in stats],
                       "lo": [s[0] if math.isnan(s[1]) else s[1] for s in stats],
                       "hi": [s[0] if math.isnan(s[2]) else s[2] for s in stats]}
    return out


def tokens_to_reach(run: dict[str, Any], level: float) -> float | None:
    """The first cumulative token count at which the run's anytime satisfaction is at least ``level``."""
    return next((p["tokens"] for p in returned_curve(run) if p["satisfaction"] >= level - EPS), None)


def ratio_ci(pairs: Sequence[tuple[float, float]], confidence: float = 0.95, n_resamples: int = 2000,
             seed: int = 0) -> tuple[float, float, float]:
    """sum(method) / sum(reference) over pairs, with a percentile-bootstrap interval over pairs.

    The interval is nan with fewer than 2 pairs; the ratio is nan when the reference sums to 0."""
    import numpy as np

    if not pairs:
        return math.nan, math.nan, math.nan
    a, b = (np.asarray(col, dtype=float) for col in zip(*pairs, strict=True))
    ratio = float(a.sum() / b.sum()) if b.sum() else math.nan
    if len(pairs) < 2 or math.isnan(ratio):
        return ratio, math.nan, math.nan
    idx = np.random.default_rng(seed).integers(0, len(pairs), size=(n_resamples, len(pairs)))
    den = b[idx].sum(axis=1)
    boots = a[idx].sum(axis=1)[den > 0] / den[den > 0]
    tail = 100 * (1 - confidence) / 2
    return ratio, float(np.percentile(boots, tail)), float(np.percentile(boots, 100 - tail))


def reach_table(runs: Sequence[dict[str, Any]], levels: Sequence[float] = LEVELS,
                reference: str = "pivot") -> list[dict[str, Any]]:
    """One row per (level, method) of one environment's runs: the share of runs reaching the level,
    the median tokens of those that do, and the token ratio to the reference with its 95%
    bootstrap CI over the pairs (same task and seed) where both reach it."""
    import numpy as np

    from pivot_opt.bench.figures import _by_method

    groups = _by_method([r for r in runs if r.get("curve")])
    ref = groups.get(reference, [])
    rows = []
    for level in levels:
        for method, items in groups.items():
            reached = [t for r in items if (t := tokens_to_reach(r, level)) is not None]
            both = [(ta, tb) for a, b in (paired(items, ref) if method != reference else [])
                    if (ta := tokens_to_reach(a, level)) is not None and (tb := tokens_to_reach(b, level)) is not None]
            ratio, lo, hi = ratio_ci(both) if method != reference else (math.nan, math.nan, math.nan)
            rows.append({"level": level, "method": method, "n": len(items), "n_reach": len(reached),
                         "share_reach": len(reached) / len(items),
                         "median_tokens": float(np.median(reached)) if reached else math.nan,
                         "ratio": ratio, "ratio_lo": lo, "ratio_hi": hi, "n_pairs": len(both)})
    return rows
