"""The README's Python loop runs as written (with a scripted engine standing in for the local model)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_loop_runs_and_verifies(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import pivot_opt.engines
    from pivot_opt.engines import ScriptedEngine
    from pivot_opt.envs.daytrip import DayTripEnv

    reference = DayTripEnv(seed=7).spec.reference
    answers = [json.dumps({"op": "insert", "step": s}) for s in reference]
    monkeypatch.setattr(pivot_opt.engines, "LocalEngine", lambda: ScriptedEngine(answers, repeat_last=True),
                        raising=False)
    block = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)[0]
    namespace: dict[str, object] = {}
    exec(compile(block, str(README), "exec"), namespace)
    out = capsys.readouterr().out
    assert "loss=" in out and "VERIFY: PASS" in out
