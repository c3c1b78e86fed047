"""Every commonsense sub-check: the fixture's reference plan passes, a minimal change fails it.

The reference plan (``data/plan_9001.txt``) is a 3-day Hefei -> Nanjing train trip written so
that every one of the 20 official checks passes on the ``data/id_9001`` database. Each case
below changes the plan (or, where the check reads meta_info, the meta) as little as possible
and states exactly which checks must then fail, so a check that fails too eagerly is caught
as surely as one that never fails.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pivot_opt.envs.travel import (
    COMMONSENSE_CHECKS,
    commonsense_check,
    load_database,
    load_task,
    parse_plan_text,
    run_commonsense,
    score_dimensions,
)

DATA = Path(__file__).parent / "data"
DB = load_database(DATA / "id_9001")
META = load_task(DATA / "tasks.json", "9001").meta_info
PLAN = parse_plan_text((DATA / "plan_9001.txt").read_text(encoding="utf-8"))
ALL_CHECKS = [name for checks in COMMONSENSE_CHECKS.values() for name, _fn in checks]

Plan = dict[str, Any]


def act(plan: Plan, day: int, index: int) -> dict[str, Any]:
    return plan["daily_plans"][day]["activities"][index]


def failing(plan: Plan, meta: dict[str, Any] = META) -> set[str]:
    return {name for name, res in run_commonsense(plan, meta, DB).items() if not res.passed}


def test_reference_plan_passes_every_check() -> None:
    results = run_commonsense(PLAN, META, DB)
    assert list(results) == ALL_CHECKS
    assert len(ALL_CHECKS) == 21 and len(COMMONSENSE_CHECKS) == 8
    assert all(r.passed for r in results.values()), {n: r.message for n, r in results.items() if not r.passed}
    total, dims, _details = score_dimensions(results)
    assert total == 1.0 and set(dims.values()) == {1.0}


# -- mutations ---------------------------------------------------------------------------------
def m_trip_length(p: Plan, m: dict[str, Any]) -> None:
    m["days"] = 4


def m_wrong_origin(p: Plan, m: dict[str, Any]) -> None:
    p["daily_plans"][-1]["current_city"] = "from Nanjing to Shanghai"


def m_teleport(p: Plan, m: dict[str, Any]) -> None:
    p["daily_plans"][1]["current_city"] = "Suzhou"


def m_wrong_station(p: Plan, m: dict[str, Any]) -> None:
    act(p, 0, 0)["details"]["to"] = "Hefei South Station"


def m_hotel_price(p: Plan, m: dict[str, Any]) -> None:
    p["daily_plans"][0]["accommodation"]["price_per_night"] = 440


def m_hotel_price_as_text(p: Plan, m: dict[str, Any]) -> None:
    p["daily_plans"][0]["accommodation"]["price_per_night"] = "441"


def m_ticket_price(p: Plan, m: dict[str, Any]) -> None:
    act(p, 0, 7)["details"]["cost"] = 25  # Taicheng costs 30


def m_unknown_restaurant(p: Plan, m: dict[str, Any]) -> None:
    act(p, 0, 5)["details"]["name"] = "Ghost Kitchen"


def m_unknown_train(p: Plan, m: dict[str, Any]) -> None:
    act(p, 0, 0)["details"]["number"] = "G9999"


def m_train_price(p: Plan, m: dict[str, Any]) -> None:
    act(p, 2, -1)["details"]["cost"] = 96  # G7010 is 97 in every row


def m_no_accommodation_field(p: Plan, m: dict[str, Any]) -> None:
    del p["daily_plans"][1]["accommodation"]
    p["budget_summary"]["total_estimated_budget"] = 3018 - 441  # keep the cost check out of it


def m_hotel_on_last_day(p: Plan, m: dict[str, Any]) -> None:
    p["daily_plans"][-1]["accommodation"] = {
        "name": "Orange Hotel Nanjing Confucius Temple",
        "price_per_night": 441,
    }


def m_day_ends_with_buffer(p: Plan, m: dict[str, Any]) -> None:
    acts = p["daily_plans"][0]["activities"]
    acts[-1]["time_slot"] = "19:00-19:10"
    acts.append(
        {"time_slot": "19:10-24:00", "type": "buffer", "details": {"description": "Rest in the room"}}
    )


def m_one_meal_on_stay_day(p: Plan, m: dict[str, Any]) -> None:
    act(p, 1, 9)["type"] = "buffer"  # day 2 dinner becomes idle time


def m_too_little_sightseeing(p: Plan, m: dict[str, Any]) -> None:
    act(p, 1, 5)["type"] = "buffer"  # Nanjing Museum
    act(p, 1, 7)["type"] = "buffer"  # Nanjing Deji Plaza


def m_overlap(p: Plan, m: dict[str, Any]) -> None:
    act(p, 0, 3)["time_slot"] = "09:50-12:00"  # Laomendong runs into the walk to lunch


def m_slow_transfer(p: Plan, m: dict[str, Any]) -> None:
    act(p, 0, 5)["time_slot"] = "12:10-13:00"  # 20 min gap for a 5 min walk


def m_before_opening(p: Plan, m: dict[str, Any]) -> None:
    day = p["daily_plans"][2]["activities"]
    day[0]["time_slot"], day[1]["time_slot"], day[2]["time_slot"] = (
        "07:30-08:00",
        "08:00-08:25",
        "08:25-10:55",
    )


def m_lunch_before_service(p: Plan, m: dict[str, Any]) -> None:
    day = p["daily_plans"][1]["activities"]
    day[1]["time_slot"], day[2]["time_slot"], day[3]["time_slot"] = (
        "08:50-10:40",
        "10:40-10:50",
        "10:50-12:15",
    )


def m_closed_day(p: Plan, m: dict[str, Any]) -> None:
    m["depart_weekday"] = 2  # day 3 becomes Thursday, when the mausoleum is closed


def m_short_visit(p: Plan, m: dict[str, Any]) -> None:
    acts = p["daily_plans"][0]["activities"]
    acts[3]["time_slot"] = "09:50-10:30"
    acts.insert(4, {"time_slot": "10:30-11:50", "type": "buffer", "details": {"description": "Coffee"}})


def m_rushed_lunch(p: Plan, m: dict[str, Any]) -> None:
    acts = p["daily_plans"][0]["activities"]
    acts[5]["time_slot"] = "11:55-12:20"
    acts.insert(6, {"time_slot": "12:20-13:00", "type": "buffer", "details": {"description": "Stroll"}})


def m_wrong_total(p: Plan, m: dict[str, Any]) -> None:
    p["budget_summary"]["total_estimated_budget"] = 2000


def m_repeat_restaurant(p: Plan, m: dict[str, Any]) -> None:
    act(p, 1, 9)["details"].update(name="Six Dynasties Pine Teahouse", cost=294)
    p["budget_summary"]["total_estimated_budget"] = 3456


def m_repeat_attraction(p: Plan, m: dict[str, Any]) -> None:
    act(p, 2, 2)["details"].update(name="Xuanwu Lake Park", cost=0)


CASES: list[tuple[str, Callable[[Plan, dict[str, Any]], None], set[str]]] = [
    ("valid_trip_duration", m_trip_length, set()),
    ("closed_loop_route_structure", m_wrong_origin, {"seamless_intercity_transfers"}),
    ("seamless_intercity_transfers", m_teleport, set()),
    ("seamless_intercity_transfers", m_wrong_station, set()),
    ("validated_accommodation", m_hotel_price, set()),
    ("validated_accommodation", m_hotel_price_as_text, set()),
    ("validated_attractions", m_ticket_price, set()),
    ("validated_meals", m_unknown_restaurant, set()),
    ("validated_transportation", m_unknown_train, set()),
    ("validated_transportation", m_train_price, set()),
    ("traceable_accommodation", m_no_accommodation_field, set()),
    ("traceable_accommodation", m_hotel_on_last_day, set()),
    ("ends_with_accommodation", m_day_ends_with_buffer, set()),
    ("essential_meal_coverage", m_one_meal_on_stay_day, set()),
    ("essential_attraction_coverage", m_too_little_sightseeing, set()),
    ("no_time_overlaps", m_overlap, set()),
    ("reasonable_transfer_time", m_slow_transfer, set()),
    ("attraction_visit_within_opening_hours", m_before_opening, set()),
    ("dining_within_service_hours", m_lunch_before_service, set()),
    ("avoidance_of_closure_days", m_closed_day, set()),
    ("reasonable_duration_at_attractions", m_short_visit, set()),
    ("reasonable_meal_duration", m_rushed_lunch, set()),
    ("cost_calculation_correctness", m_wrong_total, set()),
    ("diverse_meal_options", m_repeat_restaurant, set()),
    ("diverse_attraction_options", m_repeat_attraction, set()),
]


def test_every_check_has_a_failing_case() -> None:
    assert {name for name, _m, _also in CASES} == set(ALL_CHECKS)


@pytest.mark.parametrize(("check", "mutate", "also"), CASES, ids=[f"{c}-{m.__name__}" for c, m, _ in CASES])
def test_minimal_change_fails_exactly_that_check(
    check: str, mutate: Callable[[Plan, dict[str, Any]], None], also: set[str]
) -> None:
    plan, meta = copy.deepcopy(PLAN), copy.deepcopy(META)
    assert commonsense_check(check)(plan, meta, DB).passed
    mutate(plan, meta)
    result = commonsense_check(check)(plan, meta, DB)
    assert not result.passed and result.message
    assert failing(plan, meta) == {check} | also


BLAME = [
    (m_wrong_station, "seamless_intercity_transfers", [(0, 0)], [0]),
    (m_teleport, "seamless_intercity_transfers", [], [1]),
    (m_ticket_price, "validated_attractions", [(0, 7)], []),
    (m_unknown_restaurant, "validated_meals", [(0, 5)], []),
    (m_unknown_train, "validated_transportation", [(0, 0)], []),
    (m_no_accommodation_field, "traceable_accommodation", [], [1]),
    (m_day_ends_with_buffer, "ends_with_accommodation", [(0, 13)], [0]),
    (m_one_meal_on_stay_day, "essential_meal_coverage", [], [1]),
    (m_too_little_sightseeing, "essential_attraction_coverage", [], [1]),
    (m_overlap, "no_time_overlaps", [(0, 3), (0, 4)], []),  # only neighbours by start time
    (m_slow_transfer, "reasonable_transfer_time", [(0, 3), (0, 5)], []),
    (m_before_opening, "attraction_visit_within_opening_hours", [(2, 2)], []),
    (m_lunch_before_service, "dining_within_service_hours", [(1, 3)], []),
    (m_closed_day, "avoidance_of_closure_days", [(2, 2)], []),
    (m_short_visit, "reasonable_duration_at_attractions", [(0, 3)], []),
    (m_rushed_lunch, "reasonable_meal_duration", [(0, 5)], []),
    (m_repeat_restaurant, "diverse_meal_options", [(0, 5), (1, 9)], []),
    (m_repeat_attraction, "diverse_attraction_options", [(1, 1), (2, 2)], []),
]


@pytest.mark.parametrize(
    ("mutate", "check", "locations", "days"), BLAME, ids=[b[1] + "-" + b[0].__name__ for b in BLAME]
)
def test_failures_point_at_the_faulty_activities(
    mutate: Callable[[Plan, dict[str, Any]], None],
    check: str,
    locations: list[tuple[int, int]],
    days: list[int],
) -> None:
    plan, meta = copy.deepcopy(PLAN), copy.deepcopy(META)
    mutate(plan, meta)
    result = commonsense_check(check)(plan, meta, DB)
    assert sorted(result.locations) == locations
    assert result.days == days
    passed, message, where = result  # unpacks as a triple
    assert passed is False and message and where == result.locations
