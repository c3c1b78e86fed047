"""Output folders of pivot run / demo: never lost or deleted, locked, resumable after a kill -9."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pivot_opt import cli
from pivot_opt.commands import common
from pivot_opt.engines import ScriptedEngine
from pivot_opt.errors import ConfigError
from pivot_opt.files import folder_lock
from pivot_opt.history import History

OUTPUTS = ("history.jsonl", "history.csv", "loss_curve.png", "best_plan.json", "verdict.json")


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    """``pivot run`` on daytrip seed 3 with a scripted model that fixes the plan in three edits."""
    from pivot_opt.envs.daytrip import DayTripEnv

    ref = DayTripEnv(seed=3).spec.reference
    answers = [json.dumps({"steps": ref[:2]}), *(json.dumps({"op": "insert", "step": s}) for s in ref[2:5])]
    monkeypatch.setattr(common, "build_engine", lambda args: ScriptedEngine(answers, repeat_last=True))


def run(out: Path, *extra: str, command: str = "run", seed: int = 3) -> int:
    return cli.main([command, "--env-option", f"seed={seed}", "--plans", "1", "--iterations", "3", "--quiet",
                     "--out", str(out), *extra])


def assert_complete(out: Path) -> None:
    for name in OUTPUTS:
        assert (out / name).is_file(), name
    history = History.load(out / "history.jsonl")
    assert history.meta is not None and history.meta["task"] == "daytrip-3"
    events = [r.event for r in history.records]
    assert events.count("verify") == 1 and events[-1] == "verify"
    assert [r.iteration for r in history.iterations] == list(range(len(history.iterations)))
    assert json.loads((out / "best_plan.json").read_text())["steps"]
    assert "items" in json.loads((out / "verdict.json").read_text())
    assert (out / "loss_curve.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "history.csv").read_text().startswith("run,iteration,total")
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_demo_never_deletes_a_folder_it_did_not_create(tmp_path: Path, scripted: None,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "notes.txt").write_text("keep me\n")
    assert run(project, command="demo") == 2
    assert "not empty and is not a previous `pivot demo` run" in capsys.readouterr().err
    assert sorted(p.name for p in project.iterdir()) == [".git", "notes.txt"]


def test_demo_starts_over_in_its_own_folder_and_keeps_other_files(tmp_path: Path, scripted: None) -> None:
    out = tmp_path / "demo"
    assert run(out, command="demo") == 0
    assert_complete(out)
    (out / "mine.txt").write_text("a file of the user's\n")
    first = (out / "history.jsonl").read_text()
    assert run(out, command="demo") == 0  # a previous demo: its outputs are replaced, nothing else
    assert (out / "mine.txt").read_text() == "a file of the user's\n"
    assert (out / "history.jsonl").read_text().count('"event": "verify"') == 1
    assert first.count("\n") == (out / "history.jsonl").read_text().count("\n")


def test_a_previous_run_needs_resume_and_another_commands_folder_is_refused(
        tmp_path: Path, scripted: None, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r"
    assert run(out) == 0
    capsys.readouterr()
    assert run(out) == 2
    assert "add --resume" in capsys.readouterr().err
    assert run(out, command="demo") == 2
    assert "not a `pivot demo` run" in capsys.readouterr().err
    assert_complete(out)


def test_a_run_killed_before_its_first_line_resumes(tmp_path: Path, scripted: None) -> None:
    out = tmp_path / "r"
    out.mkdir()
    (out / ".pivot.lock").write_text("12345\n")
    (out / "history.jsonl").write_text("")  # created, then killed before the header was written
    assert run(out, "--resume") == 0
    assert_complete(out)


def test_resume_refuses_a_history_of_another_task(tmp_path: Path, scripted: None,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r"
    assert run(out) == 0
    lines = (out / "history.jsonl").read_text().splitlines()
    (out / "history.jsonl").write_text("\n".join(lines[:-1]) + "\n")  # unfinished: drop the verify record
    before = (out / "history.jsonl").read_text()
    capsys.readouterr()
    assert run(out, "--resume", seed=4) == 2
    err = capsys.readouterr().err
    assert "was written for task 'daytrip-3'" in err and "daytrip-4" in err and "--resume" in err
    assert (out / "history.jsonl").read_text() == before  # nothing appended


def test_resume_of_a_finished_run_rebuilds_missing_outputs_only(tmp_path: Path, scripted: None) -> None:
    out = tmp_path / "r"
    assert run(out) == 0
    history = (out / "history.jsonl").read_text()
    csv_time = (out / "history.csv").stat().st_mtime_ns
    for name in ("best_plan.json", "verdict.json", "loss_curve.png"):
        (out / name).unlink()
    assert run(out, "--resume") == 0
    assert_complete(out)
    assert (out / "history.jsonl").read_text() == history  # no second run, no second verify record
    assert (out / "history.csv").stat().st_mtime_ns == csv_time


def test_an_output_folder_is_locked_while_a_command_writes_it(tmp_path: Path, scripted: None,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r"
    out.mkdir()
    with folder_lock(out):  # another pivot command holds the folder
        assert run(out) == 2
        assert "another pivot command" in capsys.readouterr().err
        with pytest.raises(ConfigError, match="another pivot command"), folder_lock(out):
            pass
    assert run(out) == 0  # released: the next command goes ahead


def test_a_killed_runs_lock_is_released(tmp_path: Path) -> None:
    out = tmp_path / "r"
    out.mkdir()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        with folder_lock(out):
            os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(pid, 0)
    with folder_lock(out):  # no stale lock after a kill -9
        pass


# -- kill -9 at every write of a run, then --resume ---------------------------------------------------------

def _count_writes(monkeypatch: pytest.MonkeyPatch, on_write: Callable[[str, Any], None]) -> None:
    """Call ``on_write(kind, target)`` before every write that a run makes to its folder."""
    append, header, replace = History.append, History.write_header, os.replace

    def hooked_append(self: History, record: Any) -> None:
        on_write("append", self)
        append(self, record)

    def hooked_header(self: History, meta: dict[str, Any]) -> None:
        on_write("append", self)
        header(self, meta)

    def hooked_replace(src: Any, dst: Any) -> None:
        on_write("replace", dst)
        replace(src, dst)

    monkeypatch.setattr(History, "append", hooked_append)
    monkeypatch.setattr(History, "write_header", hooked_header)
    monkeypatch.setattr(os, "replace", hooked_replace)


def _killed_at(out: Path, kill_at: int, partial: bool) -> int:
    """Fork a ``pivot run`` that kills itself (SIGKILL) at its ``kill_at``-th write; its exit signal."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            writes = 0
            mp = pytest.MonkeyPatch()

            def on_write(kind: str, target: Any) -> None:
                nonlocal writes
                writes += 1
                if writes == kill_at:
                    if partial and kind == "append" and target.path is not None:
                        with target.path.open("a", encoding="utf-8") as fh:  # half a line, as a kill mid-write
                            fh.write('{"run": "pivot", "iteration": 9, "total": 0.')
                    os.kill(os.getpid(), signal.SIGKILL)

            _count_writes(mp, on_write)
            os._exit(run(out))
        finally:
            os._exit(99)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def test_kill_9_at_every_write_always_resumes_to_a_complete_run(tmp_path: Path, scripted: None,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    kinds: list[str] = []
    with monkeypatch.context() as mp:
        _count_writes(mp, lambda kind, target: kinds.append(kind))
        assert run(tmp_path / "whole") == 0  # counts the writes of a run (and loads what the children need)
    assert_complete(tmp_path / "whole")
    assert kinds.count("append") >= 4 and kinds.count("replace") >= 4
    points = [(k, False) for k in range(1, len(kinds) + 1)] + [
        (k, True) for k, kind in enumerate(kinds, 1) if kind == "append" and k > 1]
    for kill_at, partial in points:
        out = tmp_path / f"k{kill_at}{'p' if partial else ''}"
        assert _killed_at(out, kill_at, partial) == -signal.SIGKILL, (kill_at, partial)
        assert run(out, "--resume") == 0, (kill_at, partial)
        assert_complete(out)
        assert run(out, "--resume") == 0  # resuming a complete run is a no-op that succeeds
        assert_complete(out)
