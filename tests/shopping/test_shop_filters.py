"""The filters, sort, details and user tools: a pass case and a minimal fail case each."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pivot_opt.envs.shopping import Catalogue, ShoppingCase, call_tool

Call = Callable[..., Any]
X30, B25 = "Cross-store: ¥30 off every ¥300", "Same-brand: ¥25 off every ¥200"


@pytest.mark.parametrize(("tool", "key", "values", "expected", "partial"), [
    ("filter_by_brand", "brand_names", ["TREKORA", "nobrand"], ["a1b2c3d1", "a1b2c3d2", "a1b2c3d6"], "trek"),
    ("filter_by_color", "colors", ["white"], ["a1b2c3d3", "a1b2c3d7"], "whit"),
    ("filter_by_size", "sizes", ["m", "42"], ["a1b2c3d1", "a1b2c3d3", "a1b2c3d4"], "4"),
])
def test_attribute_filters_match_whole_values_case_insensitively(case: ShoppingCase, call: Call, tool: str,
                                                                 key: str, values: list[str],
                                                                 expected: list[str], partial: str) -> None:
    assert call(case, tool, **{key: values}) == {"filtered_products_ids": expected}
    assert call(case, tool, **{key: values, "product_ids": list(reversed(expected))}) == {
        "filtered_products_ids": list(reversed(expected))}
    assert call(case, tool, **{key: [partial]}) == {"filtered_products_ids": []}  # no partial match
    assert call(case, tool, **{key: values, "product_ids": ["a1b2c3d1", "zzz"]}) == {
        "error": "Some product_ids not found in database: ['zzz']"}
    assert call(case, tool) == {"error": f"Missing required argument: {key}"}


def test_coupon_filter_needs_every_name_and_valid_names(case: ShoppingCase, call: Call) -> None:
    assert call(case, "filter_by_applicable_coupons", coupon_names=[X30, B25]) == {
        "filtered_products_ids": ["a1b2c3d1", "a1b2c3d3"]}
    assert call(case, "filter_by_applicable_coupons", coupon_names=[]) == {"filtered_products_ids": []}
    bad = call(case, "filter_by_applicable_coupons", coupon_names=["¥30 off"])
    assert bad["error"].startswith("Invalid coupon names: ['¥30 off']. Valid coupons are: [")


def test_range_filter_compares_any_dotted_numeric_path(case: ShoppingCase, call: Call) -> None:
    assert call(case, "filter_by_range", condition_key="price", operator="<=", value=199) == {
        "filtered_products_ids": ["a1b2c3d3", "a1b2c3d4", "a1b2c3d5", "a1b2c3d8"]}
    assert call(case, "filter_by_range", condition_key="rating.star_counts.2", operator="==", value=2,
                product_ids=["a1b2c3d5", "a1b2c3d8", "a1b2c3d1"]) == {"filtered_products_ids": ["a1b2c3d5", "a1b2c3d8"]}
    assert call(case, "filter_by_range", condition_key="price", operator="!=", value=1) == {"filtered_products_ids": []}
    assert call(case, "filter_by_range", condition_key="price", operator=">", value=0)["filtered_products_ids"]
    # a numeric string compares as a number; text cannot be converted and is skipped
    assert call(case, "filter_by_range", condition_key="size", operator=">", value=40) == {
        "filtered_products_ids": ["a1b2c3d1", "a1b2c3d2"]}


def test_range_filter_fails_whole_when_one_product_lacks_the_key(case: ShoppingCase, call: Call) -> None:
    assert call_tool(case, "filter_by_range", {"condition_key": "tags", "operator": ">", "value": 1}) == (
        '{"error": "condition_key cannot be found in product data, please check again."}')
    assert call(case, "filter_by_range", condition_key="price", operator=">", value=None) == {
        "error": "Missing required parameters: condition_key, operator, or value."}
    assert call(case, "filter_by_range", condition_key="price", operator=">") == {
        "error": "Missing required argument: value"}
    assert call(case, "filter_by_range", condition_key="price", operator=">", value=1, product_ids=["zz"]) == {
        "error": "Some product_ids not found in database: ['zz']"}


def test_sort_orders_and_drops_unknown_ids(case: ShoppingCase, call: Call) -> None:
    ids = ["a1b2c3d5", "nope", "a1b2c3d6", "a1b2c3d8"]
    assert call(case, "sort_products", product_ids=ids, sort_by="PRICE") == {
        "sorted_product_ids": ["a1b2c3d6", "a1b2c3d5", "a1b2c3d8"]}
    assert call(case, "sort_products", product_ids=ids, sort_by="name", order="ASC") == {
        "sorted_product_ids": ["a1b2c3d8", "a1b2c3d6", "a1b2c3d5"]}
    assert call(case, "sort_products", product_ids=["nope"], sort_by="price") == {"sorted_product_ids": []}


def test_sort_refuses_a_bad_order_or_a_key_the_first_product_lacks(case: ShoppingCase, call: Call) -> None:
    assert call(case, "sort_products", sort_by="price", order="up") == {
        "error": "Invalid value for 'order': 'up'. Must be 'asc' or 'desc'."}
    assert call(case, "sort_products", product_ids=["a1b2c3d2", "a1b2c3d1"], sort_by="tags") == {
        "error": "Sort key 'tags' cannot be found in product data or is null. Please check again."}
    # a value that is neither text nor a number (a list) sorts as -inf under desc: no error
    assert call(case, "sort_products", product_ids=["a1b2c3d1", "a1b2c3d2"], sort_by="tags") == {
        "sorted_product_ids": ["a1b2c3d1", "a1b2c3d2"]}


def test_sort_puts_a_later_missing_key_last_and_fails_on_mixed_types(tmp_path: Path) -> None:
    products = [{"product_id": "a", "name": "x", "grade": 2}, {"product_id": "b", "name": "y"},
                {"product_id": "c", "name": "z", "grade": 5}]
    case = ShoppingCase("t", tmp_path, Catalogue.from_products(products), {})
    assert json.loads(call_tool(case, "sort_products", {"sort_by": "grade", "order": "asc"})) == {
        "sorted_product_ids": ["a", "c", "b"]}
    products[2]["grade"] = "five"
    case = ShoppingCase("t", tmp_path, Catalogue.from_products(products), {})
    answer = json.loads(call_tool(case, "sort_products", {"sort_by": "grade"}))
    assert answer["error"].startswith("An error occurred during sorting on key 'grade': '<' not supported")


def test_details_in_request_order_and_user_info(case: ShoppingCase, call: Call) -> None:
    got = call(case, "get_product_details", product_ids=["a1b2c3d8", "nope", "a1b2c3d1"])["products"]
    assert [p["product_id"] for p in got] == ["a1b2c3d8", "a1b2c3d1"] and got[1]["tags"] == ["trail"]
    assert call(case, "get_product_details", product_ids=[]) == {"products": []}
    assert call(case, "get_user_info")["user_id"] == "U2001"
    assert call(case, "get_user_info", user_id="U2001")["address"]["province"] == "zhejiang"
    assert call(case, "get_user_info", user_id="U9") == {"error": "User with user_id 'U9' not found", "user": None}


def test_answers_keep_the_official_layout(case: ShoppingCase) -> None:
    assert call_tool(case, "get_product_details", '{"product_ids": []}') == '{\n  "products": []\n}'
    assert call_tool(case, "nope", "{}") == '{"error": "tool \'nope\' not found"}'
    assert call_tool(case, "get_user_info", "{oops") == (
        '{\n  "error": "Parameters must be a valid JSON string! Error: Expecting property name enclosed in '
        'double quotes: line 1 column 2 (char 1)"\n}')
