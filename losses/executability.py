"""Executability: the share of steps that could not run."""

from __future__ import annotations

from pivot_opt.environment import Environment, ExecutionTrace, StepStatus
from pivot_opt.gradients import Gradient
from pivot_opt.trajectory import Trajectory

from .base import LossTerm, TermResult

__all__ = ["Executability"]


class Executability(LossTerm):
    """Fraction of steps that did not run cleanly (``error`` or ``violation``; 1.0 for an empty plan).

    Each failing step gets its own gradient quoting the environment's error text, which is
    the cheapest and most precise feedback there is: it costs no tokens.
    """

    name = "executability"
    hard = True

    def evaluate(self, trace: ExecutionTrace, trajectory: Trajectory, env: Environment) -> TermResult:
        if not trace.steps:
            return TermResult(1.0, feedback="The plan is empty; add steps.", violations=1)
        errors = [s for s in trace.steps if s.status is not StepStatus.OK]
        grads = [
            Gradient(self.name, s.error or f"this step ended with status {s.status.value}", step=s.index,
                     evidence=s.observation, weight=self.weight)
            for s in errors
        ]
        return TermResult(
            value=len(errors) / len(trace.steps),
            blame=[s.index for s in errors],
            gradients=grads,
            violations=len(errors),
        )
