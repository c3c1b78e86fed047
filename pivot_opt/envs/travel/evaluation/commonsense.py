"""The commonsense score (spec §8): 8 equally weighted dimensions, 20 checks, one-vote veto.

``COMMONSENSE_CHECKS`` is the ordered registry (dimension -> [(check name, function)]); every
function has the signature ``(plan, meta, db, *, helpful_messages=False) -> CheckResult``
(messages: the official wording by default, see :mod:`.wording`). Loss terms reuse these exact
functions, so that what an optimizer minimises is what the benchmark measures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from pivot_opt.envs.travel.data.database import TravelDatabase
from pivot_opt.envs.travel.data.records import CheckResult, Location
from pivot_opt.envs.travel.evaluation.common import daily_plans_of, evaluator_cost, iter_typed
from pivot_opt.envs.travel.evaluation.itinerary import (
    check_ends_with_accommodation,
    check_essential_attraction_coverage,
    check_essential_meal_coverage,
    check_traceable_accommodation,
)
from pivot_opt.envs.travel.evaluation.route import (
    MISSING_DAILY_PLANS,
    check_closed_loop_route_structure,
    check_seamless_intercity_transfers,
    check_valid_trip_duration,
    check_validated_accommodation,
    check_validated_attractions,
    check_validated_meals,
    check_validated_transportation,
)
from pivot_opt.envs.travel.evaluation.timing import (
    check_attraction_visit_within_opening_hours,
    check_avoidance_of_closure_days,
    check_dining_within_service_hours,
    check_no_time_overlaps,
    check_reasonable_duration_at_attractions,
    check_reasonable_meal_duration,
    check_reasonable_transfer_time,
)
from pivot_opt.envs.travel.evaluation.wording import check_wording

__all__ = [
    "COMMONSENSE_CHECKS",
    "COST_TOLERANCE",
    "DIMENSION_WEIGHT",
    "CheckFn",
    "check_cost_calculation_correctness",
    "check_diverse_attraction_options",
    "check_diverse_meal_options",
    "commonsense_check",
    "positions_of",
    "run_commonsense",
    "score_dimensions",
]



class CheckFn(Protocol):
    """A commonsense check: ``(plan, meta, db, *, helpful_messages=False) -> CheckResult``."""

    def __call__(
        self,
        plan: Mapping[str, Any],
        meta: Mapping[str, Any],
        db: TravelDatabase | None = ...,
        /,
        *,
        helpful_messages: bool = ...,
    ) -> CheckResult: ...


#: Every dimension weighs 1/8.
DIMENSION_WEIGHT = 0.125
#: Relative tolerance between the stated total and the evaluator's own total.
COST_TOLERANCE = 0.10


def check_cost_calculation_correctness(
    plan: Mapping[str, Any],
    meta: Mapping[str, Any],
    db: TravelDatabase | None = None,
    *,
    helpful_messages: bool = False,
) -> CheckResult:
    """The stated ``total_estimated_budget`` is within 10% of the evaluator's own total.

    Quirk kept: the relative error is divided by the *signed* stated total, so a negative
    stated total always passes; a stated 0 passes only if the computed total is 0.
    """
    days = daily_plans_of(plan)
    if not days:
        return CheckResult(False, MISSING_DAILY_PLANS)
    say = check_wording(helpful_messages)
    summary = plan.get("budget_summary", {})
    if not summary:
        return CheckResult(False, say.no_budget_summary())
    stated = summary.get("total_estimated_budget")
    if stated is None:
        return CheckResult(False, say.no_total())
    try:
        stated = float(stated)
    except (TypeError, ValueError):
        return CheckResult(False, say.bad_total(stated))
    cost = evaluator_cost(days, meta)
    if stated == 0:
        if cost.total == 0:
            return CheckResult(True)
        return CheckResult(False, say.zero_total(cost.total))
    error = abs(cost.total - stated) / stated
    if error <= COST_TOLERANCE:
        return CheckResult(True)
    return CheckResult(False, say.total_off(stated, cost, error, COST_TOLERANCE))


def _diverse(plan: Mapping[str, Any], kind: str, label: str, helpful_messages: bool) -> CheckResult:
    days = daily_plans_of(plan)
    if not days:
        return CheckResult(False, MISSING_DAILY_PLANS)
    seen: dict[Any, Location] = {}
    for d, day in enumerate(days):
        for a, act in enumerate(day.get("activities", []) or []):
            if act.get("type") != kind:
                continue
            name = (act.get("details") or {}).get("name")
            if name and name in seen:
                message = check_wording(helpful_messages).duplicate(label, name)
                return CheckResult(False, message, [seen[name], (d, a)])
            if name:
                seen[name] = (d, a)
    return CheckResult(True)


def check_diverse_meal_options(
    plan: Mapping[str, Any],
    meta: Mapping[str, Any],
    db: TravelDatabase | None = None,
    *,
    helpful_messages: bool = False,
) -> CheckResult:
    """No restaurant is used twice in the whole plan (exact name; empty names ignored)."""
    return _diverse(plan, "meal", "restaurant", helpful_messages)


def check_diverse_attraction_options(
    plan: Mapping[str, Any],
    meta: Mapping[str, Any],
    db: TravelDatabase | None = None,
    *,
    helpful_messages: bool = False,
) -> CheckResult:
    """No attraction is visited twice in the whole plan (exact name; empty names ignored)."""
    return _diverse(plan, "attraction", "attraction", helpful_messages)


COMMONSENSE_CHECKS: dict[str, list[tuple[str, CheckFn]]] = {
    "Route Consistency": [
        ("valid_trip_duration", check_valid_trip_duration),
        ("closed_loop_route_structure", check_closed_loop_route_structure),
        ("seamless_intercity_transfers", check_seamless_intercity_transfers),
    ],
    "Sandbox Compliance": [
        ("validated_accommodation", check_validated_accommodation),
        ("validated_attractions", check_validated_attractions),
        ("validated_meals", check_validated_meals),
        ("validated_transportation", check_validated_transportation),
    ],
    "Itinerary Structure": [
        ("traceable_accommodation", check_traceable_accommodation),
        ("ends_with_accommodation", check_ends_with_accommodation),
        ("essential_meal_coverage", check_essential_meal_coverage),
        ("essential_attraction_coverage", check_essential_attraction_coverage),
    ],
    "Time Feasibility": [
        ("no_time_overlaps", check_no_time_overlaps),
        ("reasonable_transfer_time", check_reasonable_transfer_time),
    ],
    "Business Hours": [
        ("attraction_visit_within_opening_hours", check_attraction_visit_within_opening_hours),
        ("dining_within_service_hours", check_dining_within_service_hours),
        ("avoidance_of_closure_days", check_avoidance_of_closure_days),
    ],
    "Duration Rationality": [
        ("reasonable_duration_at_attractions", check_reasonable_duration_at_attractions),
        ("reasonable_meal_duration", check_reasonable_meal_duration),
    ],
    "Cost Calculation Accuracy": [
        ("cost_calculation_correctness", check_cost_calculation_correctness),
    ],
    "Activity Diversity": [
        ("diverse_meal_options", check_diverse_meal_options),
        ("diverse_attraction_options", check_diverse_attraction_options),
    ],
}

_BY_NAME: dict[str, CheckFn] = {name: fn for checks in COMMONSENSE_CHECKS.values() for name, fn in checks}


def commonsense_check(name: str) -> CheckFn:
    """The check function registered under ``name`` (e.g. ``"no_time_overlaps"``)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown commonsense check {name!r}; known: {sorted(_BY_NAME)}") from None


def run_commonsense(
    plan: Mapping[str, Any], meta: Mapping[str, Any], db: TravelDatabase | None, *, helpful_messages: bool = False
) -> dict[str, CheckResult]:
    """Run every check in registry order, as the official flow does.

    With no ``daily_plans`` every check fails with "Missing daily_plans", except
    ``avoidance_of_closure_days``, which the official flow then leaves out (its dimension has
    two checks that round). Exceptions from malformed plans propagate to the caller.
    ``helpful_messages=True`` words the messages with this project's phrasing (not the benchmark's).
    """
    empty = not daily_plans_of(plan)
    results: dict[str, CheckResult] = {}
    for checks in COMMONSENSE_CHECKS.values():
        for name, fn in checks:
            if empty and name == "avoidance_of_closure_days":
                continue
            results[name] = (
                CheckResult(False, MISSING_DAILY_PLANS)
                if empty
                else fn(plan, meta, db, helpful_messages=helpful_messages)
            )
    return results


def score_dimensions(results: Mapping[str, CheckResult]) -> tuple[float, dict[str, float], dict[str, Any]]:
    """(weighted score, dimension scores, dimension details) with the one-vote veto per dimension.

    A check absent from ``results`` is simply not counted (as in the official scoring);
    a dimension with no counted check scores 0.
    """
    total = 0.0
    scores: dict[str, float] = {}
    details: dict[str, Any] = {}
    for dim, checks in COMMONSENSE_CHECKS.items():
        rows = []
        for name, _fn in checks:
            if name in results:
                res = results[name]
                rows.append({"name": name, "passed": res.passed, "message": res.message or None})
        passed = sum(1 for r in rows if r["passed"])
        score = 1.0 if rows and passed == len(rows) else 0.0
        scores[dim] = score
        details[dim] = {
            "passed": passed,
            "total": len(rows),
            "weight": DIMENSION_WEIGHT,
            "score": score,
            "weighted_score": score * DIMENSION_WEIGHT,
            "checks": rows,
        }
        total += score * DIMENSION_WEIGHT
    return total, scores, details


# Convenience for loss terms: the activities a plan has of one type, with their positions.
def positions_of(plan: Mapping[str, Any], kind: str) -> list[Location]:
    """(day, activity) positions of every activity of ``kind``."""
    return [(d, a) for d, a, _act, _det, _name in iter_typed(daily_plans_of(plan), kind)]
