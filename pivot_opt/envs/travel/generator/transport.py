"""Trains and flights of a task: both legs, direct and connecting, shaped by the constraint.

Why: the transport constraint names one service per leg; the data must make it the only right
answer by the rule of its type (§9) and surround it with near misses (a cheaper connecting route,
an earlier flight of another airline, a train just outside the time window, ...).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pivot_opt.envs.travel.generator.constraint_text import ConstraintSpec
from pivot_opt.envs.travel.generator.model import Fare, Hub, Route, Segment
from pivot_opt.envs.travel.generator.vocab import AIRCRAFT, AIRLINE_BY_CODE, TRAIN_TYPES

__all__ = ["LegPlan", "TransportBuilder"]

LATEST_ARRIVAL = 23 * 60 + 40
TYPE_FACTOR = {"G": 1.0, "D": 1.2, "C": 1.1, "K": 2.0, "T": 1.8, "Z": 1.6}
TYPE_RATE = {"G": 1.9, "D": 1.3, "C": 1.4, "K": 0.35, "T": 0.4, "Z": 0.45}


@dataclass
class LegPlan:
    """Where and when one leg runs."""

    leg: str
    origin_city: str
    destination_city: str
    date: str
    dep_hubs: list[Hub]
    arr_hubs: list[Hub]
    transfer: Hub


@dataclass
class TransportBuilder:
    """Builds the routes of one mode (`train` or `flight`) for both legs of a task."""

    rng: random.Random
    mode: str
    base_minutes: int
    used_numbers: set[str]
    airlines: list[tuple[str, str]]
    price_level: float = 1.0
    people: int = 1
    n_direct: int = 6
    routes: list[Route] = field(default_factory=list)

    # ----------------------------------------------------------------- small makers
    def _number(self, prefix: str | None = None) -> str:
        while True:
            if self.mode == "train":
                head = prefix or self.rng.choice("GGGGDDDCKTZ")
                number = f"{head}{self.rng.randint(10, 9999)}"
            else:
                head = prefix or self.rng.choice([code for code, _ in self.airlines])
                number = f"{head}{self.rng.randint(1000, 9999)}"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def _carrier(self, number: str) -> str:
        if self.mode == "train":
            return TRAIN_TYPES.get(number[0], "High-speed Rail")
        code = number[:2]
        for known_code, name in self.airlines:
            if known_code == code:
                return name
        return AIRLINE_BY_CODE.get(code, f"{code} Airlines")

    def _duration(self, number: str) -> int:
        factor = TYPE_FACTOR.get(number[0], 1.0) if self.mode == "train" else 1.0
        return max(25, int(self.base_minutes * factor * self.rng.uniform(0.92, 1.12)))

    def _price(self, number: str, duration: int) -> int:
        if self.mode == "train":
            value = duration * TYPE_RATE.get(number[0], 0.4) * self.rng.uniform(0.9, 1.15)
        else:
            value = (260 + duration * 2.4) * self.rng.uniform(0.75, 1.35)
        return max(8, int(round(value * self.price_level)))

    def _fares(self, number: str, base: int) -> list[Fare]:
        if self.mode == "train":
            fares = [Fare("Second Class Seat", base)]
            if number[0] in "GDC":
                fares.append(Fare("First Class Seat", int(round(base * 1.6))))
            if number[0] == "G" and self.rng.random() < 0.4:
                fares.append(Fare("Business Seat", int(round(base * 3.1))))
        else:
            fares = [Fare("Economy Class", base)]
            if self.rng.random() < 0.5:
                fares.append(Fare("Business Class", int(round(base * 2.4))))
            if self.rng.random() < 0.25:
                fares.append(Fare("First Class", int(round(base * 3.8))))
        for fare in fares:
            if self.rng.random() < 0.3:
                fare.seat_status = str(self.rng.choice([2, 3, 5, 9, 14, 21]))
        return fares

    def _segment(self, number: str, dep: Hub, arr: Hub, dep_min: int, duration: int) -> Segment:
        seg = Segment(number, self._carrier(number), dep, arr, dep_min, duration)
        if self.mode == "flight":
            maker = self.rng.choices(["Airbus", "Boeing", "COMAC"], [45, 40, 15])[0]
            seg.maker = maker
            seg.equip_type, seg.equip_size = self.rng.choice(AIRCRAFT[maker])
        return seg

    def direct(
        self,
        plan: LegPlan,
        number: str | None = None,
        dep_min: int | None = None,
        duration: int | None = None,
    ) -> Route:
        """A one-segment route; missing values are drawn at random within the day."""
        number = number or self._number()
        duration = duration or self._duration(number)
        if dep_min is None:
            dep_min = self.rng.randrange(6 * 60, max(6 * 60 + 5, min(21 * 60, LATEST_ARRIVAL - duration)), 5)
        seg = self._segment(
            number, self.rng.choice(plan.dep_hubs), self.rng.choice(plan.arr_hubs), dep_min, duration
        )
        return Route(
            plan.leg,
            plan.origin_city,
            plan.destination_city,
            plan.date,
            [seg],
            self._fares(number, self._price(number, duration)),
        )

    def connecting(self, plan: LegPlan, dep_min: int | None = None, price: int | None = None) -> Route:
        """A two-segment route through the leg's transfer hub."""
        first_n, second_n = self._number(), self._number()
        d1 = max(20, int(self.base_minutes * 0.7))
        d2 = max(20, int(self.base_minutes * 0.6))
        layover = self.rng.randrange(25, 70, 5)
        if dep_min is None:
            dep_min = self.rng.randrange(6 * 60, max(6 * 60 + 5, LATEST_ARRIVAL - d1 - d2 - layover), 5)
        segs = [
            self._segment(first_n, plan.dep_hubs[0], plan.transfer, dep_min, d1),
            self._segment(second_n, plan.transfer, plan.arr_hubs[0], dep_min + d1 + layover, d2),
        ]
        fare_class = "Second Class Seat" if self.mode == "train" else "Economy Class"
        value = price if price is not None else self._price(first_n, d1 + d2)
        return Route(
            plan.leg,
            plan.origin_city,
            plan.destination_city,
            plan.date,
            segs,
            [Fare(fare_class, max(5, value))],
        )

    # ----------------------------------------------------------------- one leg
    def build_leg(self, plan: LegPlan, spec: ConstraintSpec | None) -> None:
        """Append the routes of one leg, shaped by `spec` when it names this leg's service."""
        number = spec.numbers.get(plan.leg) if spec is not None else None
        if spec is None or number is None:
            self._free_leg(plan)
            return
        gt = self.direct(plan, number, dep_min=self._convenient_dep(plan, number))
        gt.segments[0].dep, gt.segments[0].arr = plan.dep_hubs[0], plan.arr_hubs[0]
        others = [self.direct(plan) for _ in range(self.n_direct - 1)]
        connecting = [self.connecting(plan) for _ in range(2)]
        shaper = getattr(self, f"_shape_{spec.rule}", None)
        if shaper is None:
            raise ValueError(f"no shaping rule for {spec.key}")
        shaper(plan, spec, gt, others, connecting)
        if spec.rule != "seat_status":  # the named service must also be bookable for the whole group
            for fare in gt.fares:
                if fare.seat_status and int(fare.seat_status) < self.people:
                    fare.seat_status = ""
        self.routes.extend([gt, *others, *connecting])

    def _convenient_dep(self, plan: LegPlan, number: str) -> int:
        duration = self._duration(number)
        if plan.leg == "out":
            return self.rng.randrange(7 * 60, 9 * 60 + 1, 5)
        latest = min(18 * 60 + 30, 22 * 60 + 30 - duration)
        return self.rng.randrange(min(16 * 60 + 30, latest), latest + 1, 5)

    def _free_leg(self, plan: LegPlan) -> None:
        """A leg no constraint names: one convenient direct service among random ones."""
        first = self.direct(plan)
        for fare in first.fares:
            fare.seat_status = ""
        first.segments[0].dep_min = self._convenient_dep(plan, first.segments[0].number)
        first.segments[0].duration = min(first.segments[0].duration, LATEST_ARRIVAL - first.dep_min)
        others = [self.direct(plan) for _ in range(max(2, self.n_direct - 3))]
        self.routes.extend([first, *others, self.connecting(plan)])

    # ----------------------------------------------------------------- shaping helpers
    @staticmethod
    def _raise_above(route: Route, floor: int, rng: random.Random) -> None:
        """Scale a route's fares so that its cheapest one is at least `floor`."""
        if route.min_price >= floor:
            return
        bump = floor + rng.randint(0, 25) - route.min_price
        for fare in route.fares:
            fare.price += bump

    def _retime(self, route: Route, dep_min: int) -> None:
        shift = dep_min - route.dep_min
        for seg in route.segments:
            seg.dep_min += shift

    def _outside(self, window: tuple[int, int], length: int, arrival: bool) -> int:
        """A departure time whose departure (or arrival) falls clearly outside `window`."""
        lo, hi = window
        for _ in range(200):
            dep = self.rng.randrange(5 * 60 + 30, max(5 * 60 + 35, LATEST_ARRIVAL - length), 5)
            probe = dep + length if arrival else dep
            if probe < lo - 10 or probe > hi + 10:
                return dep
        return 5 * 60 + 30 if (lo > 6 * 60 + 30 + (length if arrival else 0)) else LATEST_ARRIVAL - length

    # ----------------------------------------------------------------- rules
    def _shape_cheapest_direct(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        for route in others:
            self._raise_above(route, gt.min_price + 8, self.rng)
        if gt.min_price > 15:
            connecting[0].fares[0].price = max(5, int(gt.min_price * 0.8))

    def _shape_cheapest_train_type(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        same = spec.train_type or gt.segments[0].carrier
        prefix = gt.segments[0].number[0]
        for route in others[:2]:
            self._renumber(route, self._number(prefix))
        other_prefix = "K" if prefix != "K" else "D"
        self._renumber(others[2], self._number(other_prefix))
        for route in others:
            if route.segments[0].carrier == same:
                self._raise_above(route, gt.min_price + 8, self.rng)
        cheap = others[2]
        if gt.min_price > 12:
            for fare in cheap.fares:
                fare.price = max(5, int(gt.min_price * 0.6))

    def _renumber(self, route: Route, number: str) -> None:
        seg = route.segments[0]
        seg.number, seg.carrier = number, self._carrier(number)
        base = self._price(number, seg.duration)
        route.fares = self._fares(number, base)

    def _shape_earliest_departure_direct(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        self._retime(gt, self.rng.randrange(6 * 60 + 10, 7 * 60 + 20, 5))
        for route in others:
            if route.dep_min < gt.dep_min + 15:
                self._retime(route, gt.dep_min + self.rng.randrange(15, 240, 5))
        self._retime(connecting[0], gt.dep_min - self.rng.randrange(15, 35, 5))

    def _shape_earliest_airline_direct(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        self._airline_mates(spec, gt, others)
        self._retime(gt, self.rng.randrange(7 * 60, 8 * 60 + 30, 5))
        for route in others:
            if route.segments[0].carrier == gt.segments[0].carrier and route.dep_min < gt.dep_min + 15:
                self._retime(route, gt.dep_min + self.rng.randrange(20, 300, 5))
        self._retime(others[-1], gt.dep_min - self.rng.randrange(20, 60, 5))

    def _airline_mates(self, spec: ConstraintSpec, gt: Route, others: list[Route]) -> None:
        """Give the named airline to the answer and two other flights; keep one rival airline."""
        airline = spec.airline or gt.segments[0].carrier
        gt.segments[0].carrier = airline
        code = gt.segments[0].number[:2]
        for route in others[:2]:
            self._renumber(route, self._number(code))
            route.segments[0].carrier = airline
        for route in others[2:]:
            if route.segments[0].carrier == airline:
                rival = next(c for c, n in self.airlines if n != airline)
                self._renumber(route, self._number(rival))

    def _shape_cheapest_airline_direct(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        self._airline_mates(spec, gt, others)
        for route in others[:2]:
            self._raise_above(route, gt.min_price + 10, self.rng)
        for fare in others[-1].fares[:1]:
            fare.price = max(5, int(gt.min_price * 0.8))

    def _shape_cheapest_manufacturer_direct(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        maker = spec.maker or gt.segments[0].maker
        rival = "Boeing" if maker != "Boeing" else "Airbus"
        for route, chosen in [(gt, maker), (others[0], maker), (others[1], maker)] + [
            (r, rival) for r in others[2:]
        ]:
            seg = route.segments[0]
            seg.maker = chosen
            seg.equip_type, seg.equip_size = self.rng.choice(AIRCRAFT[chosen])
        for route in others[:2]:
            self._raise_above(route, gt.min_price + 10, self.rng)
        for fare in others[-1].fares[:1]:
            fare.price = max(5, int(gt.min_price * 0.8))

    def _shape_latest_arrival_direct(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        arrival = self.rng.randrange(21 * 60, 22 * 60 + 30, 5)
        self._retime(gt, arrival - gt.duration)
        for route in others:
            if route.arr_min > arrival - 15:
                self._retime(route, arrival - route.duration - self.rng.randrange(15, 300, 5))
        late = connecting[0]
        self._retime(late, min(LATEST_ARRIVAL, arrival + self.rng.randrange(15, 60, 5)) - late.duration)

    def _shape_shortest_duration_direct(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        for route in others:
            seg = route.segments[0]
            if seg.duration < gt.duration + 8:
                seg.duration = gt.duration + self.rng.randrange(8, 60)
                if route.arr_min > LATEST_ARRIVAL:
                    self._retime(route, LATEST_ARRIVAL - seg.duration)

    def _shape_departure_time_range(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        lo, hi = spec.window or (7 * 60, 11 * 60)
        latest = min(hi - 5, LATEST_ARRIVAL - 90 - gt.duration)
        start = min(lo + 5, latest)
        self._retime(
            gt,
            self.rng.randrange(start, max(start + 1, min(latest, lo + 60)) + 1, 5)
            if latest > start
            else start,
        )
        for route in [*others, *connecting]:
            if lo - 10 <= route.dep_min <= hi + 10:
                self._retime(route, self._outside((lo, hi), route.duration, arrival=False))

    def _shape_arrival_time_range(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        lo, hi = spec.window or (14 * 60, 18 * 60)
        target_hi = min(hi - 10, 22 * 60 + 30)
        arrival = self.rng.randrange(lo + 10, max(lo + 11, min(target_hi, lo + 90)), 5)
        self._retime(gt, arrival - gt.duration)
        for route in [*others, *connecting]:
            if lo - 10 <= route.arr_min <= hi + 10:
                self._retime(route, self._outside((lo, hi), route.duration, arrival=True))

    def _shape_seat_class(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        wanted = spec.seat_class or ("First Class Seat" if self.mode == "train" else "First Class")
        if not any(f.seat_class == wanted for f in gt.fares):
            factor = {
                "First Class Seat": 1.6,
                "Business Seat": 3.1,
                "First Class": 3.8,
                "Business Class": 2.4,
            }.get(wanted, 1.0)
            gt.fares.append(Fare(wanted, int(round(gt.fares[0].price * factor))))
        for route in [*others, *connecting]:
            route.fares = [f for f in route.fares if f.seat_class != wanted] or route.fares
            for fare in route.fares:
                if fare.seat_class == wanted:
                    fare.seat_class = "Second Class Seat" if self.mode == "train" else "Economy Class"

    def _shape_seat_status(
        self, plan: LegPlan, spec: ConstraintSpec, gt: Route, others: list[Route], connecting: list[Route]
    ) -> None:
        people = int(spec.params.get("people_number") or self.people)
        status = str(
            spec.params.get(f"{'outbound' if plan.leg == 'out' else 'inbound'}_seat_status")
            or people + self.rng.randint(1, 4)
        )
        gt.fares = [gt.fares[0]]
        gt.fares[0].seat_status = status
        for route in [*others, *connecting]:
            for fare in route.fares:
                fare.seat_status = str(self.rng.randint(0, max(0, people - 1)))
