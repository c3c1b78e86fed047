"""What a sweep is made of: environments with task sets, methods, seeds, an engine, budgets.

Tasks are values of one constructor option of the environment (``seed`` for the generated
environments, a task id for datasets): ``EnvSpec("daytrip", tasks=range(10))`` builds
``make_env("daytrip", seed=k)``. The sweep's folder layout is fixed so that an interrupted
sweep can be resumed by running the same command again.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pivot_opt.bench.engines import EngineSpec, engine_label
from pivot_opt.errors import ConfigError
from pivot_opt.redact import redact_data

__all__ = ["BenchConfig", "EnvSpec", "Settings", "TaskRef", "engine_options", "parse_tasks", "read_json",
           "write_json_atomic"]


def engine_options(engine: str, *, workers: int = 1, api_base: str | None = None,
                   api_key_env: str | None = None, timeout: float | None = None,
                   retries: int | None = None, cache: bool = False) -> dict[str, Any]:
    """Engine keyword options of a sweep given on a command line (an unknown engine or unset key: ConfigError).

    ``dspy:`` engines get the server URL (JSON-object mode: local servers rarely take schemas)
    and the name of the variable holding the key, never the key (and ``--timeout``/``--retries``,
    which are not part of the sweep's fingerprint), and whether dspy's response cache is used (off
    unless asked: a sweep measures what calls cost); ``local`` engines share the
    cores between the parallel workers.
    """
    from pivot_opt.engines import check_engine_spec

    check_engine_spec(engine)
    options: dict[str, Any] = {}
    if engine.startswith("dspy:"):
        if api_key_env and not os.environ.get(api_key_env):
            raise ConfigError(f"environment variable {api_key_env} is not set; export it with your API key "
                              "(--api-key-env names it)")
        if api_base:
            options.update(api_base=api_base, schema_mode="json_object")
        if api_key_env:
            options["api_key_env"] = api_key_env
        if timeout is not None:
            options["timeout"] = timeout
        if retries is not None:
            options["num_retries"] = retries
        options["cache"] = bool(cache)
    elif engine.startswith("local"):
        options["n_threads"] = max(1, (os.cpu_count() or 1) // max(1, workers))
    return options


#: The most tasks (or seeds) one list may name: a sweep over more is a typo, not a plan.
MAX_TASKS = 10_000


def parse_tasks(text: str, *, limit: int = MAX_TASKS) -> list[Any]:
    """``"0-9"``, ``"1,3,5"``, ``"0-4,10"`` -> ints; anything else -> the comma-separated strings.

    A list of more than ``limit`` values is refused before it is built.
    """
    out: list[Any] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        match = re.fullmatch(r"(-?\d+)-(-?\d+)", part)
        if match:
            lo, hi = int(match.group(1)), int(match.group(2))
            if hi < lo:
                raise ConfigError(f"task range {part!r} runs backwards; write it as {hi}-{lo}")
            if len(out) + hi - lo + 1 > limit:
                raise ConfigError(f"{text!r} names {len(out) + hi - lo + 1:,} values, more than {limit:,}; "
                                  "give a smaller range")
            out.extend(range(lo, hi + 1))
        elif re.fullmatch(r"-?\d+", part):
            out.append(int(part))
        else:
            out.append(part)
        if len(out) > limit:
            raise ConfigError(f"{text[:40]!r}... names more than {limit:,} values; give fewer")
    if not out:
        raise ConfigError(f"no tasks in {text!r}; e.g. --tasks 0-9 or --tasks id_1,id_2")
    return out


def _slug(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(value)).strip("_") or "task"


@dataclass(frozen=True)
class TaskRef:
    """One task of one environment: how to build it and where its files go."""

    env: str
    task: Any
    task_option: str = "seed"
    options: tuple[tuple[str, Any], ...] = ()

    def make(self) -> Any:
        from pivot_opt.envs import make_env

        return make_env(self.env, **dict(self.options), **{self.task_option: self.task})

    @property
    def slug(self) -> str:
        return f"{_slug(self.env)}/{_slug(self.task)}"


@dataclass
class EnvSpec:
    """An environment and its task set (values of ``task_option``), plus fixed constructor options."""

    name: str
    tasks: Iterable[Any] = field(default_factory=lambda: range(10))
    task_option: str = "seed"
    options: dict[str, Any] = field(default_factory=dict)

    def refs(self) -> list[TaskRef]:
        tasks = list(self.tasks)
        if not tasks:
            raise ConfigError(f"environment {self.name!r} has an empty task set")
        opts = tuple(sorted(self.options.items()))
        return [TaskRef(self.name, t, self.task_option, opts) for t in tasks]


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs besides the job itself (picklable for process pools)."""

    engine: EngineSpec
    engine_options: tuple[tuple[str, Any], ...]
    iterations: int
    token_budget: int | None
    n_plans: int
    out: str
    acceptor: str = "lexicographic"

    def fingerprint(self) -> dict[str, Any]:
        """What results depend on: a resumed sweep must match it (secrets are never part of it)."""
        options = {k: v for k, v in self.engine_options if "key" not in k.lower() or k == "api_key_env"}
        for how in ("n_threads", "timeout", "num_retries"):  # how calls are made, not what they answer
            options.pop(how, None)
        if options.get("cache") is False:  # the engines' behaviour before the option existed
            options.pop("cache")
        return {"engine": engine_label(self.engine), "engine_options": options, "iterations": self.iterations,
                "token_budget": self.token_budget, "n_plans": self.n_plans, "acceptor": self.acceptor}


@dataclass
class BenchConfig:
    """A sweep: environments x tasks x methods x seeds, one engine, per-run budgets.

    Args:
        envs: environments with their task sets.
        methods: method and group names (see :mod:`pivot_opt.bench.methods`).
        seeds: run seeds (the planner's and the optimizers' sampling seeds).
        engine: ``"local"``, ``"dspy:<model>"`` or a zero-argument engine factory.
        engine_options: passed to the engine (e.g. ``api_base``, ``api_key_env``, ``n_threads``).
        iterations / token_budget: per-run budget (the loop stops at whichever comes first).
        n_plans: PLAN samples shared by all methods of a task and seed.
        out: the sweep folder (histories, results, report).
        workers: threads of the default executor.
        acceptor: EVOLVE's acceptor (a name in ``optimizers.ACCEPTORS``) for every PIVOT-family
            method; ``no-linesearch`` always uses ``accept-all`` and the baselines their own rules.
    """

    envs: list[EnvSpec]
    methods: list[str] | str = "all"
    seeds: list[int] = field(default_factory=lambda: [0, 1, 2])
    engine: EngineSpec = "local"
    engine_options: dict[str, Any] = field(default_factory=dict)
    iterations: int = 4
    token_budget: int | None = None
    n_plans: int = 3
    out: str | os.PathLike[str] = "bench-runs/sweep"
    workers: int = 2
    acceptor: str = "lexicographic"

    def __post_init__(self) -> None:
        if not self.envs:
            raise ConfigError("a sweep needs at least one environment")
        if not self.seeds:
            raise ConfigError("a sweep needs at least one seed")
        if self.iterations < 0 or self.n_plans < 1 or self.workers < 1:
            raise ConfigError("need iterations >= 0, n_plans >= 1 and workers >= 1")
        if self.token_budget is not None and self.token_budget <= 0:
            raise ConfigError(f"token_budget must be positive, got {self.token_budget}")
        from pivot_opt.optimizers.acceptors import ACCEPTORS

        if self.acceptor not in ACCEPTORS:
            raise ConfigError(f"unknown acceptor {self.acceptor!r}; choose one of {', '.join(ACCEPTORS)}")

    def settings(self) -> Settings:
        return Settings(self.engine, tuple(sorted(self.engine_options.items())), self.iterations, self.token_budget,
                        self.n_plans, str(self.out), self.acceptor)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON through a temporary file and a rename, so a crash never leaves half a file.

    Secrets are redacted from every string first (an engine error may quote a key).
    """
    from pivot_opt.files import atomic_write_text

    # ASCII escapes: any str a model wrote (a lone surrogate included) can be written.
    atomic_write_text(path, json.dumps(redact_data(data), indent=1, ensure_ascii=True, default=str) + "\n")


def read_json(path: Path) -> Any | None:
    """The JSON in ``path``, or None when it is missing or unreadable (an unfinished write)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
