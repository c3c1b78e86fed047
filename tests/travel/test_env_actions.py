"""Action schemas (short, valid, gradient-steered), the task description, and building the environment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from env_support import DATA, fixture_env, generated_env, plan_9001_text

from pivot_opt import Trajectory
from pivot_opt.environment import Environment, StepStatus
from pivot_opt.envs import make_env
from pivot_opt.envs.travel.environment import DATA_ENV_VAR, TravelEnv, default_query_file
from pivot_opt.envs.travel.planning.actions import ENUM_SIZE
from pivot_opt.errors import ConfigError
from pivot_opt.schemas import narrow_schema
from pivot_opt.step import Step


def _options(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return schema.get("anyOf", [schema])


def _enums(option: dict[str, Any]) -> dict[str, list[Any]]:
    props = option["properties"]["args"]["properties"]
    return {k: v["enum"] for k, v in props.items()}


def test_the_environment_honours_the_protocol() -> None:
    assert isinstance(fixture_env(), Environment)


@pytest.mark.parametrize(("seed", "days"), [(13, 4), (16, 7)])
def test_every_enumerated_step_exists_and_enums_stay_short(seed: int, days: int) -> None:
    env = generated_env(seed, days)
    steps = env.reference_steps()
    for position in (0, 3, len(steps) // 2, len(steps) - 1, len(steps)):
        for option in _options(env.action_schema(steps, position)):
            action = option["properties"]["action"]["const"]
            enums = _enums(option)
            assert all(len(v) <= ENUM_SIZE for v in enums.values()), enums
            for value in next(v for k, v in enums.items() if k != "day"):
                probe = [Step(action, {"day": enums["day"][0], ENTITY: value})
                         for ENTITY in [k for k in enums if k != "day"]]
                trace = env.execute(probe)
                assert "unknown" not in trace.steps[0].error, trace.steps[0].error


def test_replacing_keeps_the_day_and_appending_may_open_the_next_days() -> None:
    env = fixture_env()
    steps = env.from_text(plan_9001_text())
    day2 = next(i for i, s in enumerate(steps) if s.args.get("day") == 2 and s.action == "attraction")
    assert {tuple(_enums(o)["day"]) for o in _options(env.action_schema(steps, day2))} == {(2,)}
    assert {tuple(_enums(o)["day"]) for o in _options(env.action_schema(steps[:day2], day2))} == {(2, 3)}
    # trains and flights only where a leg starts or in place of one
    actions = [o["properties"]["action"]["const"] for o in _options(env.action_schema(steps, day2))]
    assert "travel_intercity_public" not in actions and actions[0] == steps[day2].action


def test_a_step_blamed_by_an_unmet_request_may_only_become_its_answer() -> None:
    env = fixture_env()
    text = plan_9001_text().replace("Orange Hotel Nanjing Confucius Temple", "Ji Hotel Nanjing Xinjiekou")
    steps = env.from_text(text.replace("¥441/room/night", "¥380/room/night"))
    hotel = next(i for i, s in enumerate(steps) if s.action == "hotel")
    (option,) = _options(env.action_schema(steps, hotel))  # it stays a hotel: no attraction or meal instead
    assert option["properties"]["action"]["const"] == "hotel"
    assert _enums(option)["name"] == ["Orange Hotel Nanjing Confucius Temple"]


def test_a_train_blamed_for_too_few_seats_may_only_become_a_train_of_its_own_leg() -> None:
    env = generated_env(1, 3)
    (seats,) = [r for r in env.requests if r.key == "train_seat_status"]
    steps = env.reference_steps()
    out = next(i for i, s in enumerate(steps) if s.action == "travel_intercity_public")
    full = next(r.number for r in env.ctx.leg_routes("out") if not r.has_seats(env.ctx.people))
    steps[out] = Step("travel_intercity_public", {**steps[out].args, "number": full})
    assert env.execute(steps).steps[out].status is StepStatus.ERROR
    (option,) = _options(env.action_schema(steps, out))
    assert option["properties"]["action"]["const"] == "travel_intercity_public"
    assert _enums(option)["number"] == seats.candidates["out"]  # not the return train of the same request


def test_the_insert_anywhere_schema_narrows_to_what_feedback_names() -> None:
    env = fixture_env()
    schema = env.action_schema([], None)
    names = schema["properties"]["args"]["properties"]["name"]["enum"]
    assert "Six Dynasties Pine Teahouse" in names and "day" not in schema["properties"]["args"]["properties"]
    narrowed = narrow_schema(schema, "Fix: add a meal on day 2, e.g. at 'Lakeside Bistro'.")
    assert narrowed["properties"]["args"]["properties"]["name"]["enum"] == ["Lakeside Bistro"]
    assert narrowed["properties"]["action"]["enum"] == ["meal"]


def test_an_inserted_step_without_a_day_joins_the_day_it_is_inserted_in() -> None:
    env = fixture_env()
    steps = env.from_text(plan_9001_text())
    i = next(k for k, s in enumerate(steps) if s.args.get("day") == 2) + 2
    trace = env.execute([*steps[:i], Step("attraction", {"name": "Niushou Mountain"}), *steps[i:]])
    assert trace.info["built"].step_day[i] == 2


def test_describe_is_compact_and_names_the_step_format() -> None:
    env = generated_env(16, 7)
    text = env.describe()
    assert env.travel_task.query.strip() in text
    assert '"action": "meal"' in text and "7 days" in text
    assert len(text) < 2600  # about 650 tokens: room for plan and feedback in a 4k context


def test_make_env_builds_each_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = make_env("travel", seed=3)
    assert isinstance(env, TravelEnv) and env.task.id == "travel-generated-3"
    assert make_env("travel", seed=3).travel_task.meta_info == env.travel_task.meta_info  # seeded: same task
    official = make_env("travel", db_root=str(DATA), query_file=str(DATA / "tasks.json"), task_id="9001")
    assert official.source == "official" and official.ctx.dest == "Nanjing"
    steps = official.from_text(plan_9001_text())
    assert all(r.status is StepStatus.OK for r in official.execute(steps).steps)
    with pytest.raises(ConfigError, match="unknown travel option"):
        make_env("travel", sead=3)
    with pytest.raises(ConfigError, match="task_id"):
        make_env("travel", db_root=str(DATA))
    with pytest.raises(ConfigError, match="between 2 and 7"):
        make_env("travel", seed=1, days=9)
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path))
    with pytest.raises(ConfigError, match=DATA_ENV_VAR):
        make_env("travel", query_id="12")


def test_a_real_query_gets_a_generated_database() -> None:
    try:
        default_query_file()
    except ConfigError:
        pytest.skip("the public DeepPlanning query file is not available")
    env = make_env("travel", query_id=12)
    assert env.task.id == "travel-query-12" and env.ctx.org == "Guiyang"
    assert "Robot Service" in json.dumps(env.ctx.meta)
    verdict_steps = env.reference_steps()
    assert env.score(verdict_steps)["scores"]["case_acc"] == 1.0
    assert Trajectory(verdict_steps, task=env.task).steps
