"""A deterministic stand-in model for DayTrip, to smoke-test sweeps, baselines and HITL without a model.

``daytrip_engine()`` is a :class:`~pivot_opt.engines.ScriptedEngine` that reads the task from
the prompt and answers like a weak but teachable planner: PLAN gets a poor plan (first must-
visit, then return) for its first ``bad_plans`` calls per task; plan rewrites get the task's
reference plan; single edits insert the first reference step missing from the plan shown;
Self-Refine's critique says the plan is not good; anything else gets a short critique.
It is for tests and dry runs of the machinery: its numbers mean nothing.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from pivot_opt.engines.scripted import ScriptedEngine
from pivot_opt.step import Step

__all__ = ["DayTripScript", "daytrip_engine"]


class DayTripScript:
    """The script behind :func:`daytrip_engine` (a ``(prompt, schema) -> str`` callable)."""

    def __init__(self, bad_plans: int = 3, max_seed: int = 60) -> None:
        self.bad_plans = bad_plans
        self.max_seed = max_seed
        self._tasks: list[tuple[str, Any]] | None = None
        self._plan_calls: dict[str, int] = {}
        self._lock = threading.Lock()

    def _task(self, prompt: str) -> Any:
        from pivot_opt.envs.daytrip import DayTripEnv

        if self._tasks is None:
            envs = [DayTripEnv(seed=k) for k in range(self.max_seed)]
            self._tasks = [(e.task.query, e.spec) for e in envs]
        for query, spec in self._tasks:
            if query in prompt:
                return spec
        raise ValueError(f"the DayTrip script knows daytrip seeds 0-{self.max_seed - 1} only; prompt: {prompt[:120]!r}")

    def __call__(self, prompt: str, schema: Any) -> str:
        props = (schema or {}).get("properties", {}) if isinstance(schema, dict) else {}
        if "plan_is_good" in props:
            return json.dumps({"critique": "Step 1 ends the day before every must-visit place is seen.",
                               "plan_is_good": False})
        if schema is None:
            return "The plan misses a must-visit place and lunch; add them before return()."
        spec = self._task(prompt)
        reference = [Step.from_dict(s) for s in spec.reference]
        if "op" in props:
            missing = next((s for s in reference if s.render() not in prompt), reference[0])
            return json.dumps({"op": "insert", "step": missing.to_dict()})
        if "Write the complete plan as" in prompt:
            with self._lock:
                n = self._plan_calls.get(spec.id, 0)
                self._plan_calls[spec.id] = n + 1
            if n < self.bad_plans:
                poor = [{"action": "visit", "args": {"place": spec.must_visit[0]}}, {"action": "return", "args": {}}]
                return json.dumps({"steps": poor})
        return json.dumps({"steps": spec.reference})


def daytrip_engine(bad_plans: int = 3) -> ScriptedEngine:
    """A fresh scripted engine for DayTrip tasks (see module docstring)."""
    return ScriptedEngine(DayTripScript(bad_plans))
