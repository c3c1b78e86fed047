"""Composite: INSPECT. Execute once, evaluate every term, return one :class:`Loss`."""

from __future__ import annotations

from collections.abc import Iterable

from pivot_opt.environment import Environment
from pivot_opt.errors import ExecutionError, TermError, TrajectoryParseError
from pivot_opt.loss import Loss
from pivot_opt.trajectory import Trajectory

from .base import LossTerm

__all__ = ["Composite", "default_terms"]


def default_terms() -> list[LossTerm]:
    """Executability, hard and soft constraints: zero-token, execution-derived terms."""
    from .constraints import HardConstraints, SoftConstraints
    from .executability import Executability

    return [Executability(), HardConstraints(), SoftConstraints(weight=0.25)]


class Composite:
    """INSPECT: a weighted sum of loss terms over one execution.

    ``Composite([Executability(), HardConstraints()])(trajectory, env)`` executes the plan
    once and evaluates each term on the same trace. Term names must be unique: they are the
    keys of the loss vector, the history and the plots.

    An unparseable trajectory gives a loss with ``error`` set (total = inf) rather than an
    exception, so that a bad proposal is simply rejected. So is a term that cannot score the
    plan (:class:`~pivot_opt.errors.TermError`: a failed judge, a non-finite value): the loss
    keeps the terms that did score and carries the error, never a zero for the failed term.
    An environment that raises is a bug or bad data: it is re-raised as
    :class:`ExecutionError` naming the environment.
    """

    def __init__(self, terms: Iterable[LossTerm] | None = None) -> None:
        self.terms = list(terms) if terms is not None else default_terms()
        if not self.terms:
            raise ValueError("Composite needs at least one loss term")
        names = [t.name for t in self.terms]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"loss term names must be unique, repeated: {dupes}; pass name=... to tell them apart")

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.terms]

    def __call__(self, trajectory: Trajectory, env: Environment) -> Loss:
        try:
            steps = trajectory.steps
        except TrajectoryParseError as exc:
            return Loss(terms={}, trace=None, trajectory=trajectory, inspector=self, env=env,
                        error=f"plan is not parsable: {exc}", plan_text=trajectory.value)
        try:
            trace = env.execute(steps)
        except Exception as exc:
            raise ExecutionError(
                f"environment {type(env).__name__} raised while executing the plan: {type(exc).__name__}: {exc}"
            ) from exc
        values = {}
        failures = []
        for term in self.terms:
            try:
                values[term.name] = term(trace, trajectory, env)
            except TermError as exc:
                failures.append(str(exc))
        return Loss(terms=values, trace=trace, trajectory=trajectory, inspector=self, env=env,
                    error="; ".join(failures), plan_text=trajectory.value)

    def __repr__(self) -> str:
        return f"Composite({self.terms!r})"
