"""Every hard-constraint key of the English release: a plan that passes, a minimal change that fails."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from pivot_opt.envs.travel import (
    HARD_CONSTRAINT_KEYS,
    check_hard_constraint,
    load_database,
    load_task,
    parse_plan_text,
    personalized_score,
    run_personalized,
    score_plan,
)

DATA = Path(__file__).parent / "data"
DB = load_database(DATA / "id_9001")
META = load_task(DATA / "tasks.json", "9001").meta_info
TRAIN_PLAN = parse_plan_text((DATA / "plan_9001.txt").read_text(encoding="utf-8"))


def flight_plan() -> dict[str, Any]:
    """The reference plan with both trains swapped for the fixture's flights."""
    plan = copy.deepcopy(TRAIN_PLAN)
    first, last = plan["daily_plans"][0]["activities"][0], plan["daily_plans"][-1]["activities"][-1]
    first.update(
        time_slot="07:40-08:40",
        details={
            "mode": "flight",
            "number": "MU1001",
            "cost": 520,
            "from": "Hefei Xinqiao International Airport",
            "to": "Nanjing Lukou International Airport",
        },
    )
    last.update(
        time_slot="18:30-19:30",
        details={
            "mode": "flight",
            "number": "MU1002",
            "cost": 480,
            "from": "Nanjing Lukou International Airport",
            "to": "Hefei Xinqiao International Airport",
        },
    )
    return plan


FLIGHT_PLAN = flight_plan()
# Which legs each transport key names in this release (spec §9 "Legs").
BOTH = {"flight_seat_class", "flight_seat_status", "train_seat_class", "train_seat_status"}
INBOUND = {"flight_arrival_time_range", "train_latest_arrival_direct"}


def case(key: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(plan, passing data, failing data) for one constraint key."""
    if key.startswith(("flight_", "train_")):
        mode = "flight" if key.startswith("flight_") else "train"
        plan = FLIGHT_PLAN if mode == "flight" else TRAIN_PLAN
        out_no, in_no = ("MU1001", "MU1002") if mode == "flight" else ("G7001", "G7010")
        if key in BOTH:
            good = {f"outbound_{mode}_no": out_no, f"inbound_{mode}_no": in_no}
            bad = {**good, f"inbound_{mode}_no": "X999"}
        elif key in INBOUND:
            good, bad = {f"inbound_{mode}_no": in_no}, {f"inbound_{mode}_no": "X999"}
        else:
            good, bad = {f"outbound_{mode}_no": out_no}, {f"outbound_{mode}_no": "X999"}
    elif key.startswith("hotel_"):
        plan = TRAIN_PLAN
        good = {"hotel_name": "Orange Hotel Nanjing Confucius Temple"}
        bad = {"hotel_name": "Hanting Hotel Nanjing Station"}
    elif key.startswith("restaurant_"):
        plan = TRAIN_PLAN
        good = {
            "restaurant_name": "Jinling Duck House",
            "attraction_name": "Nanjing City Wall Taicheng Scenic Area",
        }
        bad = {**good, "restaurant_name": "Museum Cafe"}
    elif key.startswith("attraction_"):
        plan = TRAIN_PLAN
        good = {"attraction_names": ["Nanjing Museum", "Xuanwu Lake Park"]}
        bad = {"attraction_names": ["Nanjing Museum", "Niushou Mountain"]}
    else:
        plan, good, bad = TRAIN_PLAN, {"max_budget": 3018}, {"max_budget": 3017}
    context = {"constraint_context": f"synthetic {key}"}
    return plan, {**context, **good}, {**context, **bad}


def test_all_38_keys_are_known() -> None:
    assert len(HARD_CONSTRAINT_KEYS) == 38 == len(set(HARD_CONSTRAINT_KEYS))


@pytest.mark.parametrize("key", HARD_CONSTRAINT_KEYS)
def test_each_key_passes_and_fails(key: str) -> None:
    plan, good, bad = case(key)
    ok = check_hard_constraint(key, good, plan, META)
    assert ok is not None and ok.passed, ok
    ko = check_hard_constraint(key, bad, plan, META)
    assert ko is not None and not ko.passed and ko.message
    for data, expected in ((good, 1.0), (bad, 0.0)):
        meta = dict(META, hard_constraints={key: data})
        assert score_plan(plan, meta, DB)["scores"]["personalized_score"] == expected


def test_transport_needs_the_right_mode() -> None:
    data = {"outbound_train_no": "G7001"}
    plan = copy.deepcopy(TRAIN_PLAN)
    plan["daily_plans"][0]["activities"][0]["details"]["mode"] = "Railway"  # case-insensitive synonym
    assert check_hard_constraint("train_cheapest_direct", data, plan, META).passed
    plan["daily_plans"][0]["activities"][0]["details"]["mode"] = "flight"
    result = check_hard_constraint("train_cheapest_direct", data, plan, META)
    assert not result.passed and result.days == [0] and result.locations == []
    assert result.message == "Required outbound train not found: G7001"
    del plan["daily_plans"][0]["activities"][0]["details"]["mode"]  # missing mode: just not a train
    assert not check_hard_constraint("train_cheapest_direct", data, plan, META).passed
    plan["daily_plans"][0]["activities"][0]["details"]["mode"] = None  # null mode: evaluation error
    error = check_hard_constraint("train_cheapest_direct", data, plan, META)
    assert error.message == "Evaluation error: 'NoneType' object has no attribute 'lower'"
    helpful = check_hard_constraint("train_cheapest_direct", data, plan, META, helpful_messages=True)
    assert not helpful.passed and helpful.message.startswith("could not evaluate train_cheapest_direct")
    assert check_hard_constraint("flight_seat_class", {}, TRAIN_PLAN, META).passed  # no numbers: trivially ok


def test_malformed_plans_fail_instead_of_raising() -> None:
    plan = copy.deepcopy(TRAIN_PLAN)
    plan["daily_plans"][0]["accommodation"] = "Orange Hotel Nanjing Confucius Temple"
    assert not check_hard_constraint("hotel_highest_rated", {"hotel_name": "x"}, plan, META).passed
    assert not check_hard_constraint(
        "attraction_all_of_type", {"attraction_names": []}, TRAIN_PLAN, META
    ).passed
    assert not check_hard_constraint("restaurant_highest_rated", {}, TRAIN_PLAN, META).passed
    assert not check_hard_constraint("hotel_highest_rated", {"hotel_name": ""}, TRAIN_PLAN, META).passed
    assert not check_hard_constraint("budget_constraint", {}, TRAIN_PLAN, META).passed
    assert not check_hard_constraint("budget_constraint", {"max_budget": "lots"}, TRAIN_PLAN, META).passed
    assert not check_hard_constraint(
        "budget_constraint", {"max_budget": 10**6}, {"daily_plans": []}, META
    ).passed


def test_hotel_constraint_reads_accommodation_not_hotel_lines() -> None:
    plan = copy.deepcopy(TRAIN_PLAN)
    for day in plan["daily_plans"]:
        day.pop("accommodation", None)
    result = check_hard_constraint(
        "hotel_cheapest_brand", {"hotel_name": "Orange Hotel Nanjing Confucius Temple"}, plan, META
    )
    assert not result.passed and result.days == [0, 1]


def test_unknown_keys_are_ignored_and_a_task_without_evaluable_keys_scores_zero() -> None:
    assert check_hard_constraint("weather_sunny", {}, TRAIN_PLAN, META) is None
    results = run_personalized(TRAIN_PLAN, dict(META, hard_constraints={"weather_sunny": {}}))
    assert personalized_score(results) == {"score": 0.0, "constraints": {}}
    mixed = run_personalized(
        TRAIN_PLAN, dict(META, hard_constraints={"weather_sunny": {}, **META["hard_constraints"]})
    )
    assert personalized_score(mixed)["score"] == 1.0
    assert run_personalized(TRAIN_PLAN, {"org": "Hefei"}) == {}


def test_top_level_budget_outside_hard_constraints_is_ignored() -> None:
    meta = dict(META, budget_constraint={"max_budget": 1})  # as in English task 79
    assert score_plan(TRAIN_PLAN, meta, DB)["scores"]["personalized_score"] == 1.0


def test_fixture_task_constraints_all_pass() -> None:
    result = personalized_score(run_personalized(TRAIN_PLAN, META))
    assert result["score"] == 1.0 and list(result["constraints"]) == list(META["hard_constraints"])
    flight_meta = load_task(DATA / "tasks.json", "9002").meta_info
    assert personalized_score(run_personalized(FLIGHT_PLAN, flight_meta))["score"] == 1.0
