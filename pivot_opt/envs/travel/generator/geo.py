"""Synthetic geography: where places sit and how long it takes to go between them.

Why: the evaluator checks city travel against `distance_matrix.csv` (§8.4b), so the matrix must
be complete (every directed pair of places) and plausible (walking up to 2 km at no cost, taxi
beyond). Road data is derived from coordinates with one deterministic formula.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from pivot_opt.envs.travel.generator.model import Point

__all__ = ["Placer", "matrix_rows", "offset", "road"]

_KM_PER_DEG_LAT = 111.32
WALK_LIMIT_M = 2000


def straight_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def road(a: Point, b: Point) -> tuple[int, int, int]:
    """(distance_meters, duration_minutes, cost) of the road trip a -> b.

    Roads are 1.3 times the straight line. Up to 2 km one walks (75 m/min, free); beyond, a taxi
    runs at about 30 km/h plus 4 minutes to hail it, 12 yuan for the first 3 km, 2.5 per km after.
    """
    dist = max(50, int(round(straight_m(a, b) * 1.3)))
    if dist <= WALK_LIMIT_M:
        return dist, max(1, math.ceil(dist / 75)), 0
    minutes = int(round(dist / 500)) + 4
    cost = 12 + max(0, int(round((dist - 3000) / 1000 * 2.5)))
    return dist, minutes, cost


def offset(center: Point, km_north: float, km_east: float) -> tuple[float, float]:
    """Coordinates `km_north` / `km_east` away from a centre, rounded to 6 decimals."""
    lat = center.lat + km_north / _KM_PER_DEG_LAT
    lon = center.lon + km_east / (_KM_PER_DEG_LAT * math.cos(math.radians(center.lat)))
    return round(lat, 6), round(lon, 6)


def matrix_rows(points: Sequence[Point]) -> list[tuple[str, str, int, int, int]]:
    """Both directed rows for every pair of distinct places (spec §3.6, §11.3)."""
    keys = [p.key for p in points]
    rows: list[tuple[str, str, int, int, int]] = []
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            if i != j:
                rows.append((keys[i], keys[j], *road(a, b)))
    return rows


class Placer:
    """Hands out coordinates around a city centre, never reusing a coordinate string."""

    def __init__(self, rng: random.Random, center: Point) -> None:
        self.rng = rng
        self.center = center
        self.used: set[str] = set()

    def _take(self, lat: float, lon: float) -> tuple[float, float] | None:
        key = f"{lat:.6f},{lon:.6f}"
        if key in self.used:
            return None
        self.used.add(key)
        return lat, lon

    def around(self, anchor: Point, min_km: float, max_km: float) -> tuple[float, float]:
        """A fresh coordinate at a random bearing, between `min_km` and `max_km` from `anchor`."""
        while True:
            angle = self.rng.uniform(0, 2 * math.pi)
            dist = self.rng.uniform(min_km, max_km)
            found = self._take(*offset(anchor, dist * math.cos(angle), dist * math.sin(angle)))
            if found:
                return found

    def spread(
        self, min_km: float, max_km: float, avoid: Sequence[Point], gap_km: float
    ) -> tuple[float, float]:
        """A coordinate around the centre keeping `gap_km` from every place in `avoid`."""
        for _ in range(200):
            lat, lon = self.around(self.center, min_km, max_km)
            probe = Point("", lat, lon, "")
            if all(straight_m(probe, other) >= gap_km * 1000 for other in avoid):
                return lat, lon
            self.used.discard(f"{lat:.6f},{lon:.6f}")
        return self.around(self.center, min_km, max_km)
