"""History files (JSONL, CSV, crash-truncated lines) and loss-curve figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pivot_opt import History, IterationRecord
from pivot_opt.errors import HistoryError
from pivot_opt.plot import loss_curve


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


def test_overlaid_runs_against_tokens(tmp_path: Path) -> None:
    a = _history(None, "pivot", [1.0, 0.4, 0.1])
    b = _history(None, "baseline", [1.0, 0.9, 0.8])
    fig = loss_curve([a, b], x="tokens", terms=False, out=tmp_path / "f.png")
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["pivot: total", "baseline: total"]
    assert list(lines[0].get_xdata()) == [10, 110, 210]
    assert ax.get_xlabel() == "cumulative tokens"
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
