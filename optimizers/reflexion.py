"""Reflexion: execution feedback becomes a verbal reflection kept in memory across tries.

Choices where the original (Shinn et al., 2023) leaves room, and why:

- The evaluator is INSPECT's environment feedback rendered as a plain execution report
  (:func:`~optimizers.baseline.execution_report`): each step's outcome and every unmet
  visible requirement. It is what a Reflexion agent observes; it is not ranked or
  localised the way PIVOT's gradients are.
- One step is one trial: reflect on the current plan (free text, kept in a memory of the
  last ``memory_size`` reflections, 3 as in the paper), then the actor writes a whole new
  plan. The actor sees its last plan as well as the lessons, as in the paper's programming
  setting; a plan is a draft to repair more than an episode to replay.
- Each new trial replaces the current plan, better or worse: Reflexion has no line search.
  Trials stop when the evaluator reports success (the loop ends at loss 0).
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

from . import reflexion_prompts as prompts
from .base import StepReport
from .baseline import BaselineOptimizer, execution_report

__all__ = ["Reflexion"]


class Reflexion(BaselineOptimizer):
    """Reflexion behind the ``Optimizer`` interface (see module docstring).

    Args:
        memory_size: reflections kept (oldest dropped first).
        reflection_tokens: token limit of a reflection.
        Other arguments: see :class:`~optimizers.baseline.BaselineOptimizer`.
    """

    radius = "reflexion"

    def __init__(self, params: Iterable[Trajectory], engine: Engine, *, memory_size: int = 3,
                 reflection_tokens: int = 160, **kwargs: Any) -> None:
        super().__init__(params, engine, **kwargs)
        if memory_size < 1:
            raise ValueError(f"memory_size must be >= 1, got {memory_size}")
        self.memory_size = memory_size
        self.reflection_tokens = reflection_tokens
        self.state["memory"] = []

    @property
    def memory(self) -> list[str]:
        return list(self.state["memory"])

    def reflect(self, param: Trajectory, loss: Loss, task: str) -> str:
        """One verbal reflection on the current plan's execution."""
        _, env = self._scorer(param)
        trial = self.state["steps_taken"] + 1
        prompt = prompts.REFLECT.format(task=task, trial=trial, plan=render_steps(param.steps),
                                        report=execution_report(loss, param, env))
        temperature, seed = self.sample_settings(0)
        text = self.engine.complete(prompt, system=prompts.SYSTEM, temperature=temperature,
                                    max_tokens=self.reflection_tokens, seed=seed).strip()
        return text or "(the reflection was empty)"

    def _step_one(self, param: Trajectory, loss: Loss) -> StepReport:
        report = StepReport(accepted=False, loss_before=loss.total, loss_after=loss.total)
        _, env = self._scorer(param)
        task = env_call(env, "describe")
        try:
            reflection = self.reflect(param, loss, task)
        except EngineError as exc:
            report.candidates.append(self.record(self.radius, False, "rejected: reflection failed", error=str(exc)))
            report.reason = "no reflection"
            return report
        memory: list[str] = self.state["memory"]
        memory.append(reflection)
        del memory[: max(0, len(memory) - self.memory_size)]
        limit = self.step_limit(param.steps)
        lessons = "\n".join(f"- Lesson {k + 1}: {m}" for k, m in enumerate(memory))
        prompt = prompts.ACT.format(task=task, plan=render_steps(param.steps), memory=lessons, max_steps=limit)
        return self.rewrite(param, report, prompt, prompts.SYSTEM, env, limit, what="the new trial",
                            taken="new trial taken (no line search)")
