"""A reference plan for a task: ground-truth entities, every commonsense rule respected.

Why: a plan that scores 1.0 / 1.0 proves a generated task solvable and exercises the evaluator
end to end (§11.8). It reads only the task and the database folder, so it also works for data
this generator did not write, as long as a feasible plan exists.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from pivot_opt.envs.travel.data.database import TravelDatabase
from pivot_opt.envs.travel.generator.constraint_text import parse_constraints
from pivot_opt.envs.travel.generator.io import TableDb, as_tables
from pivot_opt.envs.travel.generator.rules import RouteView, leg_routes
from pivot_opt.envs.travel.generator.vocab import WEEKDAYS
from pivot_opt.envs.travel.reference.days import PlanTask, schedule_days
from pivot_opt.envs.travel.reference.timing import (
    BOARDING,
    Act,
    DayFrame,
    Leg,
    ReferencePlanError,
    intercity_act,
)

__all__ = ["reference_plan", "plan_cost", "ReferencePlanError"]


def plan_cost(plan: dict[str, Any], meta: dict[str, Any]) -> float:
    """The evaluator's total cost of a converted plan (§8.0), used by §8.7 and the budget."""
    people = int(meta.get("people_number") or 1)
    rooms = int(meta.get("room_number") or 1)
    cars = max(1, math.ceil(people / 4))
    days = plan.get("daily_plans") or []
    total = 0.0
    for position, day in enumerate(days):
        acts = day.get("activities") or []
        inter = [a for a in acts if a.get("type") == "travel_intercity_public"]
        if inter:
            total += float(inter[0]["details"].get("cost") or 0) * people
        if position < len(days) - 1 and isinstance(day.get("accommodation"), dict):
            total += float(day["accommodation"].get("price_per_night") or 0) * rooms
        for act in acts:
            cost = float((act.get("details") or {}).get("cost") or 0)
            if act.get("type") in ("meal", "attraction"):
                total += cost * people
            elif act.get("type") == "travel_city":
                total += cost * cars
    return total


def _choose_leg(task: PlanTask, leg: str) -> Leg:
    """The named service of this leg, else a convenient direct one (cheap on budget tasks)."""
    meta = task.meta
    spec = next((s for s in task.specs if s.kind in ("train", "flight")), None)
    modes = [spec.kind] if spec else ["train", "flight"]
    org, dest = meta["org"], meta["dest"][0]
    origin, destination, date = (
        (org, dest, meta["depart_date"]) if leg == "out" else (dest, org, meta["return_date"])
    )
    for mode in modes:
        rows = task.db.trains if mode == "train" else task.db.flights
        views = leg_routes(rows, origin, destination, date, mode)
        wanted = spec.numbers.get(leg) if spec is not None and spec.kind == mode else None
        if wanted is not None:
            view = views.get(wanted)
            if view is None:
                raise ReferencePlanError(f"{wanted} not found on the {leg} leg")
            prices = view.prices
            if spec is not None and spec.rule == "seat_class" and spec.seat_class in view.classes:
                price = prices[view.classes.index(spec.seat_class)]
            else:
                price = min(prices)
            picked = view
        else:
            seats = [v for v in views.values() if v.direct and _bookable(v, task.people)]
            direct = seats or [v for v in views.values() if v.direct]
            if leg == "out":
                good = [v for v in direct if 6 * 60 + 30 <= v.dep and v.arr <= 12 * 60 + 30]
                key = (
                    (lambda v: (min(v.prices), v.arr)) if task.budget else (lambda v: (v.arr, min(v.prices)))
                )
            else:
                good = [v for v in direct if v.dep >= 15 * 60 and v.arr <= 23 * 60]
                key = (
                    (lambda v: (min(v.prices), -v.dep))
                    if task.budget
                    else (lambda v: (-v.dep, min(v.prices)))
                )
            pool = good or [v for v in direct if v.arr <= 22 * 60] or direct
            if not pool:
                continue
            picked = min(pool, key=key)
            open_fares = [
                p
                for p, s in zip(picked.prices, picked.statuses, strict=True)
                if s.strip() == "" or (s.strip().isdigit() and int(s) >= task.people)
            ]
            price = min(open_fares or picked.prices)
        seg_rows = [
            r
            for r in rows
            if r.get("dep_date", "").strip() == date
            and r.get(("train_no" if mode == "train" else "flight_no"), "").strip() == picked.key
        ]
        return Leg(
            mode,
            picked.key,
            seg_rows[0]["dep_station_name"].strip(),
            seg_rows[0]["arr_station_name"].strip(),
            picked.dep,
            picked.arr,
            price,
        )
    raise ReferencePlanError(f"no service on the {leg} leg")


def _bookable(view: RouteView, people: int) -> bool:
    """True when some fare of the route has seats for everyone (an empty status means plenty)."""
    return any(s.strip() == "" or (s.strip().isdigit() and int(s) >= people) for s in view.statuses)


def _hotel(task: PlanTask) -> dict[str, str]:
    spec = next((s for s in task.specs if s.kind == "hotel"), None)
    rows = task.db.hotels
    if spec is not None:
        found = [r for r in rows if r["name"].strip() == str(spec.params.get("hotel_name", ""))]
        if not found:
            raise ReferencePlanError("named hotel not in hotels.csv")
        return found[0]
    return max(rows, key=lambda r: (float(r["score"]), -float(r["price"])))


def _frames(task: PlanTask, out: Leg, back: Leg, hotel: str) -> list[DayFrame]:
    meta = task.meta
    days = int(meta["days"])
    first = dt.date.fromisoformat(meta["depart_date"])
    frames: list[DayFrame] = []
    for index in range(days):
        weekday = WEEKDAYS[(first + dt.timedelta(days=index)).weekday()]
        if index == 0:
            prefix = [
                intercity_act(out),
                Act(out.arr, out.arr + 30, "buffer", {"description": "Exit and collect luggage"}),
            ]
            frames.append(DayFrame(0, "first", weekday, out.arr + 30, out.arr_hub, prefix))
        elif index == days - 1:
            road = task.db.road(hotel, back.dep_hub)
            start = min(8 * 60 + 30, back.dep - BOARDING - (road[1] if road else 60))
            prefix = [Act(start - 30, start, "hotel", {"activity": "check-out", "name": hotel})]
            frames.append(DayFrame(index, "last", weekday, start, hotel, prefix, leave=back))
        else:
            frames.append(DayFrame(index, "stay", weekday, 8 * 60 + 30, hotel))
    return frames


def reference_plan(
    task_record: dict[str, Any], db_dir: Path | str | TableDb | TravelDatabase
) -> dict[str, Any]:
    """A converted-JSON plan (§7) using the ground-truth entities and passing every §8 check.

    `db_dir` is the task's `id_<id>` folder (or its database or tables, already loaded). Raises
    :class:`ReferencePlanError` when no feasible plan is found.
    """
    meta = task_record.get("meta_info", task_record)
    tables = as_tables(db_dir)
    task = PlanTask(meta, tables, parse_constraints(meta))
    out, back = _choose_leg(task, "out"), _choose_leg(task, "in")
    hotel_row = _hotel(task)
    hotel = hotel_row["name"].strip()
    frames = _frames(task, out, back, hotel)
    builders = schedule_days(task, frames, out, back, hotel)
    org, dest = meta["org"], meta["dest"][0]
    price = float(hotel_row["price"])
    daily: list[dict[str, Any]] = []
    for frame, builder in zip(frames, builders, strict=True):
        day: dict[str, Any] = {
            "day_number": frame.index + 1,
            "current_city": (
                f"from {org} to {dest}"
                if frame.kind == "first"
                else f"from {dest} to {org}"
                if frame.kind == "last"
                else dest
            ),
        }
        if frame.kind != "last":
            day["accommodation"] = {
                "name": hotel,
                "price_per_night": int(price) if price.is_integer() else price,
            }
        day["activities"] = [a.as_json() for a in builder.acts]
        daily.append(day)
    plan: dict[str, Any] = {"budget_summary": {}, "daily_plans": daily}
    plan["budget_summary"] = _summary(plan, meta)
    return plan


def _summary(plan: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    people = int(meta.get("people_number") or 1)
    rooms = int(meta.get("room_number") or 1)
    cars = max(1, math.ceil(people / 4))
    parts = {
        "transportation": 0.0,
        "accommodation": 0.0,
        "meals": 0.0,
        "attractions_and_tickets": 0.0,
        "other": 0.0,
    }
    days = plan["daily_plans"]
    for position, day in enumerate(days):
        inter = [a for a in day["activities"] if a["type"] == "travel_intercity_public"]
        if inter:
            parts["transportation"] += float(inter[0]["details"]["cost"]) * people
        if position < len(days) - 1:
            parts["accommodation"] += float(day["accommodation"]["price_per_night"]) * rooms
        for act in day["activities"]:
            cost = float(act["details"].get("cost") or 0)
            if act["type"] == "meal":
                parts["meals"] += cost * people
            elif act["type"] == "attraction":
                parts["attractions_and_tickets"] += cost * people
            elif act["type"] == "travel_city":
                parts["other"] += cost * cars
    summary: dict[str, Any] = {k: (int(v) if v.is_integer() else round(v, 2)) for k, v in parts.items()}
    total = plan_cost(plan, meta)
    summary["total_estimated_budget"] = int(total) if total.is_integer() else round(total, 2)
    summary["currency"] = "CNY"
    return summary
