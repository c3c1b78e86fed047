"""Time one day of a reference plan against the database, activity by activity.

Why: the commonsense checks (§8) are exact about times: city travel must take the matrix time,
waits must be labelled buffers, meals and visits must sit inside business hours and duration
bounds, lunch and dinner two hours apart. Simulating each day from the data, rather than writing
times by hand, makes every generated plan satisfy them by construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.envs.travel.generator.constraint_text import hhmm, to_minutes
from pivot_opt.envs.travel.generator.io import TableDb

__all__ = [
    "ReferencePlanError",
    "Act",
    "Leg",
    "DayFrame",
    "DayBuilder",
    "MEAL_WINDOWS",
    "hours_of",
    "within_hours",
]

MEAL_WINDOWS = {"lunch": (11 * 60, 13 * 60 + 30), "dinner": (17 * 60, 20 * 60)}
MEAL_MINUTES = 60
MEAL_GAP = 120
BOARDING = 45


class ReferencePlanError(RuntimeError):
    """No feasible plan was found for the task in its database."""


def hours_of(opening: str, closing: str) -> tuple[int, int] | None:
    """(open, close) in minutes, `24:00` read as 23:59 like the evaluator; None when 24 h."""
    if opening.strip() in ("Open 24 Hours", "全天开放") and closing.strip() in ("Open 24 Hours", "全天开放"):
        return None
    return min(1439, to_minutes(opening)), min(1439, to_minutes(closing))


def within_hours(start: int, end: int, hours: tuple[int, int] | None) -> bool:
    """The evaluator's within-hours rule (§8.5) for a slot that does not wrap midnight."""
    if hours is None:
        return True
    opening, closing = hours
    end = min(end, 1439)
    if opening <= closing:
        return opening <= start and end <= closing
    return (start >= opening and end >= opening) or (start <= closing and end <= closing)


@dataclass
class Act:
    """One activity of the converted plan (§7), times in minutes of the day."""

    start: int
    end: int
    type: str
    details: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "time_slot": f"{hhmm(self.start)}-{hhmm(self.end)}",
            "type": self.type,
            "details": self.details,
        }


@dataclass
class Leg:
    """The intercity service a plan takes on one travel day."""

    mode: str
    number: str
    dep_hub: str
    arr_hub: str
    dep: int
    arr: int
    price: float


@dataclass
class DayFrame:
    """Where a day starts and how it must end."""

    index: int
    kind: str
    weekday: str
    start: int
    place: str
    prefix: list[Act] = field(default_factory=list)
    leave: Leg | None = None


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


@dataclass
class DayBuilder:
    """Simulates one day: travel, waits, visits, meals, then the hotel or the train home."""

    db: TableDb
    frame: DayFrame
    hotel: str
    city: str
    people: int
    budget: bool
    used_meals: set[str]
    acts: list[Act] = field(default_factory=list)
    t: int = 0
    place: str = ""
    last_meal_end: int = -10_000
    chosen_meals: list[str] = field(default_factory=list)
    limits: dict[str, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.acts = list(self.frame.prefix)
        self.t, self.place = self.frame.start, self.frame.place

    @property
    def cars(self) -> int:
        return max(1, math.ceil(self.people / 4))

    def travel(self, target: str) -> bool:
        """Go to `target` by the matrix route; False when the matrix does not know the pair."""
        if target == self.place:
            return True
        road = self.db.road(self.place, target)
        if road is None:
            return False
        dist, minutes, cost = road
        self.acts.append(
            Act(
                self.t,
                self.t + minutes,
                "travel_city",
                {
                    "mode": "walking" if cost == 0 else "taxi",
                    "from": self.place,
                    "to": target,
                    "distance": f"{dist / 1000:.1f}km",
                    "duration": f"{minutes}min",
                    "cost": cost,
                },
            )
        )
        self.t += minutes
        self.place = target
        return True

    def wait(self, until: int, why: str) -> None:
        if until > self.t:
            self.acts.append(Act(self.t, until, "buffer", {"description": why}))
            self.t = until

    def attraction(self, row: dict[str, str]) -> bool:
        """Visit for the shortest allowed time inside opening hours, on an open weekday."""
        closed = [d.strip().lower() for d in (row.get("closing_dates") or "").split(",") if d.strip()]
        if self.frame.weekday.lower() in closed:
            return False
        name = row["attraction_name"].strip()
        if not self.travel(name):
            return False
        hours = hours_of(row.get("opening_time", ""), row.get("closing_time", ""))
        lo, hi = float(row.get("min_visit_hours") or 1), float(row.get("max_visit_hours") or 3)
        minutes = max(30, math.ceil(lo * 60 / 5) * 5)
        if minutes > hi * 60:
            minutes = int(lo * 60)
        start = self.t
        if hours is not None:
            if hours[0] <= hours[1]:
                start = max(start, hours[0])
            if not within_hours(start, start + minutes, hours):
                return False
        if start + minutes > 23 * 60:
            return False
        self.wait(start, "Wait for the attraction to open")
        close = 1439 if hours is None or hours[0] > hours[1] else hours[1]
        self.limits[name] = (int(hi * 60), min(close, 23 * 60))
        self.acts.append(
            Act(
                start,
                start + minutes,
                "attraction",
                {"name": name, "city": self.city, "cost": _num(float(row.get("ticket_price") or 0))},
            )
        )
        self.t = start + minutes
        return True

    def _meal_start(self, row: dict[str, str], kind: str) -> tuple[int, int] | None:
        """(start, travel minutes) of a meal at `row`, or None when it cannot fit the window."""
        name = row["restaurant_name"].strip()
        road = (0, 0, 0) if name == self.place else self.db.road(self.place, name)
        if road is None:
            return None
        lo, hi = MEAL_WINDOWS[kind]
        start = max(self.t + road[1], lo, self.last_meal_end + MEAL_GAP)
        hours = hours_of(row.get("opening_time", ""), row.get("closing_time", ""))
        if hours is not None and hours[0] <= hours[1]:
            start = max(start, hours[0])
        if start > hi or not within_hours(start, start + MEAL_MINUTES, hours):
            return None
        return start, road[1]

    def meal(self, kind: str, fixed: str | None) -> bool:
        """Eat lunch or dinner at `fixed`, or at the best unused restaurant that fits."""
        rows = self.db.restaurants
        if fixed is not None:
            candidates = [r for r in rows if r["restaurant_name"].strip() == fixed][:1]
        else:
            seen: set[str] = set()
            candidates = []
            for r in rows:
                name = r["restaurant_name"].strip()
                if name not in self.used_meals and name not in seen:
                    seen.add(name)
                    candidates.append(r)
        best: tuple[float, dict[str, str], int] | None = None
        for row in candidates:
            found = self._meal_start(row, kind)
            if found is None:
                continue
            start, minutes = found
            price = float(row.get("price_per_person") or 0)
            score = price * self.people * (1.0 if self.budget else 0.05) + minutes + (start - self.t) * 0.2
            if best is None or score < best[0]:
                best = (score, row, start)
        if best is None:
            return False
        _, row, start = best
        name = row["restaurant_name"].strip()
        self.travel(name)
        self.wait(start, "Wait for the meal time")
        self.acts.append(
            Act(
                start,
                start + MEAL_MINUTES,
                "meal",
                {"meal_type": kind, "name": name, "cost": _num(float(row.get("price_per_person") or 0))},
            )
        )
        self.t = self.last_meal_end = start + MEAL_MINUTES
        self.used_meals.add(name)
        self.chosen_meals.append(name)
        return True

    def finish(self) -> bool:
        """End at the hotel, or on the last day board the train or flight home."""
        leg = self.frame.leave
        if leg is None:
            if not self.travel(self.hotel) or self.t > 23 * 60:
                return False
            label = "check-in" if self.frame.index == 0 else "rest"
            self.acts.append(
                Act(self.t, max(self.t + 30, 22 * 60), "hotel", {"activity": label, "name": self.hotel})
            )
            return True
        if not self.travel(leg.dep_hub) or self.t > leg.dep - BOARDING:
            return False
        self.wait(leg.dep, "Check in and wait for boarding")
        self.acts.append(intercity_act(leg))
        return True

    def stretch(self) -> None:
        """Spend long waits at the attraction before them, within its hours and maximum visit.

        The wait is a buffer after `attraction, travel_city`; lengthening the visit and moving the
        travel later keeps every transfer time exact.
        """
        for i, act in enumerate(self.acts):
            if act.type != "buffer" or i < 2 or act.details.get("description") == "Exit and collect luggage":
                continue
            ride, visit = self.acts[i - 1], self.acts[i - 2]
            if ride.type != "travel_city" or visit.type != "attraction":
                continue
            longest, close = self.limits.get(visit.details["name"], (0, 0))
            keep = (
                BOARDING + 15
                if i + 1 < len(self.acts) and self.acts[i + 1].type == "travel_intercity_public"
                else 0
            )
            extra = min(act.end - act.start - keep, longest - (visit.end - visit.start), close - visit.end)
            extra -= extra % 5
            if extra <= 0:
                continue
            visit.end += extra
            ride.start += extra
            ride.end += extra
            act.start += extra
        self.acts = [a for a in self.acts if a.type != "buffer" or a.end > a.start]


def intercity_act(leg: Leg) -> Act:
    """The `travel_intercity_public` activity of a leg."""
    return Act(
        leg.dep,
        leg.arr,
        "travel_intercity_public",
        {
            "mode": leg.mode,
            "number": leg.number,
            "from": leg.dep_hub,
            "to": leg.arr_hub,
            "cost": _num(leg.price),
        },
    )
