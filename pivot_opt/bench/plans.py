"""PLAN once per task and seed, shared by every method; replayed with its token cost.

Each method must start from the same initial plan, and PLAN is the same for all of them, so
it runs once: the samples and what each cost are stored, and :class:`ReplayPlanner` hands
them to ``Pivot`` while recording the same tokens in the run's ledger. Every method is
charged for exactly the PLAN samples it uses (``no-plan`` for one, the others for all).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from pivot_opt.bench.config import Settings, TaskRef, read_json, write_json_atomic
from pivot_opt.bench.engines import LedgerView, engine_for_thread
from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment, prepare_env
from pivot_opt.errors import ConfigError, EngineError
from pivot_opt.ledger import LedgerEntry, Phase
from pivot_opt.step import parse_steps
from pivot_opt.trajectory import Trajectory

__all__ = ["ReplayPlanner", "compute_plans", "load_plans", "plan_path"]


def plan_path(out: str | Path, ref: TaskRef, seed: int) -> Path:
    return Path(out) / "plans" / ref.slug / f"s{seed}.json"


def load_plans(out: str | Path, ref: TaskRef, seed: int, n_plans: int) -> dict[str, Any] | None:
    data = read_json(plan_path(out, ref, seed))
    if not isinstance(data, dict) or len(data.get("samples", [])) < n_plans:
        return None
    return data


def compute_plans(ref: TaskRef, seed: int, settings: Settings) -> dict[str, Any]:
    """Run PLAN's ``n_plans`` samples for one task and seed and store them (skipped when stored)."""
    from pivot_opt.planning import SchemaPlanner

    found = load_plans(settings.out, ref, seed, settings.n_plans)
    if found is not None:
        return found
    env = ref.make()
    engine = LedgerView(engine_for_thread(settings.engine, dict(settings.engine_options)))
    reading = _read_task(env, engine)
    _check_engine(engine, "the task reading")
    default = getattr(env, "default_planner", None)  # an environment may name its own PLAN, as in Pivot
    planner = default(engine) if callable(default) else SchemaPlanner(engine)
    if hasattr(planner, "seed"):
        planner.seed = seed
    samples = []
    for k in range(settings.n_plans):
        before = len(engine.ledger)
        start = time.perf_counter()
        traj = planner(env, k)
        samples.append({"sample": k, "plan": traj.value, **_spent_since(engine, before, start)})
        _check_engine(engine, f"PLAN sample {k}")
    data = {"env": ref.env, "task": ref.task, "seed": seed, "engine": engine.name, "samples": samples,
            "failures": list(getattr(planner, "failures", []))}
    if reading is not None:
        data["reading"] = reading
    write_json_atomic(plan_path(settings.out, ref, seed), data)
    return data


def _check_engine(engine: Engine, where: str, max_failures: int = 3) -> None:
    """Raise when the engine is down (a refused key, or ``max_failures`` calls in a row failed).

    PLAN samples of a dead engine are not plans: they must not be stored and shared by every
    method, but reported, so that the sweep records the error and tries this task again.
    """
    error = engine.last_error
    if error is not None and engine.failures_in_row and (error.fatal or engine.failures_in_row >= max_failures):
        hint = f"; {error.hint}" if error.hint else ""
        raise EngineError(f"engine failed in {where}: {error}{hint}")


def _read_task(env: Environment, engine: Engine) -> dict[str, Any] | None:
    """Let the environment read its task with the engine (as ``Pivot`` does); the reading to share, if any.

    An engine-backed reading is stored with the PLAN samples so that every method of the sweep
    starts from the same reading and is charged its tokens, as with PLAN.
    """
    before = len(engine.ledger)
    start = time.perf_counter()
    if not prepare_env(env, engine) or len(engine.ledger) == before or not hasattr(env, "restore_reading"):
        return None
    stated = (getattr(env.task, "data", None) or {}).get("stated")
    return None if stated is None else {"stated": stated, **_spent_since(engine, before, start)}


def _spent_since(engine: Engine, before: int, start: float) -> dict[str, Any]:
    """Seconds and tokens of the ledger entries after the first ``before`` (what ReplayPlanner charges)."""
    entries = engine.ledger.entries[before:]
    return {"seconds": time.perf_counter() - start, "prompt_tokens": sum(e.prompt_tokens for e in entries),
            "completion_tokens": sum(e.completion_tokens for e in entries)}


def restore_reading(env: Environment, plans: dict[str, Any]) -> None:
    """Give ``env`` the reading stored with its PLAN samples (no-op when there is none)."""
    reading = plans.get("reading")
    if reading and hasattr(env, "restore_reading"):
        env.restore_reading(reading["stated"])


class ReplayPlanner:
    """A ``Pivot`` planner that returns stored samples and charges their tokens to ``engine``'s ledger.

    A stored reading of the task (``reading``) is charged with the first sample.
    """

    def __init__(self, samples: list[dict[str, Any]], engine: Engine, reading: dict[str, Any] | None = None) -> None:
        self.samples = samples
        self.engine = engine
        self.seconds = 0.0
        self._unpaid = [reading] if reading else []

    def _charge(self, item: dict[str, Any]) -> None:
        self.engine.ledger.record(LedgerEntry(phase=Phase.PLAN.value, engine=self.engine.name,
                                              prompt_tokens=int(item["prompt_tokens"]),
                                              completion_tokens=int(item["completion_tokens"]),
                                              seconds=float(item["seconds"])))
        self.seconds += float(item["seconds"])

    def __call__(self, env: Environment, sample: int = 0) -> Trajectory:
        if sample >= len(self.samples):
            raise ConfigError(f"only {len(self.samples)} stored PLAN samples, sample {sample} was asked for")
        while self._unpaid:
            self._charge(self._unpaid.pop())
        item = self.samples[sample]
        self._charge(item)
        return Trajectory(parse_steps(item["plan"]), task=env.task)
