"""HumanFeedback: a person's (or a simulated person's) feedback as a loss term.

The callback sees the trajectory, its trace and the environment and returns None (no
comment), a text (a complaint: the term is 1 and the text becomes the gradient), or a
:class:`HumanResponse` with an explicit value and blamed steps. Nothing else in the loop
changes when a human joins: that is the point of making feedback a loss term.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pivot_opt.environment import Environment, ExecutionTrace
from pivot_opt.trajectory import Trajectory

from .base import LossTerm, TermResult

__all__ = ["FeedbackCallback", "HumanFeedback", "HumanResponse"]


@dataclass
class HumanResponse:
    """Feedback with an explicit loss value in [0, 1] and optional blamed steps."""

    feedback: str
    value: float = 1.0
    blame: list[int] = field(default_factory=list)


FeedbackCallback = Callable[[Trajectory, ExecutionTrace, Environment], "str | HumanResponse | None"]


class HumanFeedback(LossTerm):
    """Turns a feedback callback into a loss term (see module docstring)."""

    name = "human"

    def __init__(self, callback: FeedbackCallback, weight: float = 1.0, name: str | None = None) -> None:
        super().__init__(weight, name)
        self.callback = callback

    def evaluate(self, trace: ExecutionTrace, trajectory: Trajectory, env: Environment) -> TermResult:
        answer = self.callback(trajectory, trace, env)
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return TermResult(0.0)
        if isinstance(answer, str):
            return TermResult(1.0, feedback=answer.strip())
        if not 0.0 <= answer.value <= 1.0:
            raise ValueError(f"human feedback value must be in [0, 1], got {answer.value}")
        return TermResult(answer.value, blame=list(answer.blame), feedback=answer.feedback)
