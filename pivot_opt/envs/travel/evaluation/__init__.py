"""Travel evaluation as the official code defines it: commonsense and personalized scores, aggregation."""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "COMMONSENSE_CHECKS": ".commonsense",
    "run_commonsense": ".commonsense",
    "PlanStructureError": ".evaluator",
    "evaluate_run": ".evaluator",
    "score_plan": ".evaluator",
    "PERSONALIZED_CHECKS": ".personalized",
    "check_hard_constraint": ".personalized",
    "run_personalized": ".personalized",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
