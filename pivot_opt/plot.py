"""Loss curves: total and per-term loss against iterations or cumulative tokens.

matplotlib is imported on first use with a non-interactive backend, so plotting works on a
machine with no screen and ``import pivot_opt`` stays light.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pivot_opt.errors import ConfigError
from pivot_opt.files import atomic_write
from pivot_opt.history import History

__all__ = ["loss_curve"]

HistoryLike = History | str | os.PathLike[str]


def _as_history(h: HistoryLike) -> History:
    return h if isinstance(h, History) else History.load(h)


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
    """Draw total (solid) and per-term (dashed) loss for one or several runs.

    Args:
        histories: a History, a JSONL path, or a list of them (runs are overlaid, one colour each).
        x: ``"iteration"`` or ``"tokens"`` (cumulative tokens of all phases).
        terms: True for every term, False for the total only, or a list of term names.
        labels: legend names per run (default: the run names).
        out: if given, save a PNG there.
    Returns the matplotlib Figure.
    """
    import matplotlib

    if ax is None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if x not in ("iteration", "tokens"):
        raise ConfigError(f"x must be 'iteration' or 'tokens', got {x!r}")
    items = [histories] if isinstance(histories, (History, str, os.PathLike)) else list(histories)
    runs = [_as_history(h) for h in items]
    if labels is not None and len(labels) != len(runs):
        raise ConfigError(f"got {len(labels)} labels for {len(runs)} runs; give one label per history")
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 4.2))
    else:
        fig = ax.figure
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, hist in enumerate(runs):
        colour = colours[k % len(colours)]
        label = labels[k] if labels is not None else hist.run
        xs = [r.iteration for r in hist.iterations] if x == "iteration" else hist.cumulative_tokens()
        ax.plot(xs, hist.totals(), marker="o", ms=3, lw=2, color=colour, label=f"{label}: total")
        names = hist.term_names() if terms is True else (list(terms) if terms else [])
        styles = ["--", ":", "-.", (0, (5, 1)), (0, (3, 1, 1, 1))]
        for j, name in enumerate(names):
            ax.plot(xs, hist.term_series(name), ls=styles[j % len(styles)], lw=1.2, color=colour, alpha=0.75,
                    label=f"{label}: {name}")
    ax.set_xlabel("iteration" if x == "iteration" else "cumulative tokens")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("loss")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.set_title(title or "PIVOT loss")
    ax.legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    if out is not None:
        fmt = Path(out).suffix.lstrip(".").lower() or "png"
        if fmt not in fig.canvas.get_supported_filetypes():
            raise ConfigError(f"cannot draw a .{fmt} file ({out}); end the name with "
                              f"{', '.join('.' + f for f in ('png', 'pdf', 'svg'))}")
        atomic_write(out, lambda fh: fig.savefig(fh, dpi=120, format=fmt), binary=True)
    return fig
