"""Helpers shared by the evaluator checks (spec §8.0), with the official parsing semantics.

Several official helpers parse the same things in slightly different ways (``24:00`` is 23:59
for slot parsing but 24.0 for intercity times; some read ``H:M`` with ``int()``, others with
``strptime``). Each variant is kept as its own function so that every check uses exactly the
one the official checker uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from datetime import time as dtime
from typing import Any

from pivot_opt.envs.travel.clock import memo
from pivot_opt.envs.travel.data.database import TravelDatabase, normalize_city
from pivot_opt.envs.travel.data.records import CostBreakdown

__all__ = [
    "ALL_DAY",
    "activities_of",
    "closed_weekdays",
    "daily_plans_of",
    "empty_db",
    "evaluator_cost",
    "extract_from_to",
    "hm_to_hours",
    "hm_to_minutes",
    "intercity_arrival_hours",
    "intercity_departure_hours",
    "iter_typed",
    "normalize_city",
    "parse_hhmm",
    "parse_slot",
    "resolve_coords",
    "round_half_even",
    "slot_minutes",
    "slot_part",
    "weekday_of",
    "within_hours",
]

ALL_DAY = ("全天开放", "Open 24 Hours")
_FROM_TO = re.compile(r"from\s+(.+?)\s+to\s+([^,]+)(?=[,\s]|$)")
_SLOT = re.compile(r"\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*")
_LATLON = re.compile(r"\s*([\-0-9\.]+)\s*,\s*([\-0-9\.]+)\s*$")
_WEEKDAYS = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
    "周一": 1,
    "周二": 2,
    "周三": 3,
    "周四": 4,
    "周五": 5,
    "周六": 6,
    "周日": 7,
}


def empty_db() -> TravelDatabase:
    """A database with no rows: what the evaluator sees when no files could be read."""
    return TravelDatabase({})


def daily_plans_of(plan: Mapping[str, Any]) -> list[Any]:
    """``plan["daily_plans"]``, or [] when missing/falsy (as the commonsense checker reads it)."""
    return plan.get("daily_plans", []) or []


def activities_of(day: Mapping[str, Any]) -> list[Any]:
    return day.get("activities", []) or []


def iter_typed(
    daily_plans: list[Any], kind: str
) -> Iterator[tuple[int, int, dict[str, Any], dict[str, Any], str]]:
    """Yield (day, index, activity, details, stripped name) for every activity of one type."""
    for d, day in enumerate(daily_plans):
        for a, act in enumerate(activities_of(day)):
            if act.get("type") != kind:
                continue
            details = act.get("details") or {}
            yield d, a, act, details, (details.get("name") or "").strip()


def extract_from_to(text: Any) -> tuple[str | None, str | None]:
    """``from A to B`` anywhere in a header -> (A, B); anything else -> (None, None) (a stay day)."""
    if not isinstance(text, str):
        return None, None
    m = _FROM_TO.search(text)
    return (m.group(1).strip(), m.group(2).strip()) if m else (None, None)


def parse_hhmm(text: Any) -> dtime | None:
    """``HH:MM`` via strptime; the literal ``24:00`` becomes 23:59 (quirk kept)."""
    if not text or not isinstance(text, str):
        return None
    return _parse_hhmm_text(text)


@memo
def _parse_hhmm_text(text: str) -> dtime | None:
    # Memoised: every check re-reads the same strings and strptime is slow (see clock.py).
    text = text.strip()
    if text == "24:00":
        return dtime(23, 59)
    try:
        parsed = datetime.strptime(text, "%H:%M")
    except ValueError:
        return None
    return dtime(parsed.hour, parsed.minute)


def parse_slot(slot: Any) -> tuple[dtime | None, dtime | None]:
    """Start and end of a ``time_slot`` (regex matched at the start, trailing text ignored)."""
    if not slot or not isinstance(slot, str):
        return None, None
    return _parse_slot_text(slot)


@memo
def _parse_slot_text(slot: str) -> tuple[dtime | None, dtime | None]:
    m = _SLOT.match(slot)
    if not m:
        return None, None
    return parse_hhmm(m.group(1)), parse_hhmm(m.group(2))


def slot_minutes(slot: Any) -> tuple[int | None, int | None]:
    """Slot in minutes since midnight; an end before the start wraps (+1440)."""
    start, end = parse_slot(slot)
    if start is None or end is None:
        return None, None
    s, e = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    return (s, e + 1440) if e < s else (s, e)


def _int_pair(text: str) -> tuple[int, int] | None:
    try:
        hour, minute = map(int, text.split(":"))
    except (ValueError, TypeError, AttributeError):
        return None
    return hour, minute


def hm_to_minutes(text: Any) -> int | None:
    """``H:M`` read with plain ``int()`` (so ``24:00`` is 1440), as meal coverage reads it."""
    if not text or not isinstance(text, str):
        return None
    pair = _int_pair(text)
    return None if pair is None else pair[0] * 60 + pair[1]


def hm_to_hours(text: Any) -> float | None:
    """``H:M`` as float hours with plain ``int()`` parsing (``24:00`` -> 24.0)."""
    if not text or not isinstance(text, str):
        return None
    pair = _int_pair(text)
    return None if pair is None else pair[0] + pair[1] / 60.0


def slot_part(act: Mapping[str, Any], key: str, part: int) -> Any:
    """``start_time``/``end_time`` when truthy, else that half of the slot split on ``-``."""
    value = act.get(key, "")
    if not value:
        slot = act.get("time_slot", "")
        if slot and "-" in slot:
            pieces = slot.split("-")
            value = pieces[part] if len(pieces) > part else ""
    return value


def _intercity_hours(day: Mapping[str, Any], key: str, part: int) -> float | None:
    # Quirk: the first intercity activity whose time parses is used, so a connecting journey's
    # "arrival" is the arrival of its first segment.
    for act in activities_of(day):
        if act.get("type") == "travel_intercity_public":
            value = slot_part(act, key, part)
            if value:
                hours = hm_to_hours(value) if isinstance(value, str) else None
                if hours is not None:
                    return hours
    return None


def intercity_departure_hours(day: Mapping[str, Any]) -> float | None:
    return _intercity_hours(day, "start_time", 0)


def intercity_arrival_hours(day: Mapping[str, Any]) -> float | None:
    return _intercity_hours(day, "end_time", 1)


def within_hours(start: dtime, end: dtime, open_t: dtime, close_t: dtime) -> bool:
    """The official within-hours rule (§8.5), including overnight service hours."""
    slot_wraps = end < start
    if open_t <= close_t:
        return not slot_wraps and start >= open_t and end <= close_t
    if slot_wraps:
        return start >= open_t and end <= close_t
    return (start >= open_t and end >= open_t) or (start <= close_t and end <= close_t)


def weekday_of(depart_weekday: int, day_index: int) -> int:
    """Weekday (1 = Monday) of a 0-based trip day; wraps only downwards, as officially."""
    result = depart_weekday + day_index
    while result > 7:
        result -= 7
    return result


def closed_weekdays(text: Any) -> set[int]:
    """Weekdays named in ``closing_dates`` (comma-separated, English case-insensitive or 周X)."""
    if not text or not isinstance(text, str):
        return set()
    days: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if part.lower() in _WEEKDAYS:
            days.add(_WEEKDAYS[part.lower()])
        elif part in _WEEKDAYS:
            days.add(_WEEKDAYS[part])
    return days


def resolve_coords(name: str, db: TravelDatabase) -> tuple[str, str] | None:
    """Coordinates of a place name as strings: locations table first, else a literal ``lat,lon``.

    Quirk: a literal ``lat,lon`` name is turned into ``str(float(...))``, which drops trailing
    zeros, so it rarely matches a distance-matrix key afterwards.
    """
    if name in db.locations:
        lat, lon = db.locations[name]
        if lat and lon:
            try:
                float(lat), float(lon)
                return lat, lon
            except ValueError:
                pass
    m = _LATLON.match(name) if isinstance(name, str) and name else None
    if m:
        try:
            return str(float(m.group(1))), str(float(m.group(2)))
        except ValueError:
            return None
    return None


def round_half_even(value: float) -> int:
    """Python's ``round`` to an integer (half to even), the evaluator's price comparison."""
    return int(round(value))


def _add(value: Any, factor: float) -> float:
    if not value:
        return 0.0
    try:
        return float(value) * factor
    except (TypeError, ValueError):
        return 0.0


def evaluator_cost(daily_plans: list[Any], meta: Mapping[str, Any]) -> CostBreakdown:
    """The evaluator's total (§8.0), used by the cost check and by ``budget_constraint``.

    Per day only the first intercity activity whose cost parses counts (connecting journeys
    show the whole route price on each segment); its cost is added only if positive.
    """
    people = int(meta.get("people_number", 1))
    rooms = int(meta.get("room_number", 1))
    cars = max(1, (people + 3) // 4)
    out = CostBreakdown()
    for day in daily_plans:
        first = 0.0
        for act in activities_of(day):
            if act.get("type") == "travel_intercity_public":
                try:
                    first = float((act.get("details") or {}).get("cost", 0))
                    break
                except (TypeError, ValueError):
                    continue
        if first > 0:
            out.transportation += first * people
    for day in daily_plans[:-1]:
        accom = day.get("accommodation")
        if isinstance(accom, dict):
            out.accommodation += _add(
                accom.get("price") or accom.get("price_per_night") or accom.get("cost"), rooms
            )
    for day in daily_plans:
        for act in activities_of(day):
            kind = act.get("type")
            if kind not in ("meal", "attraction", "travel_city"):
                continue
            cost = (act.get("details") or {}).get("cost")
            if kind == "meal":
                out.meals += _add(cost, people)
            elif kind == "attraction":
                out.attractions += _add(cost, people)
            else:
                out.transportation += _add(cost, cars)
    return out
