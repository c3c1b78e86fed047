"""Lossless conversion between travel steps, the converted plan JSON (§7) and the plan text (§6).

``plan_to_steps`` turns every activity into a literal step and adds a ``day`` / ``plan_fields``
step only where the plan's own header or top-level fields differ from what the scheduler
derives, so ``steps_to_plan(plan_to_steps(plan)) == plan`` for every JSON object, byte for byte
after ``json.dumps``, and a well-formed plan needs no bookkeeping steps at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pivot_opt.envs.travel.data.context import TravelContext
from pivot_opt.envs.travel.plans.schedule import build_plan
from pivot_opt.envs.travel.plans.steps import DAY_ACTION, PLAN_ACTION, activity_to_step
from pivot_opt.envs.travel.plans.text_format import known_names_of, parse_plan_text, render_plan_text
from pivot_opt.errors import TrajectoryParseError
from pivot_opt.step import Step

__all__ = ["plan_to_steps", "same_json", "steps_to_plan", "steps_to_text", "text_to_steps"]


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON text, key order and number types included."""
    return json.dumps(a, ensure_ascii=False, default=str) == json.dumps(b, ensure_ascii=False, default=str)


def steps_to_plan(steps: Sequence[Step], ctx: TravelContext) -> dict[str, Any]:
    """The converted plan JSON the evaluator scores for these steps."""
    return build_plan(steps, ctx).plan


def _has_activity_list(day: Any) -> bool:
    return isinstance(day, dict) and isinstance(day.get("activities", []), list)


def plan_to_steps(plan: Any, ctx: TravelContext) -> list[Step]:
    """Literal steps (plus bookkeeping steps where needed) for a converted plan."""
    if not isinstance(plan, dict):
        raise TrajectoryParseError(f"a converted plan must be a JSON object, got {type(plan).__name__}")
    daily = plan.get("daily_plans", [])
    if not isinstance(daily, list):
        return [Step(PLAN_ACTION, {"raw": plan})]
    by_day: list[list[Step]] = []
    for d, day in enumerate(daily, 1):
        if _has_activity_list(day):
            by_day.append([activity_to_step(a, d) for a in day.get("activities", [])])
        else:
            by_day.append([Step(DAY_ACTION, {"day": d, "raw": day})])
    derived = build_plan([s for group in by_day for s in group], ctx).plan.get("daily_plans", [])
    for d, day in enumerate(daily, 1):
        if not _has_activity_list(day):
            continue
        if d > len(derived) or not same_json(derived[d - 1], day):
            header = {k: v for k, v in day.items() if k != "activities"}
            by_day[d - 1].insert(0, Step(DAY_ACTION, {"day": d, "header": header, "keys": list(day)}))
    steps = [s for group in by_day for s in group]
    rebuilt = build_plan(steps, ctx).plan
    if not same_json(rebuilt, plan):
        fields = {k: v for k, v in plan.items() if k != "daily_plans"}
        steps.append(Step(PLAN_ACTION, {"fields": fields, "keys": list(plan)}))
    return steps


def text_to_steps(text: str, ctx: TravelContext) -> list[Step]:
    """Steps for an official plan text (or an agent reply holding ``<plan>`` blocks)."""
    return plan_to_steps(parse_plan_text(text, known_names=known_names_of(ctx.db)), ctx)


def steps_to_text(steps: Sequence[Step], ctx: TravelContext) -> str:
    """The official plan text of these steps (days, then the budget summary)."""
    return render_plan_text(steps_to_plan(steps, ctx))
