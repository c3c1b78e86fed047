"""The cart tools: products, stock, quantities, coupons and the summary, with the official quirks."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pivot_opt.envs.shopping import ShoppingCase, call_tool

Call = Callable[..., Any]
X30, B25, VIP = "Cross-store: ¥30 off every ¥300", "Same-brand: ¥25 off every ¥200", "VIP: ¥200 off every ¥1,000"
X500 = "Cross-store: ¥60 off every ¥500"


def test_add_and_delete_products(case: ShoppingCase, call: Call) -> None:
    cart = call(case, "add_product_to_cart", product_id="a1b2c3d1", quantity=2)
    assert cart["items"] == [{"product_id": "a1b2c3d1", "name": "Men's Ridgeline Trail Runner", "quantity": 2,
                              "price": 459.0}]
    cart = call(case, "add_product_to_cart", product_id="a1b2c3d3")
    assert cart["summary"] == {"total_items_count": 3, "total_price": 1117.0} and cart["user_id"] == "U2001"
    assert json.loads(case.cart_path.read_text()) == cart and case.cart_path.read_text().startswith('{\n    "user_id"')
    cart = call(case, "delete_product_from_cart", product_id="a1b2c3d1", quantity=5)
    assert [i["product_id"] for i in cart["items"]] == ["a1b2c3d3"] and cart["summary"]["total_price"] == 199.0


def test_product_errors(case: ShoppingCase, call: Call) -> None:
    assert call(case, "add_product_to_cart", product_id="a1b2c3d4", quantity=11) == {"error": (
        "Insufficient stock: Product 'Women's Breeze Linen Shirt' (ID: a1b2c3d4) has 10 in stock, cart already "
        "has 0, cannot add 11 more")}
    assert call(case, "add_product_to_cart", product_id="a1b2c3d1", quantity="2") == {
        "error": "quantity must be a positive number"}
    assert call(case, "add_product_to_cart", product_id="") == {"error": "product_id is required"}
    assert call(case, "add_product_to_cart", product_id="zzz") == {"error": "Product not found: product_id 'zzz'"}
    assert call(case, "delete_product_from_cart", product_id="a1b2c3d1") == {
        "error": "Product not in cart: product_id 'a1b2c3d1'"}
    assert case.cart()["items"] == []  # nothing was written


def test_a_fractional_quantity_stores_a_zero_line(case: ShoppingCase, call: Call) -> None:
    cart = call(case, "add_product_to_cart", product_id="a1b2c3d1", quantity=0.5)
    assert cart["items"][0]["quantity"] == 0 and cart["summary"]["total_items_count"] == 0
    assert call(case, "add_product_to_cart", product_id="a1b2c3d1", quantity=True)["items"][0]["quantity"] == 1


def test_coupons_are_checked_for_ownership_vip_and_thresholds(vip_case: ShoppingCase, call: Call) -> None:
    assert call(vip_case, "add_coupon_to_cart", coupon_name=VIP) == {"error": (
        "Cart total 0.0 is insufficient for this combination of coupons (requires at least 1000.0)")}
    call(vip_case, "add_product_to_cart", product_id="a1b2c3d6")
    call(vip_case, "add_product_to_cart", product_id="a1b2c3d1")
    cart = call(vip_case, "add_coupon_to_cart", coupon_name=VIP)
    assert cart["used_coupons"] == [{"coupon_name": VIP, "quantity": 1}]
    assert cart["summary"] == {"total_items_count": 2, "total_price": 1158.0}
    cart = call(vip_case, "add_coupon_to_cart", coupon_name=X30)
    assert cart["summary"]["total_price"] == 1128.0
    assert call(vip_case, "add_coupon_to_cart", coupon_name=B25) == {"error": (
        "Cart total 1358.0 is insufficient for this combination of coupons (requires at least 1500.0)")}
    assert call(vip_case, "add_coupon_to_cart", coupon_name=X30) == {"error": (
        f"Insufficient coupon quantity: User owns 1 of '{X30}', cart already uses 1, cannot add 1 more")}
    assert call(vip_case, "add_coupon_to_cart", coupon_name=X500) == {"error": (
        f"Insufficient coupon quantity: User owns 0 of '{X500}', cart already uses 0, cannot add 1 more")}
    assert call(vip_case, "add_coupon_to_cart", coupon_name="¥5 off")["error"].startswith("Coupon not found: '¥5 off'")
    # the product tools leave the coupons alone and report the pre-discount total
    cart = call(vip_case, "delete_product_from_cart", product_id="a1b2c3d6")
    assert cart["used_coupons"] and cart["summary"]["total_price"] == 459.0


def test_brands_are_not_checked_when_coupons_are_added(vip_case: ShoppingCase, call: Call) -> None:
    call(vip_case, "add_product_to_cart", product_id="a1b2c3d3")  # Lumina 199
    call(vip_case, "add_product_to_cart", product_id="a1b2c3d5")  # Portwell 129
    call(vip_case, "add_product_to_cart", product_id="a1b2c3d8", quantity=1)  # Portwell 99 -> 427
    assert call(vip_case, "add_coupon_to_cart", coupon_name=B25, quantity=2)["summary"]["total_price"] == 377.0


def test_a_vip_coupon_needs_vip_status(case: ShoppingCase, call: Call) -> None:
    user = json.loads(case.user_path.read_text())
    user["coupons"] = {VIP: 1}
    case.user_path.write_text(json.dumps(user))  # the user file is re-read on every coupon call
    assert call(case, "add_coupon_to_cart", coupon_name=VIP) == {
        "error": f"VIP coupon '{VIP}' requires VIP status, but user is not a VIP"}


def test_delete_coupon_refuses_more_than_present_and_reads_legacy_lines(vip_case: ShoppingCase, call: Call) -> None:
    for pid in ("a1b2c3d6", "a1b2c3d1"):
        call(vip_case, "add_product_to_cart", product_id=pid)
    call(vip_case, "add_coupon_to_cart", coupon_name=VIP)
    assert call(vip_case, "delete_coupon_from_cart", coupon_name=VIP, quantity=2) == {
        "error": f"Insufficient coupon quantity in cart: Cart has 1 of '{VIP}', cannot remove 2"}
    assert call(vip_case, "delete_coupon_from_cart", coupon_name=X30) == {"error": f"Coupon not in cart: '{X30}'"}
    cart = call(vip_case, "delete_coupon_from_cart", coupon_name=VIP)
    assert cart["used_coupons"] == [] and cart["summary"]["total_price"] == 1358.0
    legacy = vip_case.cart()
    legacy["used_coupons"] = [{X30: 1}]
    vip_case.cart_path.write_text(json.dumps(legacy))
    assert call(vip_case, "add_coupon_to_cart", coupon_name=VIP) == {"error": "Invalid coupon format: "}
    assert call(vip_case, "delete_coupon_from_cart", coupon_name=X30)["used_coupons"] == []


def test_get_cart_info_and_missing_cart_files(case: ShoppingCase, call: Call) -> None:
    assert call(case, "get_cart_info")["items"] == []
    assert call_tool(case, "get_cart_info", "") == call_tool(case, "get_cart_info", "{}")
    case.cart_path.unlink()
    assert call(case, "get_cart_info") == {"items": [], "summary": {"total_items_count": 0, "total_price": 0.0}}
    assert call(case, "add_coupon_to_cart", coupon_name=X30)["error"].startswith("Insufficient coupon quantity")


def test_call_arguments_official_and_checked(case: ShoppingCase) -> None:
    missing = {"error": "Missing required argument: product_id"}
    assert json.loads(call_tool(case, "add_product_to_cart", "{}")) == missing
    assert "Parameters must be a valid JSON string!" in call_tool(case, "add_product_to_cart", '{"product_id": ')
    deep = '{"product_id": ' + "[" * 5000 + "]" * 5000 + "}"
    assert "Parameters must be a valid JSON string!" in call_tool(case, "add_product_to_cart", deep)
    assert json.loads(call_tool(case, "add_product_to_cart", '{"product_id": ["a"]}'))["error"]  # harness error
    checked = json.loads(call_tool(case, "add_product_to_cart", {"product_id": "a1b2c3d1", "quantity": "2"},
                                   checked=True))
    assert "must be of type integer" in checked["error"]
    ok = json.loads(call_tool(case, "add_product_to_cart", {"product_id": "a1b2c3d1", "quantity": 2}, checked=True))
    assert ok["items"][0]["quantity"] == 2


def test_coupon_totals_count_quantities_and_legacy_lines(vip_case: ShoppingCase, call: Call) -> None:
    call(vip_case, "add_product_to_cart", product_id="a1b2c3d5", quantity=3)  # 3 x 129 = 387 >= 300
    assert call(vip_case, "add_coupon_to_cart", coupon_name=X30)["summary"]["total_price"] == 357.0
    cart = vip_case.cart()
    cart["used_coupons"] = [{X30: 1}, {"coupon_name": VIP, "quantity": 1}]
    vip_case.cart_path.write_text(json.dumps(cart))
    # removal recomputes the discount over the legacy line too: 387 - 30
    assert call(vip_case, "delete_coupon_from_cart", coupon_name=VIP)["summary"]["total_price"] == 357.0
