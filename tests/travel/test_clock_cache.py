"""Clock-time strings are parsed once per process (the execute+score hot path), with identical results."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

import pytest
from env_support import generated_env
from hypothesis import given, settings
from hypothesis import strategies as st

from pivot_opt.envs.travel import use_time_cache
from pivot_opt.envs.travel.data.context import to_minutes
from pivot_opt.envs.travel.evaluation import common
from pivot_opt.envs.travel.evaluation.common import parse_hhmm, parse_slot, slot_minutes


@pytest.fixture(autouse=True)
def _cache_on() -> Iterator[None]:
    use_time_cache(True)
    yield
    use_time_cache(True)


class _CountingDatetime(datetime):
    """``datetime`` whose ``strptime`` records every string it is asked to parse."""

    seen: ClassVar[list[str]] = []

    @classmethod
    def strptime(cls, text: str, fmt: str) -> Any:  # type: ignore[override]
        cls.seen.append(text)
        return datetime.strptime(text, fmt)


def test_scoring_a_plan_parses_each_time_string_once(monkeypatch: pytest.MonkeyPatch) -> None:
    env = generated_env(16, 7)
    steps = env.reference_steps()
    _CountingDatetime.seen = []
    monkeypatch.setattr(common, "datetime", _CountingDatetime)
    for _ in range(3):
        env.clear_cache()
        env.execute(steps)
        env.score(steps)
    seen = _CountingDatetime.seen
    assert seen, "the evaluator parses clock times with strptime"
    assert len(seen) == len(set(seen))


def test_cached_and_uncached_runs_agree() -> None:
    """Same trace and score object with the memo off, on (cold) and on (warm), also for a broken plan."""
    for seed, days in ((11, 2), (16, 7)):
        env = generated_env(seed, days)
        reference = env.reference_steps()
        broken = reference[:3] + reference[4:]
        for steps in (reference, broken):
            results = []
            for enabled in (False, True, True):
                use_time_cache(enabled)
                env.clear_cache()
                results.append((env.execute(steps), env.score(steps)))
            assert results[0] == results[1] == results[2]


_CLOCKISH = st.one_of(
    st.text(alphabet="0123456789: -\t2", max_size=14),
    st.builds(lambda h, m, sep: f"{h}:{m:02d}{sep}", st.integers(-1, 30), st.integers(0, 99),
              st.sampled_from(["", " ", "-09:30", " - 24:00", "x"])),
    st.sampled_from(["24:00", " 24:00 ", "2025-10-01 07:45", "23:59-00:10", "", "12:60", "9:5"]),
)


@settings(max_examples=150, deadline=None)
@given(_CLOCKISH)
def test_memoised_parsers_match_the_plain_parse(text: str) -> None:
    use_time_cache(False)
    plain = (parse_hhmm(text), parse_slot(text), slot_minutes(text), to_minutes(text))
    use_time_cache(True)
    first = (parse_hhmm(text), parse_slot(text), slot_minutes(text), to_minutes(text))
    again = (parse_hhmm(text), parse_slot(text), slot_minutes(text), to_minutes(text))
    assert plain == first == again
