"""Write a generated world to the official folder layout, and read any such folder back.

Why: files must be byte-identical for one seed (fixed column order, `\\n` line ends, no set
iteration), and the reference planner and the checks must read a database exactly as stored, so
that they also work on folders this generator did not write. Reading goes through
:func:`~pivot_opt.envs.travel.data.database.load_database`, the loader of the tools and the
evaluator; :class:`TableDb` is only the generator's view of what it loaded.
"""

from __future__ import annotations

import csv
import threading
from functools import cached_property
from pathlib import Path

from pivot_opt.envs.kit.generate import write_csv
from pivot_opt.envs.travel.data.database import TABLE_FILES, TravelDatabase, load_database
from pivot_opt.envs.travel.generator.geo import matrix_rows
from pivot_opt.envs.travel.generator.model import FILE_COLUMNS, WorldDb

__all__ = ["TableDb", "as_tables", "load_tables", "write_csv", "write_world"]

Road = tuple[int, int, int]


def write_world(world: WorldDb, folder: Path) -> Path:
    """Write all seven files of one `id_<id>/` folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for key, mode, routes in (("trains", "train", world.trains), ("flights", "flight", world.flights)):
        rows: list[dict[str, str]] = []
        index = 1
        for route in routes:
            rows.extend(route.rows(mode, index))
            index += len(route.fares)
        write_csv(folder / TABLE_FILES[key], FILE_COLUMNS[key], rows)
    for key, places in (
        ("hotels", world.hotels),
        ("attractions", world.attractions),
        ("restaurants", world.restaurants),
    ):
        write_csv(folder / TABLE_FILES[key], FILE_COLUMNS[key], [p.row() for p in places])
    points = world.points()
    write_csv(
        folder / TABLE_FILES["locations"],
        FILE_COLUMNS["locations"],
        [{"poi_name": p.name, "latitude": p.lat_s, "longitude": p.lon_s, "poi_type": p.kind} for p in points],
    )
    path = folder / TABLE_FILES["distance_matrix"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FILE_COLUMNS["distance_matrix"])
        writer.writerows(matrix_rows(points))
    return folder


class TableDb:
    """The generator's view of a loaded task database (a :class:`TravelDatabase`).

    Each table is its list of text rows, as loaded; places and roads are answered from the
    loader's indexes: a place name from `locations_coords.csv`, a pair of places from
    `distance_matrix.csv` (first row of a pair, as the tools and the evaluator read it).
    """

    def __init__(self, database: TravelDatabase) -> None:
        self.database = database
        tables = database.tables
        self.trains = tables["trains"].rows
        self.flights = tables["flights"].rows
        self.hotels = tables["hotels"].rows
        self.attractions = tables["attractions"].rows
        self.restaurants = tables["restaurants"].rows
        self.locations = tables["locations"].rows
        self._coords: dict[str, str | None] = {}

    def coords(self, name: str) -> str | None:
        """The `"lat,lon"` key of a place name: the first row under that name in
        `locations_coords.csv` (as the tools match it), else the row under its stripped name."""
        if name not in self._coords:
            row = self.database.tool_location_by_name.get(name)
            if row is not None:
                key: str | None = f"{row.get('latitude', '').strip()},{row.get('longitude', '').strip()}"
            else:
                found = self.database.locations.get(name)
                key = None if found is None else f"{found[0]},{found[1]}"
            self._coords[name] = key
        return self._coords[name]

    def road_keys(self, origin: str, destination: str) -> Road | None:
        """(distance, minutes, cost) between two `"lat,lon"` keys: the first row of the pair in
        `distance_matrix.csv`, as the tools and the evaluator take it; None without such a row
        (or when its cells are not integers)."""
        row = self.database.tool_route_by_pair.get((origin, destination))
        return None if row is None else _road(row)

    def road(self, origin: str, destination: str) -> Road | None:
        """(distance, minutes, cost) between two place names, or None when unknown."""
        a, b = self.coords(origin), self.coords(destination)
        if a is None or b is None:
            return None
        return self.road_keys(a, b)

    @cached_property
    def matrix(self) -> dict[tuple[str, str], Road]:
        """Every known :meth:`road_keys` answer at once, for checks that look up most pairs."""
        roads = ((pair, _road(row)) for pair, row in self.database.tool_route_by_pair.items())
        return {pair: road for pair, road in roads if road is not None}


def _road(row: dict[str, str]) -> Road | None:
    try:
        return int(row["distance_meters"]), int(row["duration_minutes"]), int(row["cost"])
    except (KeyError, ValueError):
        return None


def _contents(root: Path) -> tuple[bytes | None, ...]:
    """The bytes of the seven files (None for a missing one): what a loaded database depends on."""
    return tuple((root / rel).read_bytes() if (root / rel).is_file() else None for rel in TABLE_FILES.values())


# The last few folders loaded, with the file contents they were loaded from. The generator and its
# checks read one folder several times in a row (check_database, check_layout, reference_plan);
# an unchanged folder, compared byte for byte, is not parsed and indexed again.
_RECENT: dict[Path, tuple[tuple[bytes | None, ...], TableDb]] = {}
_RECENT_SIZE = 4
_RECENT_LOCK = threading.Lock()


def load_tables(folder: Path | str) -> TableDb:
    """Read a task folder with the shared loader (`load_database(strict=False)`, as the evaluator
    does); a missing file, or folder, gives empty tables.

    The rows are read-only: a folder whose seven files are byte for byte those of a recent load
    gives the same tables again.
    """
    root = Path(folder)
    if not root.is_dir():
        return TableDb(TravelDatabase({}, root))
    key = root.resolve()
    contents = _contents(root)
    with _RECENT_LOCK:
        recent = _RECENT.get(key)
    if recent is not None and recent[0] == contents:
        return recent[1]
    tables = TableDb(load_database(root, strict=False))
    if _contents(root) == contents:  # not rewritten while it was being read
        with _RECENT_LOCK:
            _RECENT.pop(key, None)
            _RECENT[key] = (contents, tables)
            while len(_RECENT) > _RECENT_SIZE:
                del _RECENT[next(iter(_RECENT))]
    return tables


def as_tables(db: TableDb | TravelDatabase | Path | str) -> TableDb:
    """The tables of a task given as a folder, a loaded database or tables already at hand."""
    if isinstance(db, TableDb):
        return db
    if isinstance(db, TravelDatabase):
        return TableDb(db)
    return load_tables(db)
