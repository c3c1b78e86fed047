"""The engine-backed request reader: grammar-constrained choices, untrusted answers, PLAN accounting."""

from __future__ import annotations

import json
from typing import Any

import pytest
from env_support import generated_env
from hypothesis import given, settings
from hypothesis import strategies as st

from pivot_opt.engines import ScriptedEngine
from pivot_opt.envs.travel.environment import TravelEnv
from pivot_opt.envs.travel.requests.gold import GoldReader
from pivot_opt.envs.travel.requests.llm import LLMReader, checked_values, split_sentences, value_schema
from pivot_opt.envs.travel.requests.world import world_values
from pivot_opt.errors import ConfigError


def oracle_script(env: TravelEnv) -> Any:
    """A scripted model that answers each choice as the gold reading would (to test the plumbing)."""
    gold = {r.text.rstrip("."): r for r in GoldReader().read(env.travel_task, env.db).requests}

    def find(prompt: str) -> Any:
        budget = gold.get("budget constraint") if "yuan" in prompt else None
        return budget or next((r for text, r in gold.items() if text and text in prompt), None)

    def answer(prompt: str, schema: Any) -> str:
        req = find(prompt)
        props = (schema or {}).get("properties", {})
        if "about" in props:
            return json.dumps({"about": req.key.split("_", 1)[0] if req else "none"})
        if "rule" in props:
            return json.dumps({"rule": req.key.split("_", 1)[1]})
        values = dict(req.params)
        if "legs" in values:
            values["legs"] = {("out",): "out", ("back",): "back"}.get(tuple(values["legs"]), "both")
        return json.dumps(values)

    return answer


def test_a_perfect_model_reads_what_the_gold_reader_reads() -> None:
    env = generated_env(12, 3)
    engine = ScriptedEngine(oracle_script(env))
    llm = TravelEnv(env.travel_task, env.db, source=env.source, requests="llm")
    with pytest.raises(ConfigError, match="prepare"):
        llm.constraints()
    llm.prepare(engine)
    gold = GoldReader().read(env.travel_task, env.db)
    assert [(r.key, dict(r.params)) for r in llm.stated.requests] == [(r.key, dict(r.params)) for r in gold.requests]
    assert not llm.stated.gold and llm.task.data["requests"] == "llm"
    phases = {e.phase for e in engine.ledger.entries}
    assert phases == {"plan"} and len(engine.ledger.entries) >= len(split_sentences(env.travel_task.query))
    calls = len(engine.ledger.entries)
    llm.prepare(engine)  # idempotent: no second reading
    assert len(engine.ledger.entries) == calls


def test_bad_answers_drop_only_their_sentence() -> None:
    env = generated_env(12, 3)
    answers = iter(["not json", '{"about": "hotel"}', '{"rule": "no_such_rule"}', "[" * 5000, '{"about": "none"}'])
    engine = ScriptedEngine(lambda prompt, schema: next(answers, '{"about": "none"}'))
    reader = LLMReader(engine)
    stated = reader.read(env.travel_task, env.db)
    assert stated.requests == []
    assert sum("rejected" in n for n in stated.notes) >= 3
    assert stated.frame["days"] == 3  # the frame is read by rules


def test_engine_failures_are_notes_not_crashes() -> None:
    env = generated_env(12, 3)
    engine = ScriptedEngine(lambda prompt, schema: (_ for _ in ()).throw(RuntimeError("server down")))
    stated = LLMReader(engine).read(env.travel_task, env.db)
    assert stated.requests == [] and any("engine failed" in n for n in stated.notes)


def test_value_enums_come_from_the_database_and_the_sentence() -> None:
    env = generated_env(12, 3)
    world = world_values(env.db)
    schema = value_schema("attraction_must_visit_named", world, "Please visit 'Nowhere Hill' soon")
    offered = schema["properties"]["attraction_names"]["items"]["enum"]
    assert set(offered) <= set(world.attractions) and len(offered) <= 12
    named = world.attractions[0]
    schema = value_schema("attraction_must_visit_named", world, f"We must visit {named}.")
    assert schema["properties"]["attraction_names"]["items"]["enum"] == [named]
    with pytest.raises(ValueError, match="database"):
        checked_values("hotel_cheapest_brand", json.dumps({"brand": "Made Up Inn"}), world)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(max_size=300), st.sampled_from(["hotel_star_service_required", "train_departure_time_range",
                                               "attraction_must_visit_named", "budget_constraint"]))
def test_checked_values_never_crashes(answer: str, key: str) -> None:
    world = world_values(generated_env(12, 3).db)
    try:
        params = checked_values(key, answer, world)
    except ValueError:
        return
    assert isinstance(params, dict)


def test_a_sweep_shares_one_reading_and_charges_it_to_every_run() -> None:
    from pivot_opt.bench.plans import ReplayPlanner, restore_reading
    from pivot_opt.step import steps_to_json

    env = generated_env(12, 3)
    first = TravelEnv(env.travel_task, env.db, source=env.source, requests="llm")
    first.prepare(ScriptedEngine(oracle_script(env)))
    reading = {"stated": first.task.data["stated"], "prompt_tokens": 700, "completion_tokens": 50, "seconds": 1.0}
    again = TravelEnv(env.travel_task, env.db, source=env.source, requests="llm")
    restore_reading(again, {"reading": reading})
    assert again.stated.to_dict() == first.stated.to_dict()
    assert [c.description for c in again.constraints()] == [c.description for c in first.constraints()]
    engine = ScriptedEngine([])
    planner = ReplayPlanner([{"plan": steps_to_json([]), "prompt_tokens": 10, "completion_tokens": 5,
                              "seconds": 0.1}] * 2, engine, reading)
    planner(again, 0)
    planner(again, 1)
    assert sum(e.prompt_tokens for e in engine.ledger.entries) == 700 + 10 + 10  # the reading is charged once
    gold = TravelEnv(env.travel_task, env.db, source=env.source, requests="gold")
    with pytest.raises(ConfigError, match="does not match"):
        gold.restore_reading(reading["stated"])


def test_a_sweep_stores_an_engine_reading_and_nothing_for_a_free_one() -> None:
    from pivot_opt.bench.plans import _read_task

    env = generated_env(12, 3)
    engine = ScriptedEngine(oracle_script(env))
    llm = TravelEnv(env.travel_task, env.db, source=env.source, requests="llm")
    reading = _read_task(llm, engine)
    assert reading is not None and reading["stated"] == llm.task.data["stated"]
    assert reading["prompt_tokens"] == sum(e.prompt_tokens for e in engine.ledger.entries) > 0
    assert {e.phase for e in engine.ledger.entries} == {"plan"}
    rules = TravelEnv(env.travel_task, env.db, source=env.source)  # read by rules: nothing to share
    assert _read_task(rules, ScriptedEngine([])) is None
