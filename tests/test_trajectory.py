"""Trajectory is a real textgrad Variable: textgrad's graph and optimizer work on it."""

from __future__ import annotations

import textgrad as tg

from pivot_opt import Step, Trajectory
from pivot_opt.engines import ScriptedEngine


def _traj(**kw: object) -> Trajectory:
    return Trajectory([Step("visit", {"place": "A"}), Step("eat", {"restaurant": "R"}), Step("return")], **kw)


def test_is_a_textgrad_variable_and_shows_its_full_value() -> None:
    traj = _traj()
    assert isinstance(traj, tg.Variable)
    long = Trajectory([Step("visit", {"place": f"P{i}"}) for i in range(40)])
    assert long.get_short_value() == long.value
    assert "P39" in long.get_short_value()


def test_value_and_steps_stay_in_sync() -> None:
    traj = _traj()
    traj.set_value([Step("return")])
    assert traj.steps == [Step("return")]
    traj.value = '{"steps": [{"action": "visit", "args": {"place": "B"}}]}'
    assert traj.steps == [Step("visit", {"place": "B"})]
    traj.set_value("not a plan")
    assert not traj.is_parsable()
    assert traj.value == "not a plan"


def test_diff_names_changed_steps() -> None:
    old = _traj()
    new = [Step("visit", {"place": "A"}), Step("visit", {"place": "B"}), Step("eat", {"restaurant": "R"}),
           Step("return")]
    changes = old.diff(new)
    assert [(c.kind, c.index) for c in changes] == [("inserted", 1)]
    replaced = old.diff([Step("visit", {"place": "Z"}), Step("eat", {"restaurant": "R"}), Step("return")])
    assert [(c.kind, c.index, c.before, c.after) for c in replaced] == [
        ("replaced", 0, Step("visit", {"place": "A"}), Step("visit", {"place": "Z"}))
    ]
    assert old.diff(old) == []


def test_textgrad_own_optimizer_steps_a_trajectory(env) -> None:  # type: ignore[no-untyped-def]
    from pivot_opt import losses

    traj = Trajectory([Step("visit", {"place": "Nowhere"})], task=env.task)
    loss = losses.Composite()(traj, env)
    loss.backward()
    improved = '{"steps": [{"action": "visit", "args": {"place": "Amber Gallery"}}, {"action": "return", "args": {}}]}'
    engine = ScriptedEngine([f"<IMPROVED_VARIABLE>{improved}</IMPROVED_VARIABLE>"])
    opt = tg.TGD(parameters=[traj], engine=engine.as_textgrad())
    opt.step()
    assert traj.steps == [Step("visit", {"place": "Amber Gallery"}), Step("return")]
    prompt = engine.prompts[0]
    assert "unknown attraction 'Nowhere'" in prompt  # our gradient text reached textgrad's prompt
    assert engine.ledger.by_phase()["evolve"] > 0


def test_backward_reaches_upstream_variables(env) -> None:  # type: ignore[no-untyped-def]
    from pivot_opt import losses

    prompt = tg.Variable("Plan my day.", requires_grad=True, role_description="planner instruction")
    frozen = tg.Variable("system text", requires_grad=False, role_description="fixed system prompt")
    traj = Trajectory([Step("visit", {"place": "Nowhere"})], task=env.task, predecessors=[prompt, frozen])
    losses.Composite()(traj, env).backward()
    assert len(traj.gradients) == 1
    assert traj.structured_gradients and traj.structured_gradients[0].step == 0
    (grad,) = prompt.gradients
    assert "unknown attraction 'Nowhere'" in grad.value
    assert not frozen.gradients
    upstream = ScriptedEngine(["- name real places only"])
    prompt.reset_gradients()
    losses.Composite()(traj, env).backward(engine=upstream)
    assert next(iter(prompt.gradients)).value == "- name real places only"
    assert upstream.ledger.by_phase()["inspect"] > 0


def test_zero_grad_clears_everything(env) -> None:  # type: ignore[no-untyped-def]
    from pivot_opt import losses

    traj = Trajectory([Step("visit", {"place": "Nowhere"})], task=env.task)
    losses.Composite()(traj, env).backward()
    traj.zero_grad()
    assert not traj.gradients and not traj.structured_gradients
