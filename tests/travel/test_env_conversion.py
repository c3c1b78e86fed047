"""Steps <-> converted plan JSON <-> plan text: lossless round trips, and scheduled steps that score 1.0."""

from __future__ import annotations

import json
from typing import Any

import pytest
from env_support import CASES, fixture_env, generated_env, plan_9001_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivot_opt.envs.travel import parse_plan_text, render_plan_text
from pivot_opt.envs.travel.plans.convert import same_json
from pivot_opt.envs.travel.plans.steps import BOOKKEEPING, RAW_ACTION, is_literal
from pivot_opt.errors import TrajectoryParseError
from pivot_opt.step import Step, parse_steps, steps_to_json


def _compact(steps: list[Step]) -> list[Step]:
    """Only the entity choices of a plan (what a small model writes); the scheduler does the rest."""
    out: list[Step] = []
    for s in steps:
        a = s.args
        if s.action == "travel_intercity_public":
            if not (out and out[-1].action == s.action and out[-1].args["day"] == a["day"]):
                out.append(Step(s.action, {"day": a["day"], "number": a["number"]}))
        elif s.action in ("attraction", "meal", "hotel"):
            out.append(Step(s.action, {"day": a["day"], "name": a["name"]}))
    return out


@pytest.mark.parametrize(("seed", "days"), CASES)
def test_reference_plans_round_trip_exactly(seed: int, days: int | None) -> None:
    env = generated_env(seed, days)
    from pivot_opt.envs.travel.reference.plan import reference_plan

    plan = reference_plan(env.record, env.db.path)
    steps = env.from_plan(plan)
    assert all(is_literal(s) for s in steps)
    # day headers are derived exactly as the plan states them (the budget layout may differ: plan_fields)
    assert not [s for s in steps if s.action in ("day", RAW_ACTION)]
    assert json.dumps(env.to_plan(steps)) == json.dumps(plan)
    # through the trajectory's own JSON text and back
    assert json.dumps(env.to_plan(parse_steps(steps_to_json(steps)))) == json.dumps(plan)
    # through the official plan text
    text = render_plan_text(plan)
    again = env.from_text(text)
    assert env.to_text(again) == text
    assert same_json(env.to_plan(again), parse_plan_text(text))
    assert env.score(steps)["scores"]["case_acc"] == 1.0


@pytest.mark.parametrize(("seed", "days"), CASES)
def test_entity_choices_alone_are_scheduled_into_a_full_score_plan(seed: int, days: int | None) -> None:
    env = generated_env(seed, days)
    compact = _compact(env.reference_steps())
    assert not any(is_literal(s) for s in compact)
    trace = env.execute(compact)
    assert all(r.ok for r in trace.steps), [r.error for r in trace.steps if not r.ok]
    assert env.score(compact)["scores"] == {"commonsense_weighted_score": 1.0, "personalized_score": 1.0,
                                            "composite_score": 1.0, "case_acc": 1.0}


def test_fixture_plan_text_round_trips_with_its_own_budget_summary() -> None:
    env = fixture_env()
    plan = parse_plan_text(plan_9001_text())
    steps = env.from_text(plan_9001_text())
    extra = [s for s in steps if s.action in BOOKKEEPING]
    assert [s.action for s in extra] == ["plan_fields"]  # the text states no 'other' and no currency
    assert json.dumps(env.to_plan(steps)) == json.dumps(plan)
    assert env.score(steps)["scores"]["composite_score"] == 1.0


def test_odd_headers_and_activities_are_kept_verbatim() -> None:
    env = fixture_env()
    plan = parse_plan_text(plan_9001_text())
    plan["daily_plans"][1]["current_city"] = "Nanjing (Jiangsu)"
    plan["daily_plans"][1]["note"] = "extra key"
    plan["daily_plans"][0]["activities"][2] = {"type": "travel_city", "details": "a string", "time_slot": "x"}
    plan["daily_plans"].append({"day_number": 9})
    plan["extra"] = [1, 2]
    steps = env.from_plan(plan)
    assert {s.action for s in steps} >= {"day", "plan_fields", RAW_ACTION}
    assert json.dumps(env.to_plan(steps)) == json.dumps(plan)


def test_not_an_object_is_a_clear_error() -> None:
    with pytest.raises(TrajectoryParseError, match="JSON object"):
        fixture_env().from_plan([1, 2])  # type: ignore[arg-type]


_scalar = st.one_of(st.none(), st.booleans(), st.integers(-5, 5000), st.floats(allow_nan=False, allow_infinity=False,
                                                                             width=32), st.text(max_size=8))
_json = st.recursive(_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                     max_leaves=8)
_kinds = st.sampled_from(["meal", "attraction", "hotel", "buffer", "travel_city", "travel_intercity_public", "day",
                          "activity", "", "Meal"])
_details = st.dictionaries(st.sampled_from(["name", "cost", "from", "to", "number", "mode", "day", "time", "x"]),
                           _scalar, max_size=4)
_activity = st.one_of(st.fixed_dictionaries({"time_slot": st.one_of(st.just("09:00-10:00"), st.text(max_size=5)),
                                             "type": _kinds, "details": _details}),
                      st.dictionaries(st.sampled_from(["time_slot", "type", "details", "start_time"]), _json,
                                      max_size=4), _scalar)
_day = st.one_of(st.fixed_dictionaries({"day_number": st.integers(0, 9), "current_city": st.text(max_size=12),
                                        "activities": st.lists(_activity, max_size=4)},
                                       optional={"accommodation": _json}),
                 st.dictionaries(st.sampled_from(["activities", "current_city", "x"]), _json, max_size=3))
_plan = st.fixed_dictionaries({}, optional={"budget_summary": _json, "daily_plans": st.lists(_day, max_size=4),
                                            "other": _json})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plan)
def test_any_plan_object_round_trips(plan: dict[str, Any]) -> None:
    env = fixture_env()
    steps = env.from_plan(plan)
    assert json.dumps(env.to_plan(steps)) == json.dumps(plan)
    trace = env.execute(steps)  # never raises, whatever the plan holds
    assert env.action_schema(steps, 0) and env.action_schema(steps, None)
    from pivot_opt import Trajectory
    from pivot_opt.losses import check_constraints

    for constraint, result in check_constraints(env.constraints(), trace, Trajectory(steps)):
        assert "check raised" not in result.reason, (constraint.name, result.reason)
