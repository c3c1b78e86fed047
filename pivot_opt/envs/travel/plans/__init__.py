"""Travel plans: the step vocabulary, the scheduler, and the official text (§6) and JSON (§7) formats."""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "plan_to_steps": ".convert",
    "steps_to_plan": ".convert",
    "steps_to_text": ".convert",
    "text_to_steps": ".convert",
    "Built": ".schedule",
    "build_plan": ".schedule",
    "extract_plan_text": ".text_format",
    "parse_plan_text": ".text_format",
    "render_plan_text": ".text_format",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
