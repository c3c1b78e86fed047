"""Figures of a sweep (PNG): loss vs iteration, loss vs cumulative tokens, ablation bars, tokens vs satisfaction.

Curves use the benchmark's own scoring of every recorded plan (the default INSPECT loss),
so methods with different internal losses are drawn on one scale. A run that stopped early
keeps its last value to the right (it would not change with more budget).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pivot_opt.bench.stats import mean_ci

__all__ = ["ablation_bars", "loss_vs_iteration", "loss_vs_tokens", "tokens_vs_satisfaction"]

STYLE = {"pivot": "-", "ablation": "--", "hitl": "-.", "baseline": ":"}
MARKERS = "os^DvPX<>*"


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _by_method(runs: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in runs:
        out.setdefault(r["method"], []).append(r)
    return out


def _value_at(curve: list[dict[str, Any]], key: str, x: float, field: str = "loss") -> float:
    """The curve's value at ``x`` (last point at or before it), nan before the first point."""
    value = math.nan
    for point in curve:
        if point[key] <= x:
            value = point[field]
        else:
            break
    return value


def _save(fig: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    _plt().close(fig)
    return path


def loss_vs_iteration(runs: Sequence[dict[str, Any]], path: Path, title: str = "") -> Path:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for k, (method, items) in enumerate(_by_method(runs).items()):
        last = max(p["iteration"] for r in items for p in r["curve"])
        xs = list(range(last + 1))
        ys = [sum(_value_at(r["curve"], "iteration", x) for r in items) / len(items) for x in xs]
        ax.plot(xs, ys, STYLE.get(items[0]["family"], "-"), marker=MARKERS[k % len(MARKERS)], ms=4, label=method)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _loss_axes(ax, "iteration", title or "loss vs iteration")
    return _save(fig, path)


def loss_vs_tokens(runs: Sequence[dict[str, Any]], path: Path, title: str = "", points: int = 60) -> Path:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    top = max((p["tokens"] for r in runs for p in r["curve"]), default=1)
    grid = [top * k / (points - 1) for k in range(points)]
    for method, items in _by_method(runs).items():
        xs, ys = [], []
        for x in grid:
            values = [v for r in items if not math.isnan(v := _value_at(r["curve"], "tokens", x))]
            if len(values) == len(items):  # drawn once every run of the method has its first plan
                xs.append(x)
                ys.append(sum(values) / len(values))
        ax.plot(xs, ys, STYLE.get(items[0]["family"], "-"), label=method)
    _loss_axes(ax, "cumulative tokens (all phases)", title or "loss vs cumulative tokens")
    return _save(fig, path)


def _loss_axes(ax: Any, xlabel: str, title: str) -> None:
    """Labels, floor, grid and legend shared by the two loss-curve figures."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel("mean loss (default INSPECT)")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.set_title(title)
    ax.legend(fontsize=7, ncol=2)


def ablation_bars(runs: Sequence[dict[str, Any]], path: Path, title: str = "",
                  families: Sequence[str] = ("pivot", "ablation", "hitl")) -> Path:
    plt = _plt()
    groups = {m: items for m, items in _by_method(runs).items() if items[0]["family"] in families}
    metrics = [("satisfaction", "satisfaction"), ("case_acc", "case accuracy"), ("hard_pass", "hard pass")]
    fig, ax = plt.subplots(figsize=(max(6.0, 1.3 * len(groups) + 2), 4.2))
    width = 0.8 / len(metrics)
    for k, (key, label) in enumerate(metrics):
        means, errs = [], [[], []]
        for items in groups.values():
            mean, lo, hi = mean_ci([float(r[key]) for r in items])
            means.append(mean)
            errs[0].append(0 if math.isnan(lo) else mean - lo)
            errs[1].append(0 if math.isnan(hi) else hi - mean)
        xs = [i + (k - (len(metrics) - 1) / 2) * width for i in range(len(groups))]
        ax.bar(xs, means, width, yerr=errs, capsize=3, label=label)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(list(groups), rotation=20, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("mean (95% bootstrap CI)")
    ax.set_title(title or "ablations", pad=22)
    # Above the axes: inside, it would hide whichever bars sit under it.
    ax.legend(fontsize=8, ncol=len(metrics), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return _save(fig, path)


def tokens_vs_satisfaction(runs: Sequence[dict[str, Any]], path: Path, title: str = "") -> Path:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for k, (method, items) in enumerate(_by_method(runs).items()):
        tok, tlo, thi = mean_ci([r["tokens"] for r in items])
        sat, slo, shi = mean_ci([r["satisfaction"] for r in items])
        xerr = [[0 if math.isnan(tlo) else tok - tlo], [0 if math.isnan(thi) else thi - tok]]
        yerr = [[0 if math.isnan(slo) else sat - slo], [0 if math.isnan(shi) else shi - sat]]
        ax.errorbar([tok], [sat], xerr=xerr, yerr=yerr, fmt=MARKERS[k % len(MARKERS)], capsize=3, label=method,
                    alpha=0.85)
    ax.set_xlabel("mean tokens per run")
    ax.set_ylabel("mean constraint satisfaction")
    ax.grid(alpha=0.3)
    ax.set_title(title or "tokens vs satisfaction")
    ax.legend(fontsize=7)
    return _save(fig, path)
