"""Write a generated world to the official folder layout, and read any such folder back.

Why: files must be byte-identical for one seed (fixed column order, `\\n` line ends, no set
iteration), and the reference planner and the checks must read a database exactly as stored, so
that they also work on folders this generator did not write.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from pivot_opt.envs.travel.generator_geo import matrix_rows
from pivot_opt.envs.travel.generator_model import (
    ATTRACTION_COLUMNS,
    FLIGHT_COLUMNS,
    HOTEL_COLUMNS,
    LOCATION_COLUMNS,
    MATRIX_COLUMNS,
    RESTAURANT_COLUMNS,
    TRAIN_COLUMNS,
    WorldDb,
)

__all__ = ["FILES", "TableDb", "write_world", "write_csv", "load_tables"]

FILES: dict[str, str] = {
    "trains": "trains/trains.csv",
    "flights": "flights/flights.csv",
    "hotels": "hotels/hotels.csv",
    "attractions": "attractions/attractions.csv",
    "restaurants": "restaurants/restaurants.csv",
    "locations": "locations/locations_coords.csv",
    "matrix": "transportation/distance_matrix.csv",
}


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """One UTF-8 CSV with a header row and standard quoting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def write_world(world: WorldDb, folder: Path) -> Path:
    """Write all seven files of one `id_<id>/` folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for key, mode, routes, columns in (
        ("trains", "train", world.trains, TRAIN_COLUMNS),
        ("flights", "flight", world.flights, FLIGHT_COLUMNS),
    ):
        rows: list[dict[str, str]] = []
        index = 1
        for route in routes:
            rows.extend(route.rows(mode, index))
            index += len(route.fares)
        write_csv(folder / FILES[key], columns, rows)
    write_csv(folder / FILES["hotels"], HOTEL_COLUMNS, [h.row() for h in world.hotels])
    write_csv(folder / FILES["attractions"], ATTRACTION_COLUMNS, [a.row() for a in world.attractions])
    write_csv(folder / FILES["restaurants"], RESTAURANT_COLUMNS, [r.row() for r in world.restaurants])
    points = world.points()
    write_csv(
        folder / FILES["locations"],
        LOCATION_COLUMNS,
        [{"poi_name": p.name, "latitude": p.lat_s, "longitude": p.lon_s, "poi_type": p.kind} for p in points],
    )
    path = folder / FILES["matrix"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MATRIX_COLUMNS)
        writer.writerows(matrix_rows(points))
    return folder


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


@dataclass
class TableDb:
    """The seven tables of one task folder as text rows, plus two lookups built from them."""

    trains: list[dict[str, str]] = field(default_factory=list)
    flights: list[dict[str, str]] = field(default_factory=list)
    hotels: list[dict[str, str]] = field(default_factory=list)
    attractions: list[dict[str, str]] = field(default_factory=list)
    restaurants: list[dict[str, str]] = field(default_factory=list)
    locations: list[dict[str, str]] = field(default_factory=list)
    matrix: dict[tuple[str, str], tuple[int, int, int]] = field(default_factory=dict)
    _coords: dict[str, str] = field(default_factory=dict, repr=False)

    def coords(self, name: str) -> str | None:
        """The `"lat,lon"` key of a place name, from `locations_coords.csv` (first row wins)."""
        if not self._coords:
            for row in reversed(self.locations):
                label = (row.get("poi_name") or row.get("place_name") or "").strip()
                self._coords[label] = f"{row['latitude'].strip()},{row['longitude'].strip()}"
        return self._coords.get(name)

    def road(self, origin: str, destination: str) -> tuple[int, int, int] | None:
        """(distance, minutes, cost) between two place names, or None when unknown."""
        a, b = self.coords(origin), self.coords(destination)
        if a is None or b is None:
            return None
        return self.matrix.get((a, b))


def load_tables(folder: Path | str) -> TableDb:
    """Read a task folder; missing files give empty tables."""
    root = Path(folder)
    db = TableDb(**{key: _read(root / rel) for key, rel in FILES.items() if key != "matrix"})
    path = root / FILES["matrix"]
    if not path.exists():
        return db
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        try:
            at = [header.index(c) for c in MATRIX_COLUMNS]
        except ValueError:
            return db
        for row in reader:
            try:
                db.matrix[(row[at[0]], row[at[1]])] = (int(row[at[2]]), int(row[at[3]]), int(row[at[4]]))
            except (IndexError, ValueError):
                continue
    return db
