"""JSON descriptions (OpenAI function-calling format) of the nine DeepPlanning travel tools.

Names, parameters, types and required keys are the official ones (spec §4); descriptions are
written for this project. The list is what an agent harness passes as ``tools=``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ATTRACTION_TYPES", "TOOL_NAMES", "TOOL_SCHEMAS", "schema_of"]

ATTRACTION_TYPES = (
    "Historical and Cultural",
    "Natural Scenery",
    "Art Exhibition",
    "City Landmark",
    "Theme Park",
    "Leisure Experience",
)

_COPY_RULE = " Copy names, numbers and coordinates exactly as returned; never invent them."


def _s(description: str) -> dict[str, str]:
    return {"type": "string", "description": description}


def _tool(name: str, description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required},
        },
    }


_ROUTE_PARAMS = {
    "origin": _s("City the journey starts from, e.g. 'Hefei'."),
    "destination": _s("City the journey ends in, e.g. 'Nanjing'."),
    "depDate": _s("Travel date as YYYY-MM-DD."),
}

TOOL_SCHEMAS: list[dict[str, Any]] = [
    _tool(
        "query_train_info",
        "Search train options between two cities on one date. Each option lists its segments "
        "(one for a direct train, several for a connection) with stations, times, duration in "
        "minutes, seat class and remaining seats, plus the per-person price of the whole option."
        + _COPY_RULE,
        {
            **_ROUTE_PARAMS,
            "seatClassName": _s(
                "Optional seat class filter: 'First Class Seat', 'Second Class Seat' or 'Business Seat'."
            ),
        },
        ["origin", "destination", "depDate"],
    ),
    _tool(
        "query_flight_info",
        "Search flight options between two cities on one date. Each option lists its segments with "
        "airports, times, duration in minutes, seat class, remaining seats, airline and aircraft, plus "
        "the per-person price of the whole option." + _COPY_RULE,
        {
            **_ROUTE_PARAMS,
            "seatClassName": _s("Optional cabin filter: 'Economy Class', 'Business Class' or 'First Class'."),
        },
        ["origin", "destination", "depDate"],
    ),
    _tool(
        "query_hotel_info",
        "List hotels at the destination with address, coordinates, star level, nightly price per "
        "room, guest score, brand, last renovation year and services. Optional filters narrow the list "
        "by star level or brand." + _COPY_RULE,
        {
            "destination": _s("Destination city or district."),
            "checkinDate": _s("Check-in date as YYYY-MM-DD."),
            "checkoutDate": _s("Check-out date as YYYY-MM-DD."),
            "hotelStar": _s("Optional star level as a string, '1' to '5' (one value)."),
            "hotelBrands": _s(
                "Optional single brand, e.g. 'Ji Hotel', 'Atour Hotel', 'Marriott', 'Hilton', "
                "'Home Inn', 'Jinjiang Inn', 'Hanting Hotel', 'Orange Hotel'."
            ),
        },
        ["destination", "checkinDate", "checkoutDate"],
    ),
    _tool(
        "query_attraction_details",
        "Full record of one attraction: id, city, address, coordinates, description, rating, opening "
        "hours, weekdays it is closed, recommended minimum and maximum visit hours, ticket price and type.",
        {"attraction_name": _s("Exact attraction name as returned by recommend_attractions.")},
        ["attraction_name"],
    ),
    _tool(
        "recommend_attractions",
        "List the attractions of the destination (name, short description and type). Call "
        "query_attraction_details for hours, prices and coordinates." + _COPY_RULE,
        {
            "city": _s("Destination city."),
            "attraction_type": _s(
                "Optional type filter, one of: " + ", ".join(f"'{t}'" for t in ATTRACTION_TYPES) + "."
            ),
        },
        ["city"],
    ),
    _tool(
        "search_location",
        "Coordinates (latitude, longitude; 6 decimals) of a hotel, attraction, restaurant, station or "
        "airport, looked up by its exact name as returned by another tool.",
        {"place_name": _s("Exact place name, e.g. 'Nanjing South Station'.")},
        ["place_name"],
    ),
    _tool(
        "query_road_route_info",
        "Road distance (m), travel time (min) and cost between two points. Up to 2 km the trip is on "
        "foot and free; beyond that it is a taxi, and the cost is per car (up to 4 people).",
        {
            "origin": _s("Start point as 'latitude,longitude' with the 6 decimals returned by a tool."),
            "destination": _s("End point as 'latitude,longitude' with the 6 decimals returned by a tool."),
        },
        ["origin", "destination"],
    ),
    _tool(
        "recommend_restaurants",
        "Restaurants near a point (use the exact coordinates of an attraction or hotel): name, "
        "coordinates, price per person, cuisine, opening and closing time, rating and tags.",
        {
            "latitude": _s("Latitude with 6 decimals, exactly as returned by a tool."),
            "longitude": _s("Longitude with 6 decimals, exactly as returned by a tool."),
        },
        ["latitude", "longitude"],
    ),
    _tool(
        "query_restaurant_details",
        "Full record of one restaurant: id, coordinates, price per person, cuisine, opening and "
        "closing time, nearby attraction, rating and tags.",
        {"restaurant_name": _s("Exact restaurant name as returned by recommend_restaurants.")},
        ["restaurant_name"],
    ),
]

TOOL_NAMES: tuple[str, ...] = tuple(t["function"]["name"] for t in TOOL_SCHEMAS)
_BY_NAME = {t["function"]["name"]: t for t in TOOL_SCHEMAS}


def schema_of(name: str) -> dict[str, Any]:
    """The OpenAI-format schema of one tool (KeyError names the known tools)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown travel tool {name!r}; known: {list(TOOL_NAMES)}") from None
