"""What the baselines share: re-inspection, whole-plan rewrites, and the execution report.

Every baseline optimizer (TextGrad TGD, Self-Refine, Reflexion, Best-of-N) gets the same
engine, the same INSPECT and the same plan grammar as EVOLVE, so that the comparison
measures the method and not the plumbing. Whole plans are decoded under the environment's
plan schema when ``constrained`` is True (the default, as for PIVOT); with ``constrained``
False the model writes free text and a plan is parsed out of it, if there is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment, env_call
from pivot_opt.errors import ConfigError, EngineError, ExecutionError, TrajectoryParseError
from pivot_opt.ledger import Phase
from pivot_opt.loss import Loss
from pivot_opt.losses.constraints import check_constraints
from pivot_opt.schemas import plan_schema
from pivot_opt.step import Step, parse_steps
from pivot_opt.trajectory import Trajectory

from .base import CandidateRecord, Optimizer, StepReport
from .edits import proposal_limit

__all__ = ["BaselineOptimizer", "PhaseAs", "execution_report"]

Inspector = Callable[[Trajectory, Environment], Loss]


def execution_report(loss: Loss, trajectory: Trajectory, env: Environment) -> str:
    """What the environment says about a plan, as an agent would see it (hidden constraints left out).

    One line per executed step (outcome and the environment's message), then each visible
    requirement that is unmet. It is whole-plan feedback: nothing is ranked or localised.
    """
    if loss.error or loss.trace is None:
        return f"The plan could not be executed: {loss.error or 'no trace'}"
    steps = trajectory.steps
    lines = ["Execution, step by step:"]
    for result in loss.trace.steps:
        step = steps[result.index].render() if result.index < len(steps) else "?"
        detail = result.error or result.observation
        lines.append(f"{result.index}. {step} -> {result.status.value}" + (f": {detail}" if detail else ""))
    if not loss.trace.steps:
        lines.append("(the plan has no steps)")
    visible = [c for c in env_call(env, "constraints") if not c.hidden]
    unmet = [f"- {c.name}: {r.reason or c.description}" for c, r in check_constraints(visible, loss.trace, trajectory)
             if r.value > 0]
    lines.append("Unmet requirements:" if unmet else "Every stated requirement is met.")
    lines.extend(unmet)
    return "\n".join(lines)


class PhaseAs(Engine):
    """``inner`` with every call booked under ``phase``, whatever phase the caller names.

    Lets a baseline reuse a component that tags its own calls (PLAN's planners say ``plan``)
    while its tokens land where the method spends them. Calls go to ``inner`` and its ledger.
    """

    def __init__(self, inner: Engine, phase: Phase | str) -> None:
        super().__init__(ledger=inner.ledger)
        self.inner = inner
        self.forced = Phase(phase)
        self.name = inner.name
        self.supports_schema = inner.supports_schema

    def complete(self, prompt: str, **kwargs: Any) -> str:
        kwargs["phase"] = self.forced
        return self.inner.complete(prompt, **kwargs)

    def _generate(self, prompt: str, **kwargs: Any) -> Any:  # never reached: complete() delegates
        raise NotImplementedError


class BaselineOptimizer(Optimizer):
    """Shared plumbing of the baselines (see module docstring).

    Args:
        params: trajectories to refine (Pivot passes one).
        engine: the model; every call is tagged phase ``evolve``.
        inspect / env: how to score plans; default: those of the parameter's last loss.
        constrained: decode whole plans under the environment's plan schema.
        max_steps / growth: a rewrite has at most ``len(plan) + growth`` steps, growth capped by
            ``max_steps`` (EVOLVE's limit, :meth:`optimizers.Evolve.limit`); a longer one is
            rejected, never cut.
        temperature / max_tokens / seed: sampling of the rewrites.
    """

    radius = "rewrite"

    def __init__(
        self,
        params: Iterable[Trajectory],
        engine: Engine,
        *,
        inspect: Inspector | None = None,
        env: Environment | None = None,
        constrained: bool = True,
        max_steps: int | None = None,
        growth: int = 3,
        temperature: float = 0.7,
        max_tokens: int = 600,
        seed: int = 0,
    ) -> None:
        super().__init__(params)
        if max_steps is not None and max_steps < 1:
            raise ConfigError(f"max_steps must be >= 1 or None, got {max_steps}")
        self.engine = engine
        self.inspect = inspect
        self.env = env
        self.constrained = constrained
        self.max_steps = max_steps
        self.growth = growth
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.seed = seed
        self.state["steps_taken"] = 0

    # -- the step ------------------------------------------------------------------------
    def step(self) -> StepReport:
        report = None
        for param in self.params:
            loss = self._current_loss(param)
            with self.engine.phase(Phase.EVOLVE):
                report = self._step_one(param, loss)
            self.reports.append(report)
        self.state["steps_taken"] += 1
        assert report is not None
        return report

    def _step_one(self, param: Trajectory, loss: Loss) -> StepReport:
        raise NotImplementedError

    # -- helpers for subclasses ----------------------------------------------------------
    def _scorer(self, param: Trajectory) -> tuple[Inspector, Environment]:
        last = param.last_loss
        inspect = self.inspect or (last.inspector if last is not None else None)
        env = self.env or (last.env if last is not None else None)
        if inspect is None or env is None:
            raise ConfigError(f"{type(self).__name__} needs inspect= and env= (or a parameter inspected by "
                              "losses.Composite first)")
        return inspect, env

    def _current_loss(self, param: Trajectory) -> Loss:
        """The parameter's loss for its current value (inspected again only if stale)."""
        last = param.last_loss
        if last is not None and last.plan_text == param.value:
            return last
        inspect, env = self._scorer(param)
        loss = inspect(param, env)
        param.last_loss = loss
        return loss

    def step_limit(self, steps: Sequence[Step]) -> int:
        return proposal_limit(steps, self.growth, self.max_steps)

    def sample_settings(self, sample: int = 0) -> tuple[float, int]:
        """(temperature, seed) of a call: the first call of a run is greedy, later ones sample."""
        k = self.state["steps_taken"]
        greedy = k == 0 and sample == 0
        return (0.0 if greedy else self.temperature), self.seed + 1000 * k + sample

    def write_plan(self, prompt: str, system: str, env: Environment, limit: int, sample: int = 0,
                   max_tokens: int | None = None) -> list[Step]:
        """Ask for a whole plan; raises EngineError / TrajectoryParseError when there is none."""
        temperature, seed = self.sample_settings(sample)
        schema: dict[str, Any] | None = None
        if self.constrained:
            schema = plan_schema(env_call(env, "action_schema", [], 0), limit)
        text = self.engine.complete(prompt, system=system, schema=schema, temperature=temperature,
                                    max_tokens=max_tokens or self.max_tokens, seed=seed)
        return parse_steps(text, max_steps=limit)

    def score(self, param: Trajectory, steps: Sequence[Step]) -> Loss | str:
        """INSPECT a candidate plan; a string says why it could not be scored."""
        inspect, env = self._scorer(param)
        try:
            loss = inspect(param.with_steps(list(steps)), env)
        except ExecutionError as exc:
            return f"environment failed: {exc}"
        return loss.error or loss

    def take(self, param: Trajectory, steps: Sequence[Step], loss: Loss) -> None:
        """Write ``steps`` into the parameter and keep their (fresh) loss as ``last_loss``."""
        param.set_value(list(steps))
        param.zero_grad()
        loss.trajectory = param
        param.last_loss = loss

    def commit(self, param: Trajectory, report: StepReport, steps: Sequence[Step], loss: Loss, changed: int,
               reason: str) -> StepReport:
        """Take a scored plan without an acceptance test, and say so in the report."""
        self.take(param, steps, loss)
        report.candidates.append(self.record(self.radius, True, reason, loss, changed))
        report.accepted = True
        report.radius = self.radius
        report.loss_after = loss.total
        report.reason = reason
        return report

    def rewrite(self, param: Trajectory, report: StepReport, prompt: str, system: str, env: Environment,
                limit: int, *, what: str, taken: str) -> StepReport:
        """Ask for a whole new plan and take it if it runs; ``what`` names it in the report's reasons."""
        try:
            steps = self.write_plan(prompt, system, env, limit)
        except (EngineError, TrajectoryParseError) as exc:
            report.candidates.append(self.record(self.radius, False, "rejected: no valid plan", error=str(exc)))
            report.reason = f"{what} was not a plan; kept the current plan"
            return report
        changed = len(param.diff(steps))
        scored = self.score(param, steps)
        if isinstance(scored, str):
            report.candidates.append(self.record(self.radius, False, "rejected: invalid plan", changed=changed,
                                                 error=scored))
            report.reason = f"{what} could not be executed; kept the current plan"
            return report
        return self.commit(param, report, steps, scored, changed, taken)

    @staticmethod
    def record(radius: str, accepted: bool, reason: str, loss: Loss | None = None, changed: int = 0,
               error: str = "") -> CandidateRecord:
        return CandidateRecord(radius, accepted, reason, total=loss.total if loss is not None else None,
                               hard_violations=loss.hard_violations if loss is not None else None,
                               changed_steps=changed, error=error)
