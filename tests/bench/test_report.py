"""The report: statistics, token ratios, HITL gain, Markdown/CSV/PNG outputs, and the ``pivot bench`` CLI."""

from __future__ import annotations

import csv
import math

import pytest

from pivot_opt.bench import summarize, write_report
from pivot_opt.bench.config import parse_tasks
from pivot_opt.bench.report import hidden_satisfaction
from pivot_opt.bench.stats import mean_ci, paired_test, relative_gain, token_ratios
from pivot_opt.bench.testing import daytrip_engine
from pivot_opt.errors import ConfigError


def run(method, task, seed, sat, tokens, family="baseline", loss=0.5, hidden_met=(True, False)):
    verdict = {"items": [{"name": "shown", "passed": sat >= 0.8, "hidden": False},
                         *({"name": f"hidden-{k}", "passed": ok, "hidden": True} for k, ok in enumerate(hidden_met))]}
    curve = [{"iteration": 0, "tokens": tokens // 2, "loss": loss + 0.5, "satisfaction": sat},
             {"iteration": 1, "tokens": tokens, "loss": loss, "satisfaction": sat}]
    return {"env": "daytrip", "task": task, "method": method, "family": family, "seed": seed, "final_loss": loss,
            "satisfaction": sat, "hard_satisfaction": sat, "case_acc": sat == 1.0, "hard_pass": sat >= 0.8,
            "tokens": tokens, "wall_time": 1.0, "best_satisfaction": sat, "curve": curve, "iterations": 1,
            "stopped": "x", "returned_iteration": 1, "best_loss": loss, "verdict": verdict}


@pytest.fixture
def runs():
    out = []
    for task in range(4):
        for seed in range(2):
            out.append(run("pivot", task, seed, 0.8, 1000, "pivot", 0.1))
            out.append(run("textgrad", task, seed, 0.6 if task else 0.9, 4000))
            out.append(run("hitl-oracle", task, seed, 1.0, 1100, "hitl", 0.0, hidden_met=(True, True)))
            out.append(run("no-plan", task, seed, 0.8, 800, "ablation", 0.1))
    return out


def test_mean_ci_and_degenerate_cases():
    mean, lo, hi = mean_ci([0, 1, 0, 1, 1, 0, 1, 1])
    assert mean == pytest.approx(0.625) and lo < mean < hi
    assert mean_ci([0.5, 0.5, 0.5]) == (0.5, 0.5, 0.5)
    assert math.isnan(mean_ci([1.0])[1])
    assert math.isnan(mean_ci([])[0])


def test_paired_test():
    assert paired_test([1, 2, 3], [1, 2, 3]) == 1.0
    assert paired_test([5, 6, 7, 8, 9, 10, 11, 12], [1, 2, 3, 4, 5, 6, 7, 8]) < 0.05
    with pytest.raises(ValueError, match="differ in length"):
        paired_test([1], [1, 2])


def test_token_ratios_at_equal_or_better_satisfaction():
    plan = {"tokens_by_phase": {"plan": 50}}
    pairs = [({"tokens": 400, "satisfaction": 0.9, **plan}, {"tokens": 100, "satisfaction": 0.8, **plan}),
             ({"tokens": 300, "satisfaction": 0.5, **plan}, {"tokens": 100, "satisfaction": 0.8, **plan})]
    ratios = token_ratios(pairs)
    assert ratios["ratio"] == pytest.approx(3.5) and ratios["ratio_at_sat"] == pytest.approx(4.0)
    assert ratios["ratio_refine"] == pytest.approx((350 + 250) / 100)  # tokens after the shared PLAN
    assert ratios["n_at_sat"] == 1 and ratios["n"] == 2
    assert relative_gain(0.94, 0.5) == pytest.approx(0.88)
    assert math.isnan(relative_gain(1.0, 0.0))


def test_summary_rows(runs):
    rows = {r["method"]: r for r in summarize(runs)}
    assert rows["pivot"]["n"] == 8 and math.isnan(rows["pivot"]["tok_ratio"])
    tg = rows["textgrad"]
    assert tg["tok_ratio"] == pytest.approx(4.0)
    assert tg["n_at_sat"] == 2 and tg["tok_ratio_at_sat"] == pytest.approx(4.0)
    assert tg["p_satisfaction"] < 0.05
    assert rows["hitl-oracle"]["sat_gain"] == pytest.approx(0.25)
    assert rows["pivot"]["hidden_satisfaction"] == 0.5 and rows["hitl-oracle"]["hidden_satisfaction"] == 1.0
    assert math.isnan(hidden_satisfaction({"verdict": {"items": [{"passed": True, "hidden": False}]}}))
    assert rows["no-plan"]["p_satisfaction"] == 1.0


def test_write_report_outputs(tmp_path, runs):
    path = write_report(tmp_path, runs=runs)
    text = path.read_text()
    assert "| method | family | runs |" in text and "| textgrad | baseline | 8 |" in text
    assert "ORACLE upper bound" in text and "+25.0%" in text and "hidden requirements met 1.000 vs 0.500" in text
    folder = tmp_path / "report"
    for name in ("summary.csv", "runs.csv", "daytrip_loss_vs_iteration.png", "daytrip_loss_vs_tokens.png",
                 "daytrip_ablations.png", "daytrip_tokens_vs_satisfaction.png"):
        assert (folder / name).stat().st_size > 0
    with (folder / "summary.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert {r["method"] for r in rows} == {"pivot", "textgrad", "hitl-oracle", "no-plan"}
    assert "tok_ratio_at_sat" in rows[0]


def test_report_without_results_says_what_to_run(tmp_path):
    with pytest.raises(ConfigError, match="pivot bench"):
        write_report(tmp_path)


def test_parse_tasks():
    assert parse_tasks("0-3,7") == [0, 1, 2, 3, 7]
    assert parse_tasks("id_1, id_2") == ["id_1", "id_2"]
    with pytest.raises(ConfigError, match="backwards"):
        parse_tasks("5-1")


def test_pivot_bench_cli_runs_resumes_and_reports(tmp_path, monkeypatch, capsys):
    from pivot_opt import cli
    from pivot_opt.bench import engines

    real = engines.engine_for_thread
    monkeypatch.setattr("pivot_opt.bench.execute.engine_for_thread", lambda spec, options=None: real(daytrip_engine))
    monkeypatch.setattr("pivot_opt.bench.plans.engine_for_thread", lambda spec, options=None: real(daytrip_engine))
    out = tmp_path / "sweep"
    argv = ["bench", "--env", "daytrip:7,8", "--seeds", "0", "--methods", "pivot,hitl-oracle,best-of-n",
            "--iterations", "2", "--out", str(out)]
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    assert "[1/6]" in printed and "[6/6]" in printed and "wrote" in printed
    assert (out / "report" / "report.md").is_file()
    assert cli.main(argv) == 0
    assert "0 runs done, 6 already finished" in capsys.readouterr().out
    assert cli.main(["bench", "--out", str(out), "--report-only", "--no-figures"]) == 0
    assert cli.main(["bench", "--env", "nowhere", "--out", str(tmp_path / "y")]) == 2
    assert "unknown environment" in capsys.readouterr().err


def test_report_warns_of_few_runs_and_draws_term_panels(tmp_path, runs):
    from pivot_opt.bench.stats import FewRunsWarning

    few = [r for r in runs if r["task"] < 2 and r["seed"] == 0]  # 2 runs per method
    for r in few:
        r["curve"] = [{**p, "terms": {"hard": p["loss"], "soft": 0.0}} for p in r["curve"]]
    with pytest.warns(FewRunsWarning, match="fewer than 5 runs"):
        text = write_report(tmp_path, runs=few).read_text()
    assert "**Few runs**: the intervals of pivot (2), textgrad (2)" in text
    assert "![daytrip_loss_by_term](daytrip_loss_by_term.png)" in text
    assert (tmp_path / "report" / "daytrip_loss_by_term.png").stat().st_size > 0


def test_report_without_recorded_terms_has_no_term_panels(tmp_path, runs):
    text = write_report(tmp_path, runs=runs).read_text()
    assert "Few runs" not in text and "loss_by_term" not in text
