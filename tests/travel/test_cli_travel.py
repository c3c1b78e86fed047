"""``pivot run --env travel`` and ``pivot eval`` on real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from env_support import DATA, first_choice, fixture_env

from pivot_opt import cli
from pivot_opt.commands import common
from pivot_opt.engines import ScriptedEngine


def _engine(prompt: str, schema: object) -> str:
    if "Pick " in prompt:
        return first_choice(prompt, schema)
    return json.dumps({"op": "delete"})


def test_run_on_a_generated_task_then_eval_its_best_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(common, "build_engine", lambda args: ScriptedEngine(_engine))
    out = tmp_path / "run"
    options = ["--env-option", "seed=11", "--env-option", "days=2"]
    code = cli.main(["run", "--env", "travel", *options, "--plans", "1", "--iterations", "1", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "task travel-generated-11" in printed and "VERIFY:" in printed and "official/" in printed
    steps = json.loads((out / "best_plan.json").read_text())["steps"]
    assert steps[0]["action"] == "travel_intercity_public"
    plan_json, plan_txt = tmp_path / "plan.json", tmp_path / "plan.txt"
    assert cli.main(["eval", str(out / "best_plan.json"), *options, "--write-plan", str(plan_json),
                     "--write-text", str(plan_txt)]) == 0
    score = json.loads(capsys.readouterr().out)
    assert set(score["scores"]) == {"commonsense_weighted_score", "personalized_score", "composite_score", "case_acc"}
    assert plan_txt.read_text().startswith("Day 1:")
    for written in (plan_json, plan_txt):  # the converted JSON and the text score the same
        assert cli.main(["eval", str(written), *options]) == 0
        assert json.loads(capsys.readouterr().out)["scores"] == score["scores"]


def test_eval_scores_plan_text_and_converted_json_from_files(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--task", str(DATA / "tasks.json"), "--task-id", "9001", "--db", str(DATA)]
    assert cli.main(["eval", str(DATA / "plan_9001.txt"), *args]) == 0
    score = json.loads(capsys.readouterr().out)
    assert score["sample_id"] == "9001" and score["scores"]["case_acc"] == 1.0
    assert list(score) == ["sample_id", "scores", "commonsense_dimension_scores", "commonsense_dimension_details",
                           "personalized_dimension_score"]
    broken = tmp_path / "broken.txt"
    broken.write_text((DATA / "plan_9001.txt").read_text().replace("Laomendong, ¥0", "Laomendong, ¥5"))
    assert cli.main(["eval", str(broken), "--task", str(DATA / "tasks.json"), "--task-id", "9001",
                     "--db", str(DATA / "id_9001")]) == 0
    score = json.loads(capsys.readouterr().out)
    assert score["commonsense_dimension_scores"]["Sandbox Compliance"] == 0.0


@pytest.mark.parametrize(("argv", "message"), [
    (["eval", "nowhere.txt", "--env-option", "seed=1"], "not found"),
    (["eval", str(DATA / "plan_9001.txt")], "--task FILE --db FOLDER"),
    (["eval", str(DATA / "plan_9001.txt"), "--task", str(DATA / "tasks.json"), "--db", str(DATA)], "--task-id"),
    (["eval", str(DATA / "plan_9001.txt"), "--task", str(DATA / "tasks.json")], "go together"),
    (["run", "--env", "travel", "--env-option", "colour=red"], "unknown travel option"),
])
def test_bad_input_is_one_clear_line(argv: list[str], message: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    if argv[0] == "run":
        argv = [*argv, "--out", str(tmp_path)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def _eval_with_db(db: Path, plan: Path, *extra: str) -> list[str]:
    return ["eval", str(plan), "--task", str(DATA / "tasks.json"), "--task-id", "9001", "--db", str(db), *extra]


def test_eval_refuses_a_broken_database_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "id_9001"
    shutil.copytree(DATA / "id_9001", root)
    (root / "hotels" / "hotels.csv").unlink()
    assert cli.main(_eval_with_db(root, DATA / "plan_9001.txt")) == 2
    err = capsys.readouterr().err
    assert "hotels/hotels.csv" in err and "--lenient-db" in err and "Traceback" not in err and not err.count("\n") > 1
    assert cli.main(_eval_with_db(root, DATA / "plan_9001.txt", "--lenient-db")) == 0  # the official tolerance
    assert json.loads(capsys.readouterr().out)["scores"]["case_acc"] == 0.0
    (root / "hotels" / "hotels.csv").write_bytes(b"")
    assert cli.main(_eval_with_db(root, DATA / "plan_9001.txt", "--lenient-db")) == 2
    assert "hotels.csv is empty" in capsys.readouterr().err


@pytest.mark.parametrize("plan", [
    {"steps": [{"action": "visit", "args": {"place": "Museum"}}, {"action": "eat", "args": {"place": "Cafe"}}]},
    [{"action": "visit", "args": {"place": "Museum"}}],
])
def test_eval_says_when_a_plan_is_of_another_environment(plan: object, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "daytrip.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    assert cli.main(_eval_with_db(DATA, path)) == 2
    err = capsys.readouterr().err
    assert "plan of another environment (actions " in err and "visit" in err and "Traceback" not in err


def test_eval_refuses_a_plan_file_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"Day 1: \xff\xfe")
    assert cli.main(_eval_with_db(DATA, path)) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err


def test_the_evaluator_says_when_it_is_given_steps() -> None:
    from pivot_opt.envs.travel.evaluation.evaluator import PlanStructureError, score_plan

    meta = fixture_env().gold
    with pytest.raises(PlanStructureError, match=r"another environment \(actions eat, visit\)"):
        score_plan({"steps": [{"action": "visit", "args": {}}, {"action": "eat", "args": {}}]}, meta, None)
    with pytest.raises(PlanStructureError, match="convert it with TravelEnv.to_plan"):
        score_plan({"steps": [{"action": "meal", "args": {"name": "x"}}]}, meta, None)
