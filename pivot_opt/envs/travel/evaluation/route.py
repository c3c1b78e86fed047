"""Commonsense dimensions 1-2: Route Consistency and Sandbox Compliance (spec §8.1, §8.2).

Every check takes ``(plan, meta, db)`` and returns a :class:`CheckResult` whose pass/fail is
identical to the official checker's; its message is the official one, or this project's own
phrasing with ``helpful_messages=True`` (see :mod:`.wording`). Malformed plans (wrong JSON
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
from pivot_opt.envs.travel.evaluation.wording import check_wording

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
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """The plan has exactly ``meta.days`` days (and that number is positive)."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    expected = int(meta.get("days") or 0)
    if len(days) == expected and expected > 0:
        return CheckResult(True)
    return CheckResult(False, check_wording(helpful_messages).trip_length(len(days), expected))


def check_closed_loop_route_structure(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """A travel first day leaves the origin; a travel last day returns to it (stay days unchecked)."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    say = check_wording(helpful_messages)
    org = normalize_city(meta.get("org"))
    start_from, _ = extract_from_to(days[0].get("current_city", ""))
    _, end_to = extract_from_to(days[-1].get("current_city", ""))
    if start_from and normalize_city(start_from) != org:
        return CheckResult(False, say.loop_start(org, start_from), days=[0])
    if end_to and normalize_city(end_to) != org:
        return CheckResult(False, say.loop_end(org, end_to), days=[len(days) - 1])
    return CheckResult(True)


def check_seamless_intercity_transfers(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Walk the days from the origin: each travel day leaves where the traveller is, with a
    matching intercity activity (station cities read from the transport tables); each stay day
    is in the current city."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    db = db or empty_db()
    say = check_wording(helpful_messages)
    current = normalize_city(meta.get("org"))
    if not current:
        return CheckResult(False, say.route_no_origin())
    problems: list[str] = []
    bad_days: list[int] = []
    where: list[Location] = []
    for d, day in enumerate(days):
        header = day.get("current_city", "")
        src, dst = extract_from_to(header)
        if src and dst:
            src_n, dst_n = normalize_city(src), normalize_city(dst)
            if src_n != current:
                problems.append(say.route_wrong_origin(d + 1, src, dst, current))
                bad_days.append(d)
            legs = [
                (a, act)
                for a, act in enumerate(day.get("activities", []) or [])
                if act.get("type") == "travel_intercity_public"
            ]
            if not legs:
                problems.append(say.route_no_intercity(d + 1, src, dst))
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
                    problems.append(
                        say.route_unmatched(d + 1, src, dst, [(e.get("from", ""), e.get("to", "")) for e in ends])
                    )
                    bad_days.append(d)
                    where.extend((d, a) for a, _act in legs)
            current = dst_n
        else:
            city = normalize_city(header)
            if not city:
                problems.append(say.route_empty_city(d + 1))
                bad_days.append(d)
                continue
            if city != current:
                problems.append(say.route_wrong_city(d + 1, header, current))
                bad_days.append(d)
    if problems:
        return CheckResult(False, say.route_problems(problems), where, sorted(set(bad_days)))
    return CheckResult(True)


# ---------------------------------------------------------------------------------------------
# 8.2 Sandbox Compliance
# ---------------------------------------------------------------------------------------------
def _price_mismatch(kind: str, name: str, plan_value: Any, db_value: Any, helpful_messages: bool) -> str | None:
    """Official price rule for hotels/tickets/meals: the plan needs a JSON number equal after
    rounding; unparseable values on either side make the comparison silently skipped."""
    say = check_wording(helpful_messages)
    try:
        db_rounded = round_half_even(float(str(db_value)))
        if isinstance(plan_value, (int, float)):
            if round_half_even(float(plan_value)) != db_rounded:
                return say.price_differs(kind, name, plan_value, db_rounded)
            return None
        return say.price_missing(kind, name)
    except (ValueError, TypeError, OverflowError):
        return None


def _sandbox_result(
    kind: str,
    not_found: list[tuple[str, Location | None]],
    mismatches: list[tuple[str, Location | None]],
    bad_days: list[int] | None = None,
    helpful_messages: bool = False,
) -> CheckResult:
    say = check_wording(helpful_messages)
    if not_found:
        names = sorted({n for n, _ in not_found})
        return CheckResult(
            False,
            say.not_in_database(kind, names),
            [loc for _, loc in not_found if loc is not None],
            bad_days or [],
        )
    if mismatches:
        return CheckResult(
            False,
            say.price_mismatches(kind, [m for m, _ in mismatches]),
            [loc for _, loc in mismatches if loc is not None],
            bad_days or [],
        )
    return CheckResult(True)


def check_validated_accommodation(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Every accommodation name is a hotel of hotels.csv with the same (rounded) nightly price;
    hotel lines of every day but the last name existing hotels."""
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    db = db or empty_db()
    if not db.hotels:
        return CheckResult(False, check_wording(helpful_messages).table_missing("hotel"))
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
            problem = _price_mismatch("hotel", name, price, db_price, helpful_messages)
            if problem:
                mismatches.append((problem, None))
                bad_days.append(d)
    for d, a, _act, _details, name in iter_typed(days[:-1], "hotel"):
        if name and name not in db.hotels:
            not_found.append((name, (d, a)))
    return _sandbox_result("hotel", not_found, mismatches, sorted(set(bad_days)), helpful_messages)


def _check_named_priced(
    plan: Plan,
    kind: str,
    index: dict[str, dict[str, str]],
    price_col: str,
    label: str,
    skip_if_empty_only: bool,
    helpful_messages: bool,
) -> CheckResult:
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    if not index:
        return CheckResult(False, check_wording(helpful_messages).table_missing(label))
    not_found: list[tuple[str, Location | None]] = []
    mismatches: list[tuple[str, Location | None]] = []
    for d, a, _act, details, name in iter_typed(days, kind):
        if not name or name not in index:
            not_found.append((name or "<empty>", (d, a)))
            continue
        db_price = index[name].get(price_col)
        if (db_price is None or db_price == "") if skip_if_empty_only else not db_price:
            continue
        problem = _price_mismatch(label, name, details.get("cost"), db_price, helpful_messages)
        if problem:
            mismatches.append((problem, (d, a)))
    return _sandbox_result(label, not_found, mismatches, helpful_messages=helpful_messages)


def check_validated_attractions(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Every attraction exists in attractions.csv and its cost equals the (rounded) ticket price."""
    return _check_named_priced(
        plan, "attraction", (db or empty_db()).attractions, "ticket_price", "attraction", True, helpful_messages
    )


def check_validated_meals(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Every meal's restaurant exists in restaurants.csv and its cost equals the price per person."""
    return _check_named_priced(
        plan, "meal", (db or empty_db()).restaurants, "price_per_person", "restaurant", False, helpful_messages
    )


def check_validated_transportation(
    plan: Plan, meta: Mapping[str, Any], db: TravelDatabase | None = None, *, helpful_messages: bool = False
) -> CheckResult:
    """Intercity lines carry number, from, to and cost; the number is in flights.csv or trains.csv
    and a numeric cost equals (rounded) the price of *any* row with that number.

    Station names, dates and times are not compared (official leniency).
    """
    days = daily_plans_of(plan)
    if not days:
        return _missing()
    db = db or empty_db()
    say = check_wording(helpful_messages)
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
                missing.append(say.transport_fields_missing(act.get("time_slot"), absent))
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
                mismatches.append(say.transport_price(number, cost, seen))
                where.append((d, a))
    if missing or not_found or mismatches:
        return CheckResult(False, say.transport_problems(missing, sorted(set(not_found)), mismatches), where)
    return CheckResult(True)
