"""The default acceptor never trades a hard requirement for a soft gain (issue point 4).

A tiny environment: each step ``do(item)`` costs 1. Hard: the plan must do ``R``, and a
budget covers every step (so it blames them all and EVOLVE tries a zero-token delete of
each). Soft: ``R`` is disliked. The old default (``total``) deleted ``R``; the default
(``lexicographic``) deletes another step or keeps the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pivot_opt import Pivot, Step, Trajectory, losses
from pivot_opt.engines import ScriptedEngine
from pivot_opt.environment import Constraint, ConstraintCheck, ExecutionTrace, StepResult, StepStatus, Task
from pivot_opt.errors import ConfigError
from pivot_opt.optimizers import ACCEPTORS, DEFAULT_ACCEPTOR, Evolve, MonotonicLineSearch, Verdict, make_acceptor


class Shop:
    """Buy items; ``R`` is required, the budget caps the number of items, ``R`` is disliked."""

    def __init__(self, budget: int, extra_hard: int = 0) -> None:
        self.budget = budget
        self.extra_hard = extra_hard  # always-met hard constraints: one broken is a small share of the term
        self.task = Task("shop", "buy R within the budget")

    def execute(self, steps: Sequence[Step]) -> ExecutionTrace:
        results = [StepResult(i, StepStatus.OK, f"bought {s.args.get('item')}") for i, s in enumerate(steps)]
        return ExecutionTrace(results, {"items": [s.args.get("item") for s in steps]})

    def constraints(self) -> list[Constraint]:
        def need(trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
            return ConstraintCheck("R" in trace.final_state["items"], "R is required; add do(R)")

        def budget(trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
            over = len(steps) > self.budget
            return ConstraintCheck(not over, "over budget", blame=list(range(len(steps))) if over else [])

        def dislike(trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
            bad = [i for i, s in enumerate(steps) if s.args.get("item") == "R"]
            return ConstraintCheck(not bad, "R is disliked", blame=bad)

        out = [Constraint("need:R", "buy R", need), Constraint("budget", "within budget", budget)]
        out += [Constraint(f"ok{k}", "always met", lambda t, s: ConstraintCheck(True)) for k in range(self.extra_hard)]
        return [*out, Constraint("dislike", "R is disliked", dislike, hard=False)]

    def action_schema(self, steps: Any = None, position: Any = None) -> dict[str, Any]:
        return {"type": "object"}

    def describe(self) -> str:
        return self.task.query


def _plan(*items: str) -> list[Step]:
    return [Step("do", {"item": i}) for i in items]


def _inspected(env: Shop, steps: list[Step]) -> Trajectory:
    traj = Trajectory(steps, task=env.task)
    loss = losses.Composite([losses.HardConstraints(), losses.SoftConstraints(weight=1.0)])(traj, env)
    loss.backward()
    return traj


def _items(traj: Trajectory) -> list[str]:
    return [s.args["item"] for s in traj.steps]


def test_the_default_is_lexicographic_and_keeps_met_requirements() -> None:
    assert DEFAULT_ACCEPTOR == "lexicographic" and set(ACCEPTORS) >= {"lexicographic", "total", "strict"}
    default = Evolve([_inspected(Shop(2), _plan("A"))], engine=ScriptedEngine([])).acceptor
    assert isinstance(default, MonotonicLineSearch) and default.lexicographic and default.keep_met
    with pytest.raises(ConfigError, match="unknown acceptor 'lexicograhic'"):
        make_acceptor("lexicograhic")


@pytest.mark.parametrize("acceptor, kept", [("total", ["A", "C"]), (None, ["R", "C"])])
def test_a_many_step_constraint_does_not_buy_the_delete_of_a_required_step(acceptor: str | None,
                                                                             kept: list[str]) -> None:
    """Over budget, every step blamed: deleting R fixes the budget and, with the soft gain, wins on total."""
    env = Shop(budget=2)
    traj = _inspected(env, _plan("R", "A", "C"))
    report = Evolve([traj], engine=ScriptedEngine([]), acceptor=acceptor, radii=("patch",)).step()
    assert report.accepted and _items(traj) == kept
    if acceptor is None:
        assert "need:R" in report.candidates[0].reason and not report.candidates[0].accepted


@pytest.mark.parametrize("acceptor, kept", [("total", []), ("lexicographic", ["R"]), ("strict", ["R"])])
def test_a_soft_term_does_not_pay_for_deleting_a_required_step(acceptor: str, kept: list[str]) -> None:
    """One hard constraint of five is worth 0.2; the disliked R costs 1.0 of soft loss."""
    env = Shop(budget=5, extra_hard=3)
    traj = _inspected(env, _plan("R"))
    report = Evolve([traj], engine=ScriptedEngine([]), acceptor=acceptor, radii=("patch",)).step()
    assert _items(traj) == kept
    assert report.accepted == (acceptor == "total")


def test_pivot_takes_an_acceptor_by_name_without_a_factory() -> None:
    env = Shop(budget=5, extra_hard=3)
    inspect = losses.Composite([losses.HardConstraints(), losses.SoftConstraints(weight=1.0)])
    for acceptor, kept in (("total", 0), (None, 1)):
        result = Pivot(env, ScriptedEngine([]), inspect=inspect, acceptor=acceptor, iterations=1, verify=False,
                       progress=False, evolve_options={"radii": ("patch",)}).run(Trajectory(_plan("R"), task=env.task))
        assert len(result.best.steps) == kept
    with pytest.raises(ConfigError, match="not both"):
        Pivot(env, ScriptedEngine([]), optimizer=lambda p: None, acceptor="total")  # type: ignore[arg-type,return-value]
    with pytest.raises(ConfigError, match="unknown evolve_options radius"):
        Pivot(env, ScriptedEngine([]), evolve_options={"radius": ("patch",)})
    with pytest.raises(ConfigError, match="unknown acceptor"):
        Pivot(env, ScriptedEngine([]), acceptor="best")


def test_keep_met_accepts_fewer_hard_violations() -> None:
    """keep_met only guards met requirements: a plan with fewer hard violations is still accepted."""
    env = Shop(budget=1)
    acceptor = make_acceptor()
    current = _inspected(env, _plan("A", "B")).last_loss
    better = _inspected(env, _plan("R")).last_loss
    assert current is not None and better is not None
    assert acceptor.consider(current, better).verdict is Verdict.ACCEPT


def test_the_cli_flag_names_every_acceptor_and_reaches_pivot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import argparse

    from pivot_opt.commands import common, run

    assert common.ACCEPTOR_NAMES == tuple(ACCEPTORS)
    parser = argparse.ArgumentParser()
    common.add_loop_options(parser)
    assert parser.parse_args([]).acceptor == "lexicographic"
    args = parser.parse_args(["--acceptor", "total", "--quiet", "--out", str(tmp_path / "run")])
    seen: dict[str, Any] = {}

    class Stop(Exception):
        pass

    def fake_pivot(*a: Any, **kw: Any) -> Any:
        seen.update(kw)
        raise Stop

    monkeypatch.setattr("pivot_opt.pivot.Pivot", fake_pivot)
    monkeypatch.setattr(common, "build_engine", lambda args: ScriptedEngine([]))
    with pytest.raises(Stop):
        run.run_loop(args, title="t")
    assert seen["acceptor"] == "total"
    with pytest.raises(SystemExit):
        parser.parse_args(["--acceptor", "best"])


def test_a_sweep_passes_its_acceptor_to_pivot_methods_and_not_to_the_ablation() -> None:
    from pivot_opt.bench import BenchConfig, EnvSpec
    from pivot_opt.bench.methods import MethodContext, build_run

    env = Shop(budget=2)
    traj = _inspected(env, _plan("A"))
    ctx = MethodContext(env, ScriptedEngine([]), 0, None, "strict")  # type: ignore[arg-type]
    assert build_run("pivot", ctx).optimizer([traj]).acceptor.strict  # type: ignore[misc]
    assert not build_run("no-linesearch", ctx).optimizer([traj]).acceptor.monotonic  # type: ignore[misc]
    config = BenchConfig([EnvSpec("daytrip", [0])], acceptor="total")
    assert config.settings().fingerprint()["acceptor"] == "total"
    with pytest.raises(ConfigError, match="unknown acceptor"):
        BenchConfig([EnvSpec("daytrip", [0])], acceptor="best")
