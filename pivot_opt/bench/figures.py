"""Figures of a sweep (PNG): loss vs iteration or tokens, per-term panels, ablation bars, cost vs quality.

Curves use the benchmark's own scoring of every recorded plan (the default INSPECT loss),
so methods with different internal losses are drawn on one scale. Each curve is the mean
over a method's runs with a 95% bootstrap band, drawn as steps: the current plan's loss
holds until the next iteration changes it. A run that stopped early keeps its last value to
the right, and a tick marks where each run stopped; a method's curve ends where its last run
ended. A sweep with both baselines and ablations/HITL gets a panel for each, PIVOT in both.
Legends sit outside the axes, so they hide no data. Every figure function returns the
matplotlib Figure (closed once saved); an interval from fewer than
:data:`~pivot_opt.bench.stats.FEW_RUNS` runs raises a
:class:`~pivot_opt.bench.stats.FewRunsWarning`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pivot_opt.bench.stats import mean_ci, warn_few_runs

__all__ = ["ablation_bars", "anytime", "loss_by_term", "loss_vs_iteration", "loss_vs_tokens", "term_names",
           "tokens_vs_satisfaction"]

STYLE = {"pivot": "-", "ablation": "--", "hitl": "-.", "baseline": ":"}
MARKERS = "os^DvPX<>*"
BAND_RESAMPLES = 1000  # per point of a band; the tables use the full 2000
X_LABELS = {"iteration": "iteration", "tokens": "cumulative tokens (all phases)"}


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


def _colour(k: int) -> Any:
    """Distinct colours for up to 20 methods (tab10, then its light half); line styles tell families apart."""
    import matplotlib

    return matplotlib.colormaps["tab20"]((2 * k) % 20 + (k // 10) % 2)


def _point_value(point: dict[str, Any], field: str) -> float:
    if field.startswith("term:"):
        return float((point.get("terms") or {}).get(field[5:], math.nan))
    return float(point[field])


def _value_at(curve: list[dict[str, Any]], key: str, x: float, field: str = "loss") -> float:
    """The curve's value at ``x`` (last point at or before it), nan before the first point."""
    value = math.nan
    for point in curve:
        if point[key] <= x:
            value = _point_value(point, field)
        else:
            break
    return value


def _save(fig: Any, path: Path | None) -> Any:
    fig.tight_layout()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=150, bbox_inches="tight")
        _plt().close(fig)
    return fig


def _legend_outside(ax: Any, **kw: Any) -> Any:
    """A legend to the right of the axes: inside, it would hide whichever curves sit under it."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False,
                     fontsize=8, **kw)


def term_names(runs: Sequence[dict[str, Any]]) -> list[str]:
    """The loss terms recorded in the runs' curves, in first-seen order (empty for results without terms)."""
    names: list[str] = []
    for r in runs:
        for point in r["curve"]:
            names.extend(n for n in point.get("terms") or {} if n not in names)
    return names


def _grid(items: list[dict[str, Any]], x: str) -> list[float]:
    """Where a method's mean curve can change: from the point where every run has its first plan to the
    end of its longest run."""
    if x == "iteration":
        return [float(i) for i in range(max(p["iteration"] for r in items for p in r["curve"]) + 1)]
    start = max(r["curve"][0]["tokens"] for r in items)
    return sorted({float(start), *(float(p["tokens"]) for r in items for p in r["curve"] if p["tokens"] > start)})


def _mean_curve(ax: Any, items: list[dict[str, Any]], x: str, field: str, k: int, label: str,
                shown: int = 1) -> None:
    """The mean of a method's runs as steps, its 95% band, and a tick where each run stopped.

    ``shown`` is the number of methods on the axes: bands get lighter as more of them overlap."""
    colour, marker, family = _colour(k), MARKERS[k % len(MARKERS)], items[0]["family"]
    xs = _grid(items, x)
    stats = [mean_ci([v for r in items if not math.isnan(v := _value_at(r["curve"], x, at, field))],
                     n_resamples=BAND_RESAMPLES) for at in xs]
    means = [s[0] for s in stats]
    lo = [s[1] if not math.isnan(s[1]) else s[0] for s in stats]
    hi = [s[2] if not math.isnan(s[2]) else s[0] for s in stats]
    lw, z = (2.2, 3) if family == "pivot" else (1.5, 2)
    # Iterations are few: a marker on each shows the last one, which a step has no width to show.
    points = {"marker": marker, "ms": 3.5} if x == "iteration" else {}
    ax.plot(xs, means, STYLE.get(family, "-"), drawstyle="steps-post", color=colour, lw=lw, label=label, zorder=z,
            **points)
    ax.fill_between(xs, lo, hi, step="post", color=colour, alpha=min(0.15, 0.5 / shown), lw=0, label=f"_band: {label}")
    ends = sorted({float(r["curve"][-1][x]) for r in items})
    ax.plot(ends, [means[_index_at(xs, e)] for e in ends], ls="none", marker="|", ms=9, mew=1.6, color=colour,
            label=f"_stops: {label}")


def _index_at(xs: list[float], x: float) -> int:
    """Index of the last grid point at or before ``x``."""
    k = 0
    for i, at in enumerate(xs):
        if at <= x:
            k = i
    return k


def _loss_axes(ax: Any, x: str, title: str, ylabel: str = "loss (default INSPECT)") -> None:
    """Labels, floor, grid and ticks shared by the loss-curve figures."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_xlabel(X_LABELS[x])
    if x == "iteration":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3, lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)


def _stops_handle() -> Any:
    from matplotlib.lines import Line2D

    return Line2D([], [], ls="none", marker="|", ms=9, mew=1.6, color="0.3", label="a run stops")


def _comparisons(groups: dict[str, list[dict[str, Any]]]) -> list[tuple[str, list[str]]]:
    """Panels of a loss figure: PIVOT against the baselines, and against its ablations and HITL, when a
    sweep has both (eleven curves and bands on one axes hide each other); one panel otherwise."""
    family = {m: items[0]["family"] for m, items in groups.items()}
    reference = [m for m in groups if family[m] == "pivot"]
    baselines = [m for m in groups if family[m] == "baseline"]
    variants = [m for m in groups if family[m] in ("ablation", "hitl")]
    if baselines and variants:
        return [("baselines", reference + baselines), ("ablations and HITL", reference + variants)]
    return [("", list(groups))]


def _loss_vs(x: str, runs: Sequence[dict[str, Any]], path: Path | None, title: str) -> Any:
    plt = _plt()
    groups = _by_method(runs)
    warn_few_runs({m: len(items) for m, items in groups.items()})
    panels = _comparisons(groups)
    fig, axes = plt.subplots(1, len(panels), figsize=(4.6 * len(panels) + 2.6, 4.2), sharex=True, sharey=True,
                             squeeze=False)
    order = {m: k for k, m in enumerate(groups)}  # one colour per method in every panel
    handles: dict[str, Any] = {}
    for ax, (_, methods) in zip(axes[0], panels, strict=True):
        for method in methods:
            _mean_curve(ax, groups[method], x, "loss", order[method], method, len(methods))
    for ax, (name, _) in zip(axes[0], panels, strict=True):  # after all curves: the shared limits fit them all
        _loss_axes(ax, x, name if len(panels) > 1 else title, "mean loss (default INSPECT), 95% CI")
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    if len(panels) > 1:
        fig.suptitle(title, fontsize=11)
        axes[0][1].set_ylabel("")
        axes[0][1].yaxis.set_tick_params(labelleft=True)
    _legend_outside(axes[0][-1], handles=[*handles.values(), _stops_handle()])
    return _save(fig, path)


def loss_vs_iteration(runs: Sequence[dict[str, Any]], path: Path | None = None, title: str = "") -> Any:
    """Mean loss per iteration of every method, with bands and stop ticks; returns the Figure."""
    return _loss_vs("iteration", runs, path, title or "loss vs iteration")


def loss_vs_tokens(runs: Sequence[dict[str, Any]], path: Path | None = None, title: str = "") -> Any:
    """Mean loss against cumulative tokens, drawn once every run of the method has its first plan."""
    return _loss_vs("tokens", runs, path, title or "loss vs cumulative tokens")


def anytime(runs: Sequence[dict[str, Any]], path: Path | None = None, title: str = "",
            levels: Sequence[float] = ()) -> Any:
    """Satisfaction and case accuracy of the plan each method would return, against cumulative tokens
    (see :mod:`pivot_opt.bench.anytime`): mean over runs, 95% band, stop ticks; dotted lines at ``levels``."""
    from pivot_opt.bench.anytime import anytime_runs

    plt = _plt()
    groups = _by_method(anytime_runs(runs))
    warn_few_runs({m: len(items) for m, items in groups.items()})
    fig, axes = plt.subplots(1, 2, figsize=(11.8, 4.2), sharex=True, squeeze=False)
    for ax, (field, label) in zip(axes[0], [("satisfaction", "satisfaction"), ("case_acc", "case accuracy")],
                                  strict=True):
        for k, (method, items) in enumerate(groups.items()):
            _mean_curve(ax, items, "tokens", field, k, method, len(groups))
        _loss_axes(ax, "tokens", label, f"mean {label}, 95% CI")
        ax.set_ylim(0, 1.02)
    for level in levels:
        axes[0][0].axhline(level, ls=":", lw=0.8, color="0.5", zorder=1, label=f"_level {level}")
    handles, _ = axes[0][0].get_legend_handles_labels()
    _legend_outside(axes[0][-1], handles=[*handles, _stops_handle()])
    fig.suptitle(title or "anytime: quality vs cumulative tokens", fontsize=11)
    return _save(fig, path)


def loss_by_term(runs: Sequence[dict[str, Any]], path: Path | None = None, title: str = "",
                 x: str = "iteration", terms: Sequence[str] | None = None) -> Any:
    """One panel per loss term (raw term values of the benchmark's scoring), one curve per method."""
    plt = _plt()
    names = list(terms) if terms is not None else term_names(runs)
    if not names:
        raise ValueError("the runs' curves record no loss terms (results written before terms were recorded)")
    groups = _by_method(runs)
    warn_few_runs({m: len(items) for m, items in groups.items()})
    cols = 2 if len(names) == 4 else min(3, len(names))  # four panels: 2 x 2, not 3 + 1
    rows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.4 * cols + 1.8, 2.7 * rows + 0.4), sharex=True, squeeze=False)
    flat = [a for row in axes for a in row]
    for ax, name in zip(flat, names, strict=False):
        for k, (method, items) in enumerate(groups.items()):
            _mean_curve(ax, items, x, f"term:{name}", k, method, len(groups))
        _loss_axes(ax, x, name, "mean term value")
        ax.title.set_fontsize(10)
    for ax in flat[len(names):]:
        ax.set_visible(False)
    for i, ax in enumerate(flat[:len(names)]):
        if i % cols:
            ax.set_ylabel("")  # one y label per row
        if i + cols < len(names):
            ax.set_xlabel("")  # the panel below carries the shared x label
        else:
            ax.xaxis.set_tick_params(labelbottom=True)  # nothing below it: its own ticks
    handles, _ = flat[0].get_legend_handles_labels()
    fig.legend(handles=[*handles, _stops_handle()], loc="upper left", bbox_to_anchor=(1.0, 0.95), frameon=False,
               fontsize=8)
    fig.suptitle(title or "loss terms", fontsize=11)
    return _save(fig, path)


def ablation_bars(runs: Sequence[dict[str, Any]], path: Path | None = None, title: str = "",
                  families: Sequence[str] = ("pivot", "ablation", "hitl")) -> Any:
    """Satisfaction, case accuracy and hard pass per method with 95% bootstrap error bars."""
    plt = _plt()
    groups = {m: items for m, items in _by_method(runs).items() if items[0]["family"] in families}
    warn_few_runs({m: len(items) for m, items in groups.items()})
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
        ax.bar(xs, means, width, yerr=errs, capsize=3, label=label, color=_colour(k), error_kw={"lw": 1})
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(list(groups), rotation=20, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("mean, 95% bootstrap CI")
    ax.set_title(title or "ablations", pad=22)
    # Above the axes: inside, it would hide whichever bars sit under it.
    ax.legend(fontsize=8, ncol=len(metrics), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.grid(axis="y", alpha=0.3, lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def tokens_vs_satisfaction(runs: Sequence[dict[str, Any]], path: Path | None = None, title: str = "") -> Any:
    """Mean tokens against mean satisfaction per method, with 95% bootstrap error bars on both."""
    from matplotlib.ticker import FuncFormatter

    plt = _plt()
    groups = _by_method(runs)
    warn_few_runs({m: len(items) for m, items in groups.items()})
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for k, (method, items) in enumerate(groups.items()):
        tok, tlo, thi = mean_ci([r["tokens"] for r in items])
        sat, slo, shi = mean_ci([r["satisfaction"] for r in items])
        xerr = [[0 if math.isnan(tlo) else tok - tlo], [0 if math.isnan(thi) else thi - tok]]
        yerr = [[0 if math.isnan(slo) else sat - slo], [0 if math.isnan(shi) else shi - sat]]
        ax.errorbar([tok], [sat], xerr=xerr, yerr=yerr, fmt=MARKERS[k % len(MARKERS)], capsize=3, label=method,
                    color=_colour(k), ms=6, elinewidth=1)
    ax.set_xlabel("mean tokens per run")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("mean constraint satisfaction")
    ax.grid(alpha=0.3, lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or "tokens vs satisfaction")
    _legend_outside(ax)
    return _save(fig, path)
