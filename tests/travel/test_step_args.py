"""Step arguments checked against the task before scheduling: days and durations a model may write."""

from __future__ import annotations

import json
from typing import Any

import pytest
from env_support import fixture_env, plan_9001_text
from hypothesis import given, settings
from hypothesis import strategies as st

from pivot_opt.environment import StepStatus
from pivot_opt.envs.travel.plans.schedule import build_plan
from pivot_opt.step import Step


def _with(step: Step, at: int = 5) -> tuple[list[Step], int]:
    steps = fixture_env().from_text(plan_9001_text())
    return [*steps[:at], step, *steps[at:]], at


@pytest.mark.parametrize("day", [10**9, "1000000000", 10**18])
def test_a_huge_day_is_a_step_error_and_opens_no_days(day: Any) -> None:
    env = fixture_env()
    steps, i = _with(Step("attraction", {"day": day, "name": "Xuanwu Lake Park"}))
    trace = env.execute(steps)
    assert trace.steps[i].status is StepStatus.ERROR
    assert "is beyond the 3-day trip; use 1..3" in trace.steps[i].error
    assert len(trace.info["plan"]["daily_plans"]) == 3
    # the steps after it keep their own days (it did not move the plan to day 10**9)
    assert not any("keep days in order" in r.error for r in trace.steps)


@pytest.mark.parametrize(("day", "says"), [
    (-3, "day -3 does not exist; days are numbered 1..3"),
    (2.5, "day 2.5 is not a day number"),
    (True, "day True is not a day number"),
    ("two", "day 'two' is not a day number"),
    ("²", "day '²' is not a day number"),
    ("9" * 5000, "is not a day number"),
])
def test_an_unreadable_day_is_a_short_clear_step_error(day: Any, says: str) -> None:
    steps, i = _with(Step("attraction", {"day": day, "name": "Xuanwu Lake Park"}))
    trace = fixture_env().execute(steps)
    assert trace.steps[i].status is StepStatus.ERROR
    assert says in trace.steps[i].error
    assert len(trace.steps[i].error.split(";")[0]) < 120


@pytest.mark.parametrize(("step", "says"), [
    (Step("buffer", {"day": 2, "minutes": 10**9}), "minutes 1000000000 is not a length of time within a day"),
    (Step("meal", {"day": 2, "name": "Lakeside Bistro", "minutes": -5}), "minutes -5 is not a length of time"),
    (Step("attraction", {"day": 2, "name": "Xuanwu Lake Park", "hours": 10**9}), "hours 1000000000 is not a length"),
    (Step("attraction", {"day": 2, "name": "Xuanwu Lake Park", "hours": "lots"}), "hours 'lots' is not a length"),
])
def test_a_duration_beyond_a_day_is_a_step_error_and_is_not_scheduled(step: Step, says: str) -> None:
    steps, i = _with(step, at=12)
    trace = fixture_env().execute(steps)
    assert trace.steps[i].status is StepStatus.ERROR
    assert says in trace.steps[i].error
    assert "past midnight" not in trace.steps[i].error  # it ran with its default length
    assert trace.steps[i].state["clock"] < 24 * 60


def test_a_plan_longer_than_the_trip_still_round_trips_with_empty_days() -> None:
    env = fixture_env()
    plan = env.to_plan(env.from_text(plan_9001_text()))
    empty = {"day_number": 4, "current_city": plan["daily_plans"][-1]["current_city"], "activities": []}
    plan["daily_plans"] += [{**empty, "day_number": d} for d in range(4, 9)]
    plan["daily_plans"][-1]["activities"] = [{"time_slot": "09:00-10:00", "type": "buffer",
                                              "details": {"description": "Free time"}}]
    steps = env.from_plan(plan)
    assert json.dumps(env.to_plan(steps)) == json.dumps(plan)
    assert env.score(env.to_plan(steps)) == env.score(plan)


_day = st.one_of(st.integers(-10**12, 10**12), st.booleans(), st.floats(), st.text(max_size=12),
                 st.integers(0, 12).map(str), st.none())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["attraction", "meal", "buffer", "day", "hotel"]), _day), max_size=6))
def test_any_day_values_never_crash_and_open_at_most_one_day_per_step(cells: list[tuple[str, Any]]) -> None:
    env = fixture_env()
    steps = [Step(action, {"day": day, "name": "Xuanwu Lake Park"}) for action, day in cells]
    trace = env.execute(steps)
    assert len(trace.steps) == len(steps)
    assert len(trace.info["plan"]["daily_plans"]) <= max(3, len(steps))


def test_a_mostly_empty_plan_longer_than_its_steps_round_trips() -> None:
    # Eight days, two activities, headers as the scheduler derives them: day 8 lies beyond the two
    # literal steps, so the conversion keeps a day step for each day it could not derive.
    env = fixture_env()
    literal = [Step("buffer", {"day": d, "time": "09:00-10:00", "description": "Free time"}) for d in (1, 8)]
    padding = [Step("plan_fields", {"fields": {}, "keys": ["daily_plans"]})] * 6
    plan = build_plan(literal + padding, env.ctx).plan
    assert len(plan["daily_plans"]) == 8
    steps = env.from_plan(plan)
    assert json.dumps(env.to_plan(steps)) == json.dumps(plan)
