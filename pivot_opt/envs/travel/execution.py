"""INSPECT for travel plans: run the evaluator's own checks and pin each fault on a step.

``execute`` schedules the steps into the converted plan, runs every commonsense check of
:data:`COMMONSENSE_CHECKS` on it (the very functions the benchmark scores with) and maps each
failing check's ``(day, activity)`` locations back to the steps that produced them. A step
is ``error`` when it cannot happen as written (the scheduler's own findings, or a failing
sandbox, business-hours or timing check) and ``violation`` when it breaks another rule.
The commonsense constraints and the official (hidden) personalized constraints read the
results cached in the trace, so a plan is checked once per INSPECT.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pivot_opt.environment import Constraint, ConstraintCheck, ExecutionTrace, StepResult, StepStatus
from pivot_opt.envs.travel.data.context import TravelContext
from pivot_opt.envs.travel.data.records import CheckResult
from pivot_opt.envs.travel.evaluation.common import daily_plans_of, evaluator_cost
from pivot_opt.envs.travel.evaluation.commonsense import COMMONSENSE_CHECKS
from pivot_opt.envs.travel.evaluation.personalized import check_hard_constraint
from pivot_opt.envs.travel.evaluation.route import MISSING_DAILY_PLANS
from pivot_opt.envs.travel.plans.schedule import Built, build_plan
from pivot_opt.step import Step

__all__ = [
    "CHECK_DESCRIPTIONS",
    "ERROR_CHECKS",
    "blame_of",
    "commonsense_constraints",
    "execute_steps",
    "official_constraints",
    "run_checks",
]

#: Checks whose failure means a step cannot happen as written (unknown entity or price,
#: closed, impossible timing); the others are rule violations.
ERROR_CHECKS = frozenset({
    "validated_accommodation", "validated_attractions", "validated_meals", "validated_transportation",
    "no_time_overlaps", "reasonable_transfer_time", "attraction_visit_within_opening_hours",
    "dining_within_service_hours", "avoidance_of_closure_days",
})

CHECK_DESCRIPTIONS: dict[str, str] = {
    "valid_trip_duration": "the plan has one block per trip day",
    "closed_loop_route_structure": "the trip starts from and returns to the origin city",
    "seamless_intercity_transfers": "every city change is a train or flight between those cities",
    "validated_accommodation": "hotels exist in the database at their listed price",
    "validated_attractions": "attractions exist in the database at their ticket price",
    "validated_meals": "restaurants exist in the database at their price per person",
    "validated_transportation": "trains and flights exist in the database at their price",
    "traceable_accommodation": "every night but the last has a hotel",
    "ends_with_accommodation": "every day but the last ends at the hotel",
    "essential_meal_coverage": "lunch and dinner on full days, as many meals as travel times allow",
    "essential_attraction_coverage": "enough sightseeing every day",
    "no_time_overlaps": "activities of a day do not overlap",
    "reasonable_transfer_time": "time between places matches the road time",
    "attraction_visit_within_opening_hours": "attractions are visited while open",
    "dining_within_service_hours": "meals are inside the restaurant's hours",
    "avoidance_of_closure_days": "no attraction on its closing weekday",
    "reasonable_duration_at_attractions": "visit lengths within the recommended range",
    "reasonable_meal_duration": "meals last 30-150 minutes",
    "cost_calculation_correctness": "the budget summary matches the itemised costs",
    "diverse_meal_options": "no restaurant twice",
    "diverse_attraction_options": "no attraction twice",
}
_MAX_REASON = 240


def run_checks(plan: dict[str, Any], ctx: TravelContext, *, helpful_messages: bool = False) -> dict[str, CheckResult]:
    """Every commonsense check in registry order, as the official flow runs them.

    Messages carry the official wording unless ``helpful_messages=True`` (this project's phrasing).

    A check that raises on a malformed plan counts as failed with the error as its message
    (officially the whole task would fail; here the optimizer still gets per-check feedback).
    """
    empty = not daily_plans_of(plan) if isinstance(plan, dict) else True
    results: dict[str, CheckResult] = {}
    for checks in COMMONSENSE_CHECKS.values():
        for name, fn in checks:
            if empty:
                if name != "avoidance_of_closure_days":
                    results[name] = CheckResult(False, MISSING_DAILY_PLANS)
                continue
            try:
                results[name] = fn(plan, ctx.meta, ctx.db, helpful_messages=helpful_messages)
            except Exception as exc:  # a malformed literal step; report, do not crash INSPECT
                results[name] = CheckResult(False, f"could not check ({type(exc).__name__}: {exc})")
    return results


def blame_of(result: CheckResult, built: Built) -> list[int]:
    """Steps behind a check's failing activities (days without a location blame no step)."""
    return sorted({built.origin[loc] for loc in result.locations if loc in built.origin})


def _short(text: str) -> str:
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 3] + "..."


def execute_steps(steps: Sequence[Step], ctx: TravelContext, *, helpful_messages: bool = False) -> ExecutionTrace:
    """Schedule, check and mark every step (see module docstring; ``helpful_messages`` as in :func:`run_checks`)."""
    built = build_plan(steps, ctx)
    checks = run_checks(built.plan, ctx, helpful_messages=helpful_messages)
    messages: dict[int, list[str]] = {i: list(m) for i, m in built.errors.items()}
    errors = set(built.errors)
    violations: set[int] = set()
    for name, result in checks.items():
        if result.passed:
            continue
        for i in blame_of(result, built):
            messages.setdefault(i, []).append(f"{name}: {_short(result.message)}")
            (errors if name in ERROR_CHECKS else violations).add(i)
    results = []
    for i in range(len(steps)):
        status = StepStatus.ERROR if i in errors else StepStatus.VIOLATION if i in violations else StepStatus.OK
        state = dict(built.states[i]) if i < len(built.states) else {}
        results.append(StepResult(i, status, "; ".join(built.lines[i]), "; ".join(messages.get(i, [])), state))
    spend = _spend(built.plan, ctx)
    budget = (ctx.meta.get("hard_constraints") or {}).get("budget_constraint") or {}
    _running_spend(results, built, ctx)
    final = {"spend": spend, "budget": budget.get("max_budget"), "days": len(daily_plans_of(built.plan)),
             "trip_days": ctx.days}
    return ExecutionTrace(results, final, info={"plan": built.plan, "built": built, "checks": checks})


def _spend(plan: Any, ctx: TravelContext) -> float:
    try:
        return float(evaluator_cost(daily_plans_of(plan), ctx.meta).total)
    except (AttributeError, TypeError):
        return 0.0


def _running_spend(results: list[StepResult], built: Built, ctx: TravelContext) -> None:
    """Cumulative evaluator cost after each step (only its own activities' costs, in step order).

    One pass over the plan's activities: each day's first intercity activity and each day's
    activities by origin step are found once (not once per activity), so the cost is linear.
    """
    daily = daily_plans_of(built.plan) if isinstance(built.plan, dict) else []
    cost_of = [0.0] * len(results)
    first_intercity: dict[int, int | None] = {}
    by_day: dict[int, list[tuple[int, int]]] = {}
    for (d, a), i in built.origin.items():
        if i < len(cost_of):
            by_day.setdefault(d, []).append((a, i))
        if d >= len(daily) or not isinstance(daily[d], dict) or i >= len(cost_of):
            continue
        acts = daily[d].get("activities") or []
        act = acts[a] if a < len(acts) else None
        if not isinstance(act, dict) or not isinstance(act.get("details"), dict):
            continue
        kind = act.get("type")
        if d not in first_intercity:
            first_intercity[d] = next((k for k, x in enumerate(acts) if isinstance(x, dict)
                                       and x.get("type") == "travel_intercity_public"), None)
        factors = {"meal": ctx.people, "attraction": ctx.people, "travel_city": ctx.cars,
                   "travel_intercity_public": ctx.people if first_intercity[d] == a else 0}
        factor = factors.get(kind, 0) if isinstance(kind, str) else 0
        try:
            cost_of[i] += max(0.0, float(act["details"].get("cost") or 0)) * factor
        except (TypeError, ValueError):
            pass
    for d, day in enumerate(daily[:-1]):
        if not isinstance(day, dict) or not isinstance(day.get("activities"), list):
            continue
        stay = by_day.get(d, [])
        accommodation = day.get("accommodation")
        hotel_steps = [i for a, i in sorted(stay) if isinstance(day.get("activities")[a], dict)
                       and day["activities"][a].get("type") == "hotel"]
        if isinstance(accommodation, dict) and hotel_steps:
            try:
                price = float(accommodation.get("price") or accommodation.get("price_per_night")
                              or accommodation.get("cost") or 0)
            except (TypeError, ValueError):
                price = 0.0
            cost_of[hotel_steps[-1]] += price * ctx.rooms
    running = 0.0
    for i, r in enumerate(results):
        running += cost_of[i]
        r.state["spend"] = running


def _trace_checks(trace: ExecutionTrace) -> tuple[dict[str, CheckResult], Built]:
    if "checks" not in trace.info:
        raise ValueError("this trace was not produced by TravelEnv.execute; execute the plan first")
    return trace.info["checks"], trace.info["built"]


Hinter = Callable[[str, Built, CheckResult], str]


def commonsense_constraints(hinter: Hinter | None = None) -> list[Constraint]:
    """One visible hard constraint per commonsense sub-check (reason: the evaluator's message + a hint)."""
    out = []
    for dim, checks in COMMONSENSE_CHECKS.items():
        for name, _fn in checks:
            def check(trace: ExecutionTrace, steps: Sequence[Step], name: str = name) -> ConstraintCheck:
                results, built = _trace_checks(trace)
                result = results.get(name)
                if result is None or result.passed:
                    return ConstraintCheck(True, result.message if result else "not applicable")
                hint = hinter(name, built, result) if hinter is not None else ""
                reason = _short(result.message) + (f" {hint}" if hint else "")
                return ConstraintCheck(False, reason, blame_of(result, built))

            out.append(Constraint(name, f"{dim}: {CHECK_DESCRIPTIONS.get(name, name)}", check))
    return out


def official_constraints(gold: Mapping[str, Any], *, helpful_messages: bool = False) -> list[Constraint]:
    """Each personalized hard constraint exactly as the benchmark checks it (hidden ground truth).

    ``gold`` is the task's ``meta_info``: the only place where an environment reads it.
    """
    out = []
    for key, data in (gold.get("hard_constraints") or {}).items():
        def check(trace: ExecutionTrace, steps: Sequence[Step], key: str = key, data: Any = data) -> ConstraintCheck:
            _results, built = _trace_checks(trace)
            result = check_hard_constraint(key, data, trace.info["plan"], gold, helpful_messages=helpful_messages)
            if result is None:
                return ConstraintCheck(True, f"{key} is not a constraint type the benchmark evaluates")
            if result.passed:
                return ConstraintCheck(True)
            return ConstraintCheck(False, _short(result.message), blame_of(result, built))

        context = str((data or {}).get("constraint_context") or key) if isinstance(data, dict) else key
        out.append(Constraint(f"official/{key}", f"as the benchmark checks it: {context}", check, hidden=True))
    return out
