"""The five cart tools: add/delete a product, read the cart, add/delete a coupon (spec §5.11–5.15).

Each is ``tool(case, params) -> str``. The cart file of the case's working folder is re-read on
every call and rewritten (4-space indent) after every successful change; the answer is the whole
cart. Official quirks kept: quantities are truncated to int after the ``> 0`` check (0.5 stores a
zero line), the product tools' summary is the pre-discount total, coupons are checked only
against Σ threshold × quantity ≤ pre-discount total (no brand or ``applicable_coupons`` check),
and removing more coupons than the cart holds is refused.
"""

from __future__ import annotations

import json
from typing import Any

from pivot_opt.envs.shopping.data.answers import ParamsError, answer, error, verify_params
from pivot_opt.envs.shopping.data.case import ShoppingCase
from pivot_opt.envs.shopping.data.coupons import (
    VALID_COUPONS,
    base_total,
    coupon_terms,
    coupon_usage,
    total_discount,
)

__all__ = [
    "add_coupon_to_cart",
    "add_product_to_cart",
    "delete_coupon_from_cart",
    "delete_product_from_cart",
    "get_cart_info",
    "read_cart",
]


def read_cart(case: ShoppingCase, *, coupons: bool = False) -> dict[str, Any]:
    """The cart as the tools load it: the file's object with ``items``/``summary`` (and ``used_coupons``)
    filled in, or the empty cart when the file is missing, empty or not a JSON object."""
    try:
        text = case.cart_path.read_text(encoding="utf-8").strip()
        data = json.loads(text) if text else None
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict):
        data = {"items": []}
        if coupons:
            data["used_coupons"] = []
        data["summary"] = {"total_items_count": 0, "total_price": 0.0}
        return data
    data.setdefault("items", [])
    if coupons:
        data.setdefault("used_coupons", [])
    data.setdefault("summary", {"total_items_count": len(data.get("items", [])), "total_price": 0.0})
    return data


def _save(case: ShoppingCase, cart: dict[str, Any]) -> str | None:
    try:
        case.cart_path.write_text(json.dumps(cart, ensure_ascii=False, indent=4), encoding="utf-8")
    except OSError as exc:
        return error(f"Failed to save cart: {exc}")
    return None


def _quantity(args: dict[str, Any]) -> int | None:
    """The ``quantity`` argument (default 1) if it is a number > 0, truncated to int; else None."""
    quantity = args.get("quantity", 1)
    if not isinstance(quantity, (int, float)) or quantity <= 0:
        return None
    return int(quantity)


def _request(params: Any, key: str) -> tuple[str, int] | str:
    """``(<key> value, quantity)`` of an add/delete call, or the official error answer (checked in its order)."""
    try:
        args = verify_params(params, [key])
    except ParamsError as exc:
        return error(str(exc))
    value = args.get(key)
    if not value:
        return error(f"{key} is required")
    quantity = _quantity(args)
    if quantity is None:
        return error("quantity must be a positive number")
    return value, quantity


def _product_request(case: ShoppingCase, params: Any) -> tuple[str, int] | str:
    """``(product_id, quantity)`` of a product add/delete call: :func:`_request` and a catalogue id."""
    request = _request(params, "product_id")
    if not isinstance(request, str) and request[0] not in case.catalogue.by_id:
        return error(f"Product not found: product_id '{request[0]}'")
    return request


def _product_summary(cart: dict[str, Any]) -> None:
    items = cart.get("items", [])
    summary = cart.setdefault("summary", {})
    summary["total_items_count"] = sum(item.get("quantity", 0) for item in items)
    summary["total_price"] = round(sum(item.get("price", 0.0) * item.get("quantity", 0) for item in items), 2)


def _coupon_summary(cart: dict[str, Any], *, legacy: bool) -> None:
    items = cart.get("items", [])
    summary = cart.setdefault("summary", {})
    summary["total_items_count"] = sum(item.get("quantity", 0) for item in items)
    discount = total_discount(cart.get("used_coupons", []), legacy=legacy)
    summary["total_price"] = round(max(0.0, base_total(items) - discount), 2)


def add_product_to_cart(case: ShoppingCase, params: Any) -> str:
    """Add ``quantity`` of a product (stock permitting); the line's price is refreshed."""
    cart = read_cart(case)
    request = _product_request(case, params)
    if isinstance(request, str):
        return request
    pid, quantity = request
    product = case.catalogue.by_id[pid]
    name, price = product.get("name", ""), float(product.get("price", 0.0))
    stock = int(product.get("stock_quantity", 0))
    items = cart.get("items", [])
    index, existing = next(((i, item.get("quantity", 0)) for i, item in enumerate(items)
                            if item.get("product_id") == pid), (-1, 0))
    needed = existing + quantity
    if needed > stock:
        return error(f"Insufficient stock: Product '{name}' (ID: {pid}) has {stock} in stock, cart already "
                     f"has {existing}, cannot add {quantity} more")
    if index >= 0:
        items[index]["quantity"] = needed
        items[index]["price"] = price
    else:
        items.append({"product_id": pid, "name": name, "quantity": quantity, "price": price})
    cart["items"] = items
    _product_summary(cart)
    return _save(case, cart) or answer(cart)


def delete_product_from_cart(case: ShoppingCase, params: Any) -> str:
    """Remove ``quantity`` of a product from its cart line; a line that reaches 0 is dropped."""
    cart = read_cart(case)
    request = _product_request(case, params)
    if isinstance(request, str):
        return request
    pid, quantity = request
    items = cart.get("items", [])
    index = next((i for i, item in enumerate(items) if item.get("product_id") == pid), -1)
    if index < 0:
        return error(f"Product not in cart: product_id '{pid}'")
    item = items[index]
    item["quantity"] = max(0, item.get("quantity", 0) - quantity)
    if item["quantity"] == 0:
        items.pop(index)
    cart["items"] = [line for line in items if line.get("quantity", 0) > 0]
    _product_summary(cart)
    return _save(case, cart) or answer(cart)


def get_cart_info(case: ShoppingCase, params: Any) -> str:
    """The current cart (re-read from the file)."""
    try:
        if params:
            verify_params(params, [])
    except ParamsError as exc:
        return error(str(exc))
    return answer(read_cart(case))


def add_coupon_to_cart(case: ShoppingCase, params: Any) -> str:
    """Add ``quantity`` of an owned coupon if the cart's total covers every coupon's threshold."""
    cart = read_cart(case, coupons=True)
    user = _read_user(case)
    request = _request(params, "coupon_name")
    if isinstance(request, str):
        return request
    name, quantity = request
    if name not in VALID_COUPONS:
        return error(f"Coupon not found: '{name}'. Valid coupons are: {', '.join(VALID_COUPONS)}")
    owned = user.get("coupons", {}).get(name, 0)
    used = cart.get("used_coupons", [])
    current = sum(int(c.get("quantity", 0)) for c in used if c.get("coupon_name") == name)
    if current + quantity > owned:
        return error(f"Insufficient coupon quantity: User owns {owned} of '{name}', cart already uses "
                     f"{current}, cannot add {quantity} more")
    if name.startswith("VIP:") and not user.get("is_vip", False):
        return error(f"VIP coupon '{name}' requires VIP status, but user is not a VIP")
    trial = [dict(c) for c in used]
    line = next((c for c in trial if c.get("coupon_name") == name), None)
    if line is not None:
        line["quantity"] = current + quantity
    else:
        trial.append({"coupon_name": name, "quantity": quantity})
    total = base_total(cart.get("items", []))
    required = 0.0
    for coupon_name, count in coupon_usage(trial).items():
        terms = coupon_terms(coupon_name)
        if terms is None:
            return error(f"Invalid coupon format: {coupon_name}")
        required += terms[1] * count
    if total < required:
        return error(f"Cart total {total} is insufficient for this combination of coupons "
                     f"(requires at least {required})")
    cart["used_coupons"] = trial
    _coupon_summary(cart, legacy=False)
    return _save(case, cart) or answer(cart)


def _read_user(case: ShoppingCase) -> dict[str, Any]:
    """The user file, re-read on every coupon call (``{}`` when missing or unreadable)."""
    try:
        text = case.user_path.read_text(encoding="utf-8").strip()
        data = json.loads(text) if text else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _legacy_entry(coupon: Any) -> tuple[str, int] | None:
    if not isinstance(coupon, dict):
        return None
    if len(coupon) == 1:
        key = next(iter(coupon))
        return key, int(coupon.get(key, 0))
    if "coupon_name" in coupon:
        return coupon.get("coupon_name"), int(coupon.get("quantity", 0))
    return None


def delete_coupon_from_cart(case: ShoppingCase, params: Any) -> str:
    """Remove ``quantity`` of a coupon (also a legacy ``{"<name>": qty}`` line); refuse removing more."""
    cart = read_cart(case, coupons=True)
    request = _request(params, "coupon_name")
    if isinstance(request, str):
        return request
    name, quantity = request
    if name not in VALID_COUPONS:
        return error(f"Invalid coupon name: '{name}'. Valid coupons are: {', '.join(VALID_COUPONS)}")
    used = cart.get("used_coupons", [])
    found = next(((i, e[1]) for i, e in enumerate(map(_legacy_entry, used)) if e and e[0] == name), None)
    if found is None:
        return error(f"Coupon not in cart: '{name}'")
    index, current = found
    if current < quantity:
        return error(f"Insufficient coupon quantity in cart: Cart has {current} of '{name}', cannot remove {quantity}")
    if current - quantity == 0:
        used.pop(index)
    else:
        line = used[index]
        line["quantity" if "coupon_name" in line and len(line) != 1 else next(iter(line))] = current - quantity
    cart["used_coupons"] = [c for c in used if (e := _legacy_entry(c)) is not None and e[1] > 0]
    _coupon_summary(cart, legacy=True)
    return _save(case, cart) or answer(cart)
