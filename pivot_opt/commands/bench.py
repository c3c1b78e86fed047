"""``pivot bench``: environments x tasks x methods x seeds, in parallel, resumable, with a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pivot_opt.commands.common import (
    add_acceptor_option,
    add_cache_option,
    add_engine_call_options,
    count,
    parse_env_options,
    positive,
)
from pivot_opt.errors import ConfigError


def register(sub: Any) -> None:
    p = sub.add_parser("bench", help="compare PIVOT, ablations, HITL oracle and baselines over many tasks",
                       description="Run a sweep and write its report. Rerun the same command to resume an "
                                   "interrupted sweep: finished runs are kept, unfinished ones start over.")
    p.add_argument("--env", action="append", default=[], metavar="NAME[:TASKS]",
                   help="environment, repeatable: a name or module:Class of your own; tasks after a colon "
                        "override --tasks (e.g. daytrip:0-9, my_envs:LunchEnv:1-3)")
    p.add_argument("--tasks", default="0-9", help="task set: values of --task-option, e.g. 0-9 or id_1,id_2")
    p.add_argument("--task-option", default="seed", help="the environment option a task value goes to (seed)")
    p.add_argument("--env-option", action="append", default=[], metavar="KEY=VALUE",
                   help="fixed environment option, repeatable")
    p.add_argument("--methods", default="all",
                   help="comma-separated methods or groups (all, ablations, baselines, hitl); see docs/benchmarks.md")
    p.add_argument("--seeds", default="0-2", help="run seeds, e.g. 0-2 or 0,5")
    p.add_argument("--engine", default="local", help="local (embedded SmolLM2), local:<gguf>, or dspy:<provider/model>")
    p.add_argument("--api-base", default=None, help="OpenAI-compatible server URL for dspy engines")
    p.add_argument("--api-key-env", default=None, help="environment variable holding the API key (never the key)")
    add_engine_call_options(p)
    add_cache_option(p, default=False)  # a sweep measures what calls cost: off unless asked
    add_acceptor_option(p)
    p.add_argument("--iterations", type=count, default=4, help="EVOLVE iterations per run")
    p.add_argument("--token-budget", type=positive, default=None, help="tokens per run (a run stops before "
                   "exceeding it at the next iteration boundary)")
    p.add_argument("--plans", type=positive, default=3, help="PLAN samples shared by all methods")
    p.add_argument("--workers", type=positive, default=2, help="parallel runs (threads)")
    p.add_argument("--out", default="bench-runs/sweep", help="sweep folder (results, histories, report)")
    p.add_argument("--report-only", action="store_true", help="only (re)write the report of --out")
    p.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    p.add_argument("--dry-run", action="store_true", help="print what would run, run nothing")
    p.add_argument("--quiet", action="store_true", help="no per-run progress lines")
    p.set_defaults(func=main)


def build_config(args: argparse.Namespace) -> Any:
    """The :class:`~pivot_opt.bench.BenchConfig` of the command line."""
    from pivot_opt.bench import BenchConfig, EnvSpec, parse_tasks
    from pivot_opt.bench.config import engine_options

    envs = []
    for item in args.env or ["daytrip"]:
        name, sep, tasks = _name_and_tasks(item)
        if not name:
            raise ConfigError(f"--env expects NAME, NAME:TASKS or module:Class[:TASKS], got {item!r}")
        options = parse_env_options(args.env_option)
        if args.task_option in options:
            raise ConfigError(f"--env-option {args.task_option}=... clashes with the tasks (--tasks go to "
                              f"--task-option {args.task_option}); drop it or pick another --task-option")
        envs.append(EnvSpec(name, parse_tasks(tasks if sep else args.tasks), args.task_option, options))
    seeds = parse_tasks(args.seeds)
    if not all(isinstance(s, int) for s in seeds):
        raise ConfigError(f"--seeds must be integers, got {args.seeds!r}")
    options = engine_options(args.engine, workers=args.workers, api_base=args.api_base, api_key_env=args.api_key_env,
                             timeout=args.timeout, retries=args.retries, cache=args.cache)
    return BenchConfig(envs, methods=args.methods, seeds=seeds, engine=args.engine, engine_options=options,
                       iterations=args.iterations, token_budget=args.token_budget, n_plans=args.plans, out=args.out,
                       workers=args.workers, acceptor=args.acceptor)


def _name_and_tasks(item: str) -> tuple[str, str, str]:
    """Split ``--env``: ``travel:0-9`` (a known name and tasks), ``my_envs:Lunch`` (an import path),
    ``my_envs:Lunch:1-3`` (an import path and tasks)."""
    from pivot_opt.envs import env_names

    head, sep, tail = item.partition(":")
    if not sep or head in env_names():
        return head, sep, tail
    attr, sep, tasks = tail.partition(":")
    return f"{head}:{attr}", sep, tasks


def check_envs(config: Any) -> None:
    """Build each environment's first task now, so a bad name or option fails once, up front."""
    from pivot_opt.envs import env_factory

    for spec in config.envs:
        env_factory(spec.name)
        ref = spec.refs()[0]
        try:
            ref.make()
        except ConfigError as exc:
            raise ConfigError(f"{exc} (task {ref.task!r} via --task-option {ref.task_option}, "
                              "--env-option values)") from None


def main(args: argparse.Namespace) -> int:
    from pivot_opt.bench import plan_jobs, run_sweep, write_report

    if not args.report_only:
        config = build_config(args)
        check_envs(config)
        jobs = plan_jobs(config)
        methods = sorted({m for j in jobs for m in j.methods})
        print(f"bench: {len(jobs)} runs ({len(methods)} methods, {len({j.ref for j in jobs})} tasks, "
              f"{len(config.seeds)} seeds), engine {config.engine}, {config.iterations} iterations"
              f"{f', {config.token_budget} tokens' if config.token_budget else ''} per run, {config.workers} workers "
              f"-> {args.out}", flush=True)
        if args.dry_run:
            for job in jobs:
                print(f"  {job.id}: {', '.join(job.methods)}")
            return 0
        progress = None if args.quiet else (lambda p: print(p.line(), flush=True))
        try:
            summary = run_sweep(config, progress=progress)
        except KeyboardInterrupt:
            print("bench: interrupted; finished runs are kept. Run the same command again to resume.",
                  file=sys.stderr, flush=True)
            raise
        print(f"bench: {summary.ran} runs done, {summary.skipped} already finished, {len(summary.failed)} failed "
              f"({summary.seconds:.0f}s)")
        for failed in summary.failed:
            print(f"  failed: {failed} (see {args.out}/errors)")
    elif not (Path(args.out) / "sweep.json").is_file():
        raise ConfigError(f"--out {args.out} holds no sweep (no sweep.json); run the sweep first, or fix --out")
    path = write_report(args.out, figures_too=not args.no_figures)
    print(f"wrote {path} (+ summary.csv, runs.csv{'' if args.no_figures else ', figures'})")
    return 0
