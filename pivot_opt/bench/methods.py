"""The methods a sweep compares: PIVOT, its ablations, the human-in-the-loop oracle, the baselines.

Every method starts from the same PLAN (the best of ``n_plans`` samples, shared by all methods
of a task and seed; ``no-plan`` takes sample 0 only), uses the same engine and the same
INSPECT, and runs inside the same :class:`~pivot_opt.Pivot` loop with the same budgets. What
differs is the optimizer, the human hook, and which plan the method returns:

- ``verify``: PIVOT's VERIFY. The run's last plan is checked against every visible requirement;
  if an earlier accepted plan met strictly more visible hard requirements, that one is
  returned instead (hidden requirements are never used: the method cannot see them).
- ``last``: the plan at the end of the loop, unchecked (the baselines' own designs, and the
  ``no-verify`` ablation).
- ``best``: the lowest-loss plan seen (Best-of-N keeps its best sample by design).

Acceptors: every PIVOT-family method (``pivot``, ``no-plan``, ``no-localize``, ``no-verify``, the
``hitl-*`` oracles) uses the sweep's acceptor (``BenchConfig.acceptor``, ``pivot bench --acceptor``,
default ``lexicographic``); ``no-linesearch`` always uses ``accept-all``; the baselines keep their own
acceptance rules (see their modules).

Methods that differ only in that choice share one run (``run_key``): ``no-verify`` is read
off PIVOT's run, so it costs nothing extra and differs from PIVOT in selection alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment
from pivot_opt.errors import ConfigError

__all__ = ["GROUPS", "METHODS", "WORKER_MODULES", "Method", "MethodContext", "RunSetup", "build_run",
           "preload_worker_modules", "resolve_methods", "verified_choice"]

#: Every module a sweep's workers import lazily (method builders, optimizers and their textgrad parts,
#: losses, the loop). Python's per-module import locks can deadlock when threads import these
#: concurrently for the first time, and the loser gets a half-initialised module (a lost run), so
#: :func:`preload_worker_modules` imports them once, in the calling thread, before the pool starts.
WORKER_MODULES: tuple[str, ...] = (
    "textgrad", "textgrad.engine", "textgrad.loss", "textgrad.optimizer",
    "pivot_opt.trajectory", "pivot_opt.loss", "pivot_opt.engines.textgrad_adapter", "pivot_opt.planning",
    "pivot_opt.pivot", "pivot_opt.hitl", "pivot_opt.losses", "pivot_opt.optimizers",
)


@dataclass
class MethodContext:
    """What a method's run is built from."""

    env: Environment
    engine: Engine
    seed: int
    inspect: Any
    acceptor: str = "lexicographic"


@dataclass
class RunSetup:
    """How ``Pivot`` is configured for one run."""

    optimizer: Callable[[list[Any]], Any] | None = None
    on_inspect: Any = None
    inspect: Any = None
    human: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Method:
    """A named method: its family, the run it reads, how it picks its returned plan."""

    name: str
    family: str
    summary: str
    run_key: str
    select: str
    n_plans: int | None = None
    note: str = ""


def verified_choice(passed: Sequence[float]) -> int:
    """The plan the ``verify`` rule returns: the latest of those meeting the most visible hard requirements.

    ``passed[i]`` is how many visible hard requirements the i-th recorded plan meets.
    """
    return max(range(len(passed)), key=lambda i: (passed[i], i))


def _evolve(**options: Any) -> Callable[[MethodContext], RunSetup]:
    def build(ctx: MethodContext) -> RunSetup:
        from pivot_opt.optimizers.evolve import Evolve

        chosen = {"acceptor": ctx.acceptor, **options}
        return RunSetup(lambda params: Evolve(params, engine=ctx.engine, inspect=ctx.inspect, env=ctx.env,
                                              seed=ctx.seed, **chosen))
    return build


def _no_linesearch(ctx: MethodContext) -> RunSetup:
    from pivot_opt.optimizers.acceptors import AcceptAll

    return _evolve(acceptor=AcceptAll())(ctx)  # the ablation: whatever the sweep's acceptor


def _baseline(name: str) -> Callable[[MethodContext], RunSetup]:
    def build(ctx: MethodContext) -> RunSetup:
        from pivot_opt import optimizers

        cls = getattr(optimizers, name)
        return RunSetup(lambda params: cls(params, engine=ctx.engine, inspect=ctx.inspect, env=ctx.env,
                                           seed=ctx.seed))
    return build


def _hitl_oracle(ctx: MethodContext) -> RunSetup:
    from pivot_opt.hitl import SimulatedHuman

    human = SimulatedHuman(ctx.env)
    setup = _evolve()(ctx)
    setup.on_inspect = human
    setup.human = human
    return setup


def _hitl_oracle_term(ctx: MethodContext) -> RunSetup:
    from pivot_opt.hitl import SimulatedHuman
    from pivot_opt.losses.composite import Composite

    human = SimulatedHuman(ctx.env)
    inspect = Composite([*ctx.inspect.terms, human.term()])
    ctx = MethodContext(ctx.env, ctx.engine, ctx.seed, inspect, ctx.acceptor)
    setup = _evolve()(ctx)
    setup.inspect = inspect
    setup.human = human
    return setup


BUILDERS: dict[str, Callable[[MethodContext], RunSetup]] = {
    "pivot": _evolve(),
    "no-plan": _evolve(),
    "no-localize": _evolve(localize=False),
    "no-linesearch": _no_linesearch,
    "hitl-oracle": _hitl_oracle,
    "hitl-oracle-term": _hitl_oracle_term,
    "textgrad": _baseline("TextGradTGD"),
    "self-refine": _baseline("SelfRefine"),
    "reflexion": _baseline("Reflexion"),
    "best-of-n": _baseline("BestOfN"),
}

_ORACLE = "ORACLE upper bound: the simulated human reads the task's hidden constraints"

METHODS: dict[str, Method] = {m.name: m for m in [
    Method("pivot", "pivot", "PIVOT: best-of-n PLAN, localised INSPECT, EVOLVE line search, VERIFY", "pivot", "verify"),
    Method("no-plan", "ablation", "PIVOT without PLAN's best-of-n (single initial sample)", "no-plan", "verify",
           n_plans=1),
    Method("no-localize", "ablation", "PIVOT without INSPECT's localisation (whole-plan feedback)", "no-localize",
           "verify"),
    Method("no-linesearch", "ablation", "PIVOT without EVOLVE's line search (every proposal accepted)",
           "no-linesearch", "verify"),
    Method("no-verify", "ablation", "PIVOT without VERIFY (the last plan is returned unchecked)", "pivot", "last"),
    Method("hitl-oracle", "hitl", "PIVOT + simulated human after each INSPECT (feedback on hidden constraints)",
           "hitl-oracle", "verify", note=_ORACLE),
    Method("hitl-oracle-term", "hitl", "PIVOT + simulated human as a loss term judging every candidate",
           "hitl-oracle-term", "verify", note=_ORACLE),
    Method("textgrad", "baseline", "TextGrad: textgrad TextLoss + LLM backward + TextualGradientDescent",
           "textgrad", "last"),
    Method("self-refine", "baseline", "Self-Refine: self-critique then rewrite, no environment feedback",
           "self-refine", "last"),
    Method("reflexion", "baseline", "Reflexion: verbal reflections on execution feedback, kept across tries",
           "reflexion", "last"),
    Method("best-of-n", "baseline", "Best-of-N: fresh PLAN samples, best by INSPECT", "best-of-n", "best"),
]}

GROUPS: dict[str, list[str]] = {
    "all": ["pivot", "no-plan", "no-localize", "no-linesearch", "no-verify", "hitl-oracle", "textgrad",
            "self-refine", "reflexion", "best-of-n"],
    "ablations": ["pivot", "no-plan", "no-localize", "no-linesearch", "no-verify"],
    "baselines": ["pivot", "textgrad", "self-refine", "reflexion", "best-of-n"],
    "hitl": ["pivot", "hitl-oracle", "hitl-oracle-term"],
}


def preload_worker_modules(env_names: Iterable[str] = ()) -> None:
    """Import what sweep workers need (and the environments ``env_names``) before any worker thread runs."""
    import importlib

    from pivot_opt.envs import env_factory

    for name in WORKER_MODULES:
        importlib.import_module(name)
    for env in env_names:
        env_factory(env)  # imports the environment's module


def resolve_methods(names: list[str] | str) -> list[Method]:
    """Method names and group names (``all``, ``ablations``, ``baselines``, ``hitl``) -> methods, in order."""
    items = [n.strip() for n in (names.split(",") if isinstance(names, str) else names) if n.strip()]
    out: list[str] = []
    for item in items:
        for name in GROUPS.get(item, [item]):
            if name not in METHODS:
                raise ConfigError(f"unknown method {name!r}; choose from {', '.join(METHODS)} or a group "
                                  f"({', '.join(GROUPS)})")
            if name not in out:
                out.append(name)
    if not out:
        raise ConfigError("no methods given; e.g. --methods all or --methods pivot,textgrad")
    return [METHODS[n] for n in out]


def build_run(run_key: str, ctx: MethodContext) -> RunSetup:
    """The Pivot configuration of one run."""
    setup = BUILDERS[run_key](ctx)
    if setup.inspect is None:
        setup.inspect = ctx.inspect
    return setup
