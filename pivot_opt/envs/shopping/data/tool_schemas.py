"""JSON descriptions (OpenAI function-calling format) of the fifteen DeepPlanning shopping tools.

Names, parameters, JSON types, ``enum`` advice and required keys are the official ones (spec §5);
descriptions are written for this project. The enums are advice to the model: the official
tools do not enforce them (``filter_by_range`` takes any dotted key), and neither does
:func:`~.tools.call_tool` in its default, official mode.
"""

from __future__ import annotations

from typing import Any

from pivot_opt.envs.kit.tools import ToolIndex, string_param, tool_schema, typed_param

__all__ = ["RANGE_KEYS", "SORT_KEYS", "TOOL_NAMES", "TOOL_SCHEMAS", "schema_of"]

RANGE_KEYS = ("price", "stock_quantity", "sales_volume.monthly", "sales_volume.total",
              "rating.average_score", "rating.total_reviews")
SORT_KEYS = ("price", "sales_volume.monthly", "sales_volume.total", "rating.average_score",
             "stock_quantity", "name")

_IDS = typed_param("array", "Optional product ids to work on; empty or absent means the whole catalogue.",
                   items="string")
_QTY = "Optional positive integer, default 1."

TOOL_SCHEMAS: list[dict[str, Any]] = [
    tool_schema(
        "search_products",
        "Keyword search over product name, brand, colour, size, season, target group and style fields "
        "(BM25 ranking). Returns matching product ids, best first; generic words match little, so use "
        "distinctive words of the product name.",
        {"query": string_param("Search words, e.g. 'Trail Shoe Merrell'."),
         "limit": typed_param("integer", "Optional maximum number of ids returned, default 20.")},
        ["query"],
    ),
    tool_schema(
        "filter_by_brand",
        "Keep the products whose brand equals one of the given names (case-insensitive, any of them).",
        {"product_ids": _IDS, "brand_names": typed_param("array", "Brand names, e.g. ['Nike'].", items="string")},
        ["brand_names"],
    ),
    tool_schema(
        "filter_by_color",
        "Keep the products whose colour equals one of the given colours (case-insensitive, any of them).",
        {"product_ids": _IDS, "colors": typed_param("array", "Colours, e.g. ['White', 'Black'].", items="string")},
        ["colors"],
    ),
    tool_schema(
        "filter_by_size",
        "Keep the products whose size equals one of the given sizes (case-insensitive, any of them), "
        "e.g. 'M', 'XL', '42'.",
        {"product_ids": _IDS, "sizes": typed_param("array", "Sizes, e.g. ['M'] or ['42'].", items="string")},
        ["sizes"],
    ),
    tool_schema(
        "filter_by_applicable_coupons",
        "Keep the products to which every one of the given coupons applies.",
        {"product_ids": _IDS,
         "coupon_names": typed_param("array", "Exact coupon names, e.g. ['Cross-store: ¥30 off every ¥300'].",
                                     items="string")},
        ["coupon_names"],
    ),
    tool_schema(
        "filter_by_range",
        "Keep the products whose numeric field compares with a value, e.g. price < 300 or "
        "rating.average_score >= 4.5.",
        {"product_ids": _IDS,
         "condition_key": string_param("Numeric field (dotted path).", RANGE_KEYS),
         "operator": string_param("Comparison.", (">", ">=", "<", "<=", "==")),
         "value": typed_param("number", "The value to compare with.")},
        ["condition_key", "operator", "value"],
    ),
    tool_schema(
        "sort_products",
        "Order products by a field, descending by default.",
        {"product_ids": _IDS,
         "sort_by": string_param("Field to sort by.", SORT_KEYS),
         "order": string_param("'asc' or 'desc' (default).", ("asc", "desc"))},
        ["sort_by"],
    ),
    tool_schema(
        "get_product_details",
        "Full records of the given products: price, stock, sales, rating with per-star review counts, "
        "shipping origin and carrier, applicable coupons and all attributes.",
        {"product_ids": typed_param("array", "Product ids to look up.", items="string")},
        ["product_ids"],
    ),
    tool_schema(
        "calculate_transport_time",
        "Estimated delivery days of a product to a province, from its shipping origin and its own "
        "carrier. Pass the bare province name in pinyin, e.g. 'guangdong', 'beijing', 'neimenggu'.",
        {"product_id": string_param("The product id."),
         "destination_address": string_param("Destination province in pinyin, e.g. 'zhejiang'."),
         "provider": string_param("Optional carrier (ignored: the product's own carrier is used).")},
        ["product_id", "destination_address"],
    ),
    tool_schema(
        "get_user_info",
        "The user's profile: address (province), gender, body measurements and sizes, VIP status and "
        "owned coupons. Use it for details the request leaves out.",
        {"user_id": string_param("Optional user id; omit it for the current user.")},
        [],
    ),
    tool_schema(
        "add_product_to_cart",
        "Add a product to the cart (stock is checked); returns the cart.",
        {"product_id": string_param("The product id."), "quantity": typed_param("integer", _QTY)},
        ["product_id"],
    ),
    tool_schema(
        "delete_product_from_cart",
        "Remove a quantity of a product from the cart (the line goes when it reaches 0); returns the cart.",
        {"product_id": string_param("The product id."), "quantity": typed_param("integer", _QTY)},
        ["product_id"],
    ),
    tool_schema(
        "get_cart_info",
        "The current cart: product lines, used coupons and the summary. The cart is what is scored.",
        {},
        [],
    ),
    tool_schema(
        "add_coupon_to_cart",
        "Use one of the user's coupons; the cart's pre-discount total must cover the thresholds of all "
        "coupons used together. Returns the cart.",
        {"coupon_name": string_param("Exact coupon name, e.g. 'Same-brand: ¥25 off every ¥200'."),
         "quantity": typed_param("integer", _QTY)},
        ["coupon_name"],
    ),
    tool_schema(
        "delete_coupon_from_cart",
        "Stop using a quantity of a coupon (no more than the cart holds); returns the cart.",
        {"coupon_name": string_param("Exact coupon name."), "quantity": typed_param("integer", _QTY)},
        ["coupon_name"],
    ),
]

_INDEX = ToolIndex(TOOL_SCHEMAS, "shopping")
TOOL_NAMES: tuple[str, ...] = _INDEX.names
schema_of = _INDEX.schema_of  # the OpenAI-format schema of one tool (KeyError names the known tools)
