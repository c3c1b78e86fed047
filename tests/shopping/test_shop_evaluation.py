"""The official scoring rules (case score, completion, aggregation per level and across levels)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from shop_support import FIXTURES

from pivot_opt.envs.shopping import evaluate_case, evaluate_run, model_statistics, score_cart, summarize_level
from pivot_opt.envs.shopping.evaluation import case_completed, run_folder_name

X30, VIP = "Cross-store: ¥30 off every ¥300", "VIP: ¥200 off every ¥1,000"
TRUTH = {"query": "q", "ground_truth_products": [{"product_id": "a", "name": "A"}, {"product_id": "b", "name": "B"}],
         "ground_truth_coupons": {VIP: 1, X30: 1}}


def cart(ids: list[str], coupons: list[tuple[str, Any]] | None = None) -> dict[str, Any]:
    return {"items": [{"product_id": i, "name": i.upper(), "quantity": 1, "price": 1.0} for i in ids],
            "used_coupons": [{"coupon_name": n, "quantity": q} for n, q in coupons or []]}


def test_the_optimal_cart_scores_one() -> None:
    result = score_cart(cart(["a", "b"], [(VIP, 1), (X30, "1")]), TRUTH)
    counts = (result["score"], result["case_score"], result["matched_count"], result["expected_count"])
    assert counts == (1.0, 1.0, 4, 4)
    assert result["coupon_score"] == 1.0 and result["extra_products_count"] == 0


def test_quantities_of_products_are_ignored_and_extras_cost_nothing() -> None:
    items = cart(["a", "b", "z"], [(VIP, 1), (X30, 1.0), ("Same-brand: ¥25 off every ¥200", 1)])
    items["items"][0]["quantity"] = 0  # a zero-quantity line still counts
    items["items"].append(dict(items["items"][1]))  # duplicate lines collapse
    result = score_cart(items, TRUTH)
    assert result["case_score"] == 1.0 and result["extra_products_count"] == 1
    assert result["extra_products"] == [{"product_id": "z", "name": "Z", "quantity": 1, "price": 1.0}]


def test_a_missing_product_or_a_wrong_coupon_quantity_fails_the_case() -> None:
    result = score_cart(cart(["a"], [(VIP, 1), (X30, 1)]), TRUTH)
    assert (result["score"], result["case_score"]) == (0.75, 0.0)
    assert result["unmatched_ground_truth_products"] == [{"product_id": "b", "name": "B"}]
    result = score_cart(cart(["a", "b"], [(VIP, 2), (X30, 1)]), TRUTH)
    assert (result["score"], result["case_score"], result["coupon_score"]) == (0.75, 0.0, 0.5)
    assert result["matched_coupons"][0] == {"coupon_name": VIP, "quantity": 2, "expected_quantity": 1, "match": False}
    truth = {**TRUTH, "ground_truth_coupons": {VIP: "1"}}  # a string quantity in the truth never matches
    assert score_cart(cart([], [(VIP, 1)]), truth)["matched_count"] == 0


def test_quirks_empty_truth_scores_one_and_repeated_coupon_lines_count_twice() -> None:
    empty = score_cart(cart(["a"]), {"ground_truth_products": []})
    assert (empty["score"], empty["case_score"], empty["expected_count"]) == (0.0, 1.0, 0)
    twice = score_cart(cart(["a", "b"], [(VIP, 1), (VIP, 1), (X30, 1)]), TRUTH)
    assert twice["matched_count"] == 5 and twice["score"] == 1.25 and twice["case_score"] == 0.0


def test_missing_files_give_no_counts(tmp_path: Path) -> None:
    assert score_cart({}, TRUTH) == {"case_name": "case", "success": False, "error": "Missing required files",
                                     "score": 0.0, "details": [], "is_completed": False}
    folder = tmp_path / "case_4"
    folder.mkdir()
    (folder / "cart.json").write_text(json.dumps(cart(["a"], [(VIP, "x")])))
    (folder / "validation_cases.json").write_text(json.dumps(TRUTH))
    failed = evaluate_case(folder)  # int("x") fails: the official failure row
    assert failed["success"] is False and "matched_count" not in failed and "invalid literal" in failed["error"]


def test_completion_reads_the_last_message(tmp_path: Path) -> None:
    path = tmp_path / "messages.json"
    assert not case_completed(path)
    for messages, done in [([], False), ([{"role": "tool", "content": "{}"}], False),
                           ([{"role": "assistant", "content": "", "tool_calls": [{"id": "1"}]}], False),
                           ([{"role": "assistant", "content": "done", "tool_calls": []}], True),
                           ([{"role": "user", "content": "check"}], True)]:
        path.write_text(json.dumps({"step": 1, "description": "d", "messages": messages}))
        assert case_completed(path) is done


def make_run(tmp_path: Path, carts: dict[str, dict[str, Any] | None], done: bool = True) -> Path:
    run = tmp_path / "run"
    for name, content in carts.items():
        folder = run / name
        shutil.copytree(FIXTURES / "case_1", folder)
        if content is None:
            (folder / "cart.json").unlink()
        else:
            (folder / "cart.json").write_text(json.dumps(content))
        last = {"role": "assistant", "content": "done"} if done else {"role": "tool", "content": "{}"}
        (folder / "messages.json").write_text(json.dumps({"step": 2, "description": "d", "messages": [last]}))
    return run


def test_level_summary_and_reports(tmp_path: Path) -> None:
    right = cart(["a1b2c3d1", "a1b2c3d3"])
    run = make_run(tmp_path, {"case_1": right, "case_10": cart(["a1b2c3d1"]), "case_2": None})
    summary = evaluate_run(run, report_dir=tmp_path / "reports")
    stats = summary["overall_statistics"]
    assert [r["case_name"] for r in summary["case_results"]] == ["case_1", "case_10", "case_2"]
    assert stats["total_cases"] == 3 and stats["successful_cases"] == 1 and stats["failed_cases"] == 2
    assert stats["average_score"] == stats["average_case_score"] == pytest.approx(1 / 3)
    assert stats["total_matched_products"] == 3 and stats["total_expected_products"] == 4  # case_2 adds nothing
    assert stats["overall_match_rate"] == 0.75
    assert stats["incomplete_cases"] == 1 and stats["valid"] is False  # the missing cart counts as incomplete
    written = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert written == ["case_10_report.json", "case_1_report.json", "summary_report.json"]
    report = json.loads((tmp_path / "reports" / "case_10_report.json").read_text())
    assert report["summary"] == {"score": 0.5, "matched_count": 1, "expected_count": 2, "extra_products_count": 0,
                                 "coupon_score": 0.0}
    only = evaluate_run(run, case_filter=["case_10"])
    assert [r["case_name"] for r in only["case_results"]] == ["case_10"]
    assert summarize_level([])["overall_statistics"]["valid"] is True


def test_statistics_across_levels_take_the_latest_run_per_level(tmp_path: Path) -> None:
    def level(name: str, total: int, ok: int, matched: int, expected: int, valid: bool = True) -> None:
        folder = tmp_path / name
        folder.mkdir()
        stats = {"total_cases": total, "successful_cases": ok, "failed_cases": total - ok,
                 "total_matched_products": matched, "total_expected_products": expected, "total_extra_products": 0,
                 "average_case_score": ok / total, "overall_match_rate": matched / expected,
                 "incomplete_cases": 0, "incomplete_rate": 0.0, "valid": valid}
        (folder / "summary_report.json").write_text(json.dumps({"overall_statistics": stats}))

    assert run_folder_name("m", 1, "202601010000") == "database_m_level1_202601010000"
    level("database_m_level1_202601010000", 50, 10, 100, 200)
    level("database_m_level1_202601020000", 50, 20, 150, 200)  # the latest level-1 run wins
    level("database_m_level3_202601010000", 20, 5, 30, 80, valid=False)
    level("database_other_level2_202601010000", 50, 50, 200, 200)
    stats = model_statistics(tmp_path, "m")
    assert stats is not None and stats["levels"]["level_1"]["folder_name"].endswith("202601020000")
    total = stats["total"]
    assert total["levels_completed"] == [1, 3] and total["total_cases"] == 70
    assert total["match_rate"] == 180 / 280 and total["weighted_average_case_score"] == pytest.approx(25 / 70)
    assert total["successful_rate"] == pytest.approx(25 / 70) and total["valid"] is False
    assert model_statistics(tmp_path, "absent") is None
