"""Travel: VERIFY and INSPECT agree on plans whose steps carry odd ``day`` numbers (day 0 among them)."""

from __future__ import annotations

import pytest
from env_support import fixture_env, plan_9001_text

from pivot_opt import Trajectory, losses
from pivot_opt.step import Step


@pytest.mark.parametrize("day", [0, "0", -1, 2, 99])
@pytest.mark.parametrize("position", [0, 1, 12])
def test_a_redated_step_is_judged_alike(day: object, position: int) -> None:
    env = fixture_env()
    steps = env.from_text(plan_9001_text())
    steps[position] = Step(steps[position].action, {**steps[position].args, "day": day})
    traj = Trajectory(steps, task=env.task)
    loss = losses.Composite()(traj, env)
    verdict = losses.verify(traj, env, include_hidden=False)
    hard_loss = loss.terms["executability"].value + loss.terms["hard_constraints"].value
    assert verdict.passed == (hard_loss == 0), (verdict.render(), loss.summary())
