"""One task and its database, indexed for the scheduler, the constraints and the planners.

Why a separate view: the evaluator's indexes answer "is this name valid", but scheduling a
plan also needs routes grouped from their segment rows, road legs with distance and cost,
opening hours in minutes and the restaurants listed near a place. Everything here is read
from the same :class:`TravelDatabase`, once per environment.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.envs.travel.clock import memo
from pivot_opt.envs.travel.data.database import TravelDatabase, is_na
from pivot_opt.envs.travel.data.records import TravelTask
from pivot_opt.envs.travel.evaluation.common import closed_weekdays, weekday_of

__all__ = ["Road", "Route", "Segment", "TravelContext", "as_number", "hhmm", "to_minutes"]

ALL_DAY = ("Open 24 Hours", "全天开放")


def as_number(cell: Any) -> int | float | None:
    """A price-like cell as a JSON number (integral values as int), or None if unreadable."""
    if cell is None or isinstance(cell, bool):
        return None
    try:
        value = float(str(cell).strip())
    except ValueError:
        return None
    if math.isnan(value) or math.isinf(value):
        return None
    return int(value) if value.is_integer() else round(value, 2)


def to_minutes(text: Any) -> int | None:
    """``HH:MM`` (or the time part of ``YYYY-MM-DD HH:MM``) as minutes; ``24:00`` is 1440."""
    if not isinstance(text, str) or ":" not in text:
        return None
    return _text_minutes(text)


@memo
def _text_minutes(text: str) -> int | None:
    # Memoised: the scheduler reads every slot and departure time again on each execute.
    part = text.strip().split()[-1]
    try:
        hour, minute = (int(p) for p in part.split(":")[:2])
    except ValueError:
        return None
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    return hour * 60 + minute


def hhmm(minutes: int) -> str:
    """Minutes since midnight as ``HH:MM`` (a day never shows past ``24:00``)."""
    minutes = max(0, min(int(minutes), 1440))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Segment:
    """One leg of a train or flight route, as stored in one CSV row."""

    number: str
    dep_station: str
    arr_station: str
    dep: int | None
    arr: int | None
    row: dict[str, str] = field(repr=False, compare=False, hash=False)


@dataclass(frozen=True)
class Route:
    """A bookable option: one or more segments, one seat class, one per-person price."""

    mode: str
    origin_city: str
    destination_city: str
    date: str
    segments: tuple[Segment, ...]
    price: int | float | None
    seat_class: str
    seats: int | None  # None: plenty ("Available")

    @property
    def number(self) -> str:
        return self.segments[0].number

    @property
    def direct(self) -> bool:
        return len(self.segments) == 1

    @property
    def dep(self) -> int | None:
        return self.segments[0].dep

    @property
    def arr(self) -> int | None:
        return self.segments[-1].arr

    def attr(self, column: str) -> str:
        return (self.segments[0].row.get(column) or "").strip()

    def has_seats(self, people: int) -> bool:
        return self.seats is None or self.seats >= people

    def label(self) -> str:
        seats = "plenty" if self.seats is None else str(self.seats)
        via = "" if self.direct else f" via {self.segments[0].arr_station}"
        return (f"{self.mode} {self.number} {hhmm(self.dep or 0)}-{hhmm(self.arr or 0)}{via}, {self.seat_class}, "
                f"¥{self.price}, seats {seats}")


@dataclass(frozen=True)
class Road:
    """A directed road leg; ``known`` is False when the distance matrix has no row for it."""

    meters: int
    minutes: int
    cost: int
    known: bool = True


def _segment_time(text: str) -> int | None:
    return to_minutes(text) if text else None


def _build_routes(db: TravelDatabase) -> list[Route]:
    routes: list[Route] = []
    for mode, table, key in (("train", "trains", "train_no"), ("flight", "flights", "flight_no")):
        groups: dict[tuple[str, str, str, str], list[dict[str, str]]] = defaultdict(list)
        for row in db.tables[table].rows:
            group = tuple((row.get(c) or "").strip() for c in ("origin_city", "destination_city", "dep_date",
                                                                "route_index"))
            groups[group].append(row)  # type: ignore[index]
        for (org, dst, date, _index), rows in groups.items():
            rows = sorted(rows, key=lambda r: as_number(r.get("segment_index")) or 0)
            segments = tuple(
                Segment((r.get(key) or "").strip(), (r.get("dep_station_name") or "").strip(),
                        (r.get("arr_station_name") or "").strip(), _segment_time(r.get("dep_datetime", "")),
                        _segment_time(r.get("arr_datetime", "")), r)
                for r in rows
            )
            counts = [as_number(r.get("seat_status")) for r in rows if not is_na(r.get("seat_status"))]
            seats = int(min(c for c in counts if c is not None)) if any(c is not None for c in counts) else None
            routes.append(Route(mode, org, dst, date, segments, as_number(rows[0].get("price")),
                                (rows[0].get("seat_class") or "").strip(), seats))
    return routes


class TravelContext:
    """Task facts and database lookups used to schedule and judge plans (see module docstring)."""

    def __init__(self, task: TravelTask, db: TravelDatabase, meta: dict[str, Any] | None = None) -> None:
        """``meta`` is what the plan is judged against: in an environment, the *stated* task
        (:func:`pivot_opt.envs.travel.requests.stated_meta`), never the gold ``meta_info``; it
        defaults to ``task.meta_info`` for the evaluator's own uses and the generator."""
        self.task = task
        self.db = db
        meta = task.meta_info if meta is None else meta
        self.meta = meta
        self.org = str(meta.get("org") or "")
        dest = meta.get("dest") or [""]
        self.dest = str(dest[0] if isinstance(dest, list) and dest else dest)
        self.days = int(meta.get("days") or 0)
        self.people = int(meta.get("people_number") or 1)
        self.rooms = int(meta.get("room_number") or 1)
        self.cars = max(1, math.ceil(self.people / 4))
        self.depart_date = str(meta.get("depart_date") or "")
        self.return_date = str(meta.get("return_date") or "")
        self.routes = _build_routes(db)
        self.routes_by_number: dict[str, list[Route]] = defaultdict(list)
        for route in self.routes:
            for seg in route.segments:
                self.routes_by_number[seg.number].append(route)
        self._roads: dict[tuple[str, str], Road] = {}
        for row in db.tables["distance_matrix"].rows:
            pair = (row.get("origin", ""), row.get("destination", ""))
            if pair not in self._roads:
                meters, minutes, cost = (as_number(row.get(c)) for c in ("distance_meters", "duration_minutes",
                                                                          "cost"))
                if minutes is not None:
                    self._roads[pair] = Road(int(meters or 0), int(minutes), int(cost or 0))
        self.near: dict[str, list[str]] = defaultdict(list)  # anchor name -> restaurant names
        by_point: dict[tuple[str, str], list[str]] = defaultdict(list)
        for row in db.tables["restaurants"].rows:
            name = (row.get("restaurant_name") or "").strip()
            anchor = (row.get("nearby_attraction_name") or "").strip()
            if name and name not in self.near[anchor]:
                self.near[anchor].append(name)
            point = ((row.get("query_latitude") or "").strip(), (row.get("query_longitude") or "").strip())
            if name and name not in by_point[point]:
                by_point[point].append(name)
        self._by_point = dict(by_point)

    # -- calendar ---------------------------------------------------------------------------
    def date_of(self, day: int) -> str:
        """Calendar date of a 1-based trip day (empty if the task has no readable date)."""
        try:
            start = dt.date.fromisoformat(self.depart_date)
        except ValueError:
            return ""
        return (start + dt.timedelta(days=day - 1)).isoformat()

    def weekday(self, day: int) -> int:
        """Weekday (1 = Monday) of a 1-based trip day, as the closure check computes it."""
        first = self.meta.get("depart_weekday")
        if not first:
            try:
                first = dt.date.fromisoformat(self.depart_date).isoweekday()
            except ValueError:
                return 0
        return weekday_of(int(first), day - 1)

    # -- transport --------------------------------------------------------------------------
    def leg_routes(self, leg: str, mode: str | None = None) -> list[Route]:
        """Routes of the outbound (``out``) or return (``back``) leg, optionally of one mode."""
        org, dst, date = ((self.org, self.dest, self.depart_date) if leg == "out"
                          else (self.dest, self.org, self.return_date))
        return [r for r in self.routes if r.origin_city == org and r.destination_city == dst and r.date == date
                and (mode is None or r.mode == mode)]

    def station_city(self, station: str) -> str | None:
        return self.db.station_city.get(station.strip()) if station else None

    # -- places -----------------------------------------------------------------------------
    def coords(self, name: str) -> str | None:
        point = self.db.locations.get(name.strip()) if name else None
        return f"{point[0]},{point[1]}" if point and point[0] and point[1] else None

    def road(self, origin: str, destination: str) -> Road:
        """Road leg between two named places (estimated from coordinates when the matrix has none)."""
        a, b = self.coords(origin), self.coords(destination)
        if a and b and (a, b) in self._roads:
            return self._roads[(a, b)]
        km = 5.0
        if a and b:
            (lat1, lon1), (lat2, lon2) = (map(float, p.split(",")) for p in (a, b))
            km = 1.3 * 6371 * math.hypot(math.radians(lat2 - lat1),
                                         math.radians(lon2 - lon1) * math.cos(math.radians(lat1)))
        minutes = max(3, round(km * 2.4))
        return Road(round(km * 1000), minutes, 0 if km <= 2 else round(10 + 2.5 * km), known=False)

    def hotel(self, name: str) -> dict[str, str] | None:
        return self.db.hotels.get(name.strip()) if isinstance(name, str) else None

    def attraction(self, name: str) -> dict[str, str] | None:
        return self.db.attractions.get(name.strip()) if isinstance(name, str) else None

    def restaurant(self, name: str) -> dict[str, str] | None:
        return self.db.restaurants.get(name.strip()) if isinstance(name, str) else None

    def restaurants_near(self, place: str) -> list[str]:
        """Restaurants the database lists near a place (by its coordinates, else by anchor name)."""
        point = self.db.locations.get(place.strip()) if place else None
        if point and point in self._by_point:
            return list(self._by_point[point])
        return list(self.near.get(place, []))

    def closed_on(self, name: str, day: int) -> bool:
        row = self.attraction(name)
        return bool(row) and self.weekday(day) in closed_weekdays(row.get("closing_dates"))  # type: ignore[union-attr]

    @staticmethod
    def hours(row: dict[str, str] | None) -> tuple[int, int] | None:
        """(open, close) minutes of an attraction or restaurant row; None when open all day or unreadable."""
        if not row:
            return None
        opening, closing = (row.get("opening_time") or "").strip(), (row.get("closing_time") or "").strip()
        if opening in ALL_DAY or closing in ALL_DAY:
            return None
        start, end = to_minutes(opening), to_minutes(closing)
        if start is None or end is None:
            return None
        return start, end
