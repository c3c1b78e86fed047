"""Derive each hard constraint's answer from a database by the rule of its type (spec §9).

Why: the official checker only tests that the named entity is in the plan, so nothing there says
whether the data make that entity *the* right answer. These functions recompute the answer from
the stored tables and report every constraint whose named answer is missing, wrong or not unique.
The generator runs them on every database it writes; the tests run them again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pivot_opt.envs.travel.data.database import TravelDatabase
from pivot_opt.envs.travel.generator.constraint_text import ConstraintSpec, parse_constraints, to_minutes
from pivot_opt.envs.travel.generator.io import TableDb, as_tables

__all__ = ["RouteView", "leg_routes", "check_database", "answers_for"]


@dataclass
class RouteView:
    """One route option of a leg as the tools show it: its segments and its fares."""

    key: str
    direct: bool
    dep: int
    arr: int
    duration: int
    carrier: str
    maker: str
    prices: list[float] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


def _clock(text: str) -> int:
    return to_minutes(text.strip()[-5:])


def leg_routes(
    rows: list[dict[str, str]], origin: str, destination: str, date: str, mode: str
) -> dict[str, RouteView]:
    """Routes of one leg keyed by service (`G123`, or `G1/G2` when connecting), fares merged."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if (
            row.get("origin_city", "").strip() == origin
            and row.get("destination_city", "").strip() == destination
            and row.get("dep_date", "").strip() == date
        ):
            groups[row.get("route_index", "")].append(row)
    number_col, carrier_col = ("train_no", "train_type") if mode == "train" else ("flight_no", "airline")
    views: dict[str, RouteView] = {}
    for index in sorted(groups):
        segs = sorted(groups[index], key=lambda r: int(r.get("segment_index") or 0))
        key = "/".join(s[number_col].strip() for s in segs)
        view = views.get(key)
        if view is None:
            view = RouteView(
                key=key,
                direct=len(segs) == 1,
                dep=_clock(segs[0]["dep_datetime"]),
                arr=_clock(segs[-1]["arr_datetime"]),
                duration=sum(int(s.get("duration") or 0) for s in segs),
                carrier=segs[0].get(carrier_col, ""),
                maker=segs[0].get("manufacturer", ""),
            )
            views[key] = view
        view.prices.append(float(segs[0].get("price") or "inf"))
        view.classes.append(segs[0].get("seat_class", ""))
        view.statuses.append(segs[0].get("seat_status", ""))
    return views


def _best(items: dict[str, float], highest: bool = False) -> set[str]:
    if not items:
        return set()
    target = max(items.values()) if highest else min(items.values())
    return {k for k, v in items.items() if v == target}


def _transport(spec: ConstraintSpec, db: TableDb, meta: dict[str, Any], leg: str) -> set[str]:
    mode = spec.kind
    org, dest = meta["org"], meta["dest"][0]
    origin, destination, date = (
        (org, dest, meta["depart_date"]) if leg == "out" else (dest, org, meta["return_date"])
    )
    views = leg_routes(db.trains if mode == "train" else db.flights, origin, destination, date, mode)
    direct = {k: v for k, v in views.items() if v.direct}
    rule = spec.rule
    if rule in (
        "cheapest_direct",
        "cheapest_train_type",
        "cheapest_airline_direct",
        "cheapest_manufacturer_direct",
    ):
        pool = direct
        if rule == "cheapest_train_type":
            pool = {k: v for k, v in direct.items() if v.carrier == spec.train_type}
        elif rule == "cheapest_airline_direct":
            pool = {k: v for k, v in direct.items() if v.carrier == spec.airline}
        elif rule == "cheapest_manufacturer_direct":
            pool = {k: v for k, v in direct.items() if v.maker == spec.maker}
        return _best({k: min(v.prices) for k, v in pool.items()})
    if rule == "earliest_departure_direct":
        return _best({k: v.dep for k, v in direct.items()})
    if rule == "earliest_airline_direct":
        return _best({k: v.dep for k, v in direct.items() if v.carrier == spec.airline})
    if rule == "latest_arrival_direct":
        return _best({k: v.arr for k, v in direct.items()}, highest=True)
    if rule == "shortest_duration_direct":
        return _best({k: v.duration for k, v in direct.items()})
    if rule in ("departure_time_range", "arrival_time_range"):
        if spec.window is None:
            return set()
        lo, hi = spec.window
        return {k for k, v in views.items() if lo <= (v.dep if rule.startswith("departure") else v.arr) <= hi}
    if rule == "seat_class":
        return {k for k, v in views.items() if spec.seat_class in v.classes}
    if rule == "seat_status":
        need = int(spec.params.get("people_number") or meta.get("people_number") or 1)
        return {
            k
            for k, v in views.items()
            if any(s.strip() == "" or (s.strip().isdigit() and int(s) >= need) for s in v.statuses)
        }
    return set()


def _hotels(spec: ConstraintSpec, db: TableDb) -> set[str]:
    rows = db.hotels
    rule = spec.rule
    price = {r["name"].strip(): float(r["price"]) for r in rows}
    score = {r["name"].strip(): float(r["score"]) for r in rows}
    brand = {r["name"].strip(): r.get("brand", "") for r in rows}
    star = {r["name"].strip(): r.get("hotel_star", "").strip() for r in rows}
    want_star = str(spec.star) if spec.star is not None else None
    if rule == "highest_rated":
        return _best(score, highest=True)
    if rule == "cheapest_brand":
        return _best({n: p for n, p in price.items() if brand[n] == spec.brand})
    if rule == "brand_highest_rated":
        return _best({n: s for n, s in score.items() if brand[n] == spec.brand}, highest=True)
    if rule == "cheapest_star":
        return _best({n: p for n, p in price.items() if star[n] == want_star})
    if rule == "star_highest_rated":
        return _best({n: s for n, s in score.items() if star[n] == want_star}, highest=True)
    if rule == "newest_decoration":
        year = int(spec.params.get("year_threshold") or spec.params.get("decoration_time") or 0)
        return {r["name"].strip() for r in rows if int(r.get("decoration_time") or 0) >= year}
    if rule == "price_range":
        lo, hi = float(spec.params["min_price"]), float(spec.params["max_price"])
        return {n for n, p in price.items() if lo <= p <= hi}
    if rule == "star_service_required":
        return {
            r["name"].strip()
            for r in rows
            if r.get("hotel_star", "").strip() == want_star
            and spec.service in (r.get("services") or "").split(";")
        }
    return set()


def _restaurants(spec: ConstraintSpec, db: TableDb) -> set[str]:
    names = {r["restaurant_name"].strip() for r in db.restaurants}
    if spec.rule == "must_eat_named":
        wanted = str(spec.params.get("restaurant_name", ""))
        return {wanted} if wanted in names else set()
    anchor = str(spec.params.get("attraction_name", ""))
    key = db.coords(anchor)
    near = {
        r["restaurant_name"].strip(): r
        for r in db.restaurants
        if key is not None and f"{r['query_latitude']},{r['query_longitude']}" == key
    }
    rule = spec.rule
    if rule == "cheapest_nearby_attraction":
        return _best({n: float(r["price_per_person"]) for n, r in near.items()})
    if rule == "highest_rated":
        return _best({n: float(r["rating"]) for n, r in near.items()}, highest=True)
    if rule == "closest_to_attraction":
        dist = {
            n: (db.road_keys(key or "", f"{r['latitude']},{r['longitude']}") or (10**9, 0, 0))[0]
            for n, r in near.items()
        }
        return _best({n: float(d) for n, d in dist.items()})
    if rule == "specific_cuisine_nearby":
        return {n for n, r in near.items() if r.get("cuisine") == spec.cuisine}
    if rule == "specific_tag_nearby":
        return {n for n, r in near.items() if spec.tag in (r.get("tags") or "").split(";")}
    return set()


def _attractions(spec: ConstraintSpec, db: TableDb) -> set[str]:
    rating = {r["attraction_name"].strip(): float(r["rating"]) for r in db.attractions}
    kind = {r["attraction_name"].strip(): r.get("attraction_type", "") for r in db.attractions}
    rule = spec.rule
    if rule == "must_visit_named":
        return {n for n in spec.names if n in rating}
    if rule == "top_rated_must_visit":
        ordered = sorted(rating.values(), reverse=True)
        if len(ordered) > 3 and ordered[2] == ordered[3]:
            return set(rating)  # a tie at the third place: not unique
        return {n for n, r in rating.items() if len(ordered) >= 3 and r >= ordered[2]}
    if rule == "all_of_type":
        return {n for n, t in kind.items() if t == spec.params.get("attraction_type")}
    if rule == "type_highest_rated":
        return _best(
            {n: r for n, r in rating.items() if kind[n] == spec.params.get("attraction_type")}, highest=True
        )
    if rule == "all_free_attractions":
        return {
            r["attraction_name"].strip() for r in db.attractions if float(r.get("ticket_price") or 0) == 0
        }
    return set()


def answers_for(
    spec: ConstraintSpec, db: TableDb, meta: dict[str, Any]
) -> dict[str, tuple[set[str], set[str]]]:
    """For one constraint: {part: (answer derived from the data, answer named by meta_info)}."""
    if spec.kind in ("train", "flight"):
        return {leg: (_transport(spec, db, meta, leg), {number}) for leg, number in spec.numbers.items()}
    if spec.kind == "hotel":
        return {"hotel": (_hotels(spec, db), {str(spec.params.get("hotel_name", ""))})}
    if spec.kind == "restaurant":
        return {"restaurant": (_restaurants(spec, db), {str(spec.params.get("restaurant_name", ""))})}
    if spec.kind == "attraction":
        return {"attractions": (_attractions(spec, db), set(spec.names))}
    return {}


def check_database(task: dict[str, Any], db: TableDb | TravelDatabase | Path | str) -> list[str]:
    """Every constraint whose named answer does not follow uniquely from the data."""
    meta = task.get("meta_info", task)
    tables = as_tables(db)
    problems: list[str] = []
    for spec in parse_constraints(meta):
        for part, (derived, named) in answers_for(spec, tables, meta).items():
            if derived != named:
                problems.append(
                    f"{spec.key}[{part}]: data give {sorted(derived)}, meta names {sorted(named)}"
                )
    return problems
