"""Reference plans built from a generated task's ground truth (gold data: tests and studies only)."""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "ReferencePlanError": ".plan",
    "plan_cost": ".plan",
    "reference_plan": ".plan",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
