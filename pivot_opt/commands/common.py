"""Options shared by commands that run the loop: environment, engine, budgets, outputs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment
from pivot_opt.errors import ConfigError

#: The names of ``optimizers.ACCEPTORS`` (kept here so that building the parser imports no optimizer).
ACCEPTOR_NAMES = ("lexicographic", "total", "strict", "accept-all")


def add_loop_options(p: argparse.ArgumentParser, *, iterations: int = 8, n_plans: int = 3) -> None:
    p.add_argument("--env", default="daytrip", help="environment name (default: daytrip)")
    p.add_argument("--env-option", action="append", default=[], metavar="KEY=VALUE",
                   help="environment option, repeatable (e.g. seed=3); values are parsed as JSON when they can be")
    p.add_argument("--engine", default="local",
                   help="local (embedded SmolLM2), local:<gguf path>, or dspy:<provider/model>")
    p.add_argument("--api-base", default=None, help="OpenAI-compatible server URL for dspy engines")
    p.add_argument("--api-key-env", default=None,
                   help="name of the environment variable holding the API key (the key itself never goes on the "
                        "command line or into a history file)")
    add_engine_call_options(p)
    add_cache_option(p, default=True)
    add_acceptor_option(p)
    p.add_argument("--iterations", type=int, default=iterations)
    p.add_argument("--plans", type=int, default=n_plans, help="PLAN candidates (best kept)")
    p.add_argument("--token-budget", type=int, default=None)
    p.add_argument("--out", default="pivot-runs/run", help="output folder for history, CSV and plot")
    p.add_argument("--resume", action="store_true", help="continue the history in --out")
    p.add_argument("--quiet", action="store_true")


def add_cache_option(p: argparse.ArgumentParser, *, default: bool) -> None:
    """``--cache/--no-cache``: dspy's response cache for dspy engines (hits are booked as cached tokens)."""
    p.add_argument("--cache", action=argparse.BooleanOptionalAction, default=default,
                   help="answer repeated identical requests of a dspy engine from dspy's cache; a hit spends no "
                        f"tokens and is reported as cached (default: {'on' if default else 'off'})")


def add_acceptor_option(p: argparse.ArgumentParser) -> None:
    """``--acceptor``: EVOLVE's line search (see docs/evolve.md)."""
    p.add_argument("--acceptor", choices=ACCEPTOR_NAMES, default="lexicographic",
                   help="EVOLVE's acceptor: lexicographic (default: hard violations first, a met hard requirement "
                        "is never traded for a soft gain), total (weighted sum only), strict (lexicographic, no "
                        "ties), accept-all (no line search)")


def add_engine_call_options(p: argparse.ArgumentParser) -> None:
    """``--timeout`` and ``--retries`` of provider (dspy) engines."""
    p.add_argument("--timeout", type=_positive_float, default=None, metavar="SECONDS",
                   help="seconds one request to a dspy engine may take (default: 120)")
    p.add_argument("--retries", type=_non_negative_int, default=None,
                   help="retries of a failed request (timeout, connection, 5xx), with backoff (default: 2)")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


def parse_env_options(items: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--env-option expects KEY=VALUE, got {item!r}")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def build_env(args: argparse.Namespace) -> Environment:
    from pivot_opt.envs import make_env

    return make_env(args.env, **parse_env_options(args.env_option))


def build_engine(args: argparse.Namespace) -> Engine:
    import os

    from pivot_opt.engines import make_engine

    kwargs: dict[str, Any] = {}
    if args.engine.startswith("dspy:"):
        if args.api_base:
            kwargs["api_base"] = args.api_base
            kwargs["schema_mode"] = "json_object"
        if args.api_key_env:
            key = os.environ.get(args.api_key_env)
            if not key:
                raise ConfigError(f"environment variable {args.api_key_env} is not set; export it with your API key")
            kwargs["api_key"] = key
        if getattr(args, "cache", None) is not None:
            kwargs["cache"] = bool(args.cache)
        if getattr(args, "timeout", None) is not None:
            kwargs["timeout"] = args.timeout
        if getattr(args, "retries", None) is not None:
            kwargs["num_retries"] = args.retries
    return make_engine(args.engine, **kwargs)


def out_dir(args: argparse.Namespace) -> Path:
    path = Path(args.out)
    path.mkdir(parents=True, exist_ok=True)
    return path
