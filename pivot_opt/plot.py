"""Loss curves of runs: total and per-term loss against iterations or cumulative tokens.

The loss of a run is the loss of its current plan, which holds until an iteration accepts
another, so curves are steps. The total and each term get a panel of their own (terms have
their own scales); runs are overlaid, one colour each, labelled with the history's run name,
and a cross marks where each run stopped. The legend sits outside the panels, where it hides
no curve. matplotlib is imported on first use with a non-interactive backend, so plotting
works on a machine with no screen and ``import pivot_opt`` stays light.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pivot_opt.errors import ConfigError
from pivot_opt.files import atomic_write
from pivot_opt.history import History

__all__ = ["loss_curve", "run_labels"]

HistoryLike = History | str | os.PathLike[str]
X_LABELS = {"iteration": "iteration", "tokens": "cumulative tokens (all phases)"}


def _as_history(h: HistoryLike) -> History:
    return h if isinstance(h, History) else History.load(h)


def run_labels(runs: Sequence[History]) -> list[str]:
    """The runs' own names; runs that share a name (seeds of one method) get their folder's name added."""
    names = [h.run for h in runs]
    labels = []
    for k, (name, hist) in enumerate(zip(names, runs, strict=True)):
        if names.count(name) > 1:
            folder = hist.path.parent.name if hist.path is not None else ""
            name = f"{name} ({folder})" if folder else f"{name} #{names[:k].count(name) + 1}"
        labels.append(name)
    for k, label in enumerate(labels):  # still shared (same folder name): number them
        if labels.count(label) > 1:
            labels[k] = f"{label} #{labels[:k].count(label) + 1}"
    return labels


def _finite(values: Sequence[float]) -> list[float]:
    """inf (an iteration whose INSPECT failed) is drawn as a gap, not as an axis to infinity."""
    return [v if math.isfinite(v) else math.nan for v in values]


def loss_curve(
    histories: HistoryLike | Sequence[HistoryLike],
    *,
    x: str = "iteration",
    terms: bool | Sequence[str] = True,
    labels: Sequence[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Draw total loss and per-term loss (one panel each) for one or several runs.

    Args:
        histories: a History, a JSONL path, or a list of them (runs are overlaid, one colour each).
        x: ``"iteration"`` or ``"tokens"`` (cumulative tokens of all phases).
        terms: True for every term, False for the total only, or a list of term names.
        labels: legend names per run (default: the run names of the histories, see :func:`run_labels`).
        out: if given, save a PNG there.
        ax: draw into this axes instead: the total solid and the terms dashed, overlaid.
    Returns the matplotlib Figure.
    """
    import matplotlib

    if ax is None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if x not in X_LABELS:
        raise ConfigError(f"x must be 'iteration' or 'tokens', got {x!r}")
    items = [histories] if isinstance(histories, (History, str, os.PathLike)) else list(histories)
    runs = [_as_history(h) for h in items]
    if labels is not None and len(labels) != len(runs):
        raise ConfigError(f"got {len(labels)} labels for {len(runs)} runs; give one label per history")
    names = [*dict.fromkeys(n for h in runs for n in h.term_names())] if terms is True else list(terms or [])
    overlay = ax is not None
    if overlay:
        fig, panels = ax.figure, {"total": ax, **{n: ax for n in names}}
    else:
        cols = 2 if len(names) == 3 else min(3, 1 + len(names))  # four panels: 2 x 2, not 3 + 1
        rows = math.ceil((1 + len(names)) / cols)
        size = (7.0, 4.2) if not names else (3.6 * cols + 1.8, 2.8 * rows + 0.5)
        fig, grid = plt.subplots(rows, cols, figsize=size, sharex=True, squeeze=False)
        flat = [a for row in grid for a in row]
        for extra in flat[1 + len(names):]:
            extra.set_visible(False)
        panels = dict(zip(["total", *names], flat, strict=False))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    styles = ["--", ":", "-.", (0, (5, 1)), (0, (3, 1, 1, 1))]
    for k, (hist, label) in enumerate(zip(runs, labels if labels is not None else run_labels(runs), strict=True)):
        colour = colours[k % len(colours)]
        xs = [r.iteration for r in hist.iterations] if x == "iteration" else hist.cumulative_tokens()
        series = {"total": hist.totals(), **{n: hist.term_series(n) for n in names}}
        for j, (name, ys) in enumerate(series.items()):
            # Earlier runs drawn wider: a run under an identical later one still shows as a border.
            style = {"ls": "-", "lw": max(1.2, 2.8 - 0.6 * k)} if not overlay or name == "total" else {
                "ls": styles[(j - 1) % len(styles)], "lw": 1.2, "alpha": 0.8}
            # In panels the panel title names the term, so the legend needs each run once.
            line_label = label if name == "total" else (f"{label}: {name}" if overlay else f"_{label}: {name}")
            panels[name].plot(xs, _finite(ys), drawstyle="steps-post", color=colour, label=line_label, **style)
            panels[name].plot(xs[-1:], _finite(ys[-1:]), ls="none", marker="X", ms=7, color=colour, mec="white",
                              mew=0.6, label=f"_stop: {label}", zorder=3)
    for panel, name in _unique(panels).items():
        _finish(panel, x, "" if overlay else name)
    if not overlay:
        for i, panel in enumerate(panels.values()):
            if i + cols < len(panels):
                panel.set_xlabel("")  # the panel below carries the shared x label
            else:
                panel.xaxis.set_tick_params(labelbottom=True)  # nothing below it: its own ticks
    handles = [line for panel in _unique(panels) for line in panel.get_lines()
               if not line.get_label().startswith("_")]
    handles.append(Line2D([], [], ls="none", marker="X", ms=7, color="0.3", mec="white", label="run stops"))
    if overlay or len(panels) == 1:
        ax = next(iter(panels.values()))
        ax.set_title(title or "PIVOT loss")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                  frameon=False, fontsize=8)
    else:
        fig.suptitle(title or "PIVOT loss", fontsize=11)
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 0.95), frameon=False, fontsize=8)
    fig.tight_layout()
    if out is not None:
        fmt = Path(out).suffix.lstrip(".").lower() or "png"
        if fmt not in fig.canvas.get_supported_filetypes():
            raise ConfigError(f"cannot draw a .{fmt} file ({out}); end the name with "
                              f"{', '.join('.' + f for f in ('png', 'pdf', 'svg'))}")
        atomic_write(out, lambda fh: fig.savefig(fh, dpi=150, format=fmt, bbox_inches="tight"), binary=True)
    return fig


def _unique(panels: dict[str, Any]) -> dict[Any, str]:
    """Each axes once, with the name of the first series drawn on it."""
    out: dict[Any, str] = {}
    for name, panel in panels.items():
        out.setdefault(panel, name)
    return out


def _finish(ax: Any, x: str, name: str) -> None:
    """Labels, floor, grid and ticks of one panel."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_xlabel(X_LABELS[x])
    if x == "iteration":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("loss" if name in ("", "total") else "term value")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3, lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    if name:
        ax.set_title("total loss" if name == "total" else name, fontsize=10)
