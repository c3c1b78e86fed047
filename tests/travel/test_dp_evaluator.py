"""Per-task score objects and run aggregation with the official denominator."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pivot_opt.envs.travel import (
    DatabaseError,
    PlanStructureError,
    evaluate_run,
    load_database,
    load_tasks,
    parse_plan_text,
    score_plan,
)
from pivot_opt.errors import TrajectoryParseError

DATA = Path(__file__).parent / "data"
TASKS = load_tasks(DATA / "tasks.json")
META = TASKS[0].meta_info
PLAN = parse_plan_text((DATA / "plan_9001.txt").read_text(encoding="utf-8"))
DIMENSIONS = [
    "Route Consistency",
    "Sandbox Compliance",
    "Itinerary Structure",
    "Time Feasibility",
    "Business Hours",
    "Duration Rationality",
    "Cost Calculation Accuracy",
    "Activity Diversity",
]


def test_score_object_has_the_official_shape() -> None:
    result = score_plan(PLAN, META, DATA / "id_9001", sample_id="9001")
    assert list(result) == [
        "sample_id",
        "scores",
        "commonsense_dimension_scores",
        "commonsense_dimension_details",
        "personalized_dimension_score",
    ]
    assert result["scores"] == {
        "commonsense_weighted_score": 1.0,
        "personalized_score": 1.0,
        "composite_score": 1.0,
        "case_acc": 1.0,
    }
    assert list(result["commonsense_dimension_scores"]) == DIMENSIONS
    detail = result["commonsense_dimension_details"]["Route Consistency"]
    assert detail == {
        "passed": 3,
        "total": 3,
        "weight": 0.125,
        "score": 1.0,
        "weighted_score": 0.125,
        "checks": [
            {"name": "valid_trip_duration", "passed": True, "message": None},
            {"name": "closed_loop_route_structure", "passed": True, "message": None},
            {"name": "seamless_intercity_transfers", "passed": True, "message": None},
        ],
    }
    assert result["personalized_dimension_score"]["constraints"]["budget_constraint"] == {
        "passed": True,
        "message": None,
    }
    assert "sample_id" not in score_plan(PLAN, META, load_database(DATA / "id_9001"))
    json.dumps(result)  # JSON-serialisable as written by the official evaluation


def test_partial_scores() -> None:
    plan = copy.deepcopy(PLAN)
    plan["budget_summary"]["total_estimated_budget"] = 10  # cost check fails
    for day in plan["daily_plans"][:2]:  # wrong price for that hotel, and the hotel constraint is missed
        day["accommodation"]["name"] = "Hanting Hotel Nanjing Station"
    scores = score_plan(plan, META, DATA / "id_9001")["scores"]
    assert scores == {
        "commonsense_weighted_score": 0.75,
        "personalized_score": 0.0,
        "composite_score": 0.375,
        "case_acc": 0.0,
    }


def test_malformed_plans_raise_clear_errors() -> None:
    with pytest.raises(PlanStructureError, match="JSON object"):
        score_plan([PLAN], META, DATA / "id_9001")  # type: ignore[arg-type]
    broken = copy.deepcopy(PLAN)
    broken["daily_plans"][1]["activities"][3] = "lunch somewhere"
    with pytest.raises(PlanStructureError, match="could not be evaluated") as info:
        score_plan(broken, META, DATA / "id_9001")
    assert isinstance(info.value, TrajectoryParseError)
    with pytest.raises(DatabaseError):
        score_plan(PLAN, META, DATA / "id_404")
    empty = score_plan({}, META, None)  # no daily_plans: evaluated, every check fails
    assert empty["scores"]["commonsense_weighted_score"] == 0.0
    assert empty["commonsense_dimension_details"]["Business Hours"]["total"] == 2


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "database_en"
    for task_id in ("9001", "9002", "9003"):
        shutil.copytree(DATA / "id_9001", root / f"id_{task_id}")
    return root


def flight_plan() -> dict[str, Any]:
    """Task 9002's flight out, but lunch at the wrong restaurant (next to the museum) and the old total."""
    plan = copy.deepcopy(PLAN)
    plan["daily_plans"][0]["activities"][0]["details"].update(mode="flight", number="MU1001", cost=520)
    plan["daily_plans"][1]["activities"][3]["details"].update(name="Museum Cafe", cost=60)
    return plan


def test_run_aggregation_divides_by_every_task(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    plans = {"9001": PLAN, "9002": [1, 2], "77": PLAN}  # 9002 fails, 77 is not a task, 9003 missing
    summary = evaluate_run(plans, DATA / "tasks.json", root)
    assert summary["total_test_samples"] == 3 and summary["plan_files_found"] == 2
    assert summary["evaluation_success_count"] == 1 and summary["evaluation_failed_count"] == 1
    metrics = summary["metrics"]
    assert metrics["delivery_rate"] == pytest.approx(2 / 3)
    for key in ("commonsense_score", "personalized_score", "composite_score", "case_acc"):
        assert metrics[key] == pytest.approx(1 / 3)
    assert metrics["commonsense_dimensions"]["Time Feasibility"] == {
        "weight": 0.125,
        "score": pytest.approx(1 / 3),
        "perfect_count": 1,
    }
    failed = [r for r in summary["results"] if not r["success"]]
    assert failed == [{"success": False, "sample_id": "9002", "error": failed[0]["error"]}]
    assert "JSON object" in failed[0]["error"] and summary["error_statistics"] == []


def test_run_error_statistics_and_files(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    plans = {"9001": json.dumps(PLAN), "9002": flight_plan(), "9003": "{not json"}
    summary = evaluate_run(plans, TASKS, root, output_dir=tmp_path / "evaluation")
    by_id = {r["sample_id"]: r for r in summary["results"]}
    assert by_id["9001"]["scores"]["case_acc"] == 1.0
    assert not by_id["9003"]["success"] and "not valid JSON" in by_id["9003"]["error"]
    assert by_id["9002"]["scores"] == {
        "commonsense_weighted_score": 0.75,
        "personalized_score": 0.0,
        "composite_score": 0.375,
        "case_acc": 0.0,
    }
    stats = {e["error_type"]: e for e in summary["error_statistics"]}
    assert set(stats) == {
        "[Commonsense] cost_calculation_correctness",
        "[Commonsense] reasonable_transfer_time",
        "[Hard] restaurant_must_eat_named",
    }  # the cafe is 2 min from the museum, not 25
    assert all(e["affected_samples"] == ["9002"] and e["count"] == 1 for e in stats.values())
    ranks = [e["rank"] for e in summary["error_statistics"]]
    assert ranks == list(range(1, len(ranks) + 1))
    counts = [e["count"] for e in summary["error_statistics"]]
    assert counts == sorted(counts, reverse=True)
    written = json.loads((tmp_path / "evaluation" / "id_9001_score.json").read_text(encoding="utf-8"))
    assert written["sample_id"] == "9001" and written["scores"]["composite_score"] == 1.0
    saved = json.loads((tmp_path / "evaluation" / "evaluation_summary.json").read_text(encoding="utf-8"))
    assert saved["metrics"] == json.loads(json.dumps(summary["metrics"]))
    assert not (tmp_path / "evaluation" / "id_9003_score.json").exists()


def test_run_without_matching_plans_scores_zero(tmp_path: Path) -> None:
    summary = evaluate_run({}, [t.__dict__ | {} for t in TASKS], make_root(tmp_path))
    assert summary["plan_files_found"] == 0 and summary["metrics"]["composite_score"] == 0.0
    assert summary["metrics"]["commonsense_dimensions"]["Route Consistency"]["perfect_count"] == 0
