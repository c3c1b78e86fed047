"""The information rule: with gold fields removed, everything an autonomous method sees is unchanged.

An environment built from a task whose ``meta_info`` is empty (and whose generator record is
gone) must give the same visible constraints, the same task description, the same action
schemas and the same INSPECT loss and gradients on every plan as the environment built from the
full task. Only hidden constraints and the official score may differ (they read gold data).
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from env_support import chooser, fixture_env, generated_env

from pivot_opt import Trajectory, losses
from pivot_opt.envs.travel.environment import TravelEnv
from pivot_opt.envs.travel.planning.planners import GrammarChoicePlanner


def stripped(env: TravelEnv) -> TravelEnv:
    """The same task and database with every gold field removed."""
    task = dataclasses.replace(env.travel_task, meta_info={}, query_with_constraints="")
    return TravelEnv(task, env.db, source=env.source)


def visible(env: TravelEnv) -> list[tuple[str, str, bool]]:
    return [(c.name, c.description, c.hard) for c in env.constraints() if not c.hidden]


def plans(env: TravelEnv) -> list[list]:
    """Plans an autonomous run meets: PLAN's samples, their edits, and the reference plan."""
    planner = GrammarChoicePlanner(chooser())
    first = planner(env, 0).steps
    out = [first, first[:-3], first[1:], list(reversed(first[:6])), []]
    if env.record is not None:
        out.append(env.reference_steps())
    return out


def inspect(env: TravelEnv, steps: list) -> tuple[dict[str, float], str, list[str]]:
    loss = losses.Composite()(Trajectory(steps, task=env.task), env)
    texts = sorted(json.dumps(g.to_dict(), sort_keys=True) for g in loss.gradients)
    return loss.vector, loss.gradient_text(), texts


@pytest.mark.parametrize("make", [lambda: generated_env(12, 3), lambda: generated_env(5), lambda: fixture_env()],
                         ids=["generated-3d", "generated-seed5", "fixture"])
def test_gold_fields_do_not_reach_autonomous_methods(make) -> None:
    full = make()
    blind = stripped(full)
    assert full.travel_task.meta_info and not blind.travel_task.meta_info
    assert visible(full) == visible(blind)
    assert full.describe() == blind.describe()
    assert full.stated.to_dict() == blind.stated.to_dict()
    for steps in plans(full):
        assert inspect(full, steps) == inspect(blind, steps)
        for position in (None, 0, max(0, len(steps) - 1)):
            assert full.action_schema(steps, position) == blind.action_schema(steps, position)
    # the hidden checks are the only place gold data goes
    assert any(c.hidden for c in full.constraints())
    assert not any(c.hidden for c in blind.constraints())


def test_task_data_carries_no_gold() -> None:
    env = generated_env(12, 3)
    text = json.dumps(env.task.data, default=str)
    for key, params in env.travel_task.meta_info["hard_constraints"].items():
        for field in ("hotel_name", "restaurant_name", "outbound_train_no", "inbound_train_no",
                      "outbound_flight_no", "inbound_flight_no"):
            value = params.get(field)
            if value and key != "restaurant_must_eat_named":
                assert str(value) not in text, f"{key}.{field} leaked into task.data"
    assert "meta_info" not in env.task.data
    assert env.task.data["requests"] == "rules"


def test_gold_reader_is_labelled_everywhere() -> None:
    from pivot_opt.envs.kit.requests import GOLD_LABEL

    full = generated_env(12, 3)
    gold = TravelEnv(full.travel_task, full.db, source=full.source, requests="gold")
    assert gold.stated.gold and gold.task.data["information"] == GOLD_LABEL
    assert "GOLD" in repr(gold.stated.label)
    assert full.task.data["information"] != GOLD_LABEL
