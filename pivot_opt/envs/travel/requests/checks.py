"""Each stated request as a visible requirement checked on the data.

The benchmark checks a hard constraint by looking for the one answer named in ``meta_info``
(gold data, never seen here). An agent is only told the request ("a 3-star hotel with a
swimming pool", "the cheapest direct train back", "a meal near Laomendong at a place with a
birthday package"). A request reader (:mod:`pivot_opt.envs.travel.requests.rules` by default)
turns the query into :class:`~pivot_opt.envs.kit.requests.StatedRequest` records; this module
turns each into the set of database entities that satisfy it by the rule of its type (spec §9),
from the request's own parameters, never from an answer name. A plan meets the request when it
uses one of them (or all, for "visit all ..." types).

Where a request lacks a value its rule needs, the weaker rule used is said in
``Request.note`` and in the constraint's reason:

- ``*_must_visit_named`` / ``restaurant_must_eat_named``: the names the reader gave, matched to
  the closest database name; if it gave none, the quoted names of the request's text;
- airline, maker, train type, brand, cuisine, tag, seat class and time windows the reader did
  not give fall back to the rule without that filter (e.g. any direct flight);
- an unknown request type has no visible version (the benchmark ignores unknown keys too).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.environment import Constraint, ConstraintCheck, ExecutionTrace
from pivot_opt.envs.kit.requests import StatedRequest, StatedTask
from pivot_opt.envs.travel.data.context import Route, TravelContext, as_number
from pivot_opt.envs.travel.evaluation.common import evaluator_cost
from pivot_opt.envs.travel.evaluation.personalized import FLIGHT_MODES, TRAIN_MODES
from pivot_opt.envs.travel.generator.constraint_text import ConstraintSpec, to_minutes
from pivot_opt.envs.travel.plans.schedule import Built
from pivot_opt.envs.travel.plans.steps import entity_of
from pivot_opt.step import Step

__all__ = ["Request", "build_requests", "check_request", "protected_names", "request_constraints", "spec_of"]

_QUOTED = re.compile(r"[\"“‘']([^\"“”‘’]{2,90}?)[\"”’'](?=\s|$|[.,;:)!?])")
_SHOWN = 4


@dataclass
class Request:
    """One stated requirement: who satisfies it (``candidates`` per part) and how many are needed."""

    key: str
    kind: str
    text: str
    candidates: dict[str, list[str]] = field(default_factory=dict)
    need: int = 1
    mode: str | None = None
    note: str = ""
    cap: float | None = None
    anchor: str = ""

    def names(self) -> list[str]:
        return [n for part in self.candidates.values() for n in part]


def _closest(name: str, pool: Sequence[str]) -> str | None:
    if name in pool:
        return name
    low = {p.lower(): p for p in pool}
    if name.lower() in low:
        return low[name.lower()]
    inside = [p for p in pool if name.lower() in p.lower() or p.lower() in name.lower()]
    if len(inside) == 1:
        return inside[0]
    match = difflib.get_close_matches(name, list(pool), n=1, cutoff=0.6)
    return match[0] if match else None


def _match(value: str | None, pool: Sequence[str]) -> str | None:
    """A value read from the context, in the database's own spelling (case/containment tolerant)."""
    if not value:
        return None
    values = sorted({v for v in pool if v})
    return _closest(value, values)


def _best(scores: dict[str, float], highest: bool = False) -> list[str]:
    if not scores:
        return []
    target = max(scores.values()) if highest else min(scores.values())
    return sorted(k for k, v in scores.items() if v == target)


def _duration(route: Route) -> int:
    total = sum(int(as_number(s.row.get("duration")) or 0) for s in route.segments)
    return total or ((route.arr or 0) - (route.dep or 0))


def _transport(spec: ConstraintSpec, ctx: TravelContext, leg: str, req: Request) -> list[str]:
    routes = ctx.leg_routes(leg, spec.kind)
    direct = [r for r in routes if r.direct]
    rule = spec.rule
    pool = direct
    if rule == "cheapest_train_type":
        wanted = _match(spec.train_type, [r.attr("train_type") for r in direct])
        pool = [r for r in direct if r.attr("train_type") == wanted] if wanted else direct
        req.note = "" if wanted else "train type not read from the request; any direct train counts"
    elif rule in ("cheapest_airline_direct", "earliest_airline_direct"):
        wanted = _match(spec.airline, [r.attr("airline") for r in direct])
        pool = [r for r in direct if r.attr("airline") == wanted] if wanted else direct
        req.note = "" if wanted else "airline not read from the request; any direct flight counts"
    elif rule == "cheapest_manufacturer_direct":
        wanted = _match(spec.maker, [r.attr("manufacturer") for r in direct])
        pool = [r for r in direct if r.attr("manufacturer") == wanted] if wanted else direct
        req.note = "" if wanted else "aircraft maker not read from the request; any direct flight counts"
    if rule.startswith("cheapest"):
        prices: dict[str, float] = {}
        for r in pool:
            if r.price is not None:
                prices[r.number] = min(prices.get(r.number, float("inf")), float(r.price))
        return _best(prices)
    if rule.startswith("earliest"):
        return _best({r.number: float(r.dep or 0) for r in pool})
    if rule == "latest_arrival_direct":
        return _best({r.number: float(r.arr or 0) for r in pool}, highest=True)
    if rule == "shortest_duration_direct":
        return _best({r.number: float(_duration(r)) for r in pool})
    if rule in ("departure_time_range", "arrival_time_range"):
        if spec.window is None:
            req.note = "time window not read from the request; any service counts"
            return sorted({r.number for r in routes})
        lo, hi = spec.window
        at = (lambda r: r.dep) if rule.startswith("departure") else (lambda r: r.arr)
        return sorted({r.number for r in routes if at(r) is not None and lo <= at(r) <= hi})
    if rule == "seat_class":
        wanted = _match(spec.seat_class, [r.seat_class for r in routes])
        req.note = "" if wanted else "seat class not read from the request; any class counts"
        return sorted({r.number for r in routes if not wanted or r.seat_class == wanted})
    if rule == "seat_status":
        need = int(spec.params.get("people_number") or ctx.people)
        return sorted({r.number for r in routes if r.has_seats(need)})
    req.note = f"rule {rule!r} unknown; any direct service counts"
    return sorted({r.number for r in direct})


def _hotels(spec: ConstraintSpec, ctx: TravelContext, req: Request) -> list[str]:
    rows = ctx.db.hotels
    price = {n: float(as_number(r.get("price")) or 0) for n, r in rows.items()}
    score = {n: float(as_number(r.get("score")) or 0) for n, r in rows.items()}
    star = {n: (r.get("hotel_star") or "").strip() for n, r in rows.items()}
    brand = {n: (r.get("brand") or "").strip() for n, r in rows.items()}
    want_star = str(spec.star) if spec.star is not None else None
    rule = spec.rule
    if "brand" in rule:
        wanted = _match(spec.brand, list(brand.values()))
        req.note = "" if wanted else "brand not read from the request; every hotel counts"
        pool = [n for n in rows if not wanted or brand[n] == wanted]
        return _best({n: price[n] for n in pool}) if rule == "cheapest_brand" else _best(
            {n: score[n] for n in pool}, highest=True)
    if rule == "highest_rated":
        return _best(score, highest=True)
    if rule == "cheapest_star":
        return _best({n: p for n, p in price.items() if star[n] == want_star})
    if rule == "star_highest_rated":
        return _best({n: s for n, s in score.items() if star[n] == want_star}, highest=True)
    if rule == "newest_decoration":
        year = int(as_number(spec.params.get("year_threshold")) or 0)
        return sorted(n for n, r in rows.items() if int(as_number(r.get("decoration_time")) or 0) >= year)
    if rule == "price_range":
        lo, hi = float(spec.params.get("min_price") or 0), float(spec.params.get("max_price") or 1e12)
        return sorted(n for n, p in price.items() if lo <= p <= hi)
    if rule == "star_service_required":
        return sorted(n for n, r in rows.items() if star[n] == want_star
                      and spec.service in (r.get("services") or "").split(";"))
    req.note = f"rule {rule!r} unknown; every hotel counts"
    return sorted(rows)


def _quoted_names(context: str, pool: Sequence[str]) -> list[str]:
    """Names the request quotes (matched to the database spelling), else database names it spells out."""
    found = [_closest(q.strip(), pool) for q in _QUOTED.findall(context + " ")]
    names = list(dict.fromkeys(n for n in found if n))
    return names or sorted((n for n in pool if len(n) > 3 and n in context), key=context.index)


def _restaurants(spec: ConstraintSpec, ctx: TravelContext, req: Request) -> list[str]:
    if spec.rule == "must_eat_named":
        given = _closest(str(spec.params.get("restaurant_name") or ""), list(ctx.db.restaurants))
        names = [given] if given else _quoted_names(spec.context, list(ctx.db.restaurants))
        if not names:
            req.note = "no restaurant of this name in the database"
        return names
    req.anchor = str(spec.params.get("attraction_name") or "")
    near = {n: ctx.restaurant(n) or {} for n in ctx.restaurants_near(req.anchor)}
    rule = spec.rule
    if rule == "cheapest_nearby_attraction":
        return _best({n: float(as_number(r.get("price_per_person")) or 0) for n, r in near.items()})
    if rule == "highest_rated":
        return _best({n: float(as_number(r.get("rating")) or 0) for n, r in near.items()}, highest=True)
    if rule == "closest_to_attraction":
        return _best({n: float(ctx.road(req.anchor, n).meters) for n in near})
    if rule == "specific_cuisine_nearby":
        wanted = _match(spec.cuisine, [(r.get("cuisine") or "").strip() for r in near.values()])
        req.note = "" if wanted else "cuisine not read from the request; any restaurant nearby counts"
        return sorted(n for n, r in near.items() if not wanted or (r.get("cuisine") or "").strip() == wanted)
    if rule == "specific_tag_nearby":
        tag = spec.tag or str(spec.params.get("required_tag") or "")
        return sorted(n for n, r in near.items() if not tag or tag in (r.get("tags") or "").split(";"))
    req.note = f"rule {rule!r} unknown; any restaurant near the place counts"
    return sorted(near)


def _attractions(spec: ConstraintSpec, ctx: TravelContext, req: Request) -> list[str]:
    rows = ctx.db.attractions
    rating = {n: float(as_number(r.get("rating")) or 0) for n, r in rows.items()}
    kind = {n: (r.get("attraction_type") or "").strip() for n, r in rows.items()}
    rule = spec.rule
    if rule == "must_visit_named":
        given = [_closest(str(n), list(rows)) for n in spec.params.get("attraction_names") or []]
        names = list(dict.fromkeys(n for n in given if n)) or _quoted_names(spec.context, list(rows))
        if not names:
            req.note = "no attraction of these names in the database"
        req.need = len(names)
        return names
    if rule == "top_rated_must_visit":
        count = int(as_number(spec.params.get("count")) or 3)
        ordered = sorted(rating.values(), reverse=True)
        req.need = min(count, len(ordered))
        return sorted(n for n, r in rating.items() if ordered and r >= ordered[req.need - 1])
    wanted_type = str(spec.params.get("attraction_type") or "")
    if rule == "all_of_type":
        names = sorted(n for n, t in kind.items() if t == wanted_type)
        req.need = len(names)
        return names
    if rule == "type_highest_rated":
        return _best({n: r for n, r in rating.items() if kind[n] == wanted_type}, highest=True)
    if rule == "all_free_attractions":
        names = sorted(n for n, r in rows.items() if not as_number(r.get("ticket_price")))
        req.need = len(names)
        return names
    req.note = f"rule {rule!r} unknown; any attraction counts"
    return sorted(rows)


def spec_of(stated: StatedRequest) -> ConstraintSpec:
    """The rule of a stated request with the values its reader gave (never re-read from gold)."""
    p = dict(stated.params)
    kind = stated.key.split("_", 1)[0]
    window = None
    if isinstance(p.get("window"), str) and "-" in p["window"]:
        lo, _, hi = p["window"].partition("-")
        window = (to_minutes(lo), to_minutes(hi)) if ":" in lo and ":" in hi else None
    star = p.get("hotel_star")
    return ConstraintSpec(key=stated.key, kind=kind, params=p, context=stated.text, window=window,
                          seat_class=p.get("seat_class"), airline=p.get("airline"), maker=p.get("manufacturer"),
                          train_type=p.get("train_type"), brand=p.get("brand"), cuisine=p.get("cuisine"),
                          tag=p.get("required_tag"), star=int(star) if isinstance(star, (int, float)) else None,
                          service=p.get("required_service"))


def build_requests(ctx: TravelContext, stated: StatedTask) -> list[Request]:
    """The visible requirement of every stated request (see module docstring)."""
    out = []
    for item in stated.requests:
        spec = spec_of(item)
        text = spec.context or spec.key.replace("_", " ")
        req = Request(spec.key, spec.kind if spec.kind in ("hotel", "restaurant", "attraction") else "other", text)
        if spec.kind in ("train", "flight"):
            req.kind, req.mode = "transport", spec.kind
            legs = [leg for leg in ("out", "back") if leg in (spec.params.get("legs") or [])] or ["out"]
            req.candidates = {leg: _transport(spec, ctx, leg, req) for leg in legs}
        elif spec.kind == "hotel":
            req.candidates = {"hotel": _hotels(spec, ctx, req)}
        elif spec.kind == "restaurant":
            req.candidates = {"restaurant": _restaurants(spec, ctx, req)}
        elif spec.kind == "attraction":
            req.candidates = {"attraction": _attractions(spec, ctx, req)}
        elif spec.key == "budget_constraint":
            req.kind, req.cap = "budget", float(as_number(spec.params.get("max_budget")) or 0)
            req.text = f"the whole trip costs at most {req.cap:g} yuan"
        else:
            continue
        out.append(req)
    return out


def _acts(plan: Any, kind: str) -> list[tuple[int, int, dict[str, Any]]]:
    out = []
    days = plan.get("daily_plans") if isinstance(plan, dict) else None
    for d, day in enumerate(days if isinstance(days, list) else []):
        acts = day.get("activities") if isinstance(day, dict) else None
        for a, act in enumerate(acts if isinstance(acts, list) else []):
            if isinstance(act, dict) and act.get("type") == kind and isinstance(act.get("details"), dict):
                out.append((d, a, act["details"]))
    return out


def _steps(built: Built, locations: list[tuple[int, int]], limit: int = 3) -> list[int]:
    return sorted({built.origin[loc] for loc in locations if loc in built.origin})[:limit]


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return shown + (f" (+{len(names) - _SHOWN} more)" if len(names) > _SHOWN else "")


def _saving(step: Step, ctx: TravelContext) -> float:
    """How much the trip would save if this step used the cheapest option of its kind."""
    name = entity_of(step)
    if step.action == "travel_intercity_public":
        routes = ctx.routes_by_number.get(name, [])
        leg = ctx.leg_routes("out" if routes and routes[0].origin_city == ctx.org else "back")
        prices = [float(r.price) for r in leg if r.direct and r.price is not None]
        now = min((float(r.price) for r in routes if r.price is not None), default=0.0)
        return (now - min(prices, default=now)) * ctx.people
    table, column, factor = {"meal": (ctx.db.restaurants, "price_per_person", ctx.people),
                             "attraction": (ctx.db.attractions, "ticket_price", ctx.people),
                             "hotel": (ctx.db.hotels, "price", ctx.rooms)}.get(step.action, ({}, "", 0))
    if name not in table or str(step.args.get("activity", "")).lower() == "check-out":
        return 0.0
    prices = [float(as_number(row.get(column)) or 0) for row in table.values()]
    return (float(as_number(table[name].get(column)) or 0) - min(prices, default=0.0)) * factor


def check_request(req: Request, trace: ExecutionTrace, ctx: TravelContext, protected: frozenset[str] = frozenset(),
                  steps: Sequence[Step] = ()) -> ConstraintCheck:
    """Does the plan in ``trace`` meet the stated requirement? Blame says which steps to change.

    Entities in ``protected`` (answers to other requests) are never blamed: replacing them
    would trade one unmet request for another.
    """
    plan, built = trace.info["plan"], trace.info["built"]
    note = f" ({req.note})" if req.note else ""
    if req.kind == "budget":
        try:
            total = evaluator_cost(plan.get("daily_plans") or [], ctx.meta).total
        except (AttributeError, TypeError) as exc:  # malformed literal steps; the benchmark fails the task too
            return ConstraintCheck(False, f"{req.text}: the cost cannot be computed ({exc})")
        if req.cap is not None and total <= req.cap:
            return ConstraintCheck(True)
        gains = sorted(((_saving(step, ctx), i) for i, step in enumerate(steps) if entity_of(step) not in protected),
                       reverse=True)
        return ConstraintCheck(False, f"{req.text}: the plan costs {total:.0f}, {total - (req.cap or 0):.0f} too much; "
                               "choose cheaper options", blame=sorted(i for gain, i in gains[:2] if gain > 0))
    if not any(req.candidates.values()):
        return ConstraintCheck(True, f"{req.text}: nothing in the database fits this request, so it is not checked")
    if req.kind == "transport":
        modes = FLIGHT_MODES if req.mode == "flight" else TRAIN_MODES
        legs = [(d, a, det) for d, a, det in _acts(plan, "travel_intercity_public")
                if str(det.get("mode", "")).lower() in modes]
        used = {str(det.get("number", "")) for _d, _a, det in legs}
        for leg, options in req.candidates.items():
            if options and not used & set(options):
                day = 0 if leg == "out" else len(plan.get("daily_plans") or [1]) - 1
                where = [(d, a) for d, a, _ in legs if d == day] or [
                    (d, a) for d, a, _ in _acts(plan, "travel_intercity_public") if d == day]
                word = "outbound" if leg == "out" else "return"
                return ConstraintCheck(False, f"{req.text}: the {word} {req.mode} should be one of "
                                       f"{_listing(options)}{note}", blame=_steps(built, where, 2))
        return ConstraintCheck(True)
    options = req.names()
    if req.kind == "hotel":
        days = plan.get("daily_plans") or []
        stays = {day.get("accommodation", {}).get("name") for day in days
                 if isinstance(day, dict) and isinstance(day.get("accommodation"), dict)}
        if stays & set(options):
            return ConstraintCheck(True)
        where = [(d, a) for d, a, det in _acts(plan, "hotel") if str(det.get("activity", "")).lower() != "check-out"]
        return ConstraintCheck(False, f"{req.text}: stay at {_listing(options)}{note}", blame=_steps(built, where))
    if req.kind == "restaurant":
        meals = _acts(plan, "meal")
        if {det.get("name") for _d, _a, det in meals} & set(options):
            return ConstraintCheck(True)
        anchor_days = {d for d, _a, det in _acts(plan, "attraction") if det.get("name") == req.anchor}
        where = [(d, a) for d, a, det in meals if d in anchor_days and det.get("name") not in protected]
        where = where or [(d, a) for d, a, det in meals if det.get("name") not in protected][-1:]
        return ConstraintCheck(False, f"{req.text}: eat at {_listing(options)}{note}", blame=_steps(built, where, 2))
    visits = _acts(plan, "attraction")
    seen = {det.get("name") for _d, _a, det in visits}
    missing = [n for n in options if n not in seen]
    if len(options) - len(missing) >= req.need:
        return ConstraintCheck(True)
    short = req.need - (len(options) - len(missing))
    where = [(d, a) for d, a, det in visits if det.get("name") not in protected]
    return ConstraintCheck(False, f"{req.text}: also visit {_listing(missing)}{note}",
                           blame=_steps(built, where, short))


def protected_names(requests: list[Request]) -> frozenset[str]:
    """Every entity that answers some request (never blamed for another request's failure)."""
    return frozenset(n for r in requests for n in r.names())


def request_constraints(ctx: TravelContext, requests: list[Request]) -> list[Constraint]:
    """Visible hard constraints, one per request, named ``request/<key>``."""
    protected = protected_names(requests)

    def make(req: Request) -> Constraint:
        def check(trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
            return check_request(req, trace, ctx, protected, steps)

        return Constraint(f"request/{req.key}", req.text + (f" ({req.note})" if req.note else ""), check)

    return [make(r) for r in requests]
