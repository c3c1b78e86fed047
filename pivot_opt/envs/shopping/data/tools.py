"""The fifteen DeepPlanning shopping tools by name, and the dispatcher an agent harness calls.

:func:`call_tool` answers like the official harness by default: the arguments (a dict or the
model's raw JSON text) are checked only for required keys, by the tool itself; a tool that
raises is answered ``{"error": "<exception text>"}`` and an unknown name
``{"error": "tool '<name>' not found"}`` (compact JSON). ``checked=True`` runs the call through
the kit's :class:`~pivot_opt.envs.kit.tools.ToolBox` instead: JSON types and enums are checked
against the schema first, with this project's wording (not comparable with published runs; the
enum check also refuses keys outside the advised lists, such as per-star count paths).
Either way a call never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pivot_opt.envs.kit.tools import ToolBox
from pivot_opt.envs.shopping.data.answers import compact_error
from pivot_opt.envs.shopping.data.cart_tools import (
    add_coupon_to_cart,
    add_product_to_cart,
    delete_coupon_from_cart,
    delete_product_from_cart,
    get_cart_info,
)
from pivot_opt.envs.shopping.data.case import ShoppingCase
from pivot_opt.envs.shopping.data.catalogue_tools import (
    calculate_transport_time,
    filter_by_applicable_coupons,
    filter_by_brand,
    filter_by_color,
    filter_by_range,
    filter_by_size,
    get_product_details,
    get_user_info,
    search_products,
    sort_products,
)
from pivot_opt.envs.shopping.data.tool_schemas import TOOL_NAMES, TOOL_SCHEMAS, schema_of

__all__ = ["TOOLBOX", "TOOLS", "TOOL_SCHEMAS", "call_tool"]

Tool = Callable[[ShoppingCase, Any], str]

TOOLS: dict[str, Tool] = {
    "search_products": search_products,
    "filter_by_brand": filter_by_brand,
    "filter_by_color": filter_by_color,
    "filter_by_size": filter_by_size,
    "filter_by_applicable_coupons": filter_by_applicable_coupons,
    "filter_by_range": filter_by_range,
    "sort_products": sort_products,
    "get_product_details": get_product_details,
    "calculate_transport_time": calculate_transport_time,
    "get_user_info": get_user_info,
    "add_product_to_cart": add_product_to_cart,
    "delete_product_from_cart": delete_product_from_cart,
    "get_cart_info": get_cart_info,
    "add_coupon_to_cart": add_coupon_to_cart,
    "delete_coupon_from_cart": delete_coupon_from_cart,
}
assert tuple(TOOLS) == TOOL_NAMES


def _keywords(tool: Tool) -> Callable[..., str]:
    return lambda case, **arguments: tool(case, arguments)


#: The same tools behind the kit's schema-checked dispatcher (``call_tool(..., checked=True)``).
TOOLBOX = ToolBox([(schema_of(name), _keywords(tool)) for name, tool in TOOLS.items()])


def call_tool(case: ShoppingCase, name: str, arguments: Mapping[str, Any] | str | None, *,
              checked: bool = False) -> str:
    """Run one call on ``case`` as an agent harness would; never raises (see the module docstring)."""
    if checked:
        return TOOLBOX.call(case, name, arguments)
    tool = TOOLS.get(name)
    if tool is None:
        return compact_error(f"tool '{name}' not found")
    if arguments is None:  # a harness always passes text; no arguments at all means none
        arguments = {}
    try:
        return tool(case, dict(arguments) if isinstance(arguments, Mapping) else arguments)
    except Exception as exc:  # the official harness's guard: the exception text is the answer
        return compact_error(str(exc))
