"""Tool and check messages: the official DeepPlanning wording by default, hints only on request.

Why it matters: hints help an agent more than the real benchmark does, so results obtained with
``helpful_messages=True`` are not comparable with published ones. The exact strings below are
the official English texts (DeepPlanning ``tools/*.py``, ``constraints_commonsense.py``,
``constraints_hard.py``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from env_support import plan_9001_text
from test_dp_commonsense import CASES, DB, META, PLAN

from pivot_opt.engines import ScriptedEngine
from pivot_opt.envs.travel import (
    TravelDatabase,
    call_tool,
    check_hard_constraint,
    commonsense_check,
    load_tasks,
    query_attraction_details,
    query_flight_info,
    query_hotel_info,
    query_restaurant_details,
    query_road_route_info,
    query_train_info,
    recommend_attractions,
    recommend_restaurants,
    run_commonsense,
    score_plan,
    search_location,
)
from pivot_opt.envs.travel.data.tool_schemas import TOOL_SCHEMAS, schema_of
from pivot_opt.envs.travel.environment import TravelEnv, make_travel_env
from pivot_opt.envs.travel.planning.planners import ToolPlanner
from pivot_opt.errors import ConfigError

DATA = Path(__file__).parent / "data"
EMPTY = TravelDatabase({})
HOTEL_FILTERS = {"hotelStar": "4", "hotelBrands": "Hanting Hotel"}
FAR = ("32.01774,118.790011", "32.018102,118.789433")  # first point lacks a digit

# (call, official text, a piece of the helpful text)
NOT_FOUND = [
    (lambda h: query_train_info(DB, "Hefei", "Nanjing", "2025-11-13", helpful_messages=h),
     "No train information found from Hefei to Nanjing on 2025-11-13", "No train found"),
    (lambda h: query_flight_info(DB, "Hefei", "Nanjing", "2025-11-13", "Economy Class", helpful_messages=h),
     "No flight information found from Hefei to Nanjing on 2025-11-13", "in Economy Class."),
    (lambda h: query_hotel_info(DB, "Nanjing", "a", "b", **HOTEL_FILTERS, helpful_messages=h),
     "No hotel information found in Nanjing from a to b, please check parameters or reduce constraints",
     "drop a filter"),
    (lambda h: query_attraction_details(DB, "Laomendong ", helpful_messages=h),
     "Detailed information not found for attraction Laomendong ", "copy names and coordinates exactly"),
    (lambda h: recommend_attractions(DB, "Nanjing", "Theme Park", helpful_messages=h),
     "No attraction recommendations found", "of type Theme Park"),
    (lambda h: search_location(DB, "Nanjing South", helpful_messages=h),
     "Coordinate information not found for location Nanjing South, please check: 1. Whether the place name "
     "comes from other tool results; 2. Whether the place name is exactly consistent with tool results, no "
     "abbreviation, renaming or additional description allowed", "exactly as another tool returned it"),
    (lambda h: query_road_route_info(DB, *FAR, helpful_messages=h),
     "Coordinate 32.01774,118.790011 is not in query range, please check:\n1. Whether coordinate comes from "
     "valid tool query result, not manual input or fabrication;\n2. Whether coordinate precision is exactly "
     "consistent with query result, 6 decimal places", "keep exactly its 6 decimals"),
    (lambda h: query_road_route_info(DB, "31.968789,118.797499", "32.021302,118.788914", helpful_messages=h),
     "No transportation information found from 31.968789,118.797499 to 32.021302,118.788914",
     "No transportation information from"),
    (lambda h: recommend_restaurants(DB, "32.0213", "118.788914", helpful_messages=h),
     "No recommended restaurants found near coordinates (32.0213, 118.788914), please check coordinate source",
     "digit for digit"),
    (lambda h: json.loads(query_restaurant_details(DB, "Nope", helpful_messages=h))["message"],
     "Detailed information not found for restaurant Nope", "copy names and coordinates exactly"),
]


@pytest.mark.parametrize(("call", "official", "hint"), NOT_FOUND)
def test_not_found_texts_are_official_unless_hints_are_asked_for(
    call: Callable[[bool], str], official: str, hint: str
) -> None:
    assert call(False) == official
    helpful = call(True)
    assert hint in helpful and helpful != official


def test_missing_files_answer_the_official_texts() -> None:
    official = {"query_train_info": "No information found",
                "query_flight_info": "No information found, please check input parameters"}
    for tool in TOOL_SCHEMAS:
        name = tool["function"]["name"]
        args = {k: "x" for k in tool["function"]["parameters"]["required"]}
        text = call_tool(EMPTY, name, args)
        if name == "query_restaurant_details":
            assert json.loads(text) == {"message": "Database not loaded", "restaurant_name": "x"}
        else:
            assert text == official.get(name, "Database not loaded"), name
        if name != "query_flight_info":  # the official flight text is already the helpful one
            assert call_tool(EMPTY, name, args, helpful_messages=True) != text, name


def test_found_answers_do_not_depend_on_the_wording() -> None:
    calls = [
        ("query_train_info", {"origin": "Hefei", "destination": "Nanjing", "depDate": "2025-11-12"}),
        ("query_flight_info", {"origin": "Hefei", "destination": "Nanjing", "depDate": "2025-11-12"}),
        ("query_hotel_info", {"destination": "Nanjing", "checkinDate": "a", "checkoutDate": "b"}),
        ("query_attraction_details", {"attraction_name": "Nanjing Museum"}),
        ("recommend_attractions", {"city": "Nanjing"}),
        ("search_location", {"place_name": "Nanjing South Station"}),
        ("query_road_route_info", {"origin": "32.017745,118.790011", "destination": "32.018102,118.789433"}),
        ("recommend_restaurants", {"latitude": "32.021302", "longitude": "118.788914"}),
        ("query_restaurant_details", {"restaurant_name": "Six Dynasties Pine Teahouse"}),
    ]
    for name, args in calls:
        assert call_tool(DB, name, args) == call_tool(DB, name, args, helpful_messages=True), name


def test_harness_errors_official_and_helpful() -> None:
    assert json.loads(call_tool(DB, "fly", {})) == {"error": "tool 'fly' not found"}
    assert "available tools: query_train_info" in json.loads(call_tool(DB, "fly", {}, helpful_messages=True))["error"]
    helpful = json.loads(call_tool(DB, "search_location", "{broken json", helpful_messages=True))["error"]
    assert helpful == "search_location is missing required argument(s) ['place_name']; expected ['place_name']"
    hotel = {"destination": "Nanjing", "checkinDate": "a", "checkoutDate": "b", "hotelStar": 3}
    assert "must be a string, got 3" in json.loads(call_tool(DB, "query_hotel_info", hotel, helpful_messages=True))[
        "error"]
    assert json.loads(call_tool(DB, "search_location", '"text"')) == {
        "error": "Parameters must be formatted as a valid JSON!"}
    flight = {"origin": "Hefei", "destination": "Nanjing", "depDate": "2025-11-13"}
    assert json.loads(call_tool(DB, "query_flight_info", flight, official_flight_bug=True)) == {
        "error": "FlightQueryTool.<lambda>() missing 1 required positional argument: 'seat'"}


def test_argument_errors_are_str_of_the_jsonschema_error() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    cases = [(t["function"]["name"], {}) for t in TOOL_SCHEMAS] + [
        ("query_hotel_info", {"destination": "N", "checkinDate": 1, "checkoutDate": "b", "hotelStar": 4}),
        ("query_train_info", {"origin": ["a"], "destination": {"x": 1}, "depDate": True}),
        ("search_location", [1, 2]),
        ("search_location", {"place_name": None}),
        ("recommend_restaurants", 3),
    ]
    for name, args in cases:
        with pytest.raises(jsonschema.ValidationError) as error:
            jsonschema.validate(args, schema_of(name)["function"]["parameters"])
        assert json.loads(call_tool(EMPTY, name, json.dumps(args)))["error"] == str(error.value), (name, args)


# -- evaluator ---------------------------------------------------------------------------------
def test_check_messages_are_official_by_default() -> None:
    meta = {**META, "days": 4}
    assert commonsense_check("valid_trip_duration")(PLAN, meta, DB).message == "Plan has 3 days, expected 4"
    helpful = commonsense_check("valid_trip_duration")(PLAN, meta, DB, helpful_messages=True)
    assert helpful.message == "the plan has 3 day(s) but the trip lasts 4"
    plan = copy.deepcopy(PLAN)
    plan["daily_plans"][1]["activities"] = [a for a in plan["daily_plans"][1]["activities"] if a["type"] != "meal"]
    assert commonsense_check("essential_meal_coverage")(plan, META, DB).message == (
        "Meal necessity: 2/3 days correct; Violations: D2: Non-intercity day must arrange two meals"
    )
    assert commonsense_check("traceable_accommodation")({"daily_plans": []}, META, DB).message == "Missing daily_plans"
    hotel = check_hard_constraint("hotel_cheapest_star", {"hotel_name": "Ghost Inn", "hotel_star": "3"}, PLAN, META)
    assert hotel.message == "Required 3-star hotel not found: Ghost Inn"
    must = check_hard_constraint("attraction_must_visit_named", {"attraction_names": ["A", "B"]}, PLAN, META)
    assert must.message == "Missing required attractions: A, B"
    assert check_hard_constraint("restaurant_must_eat_named", {}, PLAN, META).message == (
        "No restaurant name specified in constraint data"
    )
    budget = check_hard_constraint("budget_constraint", {"max_budget": 100}, PLAN, META)
    assert budget.message.startswith("Actual budget exceeds limit: ") and "Breakdown: Transportation=" in budget.message
    ours = check_hard_constraint("hotel_cheapest_star", {"hotel_name": "Ghost Inn"}, PLAN, META, helpful_messages=True)
    assert ours.message == "the plan must stay at 'Ghost Inn' (hotel_cheapest_star)"


@pytest.mark.parametrize(("check", "mutate", "also"), CASES, ids=[f"{c}-{m.__name__}" for c, m, _ in CASES])
def test_wording_changes_only_the_message(
    check: str, mutate: Callable[[dict[str, Any], dict[str, Any]], None], also: set[str]
) -> None:
    plan, meta = copy.deepcopy(PLAN), copy.deepcopy(META)
    mutate(plan, meta)
    official, helpful = run_commonsense(plan, meta, DB), run_commonsense(plan, meta, DB, helpful_messages=True)
    assert list(official) == list(helpful)
    for name, res in official.items():
        other = helpful[name]
        assert (res.passed, res.locations, res.days) == (other.passed, other.locations, other.days), name
    assert official[check].message != helpful[check].message


def test_score_plan_threads_the_wording_and_keeps_the_scores() -> None:
    meta = {**META, "days": 4}
    official = score_plan(PLAN, meta, DB)
    helpful = score_plan(PLAN, meta, DB, helpful_messages=True)
    assert official["scores"] == helpful["scores"]

    def message(score: dict[str, Any]) -> str:
        checks = score["commonsense_dimension_details"]["Route Consistency"]["checks"]
        return next(c["message"] for c in checks if c["name"] == "valid_trip_duration")

    assert message(official) == "Plan has 3 days, expected 4"
    assert message(helpful) == "the plan has 3 day(s) but the trip lasts 4"


# -- the environment ---------------------------------------------------------------------------
def _env(helpful: bool) -> TravelEnv:
    task = next(t for t in load_tasks(DATA / "tasks.json") if t.id == "9001")
    return TravelEnv(task, DB, source="fixture", helpful_messages=helpful)


def test_inspect_feedback_carries_the_official_message_and_pivots_own_hint() -> None:
    reasons = {}
    for helpful in (False, True):
        env = _env(helpful)
        steps = [s for s in env.from_text(plan_9001_text()) if not (s.action == "meal" and s.args["day"] == 2)]
        trace = env.execute(steps)
        constraint = next(c for c in env.constraints() if c.name == "essential_meal_coverage")
        reasons[helpful] = constraint.check(trace, steps).reason
    assert reasons[False].startswith("Meal necessity: 2/3 days correct; Violations: D2: Non-intercity day must")
    assert reasons[True].startswith("2/3 days have suitable meals: day 2: a full day in one city needs lunch")
    assert "Fix: add a meal on day 2" in reasons[False] and "Fix: add a meal on day 2" in reasons[True]


def test_the_tool_planner_sees_the_env_wording() -> None:
    call = json.dumps({"tool": "search_location", "arguments": {"place_name": "Nanjing South"}})
    answers = {}
    for helpful in (False, True):
        planner = ToolPlanner(ScriptedEngine([call, f"<plan>{plan_9001_text()}</plan>"]), max_calls=3)
        planner(_env(helpful))
        answers[helpful] = planner.transcripts[-1][0][1]
    assert answers[False].startswith("Coordinate information not found for location Nanjing South, please check")
    assert "exactly as another tool returned it" in answers[True]


def test_make_travel_env_takes_a_boolean_switch(tmp_path: Path) -> None:
    assert make_travel_env(seed=3, workdir=str(tmp_path)).helpful_messages is False
    assert make_travel_env(seed=3, workdir=str(tmp_path), helpful_messages=True).helpful_messages is True
    with pytest.raises(ConfigError, match="helpful_messages"):
        make_travel_env(seed=3, helpful_messages="yes")
