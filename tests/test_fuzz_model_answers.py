"""Fuzzed model answers through whole runs: no crash, no invalid accept, no rise, histories load back.

A scripted engine answers each call with the next fuzzed answer (valid plans and edits, deep
nesting, huge strings, truncation, wrong types, lone surrogates, U+2028, non-string list items,
NaN, duplicate keys, prose, engine errors...), then with valid answers. Runs go through
``Pivot`` (PLAN + EVOLVE) on the daytrip and the travel environment, the baselines, the travel
LLM request reader and the LLM judge. Deterministic (``derandomize``) and a few seconds each;
``PIVOT_FUZZ_SCALE=10`` runs ten times the examples (a longer hunt, same checks).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pivot_opt.bench.testing import DayTripScript
from pivot_opt.engines import ScriptedEngine
from pivot_opt.envs import make_env
from pivot_opt.envs.travel.planning.planners import GrammarChoicePlanner
from pivot_opt.envs.travel.requests.llm import LLMReader
from pivot_opt.errors import EngineError, TermError
from pivot_opt.history import History
from pivot_opt.losses.composite import Composite
from pivot_opt.losses.llm_judge import LLMJudge
from pivot_opt.optimizers import BestOfN, Evolve, Reflexion, SelfRefine, TextGradTGD
from pivot_opt.pivot import Pivot, PivotResult
from pivot_opt.step import Step
from pivot_opt.trajectory import Trajectory

sys.path.insert(0, str(Path(__file__).parent / "travel"))
from env_support import generated_env

Answer = tuple[Any, ...]
SCALE = max(1, int(os.environ.get("PIVOT_FUZZ_SCALE", "1")))
FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- answers ------------------------------------------------------------------------------------
def minimal(schema: Any, pick: int = 0) -> Any:
    """The simplest value valid under a (grammar) JSON schema: enum option ``pick``, required keys."""
    if not isinstance(schema, dict):
        return None
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return minimal(schema[key][0], pick)
    if "enum" in schema:
        return schema["enum"][pick]
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: minimal(props.get(k, {}), pick) for k in schema.get("required", list(props))}
    if kind == "array":
        return [minimal(schema.get("items", {}), pick) for _ in range(max(1, int(schema.get("minItems", 1))))]
    if kind in ("integer", "number"):
        return schema.get("minimum", 0)
    return {"boolean": False, "string": "x"}.get(kind)


def _first_step(value: Any) -> dict[str, Any] | None:
    """The first object holding an ``action`` (or the top object), to plant a field in."""
    todo = [value]
    while todo:
        v = todo.pop(0)
        if isinstance(v, dict):
            if "action" in v:
                return v
            todo.extend(v.values())
        elif isinstance(v, list):
            todo.extend(v)
    return value if isinstance(value, dict) else None


def _mutate(value: Any, rnd: random.Random) -> Any:
    """Leaves swapped for wrong types (numbers where strings go, objects in name lists...)."""
    wrong: list[Any] = [5, 1.5, None, True, [], {}, ["x", 3], {"a": 1}, "", -1]
    if isinstance(value, dict):
        return {k: _mutate(v, rnd) for k, v in value.items()}
    if isinstance(value, list):
        return [_mutate(v, rnd) for v in value] + ([rnd.choice(wrong)] if rnd.random() < 0.3 else [])
    return rnd.choice(wrong) if rnd.random() < 0.6 else value


def materialize(answer: Answer, valid: str) -> str:
    """The text of one fuzzed answer; ``valid`` is what a well-behaved model would have said."""
    kind = answer[0]
    try:
        value = json.loads(valid)
    except ValueError:
        value = None
    if kind == "valid":
        return valid
    if kind == "truncate":
        return valid[: max(0, int(len(valid) * answer[1]))]
    if kind == "prose":
        return f"Sure! Here it is:\n```json\n{valid}\n```\nHope this helps."
    if kind == "dup":
        return valid.replace('{"', '{"dup": 1, "dup": 2, "', 1)
    if kind == "deep":
        n, shape = answer[1], answer[2]
        return {"[": "[" * n + "]" * n, "{": '{"a": ' * n + "1" + "}" * n,
                "s": '{"steps": ' + "[" * n + "]" * n + "}"}[shape]
    if kind in ("note", "huge", "nonfinite"):
        target = _first_step(value)
        if target is None:
            return valid
        if kind == "note":
            target["note"] = answer[1]
            return json.dumps(value, ensure_ascii=answer[2])
        if kind == "huge":
            target["note"] = "n" * answer[1]
            return json.dumps(value)
        args = target.get("args") if isinstance(target.get("args"), dict) else target
        args["fuzz"] = "__NUMBER__"
        return json.dumps(value).replace('"__NUMBER__"', answer[1])
    if kind == "mutate":
        return json.dumps(_mutate(value, random.Random(answer[1])))
    if kind == "error":
        raise EngineError("fuzzed engine failure")
    return str(answer[1])  # literal, text, json


LITERALS = [
    "", " ", "null", "[]", "{}", "true", "5", '"steps"', "I cannot help with that.", '{"steps": 5}',
    '{"steps": [1, "a", null]}', '{"steps": [{"action": 5, "args": []}]}', '{"op": 3, "step": {}}',
    '{"op": "replace", "step": "visit"}', '{"op": "insert"}', '{"action": ["visit"]}',
    '{"steps": [{"action": "visit", "args": {"place": NaN}}]}', "Infinity", "[" * 50,
    '{"attractions": [1, {"a": 1}, null, ["x"]], "restaurants": [2.5, true], "hotel": 5}',
    '{"outbound": ["a"], "return": {"x": 1}, "hotel": null}', '```json\n{"steps": [\n```', "1" * 5000,
    '{"score": "ten", "step": "one"}', '{"score": NaN}', '{"critique": 5, "plan_is_good": "no"}',
    '{"about": 3}', '{"about": "train"}', '{"rule": ["cheapest"]}', '{"legs": ["out"], "count": "x"}',
    '{"steps": [{"action": "visit", "note": "\\ud800"}]}', '{"a": "\\u2028", "b": "\\u0085"}',
]
NOTES = st.sampled_from(["\ud800", "x\udfff", "a\u2028b", "\u2029", "\u0085", "\x00", "\r\n", "'\""]) | st.text(
    max_size=40)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
).map(json.dumps)
ANSWER = st.one_of(
    st.just(("valid",)), st.just(("valid",)), st.just(("prose",)), st.just(("dup",)), st.just(("error",)),
    st.tuples(st.just("truncate"), st.floats(0.0, 0.99)),
    st.tuples(st.just("note"), NOTES, st.booleans()),
    st.tuples(st.just("deep"), st.integers(20, 3000), st.sampled_from(["[", "{", "s"])),
    st.tuples(st.just("huge"), st.integers(20_001, 200_000)),
    st.tuples(st.just("nonfinite"), st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "7" * 5000])),
    st.tuples(st.just("mutate"), st.integers(0, 2**16)),
    st.tuples(st.just("literal"), st.sampled_from(LITERALS)),
    st.tuples(st.just("text"), st.text(max_size=120)),
    st.tuples(st.just("json"), JSON_VALUES),
)
ANSWERS = st.lists(ANSWER, min_size=1, max_size=14)


class FuzzedModel:
    """``(prompt, schema) -> str``: the fuzzed answers in order, then only well-behaved ones."""

    def __init__(self, answers: list[Answer], good: Callable[[str, Any], str] | None = None) -> None:
        self.answers = list(answers)
        self.good = good or (lambda prompt, schema: json.dumps(minimal(schema) if schema else {}))
        self.calls = 0

    def __call__(self, prompt: str, schema: Any) -> str:
        self.calls += 1
        valid = self.good(prompt, schema)
        return materialize(self.answers.pop(0), valid) if self.answers else valid


# -- checks -------------------------------------------------------------------------------------
def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, ensure_ascii=True, sort_keys=True) == json.dumps(b, ensure_ascii=True, sort_keys=True)


def check_run(result: PivotResult, env: Any, path: Path, monotonic: bool = True) -> None:
    """Histories load back whole; accepted plans are valid; under the monotonic acceptor no rise."""
    loaded = History.load(path)
    assert len(loaded) == len(result.history)
    assert all(_same(a.to_dict(), b.to_dict()) for a, b in zip(loaded, result.history, strict=True))
    its = result.history.iterations
    totals = [r.total for r in its]
    assert all(not math.isnan(t) for t in totals[1:])
    if monotonic:
        assert all(b <= a + 1e-9 for a, b in itertools.pairwise(totals)), totals
    inspect = Composite()
    for record in its[1:]:
        if not record.accepted:
            continue
        assert all(not c["error"] for c in record.candidates if c["accepted"])
        loss = inspect(Trajectory.from_json(record.trajectory, task=env.task), env)
        assert not loss.error, loss.error
        assert loss.total == pytest.approx(record.total)


def run_pivot(env: Any, model: FuzzedModel, *, initial: Trajectory | None = None, n_plans: int = 2,
              iterations: int = 2, optimizer: Any = None, monotonic: bool = True) -> PivotResult:
    engine = ScriptedEngine(model)
    factory = optimizer(engine) if optimizer is not None else None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.jsonl"
        result = Pivot(env, engine, optimizer=factory, n_plans=n_plans, iterations=iterations, history=path,
                       progress=False, verify=False).run(initial)
        check_run(result, env, path, monotonic)
    return result


# -- the suite ----------------------------------------------------------------------------------
@settings(FUZZ, max_examples=40 * SCALE)
@given(answers=ANSWERS)
def test_daytrip_pivot_survives_any_model_answer(answers: list[Answer]) -> None:
    env = make_env("daytrip", seed=7)
    run_pivot(env, FuzzedModel(answers, DayTripScript(bad_plans=1)), iterations=3)


def _damaged(env: Any) -> tuple[Trajectory, Callable[[str, Any], str]]:
    """The reference plan with one attraction's cost wrong, and a model whose edits put it right
    (so that fuzzed runs also accept candidates)."""
    steps = env.reference_steps()
    k = next(i for i, s in enumerate(steps) if s.action == "attraction")
    fix = steps[k].to_dict()
    steps[k] = Step(steps[k].action, {**steps[k].args, "cost": 9999}, steps[k].note)

    def good(prompt: str, schema: Any) -> str:
        if isinstance(schema, dict) and "op" in schema.get("properties", {}):
            return json.dumps({"op": "replace", "step": fix})
        return json.dumps(minimal(schema) if schema else {})

    return Trajectory(steps, task=env.task), good


@settings(FUZZ, max_examples=12 * SCALE)
@given(answers=ANSWERS)
def test_travel_pivot_survives_any_model_answer(answers: list[Answer]) -> None:
    env = generated_env(11, 2)
    half = len(answers) // 2
    run_pivot(env, FuzzedModel(answers[:half]), n_plans=1, iterations=1)  # PLAN: the grammar-choice planner
    initial, good = _damaged(env)
    run_pivot(env, FuzzedModel(answers[half:], good), initial=initial, n_plans=1, iterations=2)  # EVOLVE


@settings(FUZZ, max_examples=12 * SCALE)
@given(answers=ANSWERS, cls=st.sampled_from([SelfRefine, Reflexion, BestOfN, TextGradTGD]))
def test_baselines_survive_any_model_answer(answers: list[Answer], cls: type) -> None:
    env = make_env("daytrip", seed=3)
    run_pivot(env, FuzzedModel(answers, DayTripScript(bad_plans=1)), n_plans=1, iterations=2,
              optimizer=lambda engine: (lambda ps: cls(ps, engine=engine)), monotonic=False)


@settings(FUZZ, max_examples=10 * SCALE)
@example(answers=[("deep", 3000, "{"), ("nonfinite", "NaN"), ("mutate", 1), ("literal", '{"legs": ["out"]}')])
@given(answers=st.lists(ANSWER, min_size=1, max_size=30))
def test_llm_request_reader_survives_any_model_answer(answers: list[Answer]) -> None:
    env = generated_env(11, 2)
    model = FuzzedModel(answers, lambda prompt, schema: json.dumps(minimal(schema, -1)))  # "budget", not "none"
    stated = LLMReader(ScriptedEngine(model)).read(env.travel_task, env.db)
    assert isinstance(stated.requests, list)


@settings(FUZZ, max_examples=25 * SCALE)
@example(answer=("deep", 3000, "["))
@example(answer=("literal", '{"score": 7, "feedback": {"x": 1}}'))
@given(answer=ANSWER)
def test_llm_judge_survives_any_model_answer(answer: Answer) -> None:
    env = make_env("daytrip", seed=7)
    traj = Trajectory([Step("return")], task=env.task)
    judge = LLMJudge(ScriptedEngine(FuzzedModel([answer])))
    try:
        result = judge.evaluate(env.execute(traj.steps), traj, env)
    except TermError:  # an unusable grade fails the candidate; it is never a crash nor a free 0
        return
    assert 0.0 <= result.value <= 1.0


# -- regressions of the issue -------------------------------------------------------------------
def test_grammar_choice_planner_drops_non_string_items() -> None:
    """Numbers, objects and lists where option names go cost the choice, not the run (was a TypeError):
    the choice is invalid, recorded, and the best-ranked options are used."""
    def stray(prompt: str, schema: Any) -> str:
        out: dict[str, Any] = {}
        for key, spec in schema["properties"].items():
            out[key] = [1, {"a": 1}, None, ["x"], *spec["items"]["enum"][:1]] if spec["type"] == "array" else 5
        return json.dumps(out)

    env = generated_env(11, 2)
    planner = GrammarChoicePlanner(ScriptedEngine(stray))
    traj = planner(env, 0)
    assert traj.steps and all(isinstance(n, str) for n in planner.last_choices["attractions"])
    assert planner.last_choices["attractions"] and any("attractions" in f for f in planner.failures)


def test_evolve_sees_a_one_step_patch_of_a_long_travel_plan_whole() -> None:
    """A 75-step plan: the patch is judged as proposed (the old max_steps=40 cut every proposal)."""
    env = generated_env(16, 7)
    reference = env.reference_steps()
    assert len(reference) > 40
    k = 60
    broken = list(reference)
    broken[k] = Step(reference[k].action, {**reference[k].args, "cost": 9999})
    traj = Trajectory(broken, task=env.task)
    inspect = Composite()
    loss = inspect(traj, env)
    traj.last_loss = loss
    loss.backward()
    assert loss.blamed_steps == [k]
    engine = ScriptedEngine(lambda p, s: json.dumps({"op": "replace", "step": reference[k].to_dict()}))
    report = Evolve([traj], engine, radii=("patch",), try_delete=False, inspect=inspect, env=env).step()
    assert report.accepted and report.loss_after == 0
    assert traj.steps == reference


def test_evolve_rejects_an_over_long_proposal_with_its_reason() -> None:
    env = make_env("daytrip", seed=7)
    traj = Trajectory([Step("return")], task=env.task)
    loss = Composite()(traj, env)
    traj.last_loss = loss
    loss.backward()
    many = json.dumps({"steps": [{"action": "wait", "args": {"minutes": 5}}] * 9})
    report = Evolve([traj], ScriptedEngine(lambda p, s: many), radii=("replan",), growth=3).step()
    assert not report.accepted
    assert "9 steps, more than the limit of 4" in report.candidates[0].error


def test_plan_rejects_an_over_long_answer_instead_of_cutting_it() -> None:
    from pivot_opt.planning import SchemaPlanner

    env = make_env("daytrip", seed=7)
    planner = SchemaPlanner(ScriptedEngine([json.dumps({"steps": [{"action": "return"}] * 5})]), max_steps=4)
    assert planner(env, 0).steps == []
    assert "5 steps, more than the limit of 4" in planner.failures[0]
