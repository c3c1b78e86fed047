"""The ten DeepPlanning coupons and the tools' coupon arithmetic (spec §4).

Why here: the cart tools, the evaluation and (later) the generator's optimum all need the same
names, the discount/threshold parse and the one combination rule the tools enforce.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "VALID_COUPONS",
    "base_total",
    "coupon_terms",
    "coupon_usage",
    "total_discount",
]

#: The only valid names, in the official order (``¥`` is U+00A5; the thousands comma is kept).
VALID_COUPONS: tuple[str, ...] = (
    "Cross-store: ¥30 off every ¥300",
    "Cross-store: ¥60 off every ¥500",
    "Cross-store: ¥120 off every ¥900",
    "Cross-store: ¥200 off every ¥1,200",
    "Cross-store: ¥300 off every ¥1,500",
    "Same-brand: ¥25 off every ¥200",
    "Same-brand: ¥60 off every ¥400",
    "Same-brand: ¥180 off every ¥1,000",
    "Same-brand: ¥300 off every ¥1,200",
    "VIP: ¥200 off every ¥1,000",
)

_TERMS = re.compile(r"¥([\d,]+)\s+off\s+every\s+¥([\d,]+)")


def coupon_terms(name: str) -> tuple[float, float] | None:
    """``(discount, threshold)`` read from the name (``¥<d> off every ¥<t>``), or None."""
    match = _TERMS.search(name)
    if not match:
        return None
    return float(match.group(1).replace(",", "")), float(match.group(2).replace(",", ""))


def base_total(items: Iterable[Mapping[str, Any]]) -> float:
    """Pre-discount total as the coupon tools compute it: Σ price × int(quantity), rounded to cents."""
    total = 0.0
    for item in items:
        total += float(item.get("price") or item.get("items_price", 0.0)) * int(item.get("quantity", 0))
    return round(total, 2)


def _entry(coupon: Mapping[str, Any]) -> tuple[str, int] | None:
    """Name and quantity of a cart coupon line (also the legacy ``{"<name>": qty}`` form)."""
    if len(coupon) == 1:  # checked first, as officially (so a lone {"coupon_name": ...} is legacy too)
        name = next(iter(coupon))
        return name, int(coupon.get(name, 0))
    if "coupon_name" in coupon:
        return str(coupon.get("coupon_name", "")), int(coupon.get("quantity", 0))
    return None


def total_discount(used_coupons: Iterable[Mapping[str, Any]], *, legacy: bool = False) -> float:
    """Σ discount × quantity; ``legacy`` also reads ``{"<name>": qty}`` lines (coupon removal does)."""
    total = 0.0
    for coupon in used_coupons:
        if legacy:
            entry = _entry(coupon) if isinstance(coupon, Mapping) else None
        else:
            entry = (str(coupon.get("coupon_name", "")), int(coupon.get("quantity", 0)))
        if entry and entry[0]:
            terms = coupon_terms(entry[0])
            if terms is not None:
                total += terms[0] * entry[1]
    return round(total, 2)


def coupon_usage(used_coupons: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Quantity per coupon name (lines of the same name summed), as the combination check counts."""
    usage: dict[str, int] = {}
    for coupon in used_coupons:
        name = str(coupon.get("coupon_name", ""))
        usage[name] = usage.get(name, 0) + int(coupon.get("quantity", 0))
    return usage
