"""Engines: phase tagging, token ledger, provider engines, secrets, light imports."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from pivot_opt.engines import ScriptedEngine, make_engine
from pivot_opt.errors import EngineError


def test_ledger_counts_per_phase_and_failed_calls() -> None:
    engine = ScriptedEngine(["a" * 40, RuntimeError("boom")])
    with engine.phase("plan"):
        engine.complete("hello world")
    with pytest.raises(EngineError, match="engine 'scripted' failed: RuntimeError: boom"):
        engine.complete("again", phase="evolve")
    by_phase = engine.ledger.by_phase()
    assert by_phase["plan"] == 3 + 10 and by_phase["evolve"] == 0 and by_phase["verify"] == 0  # failed: no tokens
    summary = engine.ledger.summary()
    assert summary["calls"] == 2 and summary["failed_calls"] == 1
    assert engine.failures_in_row == 1 and engine.last_error is not None


def test_phase_tags_are_per_thread() -> None:
    engine = ScriptedEngine(["x"], repeat_last=True)
    seen = {}

    def worker() -> None:
        seen["phase"] = engine.current_phase

    with engine.phase("evolve"):
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert seen["phase"] == "other"


def test_scripted_dict_and_exhaustion_errors() -> None:
    engine = ScriptedEngine({"weather": "sunny"})
    assert engine.complete("what is the weather") == "sunny"
    with pytest.raises(EngineError, match="no answer for this prompt"):
        engine.complete("unrelated")
    with pytest.raises(EngineError, match="ran out of answers"):
        ScriptedEngine([]).complete("x")


def test_dspy_engine_reports_usage_and_never_keeps_the_key() -> None:
    from pivot_opt.engines import DSPyEngine

    class FakeLM:
        def __init__(self) -> None:
            self.history: list[dict] = []
            self.calls: list[dict] = []

        def __call__(self, messages: list, **kwargs: object) -> list[str]:
            self.calls.append({"messages": messages, **kwargs})
            self.history.append({"usage": {"prompt_tokens": 12, "completion_tokens": 3}})
            return ['{"steps": []}']

    lm = FakeLM()
    engine = DSPyEngine("openai/test-model", lm=lm, schema_mode="json_object")
    text = engine.complete("plan", schema={"type": "object"}, phase="plan", system="sys")
    assert text == '{"steps": []}'
    assert lm.calls[0]["response_format"] == {"type": "json_object", "schema": {"type": "object"}}
    assert lm.calls[0]["messages"][0] == {"role": "system", "content": "sys"}
    assert engine.ledger.by_phase()["plan"] == 15
    real = DSPyEngine("openai/test-model", api_key="sk-SECRET-123")
    assert "SECRET" not in repr(real) and "SECRET" not in str(vars(real).get("name"))


def test_dspy_engine_builds_a_real_dspy_lm() -> None:
    from pivot_opt.engines import DSPyEngine

    engine = DSPyEngine("openai/local", api_base="http://127.0.0.1:9/v1", api_key="x")
    import dspy

    assert isinstance(engine.lm, dspy.LM)
    with pytest.raises(EngineError, match="schema_mode"):
        DSPyEngine("openai/x", schema_mode="magic", lm=object())


def test_make_engine_rejects_unknown_specs() -> None:
    with pytest.raises(ValueError, match="unknown engine 'gpt'"):
        make_engine("gpt")
    with pytest.raises(ValueError, match="needs a model"):
        make_engine("dspy:")


def test_importing_pivot_opt_stays_light() -> None:
    code = ("import sys, pivot_opt, losses, optimizers, pivot_opt.engines, pivot_opt.envs.daytrip;"
            "print(sorted(m for m in ('textgrad', 'litellm', 'dspy', 'matplotlib', 'llama_cpp') if m in sys.modules))")
    light = subprocess.run([sys.executable, "-c", "import sys, pivot_opt, pivot_opt.engines, pivot_opt.envs.daytrip;"
                            "print(sorted(m for m in ('textgrad','litellm','dspy','matplotlib','llama_cpp')"
                            " if m in sys.modules))"], capture_output=True, text=True, check=True)
    assert light.stdout.strip() == "[]"
    full = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "litellm" not in full.stdout or "textgrad" in full.stdout  # losses need textgrad, never dspy
    assert "dspy" not in full.stdout and "llama_cpp" not in full.stdout
