"""Request readers of shopping queries: the query text -> a :class:`~pivot_opt.envs.kit.StatedTask`."""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "Condition": ".rules",
    "ShoppingRuleReader": ".rules",
    "read_conditions": ".rules",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
