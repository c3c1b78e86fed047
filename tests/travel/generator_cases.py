"""Hand-written `meta_info` records for the generator tests: one per constraint key, plus shared cases.

Why: seeded synthetic tasks draw constraint kinds at random, so these records make sure every one of
the 37 constraint types (and the shared-entity cases of spec §11.9) is generated and checked. All
names are invented.
"""

from __future__ import annotations

import copy
from typing import Any

BASE: dict[str, Any] = {
    "org": "Brinmoor",
    "dest": ["Caskvale"],
    "days": 3,
    "depart_date": "2025-11-12",
    "return_date": "2025-11-14",
    "people_number": 2,
    "room_number": 1,
    "hard_constraints": {},
    "depart_weekday": 3,
}
CTX = "constraint_context"
TRANSPORT: dict[str, dict[str, Any]] = {
    "train_seat_status": {
        CTX: "2 travellers by train, enough tickets left",
        "people_number": 2,
        "outbound_train_no": "G101",
        "inbound_train_no": "G102",
        "outbound_seat_status": "5",
        "inbound_seat_status": "6",
    },
    "train_seat_class": {
        CTX: "Travel by train with first-class seats both ways",
        "outbound_train_no": "G111",
        "inbound_train_no": "D112",
    },
    "train_cheapest_direct": {
        CTX: "Take the cheapest direct train for the return trip",
        "inbound_train_no": "D121",
    },
    "train_earliest_departure_direct": {
        CTX: "Take the earliest departing direct train out",
        "outbound_train_no": "G131",
    },
    "train_latest_arrival_direct": {
        CTX: "Take the latest arriving direct train back",
        "inbound_train_no": "G141",
    },
    "train_shortest_duration_direct": {
        CTX: "Take the shortest direct train back",
        "inbound_train_no": "G151",
    },
    "train_cheapest_train_type": {
        CTX: 'Take the cheapest direct "bullet train" out',
        "outbound_train_no": "D161",
    },
    "train_departure_time_range": {
        CTX: "The departure train must leave between 7:00 AM and 11:00 AM",
        "outbound_train_no": "G171",
    },
    "flight_seat_status": {
        CTX: "2 travellers by plane",
        "people_number": 2,
        "outbound_seat_status": "5",
        "inbound_seat_status": "4",
        "outbound_flight_no": "QJ1001",
        "inbound_flight_no": "VH1002",
    },
    "flight_seat_class": {
        CTX: "Fly first class both ways",
        "outbound_flight_no": "QJ1101",
        "inbound_flight_no": "WB1102",
    },
    "flight_cheapest_direct": {CTX: "Take the cheapest direct flight out", "outbound_flight_no": "YK1201"},
    "flight_cheapest_airline_direct": {
        CTX: 'Take the cheapest direct flight from "Skylark Air" out',
        "outbound_flight_no": "QJ1301",
    },
    "flight_earliest_airline_direct": {
        CTX: "Take the earliest direct flight from Lantern Air out",
        "outbound_flight_no": "LX1401",
    },
    "flight_cheapest_manufacturer_direct": {
        CTX: "Take the cheapest direct flight on a Boeing-built aircraft",
        "outbound_flight_no": "RZ1501",
    },
    "flight_earliest_departure_direct": {
        CTX: "Take the earliest departing direct flight out",
        "outbound_flight_no": "VH1601",
    },
    "flight_shortest_duration_direct": {
        CTX: "Take the shortest direct flight back",
        "inbound_flight_no": "WB1701",
    },
    "flight_departure_time_range": {
        CTX: "The outbound flight must depart between 13:00 and 17:00",
        "outbound_flight_no": "QJ1801",
    },
    "flight_arrival_time_range": {
        CTX: "The return flight must arrive between 8:00 PM and 12:00 AM",
        "inbound_flight_no": "YK1901",
    },
}
HOTEL: dict[str, dict[str, Any]] = {
    "hotel_highest_rated": {
        CTX: "Stay at the best-rated hotel",
        "hotel_name": "Caskvale Amber Hotel",
        "hotel_price": 320.0,
        "hotel_score": 4.8,
    },
    "hotel_cheapest_brand": {
        CTX: 'Cheapest hotel of the "Lotus Stay" brand',
        "hotel_name": "Quiet Quay Rooms",
        "hotel_price": 210.0,
    },
    "hotel_brand_highest_rated": {
        CTX: 'Best-rated hotel of the "Maple Lodge" brand',
        "hotel_name": "Maple Lodge Caskvale Pier",
        "hotel_price": 260.0,
        "hotel_score": 4.6,
    },
    "hotel_cheapest_star": {
        CTX: "Cheapest of the 4-star hotels",
        "hotel_name": "Caskvale Granite Hotel",
        "hotel_star": 4,
        "hotel_price": 300.0,
    },
    "hotel_star_highest_rated": {
        CTX: "Best-rated 3-star hotel",
        "hotel_name": "Caskvale Lark Inn",
        "hotel_star": 3,
        "hotel_price": 240.0,
        "hotel_score": 4.7,
    },
    "hotel_newest_decoration": {
        CTX: "A hotel renovated in 2024 or later",
        "hotel_name": "Caskvale New Wing Hotel",
        "hotel_price": 280.0,
        "hotel_score": 4.5,
        "decoration_time": 2025,
        "year_threshold": 2024,
    },
    "hotel_price_range": {
        CTX: "Between 330 and 360 yuan a night",
        "hotel_name": "Caskvale Mid Hotel",
        "hotel_price": 345.0,
        "min_price": 330,
        "max_price": 360,
    },
    "hotel_star_service_required": {
        CTX: "A 4-star hotel with a gym",
        "hotel_name": "Caskvale Iron Gym Hotel",
        "required_service": "Gym",
        "hotel_star": 4,
        "hotel_price": 410.0,
    },
}
RESTAURANT: dict[str, dict[str, Any]] = {
    "restaurant_cheapest_nearby_attraction": {
        CTX: "Cheapest restaurant near 'Old Bell Yard'",
        "attraction_name": "Old Bell Yard",
        "restaurant_name": "Coin Noodles",
        "price_per_person": 18.0,
    },
    "restaurant_highest_rated": {
        CTX: "Best-rated restaurant near 'Reed Marsh Park'",
        "attraction_name": "Reed Marsh Park",
        "restaurant_name": "Top Reed Kitchen",
        "price_per_person": 88.0,
        "restaurant_rating": 4.7,
    },
    "restaurant_closest_to_attraction": {
        CTX: "Closest restaurant to 'Glass Dome'",
        "attraction_name": "Glass Dome",
        "restaurant_name": "Dome Corner Cafe",
        "price_per_person": 45.0,
    },
    "restaurant_specific_cuisine_nearby": {
        CTX: "A halal restaurant near 'Spice Gate'",
        "attraction_name": "Spice Gate",
        "restaurant_name": "Gate Lamb House",
        "price_per_person": 66.0,
        "restaurant_rating": 4.4,
    },
    "restaurant_specific_tag_nearby": {
        CTX: "A meal near 'Harbor Steps' at a restaurant with a birthday package",
        "attraction_name": "Harbor Steps",
        "restaurant_name": "Steps Party Hall",
        "required_tag": "Birthday Package",
        "price_per_person": 120.0,
        "restaurant_rating": 4.3,
    },
    "restaurant_must_eat_named": {
        CTX: "Eat once at 'Grandma Fern Dumplings'",
        "restaurant_name": "Grandma Fern Dumplings",
        "restaurant_rating": 4.5,
    },
}
ATTRACTION: dict[str, dict[str, Any]] = {
    "attraction_must_visit_named": {
        CTX: "Visit 'Clock Hill' and 'Salt Museum'",
        "attraction_names": ["Clock Hill", "Salt Museum"],
        "attraction_ratings": [4.6, 4.5],
    },
    "attraction_top_rated_must_visit": {
        CTX: "The three best-rated attractions",
        "attraction_names": ["Sky Lake", "Old Mint", "Kite Hill"],
        "attraction_ratings": [4.9, 4.8, 4.8],
    },
    "attraction_all_of_type": {
        CTX: "All 'Art Exhibition' attractions",
        "attraction_names": ["Ink Hall", "Clay Loft"],
        "attraction_type": "Art Exhibition",
        "attraction_type_cn": "艺术展览",
        "attraction_ratings": [4.5, 4.4],
    },
    "attraction_type_highest_rated": {
        CTX: "Best 'Natural Scenery' attraction",
        "attraction_names": ["Fern Gorge"],
        "attraction_type": "Natural Scenery",
        "attraction_type_cn": "自然风光",
        "attraction_ratings": [4.8],
    },
    "attraction_all_free_attractions": {
        CTX: "Every free attraction",
        "attraction_names": ["Open Quay", "Lantern Steps", "Pine Walk"],
        "attraction_ratings": [4.6, 4.5, 4.4],
    },
}
ALL_KEYS: list[str] = [*TRANSPORT, *HOTEL, *RESTAURANT, *ATTRACTION]


def record_with(key: str, task_id: str = "0") -> dict[str, Any]:
    """A 3-day task holding `key` plus one constraint of each other family (4 in all, real mix)."""
    meta = copy.deepcopy(BASE)
    hard: dict[str, Any] = {}
    hard[key if key in TRANSPORT else "train_cheapest_direct"] = TRANSPORT.get(
        key, TRANSPORT["train_cheapest_direct"]
    )
    hard[key if key in HOTEL else "hotel_star_service_required"] = HOTEL.get(
        key, HOTEL["hotel_star_service_required"]
    )
    if key in RESTAURANT:
        hard[key] = RESTAURANT[key]
        other = (
            "restaurant_must_eat_named" if key != "restaurant_must_eat_named" else "restaurant_highest_rated"
        )
        hard[other] = RESTAURANT[other]
    elif key in ATTRACTION:
        hard["restaurant_specific_tag_nearby"] = RESTAURANT["restaurant_specific_tag_nearby"]
        hard[key] = ATTRACTION[key]
    else:
        hard["restaurant_specific_tag_nearby"] = RESTAURANT["restaurant_specific_tag_nearby"]
        hard["attraction_must_visit_named"] = ATTRACTION["attraction_must_visit_named"]
    meta["hard_constraints"] = copy.deepcopy(hard)
    return {"id": task_id, "query": "", "meta_info": meta, "query_with_constraints": ""}


def shared_records() -> dict[str, dict[str, Any]]:
    """The shared-entity cases of spec §11.9, one record each."""
    cases: dict[str, dict[str, Any]] = {}
    same = record_with("restaurant_highest_rated", "same_restaurant")
    hard = same["meta_info"]["hard_constraints"]
    hard["restaurant_must_eat_named"] = {
        CTX: "Eat once at 'Top Reed Kitchen'",
        "restaurant_name": "Top Reed Kitchen",
        "restaurant_rating": 4.7,
    }
    cases["same_restaurant"] = same
    anchor = record_with("restaurant_highest_rated", "same_anchor")
    hard = anchor["meta_info"]["hard_constraints"]
    del hard["restaurant_must_eat_named"]
    hard["restaurant_specific_tag_nearby"] = {
        CTX: "Near 'Reed Marsh Park' with outdoor seating",
        "attraction_name": "Reed Marsh Park",
        "restaurant_name": "Marsh Terrace",
        "required_tag": "Outdoor Seating",
        "price_per_person": 70.0,
        "restaurant_rating": 4.5,
    }
    cases["same_anchor"] = anchor
    required = record_with("attraction_must_visit_named", "anchor_required")
    hard = required["meta_info"]["hard_constraints"]
    hard["restaurant_specific_tag_nearby"] = dict(
        hard["restaurant_specific_tag_nearby"], attraction_name="Clock Hill"
    )
    cases["anchor_required"] = required
    twice = record_with("attraction_top_rated_must_visit", "same_attraction")
    hard = twice["meta_info"]["hard_constraints"]
    del hard["restaurant_specific_tag_nearby"]
    hard["attraction_must_visit_named"] = {
        CTX: "Visit 'Old Mint' and 'Salt Museum'",
        "attraction_names": ["Old Mint", "Salt Museum"],
        "attraction_ratings": [4.8, 4.8],
    }
    cases["same_attraction"] = twice
    odd = record_with("restaurant_highest_rated", "odd_anchors")
    hard = odd["meta_info"]["hard_constraints"]
    del hard["restaurant_must_eat_named"]
    hard["restaurant_highest_rated"] = dict(
        hard["restaurant_highest_rated"], attraction_name="Caskvale North Station"
    )
    hard["restaurant_specific_tag_nearby"] = {
        CTX: "Near 'Willow Spa Resort Hotel' with a private room",
        "attraction_name": "Willow Spa Resort Hotel",
        "restaurant_name": "Resort Garden Room",
        "required_tag": "Private Room",
        "price_per_person": 90.0,
        "restaurant_rating": 4.2,
    }
    cases["odd_anchors"] = odd
    return cases
