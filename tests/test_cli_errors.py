"""Every bad command line ends in one clear line on stderr and exit 2: never a traceback, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from pivot_opt import cli

#: An engine that fails after the environment and --out are checked, before any model loads.
NO_KEY = ["--engine", "dspy:openai/x", "--api-key-env", "PIVOT_TEST_UNSET_KEY"]

BAD = [
    # run
    ["run", "--engine", "bogus", "--out", "r"],
    ["run", "--engine", "dspy:", "--out", "r"],
    ["run", "--env", "nowhere", "--out", "r"],
    ["run", "--env-option", "seed", "--out", "r"],
    ["run", "--env-option", "foo=1", "--out", "r"],
    ["run", "--env-option", "seed=null", "--out", "r"],
    ["run", "--env-option", "seed=NaN", "--out", "r"],
    ["run", "--env-option", "seed=abc", "--out", "r", *NO_KEY],
    ["run", "--env-option", "seed=1.5", "--out", "r", *NO_KEY],
    ["run", "--env-option", "seed=1", "--env-option", "seed=2", "--out", "r"],
    ["run", "--token-budget", "0"],
    ["run", "--token-budget", "-5"],
    ["run", "--iterations", "-1"],
    ["run", "--plans", "0"],
    ["run", "--plans", "x"],
    ["run", "--hitl-weight", "nan"],
    ["run", "--hitl-weight", "inf"],
    ["run", "--hitl-weight", "-1"],
    ["run", "--hitl", "--hitl-oracle", "--out", "r"],
    ["run", "--out", "afile", *NO_KEY],
    ["run", "--out", "notempty", *NO_KEY],
    ["run", "--resume", "--out", "notempty", *NO_KEY],
    ["run", "--out", "afile/below", *NO_KEY],
    ["run", "--no-such-flag"],
    ["run", "--env", "travel", "--env-option", "seed=abc", "--out", "r", *NO_KEY],
    ["run", "--env", "travel", "--env-option", "days=-3", "--out", "r", *NO_KEY],
    ["run", "--env", "travel", "--env-option", "requests=magic", "--out", "r", *NO_KEY],
    ["run", "--out", "r", *NO_KEY],
    # demo
    ["demo", "--out", "notempty", *NO_KEY],
    ["demo", "--out", ".", *NO_KEY],
    ["demo", "--out", "afile", *NO_KEY],
    ["demo", "--iterations", "many"],
    # plot
    ["plot", "bad.bin"],
    ["plot", "shape.jsonl"],
    ["plot", "terms.jsonl"],
    ["plot", "garbage.jsonl"],
    ["plot", "nothere.jsonl"],
    ["plot", "notempty"],
    ["plot", "good.jsonl", "--labels", "a", "b"],
    ["plot", "good.jsonl", "-o", "curve.nope"],
    ["plot", "good.jsonl", "-o", "afile/curve.png"],
    ["plot", "--x", "nope", "good.jsonl"],
    ["plot"],
    # bench
    ["bench", "--tasks", "0-100000000", "--dry-run", "--out", "b"],
    ["bench", "--seeds", "0-99999999", "--dry-run", "--out", "b"],
    ["bench", "--tasks", "5-1", "--dry-run", "--out", "b"],
    ["bench", "--tasks", ",", "--dry-run", "--out", "b"],
    ["bench", "--tasks", "abc", "--dry-run", "--out", "b"],
    ["bench", "--seeds", "a-b", "--dry-run", "--out", "b"],
    ["bench", "--engine", "bogus", "--dry-run", "--out", "b"],
    ["bench", "--engine", "dspy:openai/x", "--api-key-env", "PIVOT_TEST_UNSET_KEY", "--dry-run", "--out", "b"],
    ["bench", "--env-option", "foo=1", "--dry-run", "--out", "b"],
    ["bench", "--env-option", "seed=null", "--dry-run", "--out", "b"],
    ["bench", "--env-option", "seed=3", "--dry-run", "--out", "b"],
    ["bench", "--env", "nowhere", "--dry-run", "--out", "b"],
    ["bench", "--env", ":0-3", "--dry-run", "--out", "b"],
    ["bench", "--env", "travel", "--env-option", "days=-3", "--dry-run", "--out", "b"],
    ["bench", "--methods", "magic", "--dry-run", "--out", "b"],
    ["bench", "--workers", "0", "--dry-run", "--out", "b"],
    ["bench", "--token-budget", "0", "--dry-run", "--out", "b"],
    ["bench", "--iterations", "-2", "--dry-run", "--out", "b"],
    ["bench", "--report-only", "--out", "nowhere"],
    ["bench", "--report-only", "--out", "notempty"],
    ["bench", "--out", "notempty", *NO_KEY],
    ["bench", "--out", "afile", *NO_KEY],
    # eval
    ["eval", "nothere.txt"],
    ["eval", "bad.bin", "--env-option", "seed=1"],
    ["eval", "afile"],
    ["eval", "afile", "--env-option", "seed=abc"],
    ["eval", "afile", "--task", "bad.bin", "--db", "."],
    ["eval", "afile", "--task", "afile", "--db", "."],
    ["eval", "afile", "--task", "nothere.json", "--db", "."],
    ["eval", "afile", "--task", "afile"],
    ["eval", "shape.jsonl", "--env-option", "seed=1"],
    # no command
    [],
    ["nonsense"],
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the odd files the command lines above point at."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PIVOT_TEST_UNSET_KEY", raising=False)
    (tmp_path / "bad.bin").write_bytes(b"\xff\xfe\x00 not text")
    (tmp_path / "shape.jsonl").write_text("[1, 2]\n")
    (tmp_path / "terms.jsonl").write_text('{"run": "x", "iteration": 0, "total": 1, "terms": 5}\n')
    (tmp_path / "garbage.jsonl").write_text("not json at all\n")
    (tmp_path / "good.jsonl").write_text('{"run": "x", "iteration": 0, "total": 1.0, "terms": {"a": 1.0}}\n')
    (tmp_path / "afile").write_text("x\n")
    (tmp_path / "notempty").mkdir()
    (tmp_path / "notempty" / "keep.txt").write_text("mine\n")
    return tmp_path


@pytest.mark.parametrize("argv", BAD, ids=[" ".join(a) or "(none)" for a in BAD])
def test_a_bad_command_line_is_one_clear_line_and_exit_2(argv: list[str], workdir: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(str(p.relative_to(workdir)) for p in workdir.rglob("*"))
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pivot") and "error:" in lines[0], err
    assert "=True" not in err and "resume=" not in err  # flags, not Python arguments
    # nothing the user had was removed or changed (a new, empty --out may have been created)
    after = sorted(str(p.relative_to(workdir)) for p in workdir.rglob("*"))
    assert set(before) <= set(after)
    assert (workdir / "notempty" / "keep.txt").read_text() == "mine\n"
    assert sorted(p.name for p in (workdir / "notempty").iterdir()) == ["keep.txt"]
