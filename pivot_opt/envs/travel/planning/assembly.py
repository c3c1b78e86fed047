"""Deterministic day-by-day assembly of chosen entities into scheduled steps.

Why deterministic: a small model can pick entities but not timetables. Each day follows a
template (attraction, lunch, attraction, dinner; fewer on travel days, as the meal and
sightseeing rules of the benchmark allow for the arrival or departure time), and every
candidate is tried by executing the plan so far: one that makes a step of the day impossible
(closed, too late, cannot reach the station) is skipped for the next preference.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pivot_opt.environment import StepStatus, env_call
from pivot_opt.step import Step

__all__ = ["TRIES", "assemble", "day_template"]

TRIES = 6
MAX_EXTRA_WAIT = 60
_ATTRACTION, _MEAL = "attraction", "meal"


def day_template(day: int, days: int, arrive: int | None, depart: int | None) -> list[str]:
    """Slots of one day given the outbound arrival / return departure (minutes) on travel days."""
    full = [_ATTRACTION, _MEAL, _ATTRACTION, _MEAL]
    if day == 1 and days > 1:
        if arrive is None or arrive < 15 * 60:
            return full
        return [_ATTRACTION, _MEAL] if arrive < 20 * 60 else []
    if day == days and days > 1:
        if depart is None or depart >= 15 * 60:
            return [_ATTRACTION, _MEAL, _ATTRACTION]
        return [_ATTRACTION, _MEAL] if depart >= 9 * 60 else []
    return full


def _errors_of_day(env: Any, steps: list[Step], day: int, own: int = -1) -> tuple[int, bool]:
    """Impossible steps on ``day``, and whether step ``own`` is one of them."""
    trace = env_call(env, "execute", steps)
    days = trace.info["built"].step_day
    bad = [r.index for r in trace.steps if r.status is StepStatus.ERROR and days[r.index] == day]
    return len(bad), own in bad


def assemble(env: Any, out_no: str | None, back_no: str | None, hotel: str | None, attractions: Sequence[str],
             restaurants: Sequence[str], near: dict[str, list[str]]) -> list[Step]:
    """Scheduled steps for the whole trip from the chosen services, hotel and preference lists."""
    ctx = env.ctx
    space = env.space
    days = max(1, ctx.days)
    arrive = _time(ctx, out_no, "arr")
    depart = _time(ctx, back_no, "dep")
    steps: list[Step] = []
    used: set[str] = set()
    for day in range(1, days + 1):
        head: list[Step] = []
        tail: list[Step] = []
        if day == 1 and out_no:
            head.append(Step("travel_intercity_public", {"day": day, "number": out_no}))
        if day == days and back_no:
            tail.append(Step("travel_intercity_public", {"day": day, "number": back_no}))
        elif day < days and hotel:
            tail.append(Step("hotel", {"day": day, "name": hotel}))
        if day == days and days > 1 and hotel:
            checkout = Step("hotel", {"day": day, "name": hotel})
            before, _ = _errors_of_day(env, steps + tail, day)
            if _errors_of_day(env, [*steps, checkout, *tail], day)[0] <= before:
                head.append(checkout)  # only when an early departure leaves time to check out first
        steps.extend(head)
        place = hotel if day > 1 else None
        for slot in day_template(day, days, arrive, depart):
            if slot == _ATTRACTION:
                pool = [*attractions, *(space.cheap["attraction"] if space.budget else space.attraction_rank)]
                pool = [n for n in dict.fromkeys(pool) if n not in used and not ctx.closed_on(n, day)]
            else:
                fill = space.cheap["meal"] if space.budget else [*near.get(place or "", []), *space.restaurant_rank]
                pool = [*restaurants, *fill]
                pool = [n for n in dict.fromkeys(pool) if n not in used]
            base, _ = _errors_of_day(env, steps + tail, day)
            fits: list[tuple[str, int]] = []
            for name in pool[:TRIES]:
                trial = [*steps, Step(slot, {"day": day, "name": name}), *tail]
                count, own = _errors_of_day(env, trial, day, len(steps))
                if not own and count <= base:
                    fits.append((name, env_call(env, "execute", trial).steps[len(steps)].state.get("clock", 0)))
            if fits:
                # The preferred candidate, unless it keeps the day waiting an hour longer than another.
                soonest = min(end for _n, end in fits)
                name = next(n for n, end in fits if end <= soonest + MAX_EXTRA_WAIT)
                steps.append(Step(slot, {"day": day, "name": name}))
                used.add(name)
                place = name if slot == _ATTRACTION else place
        steps.extend(tail)
    return steps


def _time(ctx: Any, number: str | None, which: str) -> int | None:
    routes = ctx.routes_by_number.get(number or "", [])
    return getattr(routes[0], which) if routes else None
