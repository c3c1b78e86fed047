"""Train and flight tools (spec §4.1-4.2) and the cell conventions all tools share.

Cells the official tools (pandas, every column as text) read as missing values come out the
same way here: ``nan`` where the official code calls ``str()``, a bare ``NaN`` JSON token
elsewhere. Route options are grouped by ``route_index`` and ordered as strings, as officially.
"""

from __future__ import annotations

import json
from typing import Any

from pivot_opt.envs.travel.data.database import TravelDatabase, is_na
from pivot_opt.envs.travel.data.wording import COPY_HINT, tool_wording

__all__ = [
    "COPY_HINT",
    "NAN",
    "dumps",
    "query_flight_info",
    "query_train_info",
    "raw",
    "text",
    "to_int",
]

NAN = float("nan")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def raw(cell: str | None) -> Any:
    """A cell as the official tools hold it: text, or NaN when missing."""
    return NAN if is_na(cell) else cell


def text(cell: str | None) -> str:
    """``str()`` of a cell as the official tools print it (missing -> ``nan``)."""
    return "nan" if is_na(cell) else str(cell)


def to_int(cell: str | None) -> int:
    if is_na(cell):
        raise ValueError("cannot convert float NaN to integer")
    return int(cell)  # type: ignore[arg-type]


def _sort_key(cell: str | None) -> tuple[bool, str]:
    return (is_na(cell), cell or "")


# ---------------------------------------------------------------------------------------------
# Trains and flights
# ---------------------------------------------------------------------------------------------
def _routes(
    db: TravelDatabase, mode: str, origin: str, destination: str, dep_date: str, seat_class: str
) -> list[list[dict[str, str]]]:
    rows = db.tool_routes[mode].get((origin, destination, dep_date), [])
    if seat_class:
        rows = [r for r in rows if r.get("seat_class") == seat_class]
    groups: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if is_na(row.get("route_index")):
            raise ValueError(f"a {mode} row from {origin} to {destination} on {dep_date} has no route_index")
        groups.setdefault(row.get("route_index", ""), []).append(row)
    # Official order: route_index and segment_index compared as strings ("10" < "2").
    return [sorted(groups[k], key=lambda r: _sort_key(r.get("segment_index"))) for k in sorted(groups)]


def _seats(row: dict[str, str]) -> Any:
    """Remaining seats; missing, blank or "nan" means plenty ("Available")."""
    seats = row.get("seat_status")
    if is_na(seats) or not str(seats).strip() or str(seats).lower() == "nan":
        return "Available"
    return seats


def _segment(row: dict[str, str], dep_city: Any, name_col: str, no_col: str) -> dict[str, Any]:
    return {
        "arrCityName": raw(row.get("destination_city")),
        "arrStationCode": raw(row.get("arr_station_code")),
        "arrStationName": raw(row.get("arr_station_name")),
        "depCityName": dep_city,
        "depStationCode": raw(row.get("dep_station_code")),
        "depStationName": raw(row.get("dep_station_name")),
        "duration": to_int(row.get("duration")),
        "arrDateTime": raw(row.get("arr_datetime")),
        "depDateTime": raw(row.get("dep_datetime")),
        "marketingTransportName": raw(row.get(name_col)),
        "marketingTransportNo": raw(row.get(no_col)),
        "seatClassName": raw(row.get("seat_class")),
        "Remaining Seats": _seats(row),
    }


def _route_price(row: dict[str, str]) -> float:
    cell = row.get("price")
    if is_na(cell):
        return NAN
    try:
        return float(cell)  # type: ignore[arg-type]
    except ValueError:
        return 0


def query_train_info(
    db: TravelDatabase,
    origin: str,
    destination: str,
    depDate: str,
    seatClassName: str = "",
    *,
    helpful_messages: bool = False,
) -> str:
    """Train options origin -> destination on ``depDate``; each option wrapped in its own list.

    ``helpful_messages`` only changes the not-found texts (see :mod:`.wording`).
    """
    say = tool_wording(helpful_messages)
    if not db.tables["trains"].present:
        return say.database_not_loaded("query_train_info", "trains.csv")
    routes = _routes(db, "trains", origin, destination, depDate, seatClassName)
    if not routes:
        return say.train_not_found(origin, destination, depDate)
    out = []
    for segments in routes:
        route: dict[str, Any] = {}
        for i, row in enumerate(segments, 1):
            if i == 1:
                dep_city: Any = raw(row.get("origin_city"))
            else:
                prev = segments[i - 2].get("arr_station_name")
                if is_na(prev):
                    raise AttributeError("'float' object has no attribute 'split'")
                dep_city = prev.split(" Station")[0]  # type: ignore[union-attr]
            route[f"Segment {i}"] = _segment(row, dep_city, "train_type", "train_no")
        route["price"] = _route_price(segments[0])
        out.append([route])
    return dumps(out)


def query_flight_info(
    db: TravelDatabase,
    origin: str,
    destination: str,
    depDate: str,
    seatClassName: str = "",
    *,
    official_flight_bug: bool = False,
    helpful_messages: bool = False,
) -> str:
    """Flight options origin -> destination on ``depDate`` as a flat list.

    ``official_flight_bug=True`` makes a query with no result raise the TypeError the official
    tool raises (``call_tool`` turns it into an error answer); otherwise such a query answers a
    not-found text, worded as ``helpful_messages`` chooses (see :mod:`.wording`).
    """
    say = tool_wording(helpful_messages)
    if not db.tables["flights"].present:
        return say.database_not_loaded("query_flight_info", "flights.csv")
    routes = _routes(db, "flights", origin, destination, depDate, seatClassName)
    if not routes:
        if official_flight_bug:
            raise TypeError("FlightQueryTool.<lambda>() missing 1 required positional argument: 'seat'")
        return say.flight_not_found(origin, destination, depDate, seatClassName)
    out = []
    for segments in routes:
        route: dict[str, Any] = {}
        for i, row in enumerate(segments, 1):
            seg = _segment(row, raw(row.get("origin_city")), "airline", "flight_no")
            seg.update(
                {
                    "equipSize": raw(row.get("equip_size")),
                    "equipType": raw(row.get("equip_type")),
                    "manufacturer": raw(row.get("manufacturer")),
                }
            )
            route[f"Segment {i}"] = seg
        route["price"] = _route_price(segments[0])
        out.append(route)
    return dumps(out)
