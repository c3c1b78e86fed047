"""Per-task scores and run aggregation, as the official evaluation computes them (spec §10).

``score_plan`` gives the per-task score object; ``evaluate_run`` aggregates a whole run with
the official denominator (every task of the query file; missing or failed tasks count 0).

Deviations, on purpose: results are listed in task order (officially: completion order of a
thread pool); the summary has no timing fields; when no plan matches any task a zero summary
is returned (officially the run stops without writing one).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pivot_opt.envs.travel.data.database import (
    DatabaseError,
    TravelDatabase,
    load_database,
    resolve_task_dir,
)
from pivot_opt.envs.travel.data.records import TravelTask
from pivot_opt.envs.travel.data.tasks import load_tasks, task_from_record
from pivot_opt.envs.travel.evaluation.commonsense import (
    COMMONSENSE_CHECKS,
    DIMENSION_WEIGHT,
    run_commonsense,
    score_dimensions,
)
from pivot_opt.envs.travel.evaluation.personalized import personalized_score, run_personalized
from pivot_opt.envs.travel.plans.steps import TRAVEL_ACTIONS
from pivot_opt.errors import TrajectoryParseError

__all__ = ["PlanStructureError", "as_tasks", "evaluate_run", "score_plan"]


class PlanStructureError(TrajectoryParseError):
    """A converted plan is not shaped like §7 (officially the task then fails and scores 0)."""


def _database(db: TravelDatabase | str | os.PathLike[str] | None) -> TravelDatabase:
    if isinstance(db, TravelDatabase):
        return db
    if db is None:
        return TravelDatabase({})
    # Official tolerance: a missing CSV is an empty table, not an error (the folder must exist).
    return load_database(db, strict=False)


def _steps_plan_message(steps: Any) -> str:
    """Why a ``{"steps": [...]}`` object is no converted plan, naming foreign actions if any."""
    actions = sorted({str(s.get("action")) for s in steps if isinstance(s, dict)} if isinstance(steps, list) else set())
    foreign = sorted(set(actions) - TRAVEL_ACTIONS)
    if foreign:
        return (f"this is a plan of another environment (actions {', '.join(foreign[:5])}), not a travel plan; "
                "score it with its own environment")
    return ("this is a steps plan (pivot run's best_plan.json), not a converted plan with daily_plans; convert it "
            "with TravelEnv.to_plan first (pivot eval does this)")


def score_plan(
    plan: dict[str, Any],
    meta_info: Mapping[str, Any],
    db: TravelDatabase | str | os.PathLike[str] | None,
    *,
    sample_id: str | None = None,
    helpful_messages: bool = False,
) -> dict[str, Any]:
    """Score one converted plan: the object the official evaluation writes as ``id_<id>_score.json``.

    Check messages carry the official wording unless ``helpful_messages=True`` (this project's
    phrasing; scores are the same either way).

    ``db`` is a loaded :class:`TravelDatabase` or the path of an ``id_<id>`` folder. Raises
    :class:`PlanStructureError` when the plan is not an object or is malformed in a way that
    makes the official evaluation fail (such a task scores 0 in :func:`evaluate_run`), and
    :class:`~pivot_opt.envs.travel.data.database.DatabaseError` when the folder does not exist.
    """
    if not isinstance(plan, dict):
        raise PlanStructureError(f"a converted plan must be a JSON object, got {type(plan).__name__}")
    if "steps" in plan and "daily_plans" not in plan:
        raise PlanStructureError(_steps_plan_message(plan["steps"]))
    database = _database(db)
    try:
        commonsense = run_commonsense(plan, meta_info, database, helpful_messages=helpful_messages)
        hard = run_personalized(plan, meta_info, helpful_messages=helpful_messages)
    except TrajectoryParseError:
        raise
    except Exception as exc:
        raise PlanStructureError(
            f"the plan could not be evaluated ({type(exc).__name__}: {exc}); check that days, activities "
            f"and details are JSON objects and names/times are strings (spec §7)"
        ) from exc
    common_score, dim_scores, dim_details = score_dimensions(commonsense)
    personal = personalized_score(hard)
    p_score = personal["score"]
    result: dict[str, Any] = {} if sample_id is None else {"sample_id": str(sample_id)}
    result.update(
        {
            "scores": {
                "commonsense_weighted_score": common_score,
                "personalized_score": p_score,
                "composite_score": (common_score + p_score) / 2,
                "case_acc": 1.0 if common_score == 1.0 and p_score == 1.0 else 0.0,
            },
            "commonsense_dimension_scores": dim_scores,
            "commonsense_dimension_details": dim_details,
            "personalized_dimension_score": personal,
        }
    )
    return result


def as_tasks(tasks: Iterable[TravelTask | Mapping[str, Any]] | str | os.PathLike[str]) -> list[TravelTask]:
    """Tasks from a query-file path, or from TravelTask objects / raw task records."""
    if isinstance(tasks, (str, os.PathLike)):
        return load_tasks(tasks)
    return [t if isinstance(t, TravelTask) else task_from_record(dict(t), Path("<tasks>")) for t in tasks]


def _error_statistics(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    stats: dict[str, dict[str, list[Any]]] = {}
    for res in results:
        if not res["success"]:
            continue
        failures = [
            (f"[Commonsense] {c['name']}", c["message"])
            for dim in res["commonsense_dimension_details"].values()
            for c in dim["checks"]
            if not c["passed"] and c["message"]
        ]
        failures += [
            (f"[Hard] {key}", c["message"])
            for key, c in res["personalized_dimension_score"]["constraints"].items()
            if not c["passed"] and c["message"]
        ]
        for kind, message in failures:
            entry = stats.setdefault(kind, {"samples": [], "messages": []})
            entry["samples"].append(res["sample_id"])
            entry["messages"].append(message)
    ranked = sorted(stats.items(), key=lambda kv: len(kv[1]["samples"]), reverse=True)
    return [
        {
            "rank": i + 1,
            "error_type": kind,
            "count": len(e["samples"]),
            "affected_samples": e["samples"],
            "sample_messages": e["messages"],
        }
        for i, (kind, e) in enumerate(ranked)
    ]


def _load_plan(value: Any) -> Any:
    if isinstance(value, (str, bytes)):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise PlanStructureError(f"the converted plan is not valid JSON ({exc})") from exc
    return value


def evaluate_run(
    plans: Mapping[str, Any],
    tasks: Iterable[TravelTask | Mapping[str, Any]] | str | os.PathLike[str],
    db_root: str | os.PathLike[str],
    *,
    output_dir: str | os.PathLike[str] | None = None,
    helpful_messages: bool = False,
) -> dict[str, Any]:
    """Score every delivered plan and aggregate as the official ``evaluation_summary.json``.

    ``plans`` maps task id -> converted plan (a dict, or its JSON text); ids not among ``tasks``
    are ignored. Every metric is divided by the number of tasks. With ``output_dir`` the
    per-task ``id_<id>_score.json`` files and ``evaluation_summary.json`` are written there.
    ``helpful_messages`` as in :func:`score_plan`.
    """
    task_list = as_tasks(tasks)
    total = len(task_list)
    delivered = [t for t in task_list if t.id in {str(k) for k in plans}]
    plans_by_id = {str(k): v for k, v in plans.items()}
    out_dir = Path(output_dir) if output_dir is not None else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    for task in delivered:
        try:
            folder = resolve_task_dir(db_root, task.id)
            plan = _load_plan(plans_by_id[task.id])
            if not isinstance(plan, dict):
                raise PlanStructureError(f"a converted plan must be a JSON object, got {type(plan).__name__}")
            scored = score_plan(
                plan,
                task.meta_info,
                load_database(folder, strict=False),
                sample_id=task.id,
                helpful_messages=helpful_messages,
            )
        except (TrajectoryParseError, DatabaseError, OSError) as exc:
            results.append({"success": False, "sample_id": task.id, "error": str(exc)})
            continue
        if out_dir is not None:
            (out_dir / f"id_{task.id}_score.json").write_text(
                json.dumps(scored, ensure_ascii=False, indent=2), encoding="utf-8"
            )
        results.append(
            {
                "success": True,
                "sample_id": task.id,
                "scores": scored["scores"],
                "commonsense_dimension_details": scored["commonsense_dimension_details"],
                "personalized_dimension_score": scored["personalized_dimension_score"],
            }
        )
    ok = [r for r in results if r["success"]]

    def mean(key: str) -> float:
        return sum(r["scores"][key] for r in ok) / total if total else 0.0

    dims = {}
    for dim in COMMONSENSE_CHECKS:
        values = [r["commonsense_dimension_details"][dim]["score"] for r in ok]
        dims[dim] = {
            "weight": DIMENSION_WEIGHT,
            "score": sum(values) / total if total else 0.0,
            "perfect_count": sum(1 for v in values if v == 1.0),
        }
    summary = {
        "total_test_samples": total,
        "plan_files_found": len(delivered),
        "evaluation_success_count": len(ok),
        "evaluation_failed_count": len(results) - len(ok),
        "metrics": {
            "delivery_rate": len(delivered) / total if total else 0.0,
            "commonsense_score": mean("commonsense_weighted_score"),
            "commonsense_dimensions": dims,
            "personalized_score": mean("personalized_score"),
            "composite_score": mean("composite_score"),
            "case_acc": mean("case_acc"),
        },
        "error_statistics": _error_statistics(results),
        "results": results,
    }
    if out_dir is not None:
        (out_dir / "evaluation_summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return summary
