"""The nine DeepPlanning travel tools over a loaded :class:`TravelDatabase` (spec §4).

Each tool is a plain function ``tool(db, **arguments) -> str`` whose text matches the official
tool's output layout (JSON with 2-space indent, non-ASCII kept; the two attraction tools give
plain text). Cells the official tools read as missing values come out the same way (``nan`` in
``str()``-converted fields, a bare ``NaN`` token elsewhere, ``""`` in hotel fields).

:func:`call_tool` is the agent-facing dispatcher: it parses and checks arguments like the
official harness (required keys, string types) and turns every problem into an
``{"error": ...}`` answer instead of raising.

Every not-found and error text comes from :mod:`.wording`: the official DeepPlanning texts by
default, this project's more helpful ones with ``helpful_messages=True`` (found-case outputs
are the same either way). Comparisons with published results should keep the default.

Deviation (documented, switchable): the official flight tool crashes on every query that finds
nothing (a formatting bug); by default this module answers with a proper not-found text, and
``official_flight_bug=True`` reproduces the official error answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pivot_opt.envs.travel.data.database import TravelDatabase, is_na
from pivot_opt.envs.travel.data.tool_schemas import TOOL_SCHEMAS, schema_of
from pivot_opt.envs.travel.data.transport_tools import (
    dumps,
    query_flight_info,
    query_train_info,
    raw,
    text,
    to_int,
)
from pivot_opt.envs.travel.data.wording import tool_wording
from pivot_opt.errors import TrajectoryParseError
from pivot_opt.untrusted import loads_untrusted

__all__ = [
    "TOOLS",
    "TOOL_SCHEMAS",
    "call_tool",
    "query_attraction_details",
    "query_flight_info",
    "query_hotel_info",
    "query_restaurant_details",
    "query_road_route_info",
    "query_train_info",
    "recommend_attractions",
    "recommend_restaurants",
    "search_location",
]


# ---------------------------------------------------------------------------------------------
# Hotels, attractions, places, roads, restaurants
# ---------------------------------------------------------------------------------------------
def query_hotel_info(
    db: TravelDatabase,
    destination: str,
    checkinDate: str,
    checkoutDate: str,
    hotelStar: str = "",
    hotelBrands: str = "",
    *,
    helpful_messages: bool = False,
) -> str:
    """Hotels of the task (destination and dates are not filters, as officially)."""
    say = tool_wording(helpful_messages)
    table = db.tables["hotels"]
    if not table.present:
        return say.database_not_loaded("query_hotel_info", "hotels.csv")
    # Filters are answered from the star/brand indexes; file order is kept.
    positions: list[int] | range = range(len(table.rows))
    if hotelStar and hotelBrands:
        brand = set(db.tool_hotels_by_brand.get(hotelBrands, []))
        positions = [p for p in db.tool_hotels_by_star.get(hotelStar, []) if p in brand]
    elif hotelStar:
        positions = db.tool_hotels_by_star.get(hotelStar, [])
    elif hotelBrands:
        positions = db.tool_hotels_by_brand.get(hotelBrands, [])
    if not positions:
        return say.hotel_not_found(destination, checkinDate, checkoutDate)
    out = []
    for p in positions:
        row = table.rows[p]
        item: dict[str, Any] = {
            key: "" if is_na(row.get(col)) else row.get(col, "")
            for key, col in (
                ("name", "name"),
                ("address", "address"),
                ("latitude", "latitude"),
                ("longitude", "longitude"),
                ("decorationTime", "decoration_time"),
                ("hotelStar", "hotel_star"),
                ("price", "price"),
                ("score", "score"),
                ("brand", "brand"),
            )
        }
        services = row.get("services")
        if "services" in table.columns and not is_na(services) and services.strip():  # type: ignore[union-attr]
            item["services"] = services.split(";")  # type: ignore[union-attr]
        out.append(item)
    return dumps(out)


def _numtext(cell: str | None) -> str:
    """Rating/hours/ticket as the details tool prints them: Python float, or "" if unreadable."""
    if is_na(cell):
        return ""
    try:
        return str(float(cell))  # type: ignore[arg-type]
    except ValueError:
        return ""


def query_attraction_details(db: TravelDatabase, attraction_name: str, *, helpful_messages: bool = False) -> str:
    """One attraction as ``Label：value`` lines (full-width colon), first row with that name."""
    say = tool_wording(helpful_messages)
    if not db.tables["attractions"].present:
        return say.database_not_loaded("query_attraction_details", "attractions.csv")
    row = db.tool_attraction_by_name.get(attraction_name)
    if row is None:
        return say.attraction_not_found(attraction_name)
    opening, closing = text(row.get("opening_time")), text(row.get("closing_time"))
    hours = opening if opening == closing else f"{opening} to {closing}"
    ticket = _numtext(row.get("ticket_price")) or "0"
    lines = [
        f"Attraction ID：{text(row.get('attraction_id'))}",
        f"Attraction Name：{text(row.get('attraction_name'))}",
        f"City：{text(row.get('city'))}",
        f"Address：{text(row.get('address'))}",
        f"Coordinates：Latitude {text(row.get('latitude'))}，Longitude {text(row.get('longitude'))}",
        f"Description：{text(row.get('description'))}",
        f"Rating：{_numtext(row.get('rating'))}(average visitor rating)",
        f"Opening Hours：{hours}",
        f"Closed Dates：{text(row.get('closing_dates'))}",
        f"Minimum Visit Duration：{_numtext(row.get('min_visit_hours'))} hours",
        f"Maximum Visit Duration：{_numtext(row.get('max_visit_hours'))} hours",
        f"Ticket Price：{ticket} RMB",
        f"Attraction Type：{text(row.get('attraction_type'))}",
    ]
    return "\n".join(lines)


def recommend_attractions(
    db: TravelDatabase, city: str, attraction_type: str = "", *, helpful_messages: bool = False
) -> str:
    """Every attraction of the task (``city`` is not a filter, as officially), optionally by type."""
    say = tool_wording(helpful_messages)
    table = db.tables["attractions"]
    if not table.present:
        return say.database_not_loaded("recommend_attractions", "attractions.csv")
    rows = db.tool_attractions_by_type.get(attraction_type, []) if attraction_type else table.rows
    if not rows:
        return say.no_recommended_attractions(attraction_type)
    lines = [
        f"{text(r.get('attraction_name'))}, {text(r.get('description'))}. "
        f"This is a {text(r.get('attraction_type'))} type attraction"
        for r in rows
    ]
    return "\n".join(["Recommended attractions:\n", *lines])


def search_location(db: TravelDatabase, place_name: str, *, helpful_messages: bool = False) -> str:
    """Coordinates of a named place (first row of locations_coords.csv with that exact name)."""
    say = tool_wording(helpful_messages)
    table = db.tables["locations"]
    if not table.present:
        return say.database_not_loaded("search_location", "locations_coords.csv")
    row = db.tool_location_by_name.get(place_name)
    if row is None:
        return say.location_not_found(place_name)
    name = row.get("poi_name") if "poi_name" in table.columns else row.get("place_name")
    return dumps(
        {
            "place_name": raw(name),
            "latitude": text(row.get("latitude")),
            "longitude": text(row.get("longitude")),
        }
    )


def query_road_route_info(
    db: TravelDatabase, origin: str, destination: str, *, helpful_messages: bool = False
) -> str:
    """Road distance, time and cost between two ``lat,lon`` points of the distance matrix."""
    say = tool_wording(helpful_messages)
    if not db.tables["distance_matrix"].present:
        return say.database_not_loaded("query_road_route_info", "distance_matrix.csv")
    for point in (origin, destination):
        if point not in db.tool_coordinates:
            return say.coordinate_out_of_range(point)
    row = db.tool_route_by_pair.get((origin, destination))
    if row is None:
        return say.no_route(origin, destination)
    return dumps(
        {
            "origin": raw(row.get("origin")),
            "destination": raw(row.get("destination")),
            "distance_in_meters": to_int(row.get("distance_meters")),
            "duration_in_minutes": to_int(row.get("duration_minutes")),
            "cost": to_int(row.get("cost")),
        }
    )


def _restaurant(row: dict[str, str], columns: list[str], with_id: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"id": raw(row.get("restaurant_id"))} if with_id else {}
    item.update(
        {
            "name": raw(row.get("restaurant_name")),
            "latitude": text(row.get("latitude")),
            "longitude": text(row.get("longitude")),
            "price_per_person": text(row.get("price_per_person")),
            "cuisine": raw(row.get("cuisine")),
            "opening_time": raw(row.get("opening_time")),
            "closing_time": raw(row.get("closing_time")),
            "nearby_attraction_name": raw(row.get("nearby_attraction_name")),
            "rating": text(row.get("rating")),
        }
    )
    tags = row.get("tags")
    if "tags" in columns and not is_na(tags) and tags.strip():  # type: ignore[union-attr]
        item["tags"] = tags.split(";")  # type: ignore[union-attr]
    return item


def recommend_restaurants(
    db: TravelDatabase, latitude: str, longitude: str, *, helpful_messages: bool = False
) -> str:
    """Restaurants listed for the query point with exactly these coordinate strings."""
    say = tool_wording(helpful_messages)
    table = db.tables["restaurants"]
    if not table.present:
        return say.database_not_loaded("recommend_restaurants", "restaurants.csv")
    rows = db.tool_restaurants_near.get((latitude, longitude), [])
    if not rows:
        return say.no_restaurants_near(latitude, longitude)
    return dumps([_restaurant(r, table.columns, with_id=False) for r in rows])


def query_restaurant_details(db: TravelDatabase, restaurant_name: str, *, helpful_messages: bool = False) -> str:
    """One restaurant (first row with that exact name) as a JSON object."""
    say = tool_wording(helpful_messages)
    table = db.tables["restaurants"]
    if not table.present:
        message = say.database_not_loaded("query_restaurant_details", "restaurants.csv")
        return dumps({"message": message, "restaurant_name": restaurant_name})
    row = db.tool_restaurant_by_name.get(restaurant_name)
    if row is None:
        return dumps({"message": say.restaurant_not_found(restaurant_name), "restaurant_name": restaurant_name})
    return dumps(_restaurant(row, table.columns, with_id=True))


TOOLS: dict[str, Callable[..., str]] = {
    "query_train_info": query_train_info,
    "query_flight_info": query_flight_info,
    "query_hotel_info": query_hotel_info,
    "query_attraction_details": query_attraction_details,
    "recommend_attractions": recommend_attractions,
    "search_location": search_location,
    "query_road_route_info": query_road_route_info,
    "recommend_restaurants": recommend_restaurants,
    "query_restaurant_details": query_restaurant_details,
}
assert list(TOOLS) == [t["function"]["name"] for t in TOOL_SCHEMAS]


def _error(message: str) -> str:
    return json.dumps({"error": message}, ensure_ascii=False)


def _validate(name: str, args: Any, helpful_messages: bool = False) -> tuple[dict[str, Any] | None, str]:
    """Check arguments against the tool schema: an object, required keys present, strings only."""
    say = tool_wording(helpful_messages)
    params = schema_of(name)["function"]["parameters"]
    if not isinstance(args, dict):
        return None, say.arguments_not_object(name, args, params)
    missing = [k for k in params["required"] if k not in args]
    if missing:
        return None, say.missing_arguments(name, args, params, missing)
    bad = [
        key
        for key, spec in params["properties"].items()
        if key in args and spec["type"] == "string" and not isinstance(args[key], str)
    ]
    if bad:
        return None, say.arguments_not_string(name, args, params, bad)
    return {k: v for k, v in args.items() if k in params["properties"]}, ""


def call_tool(
    db: TravelDatabase,
    name: str,
    arguments: dict[str, Any] | str | None,
    *,
    official_flight_bug: bool = False,
    helpful_messages: bool = False,
) -> str:
    """Run a tool by name as an agent harness would; never raises.

    ``arguments`` is a dict or a JSON string (unparseable JSON counts as ``{}``, as officially).
    Unknown tools, invalid arguments and errors inside a tool come back as ``{"error": ...}``.
    ``helpful_messages=True`` words not-found and error texts with hints (not the benchmark's).
    """
    say = tool_wording(helpful_messages)
    if name not in TOOLS:
        return _error(say.unknown_tool(name, list(TOOLS)))
    if arguments is None:
        arguments = {}
    if isinstance(arguments, str):
        try:
            arguments = loads_untrusted(arguments) if arguments.strip() else {}
        except TrajectoryParseError:
            arguments = {}
    args, problem = _validate(name, arguments, helpful_messages)
    if args is None:
        return _error(problem)
    try:
        if name == "query_flight_info":
            return query_flight_info(
                db, **args, official_flight_bug=official_flight_bug, helpful_messages=helpful_messages
            )
        return TOOLS[name](db, **args, helpful_messages=helpful_messages)
    except Exception as exc:
        return _error(say.tool_failed(exc))
