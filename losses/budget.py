"""Budget: how far the plan's spend exceeds the task's budget, relative to the budget."""

from __future__ import annotations

from pivot_opt.environment import Environment, ExecutionTrace
from pivot_opt.trajectory import Trajectory

from .base import LossTerm, TermResult

__all__ = ["Budget"]


class Budget(LossTerm):
    """``max(0, spend - budget) / budget``, reading the running state the environment reports.

    The environment reports ``state[spend_key]`` after each step and ``final_state[budget_key]``;
    the step at which the spend first exceeds the budget is blamed, with the costliest steps
    up to there. Without a budget in the final state, the term is 0.
    """

    name = "budget"
    hard = True

    def __init__(self, weight: float = 1.0, spend_key: str = "spend", budget_key: str = "budget",
                 name: str | None = None) -> None:
        super().__init__(weight, name)
        self.spend_key = spend_key
        self.budget_key = budget_key

    def evaluate(self, trace: ExecutionTrace, trajectory: Trajectory, env: Environment) -> TermResult:
        budget = trace.final_state.get(self.budget_key)
        spend = trace.final_state.get(self.spend_key)
        if budget is None or spend is None or float(budget) <= 0 or spend <= budget:
            return TermResult(0.0)
        over = float(spend) - float(budget)
        costs: list[tuple[float, int]] = []
        previous = 0.0
        crossing = None
        for s in trace.steps:
            current = float(s.state.get(self.spend_key, previous))
            costs.append((current - previous, s.index))
            if crossing is None and current > budget:
                crossing = s.index
            previous = current
        ranked = sorted((c for c in costs if c[0] > 0), reverse=True)[:2]
        blame = sorted({i for _, i in ranked} | ({crossing} if crossing is not None else set()))
        return TermResult(
            value=over / float(budget),
            blame=blame,
            feedback=f"spend {spend:g} exceeds the budget {budget:g} by {over:g}; choose cheaper options",
            evidence=", ".join(f"step {i} costs {c:g}" for c, i in ranked),
            violations=1,
        )
