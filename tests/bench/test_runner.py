"""The sweep runner: parallel runs, shared PLAN, per-run ledgers, resume after an interruption."""

from __future__ import annotations

import concurrent.futures as cf
import json
from pathlib import Path

import pytest

from pivot_opt.bench import BenchConfig, EnvSpec, TaskRef, load_results, plan_jobs, run_sweep
from pivot_opt.bench.anytime import _selected
from pivot_opt.bench.engines import LedgerView
from pivot_opt.bench.execute import result_path, run_folder
from pivot_opt.bench.testing import daytrip_engine
from pivot_opt.errors import ConfigError
from pivot_opt.history import History

METHODS = ["pivot", "no-verify", "no-plan", "no-linesearch", "hitl-oracle", "self-refine", "best-of-n"]


def config(tmp_path: Path, **kw) -> BenchConfig:
    base = dict(envs=[EnvSpec("daytrip", tasks=[2, 7])], methods=METHODS, seeds=[0, 1], engine=daytrip_engine,
                iterations=3, out=tmp_path / "sweep", workers=2)
    base.update(kw)
    return BenchConfig(**base)


def stamps(out: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in sorted((out / "results").rglob("*.json"))}


def test_a_sweep_runs_every_method_task_and_seed(tmp_path):
    cfg = config(tmp_path)
    seen = []
    summary = run_sweep(cfg, progress=seen.append)
    jobs = plan_jobs(cfg)
    assert summary.ran == len(jobs) == 2 * 2 * 6  # no-verify shares PIVOT's run
    assert not summary.failed
    assert [p.done for p in seen] == list(range(1, len(jobs) + 1))
    assert "sat" in seen[0].line() and "eta" in seen[0].line()
    runs = load_results(cfg.out)
    assert len(runs) == 2 * 2 * len(METHODS)
    for r in runs:
        assert (cfg.out / r["history"]).is_file()  # every run's history is on disk
        assert r["curve"][0]["iteration"] == 0 and r["tokens"] == r["curve"][-1]["tokens"]
        assert set(r["curve"][-1]["terms"]) == set(r["terms"])  # per-term panels draw the scoring's terms
        assert all("visible_hard_passed" in p for p in r["curve"])  # the anytime curve replays VERIFY's rule
        assert _selected(r["select"], r["curve"])["satisfaction"] == r["satisfaction"]
        assert 0.0 <= r["satisfaction"] <= 1.0
    pivot = {(r["task"], r["seed"]): r for r in runs if r["method"] == "pivot"}
    no_verify = {(r["task"], r["seed"]): r for r in runs if r["method"] == "no-verify"}
    assert pivot.keys() == no_verify.keys()
    assert all(pivot[k]["tokens"] == no_verify[k]["tokens"] for k in pivot)


def test_every_method_starts_from_the_same_plan_and_pays_for_it(tmp_path):
    cfg = config(tmp_path, methods=["pivot", "no-plan", "self-refine"], seeds=[0], envs=[EnvSpec("daytrip", [7])])
    run_sweep(cfg)
    runs = {r["method"]: r for r in load_results(cfg.out)}
    plans = json.loads((cfg.out / "plans/daytrip/7/s0.json").read_text())["samples"]
    costs = [s["prompt_tokens"] + s["completion_tokens"] for s in plans]
    assert runs["pivot"]["tokens_by_phase"]["plan"] == sum(costs)
    assert runs["self-refine"]["tokens_by_phase"]["plan"] == sum(costs)
    assert runs["no-plan"]["tokens_by_phase"]["plan"] == costs[0]
    first = [History.load(cfg.out / runs[m]["history"]).records[0].trajectory for m in ("pivot", "self-refine")]
    assert first[0] == first[1]


def test_interrupted_sweep_resumes_without_redoing_finished_runs(tmp_path):
    cfg = config(tmp_path, workers=1)
    total = len(plan_jobs(cfg))

    def interrupt(p):
        if p.done == 3:
            raise KeyboardInterrupt

    pool = cf.ThreadPoolExecutor(max_workers=1)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(cfg, executor=pool, progress=interrupt)
    pool.shutdown(wait=True)  # a run in flight when Ctrl-C came may still finish and count
    before = stamps(cfg.out)
    finished = len(list((cfg.out / "results").rglob("*.json")))
    assert 0 < finished < total * 2
    # a crash mid-run leaves a partial history and no result: that run must start over
    unfinished = plan_jobs(cfg)[-1]
    partial = run_folder(cfg.out, unfinished.ref, unfinished.run_key, unfinished.seed) / "history.jsonl"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text('{"truncated": ')
    second = run_sweep(cfg)
    assert second.skipped >= 3 and second.skipped + second.ran == total and not second.failed
    after = stamps(cfg.out)
    assert all(after[k] == v for k, v in before.items())  # finished runs untouched
    assert len(after) == 2 * 2 * len(METHODS)
    assert History.load(partial).records[0].iteration == 0
    third = run_sweep(cfg)
    assert third.ran == 0 and third.skipped == total


def test_a_sweep_with_other_settings_in_the_same_folder_is_refused(tmp_path):
    cfg = config(tmp_path, methods=["pivot"], seeds=[0], envs=[EnvSpec("daytrip", [7])])
    run_sweep(cfg)
    with pytest.raises(ConfigError, match="other settings"):
        run_sweep(config(tmp_path, methods=["pivot"], seeds=[0], envs=[EnvSpec("daytrip", [7])], iterations=5))
    more = run_sweep(config(tmp_path, methods=["pivot", "best-of-n"], seeds=[0, 1], envs=[EnvSpec("daytrip", [7])]))
    assert more.skipped == 1 and more.ran == 3  # new methods and seeds extend the sweep


def test_a_failing_task_is_recorded_and_the_sweep_goes_on(tmp_path, monkeypatch):
    make = TaskRef.make

    def flaky(ref):
        if ref.task == 59:
            raise RuntimeError("the generator cannot build task 59")
        return make(ref)

    monkeypatch.setattr(TaskRef, "make", flaky)
    cfg = config(tmp_path, methods=["pivot", "no-plan"], seeds=[0], envs=[EnvSpec("daytrip", [7, 59])])
    summary = run_sweep(cfg)
    assert summary.ran == 2 and sorted(summary.failed) == ["daytrip/59/no-plan/s0", "daytrip/59/pivot/s0"]
    error = json.loads((cfg.out / "errors/daytrip/59/pivot/s0.json").read_text())
    assert "cannot build task 59" in error["error"]
    assert result_path(cfg.out, plan_jobs(cfg)[0].ref, "pivot", 0).is_file()
    monkeypatch.setattr(TaskRef, "make", make)
    again = run_sweep(cfg)  # fixed: the failed runs are tried again, their error files go away
    assert again.ran == 2 and not again.failed and not list((cfg.out / "errors").rglob("*.json"))


def test_any_concurrent_futures_executor_can_run_the_sweep(tmp_path):
    cfg = config(tmp_path, methods=["pivot", "reflexion"], seeds=[0], envs=[EnvSpec("daytrip", [7])])
    with cf.ThreadPoolExecutor(max_workers=3) as pool:
        summary = run_sweep(cfg, executor=pool)
    assert summary.ran == 2


def test_a_process_pool_runs_the_sweep_too(tmp_path):
    """Executors that run work in other processes (Dask's, a ProcessPoolExecutor) need picklable runs."""
    import multiprocessing as mp

    cfg = config(tmp_path, methods=["pivot", "reflexion"], seeds=[0], envs=[EnvSpec("daytrip", [7])])
    with cf.ProcessPoolExecutor(max_workers=2, mp_context=mp.get_context("spawn")) as pool:
        summary = run_sweep(cfg, executor=pool)
    assert summary.ran == 2 and not summary.failed
    assert {r["method"] for r in load_results(cfg.out)} == {"pivot", "reflexion"}


def test_each_run_has_its_own_ledger_over_a_shared_model():
    inner = daytrip_engine()
    a, b = LedgerView(inner), LedgerView(inner)
    a.complete("The plan misses lunch", phase="evolve")
    assert len(a.ledger) == 1 and len(b.ledger) == 0 and len(inner.ledger) == 0
    assert inner.prompts  # the shared model did the work


def test_bad_configs_say_how_to_fix_them(tmp_path):
    with pytest.raises(ConfigError, match="unknown method"):
        plan_jobs(config(tmp_path, methods=["pivot", "magic"]))
    with pytest.raises(ConfigError, match="at least one seed"):
        config(tmp_path, seeds=[])
    with pytest.raises(ConfigError, match="empty task set"):
        plan_jobs(config(tmp_path, envs=[EnvSpec("daytrip", [])]))


def test_a_sweep_refuses_a_foreign_folder_and_a_locked_one(tmp_path):
    from pivot_opt.files import folder_lock

    foreign = tmp_path / "project"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine\n")
    with pytest.raises(ConfigError, match="holds no sweep"):
        run_sweep(config(tmp_path, out=foreign))
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    cfg = config(tmp_path, envs=[EnvSpec("daytrip", [7])], seeds=[0], methods=["pivot"])
    (cfg.out).mkdir()
    with folder_lock(cfg.out), pytest.raises(ConfigError, match="another pivot command"):
        run_sweep(cfg)
    assert run_sweep(cfg).ran == 1


def test_a_run_that_starts_over_removes_only_its_own_files(tmp_path):
    cfg = config(tmp_path, envs=[EnvSpec("daytrip", [7])], seeds=[0], methods=["pivot"])
    job = plan_jobs(cfg)[0]
    assert run_sweep(cfg).ran == 1
    result_path(cfg.out, job.ref, "pivot", job.seed).unlink()  # as if killed before its result was written
    folder = run_folder(cfg.out, job.ref, job.run_key, job.seed)
    (folder / "history.jsonl").write_text('{"truncated": ')
    (folder / "notes.txt").write_text("not the bench's\n")
    assert run_sweep(cfg).ran == 1
    assert (folder / "notes.txt").read_text() == "not the bench's\n"
    assert History.load(folder / "history.jsonl").records[0].iteration == 0


def test_task_ranges_are_bounded_before_they_are_built():
    from pivot_opt.bench import parse_tasks

    assert parse_tasks("0-4,9") == [0, 1, 2, 3, 4, 9]
    with pytest.raises(ConfigError, match="more than 10,000"):
        parse_tasks("0-100000000000000")
    with pytest.raises(ConfigError, match="more than 3"):
        parse_tasks("0-1,5-6", limit=3)


def test_a_sweep_from_before_the_acceptor_setting_resumes_with_the_total_order(tmp_path):
    """Its sweep.json has no acceptor: it ran with the total order, so --acceptor total resumes it."""
    cfg = config(tmp_path, methods=["pivot"], seeds=[0], envs=[EnvSpec("daytrip", [7])], acceptor="total")
    run_sweep(cfg)
    manifest = next(tmp_path.rglob("sweep.json"))
    data = json.loads(manifest.read_text())
    del data["settings"]["acceptor"]
    manifest.write_text(json.dumps(data))
    again = run_sweep(config(tmp_path, methods=["pivot"], seeds=[0], envs=[EnvSpec("daytrip", [7])], acceptor="total"))
    assert again.skipped == 1 and again.ran == 0
    with pytest.raises(ConfigError, match="other settings"):
        run_sweep(config(tmp_path, methods=["pivot"], seeds=[0], envs=[EnvSpec("daytrip", [7])]))
