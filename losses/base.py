"""The loss-term contract: (trace, trajectory, environment) -> value, blame, feedback.

A new term subclasses :class:`LossTerm`, sets ``name`` and implements ``evaluate``. The
Composite (INSPECT) turns its :class:`TermResult` into a weighted
:class:`~pivot_opt.loss.TermValue` with structured gradients.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from pivot_opt.environment import Environment, ExecutionTrace
from pivot_opt.errors import TermError
from pivot_opt.finite import finite_weight, is_finite
from pivot_opt.gradients import Gradient
from pivot_opt.loss import TermValue
from pivot_opt.trajectory import Trajectory

__all__ = ["LossTerm", "TermResult"]


@dataclass
class TermResult:
    """What a term says about one trace.

    ``value`` is 0 when satisfied. ``blame`` are the faulty step indices; ``feedback`` is
    the default message for them (or for the whole plan when ``blame`` is empty).
    Give ``gradients`` directly for per-step messages. ``violations`` counts broken hard
    requirements (for lexicographic acceptance); ``broken`` names them when they have names
    (constraint names), so that an acceptor can see which requirement a candidate breaks.
    """

    value: float
    blame: list[int] = field(default_factory=list)
    feedback: str = ""
    evidence: str = ""
    gradients: list[Gradient] | None = None
    violations: int = 0
    broken: list[str] = field(default_factory=list)


class LossTerm(ABC):
    """Base class of every loss term.

    Contract: ``evaluate`` is a pure function of its inputs (deterministic unless the term
    calls an engine), never mutates the trajectory, and returns a finite value >= 0. A term
    that cannot score a candidate (its engine failed, its answer is unusable) raises
    :class:`~pivot_opt.errors.TermError`: INSPECT then marks that candidate's loss as errored,
    so a failing term never passes for a perfect score.
    """

    name: str = "term"
    hard: bool = False

    def __init__(self, weight: float = 1.0, name: str | None = None) -> None:
        self.weight = finite_weight(weight, "loss term weight")
        if name is not None:
            self.name = name

    @abstractmethod
    def evaluate(self, trace: ExecutionTrace, trajectory: Trajectory, env: Environment) -> TermResult:
        """Score one executed trajectory."""

    def __call__(self, trace: ExecutionTrace, trajectory: Trajectory, env: Environment) -> TermValue:
        result = self.evaluate(trace, trajectory, env)
        if not is_finite(result.value):
            raise TermError(f"loss term {self.name!r} returned {result.value!r}, not a finite number")
        if result.value < 0:
            raise ValueError(f"loss term {self.name!r} returned a negative value {result.value}")
        grads = result.gradients
        if grads is None:
            grads = []
            if result.value > 0:
                targets: list[int | None] = list(result.blame) or [None]
                grads = [
                    Gradient(self.name, result.feedback, step=i, evidence=result.evidence, weight=self.weight)
                    for i in targets
                ]
        return TermValue(
            name=self.name,
            value=float(result.value),
            weight=self.weight,
            blame=sorted(set(result.blame)),
            feedback=result.feedback,
            gradients=list(grads),
            hard=self.hard,
            violations=result.violations,
            broken=sorted(set(result.broken)),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, weight={self.weight})"
