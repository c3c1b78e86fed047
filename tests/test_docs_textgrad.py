"""The textgrad page runs as written (issue point 6), with a scripted stand-in for the embedded model.

The stand-in answers like a small model: TGD's update without the tags TGD asks for.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "textgrad.md"


class SmallModel:
    """Answers by what textgrad asks; never writes ``<IMPROVED_VARIABLE>`` tags."""

    def __init__(self, reference: list[dict[str, Any]]) -> None:
        self.plan = json.dumps({"steps": reference})
        self.short = json.dumps({"steps": reference[:-1]})
        self.calls: list[tuple[str, str]] = []

    def __call__(self, prompt: str, schema: Any) -> str:
        kind = self._kind(prompt)
        self.calls.append((kind, prompt))
        return {
            "update-plan": self.plan,
            "update-text": "Plan a day trip that visits every must-see place and ends with return().",
            "plan": self.short,
            "rewrite": "- ask for a final return() step",
            "backward": "The system prompt should say that a plan ends with return().",
        }[kind]

    @staticmethod
    def _kind(prompt: str) -> str:
        if "sending the improved variable between" in prompt:
            return "update-plan" if "agent plan: a JSON list" in prompt else "update-text"
        if prompt.startswith("You plan day trips"):
            return "plan"
        if prompt.startswith("You are giving feedback to improve a variable"):
            return "rewrite"
        return "backward"


@pytest.fixture
def doc(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    import pivot_opt.engines
    from pivot_opt.engines import ScriptedEngine
    from pivot_opt.envs.daytrip import DayTripEnv

    model = SmallModel(DayTripEnv(seed=7).spec.reference)
    monkeypatch.setattr(pivot_opt.engines, "LocalEngine", lambda: ScriptedEngine(model), raising=False)
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 3
    namespace: dict[str, Any] = {"model": model}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    namespace["out"] = capsys.readouterr().out
    return namespace


def test_plain_tgd_with_an_untagged_small_model_steps_the_trajectory(doc: dict[str, Any]) -> None:
    assert doc["loss"].hard_violations > 0 and doc["after"].is_zero  # TGD wrote the returned plan
    assert doc["traj"].steps[-1].action == "return"
    assert doc["engine"].ledger.by_phase()["evolve"] > 0


def test_feedback_reaches_an_instruction_and_a_blackbox_llms_system_prompt(doc: dict[str, Any]) -> None:
    assert "The plan produced from this variable has these problems" in doc["out"]
    assert doc["instruction"].value.endswith("ends with return().")  # TGD improved the instruction
    # textgrad's backward through LLMCall wrote the system prompt's feedback from the answer's
    assert "a plan ends with return()" in doc["out"]
    kinds = [k for k, _ in doc["model"].calls]
    assert kinds.index("rewrite") < kinds.index("backward")
    assert doc["system"].value != "You plan day trips. Answer with the plan as JSON."
    assert doc["engine"].ledger.by_phase()["inspect"] > 0


def test_the_adapter_tags_an_untagged_update_and_keeps_a_tagged_one() -> None:
    from pivot_opt.engines import ScriptedEngine, TextGradEngine
    from pivot_opt.engines.textgrad_adapter import asked_tags

    system = "You MUST give your response by sending the improved variable between <X> {improved variable} </X> tags."
    assert asked_tags(system) == ("<X>", "</X>") and asked_tags("plain system prompt") is None
    for answer, expect in (("plan", "<X>plan</X>"), ("ok <X>plan</X> bye", "ok <X>plan</X> bye"),
                           ("<X>cut off", "<X>cut off</X>")):
        assert TextGradEngine(ScriptedEngine([answer]))("p", system_prompt=system) == expect
    assert TextGradEngine(ScriptedEngine(["free text"]))("p", system_prompt="judge this") == "free text"


def test_tgd_steps_a_trajectory_after_its_own_zero_grad(env: Any) -> None:
    """``Trajectory.zero_grad`` (textgrad's ``reset_gradients``) leaves a plain context dict: still steppable."""
    import textgrad as tg

    from pivot_opt import Trajectory, losses
    from pivot_opt.engines import ScriptedEngine

    traj = Trajectory(env.spec.reference[:-1], task=env.task)
    traj.zero_grad()
    losses.Composite()(traj, env).backward()
    engine = ScriptedEngine([json.dumps({"steps": env.spec.reference})])
    tg.TGD([traj], engine=engine.as_textgrad()).step()
    assert traj.steps[-1].action == "return"
