"""Caching, token counting and seeds of dspy engines, against a real local HTTP server (issue point 5).

A cache hit is booked as cached tokens (never spent, never the length/4 estimate), missing usage
is counted with litellm's tokenizer, and the seed reaches a provider that takes one.
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from fake_openai import FakeOpenAI, chat_answer

from pivot_opt.ledger import LedgerEntry, TokenLedger


def _engine(url: str, **kwargs: Any) -> Any:
    from pivot_opt.engines import DSPyEngine

    return DSPyEngine("openai/x", api_base=url, **kwargs)


def test_a_cache_hit_is_booked_as_cached_and_spends_nothing() -> None:
    prompt = f"plan the day {uuid.uuid4()}"  # dspy's cache is shared by the session: a prompt of its own
    with FakeOpenAI(lambda body, headers: (200, chat_answer("ok", 11, 5))) as server:
        engine = _engine(server.url)  # the cache is on by default, as in dspy
        assert engine.cache
        first = engine.complete(prompt, phase="plan")
        second = engine.complete(prompt, phase="evolve")
    assert first == second == "ok" and server.requests == 1
    spent, hit = engine.ledger.entries
    assert (spent.total, spent.cache_hit) == (16, False)
    assert hit.cache_hit and hit.total == 0 and hit.cached_tokens > 0
    assert engine.ledger.by_phase()["evolve"] == 0 and engine.ledger.cached_by_phase()["evolve"] == hit.cached_tokens
    assert engine.ledger.summary()["cache_hits"] == 1 and engine.ledger.total == 16


def test_no_cache_sends_every_request() -> None:
    prompt = f"plan the day {uuid.uuid4()}"
    with FakeOpenAI(lambda body, headers: (200, chat_answer("ok", 11, 5))) as server:
        engine = _engine(server.url, cache=False)
        engine.complete(prompt)
        engine.complete(prompt)
    assert server.requests == 2 and engine.ledger.total == 32 and not any(e.cache_hit for e in engine.ledger.entries)


def test_missing_usage_is_counted_with_the_providers_tokenizer() -> None:
    import litellm

    def no_usage(body: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        answer = chat_answer("fine, thanks")
        answer.pop("usage")
        return 200, answer

    prompt = "hello " * 80 + str(uuid.uuid4())
    with FakeOpenAI(no_usage) as server:
        engine = _engine(server.url, cache=False)
        engine.complete(prompt)
    entry = engine.ledger.entries[0]
    messages = [{"role": "user", "content": prompt}]
    assert entry.prompt_tokens == litellm.token_counter(model="openai/x", messages=messages)
    assert entry.completion_tokens == litellm.token_counter(model="openai/x", text="fine, thanks")
    assert entry.prompt_tokens != (len(prompt) + 3) // 4  # not the length/4 estimate


def test_the_seed_reaches_a_provider_that_takes_one() -> None:
    bodies: list[dict[str, Any]] = []

    def record(body: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        bodies.append(body)
        return 200, chat_answer("ok")

    with FakeOpenAI(record) as server:
        engine = _engine(server.url, cache=False)
        engine.complete(f"sample {uuid.uuid4()}", temperature=0.7, seed=1234)
        engine.complete(f"greedy {uuid.uuid4()}")
    assert bodies[0].get("seed") == 1234 and "seed" not in bodies[1]
    from pivot_opt.engines import DSPyEngine

    assert DSPyEngine("openai/gpt-4o-mini", lm=object()).takes_seed()
    assert not DSPyEngine("nosuchprovider/model", lm=object()).takes_seed()


def test_cache_flags_reach_the_engine_and_the_sweep() -> None:
    from pivot_opt.bench.config import Settings, engine_options
    from pivot_opt.commands import common

    parser = argparse.ArgumentParser()
    common.add_loop_options(parser)
    assert parser.parse_args([]).cache is True and parser.parse_args(["--no-cache"]).cache is False
    args = parser.parse_args(["--engine", "dspy:openai/x", "--api-base", "http://127.0.0.1:9/v1", "--no-cache"])
    assert common.build_engine(args).cache is False
    assert common.build_engine(parser.parse_args(["--engine", "dspy:openai/x", "--api-base",
                                                  "http://127.0.0.1:9/v1"])).cache is True
    on, off = engine_options("dspy:openai/x", cache=True), engine_options("dspy:openai/x")
    assert on["cache"] is True and off["cache"] is False

    def fingerprint(options: dict[str, Any]) -> dict[str, Any]:
        return Settings("dspy:openai/x", tuple(sorted(options.items())), 1, None, 1, "o").fingerprint()

    assert fingerprint(on)["engine_options"] == {"cache": True}
    assert fingerprint(off)["engine_options"] == {}  # a sweep from before the option resumes


def test_pivot_reports_cached_tokens_apart() -> None:
    from pivot_opt import Pivot, Trajectory
    from pivot_opt.engines import ScriptedEngine
    from pivot_opt.envs.daytrip import DayTripEnv

    env = DayTripEnv(seed=7)
    engine = ScriptedEngine([])
    engine.ledger.record(LedgerEntry("plan", "x", 0, 0, cached_tokens=99, cache_hit=True))  # before the run
    result = Pivot(env, engine, iterations=0, verify=False, progress=False).run(
        Trajectory(env.spec.reference, task=env.task))
    assert result.cached_tokens["plan"] == 0 and result.total_tokens == 0
    ledger = TokenLedger()
    ledger.record(LedgerEntry("evolve", "x", 0, 0, cached_tokens=7, cache_hit=True))
    ledger.record(LedgerEntry("evolve", "x", 3, 2, cached_tokens=1))  # a provider prompt cache: spent, not a hit
    assert ledger.by_phase()["evolve"] == 5 and ledger.cached_by_phase()["evolve"] == 7


def test_pivot_run_prints_cached_tokens_apart(tmp_path: Any, monkeypatch: Any, capsys: Any) -> None:
    import json

    from pivot_opt import cli
    from pivot_opt.commands import common
    from pivot_opt.engines import ScriptedEngine
    from pivot_opt.envs.daytrip import DayTripEnv

    class HalfCached(ScriptedEngine):
        """Every call is also answered once more from a cache (as a rerun of the same requests is)."""

        def complete(self, *args: Any, **kwargs: Any) -> str:
            self.ledger.record(LedgerEntry(kwargs.get("phase", "plan"), "x", 0, 0, cached_tokens=40, cache_hit=True))
            return super().complete(*args, **kwargs)

    ref = DayTripEnv(seed=3).spec.reference
    monkeypatch.setattr(common, "build_engine", lambda args: HalfCached([json.dumps({"steps": ref})], repeat_last=True))
    assert cli.main(["run", "--env-option", "seed=3", "--plans", "1", "--out", str(tmp_path / "r")]) == 0
    assert "40 more answered from the response cache (not spent)" in capsys.readouterr().out
