"""Sweep figures, checked through their matplotlib objects: bands, steps, stop ticks, panels, legends, warnings."""

from __future__ import annotations

import warnings

import pytest
from matplotlib.collections import PolyCollection

from pivot_opt.bench import figures
from pivot_opt.bench.stats import FEW_RUNS, FewRunsWarning, few_runs, warn_few_runs


@pytest.fixture(autouse=True)
def _close_figures():
    """Figures drawn without a path stay open in pyplot (for the caller to show): close them after each test."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")

def run(method, seed, losses, tokens_per_step=100, family="baseline"):
    """One run's result with a curve (the benchmark's loss and two terms per recorded plan)."""
    curve = [{"iteration": i, "tokens": 1000 + tokens_per_step * i, "loss": loss, "satisfaction": 1 - loss,
              "terms": {"hard": loss / 2, "soft": loss / 4}} for i, loss in enumerate(losses)]
    return {"env": "daytrip", "task": 0, "method": method, "family": family, "seed": seed, "curve": curve,
            "tokens": curve[-1]["tokens"], "satisfaction": 1 - losses[-1], "case_acc": losses[-1] == 0,
            "hard_pass": losses[-1] < 0.5, "final_loss": losses[-1]}


@pytest.fixture
def runs():
    out = []
    for seed in range(FEW_RUNS):
        out.append(run("pivot", seed, [0.8, 0.5 - 0.02 * seed, 0.2], family="pivot"))
        # textgrad's runs stop at different iterations and token counts
        out.append(run("textgrad", seed, [0.8, 0.7, 0.6 + 0.01 * seed][: 2 + seed % 2], tokens_per_step=400))
    return out


def drawn(fig, ax=None):
    fig.canvas.draw()
    return ax or fig.axes[0]


def test_loss_curves_have_a_band_per_method_and_steps(runs):
    for draw in (figures.loss_vs_iteration, figures.loss_vs_tokens):
        ax = drawn(draw(runs))
        bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
        assert len(bands) == 2  # one 95% band per method
        curves = {line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")}
        assert set(curves) == {"pivot", "textgrad"}
        assert all(line.get_drawstyle() == "steps-post" for line in curves.values())


def test_the_band_is_the_interval_of_the_runs(runs):
    ax = drawn(figures.loss_vs_iteration(runs))
    pivot = next(line for line in ax.get_lines() if line.get_label() == "pivot")
    assert list(pivot.get_xdata()) == [0, 1, 2]
    assert pivot.get_ydata()[1] == pytest.approx(sum(0.5 - 0.02 * s for s in range(FEW_RUNS)) / FEW_RUNS)
    band = next(c for c in ax.collections if isinstance(c, PolyCollection))
    ys = band.get_paths()[0].vertices[:, 1]
    assert min(ys) < pivot.get_ydata()[1] < max(ys)


def test_a_tick_marks_where_each_run_stops_and_curves_end_with_their_runs(runs):
    ax = drawn(figures.loss_vs_tokens(runs))
    stops = next(line for line in ax.get_lines() if line.get_label() == "_stops: textgrad")
    assert sorted(stops.get_xdata()) == [1400, 1800]  # textgrad runs end after 1 or 2 steps of 400 tokens
    textgrad = next(line for line in ax.get_lines() if line.get_label() == "textgrad")
    assert max(textgrad.get_xdata()) == 1800 and min(textgrad.get_xdata()) == 1000
    assert "a run stops" in [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.mark.parametrize("draw", [figures.loss_vs_iteration, figures.loss_vs_tokens, figures.tokens_vs_satisfaction])
def test_legends_sit_outside_the_axes(runs, draw):
    ax = drawn(draw(runs))
    legend, box = ax.get_legend().get_window_extent(), ax.get_window_extent()
    assert legend.x0 >= box.x1  # to the right: it hides no data


def test_per_term_panels(runs, tmp_path):
    fig = drawn(figures.loss_by_term(runs, tmp_path / "terms.png", x="tokens"), None).figure
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == ["hard", "soft"]
    hard = next(line for line in panels[0].get_lines() if line.get_label() == "pivot")
    assert hard.get_ydata()[-1] == pytest.approx(0.1)  # mean of the runs' last "hard" values
    assert len([c for c in panels[1].collections if isinstance(c, PolyCollection)]) == 2
    legend = fig.legends[0].get_window_extent()
    assert all(legend.x0 >= ax.get_window_extent().x1 for ax in panels)
    assert (tmp_path / "terms.png").stat().st_size > 0
    old = [{**r, "curve": [{k: v for k, v in p.items() if k != "terms"} for p in r["curve"]]} for r in runs]
    assert figures.term_names(old) == []
    with pytest.raises(ValueError, match="no loss terms"):
        figures.loss_by_term(old)


def test_intervals_from_few_runs_warn(runs):
    few = [r for r in runs if r["seed"] < 2]
    for draw in (figures.loss_vs_iteration, figures.loss_vs_tokens, figures.loss_by_term, figures.ablation_bars,
                 figures.tokens_vs_satisfaction):
        with pytest.warns(FewRunsWarning, match=r"fewer than 5 runs \(pivot: 2"):
            draw(few)
    with warnings.catch_warnings():
        warnings.simplefilter("error", FewRunsWarning)
        figures.loss_vs_iteration(runs)  # FEW_RUNS runs each: no warning
    assert few_runs({"a": 4, "b": 5}) == {"a": 4}
    assert warn_few_runs({"a": 9}) == {}


def test_baselines_and_ablations_get_a_panel_each_with_pivot_in_both(runs):
    more = [*runs, *(run("no-plan", s, [0.9, 0.6, 0.5], family="ablation") for s in range(FEW_RUNS))]
    fig = figures.loss_vs_iteration(more, title="t")
    fig.canvas.draw()
    panels = fig.axes
    assert [ax.get_title() for ax in panels] == ["baselines", "ablations and HITL"]
    curves = [{ln.get_label() for ln in ax.get_lines() if not ln.get_label().startswith("_")} for ax in panels]
    assert curves == [{"pivot", "textgrad"}, {"pivot", "no-plan"}]
    colour = [next(ln.get_color() for ln in ax.get_lines() if ln.get_label() == "pivot") for ax in panels]
    assert colour[0] == colour[1]
    legend = panels[-1].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["pivot", "textgrad", "no-plan", "a run stops"]
    assert all(legend.get_window_extent().x0 >= ax.get_window_extent().x1 for ax in panels)
    assert panels[0].get_ylim() == panels[1].get_ylim() and panels[1].get_ylim()[1] >= 0.9
