"""Options shared by commands that run the loop: environment, engine, budgets, outputs."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment
from pivot_opt.errors import ConfigError

#: The names of ``optimizers.ACCEPTORS`` (kept here so that building the parser imports no optimizer).
ACCEPTOR_NAMES = ("lexicographic", "total", "strict", "accept-all")


def add_loop_options(p: argparse.ArgumentParser, *, iterations: int = 8, n_plans: int = 3) -> None:
    p.add_argument("--env", default="daytrip",
                   help="environment: a name (daytrip, travel, an installed one) or module:Class of your own "
                        "(default: daytrip)")
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
    p.add_argument("--iterations", type=count, default=iterations)
    p.add_argument("--plans", type=positive, default=n_plans, help="PLAN candidates (best kept)")
    p.add_argument("--token-budget", type=positive, default=None)
    p.add_argument("--out", default="pivot-runs/run",
                   help="output folder for history, CSV and plot: new, empty, or a previous run of the same command")
    p.add_argument("--resume", action="store_true",
                   help="continue the run in --out (and rebuild any output a killed run did not write)")
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
    p.add_argument("--timeout", type=positive_float, default=None, metavar="SECONDS",
                   help="seconds one request to a dspy engine may take (default: 120)")
    p.add_argument("--retries", type=count, default=None,
                   help="retries of a failed request (timeout, connection, 5xx), with backoff (default: 2)")

def positive(text: str) -> int:
    """argparse type: an integer >= 1."""
    return _integer(text, 1, "a positive integer")


def count(text: str) -> int:
    """argparse type: an integer >= 0."""
    return _integer(text, 0, "an integer >= 0")


def _integer(text: str, low: int, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expects {what}, got {text!r}") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"expects {what}, got {text!r}")
    return value


def positive_float(text: str) -> float:
    """argparse type: a finite number > 0 (``nan`` and ``inf`` are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expects a number > 0, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expects a finite number > 0, got {text!r}")
    return value


def parse_env_options(items: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` options (values read as JSON when they can be); null, NaN and repeats are refused."""
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--env-option expects KEY=VALUE, got {item!r}")
        if key in out:
            raise ConfigError(f"--env-option {key} is given twice; keep one")
        try:
            parsed = json.loads(value, parse_constant=_no_constant)
        except json.JSONDecodeError:
            parsed = value
        except ValueError:
            raise ConfigError(f"--env-option {item}: {value} is not a value; give a finite number") from None
        if parsed is None:
            raise ConfigError(f"--env-option {item}: null is not a value; leave the option out to get its default")
        out[key] = parsed
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def build_env(args: argparse.Namespace) -> Environment:
    from pivot_opt.envs import make_env

    return make_env(args.env, **parse_env_options(args.env_option))


def build_engine(args: argparse.Namespace) -> Engine:
    import os

    from pivot_opt.engines import check_engine_spec, make_engine

    check_engine_spec(args.engine)
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
    """``--out`` as a folder, created if missing (a file or an uncreatable path is a ConfigError)."""
    path = Path(args.out)
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--out {path} is a file, not a folder; choose a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create --out {path}: {exc.strerror or exc}; choose a folder you can write") from None
    return path
