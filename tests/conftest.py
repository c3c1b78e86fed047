"""Shared fixtures: a seeded built-in environment, scripted engines, quiet textgrad logs."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from typing import Any

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
# dspy's response cache is on by default and lives on disk: each test session gets its own,
# so that no answer cached by an earlier session (or by the user) replaces a test's request.
os.environ["DSPY_CACHEDIR"] = tempfile.mkdtemp(prefix="pivot-test-dspy-cache-")
atexit.register(shutil.rmtree, os.environ["DSPY_CACHEDIR"], True)


@pytest.fixture(autouse=True)
def _textgrad_logs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """textgrad writes a log file on import; keep it out of the repository."""
    monkeypatch.setenv("TEXTGRAD_LOG_DIR", str(tmp_path_factory.getbasetemp() / "textgrad-logs"))


@pytest.fixture
def env() -> Any:
    from pivot_opt.envs.daytrip import DayTripEnv

    return DayTripEnv(seed=7)


def step(action: str, **args: Any) -> dict[str, Any]:
    return {"action": action, "args": args}


def plan_json(steps: list[dict[str, Any]]) -> str:
    return json.dumps({"steps": steps})


def edit_json(op: str, s: dict[str, Any] | None = None) -> str:
    return json.dumps({"op": op, "step": s or step("return")})


@pytest.fixture
def helpers() -> Callable[..., Any]:
    class H:
        step = staticmethod(step)
        plan_json = staticmethod(plan_json)
        edit_json = staticmethod(edit_json)

    return H
