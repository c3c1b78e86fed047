"""PLAN for travel: the valid-action space, repair hints, and the tool-using and grammar-choice planners."""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "ActionSpace": ".actions",
    "GrammarChoicePlanner": ".planners",
    "ToolPlanner": ".planners",
    "parse_tool_reply": ".planners",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
