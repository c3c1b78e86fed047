"""The pivot CLI: run, plot, clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pivot_opt import cli
from pivot_opt.commands import common
from pivot_opt.engines import ScriptedEngine


def test_run_writes_history_csv_plot_and_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from pivot_opt.envs.daytrip import DayTripEnv

    ref = DayTripEnv(seed=3).spec.reference
    answers = [json.dumps({"steps": ref[:2]}), json.dumps({"op": "insert", "step": ref[2]}),
               json.dumps({"op": "insert", "step": ref[3]})]
    monkeypatch.setattr(common, "build_engine", lambda args: ScriptedEngine(answers, repeat_last=True))
    out = tmp_path / "run"
    code = cli.main(["run", "--env", "daytrip", "--env-option", "seed=3", "--plans", "1", "--iterations", "4",
                     "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "iter  0" in printed and "VERIFY:" in printed
    for name in ("history.jsonl", "history.csv", "loss_curve.png", "best_plan.json", "verdict.json"):
        assert (out / name).is_file(), name
    assert cli.main(["plot", str(out), "--x", "tokens", "-o", str(tmp_path / "p.png")]) == 0
    assert (tmp_path / "p.png").stat().st_size > 5000


def test_errors_are_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", "--env", "nowhere", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unknown environment 'nowhere'" in err and "Traceback" not in err
    assert cli.main(["run", "--env-option", "seed", "--out", str(tmp_path)]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err
    assert cli.main(["run", "--engine", "dspy:openai/x", "--api-key-env", "PIVOT_TEST_UNSET_KEY",
                     "--out", str(tmp_path)]) == 2
    assert "PIVOT_TEST_UNSET_KEY is not set" in capsys.readouterr().err
    assert cli.main(["plot", str(tmp_path / "none.jsonl")]) == 2
