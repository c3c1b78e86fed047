"""The fifteen tool schemas: the official names, parameters, JSON types and required keys."""

from __future__ import annotations

import subprocess
import sys

from pivot_opt.envs.kit.tools import check_arguments, describe_tools, parameters_of
from pivot_opt.envs.shopping import TOOL_SCHEMAS, TOOLS

OFFICIAL = {  # name: ({parameter: JSON type}, required)
    "search_products": ({"query": "string", "limit": "integer"}, ["query"]),
    "filter_by_brand": ({"product_ids": "array", "brand_names": "array"}, ["brand_names"]),
    "filter_by_color": ({"product_ids": "array", "colors": "array"}, ["colors"]),
    "filter_by_size": ({"product_ids": "array", "sizes": "array"}, ["sizes"]),
    "filter_by_applicable_coupons": ({"product_ids": "array", "coupon_names": "array"}, ["coupon_names"]),
    "filter_by_range": ({"product_ids": "array", "condition_key": "string", "operator": "string", "value": "number"},
                        ["condition_key", "operator", "value"]),
    "sort_products": ({"product_ids": "array", "sort_by": "string", "order": "string"}, ["sort_by"]),
    "get_product_details": ({"product_ids": "array"}, ["product_ids"]),
    "calculate_transport_time": ({"product_id": "string", "destination_address": "string", "provider": "string"},
                                 ["product_id", "destination_address"]),
    "get_user_info": ({"user_id": "string"}, []),
    "add_product_to_cart": ({"product_id": "string", "quantity": "integer"}, ["product_id"]),
    "delete_product_from_cart": ({"product_id": "string", "quantity": "integer"}, ["product_id"]),
    "get_cart_info": ({}, []),
    "add_coupon_to_cart": ({"coupon_name": "string", "quantity": "integer"}, ["coupon_name"]),
    "delete_coupon_from_cart": ({"coupon_name": "string", "quantity": "integer"}, ["coupon_name"]),
}


def test_schemas_match_the_official_tools() -> None:
    assert list(TOOLS) == list(OFFICIAL) == [t["function"]["name"] for t in TOOL_SCHEMAS]
    for schema in TOOL_SCHEMAS:
        params = parameters_of(schema)
        types, required = OFFICIAL[schema["function"]["name"]]
        assert {k: v["type"] for k, v in params["properties"].items()} == types
        assert params["required"] == required
        assert all(v.get("items") == {"type": "string"} for v in params["properties"].values() if v["type"] == "array")
    assert describe_tools(TOOL_SCHEMAS).count("\n") == 14


def test_kit_argument_check_on_a_shopping_schema() -> None:
    params = parameters_of(TOOL_SCHEMAS[5])  # filter_by_range
    ok, problem = check_arguments("filter_by_range", params, {"condition_key": "price", "operator": "<", "value": 3})
    assert problem is None and ok == {"condition_key": "price", "operator": "<", "value": 3}
    _, problem = check_arguments("filter_by_range", params, {"condition_key": "price", "operator": "<", "value": "3"})
    assert problem is not None and problem.kind == "wrong_type"


def test_importing_the_package_is_light() -> None:
    code = ("import sys, pivot_opt.envs.shopping as s; s.__all__; "
            "print(any(m.startswith(('pydantic', 'pivot_opt.envs.shopping.data')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
