"""Day headers and the budget summary of a scheduled plan, derived from its activities.

Why derived: a planner (or a small model) only chooses activities; the header fields the
evaluator reads (``current_city``, ``accommodation``) and the budget summary then always agree
with them. A ``day`` or ``plan_fields`` bookkeeping step (see :mod:`pivot_opt.envs.travel.plans.steps`)
replaces the derived header or top-level fields verbatim, which keeps conversions from arbitrary plans lossless.
"""

from __future__ import annotations

from typing import Any

from pivot_opt.envs.travel.data.context import TravelContext, as_number
from pivot_opt.envs.travel.data.database import normalize_city
from pivot_opt.envs.travel.evaluation.common import evaluator_cost

__all__ = ["assemble_plan", "derived_budget"]


def _n(value: float) -> int | float:
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


def normal(city: str) -> str:
    return normalize_city(city) or ""


def assemble_plan(days: list[list[Any]], overrides: dict[int, dict[str, Any]], plan_fields: dict[str, Any] | None,
                  ctx: TravelContext) -> Any:
    """The converted plan: one derived (or overridden) header per day, then the budget summary.

    A day with a train or flight reads ``from <city of its first departure station> to <city of
    its last arrival station>``; any other day is spent where the traveller is. Every day but the
    last stays at the hotel of its last hotel line that is not a check-out.
    """
    current = normal(ctx.org)
    daily: list[Any] = []
    for d, acts in enumerate(days, 1):
        inter = [a["details"] for a in acts if isinstance(a, dict) and a.get("type") == "travel_intercity_public"
                 and isinstance(a.get("details"), dict)]
        if inter:
            src = ctx.station_city(str(inter[0].get("from") or "")) or current
            dst = ctx.station_city(str(inter[-1].get("to") or "")) or (
                normal(ctx.dest) if current == normal(ctx.org) else normal(ctx.org))
            day: dict[str, Any] = {"day_number": d, "current_city": f"from {src} to {dst}"}
            current = dst
        else:
            day = {"day_number": d, "current_city": current}
        hotels = [a["details"].get("name") for a in acts if isinstance(a, dict) and a.get("type") == "hotel"
                  and isinstance(a.get("details"), dict) and a["details"].get("name")
                  and str(a["details"].get("activity", "")).lower() != "check-out"]
        if d < len(days) and hotels:
            accommodation: dict[str, Any] = {"name": hotels[-1]}
            price = as_number((ctx.hotel(str(hotels[-1])) or {}).get("price"))
            if price is not None:
                accommodation["price_per_night"] = price
            day["accommodation"] = accommodation
        day["activities"] = acts
        override = overrides.get(d)
        daily.append(day if override is None else _restore_day(override, acts))
    if plan_fields is not None:
        if "raw" in plan_fields:
            return plan_fields["raw"]
        fields = plan_fields.get("fields") or {}
        keys = plan_fields["keys"] if "keys" in plan_fields else [*fields, "daily_plans"]
        return {k: daily if k == "daily_plans" else fields.get(k) for k in keys}
    return {"budget_summary": derived_budget(daily, ctx), "daily_plans": daily}


def _restore_day(override: dict[str, Any], acts: list[Any]) -> Any:
    if "raw" in override:
        return override["raw"]
    header = override.get("header") or {}
    keys = override["keys"] if "keys" in override else [*header, "activities"]
    return {k: acts if k == "activities" else header.get(k) for k in keys}


def derived_budget(daily: list[Any], ctx: TravelContext) -> dict[str, Any]:
    """The budget summary the evaluator would compute itself (intercity vs taxi split as ``other``)."""
    try:
        cost = evaluator_cost(daily, ctx.meta)
    except (AttributeError, TypeError):
        return {"total_estimated_budget": 0, "currency": "CNY"}
    intercity = 0.0
    for day in daily:
        for act in day.get("activities") or []:
            if act.get("type") == "travel_intercity_public":
                try:
                    first = float((act.get("details") or {}).get("cost", 0))
                except (TypeError, ValueError):
                    continue
                intercity += first * ctx.people if first > 0 else 0.0
                break
    return {
        "transportation": _n(intercity), "accommodation": _n(cost.accommodation), "meals": _n(cost.meals),
        "attractions_and_tickets": _n(cost.attractions), "other": _n(cost.transportation - intercity),
        "total_estimated_budget": _n(cost.total), "currency": "CNY",
    }
