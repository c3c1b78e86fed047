"""Candidate gathering for the grammar-choice planner: call the nine tools, read their answers.

Why through the tools (not the tables): the planner then sees exactly what an agent sees, and
works on any database the tools can read, official ones included.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.envs.travel.data.context import to_minutes
from pivot_opt.envs.travel.data.tools import call_tool

__all__ = ["Attraction", "Gathered", "Service", "gather"]

_LINE = re.compile(r"^(?P<label>[^：]+)：(?P<value>.*)$")
_COORDS = re.compile(r"Latitude\s*(?P<lat>[-0-9.]+)\s*，\s*Longitude\s*(?P<lon>[-0-9.]+)")


@dataclass
class Service:
    """One train or flight option as a tool lists it."""

    mode: str
    number: str
    dep: int
    arr: int
    price: float
    seat_class: str
    seats: str
    segments: int
    carrier: str = ""

    def line(self) -> str:
        stops = "direct" if self.segments == 1 else f"{self.segments} legs"
        return (f"{self.number} ({self.mode}, {stops}) {self.dep // 60:02d}:{self.dep % 60:02d}-"
                f"{self.arr // 60:02d}:{self.arr % 60:02d}, {self.seat_class}, ¥{self.price:g}, seats {self.seats}")


@dataclass
class Attraction:
    """Details of one attraction from ``query_attraction_details``."""

    name: str
    kind: str = ""
    rating: float = 0.0
    ticket: float = 0.0
    hours: str = ""
    closed: str = ""
    lat: str = ""
    lon: str = ""

    def line(self) -> str:
        closed = f", closed {self.closed}" if self.closed and self.closed != "nan" else ""
        return f"{self.name} ({self.kind}, rating {self.rating:g}, ¥{self.ticket:g}, {self.hours}{closed})"


@dataclass
class Gathered:
    """Everything the tools said, and how many tool calls it took."""

    out: list[Service] = field(default_factory=list)
    back: list[Service] = field(default_factory=list)
    hotels: list[dict[str, Any]] = field(default_factory=list)
    attractions: list[Attraction] = field(default_factory=list)
    restaurants: dict[str, dict[str, Any]] = field(default_factory=dict)
    near: dict[str, list[str]] = field(default_factory=dict)
    calls: int = 0


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def _services(answer: Any, mode: str) -> list[Service]:
    out = []
    for item in answer if isinstance(answer, list) else []:
        route = item[0] if isinstance(item, list) and item else item
        if not isinstance(route, dict):
            continue
        segments = [route[k] for k in sorted(k for k in route if k.startswith("Segment "))]
        if not segments:
            continue
        first, last = segments[0], segments[-1]
        try:
            price = float(route.get("price") or 0)
        except (TypeError, ValueError):
            price = 0.0
        out.append(Service(mode, str(first.get("marketingTransportNo", "")), to_minutes(first.get("depDateTime")) or 0,
                           to_minutes(last.get("arrDateTime")) or 0, price, str(first.get("seatClassName", "")),
                           str(first.get("Remaining Seats", "")), len(segments),
                           str(first.get("marketingTransportName", ""))))
    return out


def _attraction(text: str, name: str) -> Attraction | None:
    fields = {}
    for line in text.splitlines():
        m = _LINE.match(line)
        if m:
            fields[m.group("label").strip()] = m.group("value").strip()
    if fields.get("Attraction Name") != name:
        return None
    coords = _COORDS.search(fields.get("Coordinates", ""))

    def number(label: str) -> float:
        found = re.match(r"[-0-9.]+", fields.get(label, ""))
        return float(found.group(0)) if found else 0.0

    return Attraction(name, fields.get("Attraction Type", ""), number("Rating"), number("Ticket Price"),
                      fields.get("Opening Hours", ""), fields.get("Closed Dates", ""),
                      coords.group("lat") if coords else "", coords.group("lon") if coords else "")


def gather(db: Any, org: str, dest: str, depart: str, back: str, modes: tuple[str, ...] = ("train", "flight"),
           ) -> Gathered:
    """Transport both ways, hotels, attractions with details, restaurants near each attraction/hotel."""
    got = Gathered()

    def tool(name: str, **args: str) -> str:
        got.calls += 1
        return call_tool(db, name, args)

    for mode in modes:
        for leg, (a, b, date) in (("out", (org, dest, depart)), ("back", (dest, org, back))):
            services = _services(_json(tool(f"query_{mode}_info", origin=a, destination=b, depDate=date)), mode)
            getattr(got, leg).extend(services)
    hotels = _json(tool("query_hotel_info", destination=dest, checkinDate=depart, checkoutDate=back))
    got.hotels = [h for h in hotels if isinstance(h, dict)] if isinstance(hotels, list) else []
    listing = tool("recommend_attractions", city=dest)
    for line in listing.splitlines()[1:]:
        head = line.split(". This is a ")[0]
        parts = head.split(", ")
        for cut in range(1, len(parts)):  # a name may hold ", ": try the shortest prefix the details tool knows
            name = ", ".join(parts[:cut])
            found = _attraction(tool("query_attraction_details", attraction_name=name), name)
            if found is not None:
                got.attractions.append(found)
                break
    points = [(a.name, a.lat, a.lon) for a in got.attractions] + [
        (str(h.get("name", "")), str(h.get("latitude", "")), str(h.get("longitude", ""))) for h in got.hotels]
    for place, lat, lon in points:
        if not lat or not lon:
            continue
        answer = _json(tool("recommend_restaurants", latitude=lat, longitude=lon))
        names = []
        for item in answer if isinstance(answer, list) else []:
            if isinstance(item, dict) and item.get("name"):
                got.restaurants.setdefault(str(item["name"]), item)
                names.append(str(item["name"]))
        got.near[place] = names
    return got
