"""INSPECT for shopping plans: replay tool and cart operations on a fresh copy, then check the cart.

A plan is a sequence of tool calls (``Step(action=<tool name>, args={...})``). :func:`execute_steps`
copies the case's cart and user files into a new temporary folder, runs every step through the
official tools there (the user's case folder is never written) and records each answer as the
step's observation; an answer ``{"error": ...}`` makes the step an ``ERROR``. The trace's final
state is the cart the tools left. The visible checks read only what an agent can see: the
catalogue and the user profile (the tools' answers), the cart and the stated requests.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pivot_opt.environment import ConstraintCheck, ExecutionTrace, StepResult, StepStatus
from pivot_opt.envs.shopping.data.case import CART_FILE, USER_FILE, ShoppingCase
from pivot_opt.envs.shopping.data.catalogue_tools import dotted
from pivot_opt.envs.shopping.data.coupons import VALID_COUPONS, base_total, coupon_terms, total_discount
from pivot_opt.envs.shopping.data.tools import TOOLS, call_tool
from pivot_opt.step import Step

__all__ = ["CART_TOOLS", "check_budget", "check_cart", "check_item", "execute_steps", "product_matches"]

#: Tools that change the cart; their steps are the ones cart checks blame.
CART_TOOLS = frozenset({"add_product_to_cart", "delete_product_from_cart", "add_coupon_to_cart",
                        "delete_coupon_from_cart"})
_MAX_OBSERVATION = 2000


def _error_of(answer: str) -> str:
    try:
        data = json.loads(answer)
    except ValueError:
        return ""
    return str(data["error"]) if isinstance(data, dict) and "error" in data else ""


def execute_steps(steps: Sequence[Step], pristine: ShoppingCase) -> ExecutionTrace:
    """Replay ``steps`` on a fresh working copy of ``pristine`` (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="pivot-shopping-run-") as folder:
        work = Path(folder)
        for name in (CART_FILE, USER_FILE):
            if (pristine.folder / name).is_file():
                shutil.copyfile(pristine.folder / name, work / name)
        case = ShoppingCase(pristine.case_id, work, pristine.catalogue, pristine.user, pristine.source)
        results: list[StepResult] = []
        touched: dict[str, int] = {}  # product id or coupon name -> last step that changed it
        for i, step in enumerate(steps):
            if step.action not in TOOLS:
                error = f"unknown tool {step.action!r}; use one of {', '.join(TOOLS)}"
                results.append(StepResult(i, StepStatus.ERROR, error=error, state=_state(case)))
                continue
            answer = call_tool(case, step.action, step.args)
            error = _error_of(answer)
            if not error and step.action in CART_TOOLS:
                key = step.args.get("product_id") if "product" in step.action else step.args.get("coupon_name")
                if isinstance(key, str):
                    touched[key] = i
            observation = answer if len(answer) <= _MAX_OBSERVATION else answer[:_MAX_OBSERVATION - 3] + "..."
            results.append(StepResult(i, StepStatus.ERROR if error else StepStatus.OK, observation, error,
                                      _state(case)))
        cart = case.cart()
    final = {"items": len(cart.get("items") or []), "pre_discount": _pre_discount(cart), "total": final_total(cart)}
    return ExecutionTrace(results, final, info={"cart": cart, "touched": touched})


def _pre_discount(cart: Mapping[str, Any]) -> float:
    try:
        return base_total(cart.get("items") or [])
    except (TypeError, ValueError):
        return 0.0


def final_total(cart: Mapping[str, Any]) -> float:
    """The price the user pays: the pre-discount total less the coupons used (never below 0)."""
    try:
        discount = total_discount(cart.get("used_coupons") or [], legacy=True)
    except (TypeError, ValueError, AttributeError):
        discount = 0.0
    return round(max(0.0, _pre_discount(cart) - discount), 2)


def _state(case: ShoppingCase) -> dict[str, Any]:
    cart = case.cart()
    return {"items": len(cart.get("items") or []), "spend": final_total(cart)}


def _cart(trace: ExecutionTrace) -> dict[str, Any]:
    if "cart" not in trace.info:
        raise ValueError("this trace was not produced by ShoppingEnv.execute; execute the plan first")
    return trace.info["cart"]


def _blame(trace: ExecutionTrace, keys: Sequence[Any]) -> list[int]:
    touched = trace.info.get("touched", {})
    return sorted({touched[k] for k in keys if isinstance(k, str) and k in touched})


# -- cart well-formedness and coupons ---------------------------------------------------------------
def check_cart(trace: ExecutionTrace, catalogue: Mapping[str, Mapping[str, Any]],
               user: Mapping[str, Any]) -> ConstraintCheck:
    """The final cart is one a shop accepts: products in stock, whole positive quantities, coupons
    the user owns and may use, and their thresholds covered (also after later product deletions,
    which the tools never re-check)."""
    cart = _cart(trace)
    items = [i for i in cart.get("items") or [] if isinstance(i, Mapping)]
    if not items:
        return ConstraintCheck(False, "the cart is empty; add the products the request asks for")
    problems: list[str] = []
    blamed: list[Any] = []
    for item in items:
        pid = item.get("product_id")
        product = catalogue.get(pid) if isinstance(pid, str) else None
        quantity = item.get("quantity")
        if product is None:
            problems.append(f"cart line {pid!r} is not a product of the catalogue")
        elif not isinstance(quantity, int) or quantity < 1:
            problems.append(f"product {pid} has quantity {quantity!r}; add whole quantities of at least 1")
        elif quantity > int(product.get("stock_quantity") or 0):
            problems.append(f"product {pid}: {quantity} in the cart but {product.get('stock_quantity')} in stock")
        else:
            continue
        blamed.append(pid)
    coupons, coupon_blame = _coupon_problems(cart, items, user, catalogue)
    problems += coupons
    blamed += coupon_blame
    if problems:
        return ConstraintCheck(False, "; ".join(problems[:4]), _blame(trace, blamed))
    return ConstraintCheck(True)


def _coupon_problems(cart: Mapping[str, Any], items: list[Mapping[str, Any]], user: Mapping[str, Any],
                     catalogue: Mapping[str, Mapping[str, Any]]) -> tuple[list[str], list[Any]]:
    used: dict[str, int] = {}
    problems: list[str] = []
    for line in cart.get("used_coupons") or []:
        if not isinstance(line, Mapping) or not isinstance(line.get("coupon_name"), str):
            problems.append(f"coupon line {str(line)[:60]} is malformed; remove it with delete_coupon_from_cart")
            continue
        quantity = line.get("quantity")
        used[line["coupon_name"]] = used.get(line["coupon_name"], 0) + (quantity if isinstance(quantity, int) else 0)
    if not used:
        return problems, []
    owned = user.get("coupons") if isinstance(user.get("coupons"), Mapping) else {}
    blamed: list[Any] = []
    thresholds = 0.0
    for name, quantity in used.items():
        terms = coupon_terms(name)
        if name not in VALID_COUPONS or terms is None:
            problems.append(f"{name!r} is not a valid coupon")
        elif quantity > int(owned.get(name) or 0):
            problems.append(f"{quantity} x {name!r} used but the user owns {owned.get(name) or 0}")
        elif name.startswith("VIP:") and not user.get("is_vip"):
            problems.append(f"{name!r} needs a VIP user")
        else:
            thresholds += terms[1] * quantity
            continue
        blamed.append(name)
    total = _pre_discount(cart)
    if thresholds > total:
        problems.append(f"the coupons need a pre-discount total of {thresholds:g} but the cart holds {total:g}; "
                        "remove a coupon or add products")
        blamed += list(used)
    same_brand = {n: q for n, q in used.items() if n.startswith("Same-brand:") and coupon_terms(n)}
    if same_brand and not _brands_cover(same_brand, items, catalogue):
        problems.append("the same-brand coupons cannot each be met by one brand's subtotal; use fewer or "
                        "buy more of one brand")
        blamed += list(same_brand)
    return problems, blamed


def _brands_cover(uses: Mapping[str, int], items: list[Mapping[str, Any]],
                  catalogue: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether each same-brand use can be given to a brand whose subtotal covers its thresholds
    (the rule the level-3 agent is told; the tools check only the whole cart)."""
    subtotal: dict[str, float] = {}
    for item in items:
        try:
            amount = float(item.get("price") or 0) * int(item.get("quantity") or 0)
        except (TypeError, ValueError):
            continue
        brand = str((catalogue.get(str(item.get("product_id"))) or {}).get("brand") or "")
        subtotal[brand] = subtotal.get(brand, 0.0) + amount
    needs = sorted((coupon_terms(n)[1] for n, q in uses.items() for _ in range(max(0, q))),  # type: ignore[index]
                   reverse=True)
    if len(needs) > 12:
        return False
    room = sorted(subtotal.values(), reverse=True)

    def place(k: int) -> bool:
        if k == len(needs):
            return True
        for b, left in enumerate(room):
            if left >= needs[k]:
                room[b] -= needs[k]
                if place(k + 1):
                    return True
                room[b] += needs[k]
        return False

    return place(0)


# -- stated requests --------------------------------------------------------------------------------
def check_budget(trace: ExecutionTrace, low: float, high: float) -> ConstraintCheck:
    """The final price is inside the stated range."""
    cart = _cart(trace)
    total = final_total(cart)
    if low <= total <= high:
        return ConstraintCheck(True, f"total {total:g} within {low:g}-{high:g}")
    items = sorted((i for i in cart.get("items") or [] if isinstance(i, Mapping)),
                   key=lambda i: -float(i.get("price") or 0) if isinstance(i.get("price"), (int, float)) else 0)
    if total > high:
        return ConstraintCheck(False, f"the total {total:g} is above the budget {low:g}-{high:g}; choose a "
                               "cheaper product", _blame(trace, [i.get("product_id") for i in items[:1]]))
    return ConstraintCheck(False, f"the total {total:g} is below the budget {low:g}-{high:g}; the request "
                           "expects dearer products (or a product is missing)")


def product_matches(product: Mapping[str, Any], params: Mapping[str, Any], days: int | None) -> list[str]:
    """What ``product`` misses of one stated item (empty: it is a match). ``days``: its delivery days."""
    missing: list[str] = []
    brands = [b.lower() for b in params.get("brands") or []]
    if brands and str(product.get("brand", "")).lower() not in brands:
        missing.append(f"brand {' or '.join(params['brands'])}")
    colors = [c.lower() for c in params.get("colors") or []]
    if colors and str(product.get("color", "")).lower() not in colors:
        missing.append(f"colour {' or '.join(params['colors'])}")
    sizes = [s.lower() for s in params.get("sizes") or []]
    if sizes and str(product.get("size", "")).lower() not in sizes:
        missing.append(f"size {' or '.join(params['sizes'])}")
    name = str(product.get("name", "")).lower()
    missing += [f"name with {part!r}" for part in params.get("name_parts") or [] if part.lower() not in name]
    for cond in params.get("conditions") or []:
        field, op, value = cond["field"], cond["op"], float(cond["value"])
        actual = days if field == "days" else dotted(product, field)
        try:
            ok = actual is not None and {"<": float(actual) < value, "<=": float(actual) <= value,
                                         ">": float(actual) > value, ">=": float(actual) >= value}[op]
        except (TypeError, ValueError):
            ok = False
        if not ok:
            label = "delivery days" if field == "days" else field
            missing.append(f"{label} {op} {value:g} (has {actual})")
    return missing


def check_item(trace: ExecutionTrace, params: Mapping[str, Any], catalogue: Mapping[str, Mapping[str, Any]],
               delivery: Mapping[str, int | None]) -> ConstraintCheck:
    """Some product in the cart meets every requirement read for this item."""
    best: tuple[int, str, list[str]] | None = None
    for item in _cart(trace).get("items") or []:
        pid = item.get("product_id") if isinstance(item, Mapping) else None
        product = catalogue.get(pid) if isinstance(pid, str) else None
        if product is None:
            continue
        missing = product_matches(product, params, delivery.get(pid))
        if not missing:
            return ConstraintCheck(True, f"product {pid} meets it")
        if best is None or len(missing) < len(best[2]):
            best = (len(missing), pid, missing)
    if best is None:
        return ConstraintCheck(False, "no product in the cart meets it; search, filter and add one")
    _n, pid, missing = best
    return ConstraintCheck(False, f"the closest product in the cart, {pid}, misses {'; '.join(missing[:4])}; "
                           "replace it with one that meets every condition", _blame(trace, [pid]))
