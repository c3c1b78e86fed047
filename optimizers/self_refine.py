"""Self-Refine: the model critiques its own plan and rewrites it, with no environment feedback.

Choices where the original (Madaan et al., 2023) leaves room, and why:

- Feedback sees the task and the plan only: no trace, no loss, no gradients. That is the
  method's point (the model is its own critic), so it must not be handed INSPECT's output.
- The critique is asked as ``{"critique": ..., "plan_is_good": ...}``; ``plan_is_good`` is the
  original's stop indicator. Once the model says its plan is good, later steps do nothing
  and cost nothing.
- The refine prompt carries the last ``history`` (plan, critique) pairs, as the original does
  with all of them; we bound it so that prompts fit small context windows.
- Every refinement is taken, better or worse (the original has no acceptance test). The
  plan is re-inspected after the update only so that the run's history can report its loss.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.environment import env_call
from pivot_opt.errors import EngineError
from pivot_opt.loss import Loss
from pivot_opt.step import render_steps
from pivot_opt.trajectory import Trajectory
from pivot_opt.untrusted import loads_untrusted

from . import self_refine_prompts as prompts
from .base import StepReport
from .baseline import BaselineOptimizer

__all__ = ["SelfRefine"]


class SelfRefine(BaselineOptimizer):
    """Self-Refine behind the ``Optimizer`` interface (see module docstring).

    Args:
        history: (plan, critique) pairs from earlier iterations shown in the refine prompt.
        stop_when_good: honour the model's own stop indicator.
        critique_tokens: token limit of the feedback call.
        Other arguments: see :class:`~optimizers.baseline.BaselineOptimizer`.
    """

    radius = "self-refine"

    def __init__(self, params: Iterable[Trajectory], engine: Engine, *, history: int = 2,
                 stop_when_good: bool = True, critique_tokens: int = 200, **kwargs: Any) -> None:
        super().__init__(params, engine, **kwargs)
        self.history = history
        self.stop_when_good = stop_when_good
        self.critique_tokens = critique_tokens
        self.state["memory"] = []
        self.state["done"] = False

    def critique(self, param: Trajectory, task: str) -> tuple[str, bool]:
        """The model's feedback on its own plan; (text, plan_is_good)."""
        prompt = prompts.FEEDBACK.format(task=task, plan=render_steps(param.steps))
        schema = prompts.FEEDBACK_SCHEMA if self.constrained else None
        temperature, seed = self.sample_settings(0)
        raw = self.engine.complete(prompt, system=prompts.SYSTEM, schema=schema, temperature=temperature,
                                   max_tokens=self.critique_tokens, seed=seed)
        try:
            data = loads_untrusted(raw)
            critique = data.get("critique", "")
            good = data.get("plan_is_good", False)
        except (ValueError, AttributeError):  # not JSON / not an object: the text is the critique
            return raw.strip(), False
        return (critique.strip() if isinstance(critique, str) else raw.strip()), good is True

    def _step_one(self, param: Trajectory, loss: Loss) -> StepReport:
        report = StepReport(accepted=False, loss_before=loss.total, loss_after=loss.total)
        if self.state["done"]:
            report.reason = "the model judged its plan good earlier; nothing to do"
            return report
        _, env = self._scorer(param)
        task = env_call(env, "describe")
        try:
            critique, good = self.critique(param, task)
        except EngineError as exc:
            report.candidates.append(self.record(self.radius, False, "rejected: feedback call failed", error=str(exc)))
            report.reason = "no feedback"
            return report
        if good and self.stop_when_good:
            self.state["done"] = True
            report.reason = "the model judged its own plan good (Self-Refine's stop indicator)"
            return report
        memory: list[dict[str, str]] = self.state["memory"]
        shown = memory[-self.history:] if self.history else []
        history = "".join(prompts.HISTORY_ITEM.format(**item) for item in shown)
        limit = self.step_limit(param.steps)
        prompt = prompts.REFINE.format(task=task, history=history + ("\n" if history else ""),
                                       plan=render_steps(param.steps), critique=critique or "(none)", max_steps=limit)
        memory.append({"plan": render_steps(param.steps), "critique": critique or "(none)"})
        return self.rewrite(param, report, prompt, prompts.SYSTEM, env, limit, what="the refinement",
                            taken="refinement taken (no acceptance test)")
