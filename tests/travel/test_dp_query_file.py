"""The public DeepPlanning query file: all 120 tasks load and their hard constraints are checkable.

Skipped when the shared data folder is absent. Set ``PIVOT_DEEPPLANNING_DATA`` to the folder
holding ``travelplanning_query_en.json`` to run it elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from public_data import DEEPPLANNING

from pivot_opt.envs.travel import (
    HARD_CONSTRAINT_KEYS,
    TravelTask,
    load_tasks,
    personalized_score,
    run_personalized,
    score_plan,
)

FOLDER = DEEPPLANNING
QUERY_FILE = FOLDER / "travelplanning_query_en.json"
pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not QUERY_FILE.is_file(), reason=f"{QUERY_FILE} not available"),
]


@pytest.fixture(scope="module")
def tasks() -> list[TravelTask]:
    return load_tasks(QUERY_FILE)


def ground_truth_plan(meta: dict[str, Any]) -> dict[str, Any]:
    """A bare plan that names every entity the task's hard constraints ask for."""
    org, dest, n = meta["org"], meta["dest"][0], meta["days"]
    days: list[dict[str, Any]] = [{"current_city": dest, "activities": []} for _ in range(n)]
    days[0]["current_city"], days[-1]["current_city"] = f"from {org} to {dest}", f"from {dest} to {org}"
    for key, data in meta["hard_constraints"].items():
        for mode in ("flight", "train"):
            if key.startswith(mode):
                for leg, day in (("outbound", days[0]), ("inbound", days[-1])):
                    if f"{leg}_{mode}_no" in data:
                        day["activities"].append(
                            {
                                "type": "travel_intercity_public",
                                "details": {"mode": mode, "number": data[f"{leg}_{mode}_no"]},
                            }
                        )
        if key.startswith("hotel_"):
            days[0]["accommodation"] = {"name": data["hotel_name"]}
        if key.startswith("restaurant_"):
            days[1 % n]["activities"].append({"type": "meal", "details": {"name": data["restaurant_name"]}})
        if key.startswith("attraction_"):
            days[1 % n]["activities"] += [
                {"type": "attraction", "details": {"name": a}} for a in data["attraction_names"]
            ]
    return {"daily_plans": days, "budget_summary": {"total_estimated_budget": 0}}


def test_the_file_matches_the_spec_statistics(tasks: list[TravelTask]) -> None:
    assert [t.id for t in tasks] == [str(i) for i in range(120)]
    keys = [k for t in tasks for k in t.hard_constraints]
    assert len(keys) == 496 and set(keys) == set(HARD_CONSTRAINT_KEYS)
    assert sum(1 for t in tasks if "budget_constraint" in t.meta_info) == 1  # task 79's stray budget
    assert all(t.query.rstrip().endswith(("Wednesday.", "Sunday.", "Wednesday", "Sunday")) for t in tasks)


def test_plans_naming_the_ground_truth_satisfy_every_task(tasks: list[TravelTask]) -> None:
    for task in tasks:
        plan = ground_truth_plan(task.meta_info)
        results = run_personalized(plan, task.meta_info)
        failed = {k: r.message for k, r in results.items() if r is None or not r.passed}
        assert not failed, (task.id, failed)
        assert personalized_score(results)["score"] == 1.0
        scored = score_plan(plan, task.meta_info, None, sample_id=task.id)  # no database: must not raise
        assert scored["scores"]["personalized_score"] == 1.0


def test_an_empty_plan_fails_every_task(tasks: list[TravelTask]) -> None:
    for task in tasks:
        results = run_personalized({"daily_plans": []}, task.meta_info)
        assert results and all(r is not None and not r.passed for r in results.values()), task.id
