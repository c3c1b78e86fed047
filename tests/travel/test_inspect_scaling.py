"""Travel INSPECT is linear in plan length: operation counts, not timings, between n and 2n steps."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import pytest
from env_support import fixture_env
from hypothesis import given, settings
from hypothesis import strategies as st

from pivot_opt.envs.travel.evaluation import timing
from pivot_opt.envs.travel.execution import _running_spend, execute_steps

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "experiments"))
from travel_inspect_scaling import long_plan


def _official_buffer_minutes(spans: list[tuple[int, int]], prev_e: int, curr_s: int) -> float:
    """The official per-pair loop over every buffer of the day (the reference being reproduced)."""
    buffers = 0.0
    for bs, be in spans:
        if bs < prev_e:
            bs, be = bs + 1440, be + 1440
        elif be < prev_e:
            be += 1440
        if curr_s < prev_e:
            curr_s += 1440
        if prev_e <= bs and be <= curr_s:
            buffers += be - bs
    return buffers


_minute = st.integers(0, 1439)
_span = st.tuples(_minute, st.integers(0, 1439)).map(lambda p: (p[0], p[1] + (1440 if p[1] < p[0] else 0)))


@settings(max_examples=300, deadline=None)
@given(st.lists(_span, max_size=8), st.lists(st.tuples(st.integers(0, 2879), _minute), min_size=1, max_size=6))
def test_the_buffer_sums_equal_the_official_loop(spans: list[tuple[int, int]],
                                                 windows: list[tuple[int, int]]) -> None:
    got = timing._buffer_minutes(spans, windows)
    assert got == [_official_buffer_minutes(spans, p, c) for p, c in windows]


def test_a_wrapped_window_skips_the_first_buffer_as_officially() -> None:
    # Previous end 25:00 (01:00 next day), next start 00:10: two day shifts needed; the first
    # buffer is looked at before the second shift, so it never counts.
    spans = [(100, 120), (200, 230)]
    assert timing._buffer_minutes(spans, [(1500, 10)]) == [_official_buffer_minutes(spans, 1500, 10)] == [30.0]


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls = [0]
    real = getattr(module, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_transfer_time_check_reads_each_slot_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    env = fixture_env()
    counts = []
    for n in (200, 400, 800):
        plan = env.to_plan(long_plan(env, n))
        calls = _count_calls(monkeypatch, timing, "slot_minutes")
        timing.check_reasonable_transfer_time(plan, env.ctx.meta, env.db)
        acts = sum(len(day["activities"]) for day in plan["daily_plans"])
        counts.append(calls[0])
        assert calls[0] <= 2 * acts  # once per anchor and once per buffer, not once per (pair, buffer)
        monkeypatch.undo()
    assert counts[2] <= 2.2 * counts[1] <= 4.84 * counts[0]


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts how often it is iterated (a scan of a day's activities)."""

    scans = 0

    def __iter__(self) -> Any:
        _CountingList.scans += 1
        return super().__iter__()


def test_running_spend_scans_each_day_once_not_once_per_activity() -> None:
    env = fixture_env()
    scans = []
    for n in (200, 400):
        steps = long_plan(env, n)
        trace = execute_steps(steps, env.ctx)
        built = trace.info["built"]
        before = [r.state["spend"] for r in trace.steps]
        for day in built.plan["daily_plans"]:
            day["activities"] = _CountingList(day["activities"])
        _CountingList.scans = 0
        _running_spend(trace.steps, built, env.ctx)
        assert [r.state["spend"] for r in trace.steps] == before
        scans.append(_CountingList.scans)
        assert _CountingList.scans <= len(built.plan["daily_plans"])  # once per day at most
    assert scans[1] == scans[0]


def test_long_plans_keep_every_step_result() -> None:
    env = fixture_env()
    steps = long_plan(env, 400)
    trace = env.execute(steps)
    assert len(trace.steps) == 400
    spend = [r.state["spend"] for r in trace.steps]
    assert all(a <= b for a, b in itertools.pairwise(spend))
