"""Baselines behind the Optimizer interface: TextGrad TGD, Self-Refine, Reflexion, Best-of-N (scripted engine)."""

from __future__ import annotations

import json

import pytest

from pivot_opt.bench.testing import DayTripScript, daytrip_engine
from pivot_opt.engines import ScriptedEngine
from pivot_opt.envs import make_env
from pivot_opt.errors import ConfigError, EngineError
from pivot_opt.losses.composite import Composite
from pivot_opt.optimizers import BestOfN, Reflexion, SelfRefine, TextGradTGD, execution_report
from pivot_opt.pivot import Pivot
from pivot_opt.step import Step
from pivot_opt.trajectory import Trajectory

BASELINES = [TextGradTGD, SelfRefine, Reflexion, BestOfN]


@pytest.fixture
def env():
    return make_env("daytrip", seed=3)


def poor_plan(env) -> Trajectory:
    return Trajectory([Step("visit", {"place": env.spec.must_visit[0]}), Step("return")], task=env.task)


def inspected(env, traj: Trajectory) -> Trajectory:
    loss = Composite()(traj, env)
    traj.last_loss = loss
    loss.backward()
    return traj


@pytest.mark.parametrize("cls", BASELINES)
def test_each_baseline_improves_the_plan_and_books_evolve_tokens(cls, env):
    engine = daytrip_engine(bad_plans=0)
    traj = inspected(env, poor_plan(env))
    before = traj.last_loss.total
    opt = cls([traj], engine=engine, seed=1)
    report = opt.step()
    assert report.accepted
    assert report.loss_after < before
    assert traj.last_loss is not None and traj.last_loss.plan_text == traj.value  # fresh loss, Pivot reuses it
    assert traj.last_loss.total == pytest.approx(report.loss_after)
    by_phase = engine.ledger.by_phase()
    assert by_phase["evolve"] > 0 and by_phase["plan"] == by_phase["inspect"] == 0


@pytest.mark.parametrize("cls", BASELINES)
def test_each_baseline_runs_in_the_pivot_loop(cls, env):
    engine = daytrip_engine(bad_plans=3)
    result = Pivot(env, engine, optimizer=lambda ps: cls(ps, engine=engine), n_plans=1, iterations=3,
                   progress=False).run()
    totals = result.history.totals()
    assert totals[-1] < totals[0]
    assert result.tokens["evolve"] > 0


def test_textgrad_goes_through_textgrads_own_loss_backward_and_tgd(env):
    engine = daytrip_engine(bad_plans=0)
    traj = inspected(env, poor_plan(env))
    TextGradTGD([traj], engine=engine).step()
    prompts = engine.prompts
    assert len(prompts) == 3  # TextLoss forward, LLM backward, TGD update
    assert "Execution, step by step" in prompts[0]  # the evaluation instruction holds the execution report
    assert "<VARIABLE>" in prompts[2] and "<IMPROVED_VARIABLE>" in prompts[2]  # textgrad's TGD prompt
    assert engine.schemas[2] is not None and engine.schemas[0] is None  # only the update is grammar-decoded


def test_textgrad_untagged_prose_is_a_rejected_candidate(env):
    """The adapter hands an untagged answer to TGD as the value; prose is then not a plan."""
    engine = ScriptedEngine(["the plan is bad", "add the missing visit", "here is a better plan, no tags"])
    traj = inspected(env, poor_plan(env))
    value = traj.value
    report = TextGradTGD([traj], engine=engine, constrained=False).step()
    assert not report.accepted
    assert report.candidates[0].reason.startswith("rejected: the update is not a plan")
    assert traj.value == value


def test_textgrad_unparsable_update_is_reverted(env):
    engine = ScriptedEngine(["bad", "fix it", "<IMPROVED_VARIABLE>not json at all</IMPROVED_VARIABLE>"])
    traj = inspected(env, poor_plan(env))
    value = traj.value
    report = TextGradTGD([traj], engine=engine, constrained=False).step()
    assert not report.accepted and "not a plan" in report.reason
    assert traj.value == value and traj.is_parsable()


def test_self_refine_never_sees_environment_feedback_and_honours_its_stop(env):
    script = DayTripScript(bad_plans=0)
    answers = iter([json.dumps({"critique": "fine", "plan_is_good": True})])

    def reply(prompt, schema):
        if schema and "plan_is_good" in schema.get("properties", {}):
            return next(answers, json.dumps({"critique": "x", "plan_is_good": True}))
        return script(prompt, schema)

    engine = ScriptedEngine(reply)
    traj = inspected(env, poor_plan(env))
    opt = SelfRefine([traj], engine=engine)
    first = opt.step()
    assert not first.accepted and "stop indicator" in first.reason
    calls = len(engine.prompts)
    second = opt.step()
    assert len(engine.prompts) == calls == 1  # done: no more calls, no more tokens
    assert "nothing to do" in second.reason
    assert all("Execution" not in p and "Unmet" not in p for p in engine.prompts)


def test_self_refine_keeps_a_bounded_history(env):
    engine = daytrip_engine(bad_plans=0)
    traj = inspected(env, poor_plan(env))
    opt = SelfRefine([traj], engine=engine, history=1)
    for _ in range(3):
        traj.set_value([Step("return")])  # keep it bad so that it keeps refining
        opt.step()
    refine_prompts = [p for p in engine.prompts if "improved complete plan" in p]
    assert refine_prompts[-1].count("Earlier version:") == 1


def test_reflexion_reflects_on_execution_and_bounds_its_memory(env):
    engine = daytrip_engine(bad_plans=0)
    traj = inspected(env, poor_plan(env))
    opt = Reflexion([traj], engine=engine, memory_size=2)
    for _ in range(3):
        traj.set_value([Step("return")])
        opt.step()
    assert len(opt.memory) == 2
    reflect = [p for p in engine.prompts if "say why this plan failed" in p]
    assert reflect and "Unmet requirements" in reflect[0]
    act = [p for p in engine.prompts if "applies these lessons" in p]
    assert act[-1].count("- Lesson") == 2


def test_best_of_n_never_raises_the_loss_and_uses_fresh_seeds(env):
    engine = daytrip_engine(bad_plans=100)  # every sample is poor: nothing may be accepted
    traj = inspected(env, poor_plan(env))
    value = traj.value
    report = BestOfN([traj], engine=engine, samples_per_step=3).step()
    assert not report.accepted and traj.value == value
    assert len(report.candidates) == 3


def test_engine_failures_become_rejected_candidates(env):
    engine = ScriptedEngine([EngineError("model down")] * 4)
    for cls in (SelfRefine, Reflexion, BestOfN, TextGradTGD):
        traj = inspected(env, poor_plan(env))
        value = traj.value
        report = cls([traj], engine=engine).step()
        assert not report.accepted and traj.value == value
        assert report.candidates and report.candidates[0].error


def test_unparsable_rewrites_are_rejected(env):
    engine = ScriptedEngine(lambda p, s: "no plan here" if s and "steps" in s.get("properties", {}) else
                            json.dumps({"critique": "bad", "plan_is_good": False}))
    traj = inspected(env, poor_plan(env))
    value = traj.value
    report = SelfRefine([traj], engine=engine).step()
    assert not report.accepted and traj.value == value


def test_a_baseline_without_a_loss_says_how_to_fix_it(env):
    with pytest.raises(ConfigError, match="inspect= and env="):
        SelfRefine([poor_plan(env)], engine=daytrip_engine()).step()


def test_execution_report_hides_hidden_constraints(env):
    traj = inspected(env, poor_plan(env))
    text = execution_report(traj.last_loss, traj, env)
    assert "Unmet requirements" in text and "avoid_category" not in text
    assert "0. visit" in text
