"""Loading DeepPlanning travel tasks and their per-task CSV databases.

A task database is a folder ``id_<id>/`` with seven CSV files (spec §3). The files are read
by the environment kit's loader (:mod:`pivot_opt.envs.kit.tables`: stdlib ``csv``, cells kept
as raw text, strict or lenient) and indexed here at load time so that the tools and the
evaluator answer every lookup from a dict.

Two views of the same rows are kept on purpose, because the official tools and the official
evaluator read the files differently: the tools match raw cells and take the *first* matching
row; the evaluator strips name keys and keeps the *last* row for a name (first row for a
distance-matrix pair). Both behaviours are reproduced.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from pivot_opt.envs.kit.tables import Table, TableError, TableLayout, TableSpec, find_task_dir

__all__ = [
    "LAYOUT",
    "NA_TOKENS",
    "REQUIRED_COLUMNS",
    "ROWS_NEEDED",
    "TABLE_FILES",
    "DatabaseError",
    "Table",
    "TravelDatabase",
    "is_na",
    "load_database",
    "load_task_database",
    "normalize_city",
    "resolve_task_dir",
]

#: Table name -> path of its CSV inside ``id_<id>/``.
TABLE_FILES: dict[str, str] = {
    "trains": "trains/trains.csv",
    "flights": "flights/flights.csv",
    "hotels": "hotels/hotels.csv",
    "attractions": "attractions/attractions.csv",
    "restaurants": "restaurants/restaurants.csv",
    "locations": "locations/locations_coords.csv",
    "distance_matrix": "transportation/distance_matrix.csv",
}

_ROUTE_COLUMNS = (
    "origin_city",
    "destination_city",
    "dep_date",
    "route_index",
    "segment_index",
    "dep_station_name",
    "dep_station_code",
    "arr_station_name",
    "arr_station_code",
    "dep_datetime",
    "arr_datetime",
    "duration",
    "seat_class",
    "seat_status",
    "price",
)

#: Columns a table must have in strict mode (the ones the tools or the evaluator read).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "trains": _ROUTE_COLUMNS + ("train_no", "train_type"),
    "flights": _ROUTE_COLUMNS + ("flight_no", "airline", "equip_type", "equip_size", "manufacturer"),
    "hotels": (
        "name",
        "address",
        "latitude",
        "longitude",
        "decoration_time",
        "hotel_star",
        "price",
        "score",
        "brand",
    ),
    "attractions": (
        "attraction_id",
        "attraction_name",
        "city",
        "address",
        "latitude",
        "longitude",
        "description",
        "rating",
        "opening_time",
        "closing_time",
        "closing_dates",
        "min_visit_hours",
        "max_visit_hours",
        "ticket_price",
        "attraction_type",
    ),
    "restaurants": (
        "query_latitude",
        "query_longitude",
        "restaurant_id",
        "restaurant_name",
        "latitude",
        "longitude",
        "price_per_person",
        "cuisine",
        "opening_time",
        "closing_time",
        "nearby_attraction_name",
        "rating",
    ),
    "locations": ("poi_name", "latitude", "longitude"),
    "distance_matrix": ("origin", "destination", "distance_meters", "duration_minutes", "cost"),
}

#: Tables no task can be planned without (strict mode refuses them header-only); a task may
#: have no trains or no flights.
ROWS_NEEDED = frozenset({"hotels", "attractions", "restaurants", "locations", "distance_matrix"})

_PAREN = re.compile(r"[（(].*?[)）]")

#: Cells the official tools (pandas ``read_csv(dtype=str)``) read as missing values.
NA_TOKENS = frozenset(
    {
        "",
        "#N/A",
        "#N/A N/A",
        "#NA",
        "-1.#IND",
        "-1.#QNAN",
        "-NaN",
        "-nan",
        "1.#IND",
        "1.#QNAN",
        "<NA>",
        "N/A",
        "NA",
        "NULL",
        "NaN",
        "None",
        "n/a",
        "nan",
        "null",
    }
)


def is_na(cell: str | None) -> bool:
    """True when the official tools would see this cell as a missing value."""
    return cell is None or cell in NA_TOKENS


def normalize_city(text: str | None) -> str | None:
    """Drop every parenthesised part and strip, as the evaluator does before comparing cities."""
    if text is None:
        return None
    return _PAREN.sub("", text).strip()


class DatabaseError(TableError):
    """A task database or query file is missing or malformed; the message says how to fix it."""


#: The seven tables as the kit's layout: file paths, strict-mode columns, error wording. Strict
#: mode also refuses rows with more or fewer cells than the header (a garbled file: the official
#: files are written whole) and header-only tables of :data:`ROWS_NEEDED`.
LAYOUT = TableLayout(
    tuple(
        TableSpec(name, rel, REQUIRED_COLUMNS[name], {"poi_name": ("place_name",)} if name == "locations" else {},
                  whole_rows=True, rows_needed=name in ROWS_NEEDED)
        for name, rel in TABLE_FILES.items()
    ),
    what="task database",
    reference="spec §3",
    source_hint=" (see download_official for the official archive)",
    error=DatabaseError,
)


def _strip(value: str | None) -> str:
    return (value or "").strip()


class TravelDatabase:
    """The seven tables of one task with every index the tools and the evaluator need.

    Build it with :func:`load_database` (from a folder) or :meth:`from_rows` (in memory).
    Attributes prefixed ``tool_`` follow the official tools (raw cells, first match);
    the others follow the official evaluator (stripped names, last row wins).
    """

    def __init__(self, tables: dict[str, Table], path: Path | None = None) -> None:
        self.path = path
        self.tables = {name: tables.get(name, Table(name, present=False)) for name in TABLE_FILES}
        self._index_tools()
        self._index_evaluator()

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: dict[str, list[dict[str, Any]]], path: Path | None = None) -> TravelDatabase:
        """Build a database from in-memory rows (values are turned into text; None -> "")."""
        tables = LAYOUT.from_rows(rows)
        return cls(tables, path)

    def table(self, name: str) -> Table:
        return self.tables[name]

    # -- tool view ----------------------------------------------------------------------------
    def _index_tools(self) -> None:
        # pandas never matches a missing cell in an equality filter, so NA keys are not indexed.
        self.tool_routes: dict[str, dict[tuple[str, str, str], list[dict[str, str]]]] = {}
        for mode in ("trains", "flights"):
            by_key: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
            for row in self.tables[mode].rows:
                key = (row.get("origin_city", ""), row.get("destination_city", ""), row.get("dep_date", ""))
                if not any(is_na(k) for k in key):
                    by_key[key].append(row)
            self.tool_routes[mode] = dict(by_key)
        self.tool_hotels_by_star: dict[str, list[int]] = defaultdict(list)
        self.tool_hotels_by_brand: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(self.tables["hotels"].rows):
            if not is_na(row.get("hotel_star")):
                self.tool_hotels_by_star[row.get("hotel_star", "")].append(i)
            if not is_na(row.get("brand")):
                self.tool_hotels_by_brand[row.get("brand", "")].append(i)
        self.tool_attraction_by_name: dict[str, dict[str, str]] = {}
        self.tool_attractions_by_type: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in self.tables["attractions"].rows:
            if not is_na(row.get("attraction_name")):
                self.tool_attraction_by_name.setdefault(row.get("attraction_name", ""), row)
            if not is_na(row.get("attraction_type")):
                self.tool_attractions_by_type[row.get("attraction_type", "")].append(row)
        self.tool_restaurant_by_name: dict[str, dict[str, str]] = {}
        self.tool_restaurants_near: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        for row in self.tables["restaurants"].rows:
            if not is_na(row.get("restaurant_name")):
                self.tool_restaurant_by_name.setdefault(row.get("restaurant_name", ""), row)
            # The official tool compares str() of these cells, so a missing cell reads "nan".
            lat, lon = row.get("query_latitude", ""), row.get("query_longitude", "")
            self.tool_restaurants_near[("nan" if is_na(lat) else lat, "nan" if is_na(lon) else lon)].append(
                row
            )
        loc_table = self.tables["locations"]
        name_col = "poi_name" if "poi_name" in loc_table.columns else "place_name"
        self.tool_location_by_name: dict[str, dict[str, str]] = {}
        for row in loc_table.rows:
            if not is_na(row.get(name_col)):
                self.tool_location_by_name.setdefault(row.get(name_col, ""), row)
        self.tool_route_by_pair: dict[tuple[str, str], dict[str, str]] = {}
        self.tool_coordinates: set[str] = set()
        for row in self.tables["distance_matrix"].rows:
            o, d = row.get("origin", ""), row.get("destination", "")
            self.tool_coordinates.update(c for c in (o, d) if not is_na(c))
            if not (is_na(o) or is_na(d)):
                self.tool_route_by_pair.setdefault((o, d), row)

    # -- evaluator view -----------------------------------------------------------------------
    def _index_evaluator(self) -> None:
        self.hotels: dict[str, dict[str, str]] = {}
        for row in self.tables["hotels"].rows:
            if _strip(row.get("name")):
                self.hotels[_strip(row.get("name"))] = row
        self.attractions: dict[str, dict[str, str]] = {}
        for row in self.tables["attractions"].rows:
            if _strip(row.get("attraction_name")):
                self.attractions[_strip(row.get("attraction_name"))] = row
        self.restaurants: dict[str, dict[str, str]] = {}
        for row in self.tables["restaurants"].rows:
            if _strip(row.get("restaurant_name")):
                self.restaurants[_strip(row.get("restaurant_name"))] = row
        self.locations: dict[str, tuple[str, str]] = {}
        for row in self.tables["locations"].rows:
            if _strip(row.get("poi_name")):
                self.locations[_strip(row.get("poi_name"))] = (
                    _strip(row.get("latitude")),
                    _strip(row.get("longitude")),
                )
        self.numbers: dict[str, dict[str, list[dict[str, str]]]] = {}
        self.station_city: dict[str, str] = {}
        for mode, key in (("flights", "flight_no"), ("trains", "train_no")):
            by_no: dict[str, list[dict[str, str]]] = defaultdict(list)
            for row in self.tables[mode].rows:
                if _strip(row.get(key)):
                    by_no[_strip(row.get(key))].append(row)
                for station_col, city_col in (
                    ("dep_station_name", "origin_city"),
                    ("arr_station_name", "destination_city"),
                ):
                    station, city = _strip(row.get(station_col)), _strip(row.get(city_col))
                    if station and city:
                        self.station_city[station] = normalize_city(city) or ""
            self.numbers[mode] = dict(by_no)
        self.matrix_minutes: dict[tuple[str, str], str] = {}
        for row in self.tables["distance_matrix"].rows:
            self.matrix_minutes.setdefault(
                (row.get("origin", ""), row.get("destination", "")), row.get("duration_minutes", "")
            )

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(t)}" for n, t in self.tables.items())
        return f"TravelDatabase({self.path or '<memory>'}: {sizes})"


def load_database(folder: str | os.PathLike[str], *, strict: bool = True) -> TravelDatabase:
    """Load one ``id_<id>`` folder.

    ``strict`` (default) raises :class:`DatabaseError` for a missing file or column, naming it
    and the fix. ``strict=False`` reproduces the official tolerance: a missing file becomes an
    absent table (the tools answer "no information", the evaluator checks needing it fail).
    """
    root = Path(folder)
    tables = LAYOUT.read(root, strict=strict)
    return TravelDatabase(tables, root)


def resolve_task_dir(db_root: str | os.PathLike[str], task_id: str) -> Path:
    """Folder of a task under a database root: ``id_<id>`` first, then ``<id>`` (as officially)."""
    return find_task_dir(db_root, task_id, what="database", hint=" (e.g. database_en/)", error=DatabaseError)


def load_task_database(
    db_root: str | os.PathLike[str], task_id: str, *, strict: bool = True
) -> TravelDatabase:
    """Load the database of ``task_id`` from a root holding ``id_<id>/`` folders."""
    return load_database(resolve_task_dir(db_root, task_id), strict=strict)
