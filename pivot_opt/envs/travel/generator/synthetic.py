"""Invent a task record: cities, dates, travellers and four hard constraints of the real mix.

Why: tests and demos need tasks that look like the benchmark's (same fields, same constraint kinds
in the same proportions, §2.1) but use our own invented names; the database is then built from
this `meta_info` exactly as for a real query.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from pivot_opt.envs.kit.generate import derive_rng
from pivot_opt.envs.travel.generator.attractions import filler_name
from pivot_opt.envs.travel.generator.constraint_text import hhmm
from pivot_opt.envs.travel.generator.synthetic_places import attraction_params, keep_apart, restaurant_params
from pivot_opt.envs.travel.generator.vocab import (
    HOTEL_SERVICES,
    NAME_WORDS,
    STREET_WORDS,
    SYNTHETIC_AIRLINES,
    SYNTHETIC_CITIES,
    SYNTHETIC_HOTEL_BRANDS,
)

__all__ = ["synthetic_task"]

TRAIN_KINDS = {
    "seat_status": 6,
    "seat_class": 9,
    "cheapest_direct": 10,
    "earliest_departure_direct": 10,
    "latest_arrival_direct": 9,
    "shortest_duration_direct": 5,
    "cheapest_train_type": 6,
    "departure_time_range": 13,
}
FLIGHT_KINDS = {
    "seat_status": 6,
    "seat_class": 4,
    "cheapest_direct": 12,
    "cheapest_airline_direct": 5,
    "earliest_airline_direct": 1,
    "cheapest_manufacturer_direct": 5,
    "earliest_departure_direct": 5,
    "shortest_duration_direct": 5,
    "departure_time_range": 4,
    "arrival_time_range": 5,
}
HOTEL_KINDS = {
    "star_service_required": 55,
    "cheapest_brand": 13,
    "hotel_price_range": 12,
    "newest_decoration": 10,
    "cheapest_star": 8,
    "star_highest_rated": 8,
    "brand_highest_rated": 7,
    "highest_rated": 7,
}
RESTAURANT_KINDS = {
    "specific_tag_nearby": 69,
    "must_eat_named": 24,
    "highest_rated": 22,
    "cheapest_nearby_attraction": 20,
    "specific_cuisine_nearby": 14,
    "closest_to_attraction": 13,
}
ATTRACTION_KINDS = {
    "type_highest_rated": 26,
    "top_rated_must_visit": 22,
    "must_visit_named": 17,
    "all_of_type": 11,
    "all_free_attractions": 2,
}
TRAIN_SHARE = {2: 1.0, 3: 0.65, 4: 0.3, 5: 0.5, 6: 0.5, 7: 0.45}
SERVICE_WORDS = {
    "Swimming Pool": "a swimming pool",
    "Robot Service": "robot room service",
    "Gym": "a gym",
    "Free Parking": "free parking",
    "TV Casting": "screen casting on the TV",
    "Washer and Dryer": "a washer and a dryer",
    "SPA Service": "a spa",
}
WINDOWS_OUT = ((6, 10), (7, 11), (8, 12), (10, 14), (13, 17), (16, 20))
WINDOWS_IN = ((11, 15), (14, 18), (19, 23), (20, 24))


def _pick(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), list(table.values()))[0]


def _clock(rng: random.Random, minutes: int, twelve: bool) -> str:
    if not twelve:
        return hhmm(minutes)
    hour = (minutes // 60) % 24
    return f"{(hour % 12) or 12}:{minutes % 60:02d} {'AM' if hour < 12 else 'PM'}"


def _transport(rng: random.Random, mode: str, people: int) -> tuple[str, dict[str, Any], str]:
    kinds = dict(TRAIN_KINDS if mode == "train" else FLIGHT_KINDS)
    if people < 2:
        kinds.pop("seat_status")
    kind = _pick(rng, kinds)
    word = "train" if mode == "train" else "flight"

    def number(prefix: str | None = None) -> str:
        if mode == "train":
            return f"{prefix or rng.choice('GGGD')}{rng.randint(10, 9999)}"
        return f"{prefix or rng.choice(SYNTHETIC_AIRLINES)[0]}{rng.randint(1000, 9999)}"

    params: dict[str, Any] = {}
    leg = "outbound"
    if kind in ("seat_status", "seat_class"):
        out_no, in_no = number(), number()
        params.update({f"outbound_{word}_no": out_no, f"inbound_{word}_no": in_no})
        if kind == "seat_status":
            params = {
                "people_number": people,
                **params,
                "outbound_seat_status": str(people + rng.randint(1, 5)),
                "inbound_seat_status": str(people + rng.randint(1, 5)),
            }
            context = f"{people} travellers going by {word}: both {word}s need enough seats left for everyone"
        else:
            seat = rng.choice(["first class", "business class"]) if mode == "flight" else "first-class seats"
            context = f"Travelling by {word}, with {seat} on both the outbound and the return {word}"
        return f"{mode}_{kind}", {"constraint_context": context, **params}, kind
    if kind in ("latest_arrival_direct", "arrival_time_range") or (
        kind in ("cheapest_direct", "shortest_duration_direct") and mode == "train" and rng.random() < 0.5
    ):
        leg = "inbound"
    label = f"superlative_{kind}"
    prefix = None
    if kind == "cheapest_train_type":
        prefix = rng.choice("GD")
        kind_text = "high-speed rail" if prefix == "G" else "bullet train"
        context = f"For the outbound trip, take the cheapest direct train of the {kind_text} type"
    elif kind in ("cheapest_airline_direct", "earliest_airline_direct"):
        prefix, airline = rng.choice(SYNTHETIC_AIRLINES)
        which = "cheapest" if kind.startswith("cheapest") else "earliest departing"
        context = f'For the outbound trip, pick the {which} direct flight operated by "{airline}"'
    elif kind == "cheapest_manufacturer_direct":
        maker = rng.choice(["Airbus", "Boeing"])
        context = f"For the outbound trip, pick the cheapest direct flight flown on a {maker} aircraft"
    elif kind in ("departure_time_range", "arrival_time_range"):
        lo, hi = rng.choice(WINDOWS_OUT if kind.startswith("departure") else WINDOWS_IN)
        twelve = rng.random() < 0.6
        what = "depart" if kind.startswith("departure") else "arrive"
        context = (
            f"The {'outbound' if leg == 'outbound' else 'return'} {word} must {what} between "
            f"{_clock(rng, lo * 60, twelve)} and {_clock(rng, hi * 60, twelve)}"
        )
        label = ""
    else:
        phrase = {
            "cheapest_direct": "the cheapest direct",
            "earliest_departure_direct": "the earliest departing direct",
            "latest_arrival_direct": "the latest arriving direct",
            "shortest_duration_direct": "the shortest direct",
        }[kind]
        context = f"For the {'outbound' if leg == 'outbound' else 'return'} trip, take {phrase} {word}"
    params = {"constraint_context": context}
    if label:
        params["constraint_type"] = label
    params[f"{leg}_{word}_no"] = number(prefix)
    return f"{mode}_{kind}", params, kind


def _hotel(rng: random.Random, dest: str, budget: bool) -> tuple[str, dict[str, Any]]:
    kind = _pick(rng, HOTEL_KINDS)
    star = rng.choice([2, 3, 3, 4, 5])
    price = {2: 150, 3: 240, 4: 380, 5: 640}[star] + rng.randint(-40, 120)
    if budget:
        price = int(price * 0.7)
    brand = rng.choice(SYNTHETIC_HOTEL_BRANDS)
    score = round(rng.uniform(4.4, 5.0), 1)
    word, street = rng.choice(NAME_WORDS), rng.choice(STREET_WORDS)
    name = f"{brand} {dest} {word} {street} Road" if "brand" in kind else f"{dest} {word} {street} Hotel"
    params: dict[str, Any] = {
        "constraint_context": "",
        "constraint_type": f"superlative_{kind}",
        "hotel_name": name,
    }
    if kind == "star_service_required":
        service = rng.choice(HOTEL_SERVICES)
        params.update(required_service=service, hotel_star=star, hotel_price=float(price))
        context = f"Please book a {star}-star hotel that offers {SERVICE_WORDS[service]}"
    elif kind in ("cheapest_brand", "brand_highest_rated"):
        params.update(hotel_price=float(price), **({"hotel_score": score} if "rated" in kind else {}))
        which = "cheapest" if kind.startswith("cheapest") else "best-rated"
        context = f'Stay at the {which} hotel of the "{brand}" brand'
    elif kind == "hotel_price_range":
        lo = price - rng.randint(10, 40)
        params = {
            "constraint_context": "",
            "hotel_name": name,
            "hotel_price": float(price),
            "min_price": lo,
            "max_price": lo + rng.randint(45, 80),
        }
        context = f"The room should cost between {lo} and {params['max_price']} yuan a night"
    elif kind == "newest_decoration":
        year = rng.choice([2023, 2024, 2025])
        params.update(
            hotel_price=float(price),
            hotel_score=score,
            decoration_time=year + rng.randint(0, 1 if year < 2025 else 0),
            year_threshold=year,
        )
        context = f"Choose a hotel renovated in {year} or later"
    elif kind in ("cheapest_star", "star_highest_rated"):
        params.update(
            hotel_star=star, hotel_price=float(price), **({"hotel_score": score} if "rated" in kind else {})
        )
        which = "cheapest" if kind.startswith("cheapest") else "highest-rated"
        context = f"Pick the {which} hotel among the {star}-star hotels"
    else:
        params.update(hotel_price=float(price), hotel_score=score)
        context = "Stay at the highest-rated hotel in the city"
    params["constraint_context"] = context
    key = kind if kind.startswith("hotel_") else f"hotel_{kind}"
    return key, params


def synthetic_task(
    seed: int, days: int | None = None, task_id: str | None = None, budget: bool | None = None
) -> dict[str, Any]:
    """A task record shaped like the query file's, names invented, `max_budget` left to fill.

    A budgeted task carries `budget_constraint: {"max_budget": None}`; the generator sets the
    cap once the reference plan's cost is known.
    """
    rng = derive_rng(seed, "task")
    days = days or rng.randint(2, 7)
    org, dest = rng.sample(SYNTHETIC_CITIES, 2)
    depart = dt.date(2025, 10, 1) + dt.timedelta(days=rng.randint(0, 200))
    back = depart + dt.timedelta(days=days - 1)
    people = rng.choice([1, 1, 2, 2, 3, 4])
    rooms = 1 if people <= 2 else rng.choice([1, 2, 2])
    budget = rng.random() < 0.15 if budget is None else budget
    mode = "train" if rng.random() < TRAIN_SHARE[days] else "flight"
    taken: set[str] = set()
    constraints: dict[str, Any] = {}
    key, params, _ = _transport(rng, mode, people)
    constraints[key] = params
    key, params = _hotel(rng, dest, budget)
    constraints[key] = params
    mix = rng.choices(["AR", "RR", "AA"], [52, 55, 13])[0]
    room = days + 1 if mix != "AA" else days
    kinds_used: set[str] = set()
    made_attractions: list[dict[str, Any]] = []
    for _ in range(mix.count("A")):
        kinds = {k: w for k, w in ATTRACTION_KINDS.items() if f"attraction_{k}" not in constraints}
        kind = _pick(rng, kinds)
        params = attraction_params(
            rng,
            kind,
            dest,
            taken,
            max(1, room - sum(len(p["attraction_names"]) for p in made_attractions)),
            kinds_used,
        )
        if kind == "must_visit_named" and made_attractions and rng.random() < 0.4:
            shared = made_attractions[0]
            params["attraction_names"][0] = shared["attraction_names"][0]
            params["attraction_ratings"][0] = shared["attraction_ratings"][0]
            params["constraint_context"] = "The trip must include " + " and ".join(
                f"'{n}'" for n in params["attraction_names"]
            )
        made_attractions.append(params)
        constraints[f"attraction_{kind}"] = params
    required = [n for p in made_attractions for n in p["attraction_names"]]
    anchors_used: list[str] = []
    for _ in range(mix.count("R")):
        kinds = {k: w for k, w in RESTAURANT_KINDS.items() if f"restaurant_{k}" not in constraints}
        kind = _pick(rng, kinds)
        if anchors_used and rng.random() < 0.2:
            anchor = anchors_used[0]
        elif required and rng.random() < 0.3:
            anchor = rng.choice(required)
        else:
            anchor = filler_name(
                rng,
                dest,
                rng.choice(["Historical and Cultural", "Leisure Experience", "City Landmark"]),
                taken,
            )
        anchors_used.append(anchor)
        params = restaurant_params(rng, kind, anchor, taken, budget)
        earlier = [v for k, v in constraints.items() if k.startswith("restaurant_")]
        if earlier and kind == "must_eat_named" and "attraction_name" in earlier[0] and rng.random() < 0.3:
            params["restaurant_name"] = earlier[0]["restaurant_name"]
            params["constraint_context"] = f"One meal must be at '{params['restaurant_name']}'"
            params["restaurant_rating"] = earlier[0].get("restaurant_rating", params["restaurant_rating"])
        elif earlier and earlier[0].get("attraction_name") == anchor:
            keep_apart(earlier[0], params, rng)
        constraints[f"restaurant_{kind}"] = params
    order = sorted(
        constraints,
        key=lambda k: ["train", "flight", "hotel", "restaurant", "attraction"].index(k.split("_", 1)[0]),
    )
    hard = {k: constraints[k] for k in order}
    if budget:
        hard["budget_constraint"] = {"max_budget": None}
    meta = {
        "org": org,
        "dest": [dest],
        "days": days,
        "depart_date": depart.isoformat(),
        "return_date": back.isoformat(),
        "people_number": people,
        "room_number": rooms,
        "hard_constraints": hard,
        "depart_weekday": depart.isoweekday(),
    }
    return {
        "id": task_id if task_id is not None else str(seed),
        "query": "",
        "meta_info": meta,
        "query_with_constraints": "",
    }
