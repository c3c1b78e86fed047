"""Shared command line of the experiment scripts: environment, tasks, seeds, engine, budgets.

Every study is a sweep of :mod:`pivot_opt.bench` with its own methods; defaults are small
enough to finish in minutes on the embedded model. ``--engine dspy:<provider/model>`` (with
``--api-key-env`` and, for a local server, ``--api-base``) runs the same study on any provider.
"""

from __future__ import annotations

import argparse
from typing import Any

from pivot_opt.bench import BenchConfig, EnvSpec, parse_tasks, run_sweep, summarize, write_report
from pivot_opt.bench.config import engine_options


def parser(description: str, out: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--env", default="daytrip", help="environment (daytrip, travel, ...)")
    p.add_argument("--tasks", default="0-2", help="task set, e.g. 0-9")
    p.add_argument("--seeds", default="0", help="run seeds, e.g. 0-2")
    p.add_argument("--engine", default="local", help="local (embedded SmolLM2) or dspy:<provider/model>")
    p.add_argument("--api-base", default=None, help="OpenAI-compatible server URL (dspy engines)")
    p.add_argument("--api-key-env", default=None, help="environment variable holding the API key")
    p.add_argument("--iterations", type=int, default=4)
    p.add_argument("--token-budget", type=int, default=10000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--out", default=out)
    return p


def config(args: argparse.Namespace, methods: list[str]) -> BenchConfig:
    options = engine_options(args.engine, workers=args.workers, api_base=args.api_base, api_key_env=args.api_key_env)
    return BenchConfig([EnvSpec(args.env, parse_tasks(args.tasks))], methods=methods,
                       seeds=[int(s) for s in parse_tasks(args.seeds)], engine=args.engine, engine_options=options,
                       iterations=args.iterations, token_budget=args.token_budget, out=args.out, workers=args.workers)


def run(cfg: BenchConfig) -> list[dict[str, Any]]:
    """Run (or resume) the sweep, write its report, return the summary rows."""
    summary = run_sweep(cfg, progress=lambda p: print(p.line(), flush=True))
    print(f"{summary.ran} runs done, {summary.skipped} already finished, {len(summary.failed)} failed")
    path = write_report(cfg.out)
    print(f"report: {path}")
    return summarize_out(cfg)


def summarize_out(cfg: BenchConfig) -> list[dict[str, Any]]:
    from pivot_opt.bench import load_results

    wanted = set(cfg.methods) if not isinstance(cfg.methods, str) else None
    runs = [r for r in load_results(cfg.out) if wanted is None or r["method"] in wanted]
    return summarize(runs)


def fmt(value: float, digits: int = 3) -> str:
    return "n/a" if value != value else f"{value:.{digits}f}"
