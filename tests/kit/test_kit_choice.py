"""The kit's grammar-choice machinery: enum schemas, ranking, the engine call with its fallback."""

from __future__ import annotations

import json
from typing import Any

from pivot_opt.engines import ScriptedEngine
from pivot_opt.envs.kit.choice import EnumChooser, FailureLog, enum_list, enum_object, pick, pick_list, ranked
from pivot_opt.errors import EngineError


def test_enum_schemas() -> None:
    assert enum_object({"tea": ("Green", "Black")}) == {
        "type": "object", "properties": {"tea": {"type": "string", "enum": ["Green", "Black"]}}, "required": ["tea"]}
    schema = enum_list("cakes", ["A", "B", "C"], 2)
    assert schema["required"] == ["cakes"]
    assert schema["properties"]["cakes"] == {"type": "array", "items": {"type": "string", "enum": ["A", "B", "C"]},
                                             "minItems": 2, "maxItems": 2}


def test_ranking_puts_wanted_options_first_and_ignores_unknown_ones() -> None:
    assert ranked(["a", "b", "c", "d"], ["c", "x", "a", "c"]) == ["c", "a", "b", "d"]
    assert ranked(["a", "b", "c"], ["c"], 2) == ["c", "a"]
    assert ranked([], ["c"]) == []
    assert pick("b", ["a", "b"]) == "b" and pick("z", ["a", "b"]) == "a" and pick(3, ["a"]) == "a"
    assert pick("a", []) is None


def test_choices_are_greedy_first_then_sampled_with_their_own_seed() -> None:
    seen: list[Any] = []

    def answer(prompt: str, schema: Any) -> str:
        seen.append(schema)
        return json.dumps({"tea": "Black", "stray": 1})

    engine = ScriptedEngine(answer)
    calls: list[dict[str, Any]] = []
    original = engine.complete

    def spy(prompt: str, **kwargs: Any) -> str:
        calls.append(kwargs)
        return original(prompt, **kwargs)

    engine.complete = spy  # type: ignore[method-assign]
    chooser = EnumChooser(engine, system="Choose.", temperature=0.5, seed=10, max_tokens=40)
    schema = enum_object({"tea": ["Green", "Black"], "cake": ["A"]})
    assert chooser.choose(0, "Pick a tea", schema, {"tea": "Green", "cake": "A"}) == {"tea": "Black", "cake": "A"}
    chooser.choose(2, "Pick a tea", schema, {"tea": "Green"})
    assert [(c["temperature"], c["seed"], c["max_tokens"], c["system"]) for c in calls] == [
        (0.0, 10, 40, "Choose."), (0.5, 12, 40, "Choose.")]
    assert seen == [schema, schema] and not chooser.failures
    assert engine.ledger.by_phase().get("plan", 0) > 0


def test_a_failed_choice_falls_back_and_is_recorded() -> None:
    reported: list[tuple[int, str]] = []
    engine = ScriptedEngine([EngineError("down"), "[1, 2]", "no json at all"])
    chooser = EnumChooser(engine, on_failure=lambda sample, reason: reported.append((sample, reason)))
    fallback = {"tea": "Green"}
    assert [chooser.choose(i, "Pick", enum_object({"tea": ["Green"]}), fallback) for i in range(3)] == [fallback] * 3
    assert len(chooser.failures) == 3 and [s for s, _ in reported] == [0, 1, 2]
    assert "EngineError" in chooser.failures[0] and "best-ranked" in chooser.failures[0]
    assert "expected a JSON object" in chooser.failures[1]
    log = FailureLog()
    log.fail(0, "why")
    assert log.failures == ["why"]


def test_travel_planner_is_a_kit_chooser() -> None:
    from pivot_opt.envs.travel.planning import prompts
    from pivot_opt.envs.travel.planning.planners import GrammarChoicePlanner, ToolPlanner

    planner = GrammarChoicePlanner(ScriptedEngine(["{}"]), temperature=0.3, seed=4, max_tokens=99)
    assert isinstance(planner, EnumChooser) and planner.system == prompts.CHOOSE_SYSTEM
    assert (planner.temperature, planner.seed, planner.max_tokens) == (0.3, 4, 99)
    assert isinstance(ToolPlanner(ScriptedEngine(["{}"])), FailureLog)


def test_pick_list_keeps_offered_strings_only() -> None:
    allowed = ["a", "b"]
    assert pick_list(["b", "z", "a", "b"], allowed) == ["b", "a"]
    assert pick_list(["b", 1, {"a": 1}, None, ["a"]], allowed) is None  # not a list of names: an invalid choice
    assert pick_list(5, allowed) is None and pick_list({"a": 1}, allowed) is None and pick_list("a", allowed) is None


def test_choose_falls_back_on_a_truncated_or_deep_answer() -> None:
    for text in ['{"dish": "a"', "[" * 5000, '{"dish": NaN}']:
        chooser = EnumChooser(ScriptedEngine([text]))
        assert chooser.choose(0, "p", enum_object({"dish": ["a", "b"]}), {"dish": "b"}) == {"dish": "b"}
        assert len(chooser.failures) == 1
