"""Valid next steps as short enums, and the compact task description the planner sees.

Why short, ranked enums: the embedded 135M model decodes under a JSON-schema grammar, so it
always names a real entity, but it chooses poorly among many. Each enum therefore holds a
few candidates (``ENUM_SIZE``), best first: entities that meet an unmet stated request, then
ones near the day's places, then the best rated. When a step is blamed by an unmet request of
its own kind, it may only become one of that request's candidates (for a train or flight, those
of its leg): the gradient steers the grammar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pivot_opt.envs.travel.data.context import TravelContext, as_number, hhmm
from pivot_opt.envs.travel.planning import action_prompts as prompts
from pivot_opt.envs.travel.plans.schedule import Built
from pivot_opt.envs.travel.plans.steps import ENTITY_ARG, entity_of
from pivot_opt.envs.travel.requests.checks import Request
from pivot_opt.schemas import step_schema
from pivot_opt.step import Step

__all__ = ["ENUM_SIZE", "PLACE_ACTIONS", "ActionSpace"]

ENUM_SIZE = 6
PLACE_ACTIONS = ("travel_intercity_public", "attraction", "meal", "hotel")
_KIND = {"travel_intercity_public": "transport", "attraction": "attraction", "meal": "restaurant", "hotel": "hotel"}


def _unique(names: Sequence[str], used: set[str], limit: int = ENUM_SIZE) -> list[str]:
    return [n for n in dict.fromkeys(names) if n and n not in used][:limit]


class ActionSpace:
    """Ranked candidates per action and the one-step schemas built from them."""

    def __init__(self, ctx: TravelContext, requests: list[Request]) -> None:
        self.ctx = ctx
        self.requests = requests
        db = ctx.db
        self.attraction_rank = sorted(db.attractions, key=lambda n: -float(
            as_number(db.attractions[n].get("rating")) or 0))
        self.restaurant_rank = sorted(db.restaurants, key=lambda n: -float(
            as_number(db.restaurants[n].get("rating")) or 0))
        self.hotel_rank = sorted(db.hotels, key=lambda n: -float(as_number(db.hotels[n].get("score")) or 0))
        self.cheap = {
            "attraction": sorted(db.attractions, key=lambda n: float(as_number(db.attractions[n].get("ticket_price"))
                                                                     or 0)),
            "meal": sorted(db.restaurants, key=lambda n: float(as_number(db.restaurants[n].get("price_per_person"))
                                                               or 0)),
            "hotel": sorted(db.hotels, key=lambda n: float(as_number(db.hotels[n].get("price")) or 0)),
        }
        self.budget = any(r.kind == "budget" for r in requests)

    # -- candidates -------------------------------------------------------------------------
    def wanted(self, kind: str, unmet: set[str] | None = None, part: str | None = None) -> list[str]:
        """Candidates of the (unmet) requests of one kind, in request order."""
        out: list[str] = []
        for req in self.requests:
            if req.kind == kind and (unmet is None or req.key in unmet):
                for key, names in req.candidates.items():
                    if part is None or key == part:
                        out.extend(names)
        return out

    def leg_of(self, day: int) -> str | None:
        return "out" if day == 1 else "back" if day == self.ctx.days else None

    def services(self, day: int, unmet: set[str] | None = None, cheap: bool = False) -> list[str]:
        """Direct services with seats for the leg starting on ``day``: early out / late back, or cheap first."""
        leg = self.leg_of(day)
        if leg is None:
            return []
        routes = sorted((r for r in self.ctx.leg_routes(leg) if r.direct and r.has_seats(self.ctx.people)),
                        key=lambda r: (r.price or 0) if cheap else (r.dep or 0) if leg == "out" else -(r.dep or 0))
        return _unique(self.wanted("transport", unmet, leg) + [r.number for r in routes], set())

    def attractions(self, day: int, used: set[str], unmet: set[str] | None = None) -> list[str]:
        pool = [n for n in self.wanted("attraction", unmet) + self.attraction_rank if not self.ctx.closed_on(n, day)]
        return _unique(pool, used)

    def restaurants(self, used: set[str], near: str | None = None, unmet: set[str] | None = None) -> list[str]:
        nearby = self.ctx.restaurants_near(near) if near else []
        return _unique(self.wanted("restaurant", unmet) + nearby + self.restaurant_rank, used)

    def hotels(self, current: Sequence[str] = (), unmet: set[str] | None = None) -> list[str]:
        return _unique(self.wanted("hotel", unmet) + list(current) + self.hotel_rank, set(), 4)

    # -- schemas ----------------------------------------------------------------------------
    def options(self, action: str, day: int, used: set[str], near: str | None, hotels: Sequence[str],
                unmet: set[str], only: list[str] | None, cheap: bool = False) -> list[str]:
        if only:
            return _unique(only, used if action != "hotel" else set())
        if cheap and action in self.cheap:
            pool = self.cheap[action]
            if action == "attraction":
                pool = [n for n in pool if not self.ctx.closed_on(n, day)]
            return _unique(self.wanted(_KIND[action], unmet) + pool, used if action != "hotel" else set())
        if action == "travel_intercity_public":
            return self.services(day, unmet, cheap)
        if action == "attraction":
            return self.attractions(day, used, unmet)
        if action == "meal":
            return self.restaurants(used, near, unmet)
        return self.hotels(hotels, unmet)

    def schema(self, steps: Sequence[Step], position: int | None, built: Built,
               blamed_by: dict[int, list[Request]], unmet: set[str]) -> dict[str, Any]:
        """JSON schema of one valid step at ``position`` (see module docstring)."""
        used = {entity_of(s) for i, s in enumerate(steps) if i != position and s.action in ("attraction", "meal")}
        hotels = [entity_of(s) for s in steps if s.action == "hotel"]
        if position is None:
            return self._anywhere(used, hotels, unmet)
        last_day = built.step_day[-1] if built.step_day else 1
        day = built.step_day[position] if position < len(steps) else max(1, last_day)
        days = [day] if position < len(steps) else list(range(day, max(day, self.ctx.days) + 1))
        current = steps[position] if position < len(steps) else None
        near = None
        if position > 0 and position - 1 < len(built.states):
            near = built.states[position - 1].get("place")
        blamers = blamed_by.get(position, [])
        order = [a for a in PLACE_ACTIONS if current is None or a != current.action]
        if current is not None and current.action in PLACE_ACTIONS:
            order.insert(0, current.action)
            if any(req.kind == _KIND[current.action] for req in blamers):
                # Blamed by a request of its own kind: the step stays that kind and may only become
                # one of the request's answers (a train in place of the wrong train, not a museum).
                order = [current.action]
        out = []
        for action in order:
            only = None
            for req in blamers:
                if _KIND.get(action) == req.kind:
                    leg = self.leg_of(day) if req.kind == "transport" else None
                    only = req.candidates.get(leg, []) if leg in req.candidates else req.names()
            cheap = any(req.kind == "budget" for req in blamers)
            if action == "travel_intercity_public" and not only and (
                    self.leg_of(day) is None or (current is not None and current.action != action)):
                continue  # trains and flights only where a leg starts, or in place of one
            names = self.options(action, day, used, near, hotels, unmet, only, cheap)
            if names:
                arg = ENTITY_ARG[action]
                out.append(step_schema(action, {"day": {"type": "integer", "enum": days},
                                                arg: {"type": "string", "enum": names}}))
        return {"anyOf": out} if len(out) != 1 else out[0]

    def _anywhere(self, used: set[str], hotels: Sequence[str], unmet: set[str]) -> dict[str, Any]:
        """One step to insert anywhere: its day comes from where it is inserted."""
        names = (self.wanted("transport", unmet) + self.wanted("attraction", unmet, None)
                 + self.wanted("restaurant", unmet) + self.wanted("hotel", unmet))
        names += self.attraction_rank[:4] + self.restaurant_rank[:4] + self.hotels(hotels)
        names += self.services(1) + self.services(self.ctx.days)
        return {
            "type": "object",
            "properties": {
                "action": {"type": "string", "enum": list(PLACE_ACTIONS)},
                "args": {"type": "object", "properties": {"name": {"type": "string", "enum": _unique(names, used, 40)}},
                         "required": ["name"], "additionalProperties": False},
            },
            "required": ["action", "args"],
        }

    # -- description ------------------------------------------------------------------------
    def describe(self, query: str) -> str:
        """The request plus a compact action summary (short enough for a 4k-token context)."""
        ctx = self.ctx
        out_routes = list({r.number: r for r in ctx.leg_routes("out") if r.direct}.values())[:3]
        back_routes = list({r.number: r for r in ctx.leg_routes("back") if r.direct}.values())[:3]
        weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[ctx.weekday(1) - 1] if ctx.weekday(1) else "?"
        return prompts.DESCRIBE.format(
            query=query.strip(), org=ctx.org, dest=ctx.dest, days=ctx.days, date=ctx.depart_date, weekday=weekday,
            people=ctx.people, rooms=ctx.rooms,
            out=", ".join(f"{r.number} {hhmm(r.dep or 0)}" for r in out_routes) or "none",
            back=", ".join(f"{r.number} {hhmm(r.dep or 0)}" for r in back_routes) or "none",
        )
