"""PLAN: sample candidate trajectories from an engine under the environment's schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pivot_opt import planning_prompts as prompts
from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment, env_call
from pivot_opt.errors import EngineError, TrajectoryParseError
from pivot_opt.ledger import Phase
from pivot_opt.schemas import plan_schema
from pivot_opt.step import parse_steps
from pivot_opt.trajectory import Trajectory

__all__ = ["PlanFailure", "Planner", "SchemaPlanner"]


class Planner(Protocol):
    """Anything that turns (environment, sample index) into a trajectory."""

    def __call__(self, env: Environment, sample: int = 0) -> Trajectory: ...


class PlanFailure(TrajectoryParseError):
    """The planner's answer was not a plan; the message says what came back."""


class SchemaPlanner:
    """Asks the engine for a whole plan, decoding under the environment's step schema.

    Sample 0 is greedy; later samples use ``temperature`` and their own seed, so that
    PLAN's best-of-n has real diversity. A failed sample yields an empty trajectory (which
    INSPECT scores as the worst plan) and the reason in ``failures``; an answer of more than
    ``max_steps`` steps is a failed sample, not cut to fit.
    """

    def __init__(self, engine: Engine, *, max_steps: int = 12, temperature: float = 0.8, max_tokens: int = 700,
                 seed: int = 0, on_failure: Callable[[int, str], None] | None = None) -> None:
        self.engine = engine
        self.max_steps = max_steps
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.seed = seed
        self.failures: list[str] = []
        self.on_failure = on_failure

    def __call__(self, env: Environment, sample: int = 0) -> Trajectory:
        schema = plan_schema(env_call(env, "action_schema", [], 0), self.max_steps)
        prompt = prompts.PLAN.format(task=env_call(env, "describe"), max_steps=self.max_steps)
        try:
            text = self.engine.complete(prompt, system=prompts.SYSTEM, schema=schema, phase=Phase.PLAN,
                                        temperature=0.0 if sample == 0 else self.temperature,
                                        max_tokens=self.max_tokens, seed=self.seed + sample)
            steps = parse_steps(text, max_steps=self.max_steps)
        except (EngineError, TrajectoryParseError) as exc:
            reason = f"plan sample {sample} failed: {type(exc).__name__}: {exc}"
            self.failures.append(reason)
            if self.on_failure is not None:
                self.on_failure(sample, reason)
            steps = []
        return Trajectory(steps, task=env.task)
