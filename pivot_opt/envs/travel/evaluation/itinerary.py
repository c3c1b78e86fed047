"""Commonsense dimension 3: Itinerary Structure (spec §8.3).

The two coverage checks follow the traveller with the same location tracking as the route
check: a travel day whose ``from`` is where the traveller is counts as *leaving*; a travel day
whose ``to`` is not the origin counts as *arriving at a visited city*. The numeric thresholds
are the ones the official code applies (its comments state others; see spec §12.4).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pivot_opt.envs.travel.data.database import TravelDatabase
from pivot_opt.envs.travel.data.records import CheckResult, Location
from pivot_opt.envs.travel.evaluation.common import (
    activities_of,
    daily_plans_of,
    extract_from_to,
    hm_to_minutes,
    intercity_arrival_hours,
    intercity_departure_hours,
    iter_typed,
    normalize_city,
    slot_part,
)
from pivot_opt.envs.travel.evaluation.route import MISSING_DAILY_PLANS
from pivot_opt.envs.travel.evaluation.wording import check_wording

__all__ = [
    "MEAL_GAP_MINUTES",
    "check_ends_with_accommodation",
    "check_essential_attraction_coverage",
    "check_essential_meal_coverage",
    "check_traceable_accommodation",
]

#: Minimum minutes between the end of the first meal and the start of the second.
MEAL_GAP_MINUTES = 120
Plan = Mapping[str, Any]


def check_traceable_accommodation(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Every day but the last has a hotel line and an accommodation; the last day has none
    (or one named ``-`` / empty)."""
    days = daily_plans_of(plan)
    if not days:
        return CheckResult(False, MISSING_DAILY_PLANS)
    missing = [
        d
        for d, day in enumerate(days[:-1])
        if not (list(iter_typed([day], "hotel")) and bool(day.get("accommodation")))
    ]
    numbers = [d + 1 for d in missing]
    wrong_name: str | None = None
    not_object = False
    last = days[-1].get("accommodation")
    if last:
        if isinstance(last, dict):
            name = (last.get("name") or "").strip()
            if name and name != "-":
                wrong_name = name
                missing.append(len(days) - 1)
        else:
            not_object = True
            missing.append(len(days) - 1)
    if not missing:
        return CheckResult(True)
    message = check_wording(helpful_messages).untraceable(numbers, wrong_name, not_object)
    return CheckResult(False, message, days=missing)


def check_ends_with_accommodation(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Every day but the last ends (in list order) with a ``hotel`` activity."""
    days = daily_plans_of(plan)
    if not days:
        return CheckResult(False, MISSING_DAILY_PLANS)
    bad: list[int] = []
    where: list[Location] = []
    for d, day in enumerate(days[:-1]):
        acts = activities_of(day)
        if not acts:
            bad.append(d)
        elif acts[-1].get("type") != "hotel":
            bad.append(d)
            where.append((d, len(acts) - 1))
    if bad:
        message = check_wording(helpful_messages).not_ending_at_hotel([d + 1 for d in bad])
        return CheckResult(False, message, where, bad)
    return CheckResult(True)


def _gap_violation(meals: list[tuple[int, int, int]], day_no: int, helpful_messages: bool) -> str | None:
    """The first two meals by start time must be at least MEAL_GAP_MINUTES apart."""
    if len(meals) < 2:
        return None
    meals.sort(key=lambda m: m[0])
    gap = meals[1][0] - meals[0][1]
    if gap < MEAL_GAP_MINUTES:
        return check_wording(helpful_messages).meal_gap(day_no, gap, MEAL_GAP_MINUTES)
    return None


def check_essential_meal_coverage(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Enough (and not too many) meals per day given when the traveller arrives or leaves.

    Stay day: 2 meals. Leaving a visited city: before 9:00 none, 9-15 at most one, from 15:00
    at least one. Arriving at a visited city: before 10:00 two, 10-15 at least one, from 15:00
    at most one. Two meals must be >= 120 min apart. Times use ``start_time``/``end_time``
    when present and read ``24:00`` as 24:00.
    """
    days = daily_plans_of(plan)
    if not days:
        return CheckResult(False, MISSING_DAILY_PLANS)
    say = check_wording(helpful_messages)
    org = normalize_city(meta.get("org"))
    if not org:
        return CheckResult(False, say.meals_no_origin())
    current = org
    problems: list[str] = []
    bad_days: list[int] = []
    where: list[Location] = []
    for d, day in enumerate(days):
        n = d + 1
        src, dst = extract_from_to(day.get("current_city", ""))
        meals: list[tuple[int, int, int]] = []
        for a, act in enumerate(activities_of(day)):
            if act.get("type") == "meal":
                start = hm_to_minutes(slot_part(act, "start_time", 0))
                end = hm_to_minutes(slot_part(act, "end_time", 1))
                if start is not None and end is not None:
                    meals.append((start, end, a))
        before = len(problems)
        too_many = False
        if src and dst:
            src_n, dst_n = normalize_city(src), normalize_city(dst)
            if src_n == current and src_n != org:
                t = intercity_departure_hours(day)
                if t is not None:
                    if t < 9:
                        if meals:
                            problems.append(say.meal_leaving_early(n))
                            too_many = True
                    elif t < 15.0:
                        if len(meals) > 1:
                            problems.append(say.meal_leaving_midday(n))
                            too_many = True
                    else:
                        if not meals:
                            problems.append(say.meal_leaving_late(n))
                        if len(meals) > 1 and (msg := _gap_violation(meals, n, helpful_messages)):
                            problems.append(msg)
            if dst_n != org:
                t = intercity_arrival_hours(day)
                if t is not None:
                    if t < 10:
                        if len(meals) < 2:
                            problems.append(say.meal_arriving_early(n))
                        if len(meals) >= 2 and (msg := _gap_violation(meals, n, helpful_messages)):
                            problems.append(msg)
                    elif t < 15.0:
                        if not meals:
                            problems.append(say.meal_arriving_midday(n))
                        if len(meals) >= 2 and (msg := _gap_violation(meals, n, helpful_messages)):
                            problems.append(msg)
                    elif len(meals) > 1:
                        problems.append(say.meal_arriving_late(n))
                        too_many = True
            current = dst_n
        else:
            if len(meals) < 2:
                problems.append(say.meal_stay_day(n))
            if len(meals) >= 2 and (msg := _gap_violation(meals, n, helpful_messages)):
                problems.append(msg)
        if len(problems) > before:
            bad_days.append(d)
            if too_many or len(meals) >= 2:
                where.extend((d, m[2]) for m in meals)
    if problems:
        return CheckResult(False, say.meal_problems(len(days) - len(bad_days), len(days), problems), where, bad_days)
    return CheckResult(True)


def _hours(text: Any) -> float | None:
    if not text:
        return None
    try:
        hour, minute = map(int, text.split(":"))
    except (ValueError, TypeError, AttributeError):
        return None
    return hour + minute / 60.0


def _activity_minutes(act: Mapping[str, Any]) -> int:
    """Duration as the attraction-coverage rule reads it: both ends from start_time/end_time,
    else both from the slot split on ``-``; wraps past midnight; float minutes truncated."""
    start, end = act.get("start_time", ""), act.get("end_time", "")
    if not start or not end:
        slot = act.get("time_slot", "")
        if slot and "-" in slot:
            parts = slot.split("-")
            start, end = parts[0], parts[1] if len(parts) > 1 else ""
    if not (start and end):
        return 0
    s, e = _hours(start), _hours(end)
    if s is None or e is None:
        return 0
    span = e - s
    if span < 0:
        span += 24
    return int(span * 60)


def check_essential_attraction_coverage(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Enough sightseeing: a stay day needs >= 2 attractions or >= 4 h of attraction time
    (visits plus city travel to/from them); leaving a visited city after 16:00 or arriving
    before 12:00 needs at least one attraction that day."""
    days = daily_plans_of(plan)
    if not days:
        return CheckResult(False, MISSING_DAILY_PLANS)
    say = check_wording(helpful_messages)
    org = normalize_city(meta.get("org"))
    if not org:
        return CheckResult(False, say.attractions_no_origin())
    current = org
    problems: list[str] = []
    bad_days: list[int] = []
    for d, day in enumerate(days):
        acts = activities_of(day)
        names = {name for _d, _a, _act, _det, name in iter_typed([day], "attraction") if name}
        minutes = 0
        for act in acts:
            kind = act.get("type")
            if kind == "attraction":
                minutes += _activity_minutes(act)
            elif kind == "travel_city":
                details = act.get("details") or {}
                if (details.get("from") or "").strip() in names or (details.get("to") or "").strip() in names:
                    minutes += _activity_minutes(act)
        count = sum(1 for act in acts if act.get("type") == "attraction")
        src, dst = extract_from_to(day.get("current_city", ""))
        before = len(problems)
        if src and dst:
            src_n, dst_n = normalize_city(src), normalize_city(dst)
            if src_n == current and src_n != org:
                t = intercity_departure_hours(day)
                if t is not None and t > 16.0 and count < 1:
                    problems.append(say.sights_leaving_late(d + 1, count))
            if dst_n != org:
                t = intercity_arrival_hours(day)
                if t is not None and t < 12.0 and count < 1:
                    problems.append(say.sights_arriving_early(d + 1, count))
            current = dst_n
        elif minutes / 60.0 < 4.0 and count < 2:
            problems.append(say.sights_stay_day(d + 1, minutes / 60.0, count))
        if len(problems) > before:
            bad_days.append(d)
    if problems:
        return CheckResult(False, say.sights_problems(problems), days=bad_days)
    return CheckResult(True)
