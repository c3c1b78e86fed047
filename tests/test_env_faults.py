"""An environment that raises is the environment's fault: one ExecutionError naming it, history kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pivot_opt import History, Pivot, Trajectory, cli, losses
from pivot_opt.commands import common
from pivot_opt.engines import ScriptedEngine
from pivot_opt.envs.daytrip import DayTripEnv
from pivot_opt.errors import ExecutionError

METHODS = ("execute", "constraints", "action_schema", "describe", "prepare")


class BrokenEnv(DayTripEnv):
    """DayTrip whose ``method`` raises a raw exception from its ``after``-th call on."""

    def __init__(self, method: str, after: int, seed: int = 3) -> None:
        super().__init__(seed=seed)
        self.method, self.after, self.calls = method, after, 0

    def _maybe_fail(self, method: str) -> None:
        if method == self.method:
            self.calls += 1
            if self.calls > self.after:
                raise KeyError(f"corrupt table behind {method}")

    def execute(self, steps):  # type: ignore[no-untyped-def]
        self._maybe_fail("execute")
        return super().execute(steps)

    def constraints(self):  # type: ignore[no-untyped-def]
        self._maybe_fail("constraints")
        return super().constraints()

    def action_schema(self, steps=None, position=None):  # type: ignore[no-untyped-def]
        self._maybe_fail("action_schema")
        return super().action_schema(steps, position)

    def describe(self) -> str:
        self._maybe_fail("describe")
        return super().describe()

    def prepare(self, engine: Any) -> None:
        self._maybe_fail("prepare")


def _engine(env: DayTripEnv) -> ScriptedEngine:
    ref = env.spec.reference
    return ScriptedEngine([json.dumps({"steps": ref[:2]}), json.dumps({"op": "insert", "step": ref[2]}),
                           json.dumps({"op": "insert", "step": ref[3]})], repeat_last=True)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("after", [0, 1, 2, 4])
def test_environment_faults_are_wrapped_and_the_history_kept(method: str, after: int, tmp_path: Path) -> None:
    env = BrokenEnv(method, after)
    path = tmp_path / "history.jsonl"
    pivot = Pivot(env, _engine(env), n_plans=1, iterations=4, history=path, progress=False)
    try:
        result = pivot.run()
    except ExecutionError as exc:
        assert "BrokenEnv" in str(exc) and "corrupt table" in str(exc)
        records = History.load(path).records
        assert records[-1].event == "error" and "corrupt table" in records[-1].extra["error"]
        assert all(r.event == "iteration" for r in records[:-1])
    else:  # the fault hit only candidates, which EVOLVE rejects one by one
        assert result.history.records[-1].event == "verify"


def test_each_protocol_method_names_itself() -> None:
    for method, call in [("constraints", lambda e: losses.verify(Trajectory(e.spec.reference, task=e.task), e)),
                         ("execute", lambda e: losses.verify(Trajectory(e.spec.reference, task=e.task), e)),
                         ("describe", lambda e: Pivot(e, _engine(e), n_plans=1, progress=False).run()),
                         ("action_schema", lambda e: Pivot(e, _engine(e), n_plans=1, progress=False).run())]:
        env = BrokenEnv(method, 0)
        with pytest.raises(ExecutionError, match=rf"BrokenEnv raised in {method}\(\): KeyError"):
            call(env)


def test_a_fault_after_the_first_iterations_keeps_their_records(tmp_path: Path) -> None:
    env = BrokenEnv("describe", 2)  # PLAN and the first EVOLVE step read the task, the next one fails
    path = tmp_path / "history.jsonl"
    with pytest.raises(ExecutionError):
        Pivot(env, _engine(env), n_plans=1, iterations=4, history=path, progress=False).run()
    records = History.load(path).records
    assert [r.event for r in records][-1] == "error" and len(History.load(path).iterations) >= 2


def test_cli_reports_an_environment_fault_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    env = BrokenEnv("constraints", 0)
    monkeypatch.setattr(common, "build_env", lambda args: env)
    monkeypatch.setattr(common, "build_engine", lambda args: _engine(env))
    out = tmp_path / "run"
    assert cli.main(["run", "--plans", "1", "--iterations", "2", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "BrokenEnv raised in constraints()" in err and "Traceback" not in err
    assert (out / "history.jsonl").is_file()


def test_a_run_stopped_by_a_fault_resumes_from_its_last_iteration(tmp_path: Path) -> None:
    broken = BrokenEnv("describe", 2)
    path = tmp_path / "history.jsonl"
    with pytest.raises(ExecutionError):
        Pivot(broken, _engine(broken), n_plans=1, iterations=4, history=path, progress=False).run()
    last = History.load(path).iterations[-1].iteration
    healthy = BrokenEnv("describe", 10**9)  # the same environment, its fault fixed
    result = Pivot(healthy, _engine(healthy), n_plans=1, iterations=4, history=path, resume=True,
                   progress=False).run()
    events = [r.event for r in History.load(path).records]
    assert "error" in events and events[-1] == "verify" and result.iterations >= last
