"""This project's own phrasing of the check messages: plainer, sometimes naming what the plan has instead.

Why a subclass of the official wording: pass/fail never depends on the wording, and a message
this class does not reword falls back to the official text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pivot_opt.envs.travel.data.records import CostBreakdown
from pivot_opt.envs.travel.evaluation.wording.official import OfficialCheckWording

__all__ = ["HelpfulCheckWording"]


class HelpfulCheckWording(OfficialCheckWording):
    """This project's own phrasing of the same verdicts (not the benchmark's words)."""

    helpful = True

    def trip_length(self, days: int, expected: int) -> str:
        return f"the plan has {days} day(s) but the trip lasts {expected}"

    def loop_start(self, org: Any, start_from: Any) -> str:
        return f"day 1 should depart from {org}, not {start_from}"

    def loop_end(self, org: Any, end_to: Any) -> str:
        return f"the last day should return to {org}, not {end_to}"

    def route_no_origin(self) -> str:
        return "meta_info has no origin city, so the route cannot be followed"

    def route_wrong_origin(self, day: int, src: Any, dst: Any, current: Any) -> str:
        return f"day {day} leaves {src} but the traveller is in {current}"

    def route_no_intercity(self, day: int, src: Any, dst: Any) -> str:
        return f"day {day} goes from {src} to {dst} without any travel_intercity_public line"

    def route_unmatched(self, day: int, src: Any, dst: Any, legs: Sequence[tuple[Any, Any]]) -> str:
        routes = [f"{a}->{b}" for a, b in legs]
        return (
            f"day {day} goes from {src} to {dst} but no intercity line connects "
            f"stations of those cities (lines: {routes})"
        )

    def route_empty_city(self, day: int) -> str:
        return f"day {day} has an empty or invalid current_city"

    def route_wrong_city(self, day: int, header: Any, current: Any) -> str:
        return (
            f"day {day} stays in {header} but the traveller is in {current}; a move "
            f"needs a 'from {current} to {header}' day with intercity transport"
        )

    def route_problems(self, problems: list[str]) -> str:
        return "; ".join(problems)

    def table_missing(self, kind: str) -> str:
        return f"the {kind} table is empty or was not loaded"

    def not_in_database(self, kind: str, names: list[Any]) -> str:
        return f"{kind} not in the database: {names}"

    def price_differs(self, kind: str, name: Any, plan_value: Any, db_value: Any) -> str:
        return f"{name}: plan says {plan_value}, database says {db_value}"

    def price_missing(self, kind: str, name: Any) -> str:
        return f"{name}: plan gives no numeric price"

    def price_mismatches(self, kind: str, items: list[str]) -> str:
        return f"{kind} price differs from the database: {items}"

    def transport_fields_missing(self, slot: Any, absent: list[str]) -> str:
        return f"{slot or '<no time_slot>'} lacks {absent}"

    def transport_price(self, number: str, cost: float, prices: list[float]) -> str:
        return f"{number}: plan says {cost}, database prices {prices}"

    def transport_problems(self, missing: list[str], not_found: list[str], mismatches: list[str]) -> str:
        parts = []
        if missing:
            parts.append(f"missing fields: {missing}")
        if not_found:
            parts.append(f"numbers not in the database: {not_found}")
        if mismatches:
            parts.append(f"price mismatch: {mismatches}")
        return "; ".join(parts)

    def untraceable(self, missing_days: list[int], last_name: Any = None, last_not_object: bool = False) -> str:
        problems = []
        if missing_days:
            problems.append(f"no hotel line and accommodation on day(s) {missing_days}")
        if last_name is not None:
            problems.append(f"the last day should have no accommodation, found {last_name!r}")
        elif last_not_object:
            problems.append("the last day's accommodation should be empty or named '-'")
        return "; ".join(problems)

    def not_ending_at_hotel(self, days: list[int]) -> str:
        return f"day(s) {days} do not end with a hotel line"

    def meals_no_origin(self) -> str:
        return "meta_info has no origin city, so meal needs cannot be decided"

    def meal_leaving_early(self, day: int) -> str:
        return f"day {day}: leaving before 9:00 leaves no time for meals"

    def meal_leaving_midday(self, day: int) -> str:
        return f"day {day}: leaving between 9:00 and 15:00 allows one meal at most"

    def meal_leaving_late(self, day: int) -> str:
        return f"day {day}: leaving at/after 15:00 needs at least one meal"

    def meal_arriving_early(self, day: int) -> str:
        return f"day {day}: arriving before 10:00 needs two meals"

    def meal_arriving_midday(self, day: int) -> str:
        return f"day {day}: arriving between 10:00 and 15:00 needs a meal"

    def meal_arriving_late(self, day: int) -> str:
        return f"day {day}: arriving at/after 15:00 allows one meal at most"

    def meal_stay_day(self, day: int) -> str:
        return f"day {day}: a full day in one city needs lunch and dinner"

    def meal_gap(self, day: int, gap: int, need: int) -> str:
        return f"day {day}: only {gap} min between the first two meals (need {need})"

    def meal_problems(self, correct: int, total: int, problems: list[str]) -> str:
        return f"{correct}/{total} days have suitable meals: " + "; ".join(problems)

    def attractions_no_origin(self) -> str:
        return "meta_info has no origin city, so sightseeing needs cannot be decided"

    def sights_leaving_late(self, day: int, count: int) -> str:
        return f"day {day}: leaving after 16:00 leaves time for at least one attraction"

    def sights_arriving_early(self, day: int, count: int) -> str:
        return f"day {day}: arriving before 12:00 leaves time for at least one attraction"

    def sights_stay_day(self, day: int, hours: float, count: int) -> str:
        return f"day {day}: a full day needs 2 attractions or 4 h of sightseeing (has {count}, {hours:.1f} h)"

    def sights_problems(self, problems: list[str]) -> str:
        return "; ".join(problems)

    def overlap(self, day: int, first: Any, second: Any) -> str:
        return f"day {day}: {first} and {second} overlap"

    def overlaps(self, items: list[str]) -> str:
        return f"overlapping activities: {items}"

    def transfer_skipped(self, day: int, prev: str, curr: str, reason: str) -> str:
        why = {"coordinates": " (no coordinates)", "matrix": " (no distance-matrix row)"}.get(reason, "")
        return f"day {day}: {prev}->{curr}{why}"

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
        low, high = window
        return (
            f"day {day}: {prev} -> {curr} takes {road:.0f} min by road but the "
            f"plan leaves {net:.0f} min outside buffers (allowed {low:.0f}-{high:.0f})"
        )

    def transfer_problems(self, problems: list[str], skipped: list[str]) -> str:
        note = self.transfer_note(skipped)
        return "; ".join(problems) + (f"; {note}" if note else "")

    def transfer_note(self, skipped: list[str]) -> str:
        return f"pairs skipped: {skipped}" if skipped else ""

    def outside_hours(self, name: Any, slot: Any, opening: str, closing: str) -> str:
        return f"{name} ({slot} vs {opening}-{closing})"

    def attractions_outside_hours(self, items: list[str]) -> str:
        return f"attractions visited outside opening hours: {items}"

    def attraction_hours_unreadable(self, names: list[Any]) -> str:
        return f"unreadable slot or opening hours: {names}"

    def meal_slot_missing(self, names: list[Any]) -> str:
        return f"meals without a readable time slot: {names}"

    def meals_outside_hours(self, items: list[str]) -> str:
        return f"meals outside service hours: {items}"

    def bad_weekday(self, value: Any) -> str:
        return f"depart_weekday {value!r} is not a number"

    def closed_visit(self, name: Any, day: int, weekday: str, closing: Any) -> str:
        return f"{name} on day {day} ({weekday}; closed {closing})"

    def closed_visits(self, items: list[str]) -> str:
        return f"attractions visited on a closing day: {'; '.join(items)}"

    def visit_unreadable(self, name: Any) -> str:
        return f"{name}: unreadable slot or visit bounds"

    def visit_outside(self, name: Any, hours: float, low: float, high: float) -> str:
        return f"{name}: {hours:g} h is outside the recommended {low:g}-{high:g} h"

    def visits(self, items: list[str]) -> str:
        return f"unreasonable visit lengths: {items}"

    def meal_slot_invalid(self, name: Any) -> str:
        return f"{name}: unreadable time slot"

    def meal_length(self, name: Any, minutes: int, low: int, high: int) -> str:
        return f"{name}: {minutes} min (allowed {low}-{high})"

    def meal_lengths(self, items: list[str]) -> str:
        return f"unreasonable meal lengths: {items}"

    def no_budget_summary(self) -> str:
        return "the plan has no budget_summary"

    def no_total(self) -> str:
        return "budget_summary has no total_estimated_budget"

    def bad_total(self, value: Any) -> str:
        return f"total_estimated_budget {value!r} is not a number"

    def zero_total(self, computed: float) -> str:
        return f"the stated total is 0 but the activities cost {computed:.2f}"

    def total_off(self, stated: float, cost: CostBreakdown, error: float, tolerance: float) -> str:
        return (
            f"stated total {stated:.2f} is {error:.1%} away from the computed total "
            f"({cost.describe()}); at most {tolerance:.0%} is allowed"
        )

    def duplicate(self, kind: str, name: Any) -> str:
        return f"{kind} {name!r} appears more than once"

    def evaluation_error(self, key: str, exc: BaseException) -> str:
        return f"could not evaluate {key}: {type(exc).__name__}: {exc}"

    def service_missing(self, direction: str, label: str, wanted: Any, numbers: set[Any]) -> str:
        return f"the {direction} {label} must be {wanted} (plan has {sorted(map(str, numbers)) or 'none'})"

    def hotel_unnamed(self, key: str) -> str:
        return f"{key} names no hotel_name"

    def hotel_missing(self, key: str, data: Mapping[str, Any], wanted: Any) -> str:
        return f"the plan must stay at {wanted!r} ({key})"

    def restaurant_unnamed(self, key: str) -> str:
        return f"{key} names no restaurant_name"

    def restaurant_missing(self, key: str, data: Mapping[str, Any], wanted: Any) -> str:
        anchor = data.get("attraction_name")
        near = f" (near {anchor})" if anchor else ""
        return f"the plan must include a meal at {wanted!r}{near} ({key})"

    def attractions_unnamed(self, key: str) -> str:
        return f"{key} lists no attraction_names"

    def attractions_missing(self, key: str, data: Mapping[str, Any], missing: list[Any]) -> str:
        return f"the plan must visit {', '.join(map(str, missing))} ({key})"

    def budget_no_cap(self) -> str:
        return "budget_constraint has no max_budget"

    def budget_bad_cap(self, value: Any) -> str:
        return f"max_budget {value!r} is not a number"

    def budget_no_days(self) -> str:
        return "the plan has no daily_plans"

    def budget_over(self, cost: CostBreakdown, cap: float) -> str:
        return (
            f"the trip costs {cost.total:.2f}, {cost.total - cap:.2f} over the budget of "
            f"{cap:.2f} ({cost.describe()})"
        )
