"""``TravelEnv.execute``: the evaluator's checks, pinned on the steps that caused them."""

from __future__ import annotations

import time

import pytest
from env_support import fixture_env, generated_env, plan_9001_text

from pivot_opt.environment import StepStatus
from pivot_opt.envs.travel import evaluator_cost, parse_plan_text
from pivot_opt.envs.travel.execution import ERROR_CHECKS
from pivot_opt.step import Step


def _steps() -> list[Step]:
    return fixture_env().from_text(plan_9001_text())


def _index(steps: list[Step], action: str, name: str) -> int:
    return next(i for i, s in enumerate(steps) if s.action == action and s.args.get("name") == name)


def test_the_fixture_plan_runs_clean_and_reports_state() -> None:
    env = fixture_env()
    steps = _steps()
    trace = env.execute(steps)
    assert [r.status for r in trace.steps] == [StepStatus.OK] * len(steps)
    assert trace.steps[0].state["day"] == 1 and trace.steps[-2].state["day"] == 3
    assert "travel_intercity_public G7001" in trace.steps[0].observation
    plan = parse_plan_text(plan_9001_text())
    assert trace.final_state["spend"] == pytest.approx(evaluator_cost(plan["daily_plans"], env.ctx.meta).total)
    assert trace.final_state["budget"] == 3500
    assert trace.steps[-2].state["spend"] == pytest.approx(trace.final_state["spend"])


def test_an_unknown_attraction_is_an_error_on_its_own_step() -> None:
    steps = _steps()
    i = _index(steps, "attraction", "Laomendong")
    steps[i] = Step("attraction", {**steps[i].args, "name": "Laomen Dong"})
    trace = fixture_env().execute(steps)
    assert trace.steps[i].status is StepStatus.ERROR
    assert "validated_attractions" in trace.steps[i].error
    assert [r.index for r in trace.steps if r.status is StepStatus.ERROR] == [i]


def test_a_visit_on_the_closing_weekday_is_an_error() -> None:
    env = fixture_env()
    steps = _steps()
    i = _index(steps, "attraction", "Sun Yat-sen Mausoleum")  # day 3 (Friday): open
    moved = Step("attraction", {"day": 2, "name": "Sun Yat-sen Mausoleum"})  # day 2 is a Thursday: closed
    j = _index(steps, "attraction", "Xuanwu Lake Park")
    trace = env.execute([*steps[:j], moved, *steps[j + 1: i], *steps[i + 1:]])
    assert trace.steps[j].status is StepStatus.ERROR
    assert "closed on Thursdays" in trace.steps[j].error


def test_a_rule_break_is_a_violation_not_an_error() -> None:
    steps = _steps()
    i = _index(steps, "meal", "Lakeside Bistro")
    steps[i] = Step("meal", {**steps[i].args, "name": "Jinling Duck House"})  # the same restaurant twice
    trace = fixture_env().execute(steps)
    assert "diverse_meal_options" not in ERROR_CHECKS
    assert trace.steps[i].status in (StepStatus.VIOLATION, StepStatus.ERROR)
    assert "diverse_meal_options" in trace.steps[i].error


def test_scheduled_steps_get_times_travel_and_waits() -> None:
    env = fixture_env()
    steps = [Step("travel_intercity_public", {"day": 1, "number": "G7001"}),
             Step("attraction", {"day": 1, "name": "Laomendong"}),
             Step("meal", {"name": "Six Dynasties Pine Teahouse"}),
             Step("hotel", {"name": "Orange Hotel Nanjing Confucius Temple"}),
             Step("attraction", {"day": 2, "name": "Xuanwu Lake Park"})]
    plan = env.to_plan(steps)
    acts = plan["daily_plans"][0]["activities"]
    assert [a["type"] for a in acts] == ["travel_intercity_public", "buffer", "travel_city", "attraction",
                                         "travel_city", "buffer", "meal", "travel_city", "hotel"]
    assert acts[0]["time_slot"] == "08:00-09:00" and acts[1]["time_slot"] == "09:00-09:30"
    assert acts[2]["details"]["duration"] == "20min" and acts[3]["time_slot"] == "09:50-10:50"
    assert acts[5]["time_slot"] == "10:55-11:00"  # waiting for lunch time
    assert acts[6]["details"] == {"meal_type": "lunch", "name": "Six Dynasties Pine Teahouse", "cost": 294}
    day2 = plan["daily_plans"][1]
    assert day2["current_city"] == "Nanjing" and day2["activities"][0]["time_slot"] == "08:30-08:50"
    assert plan["daily_plans"][0]["current_city"] == "from Hefei to Nanjing"
    assert plan["daily_plans"][0]["accommodation"] == {"name": "Orange Hotel Nanjing Confucius Temple",
                                                       "price_per_night": 441}
    trace = env.execute(steps)
    assert all(r.status is not StepStatus.ERROR for r in trace.steps), [r.error for r in trace.steps]
    assert trace.info["built"].origin[(0, 1)] == 1  # the exit buffer belongs to the step it leads to


@pytest.mark.parametrize(("step", "message"), [
    (Step("travel_intercity_public", {"day": 1, "number": "G9999"}), "unknown train or flight number 'G9999'"),
    (Step("travel_intercity_public", {"day": 1, "number": "G7010"}), "runs on 2025-11-14"),
    (Step("meal", {"day": 1, "name": "Nowhere Noodles"}), "unknown restaurant"),
    (Step("hotel", {"day": 1, "name": "Grand Budapest"}), "unknown hotel"),
    (Step("fly", {"day": 1}), "unknown action 'fly'"),
    (Step("attraction", {"day": 1, "name": "Laomendong", "hours": 20}), "does not fit"),
])
def test_impossible_steps_are_errors_with_a_reason(step: Step, message: str) -> None:
    trace = fixture_env().execute([step])
    assert trace.steps[0].status is StepStatus.ERROR
    assert message in trace.steps[0].error


def test_no_seat_for_the_party_is_an_error() -> None:
    env = fixture_env("9001")  # two travellers; G7001 first class has 2 seats, fine
    ok = env.execute([Step("travel_intercity_public", {"day": 1, "number": "G7001", "seat_class": "First Class Seat"})])
    assert "seat" not in ok.steps[0].error
    from pivot_opt.envs.travel.environment import TravelEnv

    crowd = TravelEnv(env.travel_task.__class__(env.travel_task.id, env.travel_task.query,
                                                {**env.gold, "people_number": 3}), env.db, requests="gold")
    trace = crowd.execute([Step("travel_intercity_public", {"day": 1, "number": "G7001",
                                                            "seat_class": "First Class Seat"})])
    assert "only 2 seat(s) left" in trace.steps[0].error


def test_days_out_of_order_and_past_midnight_are_errors() -> None:
    env = fixture_env()
    trace = env.execute([Step("attraction", {"day": 2, "name": "Laomendong"}),
                         Step("meal", {"day": 1, "name": "Lakeside Bistro"})])
    assert "keep days in order" in trace.steps[1].error
    late = [Step("attraction", {"day": 1, "name": "Xuanwu Lake Park", "hours": 3}) for _ in range(6)]
    late = [Step("attraction", {**s.args, "name": n}) for s, n in zip(late, [
        "Xuanwu Lake Park", "Laomendong", "Nanjing Deji Plaza", "Niushou Mountain", "Nanjing Museum",
        "Nanjing City Wall Taicheng Scenic Area"], strict=True)]
    trace = env.execute(late + [Step("hotel", {"name": "Orange Hotel Nanjing Confucius Temple"})])
    assert any("past midnight" in r.error for r in trace.steps)


def test_execute_is_deterministic_and_fast_on_a_seven_day_plan() -> None:
    env = generated_env(16, 7)
    steps = env.reference_steps()
    first = env.execute(steps)
    env.clear_cache()
    start = time.perf_counter()
    for _ in range(5):
        env.clear_cache()
        again = env.execute(steps)
    per_call = (time.perf_counter() - start) / 5
    assert [r.status for r in again.steps] == [r.status for r in first.steps]
    assert again.info["plan"] == first.info["plan"]
    assert per_call < 0.25  # milliseconds in practice; generous for a loaded CI machine
