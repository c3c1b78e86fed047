"""Not-found and error texts of the nine travel tools and their harness, in two wordings.

Why two: an agent's behaviour depends on what a failed tool call tells it. The official
DeepPlanning tools answer tersely; the texts this project first wrote add hints (copy names and
coordinates exactly, keep 6 decimals, what to drop or use instead), which help an agent more
than the real benchmark does. :class:`OfficialToolWording` (the default everywhere) gives the
official English texts, reproduced for compatibility; :class:`HelpfulToolWording` gives the
hints. Found-case outputs never depend on the wording.

Invalid arguments are reported as the official harness reports them: ``str()`` of the
``jsonschema`` error (jsonschema 4.x layout), which dumps the parameter schema; the schema is
this project's (same keys and types, own descriptions), so that dump is not word for word the
official one. A flight query that finds nothing answers the text the official template was
meant to give (the official tool crashes there, see ``official_flight_bug`` of
:func:`pivot_opt.envs.travel.data.tools.call_tool`).
"""

from __future__ import annotations

import json
import pprint
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["COPY_HINT", "HelpfulToolWording", "OfficialToolWording", "tool_wording"]

#: The reminder the helpful wording appends to not-found answers.
COPY_HINT = "copy names and coordinates exactly from earlier tool results"


def _schema_error(message: str, validator: str, where: str, schema: Any, instance: Any) -> str:
    """``str()`` of a jsonschema 4.x ``ValidationError`` (``where``: the property, or "" for the
    whole object), the text the official harness returns for invalid arguments."""

    def pretty(thing: Any) -> str:
        return textwrap.indent(pprint.pformat(thing, width=72, sort_dicts=False), " " * 4).lstrip()

    schema_path = f"schema['properties'][{where!r}]" if where else "schema"
    instance_path = f"instance[{where!r}]" if where else "instance"
    return (
        f"{message}\n\nFailed validating {validator!r} in {schema_path}:\n    {pretty(schema)}"
        f"\n\nOn {instance_path}:\n    {pretty(instance)}"
    )


class OfficialToolWording:
    """The official English texts (DeepPlanning ``tools/*.py`` and the agent harness)."""

    helpful = False

    # -- missing database file --------------------------------------------------------------
    def database_not_loaded(self, tool: str, file: str) -> str:
        """The tool's CSV file does not exist."""
        if tool == "query_train_info":
            return "No information found"
        if tool == "query_flight_info":
            return "No information found, please check input parameters"
        return "Database not loaded"

    # -- nothing matched --------------------------------------------------------------------
    def train_not_found(self, origin: Any, destination: Any, date: Any) -> str:
        return f"No train information found from {origin} to {destination} on {date}"

    def flight_not_found(self, origin: Any, destination: Any, date: Any, seat_class: Any) -> str:
        return f"No flight information found from {origin} to {destination} on {date}"

    def hotel_not_found(self, destination: Any, checkin: Any, checkout: Any) -> str:
        return (
            f"No hotel information found in {destination} from {checkin} to {checkout}, "
            f"please check parameters or reduce constraints"
        )

    def attraction_not_found(self, name: Any) -> str:
        return f"Detailed information not found for attraction {name}"

    def no_recommended_attractions(self, attraction_type: Any) -> str:
        return "No attraction recommendations found"

    def location_not_found(self, place: Any) -> str:
        return (
            f"Coordinate information not found for location {place}, please check: 1. Whether the place "
            f"name comes from other tool results; 2. Whether the place name is exactly consistent with "
            f"tool results, no abbreviation, renaming or additional description allowed"
        )

    def coordinate_out_of_range(self, point: Any) -> str:
        return (
            f"Coordinate {point} is not in query range, please check:\n1. Whether coordinate comes from "
            f"valid tool query result, not manual input or fabrication;\n2. Whether coordinate precision "
            f"is exactly consistent with query result, 6 decimal places"
        )

    def no_route(self, origin: Any, destination: Any) -> str:
        return f"No transportation information found from {origin} to {destination}"

    def no_restaurants_near(self, latitude: Any, longitude: Any) -> str:
        return (
            f"No recommended restaurants found near coordinates ({latitude}, {longitude}), "
            f"please check coordinate source"
        )

    def restaurant_not_found(self, name: Any) -> str:
        return f"Detailed information not found for restaurant {name}"

    # -- the harness ------------------------------------------------------------------------
    def unknown_tool(self, name: str, available: Sequence[str]) -> str:
        return f"tool '{name}' not found"

    def arguments_not_object(self, tool: str, args: Any, params: Mapping[str, Any]) -> str:
        """Arguments that decode to a non-object (officially a string is decoded once more)."""
        if isinstance(args, str):
            return "Parameters must be formatted as a valid JSON!"
        return _schema_error(f"{args!r} is not of type 'object'", "type", "", params, args)

    def missing_arguments(
        self, tool: str, args: Mapping[str, Any], params: Mapping[str, Any], missing: Sequence[str]
    ) -> str:
        """jsonschema reports the first missing required key."""
        return _schema_error(f"{missing[0]!r} is a required property", "required", "", params, args)

    def arguments_not_string(
        self, tool: str, args: Mapping[str, Any], params: Mapping[str, Any], bad: Sequence[str]
    ) -> str:
        """``bad``: keys in schema order; jsonschema's best match is the greatest key."""
        key = max(bad)
        message = f"{args[key]!r} is not of type 'string'"
        return _schema_error(message, "type", key, params["properties"][key], args[key])

    def tool_failed(self, exc: BaseException) -> str:
        """An exception inside a tool: officially ``str(exc)``, even when empty."""
        return str(exc)


class HelpfulToolWording(OfficialToolWording):
    """This project's texts: what was not found, plus how to do better (not the benchmark's)."""

    helpful = True

    def database_not_loaded(self, tool: str, file: str) -> str:
        if tool == "query_train_info":
            return f"No train information is available: {file} was not loaded."
        if tool == "query_flight_info":
            return super().database_not_loaded(tool, file)
        return f"Database not loaded: {file} is missing."

    def train_not_found(self, origin: Any, destination: Any, date: Any) -> str:
        return f"No train found from {origin} to {destination} on {date}."

    def flight_not_found(self, origin: Any, destination: Any, date: Any, seat_class: Any) -> str:
        return f"No flight found from {origin} to {destination} on {date}" + (
            f" in {seat_class}." if seat_class else "."
        )

    def hotel_not_found(self, destination: Any, checkin: Any, checkout: Any) -> str:
        return (
            f"No hotel found in {destination} from {checkin} to {checkout} with these filters; "
            f"check the parameters or drop a filter."
        )

    def attraction_not_found(self, name: Any) -> str:
        return f"No attraction named {name}; {COPY_HINT}."

    def no_recommended_attractions(self, attraction_type: Any) -> str:
        return "No attraction recommendations found" + (f" of type {attraction_type}." if attraction_type else ".")

    def location_not_found(self, place: Any) -> str:
        return (
            f"No coordinates for {place}: use a place name exactly as another tool returned it "
            f"(no abbreviation, renaming or extra words)."
        )

    def coordinate_out_of_range(self, point: Any) -> str:
        return (
            f"Coordinate {point} is not in the query range: it must come from a tool result "
            f"and keep exactly its 6 decimals ({COPY_HINT})."
        )

    def no_route(self, origin: Any, destination: Any) -> str:
        return f"No transportation information from {origin} to {destination}."

    def no_restaurants_near(self, latitude: Any, longitude: Any) -> str:
        return (
            f"No restaurants near ({latitude}, {longitude}); check that the coordinates come from an "
            f"attraction or hotel result, digit for digit."
        )

    def restaurant_not_found(self, name: Any) -> str:
        return f"No restaurant named {name}; {COPY_HINT}."

    def unknown_tool(self, name: str, available: Sequence[str]) -> str:
        return f"tool '{name}' not found; available tools: {', '.join(available)}"

    def arguments_not_object(self, tool: str, args: Any, params: Mapping[str, Any]) -> str:
        return f"arguments of {tool} must be a JSON object, got {type(args).__name__}"

    def missing_arguments(
        self, tool: str, args: Mapping[str, Any], params: Mapping[str, Any], missing: Sequence[str]
    ) -> str:
        return f"{tool} is missing required argument(s) {list(missing)}; expected {list(params['properties'])}"

    def arguments_not_string(
        self, tool: str, args: Mapping[str, Any], params: Mapping[str, Any], bad: Sequence[str]
    ) -> str:
        return f"argument {bad[0]!r} of {tool} must be a string, got {json.dumps(args[bad[0]])}"

    def tool_failed(self, exc: BaseException) -> str:
        return str(exc) or type(exc).__name__


_OFFICIAL = OfficialToolWording()
_HELPFUL = HelpfulToolWording()


def tool_wording(helpful_messages: bool = False) -> OfficialToolWording:
    """The wording for ``helpful_messages`` (default: the official texts)."""
    return _HELPFUL if helpful_messages else _OFFICIAL
