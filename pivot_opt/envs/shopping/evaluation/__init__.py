"""Shopping evaluation as the official code defines it: case score, level summary, statistics."""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "evaluate_cases": ".report",
    "evaluate_run": ".report",
    "model_statistics": ".report",
    "run_folder_name": ".report",
    "summarize_level": ".report",
    "case_completed": ".scoring",
    "case_report": ".scoring",
    "evaluate_case": ".scoring",
    "score_cart": ".scoring",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
