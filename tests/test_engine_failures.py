"""Engine failures: secrets never recorded, a dead engine stops the run loudly and resumably,
timeouts and retries reach dspy, failed calls book no tokens, bench workers import up front."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_openai import FakeOpenAI, chat_answer, echo_key_401

from pivot_opt.engines import ScriptedEngine
from pivot_opt.errors import EngineError
from pivot_opt.redact import REDACTED, redact, register_secret

KEY = "sk-live-Zq81TESTKEYdoNotLeak7745"


def _all_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


def test_redact_removes_registered_secrets_and_key_like_strings() -> None:
    register_secret("plainsecretvalue")
    text = redact("key plainsecretvalue; Bearer abc.def-123456; sk-proj-abcdefgh1234; api_key=hunter2hunter2; "
                  + "0123456789abcdef" * 3 + " " + "Ab1" * 15)
    assert "plainsecretvalue" not in text and "abc.def" not in text and "sk-proj" not in text
    assert "hunter2" not in text and "0123456789abcdef" not in text and "Ab1Ab1" not in text
    assert text.count(REDACTED) == 6
    plain = 'plan {"steps": [{"action": "visit", "args": {"place": "old_town_museum_2"}}]} tokens 5017'
    assert redact(plain) == plain  # plans and counts are left alone


def test_a_server_echoing_the_key_leaves_no_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from pivot_opt.cli import main

    monkeypatch.setenv("PIVOT_TEST_KEY", KEY)
    out = tmp_path / "run"
    with FakeOpenAI(echo_key_401) as server:
        code = main(["run", "--engine", "dspy:openai/x", "--api-base", server.url, "--api-key-env", "PIVOT_TEST_KEY",
                     "--out", str(out), "--iterations", "3", "--retries", "0", "--quiet"])
    captured = capsys.readouterr()
    assert code == 2 and server.requests == 1  # a refused key is fatal at once
    assert "engine failed" in captured.err and "--api-key-env" in captured.err and "--resume" in captured.err
    assert KEY not in captured.out + captured.err and "Zq81TESTKEY" not in _all_text(out)
    records = [json.loads(line) for line in (out / "history.jsonl").read_text().splitlines()]
    assert [r["event"] for r in records] == ["header", "stopped"]  # no iteration claimed done, no VERIFY: resumable


def test_a_local_api_base_needs_no_key_and_only_reported_usage_is_booked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pivot_opt.cli import main

    keys: list[str] = []

    def answer(body: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        keys.append(headers.get("authorization", ""))
        return 200, chat_answer('{"steps": [{"action": "return", "args": {}}]}', 11, 5)

    with FakeOpenAI(answer) as server:
        code = main(["run", "--engine", "dspy:openai/local", "--api-base", server.url, "--out", str(tmp_path / "r"),
                     "--iterations", "1", "--plans", "2", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0 and server.requests >= 2 and set(keys) == {"Bearer no-key"}
    assert f"tokens: {16 * server.requests} " in out


def test_no_key_for_a_remote_server_fails_loudly_with_the_fix(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from pivot_opt.cli import main

    code = main(["run", "--engine", "dspy:openai/x", "--api-base", "http://models.invalid/v1", "--out",
                 str(tmp_path / "r"), "--iterations", "2", "--quiet", "--retries", "0", "--timeout", "5"])
    err = capsys.readouterr().err
    assert code == 2 and "engine failed" in err and "set --api-key-env" in err


def _dying_engine(answers: int) -> ScriptedEngine:
    """The DayTrip script for ``answers`` calls, then a server that is gone."""
    from pivot_opt.bench.testing import DayTripScript

    script = DayTripScript()
    calls = {"n": 0}

    def reply(prompt: str, schema: Any) -> str:
        calls["n"] += 1
        if calls["n"] > answers:
            raise ConnectionError("connection refused")
        return script(prompt, schema)

    return ScriptedEngine(reply)


def test_a_dead_engine_stops_the_run_and_it_resumes(tmp_path: Path) -> None:
    from pivot_opt.bench.testing import daytrip_engine
    from pivot_opt.envs.daytrip import DayTripEnv
    from pivot_opt.pivot import Pivot

    path = tmp_path / "history.jsonl"
    engine = _dying_engine(answers=3)  # PLAN's three samples, then nothing
    result = Pivot(DayTripEnv(seed=7), engine, iterations=6, history=path, progress=False).run()
    assert result.stopped.startswith("engine failed: ") and "ConnectionError" in result.stopped
    assert result.verdict is None and result.history.records[-1].event == "stopped"
    spent = result.history.iterations[-1].total_tokens
    assert spent == engine.ledger.total and engine.ledger.summary()["failed_calls"] >= 3  # failures cost nothing
    assert len(result.history.iterations) < 3  # the failing steps were not recorded as done
    again = Pivot(DayTripEnv(seed=7), daytrip_engine(), iterations=6, history=path, resume=True,
                  progress=False).run()
    assert again.history.records[-1].event == "verify" and not again.stopped.startswith("engine failed")


def test_a_refused_key_stops_at_once_without_more_requests() -> None:
    from pivot_opt.envs.daytrip import DayTripEnv
    from pivot_opt.pivot import Pivot

    class Refused(Exception):
        status_code = 401

    engine = ScriptedEngine([Refused("invalid key")], repeat_last=True)
    result = Pivot(DayTripEnv(seed=7), engine, iterations=4, progress=False).run()
    assert result.stopped.startswith("engine failed") and len(engine.ledger) == 1
    with pytest.raises(EngineError) as info:
        engine.complete("again")
    assert info.value.fatal and len(engine.ledger) == 1  # tripped: no request, nothing booked


def test_history_and_bench_files_redact_secrets(tmp_path: Path) -> None:
    from pivot_opt.bench.config import write_json_atomic
    from pivot_opt.history import History, IterationRecord

    register_secret("opaque-secret-value")
    history = History(tmp_path / "h.jsonl")
    history.append(IterationRecord(run="r", iteration=0, total=1.0, terms={},
                                   extra={"error": "server said: bad key opaque-secret-value"}))
    write_json_atomic(tmp_path / "plan.json", {"failures": [f"401 {KEY}"]})
    assert "opaque-secret-value" not in _all_text(tmp_path) and KEY not in _all_text(tmp_path)


def test_timeout_and_retries_reach_dspy_and_bad_values_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    from pivot_opt.cli import build_parser, main
    from pivot_opt.commands.common import build_engine

    args = build_parser().parse_args(["run", "--engine", "dspy:openai/x", "--api-base", "http://127.0.0.1:9/v1",
                                      "--timeout", "7.5", "--retries", "1"])
    engine = build_engine(args)
    assert engine.lm.kwargs["timeout"] == 7.5 and engine.lm.num_retries == 1
    for flag, value in (("--timeout", "0"), ("--retries", "-1")):
        assert main(["run", flag, value]) == 2
    err = capsys.readouterr().err
    assert "--timeout" in err and "--retries" in err and "expects" in err


WORKERS_IMPORT = r"""
import concurrent.futures as cf, sys, threading, importlib
from pivot_opt.bench import BenchConfig, EnvSpec, run_sweep
from pivot_opt.bench.testing import daytrip_engine
NEEDED = ["pivot_opt.optimizers", "pivot_opt.losses", "pivot_opt.optimizers.textgrad_tgd", "textgrad.optimizer",
          "pivot_opt.hitl", "pivot_opt.pivot", "pivot_opt.engines.textgrad_adapter"]
missing = []
class Recording(cf.ThreadPoolExecutor):
    def submit(self, fn, *a, **k):
        missing.extend(m for m in NEEDED if m not in sys.modules)
        return super().submit(fn, *a, **k)
out = sys.argv[1]
summary = run_sweep(BenchConfig([EnvSpec("daytrip", [7])], methods=["pivot", "textgrad", "reflexion"], seeds=[0],
                                engine=daytrip_engine, iterations=1, out=out, workers=4),
                    executor=Recording(max_workers=4))
errors = []
def go(name):
    try:
        importlib.import_module(name)
        from pivot_opt import optimizers
        optimizers.TextGradTGD, optimizers.Evolve
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=go, args=(NEEDED[i % len(NEEDED)],)) for i in range(24)]
[t.start() for t in threads]; [t.join() for t in threads]
print(sorted(set(missing)), summary.failed, errors)
"""


def test_bench_workers_find_their_modules_imported_before_the_pool_starts(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", WORKERS_IMPORT, str(tmp_path / "sweep")], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[] [] []"
