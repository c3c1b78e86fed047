"""Commonsense dimensions 4-6: Time Feasibility, Business Hours, Duration Rationality (§8.4-8.6).

Messages are the official ones, or this project's phrasing with ``helpful_messages=True``
(see :mod:`.wording`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

from pivot_opt.envs.travel.data.database import TravelDatabase
from pivot_opt.envs.travel.data.records import CheckResult, Location
from pivot_opt.envs.travel.evaluation.common import (
    ALL_DAY,
    activities_of,
    closed_weekdays,
    daily_plans_of,
    empty_db,
    iter_typed,
    parse_hhmm,
    parse_slot,
    resolve_coords,
    slot_minutes,
    weekday_of,
    within_hours,
)
from pivot_opt.envs.travel.evaluation.route import MISSING_DAILY_PLANS
from pivot_opt.envs.travel.evaluation.wording import check_wording

__all__ = [
    "ANCHOR_TYPES",
    "MEAL_MINUTES",
    "check_attraction_visit_within_opening_hours",
    "check_avoidance_of_closure_days",
    "check_dining_within_service_hours",
    "check_no_time_overlaps",
    "check_reasonable_duration_at_attractions",
    "check_reasonable_meal_duration",
    "check_reasonable_transfer_time",
    "transfer_window",
]

#: Activity types between which the transfer time is checked.
ANCHOR_TYPES = frozenset({"hotel", "attraction", "meal", "travel_intercity_public"})
#: Allowed meal length in minutes, inclusive (the official comment says 120; the code uses 150).
MEAL_MINUTES = (30, 150)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Plan = Mapping[str, Any]


def _missing() -> CheckResult:
    return CheckResult(False, MISSING_DAILY_PLANS)


# ---------------------------------------------------------------------------------------------
# 8.4 Time Feasibility
# ---------------------------------------------------------------------------------------------
def check_no_time_overlaps(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Within a day, no activity starts before the previous one (sorted by start) has ended."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    say = check_wording(helpful_messages)
    problems: list[str] = []
    where: list[Location] = []
    for d, day in enumerate(days):
        spans = []
        for a, act in enumerate(activities_of(day)):
            slot = act.get("time_slot")
            if not slot:
                continue
            s, e = slot_minutes(slot)
            if s is None or e is None:
                continue
            spans.append((s, e, act.get("type") or "", a))
        spans.sort(key=lambda x: x[0])
        for prev, curr in itertools.pairwise(spans):
            if curr[0] < prev[1]:
                problems.append(say.overlap(d + 1, prev[2], curr[2]))
                where.extend([(d, prev[3]), (d, curr[3])])
    if problems:
        return CheckResult(False, say.overlaps(problems), sorted(set(where)))
    return CheckResult(True)


def transfer_window(minutes: float) -> tuple[float, float]:
    """Allowed (gap - buffers) for a road time T: [min(T-5, floor10(T)), max(T+5, ceil10(T))]."""
    return min(max(0.0, minutes - 5), (minutes // 10) * 10), max(minutes + 5, math.ceil(minutes / 10) * 10)


def _place(act: Mapping[str, Any], key: str) -> str:
    details = act.get("details") or {}
    field = key if act.get("type") == "travel_intercity_public" else "name"
    return (details.get(field) or act.get("type") or "").strip()


def _buffer_spans(acts: list[Any]) -> list[tuple[int, int]]:
    """(start, end) minutes of a day's readable buffers, in list order (the official type test)."""
    spans = []
    for other in acts:
        if other.get("type", "").strip() != "buffer":
            continue
        bs, be = slot_minutes(other.get("time_slot"))
        if bs is not None and be is not None:
            spans.append((bs, be))
    return spans


class _Fenwick:
    """Prefix sums over the start minute of a buffer (0..1439), updated as buffers are added."""

    def __init__(self, size: int) -> None:
        self.tree = [0] * (size + 1)

    def add(self, index: int, value: int) -> None:
        index += 1
        while index < len(self.tree):
            self.tree[index] += value
            index += index & -index

    def below(self, index: int) -> int:
        """Sum of the values at indexes < ``index``."""
        total = 0
        while index > 0:
            total += self.tree[index]
            index -= index & -index
        return total


def _inside(span: tuple[int, int], prev_end: int, limit: int) -> int:
    """Minutes of one buffer counted in the window [prev_end, limit] (0 if it is not inside)."""
    bs, be = span if span[0] >= prev_end else (span[0] + 1440, span[1] + 1440)
    return be - bs if prev_end <= bs and be <= limit else 0


def _buffer_minutes(spans: list[tuple[int, int]], windows: list[tuple[int, int]]) -> list[float]:
    """The official buffer sum for each (previous end, next start) pair of a day, in O((n + m) log n).

    Officially every pair loops over every buffer of the day (quadratic in a long day). Per pair,
    a buffer starting before the previous end is shifted a day later, and the next start is shifted
    a day later once per buffer looked at while it is still before the previous end; a buffer
    counts if it then lies inside [previous end, next start]. So with ``k`` shifts needed, the
    first ``k - 1`` buffers never count and the others are compared with the start shifted ``k``
    times: two range queries (unshifted and shifted buffers) answered offline, sorted by end.
    """
    if not spans:
        return [0.0] * len(windows)
    limits, asks = [], []
    for q, (prev_end, curr_start) in enumerate(windows):
        shifts = 0 if curr_start >= prev_end else -(-(prev_end - curr_start) // 1440)
        limit = curr_start + 1440 * shifts
        limits.append((limit, shifts))
        asks.append((limit, prev_end, 1440, q))  # buffers from prev_end on, as they are
        asks.append((limit - 1440, max(0, prev_end - 1440), min(prev_end, 1440), q))  # shifted a day
    asks.sort()
    ends = sorted((be, bs) for bs, be in spans)
    tree = _Fenwick(1440)
    totals = [0] * len(windows)
    added = 0
    for y, low, high, q in asks:
        while added < len(ends) and ends[added][0] <= y:
            be, bs = ends[added]
            tree.add(bs, be - bs)
            added += 1
        if low < high:
            totals[q] += tree.below(high) - tree.below(low)
    out = []
    for (prev_end, _curr), (limit, shifts), total in zip(windows, limits, totals, strict=True):
        for span in spans[: max(0, shifts - 1)]:
            total -= _inside(span, prev_end, limit)
        out.append(float(total))
    return out


def check_reasonable_transfer_time(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Between consecutive anchors (hotel, attraction, meal, intercity; list order) the time not
    labelled ``buffer`` must match the road time of distance_matrix.csv within the window of
    :func:`transfer_window`. Pairs without coordinates or matrix row are skipped, not failed.

    Quirks kept: a buffer is counted only if it lies inside [prev end, next start] after the
    official day-wrap shifting; the same place name on both sides skips the pair.
    """
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    db = db or empty_db()
    say = check_wording(helpful_messages)
    problems: list[str] = []
    skipped: list[str] = []
    where: list[Location] = []
    for d, day in enumerate(days):
        acts = activities_of(day)
        anchors = []
        for a, act in enumerate(acts):
            if act.get("type") not in ANCHOR_TYPES:
                continue
            s, e = slot_minutes(act.get("time_slot"))
            if s is not None and e is not None:
                anchors.append((s, e, act, a))
        pairs = []
        for (_ps, prev_e, prev, pa), (curr_s, _ce, curr, ca) in itertools.pairwise(anchors):
            gap = curr_s - prev_e
            if prev_e > curr_s:
                if prev_e - curr_s > 720:
                    gap += 1440
                else:
                    continue
            if gap < 0:
                continue
            pairs.append((gap, prev_e, curr_s, prev, pa, curr, ca))
        if not pairs:
            continue
        sums = _buffer_minutes(_buffer_spans(acts), [(prev_e, curr_s) for _g, prev_e, curr_s, *_rest in pairs])
        for (gap, _prev_e, _curr_s, prev, pa, curr, ca), buffers in zip(pairs, sums, strict=True):
            net = gap - buffers
            prev_name, curr_name = _place(prev, "to"), _place(curr, "from")
            if not (prev_name and curr_name):
                skipped.append(say.transfer_skipped(d + 1, prev_name, curr_name, ""))
                continue
            if prev_name == curr_name:
                continue
            c1, c2 = resolve_coords(prev_name, db), resolve_coords(curr_name, db)
            if c1 is None or c2 is None:
                skipped.append(say.transfer_skipped(d + 1, prev_name, curr_name, "coordinates"))
                continue
            raw = db.matrix_minutes.get((f"{c1[0]},{c1[1]}", f"{c2[0]},{c2[1]}"))
            try:
                road = float(raw) if raw is not None else None
            except ValueError:
                road = None
            if road is None:
                skipped.append(say.transfer_skipped(d + 1, prev_name, curr_name, "matrix"))
                continue
            low, high = transfer_window(road)
            if not low <= net <= high:
                problems.append(
                    say.transfer_off(d + 1, prev_name, curr_name, road, net, buffers, (low, high), (c1, c2))
                )
                where.extend([(d, pa), (d, ca)])
    if problems:
        return CheckResult(False, say.transfer_problems(problems, skipped), where)
    return CheckResult(True, say.transfer_note(skipped))


# ---------------------------------------------------------------------------------------------
# 8.5 Business Hours
# ---------------------------------------------------------------------------------------------
def check_attraction_visit_within_opening_hours(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Each known attraction's slot lies within its opening hours (``Open 24 Hours`` skipped;
    unparseable slot or hours fail)."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    say = check_wording(helpful_messages)
    index = (db or empty_db()).attractions
    if not index:
        return CheckResult(False, say.table_missing("attraction"))
    outside: list[tuple[str, Location]] = []
    unknown: list[tuple[str, Location]] = []
    for d, a, act, _details, name in iter_typed(days, "attraction"):
        if not name or name not in index:
            continue
        row = index[name]
        slot = act.get("time_slot")
        start, end = parse_slot(slot)
        open_s, close_s = (row.get("opening_time") or "").strip(), (row.get("closing_time") or "").strip()
        if open_s in ALL_DAY and close_s in ALL_DAY:
            continue
        open_t, close_t = parse_hhmm(open_s), parse_hhmm(close_s)
        if start is None or end is None or open_t is None or close_t is None:
            unknown.append((name, (d, a)))
        elif not within_hours(start, end, open_t, close_t):
            outside.append((say.outside_hours(name, slot, open_s, close_s), (d, a)))
    if outside:
        return CheckResult(
            False, say.attractions_outside_hours([n for n, _ in outside]), [loc for _, loc in outside]
        )
    if unknown:
        return CheckResult(
            False, say.attraction_hours_unreadable(sorted({n for n, _ in unknown})), [loc for _, loc in unknown]
        )
    return CheckResult(True)


def check_dining_within_service_hours(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Each known restaurant's meal slot lies within its service hours (unreadable hours skip
    the meal; an unreadable slot fails)."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    say = check_wording(helpful_messages)
    index = (db or empty_db()).restaurants
    if not index:
        return CheckResult(False, say.table_missing("restaurant"))
    no_slot: list[tuple[str, Location]] = []
    outside: list[tuple[str, Location]] = []
    for d, a, act, _details, name in iter_typed(days, "meal"):
        if not name or name not in index:
            continue
        row = index[name]
        slot = act.get("time_slot")
        start, end = parse_slot(slot)
        open_s, close_s = (row.get("opening_time") or "").strip(), (row.get("closing_time") or "").strip()
        open_t, close_t = parse_hhmm(open_s), parse_hhmm(close_s)
        if start is None or end is None:
            no_slot.append((name, (d, a)))
            continue
        if open_t is None or close_t is None:
            continue
        if not within_hours(start, end, open_t, close_t):
            outside.append((say.outside_hours(name, slot, open_s, close_s), (d, a)))
    if no_slot:
        return CheckResult(False, say.meal_slot_missing(sorted({n for n, _ in no_slot})), [loc for _, loc in no_slot])
    if outside:
        return CheckResult(False, say.meals_outside_hours([n for n, _ in outside]), [loc for _, loc in outside])
    return CheckResult(True)


def check_avoidance_of_closure_days(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """No attraction is visited on a weekday listed in its ``closing_dates``."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    say = check_wording(helpful_messages)
    index = (db or empty_db()).attractions
    if not index:
        return CheckResult(False, say.table_missing("attraction"))
    first = meta.get("depart_weekday")
    if not first:
        return CheckResult(True)
    try:
        first = int(first)
    except (ValueError, TypeError):
        return CheckResult(False, say.bad_weekday(first))
    closed: list[str] = []
    where: list[Location] = []
    for d, day in enumerate(days):
        weekday = weekday_of(first, d)
        for a, act in enumerate(activities_of(day)):
            if act.get("type") != "attraction":
                continue
            name = ((act.get("details") or {}).get("name") or "").strip()
            if not name or name not in index:
                continue
            closing = index[name].get("closing_dates")
            if weekday in closed_weekdays(closing):
                label = _WEEKDAY_NAMES[weekday - 1] if 1 <= weekday <= 7 else str(weekday)
                closed.append(say.closed_visit(name, d + 1, label, closing))
                where.append((d, a))
    if closed:
        return CheckResult(False, say.closed_visits(closed), where)
    return CheckResult(True)


# ---------------------------------------------------------------------------------------------
# 8.6 Duration Rationality
# ---------------------------------------------------------------------------------------------
def _hours_value(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (ValueError, TypeError):
        return None


def check_reasonable_duration_at_attractions(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Each known attraction's visit length lies within [min_visit_hours, max_visit_hours]."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    say = check_wording(helpful_messages)
    index = (db or empty_db()).attractions
    if not index:
        return CheckResult(False, say.table_missing("attraction"))
    problems: list[str] = []
    where: list[Location] = []
    for d, a, act, _details, name in iter_typed(days, "attraction"):
        if not name or name not in index:
            continue
        s, e = slot_minutes(act.get("time_slot"))
        hours = (e - s) / 60.0 if s is not None and e is not None and e >= s else None
        low = _hours_value(index[name].get("min_visit_hours"))
        high = _hours_value(index[name].get("max_visit_hours"))
        if hours is None or low is None or high is None:
            problems.append(say.visit_unreadable(name))
            where.append((d, a))
        elif not low <= hours <= high:
            problems.append(say.visit_outside(name, hours, low, high))
            where.append((d, a))
    if problems:
        return CheckResult(False, say.visits(problems), where)
    return CheckResult(True)


def check_reasonable_meal_duration(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Every named meal lasts 30-150 minutes (no database needed)."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    say = check_wording(helpful_messages)
    low, high = MEAL_MINUTES
    problems: list[str] = []
    where: list[Location] = []
    for d, a, act, _details, name in iter_typed(days, "meal"):
        if not name:
            continue
        s, e = slot_minutes(act.get("time_slot"))
        if s is None or e is None:
            problems.append(say.meal_slot_invalid(name))
        else:
            minutes = e - s if e >= s else e - s + 1440
            if low <= minutes <= high:
                continue
            problems.append(say.meal_length(name, minutes, low, high))
        where.append((d, a))
    if problems:
        return CheckResult(False, say.meal_lengths(problems), where)
    return CheckResult(True)
