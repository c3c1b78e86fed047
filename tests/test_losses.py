"""INSPECT terms, Composite and VERIFY on the built-in environment."""

from __future__ import annotations

import pytest

from pivot_opt import Step, Trajectory, losses
from pivot_opt.engines import ScriptedEngine
from pivot_opt.environment import ExecutionTrace
from pivot_opt.errors import EngineError, ExecutionError


def _t(env, steps):  # type: ignore[no-untyped-def]
    return Trajectory([Step.from_dict(s) for s in steps], task=env.task)


def test_reference_plan_has_zero_loss_and_passes_verify(env) -> None:  # type: ignore[no-untyped-def]
    traj = _t(env, env.spec.reference)
    loss = losses.Composite()(traj, env)
    assert loss.is_zero and loss.earliest_failure is None
    verdict = losses.verify(traj, env)
    assert verdict.passed and verdict.satisfaction == 1.0
    assert "PASS" in verdict.render()


def test_executability_blames_the_failing_step_with_the_env_error(env) -> None:  # type: ignore[no-untyped-def]
    steps = list(env.spec.reference)
    steps.insert(1, {"action": "visit", "args": {"place": "Nowhere"}})
    loss = losses.Composite([losses.Executability()])(_t(env, steps), env)
    assert loss.terms["executability"].value == pytest.approx(1 / len(steps))
    assert loss.earliest_failure == 1
    assert "unknown attraction 'Nowhere'" in loss.gradient_text()


def test_missing_required_visit_is_whole_plan_feedback(env) -> None:  # type: ignore[no-untyped-def]
    must = env.spec.must_visit[1]
    steps = [s for s in env.spec.reference if s["args"].get("place") != must]
    loss = losses.Composite([losses.HardConstraints()])(_t(env, steps), env)
    term = loss.terms["hard_constraints"]
    assert term.value > 0 and term.violations == 1
    (grad,) = loss.gradients
    assert grad.step is None and must in grad.message
    assert "whole plan" in loss.gradient_text()


def test_hidden_constraints_are_left_out_unless_asked(env) -> None:  # type: ignore[no-untyped-def]
    visible = losses.SoftConstraints().selected(env)
    everything = losses.SoftConstraints(include_hidden=True).selected(env)
    assert all(not c.hidden for c in visible)
    assert any(c.hidden for c in everything)


def test_budget_term_reads_running_spend(env) -> None:  # type: ignore[no-untyped-def]
    expensive = sorted((p for p in env.spec.places if p.kind == "attraction"), key=lambda p: -p.price)[:4]
    steps = [{"action": "visit", "args": {"place": p.name}} for p in expensive]
    loss = losses.Composite([losses.Budget()])(_t(env, steps), env)
    trace = loss.trace
    assert trace is not None
    spend, budget = trace.final_state["spend"], trace.final_state["budget"]
    assert spend > budget
    assert loss.terms["budget"].value == pytest.approx((spend - budget) / budget)
    assert loss.terms["budget"].blame


def test_weights_scale_the_total_and_names_must_be_unique(env) -> None:  # type: ignore[no-untyped-def]
    traj = _t(env, [{"action": "visit", "args": {"place": "Nowhere"}}])
    one = losses.Composite([losses.Executability()])(traj, env).total
    three = losses.Composite([losses.Executability(weight=3.0)])(traj, env).total
    assert three == pytest.approx(3 * one)
    with pytest.raises(ValueError, match="unique"):
        losses.Composite([losses.Executability(), losses.Executability()])
    with pytest.raises(ValueError, match=">= 0"):
        losses.Executability(weight=-1)


def test_unparsable_plan_is_an_infinite_loss_not_an_exception(env) -> None:  # type: ignore[no-untyped-def]
    traj = _t(env, [])
    traj.set_value("garbage")
    loss = losses.Composite()(traj, env)
    assert loss.error and loss.total == float("inf")
    assert not losses.verify(traj, env).passed


def test_environment_exception_becomes_execution_error(env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom(steps: object) -> ExecutionTrace:
        raise KeyError("corrupt table")

    monkeypatch.setattr(env, "execute", boom)
    with pytest.raises(ExecutionError, match="DayTripEnv raised .*corrupt table"):
        losses.Composite()(_t(env, env.spec.reference), env)


def test_llm_judge_grades_blames_and_survives_bad_answers(env) -> None:  # type: ignore[no-untyped-def]
    engine = ScriptedEngine(['{"score": 6, "step": 1, "feedback": "lunch is too pricey"}', "not json",
                             EngineError("down")])
    judge = losses.LLMJudge(engine)
    traj = _t(env, env.spec.reference)
    first = losses.Composite([judge])(traj, env)
    assert first.terms["llm_judge"].value == pytest.approx(0.4)
    assert first.gradients[0].step == 1 and "pricey" in first.gradient_text()
    assert engine.ledger.by_phase()["inspect"] > 0
    for _ in range(2):  # a judge that fails is an error of the candidate, never a perfect grade
        bad = losses.Composite([judge])(traj, env)
        assert "llm_judge" not in bad.terms and bad.failed and bad.total == float("inf")
        assert "no usable grade" in bad.error and not bad.is_zero


def test_human_feedback_term(env) -> None:  # type: ignore[no-untyped-def]
    answers = iter(["Skip the market, I hate crowds.", None, losses.HumanResponse("step 0 is dull", 0.5, [0])])
    term = losses.HumanFeedback(lambda traj, trace, env: next(answers))
    traj = _t(env, env.spec.reference)
    first = losses.Composite([term])(traj, env)
    assert first.terms["human"].value == 1.0 and "hate crowds" in first.gradient_text()
    assert losses.Composite([term])(traj, env).is_zero
    third = losses.Composite([term])(traj, env)
    assert third.total == 0.5 and third.gradients[0].step == 0


def test_verify_lists_every_constraint_with_reasons(env) -> None:  # type: ignore[no-untyped-def]
    steps = [{"action": "visit", "args": {"place": env.spec.must_visit[0]}}]
    verdict = losses.verify(_t(env, steps), env)
    names = [i.name for i in verdict.items]
    assert names[0] == "executable"
    assert {c.name for c in env.constraints()} <= set(names)
    assert not verdict.passed
    failing = {i.name: i.reason for i in verdict.failures}
    assert "never returns" in failing["back_by_end"]
    without_hidden = losses.verify(_t(env, steps), env, include_hidden=False)
    assert all(not i.hidden for i in without_hidden.items)
