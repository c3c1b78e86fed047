"""The official DeepPlanning messages of the commonsense and personalized checks, one method per message.

Why kept verbatim (including the official list formatting and odd phrasings): an agent reading the
feedback should see what the benchmark itself says, so that results stay comparable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pivot_opt.envs.travel.data.records import CostBreakdown

__all__ = ["OfficialCheckWording"]

_PLURAL = {"hotel": "Hotels", "attraction": "Attractions", "restaurant": "Restaurants"}
_MISMATCH = {
    "hotel": "Hotel price mismatch",
    "attraction": "Attraction price mismatch",
    "restaurant": "Restaurant price per person mismatch",
}


class OfficialCheckWording:
    """The official English messages (DeepPlanning ``constraints_commonsense.py``, ``constraints_hard.py``)."""

    helpful = False

    # -- 8.1 Route Consistency --------------------------------------------------------------
    def trip_length(self, days: int, expected: int) -> str:
        return f"Plan has {days} days, expected {expected}"

    def loop_start(self, org: Any, start_from: Any) -> str:
        return f"First day departure should be from {org}"

    def loop_end(self, org: Any, end_to: Any) -> str:
        return f"Last day destination should return to {org}"

    def route_no_origin(self) -> str:
        return "Missing org info, cannot track location"

    def route_wrong_origin(self, day: int, src: Any, dst: Any, current: Any) -> str:
        return (
            f"D{day}: current_city shows 'from {src} to {dst}', "
            f"but from city ({src}) does not match current location ({current})"
        )

    def route_no_intercity(self, day: int, src: Any, dst: Any) -> str:
        return f"D{day}: current_city shows '{src}→{dst}' but missing travel_intercity_public activity"

    def route_unmatched(self, day: int, src: Any, dst: Any, legs: Sequence[tuple[Any, Any]]) -> str:
        routes = [f"{a}→{b}" for a, b in legs]
        return (
            f"D{day}: current_city is '{src}→{dst}' but intercity transportation route does not match "
            f"(actual: {routes})"
        )

    def route_empty_city(self, day: int) -> str:
        return f"D{day}: current_city is empty or invalid"

    def route_wrong_city(self, day: int, header: Any, current: Any) -> str:
        return (
            f"D{day}: current_city is '{header}' but current location should be '{current}', "
            f"missing intercity transportation info (should be written as 'from {current} to {header}')"
        )

    def route_problems(self, problems: list[str]) -> str:
        return f"Location tracking inconsistent: {problems}"

    # -- 8.2 Sandbox Compliance -------------------------------------------------------------
    def table_missing(self, kind: str) -> str:
        """``kind`` is ``hotel``, ``attraction`` or ``restaurant``."""
        return f"{kind.capitalize()} database failed to load or is empty"

    def not_in_database(self, kind: str, names: list[Any]) -> str:
        return f"{_PLURAL[kind]} not in database: {names}"

    def price_differs(self, kind: str, name: Any, plan_value: Any, db_value: Any) -> str:
        return f"{name}: plan has {plan_value} ≠ database {db_value}"

    def price_missing(self, kind: str, name: Any) -> str:
        return f"{name}: plan missing valid price/cost" if kind == "hotel" else f"{name}: plan missing valid cost"

    def price_mismatches(self, kind: str, items: list[str]) -> str:
        return f"{_MISMATCH[kind]}: {items}"

    def transport_fields_missing(self, slot: Any, absent: list[str]) -> str:
        return f"{slot or '<no time_slot>'}: missing {absent}"

    def transport_price(self, number: str, cost: float, prices: list[float]) -> str:
        return f"{number}: plan has ¥{cost} ≠ database prices {prices}"

    def transport_problems(self, missing: list[str], not_found: list[str], mismatches: list[str]) -> str:
        parts = []
        if missing:
            parts.append(f"Missing fields: {missing}")
        if not_found:
            parts.append(f"Not found in database: {not_found}")
        if mismatches:
            parts.append(f"Price mismatch: {mismatches}")
        return "; ".join(parts)

    # -- 8.3 Itinerary Structure ------------------------------------------------------------
    def untraceable(self, missing_days: list[int], last_name: Any = None, last_not_object: bool = False) -> str:
        """``missing_days`` are 1-based; ``last_name`` is a wrong last-day accommodation name."""
        if last_name is not None:
            tail = f"last day accommodation.name should be '-' or empty, actual '{last_name}'"
        elif last_not_object:
            tail = "last day accommodation should be empty or name '-'"
        else:
            return f"Accommodation not traceable on days: {missing_days}"
        if missing_days:
            return f"Accommodation not traceable on days: {missing_days}; {tail}"
        return tail[0].upper() + tail[1:]

    def not_ending_at_hotel(self, days: list[int]) -> str:
        return f"Last activity not hotel on days: {days}"

    def meals_no_origin(self) -> str:
        return "Missing org info, cannot determine meal necessity"

    def meal_leaving_early(self, day: int) -> str:
        return f"D{day}: Departure <10:00, should not arrange any meals"

    def meal_leaving_midday(self, day: int) -> str:
        return f"D{day}: Departure 10:00-15:00, should not arrange two meals"

    def meal_leaving_late(self, day: int) -> str:
        return f"D{day}: Departure >15:00, must arrange at least one meal"

    def meal_arriving_early(self, day: int) -> str:
        return f"D{day}: Arrival <10:00, must arrange two meals"

    def meal_arriving_midday(self, day: int) -> str:
        return f"D{day}: Arrival 10:00-16:00, must arrange at least one meal"

    def meal_arriving_late(self, day: int) -> str:
        return f"D{day}: Arrival >16:00, should not arrange two meals"

    def meal_stay_day(self, day: int) -> str:
        return f"D{day}: Non-intercity day must arrange two meals"

    def meal_gap(self, day: int, gap: int, need: int) -> str:
        return f"D{day}: Gap between two meals less than 2 hours (gap {gap} minutes)"

    def meal_problems(self, correct: int, total: int, problems: list[str]) -> str:
        return f"Meal necessity: {correct}/{total} days correct; Violations: {'; '.join(problems)}"

    def attractions_no_origin(self) -> str:
        return "Missing org info, cannot determine attraction necessity"

    def sights_leaving_late(self, day: int, count: int) -> str:
        return f"D{day}: Departure time later than 14:00, must arrange at least 1 attraction (current: {count})"

    def sights_arriving_early(self, day: int, count: int) -> str:
        return f"D{day}: Arrival time earlier than 14:00, must arrange at least 1 attraction (current: {count})"

    def sights_stay_day(self, day: int, hours: float, count: int) -> str:
        return (
            f"D{day}: Non-intercity day requires attraction-related duration ≥ 4 hours or ≥2 attractions "
            f"(current: {hours:.1f} hours, {count} attractions)"
        )

    def sights_problems(self, problems: list[str]) -> str:
        return f"Attraction arrangements unreasonable: {'; '.join(problems)}"

    # -- 8.4 Time Feasibility ---------------------------------------------------------------
    def overlap(self, day: int, first: Any, second: Any) -> str:
        return f"D{day}: {first} and {second} have time overlap"

    def overlaps(self, items: list[str]) -> str:
        return f"Time overlaps exist: {items}"

    def transfer_skipped(self, day: int, prev: str, curr: str, reason: str) -> str:
        """``reason``: ``""`` (a name is empty), ``"coordinates"`` or ``"matrix"``."""
        return f"D{day}:{prev}->{curr}"

    def transfer_off(
        self,
        day: int,
        prev: str,
        curr: str,
        road: float,
        net: float,
        buffers: float,
        window: tuple[float, float],
        coords: tuple[tuple[str, str], tuple[str, str]],
    ) -> str:
        (lat1, lon1), (lat2, lon2) = coords
        low, high = window
        return (
            f"D{day}:{prev}->{curr} query got commute time {road:.0f}min, plan shows gap {net:.0f}min "
            f"(after excluding buffer {buffers:.0f}min) not in [{low:.0f},{high:.0f}]min\n"
            f"D{day}:{prev}({lat1},{lon1})->{curr}({lat2},{lon2}) "
        )

    def transfer_problems(self, problems: list[str], skipped: list[str]) -> str:
        text = f"Anchor transfer time unreasonable: {problems}"
        return text + (f"; Unable to evaluate pairs: {skipped}" if skipped else "")

    def transfer_note(self, skipped: list[str]) -> str:
        """The note of a passing check that skipped pairs (empty when none was skipped)."""
        return f"Some pairs missing coordinates, skipped: {skipped}" if skipped else ""

    # -- 8.5 Business Hours -----------------------------------------------------------------
    def outside_hours(self, name: Any, slot: Any, opening: str, closing: str) -> str:
        return f"{name}({slot} not within {opening}-{closing})"

    def attractions_outside_hours(self, items: list[str]) -> str:
        return f"Attraction opening hours mismatch: {items}"

    def attraction_hours_unreadable(self, names: list[Any]) -> str:
        return f"Missing opening hours or invalid time_slot: {names}"

    def meal_slot_missing(self, names: list[Any]) -> str:
        return f"Missing time_slot: {names}"

    def meals_outside_hours(self, items: list[str]) -> str:
        return f"Meal time not within business hours: {items}"

    def bad_weekday(self, value: Any) -> str:
        return f"Invalid depart_weekday value: {value}"

    def closed_visit(self, name: Any, day: int, weekday: str, closing: Any) -> str:
        return f"{name} on Day {day} ({weekday}), but closed on: {closing}"

    def closed_visits(self, items: list[str]) -> str:
        return f"Attractions visited on closing dates: {'; '.join(items)}"

    # -- 8.6 Duration Rationality -----------------------------------------------------------
    def visit_unreadable(self, name: Any) -> str:
        return f"{name}: Missing duration"

    def visit_outside(self, name: Any, hours: float, low: float, high: float) -> str:
        return f"{name}: plan has {hours}h not in recommended {low}-{high}h"

    def visits(self, items: list[str]) -> str:
        return f"Attraction visit duration unreasonable: {items}"

    def meal_slot_invalid(self, name: Any) -> str:
        return f"{name}: Missing time_slot or invalid format"

    def meal_length(self, name: Any, minutes: int, low: int, high: int) -> str:
        if minutes < low:
            return f"{name}: meal duration {minutes}min < minimum {low}min"
        return f"{name}: meal duration {minutes}min > maximum {high}min"

    def meal_lengths(self, items: list[str]) -> str:
        return f"Meal duration unreasonable: {items}"

    # -- 8.7 Cost Calculation Accuracy ------------------------------------------------------
    def no_budget_summary(self) -> str:
        return "Missing budget_summary in plan"

    def no_total(self) -> str:
        return "Missing total_estimated_budget in budget_summary"

    def bad_total(self, value: Any) -> str:
        return f"Invalid total_estimated_budget: {value}"

    def zero_total(self, computed: float) -> str:
        return f"Plan shows 0 budget but calculated {computed:.2f}"

    def total_off(self, stated: float, cost: CostBreakdown, error: float, tolerance: float) -> str:
        return (
            f"Budget accuracy failed: Plan total={stated:.2f}, "
            f"Calculated total={cost.total:.2f} "
            f"(Transportation={cost.transportation:.2f}, "
            f"Accommodation={cost.accommodation:.2f}, "
            f"Meals={cost.meals:.2f}, "
            f"Attractions={cost.attractions:.2f}), "
            f"Error rate={error:.2%} (exceeds {tolerance:.0%} threshold)"
        )

    # -- 8.8 Activity Diversity -------------------------------------------------------------
    def duplicate(self, kind: str, name: Any) -> str:
        """``kind`` is ``restaurant`` or ``attraction``."""
        return f"Duplicate {kind}: {name}"

    # -- 9 Personalized ---------------------------------------------------------------------
    def evaluation_error(self, key: str, exc: BaseException) -> str:
        return f"Evaluation error: {exc}"

    def service_missing(self, direction: str, label: str, wanted: Any, numbers: set[Any]) -> str:
        """``label`` is ``flight`` or ``train``; ``numbers`` are those the plan has."""
        return f"Required {direction} {label} not found: {wanted}"

    def hotel_unnamed(self, key: str) -> str:
        return "No hotel name specified in constraint data"

    def hotel_missing(self, key: str, data: Mapping[str, Any], wanted: Any) -> str:
        star = data.get("hotel_star", "specified")
        brand = data.get("brand", "specified")
        if key == "hotel_cheapest_brand":
            return f"Required {brand} brand hotel not found: {wanted}"
        if key == "hotel_highest_rated":
            return f"Required highest rated hotel not found: {wanted}"
        if key == "hotel_cheapest_star":
            return f"Required {star}-star hotel not found: {wanted}"
        if key == "hotel_newest_decoration":
            return f"Required hotel with newest decoration not found: {wanted}"
        if key == "hotel_brand_highest_rated":
            return f"Required highest rated {brand} hotel not found: {wanted}"
        if key == "hotel_star_highest_rated":
            return f"Required highest rated {star}-star hotel not found: {wanted}"
        if key == "hotel_price_range":
            return f"Required hotel in price range {data.get('price_range', 'specified')} not found: {wanted}"
        if key == "hotel_star_service_required":
            service = data.get("required_service_cn", "specified service")
            return f"Required {star}-star hotel with {service} not found: {wanted}"
        return f"Required hotel not found: {wanted}"

    def restaurant_unnamed(self, key: str) -> str:
        return "No restaurant name specified in constraint data"

    def restaurant_missing(self, key: str, data: Mapping[str, Any], wanted: Any) -> str:
        near = data.get("attraction_name", "specified attraction")
        if key == "restaurant_cheapest_nearby_attraction":
            return f"Required restaurant near {near} not found: {wanted}"
        if key == "restaurant_highest_rated":
            return f"Required highly rated restaurant near {near} not found: {wanted}"
        if key == "restaurant_must_eat_named":
            return f"Required must-eat restaurant not found: {wanted}"
        if key == "restaurant_closest_to_attraction":
            return f"Required closest restaurant to {near} not found: {wanted}"
        if key == "restaurant_specific_cuisine_nearby":
            cuisine = data.get("cuisine_type", "specified cuisine")
            return f"Required {cuisine} restaurant near {near} not found: {wanted}"
        if key == "restaurant_specific_tag_nearby":
            tag = data.get("required_tag_cn", "specified tag")
            return f"Required restaurant with {tag} near {near} not found: {wanted}"
        return f"Required restaurant not found: {wanted}"

    def attractions_unnamed(self, key: str) -> str:
        return "No attraction names specified in constraint data"

    def attractions_missing(self, key: str, data: Mapping[str, Any], missing: list[Any]) -> str:
        """Raises ``TypeError`` on non-text names, as the official join does (the check then fails
        with :meth:`evaluation_error`, as officially)."""
        names = ", ".join(missing)
        kind = data.get("attraction_type", "specified")
        if key == "attraction_must_visit_named":
            return f"Missing required attractions: {names}"
        if key == "attraction_all_of_type":
            return f"Missing {kind} type attractions: {names}"
        if key == "attraction_top_rated_must_visit":
            return f"Missing top rated attractions: {names}"
        if key == "attraction_all_free_attractions":
            return f"Missing free attractions: {names}"
        if key == "attraction_type_highest_rated":
            return f"Required highest rated {kind} attraction not found: {names}"
        return f"Missing attractions: {names}"

    def budget_no_cap(self) -> str:
        return "Budget constraint missing max_budget value"

    def budget_bad_cap(self, value: Any) -> str:
        return f"Invalid max_budget value: {value}"

    def budget_no_days(self) -> str:
        return "Plan missing daily_plans"

    def budget_over(self, cost: CostBreakdown, cap: float) -> str:
        return (
            f"Actual budget exceeds limit: {cost.total:.2f} > {cap:.2f} "
            f"(exceeded by {cost.total - cap:.2f}). "
            f"Breakdown: Transportation={cost.transportation:.2f}, "
            f"Accommodation={cost.accommodation:.2f}, "
            f"Meals={cost.meals:.2f}, "
            f"Attractions={cost.attractions:.2f}"
        )
