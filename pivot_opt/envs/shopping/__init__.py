"""DeepPlanning-compatible shopping planning: the foundation (data, tools, official evaluation).

Sub-packages by job: ``data`` (case folders, the catalogue as the tools see it, the fifteen
tools and their schemas, the query files, the downloader) and ``evaluation`` (the official case
score, level summary and statistics across levels; the only code that scores against ground truth).
``environment`` is the pivot-opt environment (``make_env("shopping", case_dir=...)``), ``execution``
its replay and checks, ``requests`` the rule reader of the query. The generator and the planners are
not built yet (see ``docs/shopping.md``).

Importing this package is cheap: every name below is imported when first used.
"""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "ShoppingCase": ".data.case",
    "case_dirs": ".data.case",
    "find_case_dir": ".data.case",
    "open_case": ".data.case",
    "Catalogue": ".data.catalogue",
    "VALID_COUPONS": ".data.coupons",
    "coupon_terms": ".data.coupons",
    "download_official": ".data.download",
    "ShoppingQuery": ".data.queries",
    "load_queries": ".data.queries",
    "stated_budget": ".data.queries",
    "CaseError": ".data.records",
    "delivery_days": ".data.regions",
    "normalize_province": ".data.regions",
    "TOOL_SCHEMAS": ".data.tool_schemas",
    "TOOLBOX": ".data.tools",
    "TOOLS": ".data.tools",
    "call_tool": ".data.tools",
    "ShoppingEnv": ".environment",
    "make_shopping_env": ".environment",
    "ShoppingRuleReader": ".requests.rules",
    "evaluate_cases": ".evaluation.report",
    "evaluate_run": ".evaluation.report",
    "model_statistics": ".evaluation.report",
    "summarize_level": ".evaluation.report",
    "evaluate_case": ".evaluation.scoring",
    "score_cart": ".evaluation.scoring",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
