"""The shapes of a case's files, checked strictly (spec §3): one clear error per malformed record.

Why: the official tools swallow a malformed file (loading silently stops at the first bad line,
a ``null`` text field leaves search without an index), so an agent would fail for reasons it
cannot see. Strict loading refuses such a file up front with the file, the line and the field.
Unknown fields pass through unchanged: records are checked, never rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from pivot_opt.errors import ConfigError

__all__ = [
    "TEXT_FIELDS",
    "CaseError",
    "CartModel",
    "ProductModel",
    "UserModel",
    "ValidationModel",
    "check_record",
]

#: The product fields the search index joins (in this order) and the filters lower-case.
TEXT_FIELDS = (
    "brand",
    "color",
    "size",
    "thickness",
    "elasticity",
    "version_type",
    "collar_type",
    "suitable_season",
    "target_demographic",
    "name",
)

#: A JSON number (an int passes, a bool or a numeric string does not); only checked, never converted.
Number = StrictFloat


class CaseError(ConfigError):
    """A case folder or one of its files is missing or malformed; the message names file, line, field."""


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class SalesVolume(_Open):
    monthly: StrictInt = 0
    total: StrictInt = 0


class Rating(_Open):
    average_score: Number = 0.0
    total_reviews: StrictInt = 0


class ShippingInfo(_Open):
    origin: StrictStr
    provider: StrictStr = "default"


class ProductModel(_Open):
    """One line of ``products.jsonl``: the fields the tools read, with the types they need."""

    product_id: StrictStr
    name: StrictStr
    price: Number
    stock_quantity: StrictInt
    brand: StrictStr = ""
    color: StrictStr = ""
    size: StrictStr = ""
    thickness: StrictStr = ""
    elasticity: StrictStr = ""
    version_type: StrictStr = ""
    collar_type: StrictStr = ""
    suitable_season: StrictStr = ""
    target_demographic: StrictStr = ""
    sales_volume: SalesVolume | None = None
    rating: Rating | None = None
    shipping_info: ShippingInfo | None = None
    applicable_coupons: list[StrictStr] = []


class UserModel(_Open):
    """``user_info.json``: owned coupon counts must be integers (a string count breaks the tools)."""

    user_id: StrictStr | None = None
    is_vip: StrictBool = False
    coupons: dict[str, StrictInt] = {}


class CartItem(_Open):
    product_id: StrictStr
    quantity: Number
    price: Number


class UsedCoupon(_Open):
    coupon_name: StrictStr
    quantity: Number


class CartModel(_Open):
    """``cart.json``: a JSON object; its lines, when present, have the fields the tools write."""

    items: list[CartItem] = []
    used_coupons: list[UsedCoupon] = []


class GroundTruthProduct(_Open):
    product_id: StrictStr


class ValidationModel(_Open):
    """``validation_cases.json``: the optimal cart (read by the evaluation only)."""

    query: StrictStr = ""
    ground_truth_products: list[GroundTruthProduct]
    ground_truth_coupons: dict[str, StrictInt] = {}


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def check_record(model: type[BaseModel], record: Any, path: Path, line: int | None = None) -> None:
    """Raise :class:`CaseError` naming file, line and field when ``record`` does not fit ``model``."""
    at = f"{path}: line {line}" if line is not None else str(path)
    if not isinstance(record, dict):
        raise CaseError(f"{at}: expected a JSON object, got {type(record).__name__}; "
                        "write one JSON object" + (" per line" if line is not None else ""))
    try:
        model.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = _where(first["loc"]) or "(record)"
        value = first.get("input")
        shown = "missing" if first["type"] == "missing" else f"got {value!r}"
        raise CaseError(f"{at}: field '{field}': {first['msg'].lower()} ({shown}); fix the record, "
                        "or load with strict=False to read it as the official tools do") from None
