"""History files (JSONL, CSV, crash-truncated lines) and loss-curve figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pivot_opt import History, IterationRecord
from pivot_opt.errors import HistoryError
from pivot_opt.plot import loss_curve, run_labels


@pytest.fixture(autouse=True)
def _close_figures():
    """Figures drawn without a path stay open in pyplot (for the caller to show): close them after each test."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")

def _history(path: Path | None, run: str, totals: list[float]) -> History:
    h = History(path, run=run)
    for i, t in enumerate(totals):
        h.append(IterationRecord(run=run, iteration=i, total=t, terms={"a": t / 2, "b": t / 2},
                                 tokens={"plan": 10, "evolve": 100 * i}, accepted=i > 0, radius="patch"))
    return h


def test_jsonl_round_trip_and_csv(tmp_path: Path) -> None:
    path = tmp_path / "runs" / "h.jsonl"
    _history(path, "x", [1.0, 0.5, 0.25])
    loaded = History.load(path)
    assert loaded.totals() == [1.0, 0.5, 0.25] and loaded.run == "x"
    assert loaded.cumulative_tokens() == [10, 110, 210]
    rows = list(csv.DictReader((tmp_path / "h.csv").open() if False else loaded.to_csv(tmp_path / "h.csv").open()))
    assert rows[2]["term:a"] == "0.125" and rows[2]["tokens:evolve"] == "200" and rows[2]["radius"] == "patch"


def test_truncated_last_line_is_skipped_but_corruption_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    _history(path, "x", [1.0, 0.5])
    with path.open("a") as fh:
        fh.write('{"run": "x", "iteration": 2, "tot')  # a crash in the middle of a write
    assert History.load(path).totals() == [1.0, 0.5]
    path.write_text("hello\n" + path.read_text())
    with pytest.raises(HistoryError, match="h.jsonl:1 is not a history record"):
        History.load(path)
    with pytest.raises(HistoryError, match="does not exist"):
        History.load(tmp_path / "missing.jsonl")


def _legend_texts(fig) -> list[str]:
    legend = fig.legends[0] if fig.legends else fig.axes[0].get_legend()
    return [t.get_text() for t in legend.get_texts()]


def _curves(ax) -> list:
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def test_overlaid_runs_against_tokens(tmp_path: Path) -> None:
    a = _history(None, "pivot", [1.0, 0.4, 0.1])
    b = _history(None, "baseline", [1.0, 0.9, 0.8])
    fig = loss_curve([a, b], x="tokens", terms=False, out=tmp_path / "f.png")
    ax = fig.axes[0]
    lines = _curves(ax)
    assert [line.get_label() for line in lines] == ["pivot", "baseline"]  # the histories' run names
    assert list(lines[0].get_xdata()) == [10, 110, 210]
    assert ax.get_xlabel() == "cumulative tokens (all phases)"
    assert (tmp_path / "f.png").stat().st_size > 5000
    with pytest.raises(ValueError, match="labels"):
        loss_curve([a, b], labels=["one"])


@pytest.mark.parametrize("line, where", [
    ("[1, 2]", "line"), ('"text"', "line"), ('{"run": "x"}', "iteration"),
    ('{"run": "x", "iteration": 0, "total": 1, "terms": 5}', "terms"),
    ('{"run": "x", "iteration": "one", "total": 1, "terms": {}}', "iteration"),
    ('{"run": "x", "iteration": 0, "total": 1, "terms": {"a": "high"}}', "terms.a"),
])
def test_a_wrong_shape_line_is_a_history_error_at_file_and_line(tmp_path: Path, line: str, where: str) -> None:
    path = tmp_path / "h.jsonl"
    _history(path, "x", [1.0])
    with path.open("a") as fh:
        fh.write(line + "\n")
    with path.open("a") as fh:
        fh.write('{"run": "x", "iteration": 2, "total": 1, "terms": {}}\n')
    with pytest.raises(HistoryError, match=f"h.jsonl:2 is not a history record \\({where}"):
        History.load(path)


def test_a_header_names_the_run_and_a_cut_line_is_dropped_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    h = History(path, run="x")
    h.write_header({"run": "x", "env": "E", "task": "t1", "fingerprint": "f"})
    h.append(IterationRecord(run="x", iteration=0, total=1.0, terms={}))
    with path.open("a") as fh:
        fh.write('{"run": "x", "iteration": 1, "tot')  # a kill in the middle of a write
    loaded = History.load(path)
    assert loaded.meta is not None and loaded.meta["task"] == "t1" and len(loaded) == 1
    loaded.drop_partial_tail()
    loaded.append(IterationRecord(run="x", iteration=1, total=0.5, terms={}))
    assert History.load(path).totals() == [1.0, 0.5]
    path.write_bytes(b"\xff\xfe" + path.read_bytes())
    with pytest.raises(HistoryError, match="not UTF-8"):
        History.load(path)
    path.write_text("not json\n")
    with pytest.raises(HistoryError, match="h.jsonl:1 is not a history record"):
        History.load(path)  # a file that is nothing but one bad line is not a cut history


def test_one_panel_per_term_with_steps_against_tokens() -> None:
    fig = loss_curve([_history(None, "pivot", [1.0, 0.4, 0.1])], x="tokens")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == ["total loss", "a", "b"]
    for ax in panels:
        (line,) = _curves(ax) or [ln for ln in ax.get_lines() if ln.get_label() == "_pivot: " + ax.get_title()]
        assert line.get_drawstyle() == "steps-post"  # the current plan's loss holds until the next iteration
        assert list(line.get_xdata()) == [10, 110, 210]
    a = next(ln for ln in panels[1].get_lines() if ln.get_label() == "_pivot: a")
    assert list(a.get_ydata()) == [0.5, 0.2, 0.05]


def test_a_marker_where_each_run_stops() -> None:
    fig = loss_curve([_history(None, "long", [1.0, 0.5, 0.4, 0.3]), _history(None, "short", [1.0, 0.9])],
                     terms=False)
    stops = {ln.get_label(): ln for ln in fig.axes[0].get_lines() if ln.get_label().startswith("_stop")}
    assert list(stops["_stop: long"].get_xdata()) == [3] and list(stops["_stop: long"].get_ydata()) == [0.3]
    assert list(stops["_stop: short"].get_xdata()) == [1] and stops["_stop: short"].get_marker() == "X"
    assert "run stops" in _legend_texts(fig)


@pytest.mark.parametrize("terms", [True, False])
def test_the_legend_sits_outside_every_panel(terms: bool) -> None:
    fig = loss_curve([_history(None, "pivot", [1.0, 0.4]), _history(None, "other", [1.0, 0.9])], terms=terms)
    fig.canvas.draw()
    legend = (fig.legends[0] if fig.legends else fig.axes[0].get_legend()).get_window_extent()
    assert all(legend.x0 >= ax.get_window_extent().x1 for ax in fig.axes if ax.get_visible())
    assert _legend_texts(fig) == ["pivot", "other", "run stops"]


def test_labels_come_from_the_histories(tmp_path: Path) -> None:
    paths = []
    for seed in ("s0", "s1"):
        paths.append(tmp_path / "pivot" / seed / "history.jsonl")
        _history(paths[-1], "pivot", [1.0, 0.5])
    other = tmp_path / "textgrad" / "s0" / "history.jsonl"
    _history(other, "textgrad", [1.0, 0.9])
    runs = [History.load(p) for p in [*paths, other]]
    assert run_labels(runs) == ["pivot (s0)", "pivot (s1)", "textgrad"]
    assert run_labels([_history(None, "x", [1.0]), _history(None, "x", [1.0])]) == ["x #1", "x #2"]
    fig = loss_curve([*paths, other], terms=False)
    assert _legend_texts(fig) == ["pivot (s0)", "pivot (s1)", "textgrad", "run stops"]
    fig = loss_curve(paths, terms=False, labels=["first", "second"])
    assert _legend_texts(fig)[:2] == ["first", "second"]


def test_pivot_plot_cli_draws_tokens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pivot_opt import cli, plot

    seen = {}
    real = plot.loss_curve
    monkeypatch.setattr(plot, "loss_curve", lambda *a, **kw: seen.setdefault("fig", real(*a, **kw)))
    run = tmp_path / "run"
    _history(run / "history.jsonl", "pivot", [1.0, 0.5])
    assert cli.main(["plot", str(run), "--x", "tokens", "--total-only", "-o", str(tmp_path / "p.png")]) == 0
    line = _curves(seen["fig"].axes[0])[0]
    assert list(line.get_xdata()) == [10, 110] and line.get_label() == "pivot"
    assert (tmp_path / "p.png").is_file()
