"""The rule-based request reader: frame patterns, every request type, generated and real queries."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from public_data import DEEPPLANNING

from pivot_opt.envs.kit.requests import StatedTask
from pivot_opt.envs.travel.requests.frame import MAX_QUERY_CHARS, read_frame
from pivot_opt.envs.travel.requests.gold import FRAME_KEYS, GoldReader
from pivot_opt.envs.travel.requests.rules import RuleReader
from pivot_opt.envs.travel.requests.types import REQUEST_PARAMS

DATA = DEEPPLANNING
QUERY_FILE = DATA / "travelplanning_query_en.json"
HEAD = "I'm planning a trip from Hefei to Nanjing on November 12, 2025, returning on the 14th. "
TAIL = " That's all. November 12, 2025 is Wednesday"


def read(text: str, world: Any = None) -> StatedTask:
    return RuleReader().read(SimpleNamespace(query=text), world)


def requests_of(body: str) -> dict[str, dict[str, Any]]:
    return {r.key: dict(r.params) for r in read(HEAD + body + TAIL).requests}


# -- the frame ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("I'm planning a two-day trip from Hefei to Nanjing on November 12, 2025, returning in the evening of the "
     "13th. There are three of us traveling, so please book two rooms. November 12, 2025 is Wednesday",
     {"org": "Hefei", "dest": ["Nanjing"], "days": 2, "depart_date": "2025-11-12", "return_date": "2025-11-13",
      "depart_weekday": 3, "people_number": 3, "room_number": 2}),
    ("My two friends and I are planning a trip from Jinan to Chongqing on November 12, 2025, staying until "
     "November 17. November 12, 2025 is Wednesday",
     {"org": "Jinan", "dest": ["Chongqing"], "days": 6, "return_date": "2025-11-17", "people_number": 3,
      "room_number": 2}),
    ("I'd like to go to Xiamen for a few days, departing from Hohhot on November 16, 2025, and returning on "
     "November 19. I'm travelling alone. November 16, 2025 is Sunday",
     {"org": "Hohhot", "dest": ["Xiamen"], "days": 4, "depart_weekday": 7, "people_number": 1, "room_number": 1}),
    ("We are a family of four going from Xi'an to Beijing on December 3, 2025 for three days, and we need one "
     "room. December 3, 2025 is Wednesday",
     {"org": "Xi'an", "dest": ["Beijing"], "days": 3, "return_date": "2025-12-05", "people_number": 4,
      "room_number": 1}),
    ("I plan to travel from Ürümqi to Shanghai on November 12, 2025, and return on the 15th. We're two people. "
     "November 12, 2025 is Wednesday",
     {"org": "Urumqi", "days": 4, "people_number": 2, "room_number": 1}),
])
def test_frame_patterns(text: str, expected: dict[str, Any]) -> None:
    frame, _notes = read_frame(text)
    assert {k: frame.get(k) for k in expected} == expected


def test_frame_defaults_are_noted() -> None:
    frame, notes = read_frame("A trip from Hefei to Nanjing on November 12, 2025. November 12, 2025 is Wednesday")
    assert frame["people_number"] == 1 and frame["room_number"] == 1 and frame["days"] == 2
    assert any("travellers" in n for n in notes) and any("rooms" in n for n in notes)
    frame, notes = read_frame("")
    assert set(frame) <= set(FRAME_KEYS) and notes


# -- every request type, in words a user might use ----------------------------------------------
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("We'd like to take the train both ways and book first-class seats.", "train_seat_class",
     {"legs": ["out", "back"], "seat_class": "First Class Seat"}),
    ("There are four of us, and we'll take the train there and back.", "train_seat_status",
     {"legs": ["out", "back"], "people_number": 4}),
    ("For the return journey, please find the cheapest direct train.", "train_cheapest_direct", {"legs": ["back"]}),
    ("I'd like to take a train back. Please pick the lowest price.", "train_cheapest_direct", {"legs": ["back"]}),
    ("Please book the earliest direct train for the outbound journey.", "train_earliest_departure_direct",
     {"legs": ["out"]}),
    ("I'd like to arrive home as late as possible: the latest direct train back, please.",
     "train_latest_arrival_direct", {"legs": ["back"]}),
    ("For the return trip, choose the fastest direct train.", "train_shortest_duration_direct", {"legs": ["back"]}),
    ("Please book a bullet train (D-series) there, the most cost-effective direct one.", "train_cheapest_train_type",
     {"legs": ["out"], "train_type": "Bullet Train"}),
    ("I'd like a train departing between 5:00 PM and 9:00 PM.", "train_departure_time_range",
     {"legs": ["out"], "window": "17:00-21:00"}),
    ("We'll fly both ways, in business class.", "flight_seat_class",
     {"legs": ["out", "back"], "seat_class": "Business Class"}),
    ("Two of us will fly; please pick suitable flights both ways.", "flight_seat_status",
     {"legs": ["out", "back"], "people_number": 2}),
    ("For the outbound journey, I'd like the cheapest direct flight.", "flight_cheapest_direct", {"legs": ["out"]}),
    ("I always fly with 'China Eastern Airlines'; please pick their cheapest direct flight there.",
     "flight_cheapest_airline_direct", {"legs": ["out"], "airline": "China Eastern Airlines"}),
    ("Please choose the earliest departing direct flight with Xiamen Airlines.", "flight_earliest_airline_direct",
     {"legs": ["out"], "airline": "Xiamen Airlines"}),
    ("I'd like the cheapest direct flight flown on a Boeing aircraft.", "flight_cheapest_manufacturer_direct",
     {"legs": ["out"], "manufacturer": "Boeing"}),
    ("I want to fly out on the earliest direct flight.", "flight_earliest_departure_direct", {"legs": ["out"]}),
    ("Please book a direct flight with the shortest flying time for the outbound trip.",
     "flight_shortest_duration_direct", {"legs": ["out"]}),
    ("The outbound flight should depart between 6:00 AM and 10:00 AM.", "flight_departure_time_range",
     {"legs": ["out"], "window": "06:00-10:00"}),
    ("My return flight should arrive between 8:00 PM and 12:00 AM.", "flight_arrival_time_range",
     {"legs": ["back"], "window": "20:00-24:00"}),
    ("For accommodation, a three-star hotel with a swimming pool, please.", "hotel_star_service_required",
     {"hotel_star": 3, "required_service": "Swimming Pool"}),
    ("The hotel should be four-star and have both a washing machine and a dryer.", "hotel_star_service_required",
     {"hotel_star": 4, "required_service": "Washer and Dryer"}),
    ("Please book the cheapest 'Home Inn' hotel.", "hotel_cheapest_brand", {"brand": "Home Inn"}),
    ("I like 全季; book the highest-rated hotel of that brand.", "hotel_brand_highest_rated", {"brand": "Ji Hotel"}),
    ("For accommodation, please pick the most affordable five-star hotel.", "hotel_cheapest_star", {"hotel_star": 5}),
    ("Please book the highest-rated two-star hotel.", "hotel_star_highest_rated", {"hotel_star": 2}),
    ("Please book the highest-rated hotel in the city.", "hotel_highest_rated", {}),
    ("I'd like a hotel renovated in 2024 or later.", "hotel_newest_decoration", {"year_threshold": 2024}),
    ("My hotel budget is between 240 and 290 yuan per night.", "hotel_price_range",
     {"min_price": 240, "max_price": 290}),
    ("The total budget for this trip should be within 3000 yuan.", "budget_constraint", {"max_budget": 3000}),
    ("I'd like a meal near 'Laomendong' at a restaurant that offers birthday set menus.",
     "restaurant_specific_tag_nearby", {"attraction_name": "Laomendong", "required_tag": "Birthday Package"}),
    ("Please find a restaurant near 'Fenhe Scenic Area' where we can take a queue number online.",
     "restaurant_specific_tag_nearby", {"attraction_name": "Fenhe Scenic Area", "required_tag": "Online Queue"}),
    ("Could you find a Western restaurant near 'Food Street'?", "restaurant_specific_cuisine_nearby",
     {"attraction_name": "Food Street", "cuisine": "Western Cuisine (Fusion)"}),
    ("Please arrange a meal at the highest-rated restaurant near 'Zhongshan Square'.", "restaurant_highest_rated",
     {"attraction_name": "Zhongshan Square"}),
    ("Near 'Tsinghua University', pick the restaurant with the lowest average cost per person.",
     "restaurant_cheapest_nearby_attraction", {"attraction_name": "Tsinghua University"}),
    ("One meal at the restaurant closest to 'Mulong Lake', please.", "restaurant_closest_to_attraction",
     {"attraction_name": "Mulong Lake"}),
    ("I definitely want to dine once at 'Zhen Ai Jia Restaurant'.", "restaurant_must_eat_named",
     {"restaurant_name": "Zhen Ai Jia Restaurant"}),
    ("I must visit 'Nanjing Deji Plaza' and 'Nanjing City Wall'; include both in the itinerary.",
     "attraction_must_visit_named", {"attraction_names": ["Nanjing Deji Plaza", "Nanjing City Wall"]}),
    ("Please include the top three highest-rated attractions from the recommendations.",
     "attraction_top_rated_must_visit", {"count": 3}),
    ("I love nature. Please include the highest-rated 'Natural Scenery' attraction.",
     "attraction_type_highest_rated", {"attraction_type": "Natural Scenery"}),
    ("I'd like to visit all the recommended 'Leisure Experience' attractions.", "attraction_all_of_type",
     {"attraction_type": "Leisure Experience"}),
    ("I've heard there are many free attractions; please include all of them.", "attraction_all_free_attractions",
     {}),
]


def test_every_request_type_has_a_case() -> None:
    assert {key for _text, key, _params in CASES} == set(REQUEST_PARAMS)


@pytest.mark.parametrize(("body", "key", "params"), CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_each_request_type_is_read(body: str, key: str, params: dict[str, Any]) -> None:
    found = requests_of(body)
    assert found.get(key) == params, found


def test_two_meals_near_two_places_in_one_sentence() -> None:
    found = read(HEAD + "I'd like two meals: one at the restaurant closest to 'Mulong Lake', and another near "
                 "'Li River Gallery', preferably at a restaurant with a waiting area." + TAIL).requests
    pairs = {(r.key, r.params.get("attraction_name"), r.params.get("required_tag")) for r in found}
    assert ("restaurant_closest_to_attraction", "Mulong Lake", None) in pairs
    assert ("restaurant_specific_tag_nearby", "Li River Gallery", "Waiting Area") in pairs


def test_text_is_the_stating_sentence() -> None:
    stated = read(HEAD + "For accommodation, a three-star hotel with a gym, please. Also, I'd like a meal near "
                  "'Laomendong' with outdoor seating." + TAIL)
    hotel = next(r for r in stated.requests if r.key.startswith("hotel_"))
    assert "three-star hotel with a gym" in hotel.text
    meal = next(r for r in stated.requests if r.key.startswith("restaurant_"))
    assert "'Laomendong'" in meal.text


# -- generated tasks: what the benchmarks run on --------------------------------------------------
def _matches(gold: StatedTask, stated: StatedTask) -> list[str]:
    def same(a: Any, b: Any) -> bool:
        if isinstance(a, list):
            return sorted(map(str, a)) == sorted(map(str, b or []))
        return a == b or (isinstance(a, (int, float)) and isinstance(b, (int, float)) and float(a) == float(b))

    left = list(stated.requests)
    problems = [f"frame {k}" for k in FRAME_KEYS if stated.frame.get(k) != gold.frame.get(k)]
    for request in gold.requests:
        hit = next((r for r in left if r.key == request.key and all(same(v, r.params.get(k))
                                                                   for k, v in request.params.items())), None)
        if hit is None:
            problems.append(f"missed {request.key} {dict(request.params)}")
        else:
            left.remove(hit)
    return problems + [f"extra {r.key} {dict(r.params)}" for r in left]


@pytest.mark.parametrize("seed", [0, 3, 11, 47])
def test_generated_tasks_are_read_completely(seed: int, tmp_path: Path) -> None:
    from pivot_opt.envs.travel.environment import TravelEnv

    env = TravelEnv.generated(seed, workdir=tmp_path, requests="gold")
    gold = GoldReader().read(env.travel_task, env.db)
    assert _matches(gold, RuleReader().read(env.travel_task, env.db)) == []
    assert _matches(gold, RuleReader().read(env.travel_task, None)) == []


# -- untrusted text -------------------------------------------------------------------------------
def _well_formed(stated: StatedTask) -> None:
    assert isinstance(stated, StatedTask) and stated.reader == "rules" and stated.gold is False
    assert set(stated.frame) <= set(FRAME_KEYS)
    assert isinstance(stated.frame.get("people_number"), int) and isinstance(stated.frame.get("room_number"), int)
    for request in stated.requests:
        assert request.key in REQUEST_PARAMS, request.key
        assert set(request.params) <= set(REQUEST_PARAMS[request.key]), request
        assert isinstance(request.text, str) and request.text
    assert all(isinstance(n, str) for n in stated.notes)
    json.dumps(stated.to_dict())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_reads_without_error(text: str) -> None:
    _well_formed(read(text))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["'", '"', "“", "’", " near ", "restaurant", "hotel", "3-star", "between",
                                 "10:00 AM", "and", "train", "flight", "visit", "all", "§1§", "\n\n", ".", "—",
                                 "November 12, 2025", "is Wednesday", "three of us", "自然风光", "☃", "\u0000"]),
                max_size=80))
def test_odd_fragments_read_without_error(parts: list[str]) -> None:
    _well_formed(read(" ".join(parts)))


def test_huge_input_is_capped() -> None:
    text = (HEAD + "I'd like a meal near 'A" + "b" * 50 + "' with outdoor seating. ") * 2000 + "\u202e" * 1000
    stated = read(text)
    _well_formed(stated)
    assert len(text) > MAX_QUERY_CHARS and any("characters long" in n for n in stated.notes)
    _well_formed(RuleReader().read(SimpleNamespace(query=None), None))
    _well_formed(RuleReader().read(SimpleNamespace(), None))


# -- the real queries (optional data) --------------------------------------------------------------
@pytest.mark.shared_data
@pytest.mark.skipif(not QUERY_FILE.is_file(), reason=f"DeepPlanning query file not found under {DATA}")
def test_real_queries_are_mostly_read_completely() -> None:
    """Without a world (no database to map paraphrased names); with one, the experiment measures more."""
    records = json.loads(QUERY_FILE.read_text(encoding="utf-8"))
    complete = 0
    for record in records:
        task = SimpleNamespace(query=record["query"], meta_info=record["meta_info"])
        stated = RuleReader().read(SimpleNamespace(query=record["query"]), None)
        _well_formed(stated)
        complete += not _matches(GoldReader().read(task, None), stated)
    assert complete >= 88, f"{complete} of {len(records)} real queries read completely"
