"""Repair hints appended to failing commonsense checks: which entity would fix the fault.

Why: a check such as "day 3 has only one meal" points at no step, so EVOLVE asks the model for
a step to insert. Naming a few valid candidates in the reason lets the schema be narrowed to
them (``pivot_opt.schemas.narrow_schema``), so even a small model inserts something useful.
"""

from __future__ import annotations

from typing import Any

from pivot_opt.envs.travel.data.records import CheckResult
from pivot_opt.envs.travel.planning.actions import ActionSpace
from pivot_opt.envs.travel.plans.schedule import Built

__all__ = ["Hinter"]


def _names(plan: Any, kind: str, day: int | None = None) -> list[str]:
    out = []
    days = plan.get("daily_plans") if isinstance(plan, dict) else None
    for d, item in enumerate(days if isinstance(days, list) else []):
        if day is not None and d != day:
            continue
        acts = item.get("activities") if isinstance(item, dict) else None
        for act in acts if isinstance(acts, list) else []:
            if isinstance(act, dict) and act.get("type") == kind and isinstance(act.get("details"), dict):
                out.append(str(act["details"].get("name") or ""))
    return [n for n in out if n]


def _or(names: list[str]) -> str:
    return " or ".join(f"'{n}'" for n in names[:3])


class Hinter:
    """``hinter(check_name, built, result) -> str``: a short suggestion, or "" when none helps."""

    def __init__(self, space: ActionSpace) -> None:
        self.space = space

    def __call__(self, name: str, built: Built, result: CheckResult) -> str:
        plan = built.plan
        days = sorted(set(result.days) | {d for d, _a in result.locations})
        day = days[0] if days else 0
        used = set(_names(plan, "attraction")) | set(_names(plan, "meal"))
        space, ctx = self.space, self.space.ctx
        if name in ("traceable_accommodation", "ends_with_accommodation"):
            hotels = space.hotels(_names(plan, "hotel"))
            return f"Fix: end day {day + 1} with a hotel step, e.g. {_or(hotels[:1])}." if hotels else ""
        if name == "essential_meal_coverage" and not result.locations:
            places = _names(plan, "attraction", day)
            options = space.restaurants(used, places[-1] if places else None)
            return f"Fix: add a meal on day {day + 1}, e.g. at {_or(options)}." if options else ""
        if name == "essential_attraction_coverage":
            options = space.attractions(day + 1, used)
            return f"Fix: add an attraction on day {day + 1}, e.g. {_or(options)}." if options else ""
        if name in ("seamless_intercity_transfers", "closed_loop_route_structure", "valid_trip_duration"):
            out, back = space.services(1), space.services(ctx.days)
            if out and back:
                return (f"Fix: the trip needs a travel_intercity_public step on day 1 (e.g. {_or(out[:2])}) and "
                        f"on day {ctx.days} (e.g. {_or(back[:2])}).")
        if name == "diverse_attraction_options":
            return f"Fix: replace the repeat, e.g. with {_or(space.attractions(day + 1, used))}."
        if name == "diverse_meal_options":
            return f"Fix: replace the repeat, e.g. with {_or(space.restaurants(used))}."
        return ""
