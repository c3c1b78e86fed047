"""The nine tools on the fixture database, their schemas and the agent-facing dispatcher."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from pivot_opt.envs.travel import (
    TOOL_SCHEMAS,
    TOOLS,
    TravelDatabase,
    call_tool,
    load_database,
    query_attraction_details,
    query_flight_info,
    query_hotel_info,
    query_restaurant_details,
    query_road_route_info,
    query_train_info,
    recommend_attractions,
    recommend_restaurants,
    search_location,
)

DATA = Path(__file__).parent / "data"
DB = load_database(DATA / "id_9001")
NAMES = [
    "query_train_info",
    "query_flight_info",
    "query_hotel_info",
    "query_attraction_details",
    "recommend_attractions",
    "search_location",
    "query_road_route_info",
    "recommend_restaurants",
    "query_restaurant_details",
]


def test_schemas_are_openai_function_specs_with_official_names() -> None:
    assert [t["function"]["name"] for t in TOOL_SCHEMAS] == NAMES == list(TOOLS)
    for tool in TOOL_SCHEMAS:
        assert tool["type"] == "function" and tool["function"]["description"]
        params = tool["function"]["parameters"]
        assert params["type"] == "object" and set(params["required"]) <= set(params["properties"])
        assert all(p["type"] == "string" and p["description"] for p in params["properties"].values())
    jsonschema = pytest.importorskip("jsonschema")
    for tool in TOOL_SCHEMAS:
        jsonschema.Draft7Validator.check_schema(tool["function"]["parameters"])


def test_train_routes_are_wrapped_and_ordered_as_strings() -> None:
    out = json.loads(query_train_info(DB, "Nanjing", "Hefei", "2025-11-14"))
    assert all(isinstance(r, list) and len(r) == 1 for r in out)
    assert [r[0]["Segment 1"]["marketingTransportNo"] for r in out] == [
        "G7010",
        "G7014",
        "G7012",
    ]  # "10" < "2"
    first = out[0][0]
    assert first["price"] == 97.0 and first["Segment 1"]["Remaining Seats"] == "7"
    assert (
        first["Segment 1"]["duration"] == 60
        and first["Segment 1"]["marketingTransportName"] == "High-speed Rail"
    )
    assert out[2][0]["Segment 1"]["Remaining Seats"] == "Available"  # empty seat_status


def test_connecting_train_segments_are_sorted_and_transfer_city_is_derived() -> None:
    out = json.loads(query_train_info(DB, "Hefei", "Nanjing", "2025-11-12"))
    connection = out[-1][0]
    assert list(connection) == ["Segment 1", "Segment 2", "price"]
    assert connection["Segment 1"]["marketingTransportNo"] == "D5001"
    assert connection["Segment 2"]["depCityName"] == "Wuhu"
    assert connection["Segment 2"]["arrCityName"] == "Nanjing" and connection["price"] == 80.0


def test_train_filters_and_not_found() -> None:
    first = json.loads(query_train_info(DB, "Hefei", "Nanjing", "2025-11-12", "First Class Seat"))
    assert [r[0]["Segment 1"]["seatClassName"] for r in first] == ["First Class Seat"]
    assert query_train_info(DB, "Hefei", "Nanjing", "2025-11-13") == (
        "No train information found from Hefei to Nanjing on 2025-11-13"
    )


def test_flights_are_flat_with_aircraft_fields() -> None:
    out = json.loads(query_flight_info(DB, "Hefei", "Nanjing", "2025-11-12"))
    assert [r["Segment 1"]["marketingTransportNo"] for r in out] == ["MU1001", "MU1003"]
    seg = out[0]["Segment 1"]
    assert seg["marketingTransportName"] == "China Eastern Airlines" and seg["manufacturer"] == "Airbus"
    assert (
        seg["equipType"] == "A320" and seg["equipSize"] == "Medium" and seg["Remaining Seats"] == "Available"
    )
    assert out[0]["price"] == 520.0


def test_flight_not_found_deviation_and_official_bug() -> None:
    args = {"origin": "Hefei", "destination": "Nanjing", "depDate": "2025-11-13"}
    assert call_tool(DB, "query_flight_info", args) == "No flight information found from Hefei to Nanjing on 2025-11-13"
    error = json.loads(call_tool(DB, "query_flight_info", args, official_flight_bug=True))
    assert "missing 1 required positional argument" in error["error"]


def test_hotels_are_not_filtered_by_destination_but_by_star_and_brand() -> None:
    everything = json.loads(query_hotel_info(DB, "Anywhere", "2025-11-12", "2025-11-14"))
    assert len(everything) == 3
    assert (
        everything[0]["services"] == ["Swimming Pool", "Gym", "Robot Service"]
        and everything[0]["price"] == "441"
    )
    assert "services" not in everything[2]  # empty services cell
    assert [h["name"] for h in json.loads(query_hotel_info(DB, "x", "a", "b", hotelStar="4"))] == [
        "Ji Hotel Nanjing Xinjiekou"
    ]
    assert json.loads(query_hotel_info(DB, "x", "a", "b", hotelBrands="Hanting Hotel"))[0]["hotelStar"] == "2"
    assert query_hotel_info(DB, "Nanjing", "a", "b", hotelStar="4", hotelBrands="Hanting Hotel") == (
        "No hotel information found in Nanjing from a to b, please check parameters or reduce constraints"
    )


def test_attraction_details_text() -> None:
    text = query_attraction_details(DB, "Nanjing Museum").splitlines()
    assert (
        text[0] == "Attraction ID：A003"
        and text[4] == "Coordinates：Latitude 32.040900，Longitude 118.823000"
    )
    assert "Rating：4.9(average visitor rating)" in text and "Opening Hours：09:00 to 17:00" in text
    assert "Closed Dates：Monday" in text and "Minimum Visit Duration：2.0 hours" in text
    assert "Ticket Price：0.0 RMB" in text and text[-1] == "Attraction Type：Art Exhibition"
    lake = query_attraction_details(DB, "Xuanwu Lake Park")
    assert "Opening Hours：Open 24 Hours\n" in lake and "Closed Dates：nan" in lake
    # exact names only
    assert query_attraction_details(DB, "Laomendong ") == "Detailed information not found for attraction Laomendong "


def test_recommend_attractions_ignores_city_and_filters_type() -> None:
    text = recommend_attractions(DB, "Somewhere")
    lines = text.splitlines()
    assert lines[:2] == ["Recommended attractions:", ""] and len(lines) == 9
    assert lines[2] == (
        "Laomendong, Restored old-town lanes with snack stalls and craft shops. "
        "This is a Leisure Experience type attraction"
    )
    art = recommend_attractions(DB, "Nanjing", "Art Exhibition").splitlines()
    assert len(art) == 3 and art[2].startswith("Nanjing Museum, ")
    assert recommend_attractions(DB, "Nanjing", "Theme Park") == "No attraction recommendations found"


def test_search_location_and_road_routes() -> None:
    assert json.loads(search_location(DB, "Nanjing South Station")) == {
        "place_name": "Nanjing South Station",
        "latitude": "31.968789",
        "longitude": "118.797499",
    }
    assert search_location(DB, "Nanjing South").startswith(
        "Coordinate information not found for location Nanjing South, please check: 1. Whether the place name"
    )
    route = json.loads(query_road_route_info(DB, "32.017745,118.790011", "32.018102,118.789433"))
    assert route == {
        "origin": "32.017745,118.790011",
        "destination": "32.018102,118.789433",
        "distance_in_meters": 300,
        "duration_in_minutes": 5,
        "cost": 0,
    }
    assert query_road_route_info(DB, "32.01774,118.790011", "32.018102,118.789433").startswith(
        "Coordinate 32.01774,118.790011 is not in query range, please check:\n1. Whether coordinate comes from"
    )
    assert query_road_route_info(DB, "31.968789,118.797499", "32.021302,118.788914") == (
        "No transportation information found from 31.968789,118.797499 to 32.021302,118.788914"
    )


def test_restaurants_near_a_point_and_details() -> None:
    near = json.loads(recommend_restaurants(DB, "32.021302", "118.788914"))
    assert [r["name"] for r in near] == ["Sunny Side Diner", "Six Dynasties Pine Teahouse"]
    assert "tags" not in near[0] and near[1]["tags"] == ["Birthday Package", "Waiting Area"]
    assert near[1]["price_per_person"] == "294" and near[1]["rating"] == "4.7"
    assert recommend_restaurants(DB, "32.0213", "118.788914") == (
        "No recommended restaurants found near coordinates (32.0213, 118.788914), please check coordinate source"
    )
    details = json.loads(query_restaurant_details(DB, "Six Dynasties Pine Teahouse"))
    assert details["id"] == "R001" and details["nearby_attraction_name"] == "Laomendong"  # first row wins
    missing = json.loads(query_restaurant_details(DB, "Nope"))
    assert missing == {"message": "Detailed information not found for restaurant Nope", "restaurant_name": "Nope"}


def test_missing_cells_show_like_the_official_tools() -> None:
    db = TravelDatabase.from_rows(
        {
            "restaurants": [
                {
                    "query_latitude": "1.000000",
                    "query_longitude": "2.000000",
                    "restaurant_id": "",
                    "restaurant_name": "X",
                    "latitude": "",
                    "longitude": "2.1",
                    "price_per_person": "NA",
                    "cuisine": "",
                    "opening_time": "10:00",
                    "closing_time": "20:00",
                    "nearby_attraction_name": "Y",
                    "rating": "4",
                    "tags": "",
                }
            ]
        }
    )
    raw = query_restaurant_details(db, "X")
    assert '"id": NaN' in raw and '"cuisine": NaN' in raw and '"latitude": "nan"' in raw
    parsed = json.loads(raw)
    assert math.isnan(parsed["id"]) and parsed["price_per_person"] == "nan" and "tags" not in parsed


def test_missing_tables_answer_instead_of_raising(tmp_path: Path) -> None:
    shutil.copytree(DATA / "id_9001", tmp_path / "id_1")
    (tmp_path / "id_1" / "flights" / "flights.csv").unlink()
    db = load_database(tmp_path / "id_1", strict=False)
    assert query_flight_info(db, "Hefei", "Nanjing", "2025-11-12").startswith("No information found")
    empty = TravelDatabase({})
    for name in NAMES:
        args = {
            k: "x"
            for k in next(t for t in TOOL_SCHEMAS if t["function"]["name"] == name)["function"]["parameters"][
                "required"
            ]
        }
        assert isinstance(call_tool(empty, name, args), str)


def test_call_tool_parses_validates_and_never_raises() -> None:
    args = '{"origin": "Hefei", "destination": "Nanjing", "depDate": "2025-11-12", "unused": 1}'
    assert (
        json.loads(call_tool(DB, "query_train_info", args))[0][0]["Segment 1"]["marketingTransportNo"]
        == "G7001"
    )
    assert json.loads(call_tool(DB, "no_such_tool", {})) == {"error": "tool 'no_such_tool' not found"}
    # Invalid arguments: str() of the jsonschema error, as the official harness answers.
    broken = json.loads(call_tool(DB, "search_location", "{broken json"))["error"]
    assert broken.startswith("'place_name' is a required property\n\nFailed validating 'required' in schema:")
    hotel = {"destination": "Nanjing", "checkinDate": "a", "checkoutDate": "b", "hotelStar": 3}
    assert json.loads(call_tool(DB, "query_hotel_info", hotel))["error"].startswith("3 is not of type 'string'\n\n")
    assert json.loads(call_tool(DB, "search_location", "[1, 2]"))["error"].startswith("[1, 2] is not of type 'object'")
    assert call_tool(DB, "search_location", {"place_name": "Laomendong"}) == search_location(DB, "Laomendong")


def test_tool_errors_become_error_answers() -> None:
    db = TravelDatabase.from_rows(
        {
            "distance_matrix": [
                {
                    "origin": "1,1",
                    "destination": "2,2",
                    "distance_meters": "60.0",
                    "duration_minutes": "1",
                    "cost": "0",
                }
            ]
        }
    )
    answer = json.loads(call_tool(db, "query_road_route_info", {"origin": "1,1", "destination": "2,2"}))
    assert "invalid literal for int()" in answer["error"]
