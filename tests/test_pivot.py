"""The Pivot loop: monotone loss, best plan returned, budgets, history written as it goes."""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pivot_opt import History, Pivot, Step, Trajectory, losses
from pivot_opt.engines import ScriptedEngine
from pivot_opt.errors import ConfigError, EngineError, HistoryError
from pivot_opt.optimizers import Evolve, make_acceptor


def random_answers(env, rng: random.Random):  # type: ignore[no-untyped-def]
    """A scripted model that answers at random: valid edits, nonsense, bad names, failures."""
    places = [p.name for p in env.spec.places if p.kind == "attraction"] + ["Nowhere"]
    foods = [p.name for p in env.spec.places if p.kind == "restaurant"]

    def one_step() -> dict:
        kind = rng.choice(["visit", "visit", "eat", "return"])
        if kind == "visit":
            return {"action": "visit", "args": {"place": rng.choice(places)}}
        if kind == "eat":
            return {"action": "eat", "args": {"restaurant": rng.choice(foods)}}
        return {"action": "return", "args": {}}

    def answer(prompt: str, schema: object) -> str:
        roll = rng.random()
        if roll < 0.1:
            raise EngineError("scripted outage")
        if roll < 0.2:
            return "I cannot help with that."
        if '"op"' in json.dumps(schema):
            return json.dumps({"op": rng.choice(["replace", "insert", "delete"]), "step": one_step()})
        return json.dumps({"steps": [one_step() for _ in range(rng.randint(1, 6))]})

    return answer


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), env_seed=st.integers(0, 5),
       acceptor=st.sampled_from(["lexicographic", "total", "accept-all"]))
@example(seed=1182, env_seed=1, acceptor="lexicographic").via("the total rose as hard violations fell")
@example(seed=1182, env_seed=1, acceptor="total")
def test_random_proposals_never_raise_the_accepted_loss(seed: int, env_seed: int, acceptor: str) -> None:
    """The loss never rises in the acceptor's order, and Pivot returns the best plan in that order.

    ``total``: the total never rises; ``lexicographic`` (the default): (hard violations, total)
    never rises, so the total may when hard violations fall; ``accept-all``: anything goes, but
    the best plan seen is returned.
    """
    from pivot_opt.envs.daytrip import DayTripEnv

    env = DayTripEnv(seed=env_seed)
    engine = ScriptedEngine(random_answers(env, random.Random(seed)))
    inspect = losses.Composite()
    order = make_acceptor(acceptor)
    result = Pivot(env, engine, inspect=inspect, acceptor=None if acceptor == "lexicographic" else acceptor,
                   n_plans=2, iterations=5, progress=False, verify=False).run()
    seen = [_Recorded(r) for r in result.history.iterations]
    if order.monotonic:
        assert all(order.compare(a, b) <= 0 for a, b in itertools.pairwise(seen))
    assert not any(order.better(r, result.loss) for r in seen)
    assert not any(order.better(r, inspect(result.best, env)) for r in seen)
    assert any(order.compare(r, result.loss) == 0 for r in seen)


class _Recorded:
    """A history record as the loss an acceptor ranks (its total and hard violations)."""

    def __init__(self, record: Any) -> None:
        self.total = record.total
        self.failed = record.hard_violations is None
        self.hard_violations = 10**9 if self.failed else record.hard_violations


def test_plan_keeps_the_best_of_n_and_stops_at_zero(env, helpers) -> None:  # type: ignore[no-untyped-def]
    ref = env.spec.reference
    engine = ScriptedEngine([helpers.plan_json(ref[:1]), helpers.plan_json(ref), "junk"])
    result = Pivot(env, engine, n_plans=3, progress=False).run()
    assert result.stopped == "loss is 0" and result.iterations == 0
    assert result.best.steps == [Step.from_dict(s) for s in ref]
    assert result.verdict is not None and result.verdict.passed
    plan_info = result.history[0].extra["plan_candidates"]
    assert [c.get("total") == 0 for c in plan_info] == [False, True, False]
    assert result.history.records[-1].event == "verify"


def test_history_is_written_line_by_line_and_resumable(env, helpers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ref = env.spec.reference
    path = tmp_path / "h.jsonl"
    start = Trajectory([Step.from_dict(s) for s in ref[:1]], task=env.task)
    seen_lines: list[int] = []

    def progress(record: object) -> None:
        seen_lines.append(len(path.read_text().splitlines()))

    never = ScriptedEngine(["no"], repeat_last=True)
    Pivot(env, never, iterations=2, history=path, progress=progress, verify=False).run(start)
    assert seen_lines == [2, 3, 4]  # the header, then each record is on disk before the next iteration starts
    with pytest.raises(ConfigError, match="already exists"):
        Pivot(env, never, history=path, progress=False).run(start)
    fixer = ScriptedEngine([helpers.edit_json("insert", s) for s in ref[1:]], repeat_last=True)
    resumed = Pivot(env, fixer, iterations=6, history=path, resume=True, progress=False).run()
    its = History.load(path).iterations
    assert [r.iteration for r in its] == list(range(len(its)))
    assert resumed.loss.total < its[0].total
    assert its[-1].tokens["evolve"] >= its[2].tokens["evolve"]  # token counts continue across the resume
    with pytest.raises(ConfigError, match="already finished"):
        Pivot(env, fixer, history=path, resume=True, progress=False).run()


def test_token_budget_stops_the_run(env) -> None:  # type: ignore[no-untyped-def]
    engine = ScriptedEngine(["no"], repeat_last=True)
    start = Trajectory([Step("visit", {"place": "Nowhere"})], task=env.task)
    result = Pivot(env, engine, iterations=50, token_budget=300, progress=False).run(start)
    assert result.stopped == "token budget spent"
    assert result.iterations < 50
    spent = result.history.iterations[-1].total_tokens
    assert spent >= 300 and result.history.iterations[-2].total_tokens < 300
    for bad in (0, -5):
        with pytest.raises(ConfigError, match="positive number of tokens"):
            Pivot(env, engine, token_budget=bad)


def test_resume_checks_the_history_belongs_to_the_task(env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pivot_opt.envs.daytrip import DayTripEnv

    path = tmp_path / "h.jsonl"
    never = ScriptedEngine(["no"], repeat_last=True)
    start = Trajectory([Step("visit", {"place": "Nowhere"})], task=env.task)
    Pivot(env, never, iterations=1, history=path, progress=False, verify=False).run(start)
    assert History.load(path).meta["task"] == env.task.id
    before = path.read_text()
    with pytest.raises(HistoryError, match=f"written for task '{env.task.id}'.*; resume it with the same"):
        Pivot(DayTripEnv(seed=8), never, history=path, resume=True, progress=False).run()
    assert path.read_text() == before


def test_records_carry_candidates_tokens_and_radius(env, helpers) -> None:  # type: ignore[no-untyped-def]
    ref = env.spec.reference
    engine = ScriptedEngine([helpers.edit_json("insert", ref[-2])], repeat_last=True)
    start = Trajectory([Step.from_dict(s) for s in ref if s != ref[-2]], task=env.task)
    result = Pivot(env, engine, iterations=3, progress=False).run(start)
    rec = result.history.iterations[1]
    assert rec.accepted and rec.radius == "patch" and rec.candidates
    assert set(rec.terms) == {"executability", "hard_constraints", "soft_constraints"}
    assert rec.tokens["evolve"] > 0 and rec.wall_time > 0


def test_candidate_failures_are_in_the_history_and_the_run_goes_on(env, helpers, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ref = env.spec.reference
    real_execute = env.execute
    state = {"calls": 0}

    def flaky(steps):  # type: ignore[no-untyped-def]
        state["calls"] += 1
        if state["calls"] == 2:
            raise OSError("disk hiccup")
        return real_execute(steps)

    engine = ScriptedEngine([EngineError("rate limited"), "```not json```", helpers.plan_json(ref)], repeat_last=True)
    start = Trajectory([Step.from_dict(s) for s in ref if s != ref[1]], task=env.task)
    monkeypatch.setattr(env, "execute", flaky)
    suffix_only = lambda params: Evolve(params, engine=engine, radii=("suffix",))  # noqa: E731
    result = Pivot(env, engine, optimizer=suffix_only, iterations=5, progress=False).run(start)
    records = result.history.iterations
    errors = [c["error"] for r in records for c in r.candidates if c["error"]]
    assert "rate limited" in errors[0]
    assert "TrajectoryParseError" in errors[1]
    assert "disk hiccup" in errors[2]
    assert result.loss.is_zero and records[-1].accepted


def test_best_plan_follows_the_acceptors_order(env) -> None:  # type: ignore[no-untyped-def]
    """A lexicographic acceptor takes fewer hard violations at a higher total; Pivot's best agrees."""
    from pivot_opt.loss import Loss, TermValue
    from pivot_opt.optimizers import MonotonicLineSearch
    from pivot_opt.optimizers.base import Optimizer, StepReport

    ref = [Step.from_dict(s) for s in env.spec.reference]
    worse_but_legal = ref[:-1]  # (0 hard violations, total 0.5) vs the start's (1, 0.3)

    def inspect(traj: Trajectory, _env: object) -> Loss:
        legal = len(traj.steps) == len(worse_but_legal)
        terms = {"hard": TermValue("hard", 0.0 if legal else 1.0, 0.1, hard=True, violations=0 if legal else 1),
                 "soft": TermValue("soft", 0.5 if legal else 0.2)}
        return Loss(terms, trace=None, trajectory=traj, plan_text=traj.value)

    class Scripted(Optimizer):
        acceptor = MonotonicLineSearch(lexicographic=True)

        def step(self) -> StepReport:
            param = self.params[0]
            before, after = param.last_loss, inspect(param.with_steps(worse_but_legal), env)
            assert self.acceptor.consider(before, after).verdict.value == "accept"
            param.set_value(worse_but_legal)
            return StepReport(accepted=True, loss_before=before.total, loss_after=after.total, radius="patch")

    start = Trajectory(ref, task=env.task)
    result = Pivot(env, ScriptedEngine([]), inspect=inspect, optimizer=Scripted, iterations=1, progress=False,
                   verify=False).run(start)
    assert len(result.best.steps) == len(worse_but_legal)
    assert result.loss.hard_violations == 0 and result.loss.total == pytest.approx(0.5)
