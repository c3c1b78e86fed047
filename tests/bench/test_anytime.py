"""Anytime curves and tokens-to-reach, on hand-made curves whose answers are known exactly."""

from __future__ import annotations

import csv
import math

import pytest

from pivot_opt.bench import figures, write_report
from pivot_opt.bench.anytime import anytime_curves, ratio_ci, reach_table, returned_curve, tokens_to_reach


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def run(method, task, seed, points, family="baseline", select="last", **extra_fields):
    """A result whose curve is ``points`` = [(tokens, satisfaction), ...]; it returns its last plan."""
    curve = [{"iteration": i, "tokens": t, "loss": 1 - s, "satisfaction": s,
              **{k: v[i] for k, v in extra_fields.items()}} for i, (t, s) in enumerate(points)]
    sat = points[-1][1]
    return {"env": "daytrip", "task": task, "method": method, "family": family, "seed": seed, "select": select,
            "curve": curve, "satisfaction": sat, "hard_satisfaction": sat, "case_acc": sat == 1.0,
            "hard_pass": sat >= 0.8, "final_loss": 1 - sat, "tokens": points[-1][0], "wall_time": 1.0,
            "best_satisfaction": sat, "iterations": len(points) - 1, "stopped": "x",
            "returned_iteration": len(points) - 1, "best_loss": 1 - sat,
            "verdict": {"items": [{"name": "a", "passed": sat == 1.0, "hidden": False}]}}


PIVOT = [(100, 0.5), (200, 0.9), (300, 1.0)]
SLOW = [(100, 0.5), (400, 0.9), (800, 0.95)]  # never reaches 1.0


@pytest.fixture
def runs():
    out = []
    for task in range(3):
        for seed in range(2):
            out.append(run("pivot", task, seed, PIVOT, "pivot", "verify"))
            out.append(run("textgrad", task, seed, SLOW))
    return out


def test_tokens_to_reach_is_the_first_token_count_at_the_level():
    r = run("textgrad", 0, 0, [(100, 0.95), (300, 0.5)])  # reached, then lost: first reach counts
    assert tokens_to_reach(r, 0.9) == 100
    assert tokens_to_reach(run("x", 0, 0, SLOW), 0.95) == 800
    assert tokens_to_reach(run("x", 0, 0, SLOW), 1.0) is None


def test_the_curve_follows_the_method_s_selection_rule():
    verify = run("pivot", 0, 0, [(1, 0.5), (2, 0.8), (3, 0.6), (4, 0.8)], select="verify",
                 visible_hard_passed=[1, 2, 1, 2])
    # at the third plan VERIFY would return the second (more visible hard requirements met)
    assert [p["satisfaction"] for p in returned_curve(verify)] == [0.5, 0.8, 0.8, 0.8]
    best = run("best-of-n", 0, 0, [(1, 0.4), (2, 0.7), (3, 0.9)], select="best", method_loss=[0.5, 0.3, 0.4])
    best["satisfaction"] = 0.7  # the returned plan: the lowest method loss
    assert [p["satisfaction"] for p in returned_curve(best)] == [0.4, 0.7, 0.7]
    last = run("textgrad", 0, 0, [(1, 0.9), (2, 1.0)])
    assert [(p["tokens"], p["case_acc"]) for p in returned_curve(last)] == [(1, 0.0), (2, 1.0)]
    old = run("pivot", 0, 0, [(1, 0.5), (2, 0.3)], select="verify")  # no visible counts recorded: current plan
    assert [p["satisfaction"] for p in returned_curve(old)] == [0.5, 0.3]


def test_mean_curve_and_band(runs):
    curves = anytime_curves(runs)
    assert curves["pivot"]["tokens"] == [100, 200, 300]
    assert curves["pivot"]["mean"] == [0.5, 0.9, 1.0] == curves["pivot"]["lo"] == curves["pivot"]["hi"]
    mixed = [run("m", 0, 0, [(100, 0.0), (200, 1.0)]), run("m", 0, 1, [(100, 1.0)]),
             run("m", 1, 0, [(100, 0.0)]), run("m", 1, 1, [(100, 1.0), (300, 1.0)])]
    m = anytime_curves(mixed)["m"]
    assert m["tokens"] == [100, 200, 300] and m["mean"] == [0.5, 0.75, 0.75]  # stopped runs keep their value
    assert m["lo"][1] < 0.75 < m["hi"][1]
    assert anytime_curves(mixed, "case_acc")["m"]["mean"] == [0.5, 0.75, 0.75]


def test_ratio_ci():
    assert ratio_ci([(400, 200)] * 4) == (2.0, 2.0, 2.0)
    ratio, lo, hi = ratio_ci([(2, 1), (4, 1), (3, 1), (5, 1)])
    assert ratio == pytest.approx(3.5) and 2 <= lo < 3.5 < hi <= 5
    assert math.isnan(ratio_ci([(2, 1)])[1]) and math.isnan(ratio_ci([])[0])


def test_reach_table_with_a_method_that_never_reaches_a_level(runs):
    rows = {(r["level"], r["method"]): r for r in reach_table(runs)}
    tg = rows[(0.9, "textgrad")]
    assert (tg["n_reach"], tg["median_tokens"], tg["ratio"], tg["ratio_lo"], tg["ratio_hi"], tg["n_pairs"]) == (
        6, 400, 2.0, 2.0, 2.0, 6)
    assert rows[(0.95, "textgrad")]["ratio"] == pytest.approx(800 / 300)
    never = rows[(1.0, "textgrad")]
    assert never["share_reach"] == 0 and never["n_pairs"] == 0 and math.isnan(never["ratio"])
    assert math.isnan(never["median_tokens"])
    ref = rows[(1.0, "pivot")]
    assert ref["share_reach"] == 1 and ref["median_tokens"] == 300 and math.isnan(ref["ratio"])


def test_ratio_uses_only_pairs_where_both_reach(runs):
    runs = [*runs, run("textgrad", 3, 0, [(100, 0.95)]), run("pivot", 3, 0, [(50, 0.5)], "pivot")]
    row = next(r for r in reach_table(runs, [0.9]) if r["method"] == "textgrad")
    assert (row["n_reach"], row["n"], row["n_pairs"], row["ratio"]) == (7, 7, 6, 2.0)


def test_anytime_figure(runs):
    fig = figures.anytime(runs, levels=[0.9])
    fig.canvas.draw()
    assert [ax.get_title() for ax in fig.axes] == ["satisfaction", "case accuracy"]
    sat = next(line for line in fig.axes[0].get_lines() if line.get_label() == "pivot")
    assert list(sat.get_ydata()) == [0.5, 0.9, 1.0] and sat.get_drawstyle() == "steps-post"
    case = next(line for line in fig.axes[1].get_lines() if line.get_label() == "textgrad")
    assert list(case.get_ydata()) == [0.0, 0.0, 0.0]


def test_report_has_the_figure_and_the_table(tmp_path, runs):
    text = write_report(tmp_path, runs=runs).read_text()
    assert "![daytrip_anytime](daytrip_anytime.png)" in text
    assert (tmp_path / "report" / "daytrip_anytime.png").stat().st_size > 0
    assert "| 0.9 | textgrad | 6/6 | 400 | 2.00 [2.00, 2.00] (6) |" in text
    assert "| 1 | textgrad | 0/6 | – | – |" in text and "| 1 | pivot | 6/6 | 300 | – |" in text
    with (tmp_path / "report" / "tokens_to_reach.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8 and rows[0]["env"] == "daytrip"
