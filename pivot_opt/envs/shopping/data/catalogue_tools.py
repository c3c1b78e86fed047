"""The ten read-only shopping tools: search, five filters, sort, details, transport time, user.

Each is ``tool(case, params) -> str`` with ``params`` the call's arguments (a dict or its JSON
text), answering like the official tool (spec §5.1–5.10), quirks included: only the presence of
required keys is checked, unknown ids are an error in the filters but silently dropped by sort
and details, ``filter_by_range`` accepts any dotted key and fails as a whole when one product
lacks it, the transport tool ignores its ``provider`` argument. Exceptions are left to the
dispatcher, which answers them as the official harness does.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

from pivot_opt.envs.shopping.data.answers import ParamsError, answer, error, verify_params
from pivot_opt.envs.shopping.data.case import ShoppingCase
from pivot_opt.envs.shopping.data.coupons import VALID_COUPONS
from pivot_opt.envs.shopping.data.regions import PROVIDER_MODIFIERS, REGIONS, delivery_days, normalize_province

__all__ = [
    "SEARCH_SCORE_THRESHOLD",
    "calculate_transport_time",
    "filter_by_applicable_coupons",
    "filter_by_brand",
    "filter_by_color",
    "filter_by_range",
    "filter_by_size",
    "get_product_details",
    "get_user_info",
    "search_products",
    "sort_products",
]

#: A product is a search hit when its BM25 score is above this.
SEARCH_SCORE_THRESHOLD = 2


def search_products(case: ShoppingCase, params: Any) -> str:
    """BM25 over the text fields; hits above the threshold, best first, cut to ``limit``."""
    index = case.catalogue.index
    if index is None:  # checked before the arguments, as officially
        return error("BM25 index is not available. Check database loading.")
    try:
        args = verify_params(params, ["query"])
    except ParamsError as exc:
        return error(str(exc))
    query, limit = args.get("query"), args.get("limit", 20)
    if not query:
        return answer({"product_ids": []})
    scores = index.scores(query.lower().split())
    hits = [(case.catalogue.searchable[i], s) for i, s in enumerate(scores) if s > SEARCH_SCORE_THRESHOLD]
    hits = [(p["product_id"], p["name"], s) for p, s in hits]  # a record without them fails here
    hits.sort(key=lambda hit: hit[2], reverse=True)
    return answer({"product_ids": [pid for pid, _, _ in hits[:limit]]})


def _search_space(case: ShoppingCase, product_ids: Any, *, missing_is_error: bool) -> list[Any] | str:
    """The products an id list names (in its order), or the whole catalogue when it is empty."""
    if not product_ids:
        return case.catalogue.products
    by_id = case.catalogue.by_id
    missing = [pid for pid in product_ids if pid not in by_id]
    if missing and missing_is_error:
        return error(f"Some product_ids not found in database: {missing}")
    return [by_id[pid] for pid in product_ids if pid in by_id]


def _filter_by_field(case: ShoppingCase, params: Any, values_key: str, field: str) -> str:
    try:
        args = verify_params(params, [values_key])
    except ParamsError as exc:
        return error(str(exc))
    values = args.get(values_key, [])
    space = _search_space(case, args.get("product_ids"), missing_is_error=True)
    if isinstance(space, str):
        return space
    wanted = {v.lower() for v in values}
    return answer({"filtered_products_ids": [p.get("product_id") for p in space
                                             if p.get(field, "").lower() in wanted]})


def filter_by_brand(case: ShoppingCase, params: Any) -> str:
    """Products whose brand equals one of ``brand_names`` (case-insensitive, whole value)."""
    return _filter_by_field(case, params, "brand_names", "brand")


def filter_by_color(case: ShoppingCase, params: Any) -> str:
    """Products whose colour equals one of ``colors`` (case-insensitive, whole value)."""
    return _filter_by_field(case, params, "colors", "color")


def filter_by_size(case: ShoppingCase, params: Any) -> str:
    """Products whose size equals one of ``sizes`` (case-insensitive, whole value)."""
    return _filter_by_field(case, params, "sizes", "size")


def filter_by_applicable_coupons(case: ShoppingCase, params: Any) -> str:
    """Products whose ``applicable_coupons`` hold every one of ``coupon_names``."""
    try:
        args = verify_params(params, ["coupon_names"])
    except ParamsError as exc:
        return error(str(exc))
    names = args.get("coupon_names", [])
    if not all(name in VALID_COUPONS for name in names):
        return error(f"Invalid coupon names: {names}. Valid coupons are: {list(VALID_COUPONS)}")
    if not names:
        return answer({"filtered_products_ids": []})
    space = _search_space(case, args.get("product_ids"), missing_is_error=True)
    if isinstance(space, str):
        return space
    wanted = set(names)
    return answer({"filtered_products_ids": [p.get("product_id") for p in space
                                             if wanted.issubset(set(p.get("applicable_coupons", [])))]})


def dotted(record: Any, path: str) -> Any:
    """The value at a dotted path (``sales_volume.monthly``), None where a step is missing."""
    return reduce(lambda d, key: d.get(key) if isinstance(d, dict) else None, path.split("."), record)


_COMPARE = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
}


def filter_by_range(case: ShoppingCase, params: Any) -> str:
    """Products whose numeric field at ``condition_key`` compares with ``value`` by ``operator``."""
    try:
        args = verify_params(params, ["condition_key", "operator", "value"])
    except ParamsError as exc:
        return error(str(exc))
    key, operator, value = args.get("condition_key"), args.get("operator"), args.get("value")
    if not all([key, operator, value is not None]):
        return error("Missing required parameters: condition_key, operator, or value.")
    space = _search_space(case, args.get("product_ids"), missing_is_error=True)
    if isinstance(space, str):
        return space
    compare = _COMPARE.get(operator, lambda a, b: False)
    kept = []
    for product in space:
        found = dotted(product, key)
        if found is None:
            raise ValueError("condition_key cannot be found in product data, please check again.")
        try:
            if compare(float(found), float(value)):
                kept.append(product)
        except (ValueError, TypeError):
            continue
    return answer({"filtered_products_ids": [p.get("product_id") for p in kept]})


def sort_products(case: ShoppingCase, params: Any) -> str:
    """Products ordered by the field at ``sort_by`` (strings case-insensitive), ``desc`` by default."""
    try:
        args = verify_params(params, ["sort_by"])
    except ParamsError as exc:
        return error(str(exc))
    sort_by = args.get("sort_by", "").lower()
    order = args.get("order", "desc").lower()
    if not sort_by:
        return error("Missing required parameter: sort_by.")
    if order not in ("asc", "desc"):
        return error(f"Invalid value for 'order': '{args.get('order')}'. Must be 'asc' or 'desc'.")
    space = _search_space(case, args.get("product_ids"), missing_is_error=False)
    assert isinstance(space, list)
    if not space:
        return answer({"sorted_product_ids": []})
    if dotted(space[0], sort_by) is None:
        return error(f"Sort key '{sort_by}' cannot be found in product data or is null. Please check again.")
    last = -float("inf") if order == "desc" else float("inf")

    def key(product: Any) -> Any:
        value = dotted(product, sort_by)
        return value.lower() if isinstance(value, str) else value if isinstance(value, (int, float)) else last

    try:
        ordered = sorted(space, key=key, reverse=order == "desc")
        ids = [p["product_id"] for p in ordered]
    except Exception as exc:
        return error(f"An error occurred during sorting on key '{sort_by}': {exc}")
    return answer({"sorted_product_ids": ids})


def get_product_details(case: ShoppingCase, params: Any) -> str:
    """The full records of the given ids, in request order (unknown ids skipped)."""
    try:
        args = verify_params(params, ["product_ids"])
    except ParamsError as exc:
        return error(str(exc))
    ids = args.get("product_ids", [])
    if not ids:
        return answer({"products": []})
    by_id = case.catalogue.by_id
    return answer({"products": [by_id[pid] for pid in ids if pid in by_id]})


def calculate_transport_time(case: ShoppingCase, params: Any) -> str:
    """Delivery days from the product's origin to a province (the product's own carrier counts)."""
    try:
        args = verify_params(params, ["product_id", "destination_address"])
    except ParamsError as exc:
        return error(str(exc))
    pid, destination = args.get("product_id"), args.get("destination_address")
    product = case.catalogue.by_id.get(pid)
    if not product:
        return error(f"Product with ID '{pid}' not found.")
    shipping = product.get("shipping_info", {})
    origin = shipping.get("origin")
    provider = shipping.get("provider", "default").lower()
    if not origin:
        return error(f"Shipping origin not found for product '{pid}'.")
    origin_province, destination_province = normalize_province(origin), normalize_province(destination)
    if not origin_province:
        return error(f"Could not determine a valid province from origin address: '{origin}'.")
    if not destination_province:
        return error(f"Could not determine a valid province from destination address: '{destination}'. "
                     "Please provide a valid Chinese province name.")
    if origin_province not in REGIONS or destination_province not in REGIONS:
        return error("Could not map provinces to geographical regions.")
    days = delivery_days(origin_province, destination_province,
                         provider if provider in PROVIDER_MODIFIERS else "default")
    return answer({"product_id": pid, "origin": origin, "destination": destination,
                   "estimated_delivery_days": days})


def get_user_info(case: ShoppingCase, params: Any) -> str:
    """The user profile read when the case was opened; by ``user_id`` when one is given."""
    try:
        args = verify_params(params, [])
    except ParamsError as exc:
        return error(str(exc))
    user_id = args.get("user_id")
    if user_id:
        user = case.user if "user_id" in case.user and case.user.get("user_id") == user_id else None
        if user:
            return answer(user)
        return answer({"error": f"User with user_id '{user_id}' not found", "user": None})
    return answer(case.user)
