"""JSON descriptions (OpenAI function-calling format) of the nine DeepPlanning travel tools.

Names, parameters, types and required keys are the official ones (spec §4); descriptions are
written for this project. The list is what an agent harness passes as ``tools=``; the entries are
built with the environment kit's :func:`~pivot_opt.envs.kit.tools.tool_schema`.
"""

from __future__ import annotations

from typing import Any

from pivot_opt.envs.kit.tools import ToolIndex, string_param, tool_schema

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


_ROUTE_PARAMS = {
    "origin": string_param("City the journey starts from, e.g. 'Hefei'."),
    "destination": string_param("City the journey ends in, e.g. 'Nanjing'."),
    "depDate": string_param("Travel date as YYYY-MM-DD."),
}

TOOL_SCHEMAS: list[dict[str, Any]] = [
    tool_schema(
        "query_train_info",
        "Search train options between two cities on one date. Each option lists its segments "
        "(one for a direct train, several for a connection) with stations, times, duration in "
        "minutes, seat class and remaining seats, plus the per-person price of the whole option."
        + _COPY_RULE,
        {
            **_ROUTE_PARAMS,
            "seatClassName": string_param(
                "Optional seat class filter: 'First Class Seat', 'Second Class Seat' or 'Business Seat'."
            ),
        },
        ["origin", "destination", "depDate"],
    ),
    tool_schema(
        "query_flight_info",
        "Search flight options between two cities on one date. Each option lists its segments with "
        "airports, times, duration in minutes, seat class, remaining seats, airline and aircraft, plus "
        "the per-person price of the whole option." + _COPY_RULE,
        {
            **_ROUTE_PARAMS,
            "seatClassName": string_param("Optional cabin filter: 'Economy Class', 'Business Class' or 'First Class'."),
        },
        ["origin", "destination", "depDate"],
    ),
    tool_schema(
        "query_hotel_info",
        "List hotels at the destination with address, coordinates, star level, nightly price per "
        "room, guest score, brand, last renovation year and services. Optional filters narrow the list "
        "by star level or brand." + _COPY_RULE,
        {
            "destination": string_param("Destination city or district."),
            "checkinDate": string_param("Check-in date as YYYY-MM-DD."),
            "checkoutDate": string_param("Check-out date as YYYY-MM-DD."),
            "hotelStar": string_param("Optional star level as a string, '1' to '5' (one value)."),
            "hotelBrands": string_param(
                "Optional single brand, e.g. 'Ji Hotel', 'Atour Hotel', 'Marriott', 'Hilton', "
                "'Home Inn', 'Jinjiang Inn', 'Hanting Hotel', 'Orange Hotel'."
            ),
        },
        ["destination", "checkinDate", "checkoutDate"],
    ),
    tool_schema(
        "query_attraction_details",
        "Full record of one attraction: id, city, address, coordinates, description, rating, opening "
        "hours, weekdays it is closed, recommended minimum and maximum visit hours, ticket price and type.",
        {"attraction_name": string_param("Exact attraction name as returned by recommend_attractions.")},
        ["attraction_name"],
    ),
    tool_schema(
        "recommend_attractions",
        "List the attractions of the destination (name, short description and type). Call "
        "query_attraction_details for hours, prices and coordinates." + _COPY_RULE,
        {
            "city": string_param("Destination city."),
            "attraction_type": string_param(
                "Optional type filter, one of: " + ", ".join(f"'{t}'" for t in ATTRACTION_TYPES) + "."
            ),
        },
        ["city"],
    ),
    tool_schema(
        "search_location",
        "Coordinates (latitude, longitude; 6 decimals) of a hotel, attraction, restaurant, station or "
        "airport, looked up by its exact name as returned by another tool.",
        {"place_name": string_param("Exact place name, e.g. 'Nanjing South Station'.")},
        ["place_name"],
    ),
    tool_schema(
        "query_road_route_info",
        "Road distance (m), travel time (min) and cost between two points. Up to 2 km the trip is on "
        "foot and free; beyond that it is a taxi, and the cost is per car (up to 4 people).",
        {
            "origin": string_param("Start point as 'latitude,longitude' with the 6 decimals returned by a tool."),
            "destination": string_param("End point as 'latitude,longitude' with the 6 decimals returned by a tool."),
        },
        ["origin", "destination"],
    ),
    tool_schema(
        "recommend_restaurants",
        "Restaurants near a point (use the exact coordinates of an attraction or hotel): name, "
        "coordinates, price per person, cuisine, opening and closing time, rating and tags.",
        {
            "latitude": string_param("Latitude with 6 decimals, exactly as returned by a tool."),
            "longitude": string_param("Longitude with 6 decimals, exactly as returned by a tool."),
        },
        ["latitude", "longitude"],
    ),
    tool_schema(
        "query_restaurant_details",
        "Full record of one restaurant: id, coordinates, price per person, cuisine, opening and "
        "closing time, nearby attraction, rating and tags.",
        {"restaurant_name": string_param("Exact restaurant name as returned by recommend_restaurants.")},
        ["restaurant_name"],
    ),
]

_INDEX = ToolIndex(TOOL_SCHEMAS, "travel")
TOOL_NAMES: tuple[str, ...] = _INDEX.names
schema_of = _INDEX.schema_of  # the OpenAI-format schema of one tool (KeyError names the known tools)
