"""``run_sweep``: every (environment, task, method, seed) run, in parallel, resumable, with progress.

Runs go through a ``concurrent.futures.Executor``: threads by default, or any executor with
that interface (``ProcessPoolExecutor``, Dask's ``client.get_executor()``), passed in from
Python. Each finished run leaves one result file per method (written atomically), so a
sweep that is interrupted and started again with the same settings skips what is done and
starts unfinished runs over. PLAN runs first, once per task and seed, and is shared.
"""

from __future__ import annotations

import concurrent.futures as cf
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pivot_opt.bench.config import BenchConfig, Settings, TaskRef, read_json, write_json_atomic
from pivot_opt.bench.engines import LOAD_LOCK
from pivot_opt.bench.execute import RunJob, execute_run, result_path
from pivot_opt.bench.methods import preload_worker_modules, resolve_methods
from pivot_opt.bench.plans import compute_plans, load_plans
from pivot_opt.errors import ConfigError
from pivot_opt.files import folder_lock, is_empty_folder
from pivot_opt.redact import redact

__all__ = ["Progress", "SweepSummary", "plan_jobs", "run_sweep"]


@dataclass
class Progress:
    """One finished run, as shown to the user."""

    done: int
    total: int
    job: RunJob
    results: list[dict[str, Any]]
    error: str = ""
    elapsed: float = 0.0

    @property
    def eta(self) -> float:
        return self.elapsed / self.done * (self.total - self.done) if self.done else float("nan")

    def line(self) -> str:
        head = f"[{self.done:>{len(str(self.total))}}/{self.total}] {self.job.id}"
        if self.error:
            return f"{head}  FAILED: {self.error.splitlines()[-1][:160]}"
        r = self.results[0]
        return (f"{head}  sat {r['satisfaction']:.2f}  loss {r['final_loss']:.3f}  tokens {r['tokens']}  "
                f"{r['wall_time']:.0f}s  (elapsed {_hms(self.elapsed)}, eta {_hms(self.eta)})")


@dataclass
class SweepSummary:
    """What a call to :func:`run_sweep` did."""

    out: Path
    total_runs: int
    skipped: int
    ran: int
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _hms(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "?"
    s = int(seconds)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def plan_jobs(config: BenchConfig) -> list[RunJob]:
    """All runs of a sweep, seed-major so that early results already compare every method."""
    methods = resolve_methods(config.methods)
    groups: dict[str, list[str]] = {}
    for m in methods:
        groups.setdefault(m.run_key, []).append(m.name)
    refs = [ref for spec in config.envs for ref in spec.refs()]
    return [RunJob(ref, seed, key, tuple(names)) for seed in config.seeds for ref in refs
            for key, names in groups.items()]


def _finished(job: RunJob, settings: Settings) -> bool:
    for name in job.methods:
        data = read_json(result_path(settings.out, job.ref, name, job.seed))
        if not isinstance(data, dict) or data.get("settings") != settings.fingerprint():
            return False
    return True


def _check_manifest(config: BenchConfig, settings: Settings) -> None:
    path = Path(settings.out) / "sweep.json"
    manifest = read_json(path)
    fingerprint = settings.fingerprint()
    if isinstance(manifest, dict) and isinstance(manifest.get("settings"), dict) \
            and "acceptor" not in manifest["settings"]:
        # A sweep from before the acceptor was a setting ran with the total order.
        manifest["settings"] = {**manifest["settings"], "acceptor": "total"}
    if isinstance(manifest, dict) and manifest.get("settings") != fingerprint:
        old = manifest.get("settings", {})
        diff = {k: (old.get(k), v) for k, v in fingerprint.items() if old.get(k) != v}
        raise ConfigError(f"{settings.out} holds a sweep with other settings {diff} (old, new); use another --out, "
                          "or delete that folder to start over")
    runs = sorted({*(manifest or {}).get("methods", []), *(m.name for m in resolve_methods(config.methods))})
    write_json_atomic(path, {"settings": fingerprint, "methods": runs,
                             "envs": [{"name": e.name, "tasks": list(e.tasks), "task_option": e.task_option,
                                       "options": e.options} for e in config.envs],
                             "seeds": list(config.seeds)})


def _error_path(settings: Settings, job: RunJob) -> Path:
    return Path(settings.out) / "errors" / job.ref.slug / job.run_key / f"s{job.seed}.json"


def run_sweep(config: BenchConfig, *, executor: cf.Executor | None = None,
              progress: Callable[[Progress], None] | None = None) -> SweepSummary:
    """Run every unfinished run of ``config``; returns counts. Re-running resumes (see module docstring).

    A run that raises (or whose task cannot be built or planned) is recorded under
    ``<out>/errors`` and the sweep goes on; it is tried again next time. ``KeyboardInterrupt``
    cancels the runs not yet started and propagates.
    """
    settings = config.settings()
    out = Path(settings.out)
    _check_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    with folder_lock(out):
        return _run_sweep(config, settings, executor, progress)


def _check_folder(out: Path) -> None:
    """A sweep writes only into a new or empty folder, or one holding a sweep (its ``sweep.json``)."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file, not a folder; choose a folder for the sweep")
    if not is_empty_folder(out) and not (out / "sweep.json").is_file():
        raise ConfigError(f"--out {out} is not empty and holds no sweep (no sweep.json); choose a new or empty "
                          "folder (nothing was changed)")


def _run_sweep(config: BenchConfig, settings: Settings, executor: cf.Executor | None,
               progress: Callable[[Progress], None] | None) -> SweepSummary:
    _check_manifest(config, settings)
    jobs = plan_jobs(config)
    todo = [j for j in jobs if not _finished(j, settings)]
    summary = SweepSummary(Path(settings.out), len(jobs), len(jobs) - len(todo), 0)
    if not todo:
        return summary
    preload_worker_modules(spec.name for spec in config.envs)  # no first imports inside worker threads
    start = time.perf_counter()
    own = executor is None
    pool = executor if executor is not None else cf.ThreadPoolExecutor(max_workers=config.workers,
                                                                       thread_name_prefix="pivot-bench")
    futures: dict[cf.Future[Any], Any] = {}
    try:
        plan_keys = sorted({(j.ref, j.seed) for j in todo if load_plans(settings.out, j.ref, j.seed,
                                                                         settings.n_plans) is None},
                           key=lambda k: (k[1], k[0].slug))
        futures = {pool.submit(compute_plans, ref, seed, settings): (ref, seed) for ref, seed in plan_keys}
        plan_errors: dict[tuple[TaskRef, int], str] = {}
        for fut in cf.as_completed(futures):
            try:
                fut.result()
            except Exception as exc:  # this task cannot start: its runs fail, the others go on
                plan_errors[futures[fut]] = "PLAN failed: " + redact("".join(traceback.format_exception(exc)).strip())

        def finish(job: RunJob, results: list[dict[str, Any]], error: str) -> None:
            if error:
                write_json_atomic(_error_path(settings, job), {"job": job.id, "error": error})
                summary.failed.append(job.id)
            else:
                summary.ran += 1
                _error_path(settings, job).unlink(missing_ok=True)
            if progress is not None:
                done = summary.ran + len(summary.failed)
                with LOAD_LOCK:  # never print while a worker's model load silences stdout
                    progress(Progress(done, len(todo), job, results, error, time.perf_counter() - start))

        for job in todo:
            if (job.ref, job.seed) in plan_errors:
                finish(job, [], plan_errors[(job.ref, job.seed)])
        futures = {pool.submit(execute_run, job, settings): job for job in todo
                   if (job.ref, job.seed) not in plan_errors}
        for fut in cf.as_completed(futures):
            try:
                results, error = fut.result(), ""
            except Exception as exc:  # one broken run must not end the sweep
                results, error = [], redact("".join(traceback.format_exception(exc)).strip())
            finish(futures[fut], results, error)
    except BaseException:
        for fut in futures:
            fut.cancel()
        if own:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    if own:
        pool.shutdown(wait=True)
    summary.seconds = time.perf_counter() - start
    return summary
