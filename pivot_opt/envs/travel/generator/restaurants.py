"""Restaurants of a task, listed around every attraction, hotel and anchor (spec §3.4, §11.4).

Why: restaurant constraints are relative to the list near an anchor (cheapest, highest rated,
closest, the one with a cuisine or a tag), so each anchor's list holds the named answer and rivals
that lose by the rule, while near misses that would win elsewhere sit around other places.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pivot_opt.envs.travel.generator.constraint_text import CUISINE_WORDS, ConstraintSpec
from pivot_opt.envs.travel.generator.geo import Placer
from pivot_opt.envs.travel.generator.model import Point, Restaurant
from pivot_opt.envs.travel.generator.vocab import (
    CUISINE_NOUNS,
    CUISINES,
    NAME_WORDS,
    RESTAURANT_TAGS,
    STREET_WORDS,
)

__all__ = ["RestaurantBuilder"]

CHEAP = ("Fast Food", "Snacks", "Noodles")
PRICEY = ("Western Cuisine (Fusion)", "Seafood", "Japanese Cuisine")
WIDE_HOURS = (("10:00", "22:00"), ("10:30", "21:30"), ("09:30", "22:30"), ("10:00", "21:00"))
ANY_HOURS = (
    ("10:00", "21:00"),
    ("11:00", "22:00"),
    ("06:30", "14:00"),
    ("17:00", "02:00"),
    ("10:30", "20:30"),
    ("07:00", "23:00"),
    ("11:00", "14:30"),
)


def _cuisine_hints(name: str) -> list[str]:
    """Cuisines a restaurant name suggests (a teahouse serves tea, a noodle house noodles)."""
    low = name.lower()
    return [c for c, words in CUISINE_WORDS if any(w in low for w in words)]


def _r1(value: float) -> float:
    return round(max(1.0, min(5.0, value)), 1)


@dataclass
class AnchorRules:
    """What the constraints anchored at one place require of its restaurant list."""

    cheapest: tuple[str, int] | None = None
    highest: tuple[str, float] | None = None
    closest: str | None = None
    cuisines: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def loser_ok(self, r: Restaurant) -> bool:
        """True when `r` wins none of the rules it is not the named answer of."""
        if self.cheapest and self.cheapest[0] != r.name and r.price <= self.cheapest[1]:
            return False
        if self.highest and self.highest[0] != r.name and r.rating >= self.highest[1]:
            return False
        if any(c == r.cuisine and g != r.name for c, g in self.cuisines.items()):
            return False
        return not any(t in r.tags and g != r.name for t, g in self.tags.items())


@dataclass
class RestaurantBuilder:
    """Builds every restaurant row of one task."""

    rng: random.Random
    placer: Placer
    taken: set[str]
    per_place: int = 2
    per_anchor: int = 4
    made: list[Restaurant] = field(default_factory=list)

    def _name(self, cuisine: str) -> str:
        while True:
            name = f"{self.rng.choice(NAME_WORDS)} {self.rng.choice(CUISINE_NOUNS[cuisine])}"
            if self.rng.random() < 0.3:
                name += f" ({self.rng.choice(STREET_WORDS)} Branch)"
            if name not in self.taken:
                self.taken.add(name)
                return name

    def random(
        self,
        anchor: Point,
        cuisine: str | None = None,
        cheap: bool = False,
        km: tuple[float, float] = (0.15, 0.7),
    ) -> Restaurant:
        """A restaurant near `anchor` with plausible random attributes."""
        rng = self.rng
        cuisine = cuisine or (rng.choice(CHEAP) if cheap else rng.choice(CUISINES))
        if cheap or cuisine in CHEAP:
            price = rng.randint(12, 38)
        elif cuisine in PRICEY:
            price = rng.randint(80, 260)
        else:
            price = rng.randint(35, 150)
        tags = sorted(rng.sample(RESTAURANT_TAGS, rng.choice([0, 1, 1, 2])), key=RESTAURANT_TAGS.index)
        lat, lon = self.placer.around(anchor, *km)
        opening, closing = rng.choice(ANY_HOURS)
        return Restaurant(
            name=self._name(cuisine),
            lat=lat,
            lon=lon,
            kind="restaurant",
            price=price,
            cuisine=cuisine,
            opening_time=opening,
            closing_time=closing,
            anchor=anchor,
            rating=_r1(rng.uniform(3.6, 4.8)),
            tags=tags,
        )

    def build(
        self, specs: list[ConstraintSpec], places: dict[str, Point], quiet: list[Point], budget: bool
    ) -> list[Restaurant]:
        """Lists for every place in `places`; answers, rivals and near misses included.

        `quiet` are places no restaurant constraint is anchored at: they take the must-eat
        restaurants that name no anchor and the near misses.
        """
        rng = self.rng
        rules: dict[str, AnchorRules] = {}
        answers: dict[str, Restaurant] = {}
        home: dict[str, str] = {}
        for spec in specs:
            gt, anchor = str(spec.params.get("restaurant_name", "")), spec.params.get("attraction_name")
            if anchor:
                home.setdefault(gt, str(anchor))
        for spec in specs:
            gt = str(spec.params.get("restaurant_name", ""))
            if gt not in home:
                home[gt] = rng.choice(quiet).name
        for spec in specs:
            gt = str(spec.params.get("restaurant_name", ""))
            anchor = places[home[gt]]
            if gt not in answers:
                self.taken.add(gt)
                opening, closing = rng.choice(WIDE_HOURS)
                answers[gt] = Restaurant(
                    name=gt,
                    lat=0.0,
                    lon=0.0,
                    kind="restaurant",
                    price=0,
                    cuisine="",
                    opening_time=opening,
                    closing_time=closing,
                    anchor=anchor,
                    rating=0.0,
                )
            r = answers[gt]
            if spec.params.get("price_per_person") is not None and not r.price:
                r.price = int(round(float(spec.params["price_per_person"])))
            if spec.params.get("restaurant_rating") is not None and not r.rating:
                r.rating = _r1(float(spec.params["restaurant_rating"]))
            if spec.cuisine:
                r.cuisine = spec.cuisine
            if spec.tag and spec.tag not in r.tags:
                r.tags = sorted([*r.tags, spec.tag], key=RESTAURANT_TAGS.index)
            at = str(spec.params.get("attraction_name") or "")
            if at and spec.rule != "must_eat_named":
                ar = rules.setdefault(at, AnchorRules())
                if spec.rule == "cheapest_nearby_attraction":
                    ar.cheapest = (gt, r.price or 0)
                elif spec.rule == "highest_rated":
                    ar.highest = (gt, r.rating or 0.0)
                elif spec.rule == "closest_to_attraction":
                    ar.closest = gt
                elif spec.cuisine:
                    ar.cuisines[spec.cuisine] = gt
                elif spec.tag:
                    ar.tags[spec.tag] = gt
        self._finish_answers(answers, rules, budget)
        lists: dict[str, list[Restaurant]] = {name: [] for name in places}
        for r in answers.values():
            assert r.anchor is not None
            lists[r.anchor.name].append(r)
        for name, place in places.items():
            ar = rules.get(name)
            want = self.per_anchor if ar else self.per_place
            cheap_first = ar is None
            while len(lists[name]) < want + (1 if ar is None and name in home.values() else 0):
                lists[name].append(self._rival(place, ar, cheap_first))
                cheap_first = False
        for at, ar in rules.items():
            self._near_misses(at, ar, answers, lists, quiet)
        ordered = [r for name in places for r in lists[name]]
        for position, r in enumerate(ordered, start=1):
            r.restaurant_id = f"R{position:04d}"
        self.made = ordered
        return ordered

    def _finish_answers(
        self, answers: dict[str, Restaurant], rules: dict[str, AnchorRules], budget: bool
    ) -> None:
        """Fill the attributes `meta_info` left open, keeping each answer losing the other rules."""
        rng = self.rng
        for r in answers.values():
            assert r.anchor is not None
            ar = rules.get(r.anchor.name, AnchorRules())
            if not r.price:
                floor = ar.cheapest[1] + 5 if ar.cheapest and ar.cheapest[0] != r.name else 0
                r.price = max(floor, rng.randint(25, 70) if budget else rng.randint(40, 160))
            if not r.rating:
                top = ar.highest[1] - 0.1 if ar.highest and ar.highest[0] != r.name else 4.8
                r.rating = _r1(min(top, rng.uniform(3.9, 4.7)))
            if not r.cuisine:
                banned = {c for c, g in ar.cuisines.items() if g != r.name}
                hinted = [c for c in _cuisine_hints(r.name) if c not in banned]
                r.cuisine = hinted[0] if hinted else rng.choice([c for c in CUISINES if c not in banned])
            banned_tags = {t for t, g in ar.tags.items() if g != r.name}
            extra = [t for t in RESTAURANT_TAGS if t not in banned_tags and t not in r.tags]
            if extra and rng.random() < 0.5:
                r.tags = sorted([*r.tags, rng.choice(extra)], key=RESTAURANT_TAGS.index)
            km = (0.04, 0.09) if ar.closest == r.name else (0.2, 0.6)
            r.lat, r.lon = self.placer.around(r.anchor, *km)

    def _rival(self, place: Point, ar: AnchorRules | None, cheap: bool) -> Restaurant:
        """A restaurant near `place` that loses every rule anchored there."""
        for _ in range(100):
            r = self.random(place, cheap=cheap, km=(0.2, 0.75) if ar and ar.closest else (0.12, 0.7))
            if ar is None:
                return r
            if ar.cheapest and r.price <= ar.cheapest[1]:
                r.price = ar.cheapest[1] + self.rng.randint(4, 60)
            if ar.highest and r.rating >= ar.highest[1]:
                r.rating = _r1(ar.highest[1] - self.rng.choice([0.1, 0.2, 0.4]))
            r.tags = [t for t in r.tags if t not in ar.tags]
            if ar.loser_ok(r):
                return r
            self.taken.discard(r.name)
        raise RuntimeError(f"could not make a rival restaurant near {place.name}")

    def _near_misses(
        self,
        at: str,
        ar: AnchorRules,
        answers: dict[str, Restaurant],
        lists: dict[str, list[Restaurant]],
        quiet: list[Point],
    ) -> None:
        """Restaurants elsewhere that would win at `at` by one rule (cheaper, better, same tag)."""
        others = [p for p in quiet if p.name != at]
        if not others:
            return
        place = self.rng.choice(others)
        if ar.cheapest and ar.cheapest[1] > 12:
            r = self.random(place)
            r.price = max(8, ar.cheapest[1] - self.rng.randint(3, 10))
            lists[place.name].append(r)
        if ar.highest and ar.highest[1] < 5.0:
            r = self.random(place)
            r.rating = _r1(ar.highest[1] + 0.1)
            lists[place.name].append(r)
        for cuisine in ar.cuisines:
            lists[place.name].append(self.random(place, cuisine=cuisine))
        for tag in ar.tags:
            r = self.random(place)
            r.tags = sorted({*r.tags, tag}, key=RESTAURANT_TAGS.index)
            lists[place.name].append(r)
