"""Shared helpers of the travel environment tests: cached environments and a scripted chooser."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from pivot_opt.engines import ScriptedEngine
from pivot_opt.envs.travel import load_database, load_tasks
from pivot_opt.envs.travel.environment import TravelEnv

DATA = Path(__file__).parent / "data"
#: (seed, days) of generated tasks covering every trip length; the tests run on all of them.
CASES = [(11, 2), (12, 3), (13, 4), (14, 5), (15, 6), (16, 7), (0, None), (3, None), (5, None), (10, None)]


@functools.cache
def fixture_env(task_id: str = "9001") -> TravelEnv:
    """The hand-written fixture task (Hefei -> Nanjing, 3 days) and its database."""
    task = next(t for t in load_tasks(DATA / "tasks.json") if t.id == task_id)
    return TravelEnv(task, load_database(DATA / "id_9001"), source="fixture")


@functools.cache
def generated_env(seed: int, days: int | None = None) -> TravelEnv:
    return TravelEnv.generated(seed, days)


def first_choice(prompt: str, schema: Any) -> str:
    """A scripted model that always picks the first option of every enum (lists: the first n)."""
    out: dict[str, Any] = {}
    for key, spec in (schema or {}).get("properties", {}).items():
        if spec.get("type") == "array":
            out[key] = spec["items"]["enum"][: spec.get("minItems", 1)]
        else:
            out[key] = spec["enum"][0]
    return json.dumps(out)


def chooser() -> ScriptedEngine:
    return ScriptedEngine(first_choice)


def plan_9001_text() -> str:
    return (DATA / "plan_9001.txt").read_text(encoding="utf-8")
