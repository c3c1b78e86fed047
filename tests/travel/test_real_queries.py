"""All 120 public English queries: a generated database per query, and a reference plan at 1.0 / 1.0.

Optional: runs only where the DeepPlanning query file is available (env `PIVOT_DEEPPLANNING_DATA`,
else the shared data folder next to the repository); nothing of it is copied into the repository.
Databases are written to a temporary folder.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from public_data import DEEPPLANNING

from pivot_opt.envs.travel.generator.invariants import check_layout
from pivot_opt.envs.travel.generator.rules import check_database
from pivot_opt.envs.travel.generator.tasks import generate_database_for_meta
from pivot_opt.envs.travel.reference.plan import plan_cost, reference_plan

DATA = DEEPPLANNING
QUERY_FILE = DATA / "travelplanning_query_en.json"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not QUERY_FILE.is_file(), reason=f"DeepPlanning query file not found under {DATA}"),
]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return json.loads(QUERY_FILE.read_text(encoding="utf-8"))


def test_every_real_query_is_solvable_at_full_marks(records: list[dict[str, Any]], tmp_path: Path) -> None:
    from pivot_opt.envs.travel.evaluation.evaluator import score_plan

    assert len(records) == 120
    started = time.perf_counter()
    failures: dict[str, Any] = {}
    for record in records:
        meta = record["meta_info"]
        folder = generate_database_for_meta(record, tmp_path, seed=0)
        problems = check_database(record, folder) + check_layout(record, folder)
        plan = reference_plan(record, folder)
        scores = score_plan(plan, meta, folder)["scores"]
        cap = (meta["hard_constraints"].get("budget_constraint") or meta.get("budget_constraint") or {}).get(
            "max_budget"
        )
        if cap is not None and plan_cost(plan, meta) > cap:
            problems.append(f"over budget {plan_cost(plan, meta)} > {cap}")
        if problems or scores["commonsense_weighted_score"] != 1.0 or scores["personalized_score"] != 1.0:
            failures[record["id"]] = {"problems": problems[:5], "scores": scores}
    elapsed = time.perf_counter() - started
    assert not failures, json.dumps(failures, indent=1)[:4000]
    assert elapsed < 120, f"took {elapsed:.1f} s"
