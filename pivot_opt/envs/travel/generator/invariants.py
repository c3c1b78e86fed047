"""Structural invariants of a generated task folder (spec §3 and §11, points 1-6 and 12).

Why: the evaluator and the tools read these files with different readers (plain CSV, pandas with
text columns); these checks state, file by file, what both need so that a generated database is
evaluable exactly like an official one. The tests run them on every generated folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pivot_opt.envs.travel.data.database import TABLE_FILES
from pivot_opt.envs.travel.generator.io import TableDb, load_tables
from pivot_opt.envs.travel.generator.model import FILE_COLUMNS, RESTAURANT_COLUMNS
from pivot_opt.envs.travel.generator.rules import leg_routes

__all__ = ["check_layout", "MISSING_TOKENS"]

MISSING_TOKENS = {"", "NA", "N/A", "NULL", "null", "None", "NaN", "nan", "#N/A", "n/a", "NAN", "-NaN", "-nan"}
OPTIONAL = {"seat_status", "closing_dates", "tags", "services"}
COORD = re.compile(r"^-?\d{1,3}\.\d{6}$")
INT_COLUMNS = {
    "trains": ("duration", "segment_index"),
    "flights": ("duration", "segment_index"),
    "hotels": ("hotel_star", "stock", "decoration_time"),
}


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return handle.readline().strip().split(",")


def _cells(db: TableDb, problems: list[str]) -> None:
    """Every file has its columns, filled cells, integer cells and 6-decimal coordinates."""
    for key, columns in FILE_COLUMNS.items():
        if key == "distance_matrix":
            continue
        rows = db.database.tables[key].rows
        for row in rows:
            for column in columns:
                value = row.get(column)
                if value is None:
                    problems.append(f"{key}: column {column} missing")
                    return
                if column not in OPTIONAL and value in MISSING_TOKENS:
                    problems.append(f"{key}: empty or missing-value cell in {column}: {row}")
                if ("latitude" in column or "longitude" in column) and not COORD.match(value):
                    problems.append(f"{key}: coordinate {value!r} in {column} is not a 6-decimal string")
            for column in INT_COLUMNS.get(key, ()):
                if not row[column].isdigit():
                    problems.append(f"{key}: {column} {row[column]!r} is not an integer")
        if key in ("trains", "flights"):
            for row in rows:
                if row["seat_status"] and not row["seat_status"].isdigit():
                    problems.append(f"{key}: seat_status {row['seat_status']!r}")
    for row in db.attractions:
        if row["description"].endswith("."):
            problems.append(f"attraction description ends with a period: {row['attraction_name']}")
        if (row["opening_time"] == "Open 24 Hours") != (row["closing_time"] == "Open 24 Hours"):
            problems.append(f"attraction hours half 24 h: {row['attraction_name']}")


def _places(db: TableDb, problems: list[str]) -> None:
    """Locations name every place once, with the same coordinates as the other files (§11.2)."""
    where = {r["poi_name"]: f"{r['latitude']},{r['longitude']}" for r in db.locations}
    if len(where) != len(db.locations):
        problems.append("locations: a name is listed twice")
    if len(set(where.values())) != len(where):
        problems.append("locations: two places share one coordinate")
    named: list[tuple[str, str | None]] = [
        (r["name"], f"{r['latitude']},{r['longitude']}") for r in db.hotels
    ]
    named += [(r["attraction_name"], f"{r['latitude']},{r['longitude']}") for r in db.attractions]
    named += [(r["restaurant_name"], f"{r['latitude']},{r['longitude']}") for r in db.restaurants]
    for table in (db.trains, db.flights):
        named += [(r[c], None) for r in table for c in ("dep_station_name", "arr_station_name")]
    for name, key in named:
        if name not in where:
            problems.append(f"locations: {name!r} is missing")
        elif key is not None and where[name] != key:
            problems.append(f"locations: {name!r} has other coordinates than in its own file")


def _matrix(db: TableDb, meta: dict[str, Any], problems: list[str]) -> None:
    """Both directed rows for every pair a plan can connect, walking at most 2 km for free (§11.3)."""
    dest = meta["dest"][0]
    hubs = {
        r["arr_station_name"] for t in (db.trains, db.flights) for r in t if r["destination_city"] == dest
    }
    names = [r["name"] for r in db.hotels] + [r["attraction_name"] for r in db.attractions]
    names += sorted({r["restaurant_name"] for r in db.restaurants}) + sorted(hubs)
    keys = [db.coords(n) for n in names]
    for a in keys:
        for b in keys:
            if a is None or b is None or a == b:
                continue
            found = db.matrix.get((a, b))
            if found is None:
                problems.append(f"matrix: no row {a} -> {b}")
                return
            dist, minutes, cost = found
            if (dist <= 2000) != (cost == 0) or minutes <= 0:
                problems.append(f"matrix: implausible row {a} -> {b}: {found}")
                return


def _restaurant_lists(db: TableDb, problems: list[str]) -> None:
    """Every attraction and hotel has restaurants listed at its coordinates, under its name (§11.4)."""
    lists: dict[str, set[str]] = {}
    seen: dict[str, tuple[str, ...]] = {}
    for r in db.restaurants:
        lists.setdefault(f"{r['query_latitude']},{r['query_longitude']}", set()).add(
            r["nearby_attraction_name"]
        )
        fields = tuple(r[c] for c in RESTAURANT_COLUMNS[2:])
        if seen.setdefault(r["restaurant_name"], fields) != fields:
            problems.append(f"restaurants: rows of {r['restaurant_name']!r} disagree")
    for name in [r["name"] for r in db.hotels] + [r["attraction_name"] for r in db.attractions]:
        key = db.coords(name)
        if key not in lists or lists[key] != {name}:
            problems.append(f"restaurants: no list under the name of {name!r}")


def _transport(db: TableDb, meta: dict[str, Any], problems: list[str]) -> None:
    """Both legs run on their dates, with direct and connecting options, in the main mode (§11.5)."""
    mode = next(
        (k.split("_", 1)[0] for k in meta.get("hard_constraints", {}) if k.startswith(("train", "flight"))),
        "train",
    )
    org, dest = meta["org"], meta["dest"][0]
    for leg, (a, b, date) in {
        "out": (org, dest, meta["depart_date"]),
        "in": (dest, org, meta["return_date"]),
    }.items():
        views = leg_routes(db.trains if mode == "train" else db.flights, a, b, date, mode)
        direct = sum(1 for v in views.values() if v.direct)
        if direct < 3 or direct == len(views):
            problems.append(f"{mode} {leg}: {direct} direct of {len(views)} routes")
    for row in db.trains:
        for column in ("dep_station_name", "arr_station_name"):
            if not row[column].endswith(" Station"):
                problems.append(f"trains: station name {row[column]!r} does not end in ' Station'")
    for table in (db.trains, db.flights):
        by_route: dict[str, set[tuple[str, ...]]] = {}
        for row in table:
            by_route.setdefault(row["route_index"], set()).add(
                (row["origin_city"], row["destination_city"], row["dep_date"], row["price"])
            )
        if any(len(v) != 1 for v in by_route.values()):
            problems.append("transport: segments of one route disagree on cities, date or price")


def _attractions(db: TableDb, meta: dict[str, Any], problems: list[str]) -> None:
    """Enough variety for two visits a day, some closures, some 24 h, some free (§11.6)."""
    rows = db.attractions
    if len(rows) < 2 * int(meta["days"]) + 2:
        problems.append(f"attractions: only {len(rows)} for {meta['days']} days")
    if not any(r["closing_dates"] for r in rows):
        problems.append("attractions: none has a closing weekday")
    if not any(r["opening_time"] == "Open 24 Hours" for r in rows):
        problems.append("attractions: none is open 24 hours")
    if not any(float(r["ticket_price"]) == 0 for r in rows):
        problems.append("attractions: none is free")


def check_layout(task: dict[str, Any], db_dir: Path | str) -> list[str]:
    """Every structural invariant a generated folder breaks (empty when it is sound)."""
    meta = task.get("meta_info", task)
    root = Path(db_dir)
    problems: list[str] = []
    for key, rel in TABLE_FILES.items():
        path = root / rel
        if not path.exists():
            problems.append(f"missing file {rel}")
            continue
        expected = FILE_COLUMNS[key]
        if _header(path) != list(expected):
            problems.append(f"{rel}: header {_header(path)} is not {list(expected)}")
    if problems:
        return problems
    db = load_tables(root)
    _cells(db, problems)
    _places(db, problems)
    _matrix(db, meta, problems)
    _restaurant_lists(db, problems)
    _transport(db, meta, problems)
    _attractions(db, meta, problems)
    return problems
