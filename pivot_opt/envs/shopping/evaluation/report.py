"""Official aggregation: the level summary (spec §7.2) and the statistics across levels (§7.3).

Reports are written only where the caller says (``report_dir``); nothing is written next to
the evaluated run. Definitions are the official ones: ``average_score`` equals
``average_case_score`` (the mean of the 0/1 case scores), ``overall_match_rate`` is the micro
average of matched over expected counts (coupons included), a level is ``valid`` when at most
10 % of its cases are incomplete, and the headline metrics across levels are ``match_rate`` and
``weighted_average_case_score``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pivot_opt.envs.shopping.data.case import case_dirs
from pivot_opt.envs.shopping.evaluation.scoring import case_report, evaluate_case

__all__ = ["evaluate_cases", "evaluate_run", "model_statistics", "run_folder_name", "summarize_level"]

_STAT_KEYS = ("total_cases", "successful_cases", "failed_cases", "total_matched_products",
              "total_expected_products", "total_extra_products", "average_case_score",
              "overall_match_rate", "incomplete_cases", "incomplete_rate", "valid")


def summarize_level(results: Sequence[dict[str, Any]], evaluation_time: str | None = None) -> dict[str, Any]:
    """``summary_report.json`` of one level from its per-case results."""
    n = len(results)
    scores = [r.get("case_score", 0.0) for r in results]
    matched = sum(r.get("matched_count", 0) for r in results)
    expected = sum(r.get("expected_count", 0) for r in results)
    incomplete = sum(1 for r in results if not r.get("is_completed", True))
    successful = sum(1 for s in scores if s == 1.0)
    mean = sum(scores) / n if n else 0.0
    stats = {
        "total_cases": n,
        "successful_cases": successful,
        "failed_cases": n - successful,
        "average_score": mean,
        "average_case_score": mean,
        "max_score": max(scores) if scores else 0.0,
        "min_score": min(scores) if scores else 0.0,
        "total_matched_products": matched,
        "total_expected_products": expected,
        "total_extra_products": sum(r.get("extra_products_count", 0) for r in results),
        "overall_match_rate": matched / expected if expected > 0 else 0.0,
        "incomplete_cases": incomplete,
        "incomplete_rate": incomplete / n if n else 0.0,
        "valid": (incomplete / n if n else 0.0) <= 0.1,
    }
    rows = [{"case_name": r["case_name"], "success": r.get("case_score", 0.0) == 1.0,
             "score": r.get("score", 0.0), "matched_count": r.get("matched_count", 0),
             "expected_count": r.get("expected_count", 0), "extra_products_count": r.get("extra_products_count", 0),
             "error": r.get("error"), "case_score": r.get("case_score", 0.0),
             "is_completed": r.get("is_completed", True)} for r in results]
    return {"evaluation_time": evaluation_time or datetime.now().isoformat(), "overall_statistics": stats,
            "case_results": rows, "detailed_results": list(results)}


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def evaluate_run(run_dir: str | Path, *, case_filter: Sequence[str] | None = None,
                 report_dir: str | Path | None = None) -> dict[str, Any]:
    """Score every ``case_*`` folder of a run (string order), optionally only ``case_filter``.

    With ``report_dir`` the per-case reports of successful cases and ``summary_report.json`` are
    written there (the folder is created; existing reports of the same names are replaced).
    """
    folders = case_dirs(run_dir)
    if case_filter:
        folders = [f for f in folders if f.name in set(case_filter)]
    return evaluate_cases(folders, report_dir=report_dir)


def evaluate_cases(folders: Sequence[Path], *, report_dir: str | Path | None = None) -> dict[str, Any]:
    """:func:`evaluate_run` over the given case folders (in the order given)."""
    results = [evaluate_case(folder) for folder in folders]
    now = datetime.now().isoformat()
    summary = summarize_level(results, now)
    if report_dir is not None:
        out = Path(report_dir)
        out.mkdir(parents=True, exist_ok=True)
        for result in results:
            if result.get("success"):
                _write(out / f"{result['case_name']}_report.json", case_report(result, now))
        _write(out / "summary_report.json", summary)
    return summary


def run_folder_name(model: str, level: int, stamp: str | None = None) -> str:
    """``database_<model>_level<L>_<YYYYMMDDHHMM>``: the name the statistics look for."""
    return f"database_{model}_level{level}_{stamp or datetime.now().strftime('%Y%m%d%H%M')}"


_FOLDER = re.compile(r"^database_(.+?)_level([123])_(\d+)$")


def model_statistics(report_root: str | Path, model: str) -> dict[str, Any] | None:
    """``<model>_statistics.json`` over the latest report folder per level (None when there is none)."""
    root = Path(report_root)
    latest: dict[int, tuple[int, str, dict[str, Any]]] = {}
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        match = _FOLDER.match(folder.name)
        if not folder.is_dir() or not match or match.group(1) != model:
            continue
        try:
            stats = json.loads((folder / "summary_report.json").read_text(encoding="utf-8"))["overall_statistics"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        level, stamp = int(match.group(2)), int(match.group(3))
        row = {key: stats.get(key, False if key == "valid" else 0) for key in _STAT_KEYS}
        if level not in latest or stamp > latest[level][0]:
            latest[level] = (stamp, folder.name, row)
    if not latest:
        return None
    levels = {f"level_{lv}": {"folder_name": latest[lv][1], **latest[lv][2]} for lv in sorted(latest)}
    rows = [latest[lv][2] for lv in sorted(latest)]

    def total(key: str) -> Any:
        return sum(r[key] for r in rows)

    cases = total("total_cases")
    return {
        "model_name": model,
        "statistics_time": datetime.now().isoformat(),
        "levels": levels,
        "total": {
            "total_cases": cases,
            "successful_cases": total("successful_cases"),
            "failed_cases": total("failed_cases"),
            "total_matched_products": total("total_matched_products"),
            "total_expected_products": total("total_expected_products"),
            "total_extra_products": total("total_extra_products"),
            "successful_rate": total("successful_cases") / cases if cases else 0.0,
            "match_rate": (total("total_matched_products") / total("total_expected_products")
                           if total("total_expected_products") else 0.0),
            "weighted_average_case_score": (sum(r["average_case_score"] * r["total_cases"] for r in rows) / cases
                                            if cases else 0.0),
            "incomplete_cases": total("incomplete_cases"),
            "incomplete_rate": total("incomplete_cases") / cases if cases else 0.0,
            "valid": all(r["valid"] for r in rows),
            "levels_completed": sorted(latest),
        },
    }
