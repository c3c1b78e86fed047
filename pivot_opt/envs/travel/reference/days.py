"""Spread the required visits and meals over the days of a reference plan, then time each day.

Why: a plan passes the coverage checks (§8.3) only if every day gets the meals and visits its
arrival or departure time calls for, and the named entities must all fit somewhere; this module
decides which day does what and searches a few visiting orders until every day times out right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pivot_opt.envs.travel.generator.constraint_text import ConstraintSpec
from pivot_opt.envs.travel.generator.io import TableDb
from pivot_opt.envs.travel.reference.timing import (
    BOARDING,
    DayBuilder,
    DayFrame,
    Leg,
    ReferencePlanError,
    hours_of,
)

__all__ = ["PlanTask", "required_entities", "schedule_days"]


@dataclass
class PlanTask:
    """A task being planned: its `meta_info`, its tables and its parsed constraints."""

    meta: dict[str, Any]
    db: TableDb
    specs: list[ConstraintSpec]

    @property
    def budget(self) -> bool:
        return any(s.key == "budget_constraint" for s in self.specs)

    @property
    def people(self) -> int:
        return int(self.meta.get("people_number") or 1)


def required_entities(task: PlanTask) -> tuple[list[str], list[str]]:
    attractions: list[str] = []
    restaurants: list[str] = []
    for spec in task.specs:
        for name in spec.names:
            if name not in attractions:
                attractions.append(name)
        if spec.kind == "restaurant":
            name = str(spec.params.get("restaurant_name", ""))
            if name and name not in restaurants:
                restaurants.append(name)
    return attractions, restaurants


def _meal_plan(frame: DayFrame, out: Leg, back: Leg, budget: bool) -> tuple[list[str], list[str]]:
    """(required meals, optional meals) of a day, by the coverage rules of §8.3c."""
    if frame.kind == "stay":
        return ["lunch", "dinner"], []
    if frame.kind == "first":
        arrival = out.arr / 60
        if arrival < 10:
            return ["lunch", "dinner"], []
        if arrival < 15:
            if frame.start <= 12 * 60 + 40:
                return ["lunch"], ([] if budget else ["dinner"])
            return ["dinner"], []
        return [], ([] if budget or frame.start > 19 * 60 else ["dinner"])
    departure = back.dep / 60
    if departure < 9:
        return [], []
    if departure < 15:
        return [], ([] if budget or back.dep < 13 * 60 + 50 else ["lunch"])
    late = back.dep >= 20 * 60 + 30 and not budget
    return ["lunch"], (["dinner"] if late else [])


def _min_attractions(frame: DayFrame, out: Leg, back: Leg) -> int:
    if frame.kind == "stay":
        return 2
    if frame.kind == "first":
        return 1 if out.arr / 60 < 12 else 0
    return 1 if back.dep / 60 > 16 else 0


def _capacity(frame: DayFrame, back: Leg, meals: int) -> int:
    end = back.dep - BOARDING - 60 if frame.kind == "last" else 21 * 60
    return max(0, (end - frame.start - meals * 80) // 130)


def _orders(items: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """A few visiting orders worth trying: as given, reversed, earliest closing first."""

    def closing(row: dict[str, str]) -> int:
        hours = hours_of(row.get("opening_time", ""), row.get("closing_time", ""))
        return 1440 if hours is None or hours[0] > hours[1] else hours[1]

    found: list[list[dict[str, str]]] = []
    for order in (items, items[::-1], sorted(items, key=closing)):
        if order not in found:
            found.append(order)
    return found


def _splits(count: int, meals: int) -> list[tuple[int, ...]]:
    """Ways to place `count` visits around `meals` meals, balanced ones first."""
    if meals == 0:
        return [(count,)]
    if meals == 1:
        options = [(k, count - k) for k in range(count + 1)]
        return sorted(options, key=lambda s: abs(s[0] - (count + 1) // 2))
    options = [(a, b, count - a - b) for a in range(count + 1) for b in range(count - a + 1)]
    return sorted(options, key=lambda s: (abs(s[0] - (count + 1) // 2) + abs(s[1] - count // 2), s[2]))


def _solve_day(
    task: PlanTask,
    frame: DayFrame,
    hotel: str,
    visits: list[dict[str, str]],
    meals: list[tuple[str, str | None]],
    used_meals: set[str],
) -> DayBuilder | None:
    """The first timing of this day's visits and meals that passes every check, or None."""
    city = task.meta["dest"][0]
    meals = sorted(meals, key=lambda m: m[0] != "lunch")
    for order in _orders(visits):
        for split in _splits(len(order), len(meals)):
            builder = DayBuilder(task.db, frame, hotel, city, task.people, task.budget, set(used_meals))
            position, ok = 0, True
            for group, size in enumerate(split):
                for row in order[position : position + size]:
                    ok = ok and builder.attraction(row)
                position += size
                if ok and group < len(meals):
                    ok = builder.meal(*meals[group])
                if not ok:
                    break
            if ok and builder.finish():
                return builder
    return None


def _fillers(task: PlanTask, frame: DayFrame, hotel: str, banned: set[str]) -> list[dict[str, str]]:
    """Attractions that suit an ordinary day slot, nearest to the hotel first (cheapest on a budget)."""
    rows = []
    for row in task.db.attractions:
        name = row["attraction_name"].strip()
        closed = [d.strip().lower() for d in (row.get("closing_dates") or "").split(",")]
        hours = hours_of(row.get("opening_time", ""), row.get("closing_time", ""))
        daytime = hours is None or (hours[0] <= 10 * 60 and hours[1] >= 17 * 60)
        if name in banned or frame.weekday.lower() in closed or not daytime:
            continue
        road = task.db.road(hotel, name)
        ticket = float(row.get("ticket_price") or 0)
        rows.append(((ticket if task.budget else 0, road[1] if road else 999, name), row))
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def schedule_days(
    task: PlanTask, frames: list[DayFrame], out: Leg, back: Leg, hotel: str
) -> list[DayBuilder]:
    """One timed builder per day; required visits move between days until every day fits."""
    attractions, restaurants = required_entities(task)
    by_name = {r["attraction_name"].strip(): r for r in task.db.attractions}
    missing = [n for n in attractions if n not in by_name]
    if missing:
        raise ReferencePlanError(f"named attractions not in attractions.csv: {missing}")
    meal_need = [_meal_plan(f, out, back, task.budget) for f in frames]
    slots: list[list[tuple[str, str | None]]] = [[(kind, None) for kind in need] for need, _ in meal_need]
    pending = list(restaurants)
    order = sorted(range(len(frames)), key=lambda i: (frames[i].kind != "stay", i))
    for i in order:
        for j, (kind, _) in enumerate(slots[i]):
            if pending:
                slots[i][j] = (kind, pending.pop(0))
    for i in order:
        for kind in meal_need[i][1]:
            if pending:
                slots[i].append((kind, pending.pop(0)))
    if pending:
        raise ReferencePlanError(f"no meal slot left for {pending}")
    caps = [_capacity(f, back, len(s)) for f, s in zip(frames, slots, strict=True)]
    plan: list[list[str]] = [[] for _ in frames]
    for name in attractions:
        best = max(order, key=lambda i: (caps[i] - len(plan[i]), -i))
        plan[best].append(name)
    for _ in range(3 * len(frames)):
        failed = _try_days(task, frames, slots, plan, out, back, hotel, set(attractions))
        if isinstance(failed, list):
            return failed
        movable = [n for n in plan[failed]]
        targets = [i for i in order if i != failed and caps[i] - len(plan[i]) > 0]
        if not movable or not targets:
            break
        plan[failed].remove(movable[-1])
        plan[max(targets, key=lambda i: caps[i] - len(plan[i]))].append(movable[-1])
        caps[failed] = max(0, caps[failed] - 1)
    raise ReferencePlanError("no feasible timing for the required visits and meals")


def _try_days(
    task: PlanTask,
    frames: list[DayFrame],
    slots: list[list[tuple[str, str | None]]],
    plan: list[list[str]],
    out: Leg,
    back: Leg,
    hotel: str,
    required: set[str],
) -> list[DayBuilder] | int:
    """Solve every day in turn; the index of the first day that fails, or the solved days."""
    by_name = {r["attraction_name"].strip(): r for r in task.db.attractions}
    fixed_meals = {fixed for day in slots for _, fixed in day if fixed}
    used_meals: set[str] = set(fixed_meals)
    used_visits: set[str] = set(required)
    solved: list[DayBuilder] = []
    for i, frame in enumerate(frames):
        visits = [by_name[n] for n in plan[i]]
        need = max(0, _min_attractions(frame, out, back) - len(visits))
        pool = _fillers(task, frame, hotel, used_visits)
        builder = None
        for offset in range(0, max(1, len(pool) - need + 1)) if need else [0]:
            extra = pool[offset : offset + need]
            if len(extra) < need:
                break
            builder = _solve_day(task, frame, hotel, visits + extra, slots[i], used_meals)
            if builder is not None or offset > 6:
                break
        if builder is None:
            return i
        later = sum(_min_attractions(f, out, back) for f in frames[i + 1 :])
        if len(pool) - len(extra) > later + 4:
            builder = _richer(task, frame, hotel, builder, visits + extra, pool, slots[i], used_meals)
        builder.stretch()
        used_meals |= set(builder.chosen_meals)
        used_visits |= {a.details["name"] for a in builder.acts if a.type == "attraction"}
        solved.append(builder)
    return solved


def _richer(
    task: PlanTask,
    frame: DayFrame,
    hotel: str,
    builder: DayBuilder,
    visits: list[dict[str, str]],
    pool: list[dict[str, str]],
    meals: list[tuple[str, str | None]],
    used_meals: set[str],
) -> DayBuilder:
    """Add up to two more visits to a day that would otherwise sit idle for hours."""
    spare = [row for row in pool if row not in visits]
    for _ in range(2):
        idle = max((a.end - a.start for a in builder.acts if a.type == "buffer"), default=0)
        if idle < 150 or not spare or (task.budget and float(spare[0].get("ticket_price") or 0) > 0):
            break
        better = _solve_day(task, frame, hotel, [*visits, spare[0]], meals, used_meals)
        if better is None:
            break
        builder, visits, spare = better, [*visits, spare[0]], spare[1:]
    return builder
