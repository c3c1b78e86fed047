"""Non-finite values are errors, never ties or passes; a failed term is an error, not a zero loss."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pivot_opt import Constraint, ConstraintCheck, Trajectory, losses
from pivot_opt.engines import ScriptedEngine
from pivot_opt.errors import ConfigError
from pivot_opt.loss import Loss, TermValue
from pivot_opt.losses.base import LossTerm, TermResult
from pivot_opt.losses.constraints import check_constraints
from pivot_opt.optimizers import AcceptAll, MonotonicLineSearch, Verdict

NONFINITE = [math.nan, math.inf, -math.inf]
ACCEPTORS = [MonotonicLineSearch(), MonotonicLineSearch(lexicographic=True), MonotonicLineSearch(tie="accept"),
             AcceptAll()]


def _loss(value: float, weight: float = 1.0, violations: int = 0) -> Loss:
    return Loss({"t": TermValue("t", value, weight, hard=True, violations=violations)}, trace=None)


@pytest.mark.parametrize("bad", NONFINITE)
def test_a_nonfinite_term_makes_an_errored_loss(bad: float) -> None:
    loss = _loss(bad)
    assert loss.failed and loss.error and loss.total == math.inf and not loss.is_zero
    assert not math.isnan(loss.total) and loss.to_dict()["error"]


@pytest.mark.parametrize("acceptor", ACCEPTORS, ids=repr)
@pytest.mark.parametrize("bad", [*NONFINITE, "error"])
def test_acceptors_reject_a_nonfinite_candidate(acceptor: MonotonicLineSearch, bad: float | str) -> None:
    candidate = Loss({}, None, error="boom") if bad == "error" else _loss(bad)  # type: ignore[arg-type]
    for current in (_loss(0.5), _loss(math.nan), Loss({}, None, error="plan is not parsable")):
        assert acceptor.consider(current, candidate).verdict is Verdict.REJECT


def test_an_errored_current_plan_is_left_for_any_finite_candidate() -> None:
    current = Loss({}, None, error="plan is not parsable")
    assert MonotonicLineSearch().consider(current, _loss(0.9)).verdict is Verdict.ACCEPT


@settings(max_examples=60, deadline=None)
@given(a=st.floats(allow_nan=True, allow_infinity=True), b=st.floats(allow_nan=True, allow_infinity=True),
       lexicographic=st.booleans())
@example(a=0.5, b=math.nan, lexicographic=False).via("NaN was a tie")
@example(a=math.inf, b=math.inf, lexicographic=False).via("inf - inf was a tie")
def test_the_line_search_never_accepts_a_worse_or_nonfinite_total(a: float, b: float, lexicographic: bool) -> None:
    current, candidate = _loss(abs(a)), _loss(abs(b))
    decision = MonotonicLineSearch(lexicographic=lexicographic).consider(current, candidate)
    if decision.verdict is not Verdict.REJECT:
        assert math.isfinite(candidate.total)
        assert candidate.total <= current.total + 1e-9 or not math.isfinite(current.total)


@pytest.mark.parametrize("weight", [math.nan, math.inf, -1.0, "heavy"])
def test_a_bad_weight_is_refused_at_construction(weight: object) -> None:
    with pytest.raises(ConfigError, match="weight"):
        losses.Executability(weight=weight)  # type: ignore[arg-type]


class _Returns(LossTerm):
    name = "returns"

    def __init__(self, value: float) -> None:
        super().__init__()
        self.value = value

    def evaluate(self, trace, trajectory, env) -> TermResult:  # type: ignore[no-untyped-def]
        return TermResult(self.value)


@pytest.mark.parametrize("bad", NONFINITE)
def test_a_term_returning_nonfinite_errs_its_candidate(env, bad: float) -> None:  # type: ignore[no-untyped-def]
    traj = Trajectory(env.spec.reference, task=env.task)
    loss = losses.Composite([losses.Executability(), _Returns(bad)])(traj, env)
    assert loss.failed and "returns" in loss.error and loss.total == math.inf
    assert "executability" in loss.terms  # the terms that did score are kept for display


def test_a_failed_check_with_full_credit_is_still_a_failure() -> None:
    assert ConstraintCheck(False, score=1.0).value > 0
    assert ConstraintCheck(False, score=0.25).value == pytest.approx(0.75)
    assert ConstraintCheck(True, score=1.0).value == 0.0


@pytest.mark.parametrize("bad", NONFINITE)
def test_a_nonfinite_score_fails_the_constraint(env, bad: float) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="finite"):
        ConstraintCheck(True, score=bad)
    constraint = Constraint("nan_score", "scores NaN", lambda t, s: ConstraintCheck(True, score=bad), hard=False)
    traj = Trajectory(env.spec.reference, task=env.task)
    [(_, result)] = check_constraints([constraint], env.execute(traj.steps), traj)
    assert not result.passed and result.value == 1.0
    late = ConstraintCheck(True, score=0.5)
    late.score = bad
    assert late.value == 1.0


def test_a_failing_judge_never_improves_the_plan(env, helpers) -> None:  # type: ignore[no-untyped-def]
    """The judge grades the current plan 5/10, then fails on every candidate: nothing is accepted."""
    from pivot_opt.optimizers import Evolve

    ref = env.spec.reference
    judge_answers = ['{"score": 5, "step": null, "feedback": "meh"}'] + ["not json"] * 20
    judge = losses.LLMJudge(ScriptedEngine(judge_answers))
    inspect = losses.Composite([losses.Executability(), judge])
    traj = Trajectory(ref, task=env.task)
    loss = inspect(traj, env)
    assert loss.total == pytest.approx(0.5)
    loss.backward()
    engine = ScriptedEngine([helpers.plan_json(ref[:-1])], repeat_last=True)
    report = Evolve([traj], engine=engine, inspect=inspect, env=env, radii=("replan",)).step()
    assert not report.accepted and traj.value == loss.plan_text
    assert all("no usable grade" in c.error for c in report.candidates if c.error)


@pytest.mark.parametrize("weight", [math.nan, math.inf, -0.5])
def test_a_bad_human_feedback_weight_is_refused(env, weight: float) -> None:  # type: ignore[no-untyped-def]
    from pivot_opt.hitl import SimulatedHuman, add_feedback_term

    with pytest.raises(ConfigError, match="finite"):
        SimulatedHuman(weight=weight)
    loss = losses.Composite()(Trajectory(env.spec.reference, task=env.task), env)
    with pytest.raises(ConfigError, match="finite"):
        add_feedback_term(loss, "too long", weight=weight)


def test_cli_refuses_a_nan_hitl_weight_in_one_line(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from pivot_opt import cli
    from pivot_opt.commands import common

    monkeypatch.setattr(common, "build_engine", lambda args: ScriptedEngine([]))
    assert cli.main(["run", "--hitl-oracle", "--hitl-weight", "nan", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "finite" in err
