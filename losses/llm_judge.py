"""LLMJudge: an optional term that asks a model to grade the plan (costs tokens)."""

from __future__ import annotations

import math

from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment, ExecutionTrace, env_call
from pivot_opt.errors import EngineError, TermError
from pivot_opt.gradients import Gradient
from pivot_opt.safe_text import fence
from pivot_opt.trajectory import Trajectory
from pivot_opt.untrusted import loads_untrusted

from .base import LossTerm, TermResult
from .llm_judge_prompts import JUDGE_PROMPT, JUDGE_SCHEMA

__all__ = ["LLMJudge"]


class LLMJudge(LossTerm):
    """``1 - score/10`` from a model's grade of the executed plan, blaming the step it names.

    The judge answers under a JSON schema. A failing engine, or an answer that does not parse
    or has no usable score, raises :class:`~pivot_opt.errors.TermError`: INSPECT marks that
    candidate's loss as errored (total = inf), so a judge that fails never grades a plan
    perfect and never "improves" it. The plan and trace reach the judge fenced as data.
    """

    name = "llm_judge"

    def __init__(self, engine: Engine, rubric: str = "Is the plan feasible, complete and efficient for the task?",
                 weight: float = 1.0, name: str | None = None, max_tokens: int = 200) -> None:
        super().__init__(weight, name)
        self.engine = engine
        self.rubric = rubric
        self.max_tokens = max_tokens

    def evaluate(self, trace: ExecutionTrace, trajectory: Trajectory, env: Environment) -> TermResult:
        observations = "\n".join(
            f"{s.index}. {s.status.value}: {s.error or s.observation}" for s in trace.steps
        )
        prompt = JUDGE_PROMPT.format(task=env_call(env, "describe"), plan=fence(trajectory.to_text(), "plan"),
                                     trace=fence(observations, "trace"), rubric=self.rubric)
        try:
            raw = self.engine.complete(prompt, schema=JUDGE_SCHEMA, phase="inspect", max_tokens=self.max_tokens)
            data = loads_untrusted(raw)
            score = float(data["score"])
            step = data.get("step")
            feedback = data.get("feedback", "")
            feedback = feedback.strip() if isinstance(feedback, str) else ""
        except (EngineError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TermError(f"loss term {self.name!r}: the judge gave no usable grade "
                            f"({type(exc).__name__}: {str(exc)[:160]})") from exc
        if not math.isfinite(score):
            raise TermError(f"loss term {self.name!r}: the judge's score {data['score']!r} is not a finite number")
        score = min(10.0, max(0.0, score))
        value = 1.0 - score / 10.0
        valid_step = step if isinstance(step, int) and not isinstance(step, bool) and 0 <= step < len(trace.steps) \
            else None
        grads = [Gradient(self.name, feedback or "the judge found the plan lacking", step=valid_step,
                          weight=self.weight)] if value > 0 else []
        return TermResult(value, blame=[valid_step] if valid_step is not None else [], feedback=feedback,
                          gradients=grads)
