"""The personalized score (spec §9): hard constraints checked by presence of the named answer.

Dispatch is on the key prefix of each ``meta_info.hard_constraints`` entry (insertion order).
Each per-prefix function has the signature ``(key, data, plan, meta, *, helpful_messages=False)
-> CheckResult`` (messages: the official wording by default, see :mod:`.wording`) and never
raises: an exception while evaluating (e.g. a string ``accommodation``) is a failure, as
officially. A key with an unknown prefix is "not evaluable" (``None``) and ignored; a task whose
constraints are all unevaluable scores 0.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from pivot_opt.envs.travel.data.records import CheckResult, Location
from pivot_opt.envs.travel.evaluation.common import evaluator_cost
from pivot_opt.envs.travel.evaluation.wording import check_wording

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


class HardCheck(Protocol):
    """A personalized check: ``(key, data, plan, meta, *, helpful_messages=False) -> CheckResult``."""

    def __call__(
        self, key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any], /, *, helpful_messages: bool = ...
    ) -> CheckResult: ...


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
    def wrapped(
        key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any], *, helpful_messages: bool = False
    ) -> CheckResult:
        try:
            return fn(key, data, plan, meta, helpful_messages=helpful_messages)
        except Exception as exc:
            return CheckResult(False, check_wording(helpful_messages).evaluation_error(key, exc))

    wrapped.__name__, wrapped.__doc__ = fn.__name__, fn.__doc__
    return wrapped


def _transport(
    key: str, data: Mapping[str, Any], plan: Plan, modes: frozenset[str], label: str, helpful_messages: bool
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
            message = check_wording(helpful_messages).service_missing(direction, label, data[field], numbers)
            return CheckResult(False, message, where, [day])
    return CheckResult(True)


@_safe
def check_flight_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any], *, helpful_messages: bool = False
) -> CheckResult:
    """Every given ``outbound_flight_no`` / ``inbound_flight_no`` is the number of an intercity
    activity whose mode is a flight (any day, any direction). None given -> passes."""
    return _transport(key, data, plan, FLIGHT_MODES, "flight", helpful_messages)


@_safe
def check_train_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any], *, helpful_messages: bool = False
) -> CheckResult:
    """As :func:`check_flight_constraint` with ``*_train_no`` and train modes."""
    return _transport(key, data, plan, TRAIN_MODES, "train", helpful_messages)


@_safe
def check_hotel_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any], *, helpful_messages: bool = False
) -> CheckResult:
    """``hotel_name`` is the name of some day's accommodation (hotel lines are not looked at)."""
    names: list[tuple[int, Any]] = []
    if "daily_plans" in plan:
        for d, day in enumerate(plan["daily_plans"]):
            accom = day.get("accommodation")
            if accom:
                names.append((d, accom.get("name", "")))
    say = check_wording(helpful_messages)
    wanted = data.get("hotel_name")
    if not wanted:
        return CheckResult(False, say.hotel_unnamed(key))
    if wanted in {n for _d, n in names}:
        return CheckResult(True)
    n_days = len(plan.get("daily_plans") or [])
    return CheckResult(False, say.hotel_missing(key, data, wanted), days=list(range(max(0, n_days - 1))))


@_safe
def check_restaurant_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any], *, helpful_messages: bool = False
) -> CheckResult:
    """``restaurant_name`` is the name of some meal activity."""
    say = check_wording(helpful_messages)
    names = _named(plan, "meal")
    wanted = data.get("restaurant_name")
    if not wanted:
        return CheckResult(False, say.restaurant_unnamed(key))
    if wanted in names:
        return CheckResult(True)
    return CheckResult(False, say.restaurant_missing(key, data, wanted))


@_safe
def check_attraction_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any], *, helpful_messages: bool = False
) -> CheckResult:
    """Every name of ``attraction_names`` is the name of some attraction activity."""
    say = check_wording(helpful_messages)
    names = _named(plan, "attraction")
    wanted = data.get("attraction_names", [])
    if not wanted:
        return CheckResult(False, say.attractions_unnamed(key))
    missing = [n for n in wanted if n not in names]
    if missing:
        return CheckResult(False, say.attractions_missing(key, data, missing))
    return CheckResult(True)


@_safe
def check_budget_constraint(
    key: str, data: Mapping[str, Any], plan: Plan, meta: Mapping[str, Any], *, helpful_messages: bool = False
) -> CheckResult:
    """The evaluator's own total (not the stated one) is at most ``max_budget``."""
    say = check_wording(helpful_messages)
    cap = data.get("max_budget")
    if cap is None:
        return CheckResult(False, say.budget_no_cap())
    try:
        cap = float(cap)
    except (ValueError, TypeError):
        return CheckResult(False, say.budget_bad_cap(cap))
    days = plan.get("daily_plans", [])
    if not days:
        return CheckResult(False, say.budget_no_days())
    cost = evaluator_cost(days, meta)
    if cost.total <= cap:
        return CheckResult(True)
    return CheckResult(False, say.budget_over(cost, cap))


#: Key prefix -> check (``budget_constraint`` is matched on the whole key).
PERSONALIZED_CHECKS: dict[str, HardCheck] = {
    "flight_": check_flight_constraint,
    "train_": check_train_constraint,
    "hotel_": check_hotel_constraint,
    "restaurant_": check_restaurant_constraint,
    "attraction_": check_attraction_constraint,
    "budget_constraint": check_budget_constraint,
}


def check_hard_constraint(
    key: str, data: Any, plan: Plan, meta: Mapping[str, Any], *, helpful_messages: bool = False
) -> CheckResult | None:
    """Evaluate one constraint entry; ``None`` when its key is not one the checker knows.

    ``helpful_messages=True`` words the message with this project's phrasing (not the benchmark's).
    """
    for prefix, fn in PERSONALIZED_CHECKS.items():
        if (key == prefix) if prefix == "budget_constraint" else key.startswith(prefix):
            return fn(key, data, plan, meta, helpful_messages=helpful_messages)
    return None


def run_personalized(
    plan: Plan, meta: Mapping[str, Any], *, helpful_messages: bool = False
) -> dict[str, CheckResult | None]:
    """Every entry of ``meta.hard_constraints`` in order (unknown keys map to ``None``)."""
    if "hard_constraints" not in meta:
        return {}
    return {
        key: check_hard_constraint(key, data, plan, meta, helpful_messages=helpful_messages)
        for key, data in meta["hard_constraints"].items()
    }


def personalized_score(results: Mapping[str, CheckResult | None]) -> dict[str, Any]:
    """``{"score", "constraints"}``: 1 iff at least one constraint was evaluated and all passed."""
    evaluated = {k: r for k, r in results.items() if r is not None}
    score = 1.0 if evaluated and all(r.passed for r in evaluated.values()) else 0.0
    return {
        "score": score,
        "constraints": {k: {"passed": r.passed, "message": r.message or None} for k, r in evaluated.items()},
    }
