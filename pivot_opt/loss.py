"""The loss record INSPECT returns, and its backward pass.

A :class:`Loss` is a vector of named terms with weights. The scalar ``total`` drives
acceptance; the vector drives the gradient text and the plots. ``backward`` attaches the
structured gradients to the trajectory and their text to it and to upstream variables.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pivot_opt.environment import ExecutionTrace
from pivot_opt.gradients import Gradient, gradient_sort_key, render_gradients

if TYPE_CHECKING:
    from pivot_opt.engines.base import Engine
    from pivot_opt.environment import Environment
    from pivot_opt.trajectory import Trajectory

__all__ = ["Loss", "TermValue"]


@dataclass
class TermValue:
    """One term's value on one trace.

    ``value`` is the raw term (in [0, 1] or a count); ``weighted = weight * value`` is what
    enters the total. ``hard`` terms count towards the lexicographic acceptor's first key;
    ``broken`` names the hard requirements counted in ``violations`` that have a name.
    """

    name: str
    value: float
    weight: float = 1.0
    blame: list[int] = field(default_factory=list)
    feedback: str = ""
    gradients: list[Gradient] = field(default_factory=list)
    hard: bool = False
    violations: int = 0
    broken: list[str] = field(default_factory=list)

    @property
    def weighted(self) -> float:
        return self.weight * self.value


@dataclass
class Loss:
    """Result of INSPECT on one trajectory.

    ``earliest_failure`` is the earliest step blamed by any failing term (the step EVOLVE
    keeps the prefix up to); None when the plan is clean or only whole-plan faults remain.
    ``inspector`` and ``env`` let an optimizer re-inspect candidates the same way.
    """

    terms: dict[str, TermValue]
    trace: ExecutionTrace | None
    trajectory: Trajectory | None = None
    inspector: Callable[..., Loss] | None = None
    env: Environment | None = None
    error: str = ""
    plan_text: str = ""

    def __post_init__(self) -> None:
        if not self.error:
            self.error = self.nonfinite_reason()

    def nonfinite_reason(self) -> str:
        """Why the terms cannot rank this plan ("" when every value and weight is finite).

        A NaN or infinite term is an error of the candidate, never a tie: NaN compares as
        neither better nor worse, so a line search would accept anything next to it.
        """
        bad = [n for n, t in self.terms.items()
               if not (math.isfinite(t.value) and math.isfinite(t.weight) and math.isfinite(t.weighted))]
        return f"loss term(s) {', '.join(bad)} are not finite numbers" if bad else ""

    @property
    def total(self) -> float:
        """The weighted sum; ``inf`` for an errored loss or one with a non-finite term (never NaN)."""
        if self.error:
            return float("inf")
        total = float(sum(t.weighted for t in self.terms.values()))
        return total if math.isfinite(total) else float("inf")

    @property
    def failed(self) -> bool:
        """True when this loss cannot rank the plan: an error, or a term added later that is not finite."""
        return bool(self.error or self.nonfinite_reason())

    def item(self) -> float:
        return self.total

    def __float__(self) -> float:
        return self.total

    @property
    def vector(self) -> dict[str, float]:
        """Raw value of each term, in term order."""
        return {name: t.value for name, t in self.terms.items()}

    @property
    def hard_violations(self) -> int:
        """Count of violated hard requirements (first key of lexicographic acceptance)."""
        if self.failed:
            return 10**9
        return sum(t.violations for t in self.terms.values() if t.hard)

    @property
    def broken_hard(self) -> frozenset[str]:
        """Named hard requirements this plan breaks, as ``term/name`` (unnamed ones are only counted)."""
        return frozenset(f"{t.name}/{b}" for t in self.terms.values() if t.hard for b in t.broken)

    @property
    def gradients(self) -> list[Gradient]:
        out = [g for t in self.terms.values() for g in t.gradients]
        return sorted(out, key=gradient_sort_key)

    @property
    def blamed_steps(self) -> list[int]:
        return sorted({g.step for g in self.gradients if g.step is not None})

    @property
    def earliest_failure(self) -> int | None:
        blamed = self.blamed_steps
        return blamed[0] if blamed else None

    @property
    def is_zero(self) -> bool:
        return not self.failed and self.total <= 1e-12

    def gradient_text(self) -> str:
        steps = self.trajectory.steps if self.trajectory is not None and self.trajectory.is_parsable() else []
        if self.failed:
            return f"- whole plan (inspect): {self.error or self.nonfinite_reason()}"
        return render_gradients(self.gradients, steps)

    def summary(self) -> str:
        """One line: total and every term, for progress output."""
        parts = ", ".join(f"{n}={t.value:.3g}" for n, t in self.terms.items())
        return f"loss={self.total:.4f} ({parts})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "terms": self.vector,
            "weighted": {n: t.weighted for n, t in self.terms.items()},
            "hard_violations": self.hard_violations if not self.failed else None,
            "earliest_failure": self.earliest_failure,
            "error": self.error or self.nonfinite_reason(),
        }

    # -- backward ------------------------------------------------------------------------
    def backward(self, engine: Engine | None = None) -> None:
        """Attach gradients to the trajectory and, through textgrad's graph, upstream.

        The trajectory receives the structured records and one textgrad Variable holding
        their rendered text (so textgrad's optimizers can step it). Each upstream variable
        that requires grad receives feedback on what it produced: the same text, or, when
        ``engine`` is given, the engine's rewrite of it for that variable's role (costs
        tokens, phase ``inspect``). An upstream variable made by a textgrad function (the
        output of ``tg.BlackboxLLM``) passes its feedback on by textgrad's own backward, to
        the prompts it was made from: with ``engine`` (as a textgrad engine, phase
        ``inspect``) or textgrad's backward engine when one is set, else it stops there.
        """
        if self.trajectory is None:
            raise ValueError("this loss has no trajectory to send gradients to; compute it with a Composite")
        from textgrad import Variable

        traj = self.trajectory
        traj.structured_gradients = self.gradients
        traj.last_loss = self
        text = self.gradient_text()
        if traj.requires_grad:
            grad = Variable(text, requires_grad=False, role_description=f"feedback to {traj.get_role_description()}")
            _add_gradient(traj, grad)
        made: list[Any] = []
        for pred in sorted(traj.predecessors, key=lambda v: v.get_role_description()):
            if not pred.requires_grad:
                continue
            pred_text = self._upstream_feedback(pred, text, engine)
            _add_gradient(pred, Variable(pred_text, requires_grad=False,
                                         role_description=f"feedback to {pred.get_role_description()}"))
            if pred.get_grad_fn() is not None:
                made.append(pred)
        if made:
            _textgrad_backward(made, engine)

    def _upstream_feedback(self, pred: Any, text: str, engine: Engine | None) -> str:
        header = "The plan produced from this variable has these problems when executed:\n"
        if engine is None:
            return header + text
        from pivot_opt.loss_prompts import UPSTREAM_FEEDBACK

        prompt = UPSTREAM_FEEDBACK.format(role=pred.get_role_description(), value=pred.value, feedback=text)
        return engine.complete(prompt, phase="inspect", max_tokens=400)


def _add_gradient(variable: Any, grad: Any) -> None:
    """Add ``grad`` to a textgrad variable, with no context (``reset_gradients`` leaves a plain dict)."""
    variable.gradients.add(grad)
    variable.gradients_context[grad] = None


def _textgrad_backward(outputs: list[Any], engine: Engine | None) -> None:
    """textgrad's chain rule from ``outputs`` (which already hold their feedback) to what made them.

    The same order and reduction as ``textgrad.Variable.backward``, started from several
    variables whose gradients are kept rather than reset.
    """
    from textgrad.config import SingletonBackwardEngine
    from textgrad.variable import _check_and_reduce_gradients

    from pivot_opt.ledger import Phase

    backward_engine = (engine.as_textgrad(Phase.INSPECT) if engine is not None
                       else SingletonBackwardEngine().get_engine())
    if backward_engine is None:
        return
    order: list[Any] = []
    seen: set[int] = set()

    def visit(v: Any) -> None:
        if id(v) in seen:
            return
        seen.add(id(v))
        for p in v.predecessors:
            visit(p)
        order.append(v)

    for output in outputs:
        visit(output)
    for v in reversed(order):
        if v.requires_grad:
            v.gradients = _check_and_reduce_gradients(v, backward_engine)
            if v.get_grad_fn() is not None:
                v.grad_fn(backward_engine=backward_engine)
