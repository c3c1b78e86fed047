"""The travel request types (the benchmark's constraint keys) and the parameters each one states."""

from __future__ import annotations

__all__ = ["REQUEST_PARAMS", "REQUEST_TYPES", "TRANSPORT_RULE_PARAMS", "kind_of"]

#: Rule -> the parameters a transport request of that rule states (besides ``legs``).
TRANSPORT_RULE_PARAMS: dict[str, tuple[str, ...]] = {
    "cheapest_direct": (),
    "cheapest_train_type": ("train_type",),
    "cheapest_airline_direct": ("airline",),
    "earliest_airline_direct": ("airline",),
    "cheapest_manufacturer_direct": ("manufacturer",),
    "earliest_departure_direct": (),
    "latest_arrival_direct": (),
    "shortest_duration_direct": (),
    "departure_time_range": ("window",),
    "arrival_time_range": ("window",),
    "seat_class": ("seat_class",),
    "seat_status": ("people_number",),
}
_TRAIN_RULES = ("cheapest_direct", "cheapest_train_type", "departure_time_range", "earliest_departure_direct",
                "latest_arrival_direct", "seat_class", "seat_status", "shortest_duration_direct")
_FLIGHT_RULES = ("arrival_time_range", "cheapest_airline_direct", "cheapest_direct", "cheapest_manufacturer_direct",
                 "departure_time_range", "earliest_airline_direct", "earliest_departure_direct", "seat_class",
                 "seat_status", "shortest_duration_direct")

#: Request type -> the parameters it states (the names every travel reader fills).
REQUEST_PARAMS: dict[str, tuple[str, ...]] = {
    **{f"train_{r}": ("legs", *TRANSPORT_RULE_PARAMS[r]) for r in _TRAIN_RULES},
    **{f"flight_{r}": ("legs", *TRANSPORT_RULE_PARAMS[r]) for r in _FLIGHT_RULES},
    "hotel_brand_highest_rated": ("brand",),
    "hotel_cheapest_brand": ("brand",),
    "hotel_cheapest_star": ("hotel_star",),
    "hotel_highest_rated": (),
    "hotel_newest_decoration": ("year_threshold",),
    "hotel_price_range": ("min_price", "max_price"),
    "hotel_star_highest_rated": ("hotel_star",),
    "hotel_star_service_required": ("hotel_star", "required_service"),
    "restaurant_cheapest_nearby_attraction": ("attraction_name",),
    "restaurant_closest_to_attraction": ("attraction_name",),
    "restaurant_highest_rated": ("attraction_name",),
    "restaurant_must_eat_named": ("restaurant_name",),
    "restaurant_specific_cuisine_nearby": ("attraction_name", "cuisine"),
    "restaurant_specific_tag_nearby": ("attraction_name", "required_tag"),
    "attraction_all_free_attractions": (),
    "attraction_all_of_type": ("attraction_type",),
    "attraction_must_visit_named": ("attraction_names",),
    "attraction_top_rated_must_visit": ("count",),
    "attraction_type_highest_rated": ("attraction_type",),
    "budget_constraint": ("max_budget",),
}

#: Every request type, in a stable order.
REQUEST_TYPES: tuple[str, ...] = tuple(sorted(REQUEST_PARAMS))


def kind_of(key: str) -> str:
    """``train``, ``flight``, ``hotel``, ``restaurant``, ``attraction`` or ``budget``."""
    head = key.split("_", 1)[0]
    return "budget" if head == "budget" else head
