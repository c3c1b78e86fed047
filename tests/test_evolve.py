"""EVOLVE with a scripted engine: radii, localisation, and failures that never end a run."""

from __future__ import annotations

import json

import pytest

from pivot_opt import Step, Trajectory, losses
from pivot_opt.engines import ScriptedEngine
from pivot_opt.errors import ConfigError, EngineError
from pivot_opt.optimizers import AcceptAll, Evolve, MonotonicLineSearch


def _inspected(env, steps):  # type: ignore[no-untyped-def]
    traj = Trajectory([Step.from_dict(s) for s in steps], task=env.task)
    loss = losses.Composite()(traj, env)
    loss.backward()
    return traj, loss


def _missing_second_visit(env):  # type: ignore[no-untyped-def]
    must = env.spec.must_visit[1]
    return [s for s in env.spec.reference if s["args"].get("place") != must], must


def test_patch_inserts_the_missing_step_at_the_best_position(env, helpers) -> None:  # type: ignore[no-untyped-def]
    steps, must = _missing_second_visit(env)
    traj, _ = _inspected(env, steps)
    engine = ScriptedEngine([helpers.edit_json("insert", helpers.step("visit", place=must))])
    report = Evolve([traj], engine=engine).step()
    assert report.accepted and report.radius == "patch"
    assert report.loss_after < report.loss_before
    assert traj.steps == [Step.from_dict(s) for s in env.spec.reference]
    # the insert schema was narrowed by the gradient to the entity it names
    schema = engine.schemas[0]
    assert schema is not None and must in json.dumps(schema)
    visit_enum = schema["properties"]["step"]["anyOf"][0]["properties"]["args"]["properties"]["place"]["enum"]
    assert visit_enum == [must]
    assert engine.ledger.by_phase()["evolve"] > 0 and engine.ledger.by_phase()["plan"] == 0


def test_zero_token_delete_fixes_a_step_after_return(env) -> None:  # type: ignore[no-untyped-def]
    steps = [*env.spec.reference, {"action": "return", "args": {}}]
    traj, _ = _inspected(env, steps)
    engine = ScriptedEngine([])  # any model call would raise: the delete candidate needs none
    report = Evolve([traj], engine=engine).step()
    assert report.accepted and traj.steps == [Step.from_dict(s) for s in env.spec.reference]
    assert len(engine.ledger) == 0


def test_line_search_goes_to_larger_radii_and_keeps_the_prefix(env, helpers) -> None:  # type: ignore[no-untyped-def]
    ref = env.spec.reference
    broken = [ref[0], helpers.step("visit", place="Nowhere"), *ref[1:]]
    traj, loss = _inspected(env, broken)
    assert loss.earliest_failure == 1
    engine = ScriptedEngine({
        "Fix step 1": helpers.edit_json("replace", helpers.step("visit", place="Nowhere")),
        "These first 1 steps work": helpers.plan_json(ref[1:]),
    })
    report = Evolve([traj], engine=engine, try_delete=False).step()
    assert [c.radius for c in report.candidates] == ["patch", "suffix"]
    assert report.candidates[0].reason == "rejected: proposal changes nothing"
    assert report.accepted and report.radius == "suffix"
    assert traj.steps == [Step.from_dict(s) for s in ref]


def test_failures_in_candidates_are_recorded_and_the_step_goes_on(env, helpers, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    steps, _ = _missing_second_visit(env)
    traj, _ = _inspected(env, steps)
    reference = helpers.plan_json(env.spec.reference)
    engine = ScriptedEngine([EngineError("model server down"), "this is not json", reference])
    calls = {"n": 0}
    real_execute = env.execute

    def flaky(s):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if len(s) == len(env.spec.reference) and calls["n"] == 1:
            raise RuntimeError("database locked")
        return real_execute(s)

    monkeypatch.setattr(env, "execute", flaky)
    report = Evolve([traj], engine=engine).step()
    errors = [c.error for c in report.candidates]
    assert "model server down" in errors[0]
    assert "TrajectoryParseError" in errors[1]
    assert "database locked" in errors[2]
    assert not report.accepted and traj.steps == [Step.from_dict(s) for s in steps]
    assert "kept the current plan" in report.reason


def test_worse_candidates_are_rejected_but_accept_all_takes_them(env, helpers) -> None:  # type: ignore[no-untyped-def]
    steps, _ = _missing_second_visit(env)
    worse = helpers.edit_json("insert", helpers.step("visit", place="Nowhere"))
    for acceptor, expect in ((MonotonicLineSearch(), False), (AcceptAll(), True)):
        traj, _ = _inspected(env, steps)
        report = Evolve([traj], engine=ScriptedEngine([worse] * 3), acceptor=acceptor, radii=("patch",)).step()
        assert report.accepted is expect
        assert (report.loss_after > report.loss_before) is expect


def test_whole_plan_feedback_ablation_has_no_step_targets(env, helpers) -> None:  # type: ignore[no-untyped-def]
    ref = env.spec.reference
    traj, _ = _inspected(env, [ref[0], helpers.step("visit", place="Nowhere"), *ref[1:]])
    engine = ScriptedEngine([helpers.plan_json(ref)], repeat_last=True)
    report = Evolve([traj], engine=engine, localize=False, radii=("suffix",)).step()
    assert report.accepted
    assert "These first 0 steps work" in engine.prompts[0]
    assert "step 1 [" not in engine.prompts[0]


def test_step_needs_gradients_and_valid_config(env) -> None:  # type: ignore[no-untyped-def]
    traj = Trajectory([Step("return")], task=env.task)
    with pytest.raises(ConfigError, match="backward"):
        Evolve([traj], engine=ScriptedEngine([])).step()
    with pytest.raises(ConfigError, match="radii"):
        Evolve([traj], engine=ScriptedEngine([]), radii=("huge",))
    with pytest.raises(ConfigError, match="Trajectory"):
        Evolve(["plan"], engine=ScriptedEngine([]))  # type: ignore[list-item]


def test_state_dict_round_trip(env) -> None:  # type: ignore[no-untyped-def]
    traj, _ = _inspected(env, env.spec.reference)
    opt = Evolve([traj], engine=ScriptedEngine([]))
    state = opt.state_dict()
    traj.set_value([Step("return")])
    opt.load_state_dict(state)
    assert traj.steps == [Step.from_dict(s) for s in env.spec.reference]
