"""The official shopping score of one case: matched products and coupons of the final cart (spec §7.1).

This module and :mod:`.report` are the only code that reads ``validation_cases.json`` (the
ground truth). Definitions are the official ones, quirks included: quantities of products are
ignored, extra products and coupons cost nothing, a coupon matches only with the exact quantity,
``case_score`` is 1 iff every expected product and coupon is matched (so an empty ground truth
scores 1), and a case whose cart or ground truth is missing or empty gets no counts at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["case_completed", "case_report", "evaluate_case", "score_cart"]


def _json_file(path: Path) -> Any:
    """A JSON file's value, or ``{}`` when it is missing, empty or invalid (as the evaluator reads it)."""
    try:
        text = path.read_text(encoding="utf-8").strip()
        return json.loads(text) if text else {}
    except (OSError, ValueError):
        return {}


def case_completed(messages_path: Path) -> bool:
    """True iff the saved conversation ends with a message that is neither a tool answer nor a tool call."""
    try:
        data = json.loads(messages_path.read_text(encoding="utf-8"))
        messages = data.get("messages", [])
        if not messages:
            return False
        last = messages[-1]
        if last.get("role") == "tool":
            return False
        return not (last.get("role") == "assistant" and last.get("tool_calls", []))
    except Exception:  # missing or unreadable file: not completed, as officially
        return False


def _missing(case_name: str, error: str) -> dict[str, Any]:
    return {"case_name": case_name, "success": False, "error": error, "score": 0.0, "details": [],
            "is_completed": False}


def score_cart(cart: Mapping[str, Any], validation: Mapping[str, Any], case_name: str = "case",
               is_completed: bool = True) -> dict[str, Any]:
    """The official result of one case from its cart and ground-truth objects."""
    if not cart or not validation:
        return _missing(case_name, "Missing required files")
    items = cart.get("items", [])
    truth_products = validation.get("ground_truth_products", [])
    cart_ids = {item.get("product_id") for item in items if item.get("product_id")}
    truth_ids = {p.get("product_id") for p in truth_products if p.get("product_id")}
    matched_ids = cart_ids & truth_ids
    truth_coupons = validation.get("ground_truth_coupons", {})
    matched_coupons = 0
    matched_names: set[str] = set()
    cart_names: set[str] = set()
    coupon_rows = []
    for coupon in cart.get("used_coupons", []):
        name = coupon.get("coupon_name", "")
        quantity = int(coupon.get("quantity", 0))
        cart_names.add(name)
        match = name in truth_coupons and quantity == truth_coupons[name]
        if match:
            matched_coupons += 1
            matched_names.add(name)
        coupon_rows.append({"coupon_name": name, "quantity": quantity,
                            "expected_quantity": truth_coupons.get(name, 0), "match": match})
    matched = len(matched_ids) + matched_coupons
    expected = len(truth_ids) + len(truth_coupons)
    all_truth = truth_ids | set(truth_coupons)
    unmatched = all_truth - (matched_ids | matched_names)
    extra_ids = (cart_ids | cart_names) - all_truth
    extra = [{"product_id": item.get("product_id"), "name": item.get("name", ""),
              "quantity": item.get("quantity", 0), "price": item.get("price", 0)}
             for item in items if item.get("product_id") and item.get("product_id") in extra_ids]
    return {
        "case_name": case_name,
        "success": True,
        "score": matched / expected if expected > 0 else 0.0,
        "case_score": 1.0 if matched == expected else 0.0,
        "matched_count": matched,
        "expected_count": expected,
        "extra_products_count": len(extra),
        "matched_products": sorted(matched_ids),
        "unmatched_ground_truth_products": [{"product_id": p.get("product_id"), "name": p.get("name", "")}
                                            for p in truth_products if p.get("product_id") in unmatched],
        "extra_products": extra,
        "query": validation.get("query", ""),
        "ground_truth_products": truth_products,
        "matched_coupons": coupon_rows,
        "ground_truth_coupons": [{"coupon_name": n, "expected_quantity": q} for n, q in truth_coupons.items()],
        "coupon_score": matched_coupons / len(truth_coupons) if truth_coupons else 0.0,
        "is_completed": is_completed,
    }


def evaluate_case(case_dir: str | Path, cart: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The official result of a case folder (``cart.json`` there, or ``cart`` when given).

    An exception while scoring (e.g. a non-numeric coupon quantity) gives the official
    failure row: ``success`` False, score 0, not completed, no counts.
    """
    folder = Path(case_dir)
    try:
        cart_data = _json_file(folder / "cart.json") if cart is None else cart
        validation = _json_file(folder / "validation_cases.json")
        completed = case_completed(folder / "messages.json")
        if not isinstance(cart_data, Mapping) or not isinstance(validation, Mapping):
            raise TypeError("cart.json and validation_cases.json must hold JSON objects")
        return score_cart(cart_data, validation, folder.name, completed)
    except Exception as exc:
        return {"case_name": folder.name, "success": False, "error": str(exc), "score": 0.0,
                "is_completed": False}


def case_report(result: Mapping[str, Any], evaluation_time: str) -> dict[str, Any]:
    """The per-case report ``case_<id>_report.json`` of a successful result."""
    return {
        "case_name": result["case_name"],
        "evaluation_time": evaluation_time,
        "summary": {key: result[key] if key != "coupon_score" else result.get(key, 0.0)
                    for key in ("score", "matched_count", "expected_count", "extra_products_count", "coupon_score")},
        "query": result.get("query", ""),
        "matched_products": result.get("matched_products", []),
        "matched_coupons": result.get("matched_coupons", []),
        "ground_truth_coupons": result.get("ground_truth_coupons", []),
        "unmatched_ground_truth_products": result.get("unmatched_ground_truth_products", []),
        "extra_products": result.get("extra_products", []),
        "ground_truth_products": result.get("ground_truth_products", []),
    }
