"""The personalized score (spec §9): hard constraints checked by presence of the named answer.

Dispatch is on the key prefix of each ``meta_info.hard_constraints`` entry (insertion order).
Each per-prefix function has the signature ``(key, data, plan, meta) -> CheckResult`` and
never raises: an exception while evaluating (e.g. a string ``accommodation``) is a failure,
as officially. A key with an unknown prefix is "not evaluable" (``None``) and ignored; a task
whose constraints are all unevaluable scores 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pivot_opt.envs.travel.data.records import CheckResult, Location
from pivot_opt.envs.travel.evaluation.common import evaluator_cost

__all__ = [
    "FLIGHT_MODES",
    "HARD_CONSTRAINT_KEYS",
    "PERSONALIZED_CHECKS",
    "TRAIN_MODES",
    "check_attraction_constraint",
    "check_budget_constraint",
    "check_flight_constraint",
    "check_hard_constraint",
    "check_hotel_constraint",
    "check_restaurant_constraint",
    "check_train_constraint",
    "personalized_score",
    "run_personalized",
]

#: Every constraint key of the English release (37 typed keys + ``budget_constraint``).
HARD_CONSTRAINT_KEYS: tuple[str, ...] = (
    "attraction_all_free_attractions",
    "attraction_all_of_type",
    "attraction_must_visit_named",
    "attraction_top_rated_must_visit",
    "attraction_type_highest_rated",
    "budget_constraint",
    "flight_arrival_time_range",
    "flight_cheapest_airline_direct",
    "flight_cheapest_direct",
    "flight_cheapest_manufacturer_direct",
    "flight_departure_time_range",
    "flight_earliest_airline_direct",
    "flight_earliest_departure_direct",
    "flight_seat_class",
    "flight_seat_status",
    "flight_shortest_duration_direct",
    "hotel_brand_highest_rated",
    "hotel_cheapest_brand",
    "hotel_cheapest_star",
    "hotel_highest_rated",
    "hotel_newest_decoration",
    "hotel_price_range",
    "hotel_star_highest_rated",
    "hotel_star_service_required",
    "restaurant_cheapest_nearby_attraction",
    "restaurant_closest_to_attraction",
    "restaurant_highest_rated",
    "restaurant_must_eat_named",
    "restaurant_specific_cuisine_nearby",
    "restaurant_specific_tag_nearby",
    "train_cheapest_direct",
    "train_cheapest_train_type",
    "train_departure_time_range",
    "train_earliest_departure_direct",
    "train_latest_arrival_direct",
    "train_seat_class",
    "train_seat_status",
    "train_shortest_duration_direct",
)
FLIGHT_MODES = frozenset({"flight", "飞机", "airplane", "plane"})
TRAIN_MODES = frozenset({"train", "火车", "railway", "高铁", "gaotie"})

Plan = Mapping[str, Any]
HardCheck = Callable[[str, Mapping[str, Any], Plan, Mapping[str, Any]], CheckResult]


def _activities(plan: Plan) -> Iterator[tuple[int, int, Mapping[str, Any]]]:
    """Activities the way the hard-constraint checker walks them (raises on malformed plans)."""
    if "daily_plans" not in plan:
        return
    for d, day in enumerate(plan["daily_plans"]):
        if "activities" not in day:
            continue
        for a, act in enumerate(day["activities"]):
            yield d, a, act


def _named(plan: Plan, kind: str) -> set[Any]:
    return {
        act.get("details", {}).get("name", "") for _d, _a, act in _activities(plan) if act.get("type") == kind
    }


def _safe(fn: HardCheck) -> HardCheck:
    def wrapped(key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any]) -> CheckResult:
        try:
            return fn(key, data, plan, meta)
        except Exception as exc:
            return CheckResult(False, f"could not evaluate {key}: {type(exc).__name__}: {exc}")

    wrapped.__name__, wrapped.__doc__ = fn.__name__, fn.__doc__
    return wrapped


def _transport(
    key: str, data: Mapping[str, Any], plan: Plan, modes: frozenset[str], label: str
) -> CheckResult:
    legs: list[tuple[int, int, Any]] = []
    for d, a, act in _activities(plan):
        if act.get("type") == "travel_intercity_public":
            details = act.get("details", {})
            if details.get("mode", "").lower() in modes:
                legs.append((d, a, details.get("number", "")))
    numbers = {number for _d, _a, number in legs}
    for direction in ("outbound", "inbound"):
        field = f"{direction}_{label}_no"
        if field in data and data[field] not in numbers:
            day = 0 if direction == "outbound" else max(0, len(plan.get("daily_plans") or []) - 1)
            where: list[Location] = [(d, a) for d, a, _n in legs if d == day]
            return CheckResult(
                False,
                f"the {direction} {label} must be {data[field]} (plan has "
                f"{sorted(map(str, numbers)) or 'none'})",
                where,
                [day],
            )
    return CheckResult(True)


@_safe
def check_flight_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any]
) -> CheckResult:
    """Every given ``outbound_flight_no`` / ``inbound_flight_no`` is the number of an intercity
    activity whose mode is a flight (any day, any direction). None given -> passes."""
    return _transport(key, data, plan, FLIGHT_MODES, "flight")


@_safe
def check_train_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any]
) -> CheckResult:
    """As :func:`check_flight_constraint` with ``*_train_no`` and train modes."""
    return _transport(key, data, plan, TRAIN_MODES, "train")


@_safe
def check_hotel_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any]
) -> CheckResult:
    """``hotel_name`` is the name of some day's accommodation (hotel lines are not looked at)."""
    names: list[tuple[int, Any]] = []
    if "daily_plans" in plan:
        for d, day in enumerate(plan["daily_plans"]):
            accom = day.get("accommodation")
            if accom:
                names.append((d, accom.get("name", "")))
    wanted = data.get("hotel_name")
    if not wanted:
        return CheckResult(False, f"{key} names no hotel_name")
    if wanted in {n for _d, n in names}:
        return CheckResult(True)
    n_days = len(plan.get("daily_plans") or [])
    return CheckResult(
        False, f"the plan must stay at {wanted!r} ({key})", days=list(range(max(0, n_days - 1)))
    )


@_safe
def check_restaurant_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any]
) -> CheckResult:
    """``restaurant_name`` is the name of some meal activity."""
    names = _named(plan, "meal")
    wanted = data.get("restaurant_name")
    if not wanted:
        return CheckResult(False, f"{key} names no restaurant_name")
    if wanted in names:
        return CheckResult(True)
    anchor = data.get("attraction_name")
    near = f" (near {anchor})" if anchor else ""
    return CheckResult(False, f"the plan must include a meal at {wanted!r}{near} ({key})")


@_safe
def check_attraction_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any]
) -> CheckResult:
    """Every name of ``attraction_names`` is the name of some attraction activity."""
    names = _named(plan, "attraction")
    wanted = data.get("attraction_names", [])
    if not wanted:
        return CheckResult(False, f"{key} lists no attraction_names")
    missing = [n for n in wanted if n not in names]
    if missing:
        return CheckResult(False, f"the plan must visit {', '.join(map(str, missing))} ({key})")
    return CheckResult(True)


@_safe
def check_budget_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any]
) -> CheckResult:
    """The evaluator's own total (not the stated one) is at most ``max_budget``."""
    cap = data.get("max_budget")
    if cap is None:
        return CheckResult(False, "budget_constraint has no max_budget")
    try:
        cap = float(cap)
    except (ValueError, TypeError):
        return CheckResult(False, f"max_budget {cap!r} is not a number")
    days = plan.get("daily_plans", [])
    if not days:
        return CheckResult(False, "the plan has no daily_plans")
    cost = evaluator_cost(days, meta)
    if cost.total <= cap:
        return CheckResult(True)
    return CheckResult(
        False,
        f"the trip costs {cost.total:.2f}, {cost.total - cap:.2f} over the budget of "
        f"{cap:.2f} ({cost.describe()})",
    )


#: Key prefix -> check (``budget_constraint`` is matched on the whole key).
PERSONALIZED_CHECKS: dict[str, HardCheck] = {
    "flight_": check_flight_constraint,
    "train_": check_train_constraint,
    "hotel_": check_hotel_constraint,
    "restaurant_": check_restaurant_constraint,
    "attraction_": check_attraction_constraint,
    "budget_constraint": check_budget_constraint,
}


def check_hard_constraint(key: str, data: Any, plan: Plan, meta: Mapping[str, Any]) -> CheckResult | None:
    """Evaluate one constraint entry; ``None`` when its key is not one the checker knows."""
    for prefix, fn in PERSONALIZED_CHECKS.items():
        if (key == prefix) if prefix == "budget_constraint" else key.startswith(prefix):
            return fn(key, data, plan, meta)
    return None


def run_personalized(plan: Plan, meta: Mapping[str, Any]) -> dict[str, CheckResult | None]:
    """Every entry of ``meta.hard_constraints`` in order (unknown keys map to ``None``)."""
    if "hard_constraints" not in meta:
        return {}
    return {
        key: check_hard_constraint(key, data, plan, meta) for key, data in meta["hard_constraints"].items()
    }


def personalized_score(results: Mapping[str, CheckResult | None]) -> dict[str, Any]:
    """``{"score", "constraints"}``: 1 iff at least one constraint was evaluated and all passed."""
    evaluated = {k: r for k, r in results.items() if r is not None}
    score = 1.0 if evaluated and all(r.passed for r in evaluated.values()) else 0.0
    return {
        "score": score,
        "constraints": {k: {"passed": r.passed, "message": r.message or None} for k, r in evaluated.items()},
    }
