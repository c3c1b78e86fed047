"""Hard and soft constraint terms: the environment's task constraints checked on a trace."""

from __future__ import annotations

from pivot_opt.environment import Constraint, ConstraintCheck, Environment, ExecutionTrace, env_call
from pivot_opt.gradients import Gradient
from pivot_opt.trajectory import Trajectory

from .base import LossTerm, TermResult

__all__ = ["HardConstraints", "SoftConstraints", "check_constraints"]


def check_constraints(
    constraints: list[Constraint], trace: ExecutionTrace, trajectory: Trajectory
) -> list[tuple[Constraint, ConstraintCheck]]:
    """Run every constraint; a constraint that raises counts as failed with the error as reason."""
    steps = trajectory.steps
    out = []
    for c in constraints:
        try:
            result = c(trace, steps)
        except Exception as exc:  # a buggy check must not end the run
            result = ConstraintCheck(False, f"check raised {type(exc).__name__}: {exc}")
        out.append((c, result))
    return out


class _ConstraintTerm(LossTerm):
    """Mean loss over the selected constraints, with one gradient per failing constraint."""

    select_hard: bool = True

    def __init__(self, weight: float = 1.0, name: str | None = None, include_hidden: bool = False) -> None:
        super().__init__(weight, name)
        self.include_hidden = include_hidden

    def selected(self, env: Environment) -> list[Constraint]:
        return [
            c for c in env_call(env, "constraints")
            if c.hard == self.select_hard and (self.include_hidden or not c.hidden)
        ]

    def evaluate(self, trace: ExecutionTrace, trajectory: Trajectory, env: Environment) -> TermResult:
        constraints = self.selected(env)
        if not constraints:
            return TermResult(0.0)
        results = check_constraints(constraints, trace, trajectory)
        grads: list[Gradient] = []
        blame: list[int] = []
        total = 0.0
        failed: list[str] = []
        for c, r in results:
            total += r.value
            if r.value <= 0:
                continue
            failed.append(c.name)
            message = f"{c.name}: {r.reason or c.description}"
            targets: list[int | None] = list(r.blame) or [None]
            blame.extend(r.blame)
            grads.extend(Gradient(self.name, message, step=i, evidence=r.evidence, weight=self.weight) for i in targets)
        return TermResult(total / len(results), blame=blame, gradients=grads, violations=len(failed),
                          broken=failed if self.select_hard else [])


class HardConstraints(_ConstraintTerm):
    """Share of hard constraints violated (those the planner is told; ``include_hidden`` adds the rest)."""

    name = "hard_constraints"
    hard = True
    select_hard = True


class SoftConstraints(_ConstraintTerm):
    """Mean unmet fraction of soft constraints (preferences with partial credit)."""

    name = "soft_constraints"
    select_hard = False
