"""Attractions of a task: named answers with ratings, types and tickets that make them unique.

Why: attraction constraints interact (a top-three list, the best of a type, all of a type, all free
ones may share names, §11.9), so ratings and types are resolved together before any filler is
drawn, and every filler is kept below the thresholds those constraints set.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pivot_opt.envs.travel.generator.constraint_text import ConstraintSpec
from pivot_opt.envs.travel.generator.geo import Placer
from pivot_opt.envs.travel.generator.model import Attraction, Point
from pivot_opt.envs.travel.generator.vocab import (
    ATTRACTION_NOUNS,
    ATTRACTION_TYPES,
    DESCRIPTION_PHRASES,
    DISTRICT_WORDS,
    NAME_WORDS,
    STREET_WORDS,
    TYPE_KEYWORDS,
)

__all__ = ["AttractionNeeds", "build_attractions", "guess_type", "filler_name"]

PLAIN_TYPES = tuple(t for t in ATTRACTION_TYPES if t != "Theme Park")
NAMED_HOURS = (("08:00", "20:00"), ("08:30", "18:30"), ("Open 24 Hours", "Open 24 Hours"), ("09:00", "21:30"))
FILLER_HOURS: tuple[tuple[tuple[str, str], tuple[str, ...], int], ...] = (
    (("08:30", "17:30"), ("Monday",), 20),
    (("09:00", "17:00"), (), 15),
    (("Open 24 Hours", "Open 24 Hours"), (), 20),
    (("09:00", "22:00"), (), 15),
    (("18:00", "23:00"), (), 8),
    (("10:00", "18:00"), ("Tuesday",), 12),
    (("08:00", "18:00"), ("Monday", "Tuesday"), 10),
)


def guess_type(name: str) -> list[str]:
    """Attraction types in order of plausibility for a name (keyword hits first)."""
    low = name.lower()
    hits = [t for t in TYPE_KEYWORDS if any(word in low for word in TYPE_KEYWORDS[t])]
    return [*hits, *[t for t in PLAIN_TYPES if t not in hits]]


def _r1(value: float) -> float:
    return round(max(1.0, min(5.0, value)), 1)


@dataclass
class AttractionNeeds:
    """What the attraction constraints of one task ask of the data."""

    names: list[str] = field(default_factory=list)
    rating: dict[str, float] = field(default_factory=dict)
    required_type: dict[str, str] = field(default_factory=dict)
    free: set[str] | None = None
    top3: set[str] | None = None
    best_of_type: dict[str, str] = field(default_factory=dict)
    all_of_type: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_specs(cls, specs: list[ConstraintSpec], anchors: list[str]) -> AttractionNeeds:
        needs = cls()
        for spec in specs:
            ratings = spec.params.get("attraction_ratings") or []
            for position, name in enumerate(spec.names):
                if name not in needs.names:
                    needs.names.append(name)
                if position < len(ratings) and name not in needs.rating:
                    needs.rating[name] = _r1(float(ratings[position]))
            kind = spec.params.get("attraction_type")
            if spec.rule == "top_rated_must_visit":
                needs.top3 = set(spec.names)
            elif spec.rule == "all_free_attractions":
                needs.free = set(spec.names)
            elif spec.rule == "all_of_type" and kind:
                needs.all_of_type[kind] = set(spec.names)
                needs.required_type.update({n: kind for n in spec.names})
            elif spec.rule == "type_highest_rated" and kind and spec.names:
                needs.best_of_type[kind] = spec.names[0]
                needs.required_type[spec.names[0]] = kind
        for name in anchors:
            if name not in needs.names:
                needs.names.append(name)
        return needs

    @property
    def ceiling(self) -> float:
        """The highest rating an attraction outside the top three may have."""
        if not self.top3:
            return 4.8
        return _r1(min(self.rating[n] for n in self.top3) - 0.1)

    def resolve(self, rng: random.Random) -> dict[str, str]:
        """Fix every named rating below the thresholds; return the type of every named attraction."""
        for name in self.names:
            self.rating.setdefault(name, _r1(rng.uniform(4.0, min(4.6, self.ceiling))))
        if self.top3:
            for name in self.names:
                if name not in self.top3:
                    self.rating[name] = min(self.rating[name], self.ceiling)
        for kind, best in self.best_of_type.items():
            for name in self.names:
                if name != best and self.required_type.get(name) == kind:
                    self.rating[name] = min(self.rating[name], _r1(self.rating[best] - 0.1))
        types: dict[str, str] = {}
        for name in self.names:
            if name in self.required_type:
                types[name] = self.required_type[name]
                continue
            banned = {t for t, group in self.all_of_type.items() if name not in group}
            banned |= {t for t, best in self.best_of_type.items() if self.rating[name] >= self.rating[best]}
            types[name] = next((t for t in guess_type(name) if t not in banned), "Theme Park")
        return types

    def filler_type_and_cap(self, rng: random.Random) -> tuple[str, float]:
        """A type a filler may take and the rating it must stay under for that type."""
        allowed = [t for t in ATTRACTION_TYPES if t not in self.all_of_type]
        kind = rng.choice(allowed)
        cap = self.ceiling
        if kind in self.best_of_type:
            cap = min(cap, _r1(self.rating[self.best_of_type[kind]] - 0.1))
        return kind, cap


def filler_name(rng: random.Random, city: str, kind: str, taken: set[str]) -> str:
    while True:
        noun = rng.choice(ATTRACTION_NOUNS[kind])
        word = rng.choice(NAME_WORDS)
        name = f"{city} {word} {noun}" if rng.random() < 0.5 else f"{word} {noun}"
        if name not in taken:
            taken.add(name)
            return name


def build_attractions(
    rng: random.Random,
    placer: Placer,
    city: str,
    needs: AttractionNeeds,
    total: int,
    budget: bool,
    taken: set[str],
    avoid: list[Point],
) -> list[Attraction]:
    """Named attractions first (in `needs.names` order), then fillers up to `total`."""
    types = needs.resolve(rng)
    spots: list[Point] = list(avoid)
    made: list[Attraction] = []

    def place(min_km: float, max_km: float) -> tuple[float, float]:
        lat, lon = placer.spread(min_km, max_km, spots, gap_km=1.2)
        spots.append(Point("", lat, lon, ""))
        return lat, lon

    for name in needs.names:
        taken.add(name)
        kind = types[name]
        opening, closing = rng.choice(NAMED_HOURS)
        if needs.free is not None:
            ticket = 0 if name in needs.free else rng.randrange(20, 100, 5)
        else:
            ticket = rng.choice([0, 0, 15, 20, 30]) if budget else rng.choice([0, 30, 40, 50, 60, 80, 100])
        lo = rng.choice([1.0, 1.0, 1.5])
        made.append(
            _attraction(
                rng,
                name,
                city,
                kind,
                needs.rating[name],
                (opening, closing),
                [],
                lo,
                lo + rng.choice([2.0, 2.5, 3.0]),
                ticket,
                place(0.8, 6.0),
            )
        )
    first_filler = len(made)
    while len(made) < total:
        kind, cap = needs.filler_type_and_cap(rng)
        (opening, closing), closed, _ = rng.choices(FILLER_HOURS, [w for *_, w in FILLER_HOURS])[0]
        if needs.free is not None:
            ticket = rng.randrange(10, 125, 5)
        else:
            ticket = 0 if rng.random() < 0.35 else rng.randrange(10, 155, 5)
        position = len(made) - first_filler
        if position == 0:  # variety the spec asks for (§11.6), whatever the draws
            (opening, closing), closed = FILLER_HOURS[0][0], FILLER_HOURS[0][1]
        elif position == 1:
            (opening, closing), closed = FILLER_HOURS[2][0], ()
        elif position == 2 and needs.free is None:
            ticket = 0
        lo = rng.choice([1.0, 1.5, 2.0])
        rating = _r1(rng.uniform(min(3.6, cap), cap))
        made.append(
            _attraction(
                rng,
                filler_name(rng, city, kind, taken),
                city,
                kind,
                rating,
                (opening, closing),
                list(closed),
                lo,
                lo + rng.choice([1.5, 2.0, 3.0]),
                ticket,
                place(0.8, 9.0),
            )
        )
    for position, attraction in enumerate(made, start=1):
        attraction.attraction_id = f"A{position:04d}"
    return made


def _attraction(
    rng: random.Random,
    name: str,
    city: str,
    kind: str,
    rating: float,
    hours: tuple[str, str],
    closed: list[str],
    lo: float,
    hi: float,
    ticket: int,
    spot: tuple[float, float],
) -> Attraction:
    return Attraction(
        name=name,
        lat=spot[0],
        lon=spot[1],
        kind="attraction",
        city=city,
        address=(
            f"{rng.randint(1, 499)} {rng.choice(STREET_WORDS)} Road, {rng.choice(DISTRICT_WORDS)} District"
        ),
        description=rng.choice(DESCRIPTION_PHRASES[kind]),
        rating=rating,
        opening_time=hours[0],
        closing_time=hours[1],
        closing_dates=closed,
        min_visit=lo,
        max_visit=hi,
        ticket=ticket,
        type=kind,
    )
