"""The scheduler: steps -> converted plan JSON (spec §7), remembering which step made what.

Literal steps are copied; scheduled steps are timed here (see :mod:`pivot_opt.envs.travel.plans.steps`): a place step
starts when the previous one ends, after the road time from the previous place (a
``travel_city`` activity) and any wait until it opens or until meal time (a ``buffer``). Trains
and flights keep their timetable; the leg to the station and the wait for boarding come
before them, an exit buffer after them. Day headers and the budget summary are derived from
the activities unless a ``day`` / ``plan_fields`` step fixes them (:mod:`pivot_opt.envs.travel.plans.headers`).

Problems that make a step impossible as written (unknown entity, wrong date, no seat, closed
or too late, past midnight, days out of order) are recorded per step in :attr:`Built.errors`;
everything the benchmark measures is left to the evaluator's own checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.envs.travel.data.context import Route, TravelContext, as_number, hhmm, to_minutes
from pivot_opt.envs.travel.plans.headers import assemble_plan
from pivot_opt.envs.travel.plans.steps import (
    DAY_ACTION,
    PLAN_ACTION,
    day_of,
    duration_problems,
    is_literal,
    shown,
    step_to_activity,
)
from pivot_opt.step import Step

__all__ = ["Built", "build_plan"]

DAY_START = 8 * 60 + 30
CHECKOUT = (8 * 60, DAY_START)
NIGHT = 22 * 60
MIDNIGHT = 24 * 60
EXIT_MIN = 30
BOARD_MIN = 30
MEAL_FROM = {"breakfast": 7 * 60, "lunch": 11 * 60, "dinner": 17 * 60}
MEAL_GAP = 120
LUNCH_UNTIL = 15 * 60
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Built:
    """A plan made from steps. ``origin`` maps (day index, activity index) to the step index."""

    plan: dict[str, Any]
    origin: dict[tuple[int, int], int] = field(default_factory=dict)
    step_day: list[int] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)
    states: list[dict[str, Any]] = field(default_factory=list)
    lines: list[list[str]] = field(default_factory=list)

    def steps_of_day(self, day_index: int) -> list[int]:
        return [i for i, d in enumerate(self.step_day) if d == day_index + 1]


def _slot(start: int, end: int) -> str:
    return f"{hhmm(start)}-{hhmm(end)}"


class _Scheduler:
    def __init__(self, ctx: TravelContext, steps: Sequence[Step]) -> None:
        self.ctx = ctx
        self.steps = steps
        self.days: list[list[Any]] = []
        self.overrides: dict[int, dict[str, Any]] = {}
        self.plan_fields: dict[str, Any] | None = None
        self.built = Built(plan={})
        self.day = 0
        self.clock = DAY_START
        self.place: str | None = None
        self.night_hotel: str | None = None
        self.meals: list[tuple[int, int]] = []
        self.exit_pending = False
        self.step = 0

    # -- bookkeeping ------------------------------------------------------------------------
    def error(self, message: str) -> None:
        self.built.errors.setdefault(self.step, []).append(message)

    def emit(self, activity: Any) -> None:
        acts = self.days[self.day - 1]
        self.built.origin[(self.day - 1, len(acts))] = self.step
        acts.append(activity)
        if isinstance(activity, dict):
            details = activity.get("details") if isinstance(activity.get("details"), dict) else {}
            what = details.get("name") or details.get("number") or details.get("to") or details.get("description")
            self.built.lines[self.step].append(f"{activity.get('time_slot')} {activity.get('type')} {what}")

    def timed(self, kind: str, start: int, end: int, details: dict[str, Any]) -> None:
        if end > MIDNIGHT:
            self.error(f"day {self.day} runs past midnight ({kind} until {hhmm(end % MIDNIGHT)} next day); "
                       "drop or move a step of this day")
        self.emit({"time_slot": _slot(start, min(end, MIDNIGHT)), "type": kind, "details": details})
        self.clock = end

    def buffer(self, start: int, end: int, text: str) -> None:
        if end > start:
            self.timed("buffer", start, end, {"description": text})

    def today(self) -> list[Any]:
        return self.days[self.day - 1]

    # -- days -------------------------------------------------------------------------------
    def last_day(self) -> int:
        """The highest day number a step may open: the trip's days, or one per step for longer
        plans (a converted plan keeps a ``day`` step for each day its other steps do not reach),
        so a huge day number costs nothing."""
        return max(self.ctx.days, len(self.steps))

    def enter(self, step: Step) -> None:
        wanted = day_of(step)
        if "day" in step.args and wanted is None:
            self.error(f"day {shown(step.args['day'])} is not a day number; use 1..{self.ctx.days}")
        if wanted is None:
            wanted = max(self.day, 1)
        if wanted < 1:
            self.error(f"day {shown(wanted)} does not exist; days are numbered 1..{self.ctx.days}")
            wanted = max(self.day, 1)
        if wanted > self.last_day():
            self.error(f"day {shown(wanted)} is beyond the {self.ctx.days}-day trip; use 1..{self.ctx.days}")
            wanted = max(self.day, 1)
        if wanted < self.day:
            self.error(f"this step is for day {wanted} but comes after day {self.day} steps; keep days in order")
            wanted = self.day
        if wanted > self.ctx.days and step.action not in (DAY_ACTION, PLAN_ACTION):
            self.error(f"day {wanted} is beyond the {self.ctx.days}-day trip")
        while self.day < wanted:
            self.days.append([])
            self.day += 1
            self.clock = DAY_START
            self.place = self.night_hotel or self.place
            self.meals = []
            self.exit_pending = False

    # -- moves ------------------------------------------------------------------------------
    def leg(self, target: str, start: int | None = None) -> None:
        if not self.place or not target or self.place == target:
            return
        if self.exit_pending and start is None:
            self.buffer(self.clock, self.clock + EXIT_MIN, "Exit the station")
        self.exit_pending = False
        road = self.ctx.road(self.place, target)
        begin = self.clock if start is None else start
        self.timed("travel_city", begin, begin + road.minutes, {
            "mode": "walking" if road.meters <= 2000 else "taxi", "from": self.place, "to": target,
            "distance": f"{road.meters / 1000:.1f}km", "duration": f"{road.minutes}min", "cost": road.cost,
        })
        self.place = target

    def pick_route(self, step: Step) -> Route | None:
        ctx, args = self.ctx, step.args
        number = str(args.get("number") or args.get("name") or "").strip()
        date = ctx.date_of(self.day)
        options = ctx.routes_by_number.get(number, [])
        if not options:
            legs = ctx.leg_routes("out") if self.day == 1 else ctx.leg_routes("back") if self.day == ctx.days else []
            known = sorted({r.number for r in legs if r.direct})[:5]
            hint = f"; services on day {self.day}: {', '.join(known)}" if known else ""
            self.error(f"unknown train or flight number {number!r}{hint}")
            return None
        seat_class = str(args.get("seat_class") or "")
        route = min(options, key=lambda r: (r.date != date, bool(seat_class) and r.seat_class != seat_class,
                                            not r.has_seats(ctx.people), r.number != number, r.price or 0))
        label = f"{route.mode} {number}"
        if route.date != date:
            self.error(f"{label} runs on {route.date}, but day {self.day} is {date or 'unknown'}")
        if seat_class and route.seat_class != seat_class:
            self.error(f"{label} has no {seat_class}")
        if not route.has_seats(ctx.people):
            self.error(f"{label} has only {route.seats} seat(s) left ({route.seat_class}) for {ctx.people} travellers")
        return route

    def intercity(self, step: Step) -> None:
        route = self.pick_route(step)
        args = step.args
        if route is None:
            number = str(args.get("number") or "")
            self.emit({"time_slot": _slot(self.clock, self.clock), "type": "travel_intercity_public",
                       "details": {"mode": str(args.get("mode") or "train"), "number": number, "from": "", "to": "",
                                   "cost": args.get("cost", 0)}})
            return
        first = route.segments[0]
        dep = first.dep if first.dep is not None else self.clock
        busy = bool(self.today())
        if self.place and self.place != first.dep_station:
            road = self.ctx.road(self.place, first.dep_station)
            self.leg(first.dep_station, None if busy else max(0, dep - BOARD_MIN - road.minutes))
        elif not busy:
            self.clock = min(self.clock, dep)
        if self.clock > dep:
            self.error(f"{route.mode} {route.number} leaves {first.dep_station} at {hhmm(dep)}, but the plan only "
                       f"gets there at {hhmm(self.clock)}; take a later service or drop earlier steps")
        elif busy or self.today():
            self.buffer(self.clock, dep, "Check in and wait for boarding")
        cost = args.get("cost", route.price)
        for seg in route.segments:
            start = seg.dep if seg.dep is not None else self.clock
            end = seg.arr if seg.arr is not None else start
            if end < start:
                end += MIDNIGHT
            self.timed("travel_intercity_public", start, end, {
                "mode": route.mode, "number": seg.number, "from": seg.dep_station, "to": seg.arr_station, "cost": cost})
        self.place = route.segments[-1].arr_station
        self.exit_pending = True

    def attraction(self, step: Step) -> None:
        name = str(step.args.get("name") or "")
        row = self.ctx.attraction(name)
        self.leg(name)
        start = self.clock
        low, high, want = 1.0, 3.0, 1.0
        if row is None:
            self.error(f"unknown attraction {name!r}; use a name from recommend_attractions")
        else:
            low = float(as_number(row.get("min_visit_hours")) or low)
            high = float(as_number(row.get("max_visit_hours")) or high)
            want = min(max(want, low), high)
        want = float(as_number(step.args.get("hours")) or want)
        minutes = round(want * 60)
        hours = self.ctx.hours(row)
        if hours and hours[0] < hours[1]:
            opening, closing = hours
            if start < opening:
                self.buffer(start, opening, f"Wait for {name} to open")
                start = opening
            if start + minutes > closing and closing - start >= low * 60 and "hours" not in step.args:
                minutes = closing - start
            if start + minutes > closing:
                self.error(f"{name} is open {hhmm(opening)}-{hhmm(closing)}; a visit from {hhmm(start)} does not fit")
        if row is not None and self.ctx.closed_on(name, self.day):
            weekday = _WEEKDAYS[self.ctx.weekday(self.day) - 1]
            self.error(f"{name} is closed on {weekday}s (day {self.day}); visit it on another day")
        details: dict[str, Any] = {"name": name}
        if row is not None and (row.get("city") or "").strip():
            details["city"] = row["city"].strip()
        details["cost"] = step.args.get("cost", as_number(row.get("ticket_price")) or 0 if row else 0)
        self.timed("attraction", start, start + minutes, details)

    def meal(self, step: Step) -> None:
        name = str(step.args.get("name") or "")
        row = self.ctx.restaurant(name)
        self.leg(name)
        kind = str(step.args.get("meal_type") or ("lunch" if not self.meals and self.clock < LUNCH_UNTIL else "dinner"))
        minutes = int(as_number(step.args.get("minutes")) or 60)
        start = max(self.clock, MEAL_FROM.get(kind.lower(), 0))
        if self.meals:
            start = max(start, self.meals[-1][1] + MEAL_GAP)
        hours = self.ctx.hours(row)
        if hours:
            opening, closing = hours
            if opening <= closing or (start < opening and start + minutes > closing):
                start = max(start, opening)
            if opening <= closing and start + minutes > closing >= start + 30 and "minutes" not in step.args:
                minutes = closing - start
        if row is None:
            self.error(f"unknown restaurant {name!r}; use a name from recommend_restaurants")
        elif hours and hours[0] <= hours[1] and start + minutes > hours[1]:
            self.error(f"{name} serves {hhmm(hours[0])}-{hhmm(hours[1])}; a {kind} from {hhmm(start)} does not fit")
        self.buffer(self.clock, start, f"Wait for {kind}")
        self.meals.append((start, start + minutes))
        cost = step.args.get("cost", as_number(row.get("price_per_person")) if row else 0)
        self.timed("meal", start, start + minutes, {"meal_type": kind, "name": name, "cost": cost})

    def hotel(self, step: Step) -> None:
        name = str(step.args.get("name") or "")
        if self.ctx.hotel(name) is None:
            self.error(f"unknown hotel {name!r}; use a name from query_hotel_info")
        if not self.today() and self.place == name and self.day > 1:
            self.timed("hotel", CHECKOUT[0], max(CHECKOUT[1], self.clock),
                       {"activity": str(step.args.get("activity") or "check-out"), "name": name})
            self.night_hotel = None
            return
        self.leg(name)
        activity = str(step.args.get("activity") or ("rest" if name == self.night_hotel else "check-in"))
        start = self.clock
        self.timed("hotel", start, max(NIGHT, start + 30), {"activity": activity, "name": name})
        if activity != "check-out":
            self.night_hotel = name

    def literal(self, step: Step) -> None:
        activity = step_to_activity(step)
        self.emit(activity)
        self.exit_pending = False
        if not isinstance(activity, dict):
            return
        slot = activity.get("time_slot")
        parts = slot.split("-") if isinstance(slot, str) else []
        start, end = (to_minutes(parts[0]), to_minutes(parts[1])) if len(parts) == 2 else (None, None)
        if end is not None:
            self.clock = end + (MIDNIGHT if start is not None and end < start else 0)
        details = activity.get("details") if isinstance(activity.get("details"), dict) else {}
        kind = activity.get("type")
        if kind in ("travel_intercity_public", "travel_city"):
            self.place = str(details.get("to") or self.place or "") or None
        elif kind in ("attraction", "meal", "hotel"):
            self.place = str(details.get("name") or self.place or "") or None
        if kind == "meal" and start is not None and end is not None:
            self.meals.append((start, end))
        if kind == "hotel" and str(details.get("activity", "")).lower() != "check-out" and details.get("name"):
            self.night_hotel = str(details["name"])

    # -- run --------------------------------------------------------------------------------
    def run(self) -> Built:
        handlers = {"travel_intercity_public": self.intercity, "attraction": self.attraction, "meal": self.meal,
                    "hotel": self.hotel}
        for i, step in enumerate(self.steps):
            self.step = i
            self.built.lines.append([])
            bad = duration_problems(step)
            for message in bad.values():
                self.error(message)
            if bad:  # the step runs with its default length instead
                step = Step(step.action, {k: v for k, v in step.args.items() if k not in bad}, step.note)
            if step.action != PLAN_ACTION:
                self.enter(step)
            self.built.step_day.append(self.day)
            if step.action == DAY_ACTION:
                self.overrides[self.day] = step.args
            elif step.action == PLAN_ACTION:
                self.plan_fields = step.args
            elif is_literal(step):
                self.literal(step)
            elif step.action in handlers:
                handlers[step.action](step)
            elif step.action == "travel_city":
                self.leg(str(step.args.get("to") or ""))
            elif step.action == "buffer":
                minutes = int(as_number(step.args.get("minutes")) or 30)
                self.buffer(self.clock, self.clock + minutes, str(step.args.get("description") or "Free time"))
            else:
                self.error(f"unknown action {step.action!r}; use travel_intercity_public, attraction, meal, hotel, "
                           "travel_city or buffer")
            self.built.states.append({"day": self.day, "clock": self.clock, "time": hhmm(self.clock),
                                      "place": self.place})
        self.built.plan = assemble_plan(self.days, self.overrides, self.plan_fields, self.ctx)
        return self.built


def build_plan(steps: Sequence[Step], ctx: TravelContext) -> Built:
    """Schedule ``steps`` into a converted plan (see module docstring). Never raises on plan content."""
    return _Scheduler(ctx, steps).run()
