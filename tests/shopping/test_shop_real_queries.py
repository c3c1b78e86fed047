"""The 120 public shopping queries: the files load, and every level-2 query states a budget range.

Optional: runs only where the DeepPlanning query files are available (env `PIVOT_DEEPPLANNING_DATA`,
else the shared data folder next to the repository); nothing of them is copied into the repository.
"""

from __future__ import annotations

import pytest
from public_data import DEEPPLANNING

from pivot_opt.envs.shopping import load_queries, stated_budget

DATA = DEEPPLANNING

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not (DATA / "level_1_query_meta.json").is_file(),
                       reason=f"DeepPlanning shopping query files not found under {DATA}"),
]


def test_query_files_load_with_the_official_counts_and_ids() -> None:
    for level, count in ((1, 50), (2, 50), (3, 20)):
        queries = load_queries(DATA, level)
        assert len(queries) == count and [q.id for q in queries] == [str(i) for i in range(1, count + 1)]
        assert all(q.level == level and len(q.query) > 200 for q in queries)


def test_every_level_2_query_states_a_budget_and_the_others_do_not() -> None:
    budgets = {q.id: stated_budget(q.query) for q in load_queries(DATA, 2)}
    assert all(b is not None and 500 < b[0] <= b[1] < 50_000 for b in budgets.values()), budgets
    assert budgets["1"] == (5556.0, 6346.0)
    for level in (1, 3):
        assert [q.id for q in load_queries(DATA, level) if stated_budget(q.query)] == []
