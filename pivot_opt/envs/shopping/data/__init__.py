"""Shopping data and tools: case folders, the catalogue, the fifteen tools and their schemas."""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "ShoppingCase": ".case",
    "case_dirs": ".case",
    "find_case_dir": ".case",
    "open_case": ".case",
    "Catalogue": ".catalogue",
    "VALID_COUPONS": ".coupons",
    "coupon_terms": ".coupons",
    "download_official": ".download",
    "ShoppingQuery": ".queries",
    "load_queries": ".queries",
    "stated_budget": ".queries",
    "CaseError": ".records",
    "delivery_days": ".regions",
    "normalize_province": ".regions",
    "TOOL_SCHEMAS": ".tool_schemas",
    "TOOLBOX": ".tools",
    "TOOLS": ".tools",
    "call_tool": ".tools",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
