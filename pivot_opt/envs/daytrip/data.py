"""Seeded generator of day-trip tasks: places, restaurants, travel times, constraints.

Small enough to run in microseconds, rich enough to couple time, place and money the way
real itineraries do. Every generated task carries a reference plan that satisfies every
hard constraint, which proves it solvable.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["DEMO_SEED", "DayTripTask", "Place", "generate_daytrip"]

DEMO_SEED = 7

_PLACE_WORDS = ["Old Town", "River", "Museum", "Garden", "Tower", "Market", "Gallery", "Temple", "Harbour",
                "Observatory", "Castle", "Aquarium", "Botanic Park", "Bridge", "Library", "Lakeside"]
_ADJ = ["Grand", "North", "Silver", "Jade", "Sunset", "Royal", "Willow", "Stone", "Amber", "Cedar", "Lantern"]
_FOOD = ["Noodle House", "Dumpling Bar", "Tea Room", "Grill", "Bistro", "Hotpot", "Bakery", "Canteen"]
_CITIES = ["Veldmark", "Orlen", "Kestrel Bay", "Marrow", "Tessaly", "Quillon"]
CATEGORIES = ["museum", "park", "landmark", "market", "gallery"]


@dataclass(frozen=True)
class Place:
    """An attraction or restaurant: where it is, when it is open, what it costs."""

    name: str
    kind: str  # "attraction" or "restaurant"
    category: str
    x: float
    y: float
    opens: int  # minutes after midnight
    closes: int
    duration: int  # minutes spent there
    price: float  # per person
    rating: float


@dataclass
class DayTripTask:
    """A generated task: the city's places, the traveller's constraints and a reference plan."""

    id: str
    city: str
    hotel: tuple[float, float]
    start: int
    end: int
    people: int
    budget: float
    must_visit: list[str]
    lunch_window: tuple[int, int]
    places: list[Place]
    avoid_category: str  # hidden preference: the simulated human's ground truth
    min_rating: float
    reference: list[dict[str, Any]] = field(default_factory=list)

    def by_name(self) -> dict[str, Place]:
        return {p.name: p for p in self.places}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def travel_minutes(a: tuple[float, float], b: tuple[float, float]) -> int:
    """Taxi time: 3 minutes per km plus 5 minutes to get going (0 for the same spot)."""
    d = math.dist(a, b)
    return 0 if d < 1e-9 else int(round(5 + 3 * d))


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _names(rng: random.Random, pool: list[str], n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        name = f"{rng.choice(_ADJ)} {rng.choice(pool)}"
        if name not in out:
            out.append(name)
    return out


def generate_daytrip(seed: int = DEMO_SEED, n_attractions: int = 8, n_restaurants: int = 4) -> DayTripTask:
    """A deterministic task for ``seed``: same seed, same task, same reference plan."""
    rng = random.Random(seed)
    places: list[Place] = []
    for name in _names(rng, _PLACE_WORDS, n_attractions):
        opens = rng.choice([8 * 60, 9 * 60, 10 * 60, 11 * 60])
        closes = rng.choice([15 * 60, 16 * 60 + 30, 17 * 60, 18 * 60, 21 * 60])
        places.append(Place(name, "attraction", rng.choice(CATEGORIES), round(rng.uniform(0, 8), 2),
                            round(rng.uniform(0, 8), 2), opens, closes, rng.choice([45, 60, 75, 90]),
                            float(rng.choice([0, 0, 20, 35, 50, 80])), round(rng.uniform(3.4, 4.9), 1)))
    for name in _names(rng, _FOOD, n_restaurants):
        places.append(Place(name, "restaurant", "food", round(rng.uniform(0, 8), 2), round(rng.uniform(0, 8), 2),
                            11 * 60, 21 * 60, 60, float(rng.choice([25, 40, 60, 90])), round(rng.uniform(3.5, 4.9), 1)))
    task = DayTripTask(
        id=f"daytrip-{seed}", city=rng.choice(_CITIES), hotel=(4.0, 4.0), start=9 * 60, end=18 * 60,
        people=rng.choice([1, 2, 2, 3]), budget=0.0, must_visit=[], lunch_window=(11 * 60 + 30, 14 * 60),
        places=places, avoid_category=rng.choice(CATEGORIES), min_rating=3.8,
    )
    _choose_constraints(task, rng)
    return task


def _choose_constraints(task: DayTripTask, rng: random.Random) -> None:
    """Pick must-visits that a greedy reference plan can fit, then set a budget it meets with slack."""
    from pivot_opt.envs.daytrip.environment import simulate

    attractions = [p for p in task.places if p.kind == "attraction" and p.category != task.avoid_category]
    restaurants = sorted((p for p in task.places if p.kind == "restaurant"), key=lambda p: p.price)
    for _ in range(200):
        picks = rng.sample(attractions, k=min(2, len(attractions)))
        plan = _greedy_plan(task, picks, restaurants)
        if plan is None:
            continue
        task.must_visit = [p.name for p in picks]
        state = simulate(task, plan)
        task.budget = float(math.ceil((state["spend"] * 1.25 + 20) / 10) * 10)
        task.reference = plan
        return
    raise RuntimeError(f"could not build a feasible day trip for task {task.id}; try another seed")


def _greedy_plan(task: DayTripTask, picks: list[Place], restaurants: list[Place]) -> list[dict[str, Any]] | None:
    """Visit the picks in the best order with lunch inserted where it fits; None if no order works."""
    from itertools import permutations

    from pivot_opt.envs.daytrip.environment import simulate

    for order in permutations(picks):
        for lunch_at in range(len(order) + 1):
            for food in restaurants[:2]:
                plan = [{"action": "visit", "args": {"place": p.name}} for p in order]
                plan.insert(lunch_at, {"action": "eat", "args": {"restaurant": food.name}})
                plan.append({"action": "return", "args": {}})
                state = simulate(task, plan)
                if state["ok"] and state["lunch_ok"]:
                    return plan
    return None
