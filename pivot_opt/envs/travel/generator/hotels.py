"""Hotels of a task: the named answer plus near-miss distractors (spec §3.2, §9).

Why: each hotel rule (cheapest of a brand, highest rated of a star level, price window, ...)
needs rivals that almost win (a cheaper hotel of another brand, the same star without the
service, ...) while the named hotel stays the only one that does.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from pivot_opt.envs.travel.generator.constraint_text import ConstraintSpec
from pivot_opt.envs.travel.generator.geo import Placer
from pivot_opt.envs.travel.generator.model import Hotel
from pivot_opt.envs.travel.generator.vocab import (
    DISTRICT_WORDS,
    HOTEL_SERVICES,
    HOTEL_TAGS,
    KNOWN_HOTEL_BRANDS,
    NAME_WORDS,
    STREET_WORDS,
)

__all__ = ["HotelBuilder", "guess_brand"]


def guess_brand(name: str) -> str | None:
    """The known brand a hotel name mentions, if any."""
    low = name.lower()
    for brand, words in KNOWN_HOTEL_BRANDS.items():
        if any(word in low for word in words):
            return brand
    return None


def _round1(value: float) -> float:
    return round(min(5.0, max(1.0, value)), 1)


@dataclass
class HotelBuilder:
    """Builds every hotel of one task's destination city."""

    rng: random.Random
    placer: Placer
    city: str
    brands: list[str]
    count: int
    taken: set[str]

    def _name(self, brand: str | None) -> str:
        while True:
            word, street = self.rng.choice(NAME_WORDS), self.rng.choice(STREET_WORDS)
            if brand:
                name = f"{brand} {self.city} {word} {street} Road"
            else:
                name = (
                    f"{self.city} {word} {self.rng.choice(['Hotel', 'Grand Hotel', 'Boutique Hotel', 'Inn'])}"
                )
            if name not in self.taken:
                self.taken.add(name)
                return name

    def _address(self) -> str:
        return (
            f"{self.rng.randint(1, 399)} {self.rng.choice(STREET_WORDS)} Road, "
            f"{self.rng.choice(DISTRICT_WORDS)} District"
        )

    def hotel(
        self,
        name: str | None = None,
        brand: str | None = None,
        star: int | None = None,
        price: int | None = None,
        score: float | None = None,
        near_center: bool = False,
    ) -> Hotel:
        """One hotel; values left out are drawn at random, consistent with the star level."""
        brand = (
            brand
            or (guess_brand(name) if name else None)
            or (self.rng.choice(self.brands) if self.rng.random() < 0.6 else None)
        )
        typical = {
            "Hilton": (4, 5),
            "Marriott": (5,),
            "Hanting Hotel": (2, 3),
            "Home Inn": (2, 3),
            "Jinjiang Inn": (2, 3),
            "Ji Hotel": (3, 4),
            "Orange Hotel": (3, 4),
            "Atour Hotel": (3, 4),
        }
        star = star or self.rng.choice(typical.get(brand or "", (2, 3, 3, 4, 4, 5)))
        name = name or self._name(brand)
        self.taken.add(name)
        lat, lon = self.placer.around(self.placer.center, 0.4, 3.0 if near_center else 6.5)
        base = {1: 90, 2: 130, 3: 220, 4: 360, 5: 650}[max(1, min(5, star))]
        services = sorted(self.rng.sample(HOTEL_SERVICES, self.rng.randint(2, 4)), key=HOTEL_SERVICES.index)
        return Hotel(
            name=name,
            lat=lat,
            lon=lon,
            kind="hotel",
            address=self._address(),
            decoration_time=self.rng.randint(2012, 2024),
            star=star,
            price=price if price is not None else int(base * self.rng.uniform(0.75, 1.5)),
            score=score if score is not None else _round1(self.rng.uniform(3.9, 4.8)),
            brand=brand or "Other",
            services=services,
            tags=sorted(self.rng.sample(HOTEL_TAGS, 2), key=HOTEL_TAGS.index),
            stock=self.rng.randint(2, 40),
            city=self.city,
        )

    def answer(self, spec: ConstraintSpec) -> Hotel:
        """The hotel `meta_info` names, with the attributes its rule needs."""
        params = spec.params
        price = params.get("hotel_price")
        score = params.get("hotel_score")
        brand = spec.brand if "brand" in spec.rule else None
        hotel = self.hotel(
            name=str(params["hotel_name"]),
            brand=brand,
            star=spec.star,
            price=int(round(float(price))) if price is not None else None,
            score=_round1(float(score)) if score is not None else None,
            near_center=True,
        )
        if spec.rule == "highest_rated" and score is None:
            hotel.score = 4.9
        if spec.rule == "newest_decoration":
            hotel.decoration_time = int(params.get("decoration_time") or params.get("year_threshold") or 2024)
        if spec.rule == "price_range" and price is None:
            hotel.price = (int(params["min_price"]) + int(params["max_price"])) // 2
        if spec.service and spec.service not in hotel.services:
            hotel.services = sorted([*hotel.services, spec.service], key=HOTEL_SERVICES.index)
        return hotel

    def build(self, spec: ConstraintSpec | None, extra_names: list[str]) -> list[Hotel]:
        """The answer first, then near misses, named extras and random fillers, all kept losing."""
        hotels: list[Hotel] = []
        near: list[Hotel] = []
        gt = self.answer(spec) if spec is not None and spec.params.get("hotel_name") else None
        if gt is not None:
            hotels.append(gt)
            near = self._near_misses(spec, gt) if spec is not None else []
        extras = [self.hotel(name=name) for name in extra_names if gt is None or name != gt.name]
        fillers = [self.hotel() for _ in range(max(0, self.count - 1 - len(near) - len(extras)))]
        others = [*near, *extras, *fillers]
        if gt is not None and spec is not None:
            keep_losing = self._loser(spec, gt)
            for other in others:
                keep_losing(other)
        hotels.extend(others)
        return hotels

    def _near_misses(self, spec: ConstraintSpec, gt: Hotel) -> list[Hotel]:
        rng, rule, made = self.rng, spec.rule, []
        brand_rivals = [b for b in self.brands if b != gt.brand] or ["Other"]
        if rule in ("cheapest_brand", "brand_highest_rated"):
            made += [self.hotel(brand=gt.brand) for _ in range(2)]
            made.append(self.hotel(brand=rng.choice(brand_rivals)))
            if rule == "cheapest_brand":
                made[-1].price = max(60, gt.price - rng.randint(15, 60))
            else:
                made[-1].score = _round1(min(5.0, gt.score + 0.1))
        elif rule in ("cheapest_star", "star_highest_rated", "star_service_required"):
            made += [self.hotel(star=gt.star) for _ in range(2)]
            rival_star = gt.star - 1 if gt.star > 2 else gt.star + 1
            made.append(self.hotel(star=rival_star))
            if rule == "cheapest_star":
                made[-1].price = max(60, gt.price - rng.randint(15, 60))
            elif rule == "star_highest_rated":
                made[-1].score = _round1(min(5.0, gt.score + 0.1))
            else:
                service = spec.service or ""
                third = next(s for s in (5, 4, 3, 2) if s not in (gt.star, rival_star))
                made.append(self.hotel(star=third))
                for hotel in made[2:]:
                    hotel.services = sorted({*hotel.services, service}, key=HOTEL_SERVICES.index)
        elif rule == "price_range":
            lo, hi = int(spec.params["min_price"]), int(spec.params["max_price"])
            made += [
                self.hotel(price=max(50, lo - rng.randint(5, 30))),
                self.hotel(price=hi + rng.randint(5, 40)),
            ]
        elif rule == "newest_decoration":
            made.append(self.hotel())
            made[-1].decoration_time = int(spec.params.get("year_threshold") or gt.decoration_time) - 1
        elif rule == "highest_rated":
            made.append(self.hotel(score=_round1(gt.score - 0.1)))
        return made

    def _loser(self, spec: ConstraintSpec, gt: Hotel) -> Callable[[Hotel], None]:
        """A function that edits a rival hotel so that it cannot answer `spec`."""
        rng, rule = self.rng, spec.rule

        def fix(h: Hotel) -> None:
            if rule == "highest_rated":
                h.score = min(h.score, _round1(gt.score - 0.1 - rng.choice([0, 0.1, 0.3])))
            elif rule == "cheapest_brand" and h.brand == gt.brand:
                h.price = max(h.price, gt.price + rng.randint(12, 90))
            elif rule == "brand_highest_rated" and h.brand == gt.brand:
                h.score = min(h.score, _round1(gt.score - 0.1 - rng.choice([0, 0.2])))
            elif rule == "cheapest_star" and h.star == gt.star:
                h.price = max(h.price, gt.price + rng.randint(12, 90))
            elif rule == "star_highest_rated" and h.star == gt.star:
                h.score = min(h.score, _round1(gt.score - 0.1 - rng.choice([0, 0.2])))
            elif rule == "newest_decoration":
                year = int(spec.params.get("year_threshold") or gt.decoration_time)
                h.decoration_time = min(h.decoration_time, year - 1)
            elif rule == "price_range":
                lo, hi = float(spec.params["min_price"]), float(spec.params["max_price"])
                if lo <= h.price <= hi:
                    h.price = int(hi) + rng.randint(5, 80)
            elif rule == "star_service_required" and h.star == gt.star and spec.service in h.services:
                h.services = [s for s in h.services if s != spec.service]

        return fix
