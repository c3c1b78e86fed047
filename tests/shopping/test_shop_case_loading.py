"""Opening cases: strict errors name file, line and field; lenient loading keeps the official truncation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shop_support import FIXTURES, write_case

from pivot_opt.envs.shopping import CaseError, call_tool, case_dirs, find_case_dir, open_case

GOOD = {"product_id": "p1", "name": "Alpha Shell Jacket", "brand": "Zed", "price": 10.0, "stock_quantity": 3}


def test_fixture_cases_open_strictly_and_list_in_string_order(tmp_path: Path) -> None:
    case = open_case(FIXTURES / "case_1", tmp_path / "w")
    assert case.case_id == "1" and len(case.catalogue.by_id) == 8 and case.catalogue.index is not None
    assert [d.name for d in case_dirs(FIXTURES)] == ["case_1", "case_2"]
    assert find_case_dir(FIXTURES, 2) == FIXTURES / "case_2"
    with pytest.raises(CaseError, match="case_9"):
        find_case_dir(FIXTURES, 9)


def test_working_copy_holds_no_ground_truth_and_never_changes_the_source(tmp_path: Path) -> None:
    before = (FIXTURES / "case_1" / "cart.json").read_bytes()
    case = open_case(FIXTURES / "case_1", tmp_path / "w")
    assert not (case.folder / "validation_cases.json").exists()
    call_tool(case, "add_product_to_cart", {"product_id": "a1b2c3d1"})
    assert case.cart()["items"][0]["product_id"] == "a1b2c3d1"
    assert (FIXTURES / "case_1" / "cart.json").read_bytes() == before


def test_a_non_empty_working_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "mine.txt").write_text("keep")
    with pytest.raises(CaseError, match="not empty"):
        open_case(FIXTURES / "case_1", tmp_path / "w")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (json.dumps(GOOD) + "\n{not json\n", r"products.jsonl: line 2: not valid JSON"),
        (json.dumps({**GOOD, "color": None}) + "\n", r"line 1: field 'color'"),
        (json.dumps({**GOOD, "size": 39}) + "\n", r"line 1: field 'size'"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "product_id"}) + "\n", r"line 1: field 'product_id'"),
        (json.dumps(GOOD) + "\n\n" + json.dumps({**GOOD, "shipping_info": {"origin": "Hubei", "provider": None}}),
         r"line 3: field 'shipping_info.provider'"),
        (json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n", r"line 2: field 'product_id': 'p1' repeats line 1"),
        ("\n", "holds no product"),
    ],
)
def test_strict_loading_names_file_line_and_field(tmp_path: Path, lines: str, expected: str) -> None:
    folder = write_case(tmp_path / "case_1", lines)
    with pytest.raises(CaseError, match=expected) as info:
        open_case(folder, tmp_path / "w")
    assert "products.jsonl" in str(info.value)


def test_strict_loading_checks_user_and_cart_files(tmp_path: Path) -> None:
    user = {"user_id": "U1", "coupons": {"VIP: ¥200 off every ¥1,000": "1"}}
    folder = write_case(tmp_path / "case_1", [GOOD], user=user)
    with pytest.raises(CaseError, match=r"user_info.json: field 'coupons.VIP"):
        open_case(folder, tmp_path / "w")
    cart = {"items": [{"product_id": "p1", "quantity": "1", "price": 1}]}
    folder = write_case(tmp_path / "case_2", [GOOD], cart=cart)
    with pytest.raises(CaseError, match=r"cart.json: field 'items.0.quantity'"):
        open_case(folder, tmp_path / "w2")
    (folder / "user_info.json").unlink()
    with pytest.raises(CaseError, match="user_info.json: file not found"):
        open_case(folder, tmp_path / "w3")


def test_lenient_loading_keeps_the_official_truncation(tmp_path: Path) -> None:
    second = {**GOOD, "product_id": "p2", "name": "Beta Shell Jacket"}
    folder = write_case(tmp_path / "case_1", json.dumps(GOOD) + "\n{bad\n" + json.dumps(second) + "\n")
    case = open_case(folder, tmp_path / "w", strict=False)
    assert list(case.catalogue.by_id) == ["p1"]  # loading stopped at line 2
    assert "BM25 index is not available" in call_tool(case, "search_products", {"query": "alpha"})
    folder = write_case(tmp_path / "case_2", [GOOD, {**second, "color": None}])
    case = open_case(folder, tmp_path / "w2", strict=False)
    assert list(case.catalogue.by_id) == ["p1", "p2"] and case.catalogue.index is None
    assert "'NoneType' object has no attribute 'lower'" in call_tool(case, "filter_by_color", {"colors": ["red"]})


def test_lenient_loading_stops_at_a_record_without_id(tmp_path: Path) -> None:
    second = {**GOOD, "product_id": "p2", "name": "Delta Wool Parka"}
    no_id = {**{k: v for k, v in GOOD.items() if k != "product_id"}, "name": "Gamma Rain Poncho"}
    folder = write_case(tmp_path / "case_1", [GOOD, no_id, second])
    case = open_case(folder, tmp_path / "w", strict=False)
    assert list(case.catalogue.by_id) == ["p1"] and len(case.catalogue.products) == 2  # listed, then stopped
    assert call_tool(case, "get_product_details", {"product_ids": ["p2"]}) == '{\n  "products": []\n}'
    # search indexes all three records and fails only when it would return the one without an id;
    # in three records a word of one scores 0.51, and a repeated query word counts again
    assert len(case.catalogue.searchable) == 3
    assert call_tool(case, "search_products", {"query": "parka " * 5}) == '{\n  "product_ids": [\n    "p2"\n  ]\n}'
    assert call_tool(case, "search_products", {"query": "poncho " * 5}) == '{"error": "\'product_id\'"}'
