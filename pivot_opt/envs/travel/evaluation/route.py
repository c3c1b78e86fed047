"""Commonsense dimensions 1-2: Route Consistency and Sandbox Compliance (spec §8.1, §8.2).

Every check takes ``(plan, meta, db)`` and returns a :class:`CheckResult` whose pass/fail is
identical to the official checker's; messages are our own words. Malformed plans (wrong JSON
types) raise exactly where the official checker raises, so that a whole-task failure is
reproduced by :func:`pivot_opt.envs.travel.evaluation.evaluator.score_plan`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pivot_opt.envs.travel.data.database import TravelDatabase
from pivot_opt.envs.travel.data.records import CheckResult, Location
from pivot_opt.envs.travel.evaluation.common import (
    daily_plans_of,
    empty_db,
    extract_from_to,
    iter_typed,
    normalize_city,
    round_half_even,
)

__all__ = [
    "MISSING_DAILY_PLANS",
    "check_closed_loop_route_structure",
    "check_seamless_intercity_transfers",
    "check_valid_trip_duration",
    "check_validated_accommodation",
    "check_validated_attractions",
    "check_validated_meals",
    "check_validated_transportation",
    "station_city",
]

MISSING_DAILY_PLANS = "Missing daily_plans"
_CJK_PREFIX = re.compile(r"^([\u4e00-\u9fa5]{2})")
Plan = Mapping[str, Any]


def _missing() -> CheckResult:
    return CheckResult(False, MISSING_DAILY_PLANS)


def station_city(name: str, db: TravelDatabase) -> str | None:
    """City of a station/airport name from the transport tables (Chinese: first two characters)."""
    if not name:
        return None
    if name in db.station_city:
        return db.station_city[name]
    m = _CJK_PREFIX.match(name)
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------------
# 8.1 Route Consistency
# ---------------------------------------------------------------------------------------------
def check_valid_trip_duration(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None
) -> CheckResult:
    """The plan has exactly ``meta.days`` days (and that number is positive)."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    expected = int(meta.get("days") or 0)
    if len(days) == expected and expected > 0:
        return CheckResult(True)
    return CheckResult(False, f"the plan has {len(days)} day(s) but the trip lasts {expected}")


def check_closed_loop_route_structure(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None
) -> CheckResult:
    """A travel first day leaves the origin; a travel last day returns to it (stay days unchecked)."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    org = normalize_city(meta.get("org"))
    start_from, _ = extract_from_to(days[0].get("current_city", ""))
    _, end_to = extract_from_to(days[-1].get("current_city", ""))
    if start_from and normalize_city(start_from) != org:
        return CheckResult(False, f"day 1 should depart from {org}, not {start_from}", days=[0])
    if end_to and normalize_city(end_to) != org:
        return CheckResult(False, f"the last day should return to {org}, not {end_to}", days=[len(days) - 1])
    return CheckResult(True)


def check_seamless_intercity_transfers(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None
) -> CheckResult:
    """Walk the days from the origin: each travel day leaves where the traveller is, with a
    matching intercity activity (station cities read from the transport tables); each stay day
    is in the current city."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    db = db or empty_db()
    current = normalize_city(meta.get("org"))
    if not current:
        return CheckResult(False, "meta_info has no origin city, so the route cannot be followed")
    problems: list[str] = []
    bad_days: list[int] = []
    where: list[Location] = []
    for d, day in enumerate(days):
        header = day.get("current_city", "")
        src, dst = extract_from_to(header)
        if src and dst:
            src_n, dst_n = normalize_city(src), normalize_city(dst)
            if src_n != current:
                problems.append(f"day {d + 1} leaves {src} but the traveller is in {current}")
                bad_days.append(d)
            legs = [
                (a, act)
                for a, act in enumerate(day.get("activities", []) or [])
                if act.get("type") == "travel_intercity_public"
            ]
            if not legs:
                problems.append(
                    f"day {d + 1} goes from {src} to {dst} without any travel_intercity_public line"
                )
                bad_days.append(d)
            else:
                matched = False
                for _a, act in legs:
                    details = act.get("details") or {}
                    a_from = (details.get("from") or "").strip()
                    a_to = (details.get("to") or "").strip()
                    if not a_from or not a_to:
                        continue
                    c_from, c_to = station_city(a_from, db), station_city(a_to, db)
                    if c_from and c_to and normalize_city(c_from) == src_n and normalize_city(c_to) == dst_n:
                        matched = True
                        break
                if not matched:
                    ends = [act.get("details") or {} for _a, act in legs]
                    routes = [f"{e.get('from', '')}->{e.get('to', '')}" for e in ends]
                    problems.append(
                        f"day {d + 1} goes from {src} to {dst} but no intercity line connects "
                        f"stations of those cities (lines: {routes})"
                    )
                    bad_days.append(d)
                    where.extend((d, a) for a, _act in legs)
            current = dst_n
        else:
            city = normalize_city(header)
            if not city:
                problems.append(f"day {d + 1} has an empty or invalid current_city")
                bad_days.append(d)
                continue
            if city != current:
                problems.append(
                    f"day {d + 1} stays in {header} but the traveller is in {current}; a move "
                    f"needs a 'from {current} to {header}' day with intercity transport"
                )
                bad_days.append(d)
    if problems:
        return CheckResult(False, "; ".join(problems), where, sorted(set(bad_days)))
    return CheckResult(True)


# ---------------------------------------------------------------------------------------------
# 8.2 Sandbox Compliance
# ---------------------------------------------------------------------------------------------
def _price_mismatch(plan_value: Any, db_value: Any) -> str | None:
    """Official price rule for hotels/tickets/meals: the plan needs a JSON number equal after
    rounding; unparseable values on either side make the comparison silently skipped."""
    try:
        db_rounded = round_half_even(float(str(db_value)))
        if isinstance(plan_value, (int, float)):
            if round_half_even(float(plan_value)) != db_rounded:
                return f"plan says {plan_value}, database says {db_rounded}"
            return None
        return "plan gives no numeric price"
    except (ValueError, TypeError, OverflowError):
        return None


def _sandbox_result(
    kind: str,
    not_found: list[tuple[str, Location | None]],
    mismatches: list[tuple[str, Location | None]],
    bad_days: list[int] | None = None,
) -> CheckResult:
    if not_found:
        names = sorted({n for n, _ in not_found})
        return CheckResult(
            False,
            f"{kind} not in the database: {names}",
            [loc for _, loc in not_found if loc is not None],
            bad_days or [],
        )
    if mismatches:
        return CheckResult(
            False,
            f"{kind} price differs from the database: {[m for m, _ in mismatches]}",
            [loc for _, loc in mismatches if loc is not None],
            bad_days or [],
        )
    return CheckResult(True)


def check_validated_accommodation(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None
) -> CheckResult:
    """Every accommodation name is a hotel of hotels.csv with the same (rounded) nightly price;
    hotel lines of every day but the last name existing hotels."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    db = db or empty_db()
    if not db.hotels:
        return CheckResult(False, "the hotel table is empty or was not loaded")
    not_found: list[tuple[str, Location | None]] = []
    mismatches: list[tuple[str, Location | None]] = []
    bad_days: list[int] = []
    for d, day in enumerate(days):
        accom = day.get("accommodation")
        if not isinstance(accom, dict):
            continue
        name = (accom.get("name") or "").strip()
        if (d == len(days) - 1 and name == "-") or not name:
            continue
        if name not in db.hotels:
            not_found.append((name, None))
            bad_days.append(d)
            continue
        price = accom.get("price") or accom.get("cost") or accom.get("price_per_night")
        db_price = db.hotels[name].get("price")
        if db_price:
            problem = _price_mismatch(price, db_price)
            if problem:
                mismatches.append((f"{name}: {problem}", None))
                bad_days.append(d)
    for d, a, _act, _details, name in iter_typed(days[:-1], "hotel"):
        if name and name not in db.hotels:
            not_found.append((name, (d, a)))
    return _sandbox_result("hotel", not_found, mismatches, sorted(set(bad_days)))


def _check_named_priced(
    plan: Plan,
    kind: str,
    index: dict[str, dict[str, str]],
    price_col: str,
    label: str,
    skip_if_empty_only: bool,
) -> CheckResult:
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    if not index:
        return CheckResult(False, f"the {label} table is empty or was not loaded")
    not_found: list[tuple[str, Location | None]] = []
    mismatches: list[tuple[str, Location | None]] = []
    for d, a, _act, details, name in iter_typed(days, kind):
        if not name or name not in index:
            not_found.append((name or "<empty>", (d, a)))
            continue
        db_price = index[name].get(price_col)
        if (db_price is None or db_price == "") if skip_if_empty_only else not db_price:
            continue
        problem = _price_mismatch(details.get("cost"), db_price)
        if problem:
            mismatches.append((f"{name}: {problem}", (d, a)))
    return _sandbox_result(label, not_found, mismatches)


def check_validated_attractions(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None
) -> CheckResult:
    """Every attraction exists in attractions.csv and its cost equals the (rounded) ticket price."""
    return _check_named_priced(
        plan, "attraction", (db or empty_db()).attractions, "ticket_price", "attraction", True
    )


def check_validated_meals(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None
) -> CheckResult:
    """Every meal's restaurant exists in restaurants.csv and its cost equals the price per person."""
    return _check_named_priced(
        plan, "meal", (db or empty_db()).restaurants, "price_per_person", "restaurant", False
    )


def check_validated_transportation(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None
) -> CheckResult:
    """Intercity lines carry number, from, to and cost; the number is in flights.csv or trains.csv
    and a numeric cost equals (rounded) the price of *any* row with that number.

    Station names, dates and times are not compared (official leniency).
    """
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    db = db or empty_db()
    flights, trains = db.numbers.get("flights", {}), db.numbers.get("trains", {})
    missing: list[str] = []
    not_found: list[str] = []
    mismatches: list[str] = []
    where: list[Location] = []
    for d, day in enumerate(days):
        for a, act in enumerate(day.get("activities", []) or []):
            if act.get("type") != "travel_intercity_public":
                continue
            details = act.get("details") or {}
            absent = [k for k in ("number", "from", "to", "cost") if details.get(k) in (None, "")]
            if absent:
                missing.append(f"{act.get('time_slot') or '<no time_slot>'} lacks {absent}")
                where.append((d, a))
                continue
            number = str(details.get("number")).strip()
            try:
                cost: float | None = float(details.get("cost"))
            except (ValueError, TypeError):
                cost = None
            in_flights = bool(flights) and number in flights
            if not in_flights and not (bool(trains) and number in trains):
                not_found.append(number)
                where.append((d, a))
                continue
            if cost is None:
                continue
            records = flights[number] if in_flights else trains[number]
            wanted = round_half_even(cost)  # raises on nan/inf, as officially
            seen: list[float] = []
            matched = False
            for rec in records:
                try:
                    value = float(rec.get("price"))  # type: ignore[arg-type]
                    seen.append(value)
                    if wanted == round_half_even(value):
                        matched = True
                        break
                except (ValueError, TypeError, OverflowError):
                    pass
            if not matched and seen:
                mismatches.append(f"{number}: plan says {cost}, database prices {seen}")
                where.append((d, a))
    parts = []
    if missing:
        parts.append(f"missing fields: {missing}")
    if not_found:
        parts.append(f"numbers not in the database: {sorted(set(not_found))}")
    if mismatches:
        parts.append(f"price mismatch: {mismatches}")
    return CheckResult(False, "; ".join(parts), where) if parts else CheckResult(True)
