"""The environment page's example runs as written: data layer, tools, reader, planner, Pivot, information rule."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "writing-an-environment.md"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """The page's Python blocks, run in order as one module (importable, so that it can be registered)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the example's task folder goes under tmp_path
    module = types.ModuleType("lunch_doc_example")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    for block in re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL):
        exec(compile(block, str(DOC), "exec"), module.__dict__)
    return module


def test_the_example_plans_inspects_evolves_and_verifies(example: types.ModuleType) -> None:
    from pivot_opt import Environment

    env, result = example.env, example.result
    assert isinstance(env, Environment)
    assert [s.args["dish"] for s in result.best.steps] == ["Tofu bowl", "Chicken rice"]
    assert result.loss.total == 0.0 and result.verdict.passed
    records = result.history.iterations
    assert records[0].total > 0 and records[-1].accepted and records[-1].radius == "patch"
    assert {"plan", "evolve"} <= {k for k, v in example.engine.ledger.by_phase().items() if v}
    assert result.verdict.information == "requests read from the query text (rules)"


def test_the_data_layer_is_the_kit_s(example: types.ModuleType) -> None:
    from pivot_opt.envs.kit import TableError

    root = example.root
    folder = root / "id_1"
    assert (folder / "menu" / "dishes.csv").read_text().splitlines()[0] == "dish,price,vegetarian,allergens"
    again = example.make_lunch_task(root / "again", "1", seed=3)
    assert all((again / rel).read_bytes() == (folder / rel).read_bytes() for rel in ("menu/dishes.csv",
                                                                                    "menu/stock.csv"))
    tools = example.TOOLS
    assert tools.names == ("list_dishes", "dish_details")
    env = example.env
    assert json.loads(tools.call(env.tables, "dish_details", '{"dish": "Tofu bowl"}'))["allergens"] == ""
    assert "missing required argument(s) ['dish']" in json.loads(tools.call(env.tables, "dish_details", {}))["error"]
    assert "must be one of" in tools.call(env.tables, "list_dishes", {"vegetarian": "maybe"})
    (folder / "menu" / "stock.csv").write_text("dish\nTofu bowl\n")
    with pytest.raises(TableError, match=r"stock\.csv lacks column\(s\) \['portions'\]"):
        example.make_lunch_env(root, "1")
    with pytest.raises(TableError, match="no lunch task folder folder for task '9'"):
        example.LAYOUT.task_dir(root, "9")


def test_the_reader_reads_only_the_query(example: types.ModuleType) -> None:
    reader = example.LunchReader()
    task = example.LunchTask("x", "Lunch for three guests, at most 40 in all, no fish.", gold={"allergy": "fish"})
    stated = reader.read(task, {})
    assert stated.frame == {"people": 3} and stated.keys() == ["budget"]
    assert stated.requests[0].params == {"limit": 40} and not stated.gold
    unread = reader.read(example.LunchTask("y", "Something to eat, please."), {})
    assert unread.requests == [] and unread.notes == ["party size not stated; assuming 1"]


def _visible(env: Any) -> list[tuple[str, str, bool]]:
    return [(c.name, c.description, c.hard) for c in env.constraints() if not c.hidden]


def test_gold_fields_do_not_reach_autonomous_methods(example: types.ModuleType) -> None:
    from pivot_opt import Step, Trajectory, losses

    full = example.env
    blind = example.LunchEnv(dataclasses.replace(full.lunch_task, gold={}), full.tables)
    assert full.lunch_task.gold and not blind.lunch_task.gold
    assert _visible(full) == _visible(blind)
    assert full.describe() == blind.describe() and full.stated.to_dict() == blind.stated.to_dict()
    assert json.dumps(full.task.data, sort_keys=True) == json.dumps(blind.task.data, sort_keys=True)
    assert "nuts" not in json.dumps(full.task.data) and "allergy" not in full.describe()
    plans = [example.result.best.steps, [Step("order", {"dish": d}) for d in ("Satay skewers", "Peanut noodles")],
             [Step("order", {"dish": "Steak frites"})] * 4, [Step("order", {"dish": "Pizza"})], []]
    for steps in plans:
        a, b = (losses.Composite()(Trajectory(steps, task=e.task), e) for e in (full, blind))
        assert a.vector == b.vector and a.gradient_text() == b.gradient_text()
        for position in (None, 0):
            assert full.action_schema(steps, position) == blind.action_schema(steps, position)
    planner = example.LunchPlanner(example.ScriptedEngine(['{"dishes": ["Lentil soup", "Tofu bowl"]}'],
                                                          repeat_last=True))
    assert planner(full).steps == planner(blind).steps
    assert [c.name for c in full.constraints() if c.hidden] == ["allergy"]
    assert not any(c.hidden for c in blind.constraints())


def test_the_planner_falls_back_and_records_why(example: types.ModuleType) -> None:
    from pivot_opt.errors import EngineError

    planner = example.LunchPlanner(example.ScriptedEngine([EngineError("offline")]))
    traj = planner(example.env)
    assert [s.args["dish"] for s in traj.steps] == ["Tofu bowl", "Satay skewers"]  # vegetarian first, then cheapest
    assert "best-ranked" in planner.failures[0]


def test_the_example_registers_like_a_shipped_environment(example: types.ModuleType,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from pivot_opt import envs

    monkeypatch.setitem(envs.ENVIRONMENTS, "lunch", f"{example.__name__}:make_lunch_env")
    env = envs.make_env("lunch", root=example.root, task_id="1")
    assert env.task.query == example.env.task.query and env.describe() == example.env.describe()


def test_the_page_covers_layout_rule_protocol_registration_and_every_kit_module() -> None:
    text = DOC.read_text(encoding="utf-8")
    for needle in ("## Layout", "## The information rule", "## The protocol", "## Registration", "hidden=True",
                   "ENVIRONMENTS", "make_env", "execute(steps)", "constraints()", "action_schema(", "describe()"):
        assert needle in text, needle
    kit = Path(__file__).resolve().parents[1] / "pivot_opt" / "envs" / "kit"
    for module in sorted(p.stem for p in kit.glob("*.py") if p.stem != "__init__"):
        assert f"`kit.{module}`" in text, module
