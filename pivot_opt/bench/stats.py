"""Statistics of a sweep: bootstrap confidence intervals, paired tests, token ratios (scipy).

Runs are paired by (environment, task, seed): every method starts from the same plan with
the same seed, so method-vs-PIVOT differences are paired and tested with the Wilcoxon
signed-rank test. Confidence intervals are percentile bootstraps of the mean over runs.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["FEW_RUNS", "FewRunsWarning", "few_runs", "mean_ci", "paired", "paired_test", "refine_tokens",
           "relative_gain", "token_ratios", "warn_few_runs"]

FEW_RUNS = 5
"""Below this many runs a percentile-bootstrap interval is too narrow to trust (2 runs: 3 possible means)."""


class FewRunsWarning(UserWarning):
    """Confidence intervals were computed from fewer than :data:`FEW_RUNS` runs."""


def mean_ci(values: Sequence[float], confidence: float = 0.95, n_resamples: int = 2000,
            seed: int = 0) -> tuple[float, float, float]:
    """(mean, low, high) with a percentile bootstrap; the interval is nan with fewer than 2 values."""
    import numpy as np
    from scipy import stats

    data = np.asarray([float(v) for v in values], dtype=float)
    if data.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(data.mean())
    if data.size < 2:
        return mean, math.nan, math.nan
    if np.all(data == data[0]):
        return mean, mean, mean
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.bootstrap((data,), np.mean, confidence_level=confidence, n_resamples=n_resamples,
                              method="percentile", random_state=np.random.default_rng(seed))
    return mean, float(res.confidence_interval.low), float(res.confidence_interval.high)


def few_runs(counts: Mapping[str, int], minimum: int = FEW_RUNS) -> dict[str, int]:
    """The groups (e.g. methods) with fewer than ``minimum`` runs, with their counts."""
    return {name: n for name, n in counts.items() if n < minimum}


def warn_few_runs(counts: Mapping[str, int], minimum: int = FEW_RUNS) -> dict[str, int]:
    """Warn (:class:`FewRunsWarning`) when an interval of some group rests on fewer than ``minimum`` runs."""
    few = few_runs(counts, minimum)
    if few:
        listed = ", ".join(f"{name}: {n}" for name, n in few.items())
        warnings.warn(f"95% intervals from fewer than {minimum} runs ({listed}) are too narrow to trust; "
                      "add seeds or tasks (--seeds, --env ENV:TASKS)", FewRunsWarning, stacklevel=3)
    return few


def paired_test(x: Sequence[float], y: Sequence[float]) -> float:
    """Two-sided Wilcoxon signed-rank p-value of paired samples (1.0 when every pair ties; nan if empty)."""
    from scipy import stats

    if len(x) != len(y):
        raise ValueError(f"paired samples differ in length: {len(x)} and {len(y)}")
    diffs = [float(a) - float(b) for a, b in zip(x, y, strict=True)]
    if not diffs:
        return math.nan
    if all(abs(d) < 1e-12 for d in diffs):
        return 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(stats.wilcoxon(diffs, zero_method="wilcox", alternative="two-sided").pvalue)


def paired(runs: Sequence[dict[str, Any]], reference: Sequence[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """(method run, reference run) pairs with the same environment, task and seed."""
    index = {(r["env"], str(r["task"]), r["seed"]): r for r in reference}
    return [(r, index[key]) for r in runs if (key := (r["env"], str(r["task"]), r["seed"])) in index]


def refine_tokens(run: dict[str, Any]) -> int:
    """Tokens a run spent after PLAN (PLAN is shared by all methods of a task and seed)."""
    return int(run["tokens"]) - int(run.get("tokens_by_phase", {}).get("plan", 0))


def token_ratios(pairs: Sequence[tuple[dict, dict]]) -> dict[str, float | int]:
    """Method tokens / reference tokens: over all pairs (``ratio``; ``ratio_refine`` counts tokens
    after PLAN only), and over the pairs where the method's final satisfaction is equal to or
    better than the reference's (``ratio_at_sat``, over ``n_at_sat`` pairs)."""
    def ratio(items: Sequence[tuple[dict, dict]], count: Any = lambda r: r["tokens"]) -> float:
        ref = sum(count(b) for _, b in items)
        return sum(count(a) for a, _ in items) / ref if items and ref else math.nan

    at_sat = [(a, b) for a, b in pairs if a["satisfaction"] >= b["satisfaction"] - 1e-12]
    return {"ratio": ratio(pairs), "ratio_refine": ratio(pairs, refine_tokens), "ratio_at_sat": ratio(at_sat),
            "n_at_sat": len(at_sat), "n": len(pairs)}


def relative_gain(value: float, reference: float) -> float:
    """(value - reference) / reference; nan when the reference is 0."""
    return (value - reference) / reference if reference else math.nan
