"""pivot eval --env shopping: a run folder, one case, one cart file, and clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shop_support import FIXTURES

from pivot_opt import cli


def test_eval_a_run_folder_and_write_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = tmp_path / "run"
    shutil.copytree(FIXTURES, run)
    (run / "case_1" / "cart.json").write_text(json.dumps({"items": [{"product_id": "a1b2c3d1"}, {"product_id":
                                                                                             "a1b2c3d3"}]}))
    assert cli.main(["eval", "--env", "shopping", "--cases", str(run), "--report-dir", str(tmp_path / "rep")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["overall_statistics"]["successful_cases"] == 1 and out["overall_statistics"]["total_cases"] == 2
    assert (tmp_path / "rep" / "summary_report.json").is_file()
    assert cli.main(["eval", "--env", "shopping", "--cases", str(run / "case_2"), "--report-dir",
                     str(tmp_path / "one")]) == 0
    assert json.loads(capsys.readouterr().out)["overall_statistics"]["total_matched_products"] == 0
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["case_2_report.json", "summary_report.json"]


def test_eval_one_cart_file_against_a_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cart = tmp_path / "cart.json"
    cart.write_text(json.dumps({"items": [{"product_id": "a1b2c3d6"}, {"product_id": "a1b2c3d1"}],
                                "used_coupons": [{"coupon_name": "VIP: ¥200 off every ¥1,000", "quantity": 1}]}))
    assert cli.main(["eval", str(cart), "--env", "shopping", "--cases", str(FIXTURES / "case_2")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["matched_count"] == 3 and report["summary"]["expected_count"] == 4


@pytest.mark.parametrize(("argv", "message"), [
    (["eval", "--env", "shopping"], "needs --cases DIR"),
    (["eval", "--env", "shopping", "--cases", "/nonexistent-folder"], "folder not found"),
    (["eval", "--env", "shopping", "--cases", str(FIXTURES), "--case", "case_7"], "no case_<id>/ folder named case_7"),
    (["eval", "nope.json", "--env", "shopping", "--cases", str(FIXTURES)], "holds no validation_cases.json"),
    (["eval", "--cases", str(FIXTURES)], "add --env shopping"),
    (["eval"], "pass the plan file"),
    (["eval", "--env", "shopping", "--cases", str(FIXTURES), "--db", "x"], "--db are options for travel plans"),
])
def test_bad_input_is_one_line_and_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_a_broken_cart_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cart = tmp_path / "cart.json"
    cart.write_text("{oops")
    assert cli.main(["eval", str(cart), "--env", "shopping", "--cases", str(FIXTURES / "case_1")]) == 2
    assert "line 1: not valid JSON" in capsys.readouterr().err
