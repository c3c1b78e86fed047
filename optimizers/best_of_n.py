"""Best-of-N: draw fresh plans from PLAN and keep the best one by the same evaluator (INSPECT).

Choices, and why: samples come from PLAN itself (the environment's own planner when it
names one, as ``Pivot`` does, else :class:`~pivot_opt.planning.SchemaPlanner`), so they
follow the distribution the initial plan came from; their calls are booked under
``evolve``. No feedback reaches the model. Each step draws ``samples_per_step`` plans with
sample indices that never repeat PLAN's (so each has its own seed and temperature) and
keeps the lowest-loss plan seen (strictly lower, so the loss never rises). Over k
iterations that is ``n_plans + k * samples_per_step`` samples in all: N grows with the
budget, which is what makes token-matched comparisons fair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment
from pivot_opt.errors import ConfigError, EngineError, TrajectoryParseError
from pivot_opt.ledger import Phase
from pivot_opt.loss import Loss
from pivot_opt.step import Step
from pivot_opt.trajectory import Trajectory

from .base import CandidateRecord, StepReport
from .baseline import BaselineOptimizer, PhaseAs

__all__ = ["BestOfN"]

Planner = Callable[[Environment, int], Trajectory]


class BestOfN(BaselineOptimizer):
    """Best-of-N sampling behind the ``Optimizer`` interface (see module docstring).

    Args:
        samples_per_step: plans drawn per ``step()``.
        planner: a PLAN callable ``(env, sample) -> Trajectory`` (default: see module docstring).
        first_sample: index of the first sample drawn (PLAN's own samples come before it).
        Other arguments: see :class:`~optimizers.baseline.BaselineOptimizer`.
    """

    radius = "sample"

    def __init__(self, params: Iterable[Trajectory], engine: Engine, *, samples_per_step: int = 2,
                 planner: Planner | None = None, first_sample: int = 10, **kwargs: Any) -> None:
        super().__init__(params, engine, **kwargs)
        if samples_per_step < 1:
            raise ConfigError(f"samples_per_step must be >= 1, got {samples_per_step}")
        self.samples_per_step = samples_per_step
        self.planner = planner
        self.first_sample = first_sample

    def _planner(self, env: Environment) -> Planner:
        if self.planner is None:
            engine = PhaseAs(self.engine, Phase.EVOLVE)
            default = getattr(env, "default_planner", None)
            if callable(default):
                self.planner = default(engine)
            else:
                from pivot_opt.planning import SchemaPlanner

                self.planner = SchemaPlanner(engine)
            if hasattr(self.planner, "seed"):
                self.planner.seed = self.seed
        return self.planner

    def _step_one(self, param: Trajectory, loss: Loss) -> StepReport:
        report = StepReport(accepted=False, loss_before=loss.total, loss_after=loss.total)
        _, env = self._scorer(param)
        planner = self._planner(env)
        best: tuple[list[Step], Loss, CandidateRecord] | None = None
        for j in range(self.samples_per_step):
            sample = self.first_sample + self.state["steps_taken"] * self.samples_per_step + j
            failures = list(getattr(planner, "failures", []))
            try:
                steps = planner(env, sample).steps
            except (EngineError, TrajectoryParseError) as exc:
                report.candidates.append(self.record(self.radius, False, "rejected: no valid plan", error=str(exc)))
                continue
            new = list(getattr(planner, "failures", []))[len(failures):]
            if new and not steps:  # PLAN reports a failed sample as an empty plan: nothing to score
                report.candidates.append(self.record(self.radius, False, "rejected: no valid plan", error=new[-1]))
                continue
            scored = self.score(param, steps)
            if isinstance(scored, str):
                report.candidates.append(self.record(self.radius, False, "rejected: invalid plan", error=scored))
                continue
            record = self.record(self.radius, False, "", scored, len(param.diff(steps)))
            report.candidates.append(record)
            current = best[1].total if best is not None else loss.total
            if scored.total < current:
                record.reason = f"best so far ({current:.4f} -> {scored.total:.4f})"
                best = (steps, scored, record)
            else:
                record.reason = f"not better than the best so far ({current:.4f})"
        if best is None:
            report.reason = f"no sample beat the current plan out of {len(report.candidates)}"
            return report
        best[2].accepted = True
        self.take(param, best[0], best[1])
        report.accepted = True
        report.radius = self.radius
        report.loss_after = best[1].total
        report.reason = f"kept the best of {len(report.candidates)} samples"
        return report
