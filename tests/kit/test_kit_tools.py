"""The kit's tool schemas, argument check and dispatcher."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pivot_opt.envs.kit.tools import (
    ArgumentProblem,
    ToolArgumentError,
    ToolBox,
    check_arguments,
    describe_tools,
    parameters_of,
    string_param,
    tool_name,
    tool_schema,
    validate_arguments,
)
from pivot_opt.errors import ConfigError

FIND = tool_schema(
    "find_items",
    "List the items of a shelf. Each has a name and a price.",
    {
        "shelf": string_param("Shelf name, e.g. 'Tea'."),
        "sort": string_param("Optional order.", enum=["price", "name"]),
        "limit": {"type": "integer", "description": "Optional cap."},
        "ratio": {"type": ["number", "null"], "description": "Optional weight."},
    },
    ["shelf"],
)
PARAMS = parameters_of(FIND)


def test_schemas_are_openai_function_format() -> None:
    assert FIND["type"] == "function" and tool_name(FIND) == "find_items"
    assert PARAMS == {"type": "object", "required": ["shelf"], "properties": PARAMS["properties"]}
    sort = {"type": "string", "description": "Optional order.", "enum": ["price", "name"]}
    assert PARAMS["properties"]["sort"] == sort
    assert describe_tools([FIND]) == "- find_items(shelf, sort?, limit?, ratio?): List the items of a shelf."
    with pytest.raises(ValueError, match=r"requires \['shelf'\], which are not among"):
        tool_schema("bad", "Bad.", {}, ["shelf"])


@pytest.mark.parametrize(("args", "kind", "keys", "fragment"), [
    ("shelf=Tea", "not_object", (), "must be a JSON object with keys ['shelf', 'sort', 'limit', 'ratio'], got str"),
    ({}, "missing", ("shelf",), "find_items is missing required argument(s) ['shelf']"),
    ({"shelf": 3}, "wrong_type", ("shelf",), "argument 'shelf' of find_items must be of type string, got 3"),
    ({"shelf": "Tea", "limit": True}, "wrong_type", ("limit",), "must be of type integer, got true"),
    ({"shelf": "Tea", "limit": 2.5, "ratio": "x"}, "wrong_type", ("limit", "ratio"), "'limit'"),
    ({"shelf": "Tea", "sort": "size"}, "not_allowed", ("sort",), "must be one of [\"price\", \"name\"], got \"size\""),
])
def test_each_problem_is_named(args: Any, kind: str, keys: tuple[str, ...], fragment: str) -> None:
    checked, problem = check_arguments("find_items", PARAMS, args)
    assert checked is None and problem == ArgumentProblem(kind, keys, problem.message)  # type: ignore[union-attr]
    assert fragment in problem.message  # type: ignore[union-attr]
    with pytest.raises(ToolArgumentError) as info:
        validate_arguments("find_items", PARAMS, args)
    assert info.value.problem == problem and isinstance(info.value, ConfigError)


def test_valid_arguments_drop_unknown_keys() -> None:
    args = {"shelf": "Tea", "limit": 3, "ratio": None, "colour": "red"}
    assert validate_arguments("find_items", PARAMS, args) == {"shelf": "Tea", "limit": 3, "ratio": None}
    assert validate_arguments("find_items", PARAMS, {"shelf": "Tea", "ratio": 2}) == {"shelf": "Tea", "ratio": 2}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2),
    max_leaves=4,
)
arguments = st.one_of(
    json_values,
    st.dictionaries(st.sampled_from(["shelf", "sort", "limit", "ratio", "other"]), json_values, max_size=5),
)


@given(arguments)
def test_the_check_accepts_exactly_what_fits_the_schema(args: Any) -> None:
    checked, problem = check_arguments("find_items", PARAMS, args)
    assert (checked is None) != (problem is None)
    if problem is None:
        assert isinstance(args, dict) and "shelf" in args and isinstance(checked["shelf"], str)  # type: ignore[index]
        assert set(checked) <= set(PARAMS["properties"]) and all(args[k] == v for k, v in checked.items())  # type: ignore[union-attr]
        assert checked.get("sort", "price") in ("price", "name")  # type: ignore[union-attr]
        limit = checked.get("limit", 0)  # type: ignore[union-attr]
        assert isinstance(limit, int) and not isinstance(limit, bool)
        return
    assert problem.message and all(k in PARAMS["properties"] for k in problem.keys)
    assert all(repr(k) in problem.message or k in problem.message for k in problem.keys[:1])
    if problem.kind == "not_object":
        assert not isinstance(args, dict)
    elif problem.kind == "missing":
        assert problem.keys == ("shelf",) and "shelf" not in args
    else:
        assert all(k in args for k in problem.keys)


@given(arguments)
def test_the_dispatcher_never_raises(args: Any) -> None:
    box = ToolBox([(FIND, lambda world, shelf, **_: f"{len(world)} items on {shelf}")])
    answer = box.call(["a", "b"], "find_items", args if not isinstance(args, str) else json.dumps(args))
    assert isinstance(answer, str)
    if answer.startswith('{"error"'):
        assert json.loads(answer)["error"]


def test_the_dispatcher_answers_every_problem_as_an_error() -> None:
    def boom(world: Any, shelf: str) -> str:
        raise KeyError(shelf)

    def quiet(world: Any, shelf: str) -> str:
        raise RuntimeError()

    box = ToolBox([(FIND, lambda world, shelf, limit=10, **_: f"{shelf}:{limit}:{world}"),
                   (tool_schema("boom", "Fails.", {"shelf": string_param("s")}, ["shelf"]), boom),
                   (tool_schema("quiet", "Fails.", {"shelf": string_param("s")}, ["shelf"]), quiet)])
    assert box.names == ("find_items", "boom", "quiet") and box.schemas[0] == FIND
    assert box.call("w", "find_items", '{"shelf": "Tea", "limit": 2, "extra": 1}') == "Tea:2:w"
    assert box.call("w", "find_items", {"shelf": "Tea"}) == "Tea:10:w"

    def error(answer: str) -> str:
        return json.loads(answer)["error"]

    assert error(box.call("w", "fly", {})) == "tool 'fly' not found; available tools: find_items, boom, quiet"
    assert "not valid JSON" in error(box.call("w", "find_items", "{shelf"))
    assert "missing required argument(s) ['shelf']" in error(box.call("w", "find_items", None))
    assert "missing required" in error(box.call("w", "find_items", "  "))
    assert error(box.call("w", "boom", {"shelf": "Tea"})) == "boom failed: 'Tea'"
    assert error(box.call("w", "quiet", {"shelf": "Tea"})) == "quiet failed: RuntimeError"
    assert box.describe().startswith("- find_items(shelf, sort?, limit?, ratio?)")
    with pytest.raises(KeyError, match="unknown tool 'fly'"):
        box.schema("fly")
    with pytest.raises(ValueError, match="defined twice"):
        ToolBox([(FIND, boom), (FIND, boom)])


def test_travel_schemas_are_built_with_the_kit() -> None:
    from pivot_opt.envs.travel.data.tool_schemas import TOOL_NAMES, TOOL_SCHEMAS

    assert TOOL_NAMES == tuple(tool_name(s) for s in TOOL_SCHEMAS) and len(TOOL_NAMES) == 9
    hotel = parameters_of(TOOL_SCHEMAS[TOOL_NAMES.index("query_hotel_info")])
    args = {"destination": "Nanjing", "checkinDate": "2025-11-12", "checkoutDate": "2025-11-14"}
    assert validate_arguments("query_hotel_info", hotel, args) == args
    problem = check_arguments("query_hotel_info", hotel, {"destination": "Nanjing"})[1]
    assert problem is not None and problem.keys == ("checkinDate", "checkoutDate")
