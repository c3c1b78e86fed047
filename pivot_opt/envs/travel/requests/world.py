"""The values a task's tools can answer with, collected once per database.

Why: a reader maps the user's words to the tools' spelling ("Yanggong Causeway" to the
database's "Yang Gong Causeway", "first class" to "First Class Seat"). These are tool answers, which
an agent has; the gold ``meta_info`` is never read here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["WorldValues", "world_values"]


def _cells(rows: list[dict[str, str]], column: str, split: str | None = None) -> list[str]:
    out: set[str] = set()
    for row in rows:
        cell = (row.get(column) or "").strip()
        if not cell or cell.lower() in ("nan", "none", "null", "n/a"):
            continue
        out.update(p.strip() for p in cell.split(split)) if split else out.add(cell)
    return sorted(v for v in out if v)


@dataclass
class WorldValues:
    """Distinct values per field of one task database (empty lists when there is no database)."""

    attractions: list[str] = field(default_factory=list)
    restaurants: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # places restaurants are listed near (attractions too)
    hotels: list[str] = field(default_factory=list)
    attraction_types: list[str] = field(default_factory=list)
    cuisines: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    stars: list[int] = field(default_factory=list)
    airlines: list[str] = field(default_factory=list)
    manufacturers: list[str] = field(default_factory=list)
    train_types: list[str] = field(default_factory=list)
    train_seats: list[str] = field(default_factory=list)
    flight_seats: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)


def world_values(db: Any) -> WorldValues:
    """Collect the values of a :class:`~pivot_opt.envs.travel.data.database.TravelDatabase` (or None)."""
    if db is None or not hasattr(db, "tables"):
        return WorldValues()

    def rows(name: str) -> list[dict[str, str]]:
        table = db.tables.get(name)
        return list(getattr(table, "rows", []) or [])

    trains, flights = rows("trains"), rows("flights")
    stars = []
    for value in _cells(rows("hotels"), "hotel_star"):
        try:
            stars.append(int(float(value)))
        except ValueError:
            continue
    attractions = _cells(rows("attractions"), "attraction_name")
    return WorldValues(
        attractions=attractions,
        restaurants=_cells(rows("restaurants"), "restaurant_name"),
        anchors=sorted({*_cells(rows("restaurants"), "nearby_attraction_name"), *attractions}),
        hotels=_cells(rows("hotels"), "name"),
        attraction_types=_cells(rows("attractions"), "attraction_type"),
        cuisines=_cells(rows("restaurants"), "cuisine"),
        tags=_cells(rows("restaurants"), "tags", ";"),
        brands=_cells(rows("hotels"), "brand"),
        services=_cells(rows("hotels"), "services", ";"),
        stars=sorted(set(stars)),
        airlines=_cells(flights, "airline"),
        manufacturers=_cells(flights, "manufacturer"),
        train_types=_cells(trains, "train_type"),
        train_seats=_cells(trains, "seat_class"),
        flight_seats=_cells(flights, "seat_class"),
        cities=sorted({*_cells(trains, "origin_city"), *_cells(trains, "destination_city"),
                       *_cells(flights, "origin_city"), *_cells(flights, "destination_city")}),
    )
