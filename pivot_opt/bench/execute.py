"""One run of a sweep: build the method, run the Pivot loop, pick the returned plan, score it.

Scoring is the same for every method and never uses the method's own loss: the returned
plan gets the default INSPECT loss (``final_loss``) and a full VERIFY including hidden
constraints (``satisfaction``: share of requirements met; ``case_acc``: all of them met;
``hard_pass``: every hard one met). Each recorded plan of the run is scored the same way
for the curves. This runs in a worker (thread or process): it only reads its arguments and
writes its own files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pivot_opt.bench.config import Settings, TaskRef, write_json_atomic
from pivot_opt.bench.engines import LedgerView, engine_for_thread
from pivot_opt.bench.methods import METHODS, MethodContext, build_run, verified_choice
from pivot_opt.bench.plans import ReplayPlanner, compute_plans, load_plans, restore_reading
from pivot_opt.environment import Environment, information_of
from pivot_opt.errors import EngineError
from pivot_opt.history import IterationRecord

__all__ = ["Evaluator", "RunJob", "execute_run", "result_path", "run_folder"]


@dataclass(frozen=True)
class RunJob:
    """One Pivot run and the methods read off it (several when they differ only in selection)."""

    ref: TaskRef
    seed: int
    run_key: str
    methods: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.ref.slug}/{self.run_key}/s{self.seed}"


#: The files a run writes into its run folder: the only ones an attempt that starts over removes.
RUN_FILES = ("history.jsonl", "human.json")


def run_folder(out: str | Path, ref: TaskRef, run_key: str, seed: int) -> Path:
    return Path(out) / "runs" / ref.slug / run_key / f"s{seed}"


def result_path(out: str | Path, ref: TaskRef, method: str, seed: int) -> Path:
    return Path(out) / "results" / ref.slug / method / f"s{seed}.json"


class Evaluator:
    """The benchmark's own scoring of plans (cached by plan text)."""

    def __init__(self, env: Environment) -> None:
        from pivot_opt.losses.composite import Composite

        self.env = env
        self.inspect = Composite()
        self._cache: dict[str, dict[str, Any]] = {}

    def score(self, plan_json: str) -> dict[str, Any]:
        if plan_json not in self._cache:
            from pivot_opt.errors import TrajectoryParseError
            from pivot_opt.losses.verify import verify
            from pivot_opt.trajectory import Trajectory

            try:
                traj = Trajectory.from_json(plan_json, task=self.env.task)
            except TrajectoryParseError:
                traj = Trajectory([], task=self.env.task)
            loss = self.inspect(traj, self.env)
            full = verify(traj, self.env, include_hidden=True)
            visible = verify(traj, self.env, include_hidden=False)
            self._cache[plan_json] = {
                "loss": loss.total, "terms": loss.vector, "satisfaction": full.satisfaction,
                "hard_satisfaction": full.hard_satisfaction, "hard_pass": full.passed,
                "case_acc": all(i.passed for i in full.items),
                "visible_hard_passed": sum(i.passed for i in visible.items if i.hard),
                "verdict": full.to_dict(),
            }
        return self._cache[plan_json]


def select_plan(rule: str, records: list[IterationRecord], best_plan: str, evaluator: Evaluator) -> tuple[str, int]:
    """The plan a method returns and the iteration it comes from (see :mod:`pivot_opt.bench.methods`)."""
    last = records[-1]
    if rule == "last":
        return last.trajectory, last.iteration
    if rule == "best":
        found = [r.iteration for r in records if r.trajectory == best_plan]
        return best_plan, (found[-1] if found else last.iteration)
    chosen = records[verified_choice([evaluator.score(r.trajectory)["visible_hard_passed"] for r in records])]
    return chosen.trajectory, chosen.iteration


def execute_run(job: RunJob, settings: Settings) -> list[dict[str, Any]]:
    """Run one job and write one result file per method; returns the results."""
    from pivot_opt.pivot import Pivot

    env = job.ref.make()
    engine = LedgerView(engine_for_thread(settings.engine, dict(settings.engine_options)))
    plans = load_plans(settings.out, job.ref, job.seed, settings.n_plans) or compute_plans(job.ref, job.seed,
                                                                                            settings)
    n_plans = METHODS[job.methods[0]].n_plans or settings.n_plans
    restore_reading(env, plans)
    planner = ReplayPlanner(plans["samples"], engine, plans.get("reading"))
    evaluator = Evaluator(env)
    setup = build_run(job.run_key, MethodContext(env, engine, job.seed, evaluator.inspect,
                                                  settings.acceptor))
    folder = run_folder(settings.out, job.ref, job.run_key, job.seed)
    for name in RUN_FILES:  # an interrupted attempt: start this run over (only files a run writes)
        (folder / name).unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    pivot = Pivot(env, engine, inspect=setup.inspect, optimizer=setup.optimizer, planner=planner, n_plans=n_plans,
                  iterations=settings.iterations, token_budget=settings.token_budget,
                  history=folder / "history.jsonl", run_name=job.run_key, verify=False, progress=False,
                  on_inspect=setup.on_inspect)
    result = pivot.run()
    if result.stopped.startswith("engine failed"):  # not a result: recorded as an error, tried again next time
        raise EngineError(f"{result.stopped}; {result.extra.get('hint') or 'check the engine settings'}")
    wall = time.perf_counter() - start + planner.seconds
    records = result.history.iterations
    curve = []
    for r in records:
        s = evaluator.score(r.trajectory)
        curve.append({"iteration": r.iteration, "tokens": r.total_tokens, "loss": s["loss"],
                      "terms": s["terms"], "satisfaction": s["satisfaction"], "method_loss": r.total,
                      "visible_hard_passed": s["visible_hard_passed"],
                      "accepted": r.accepted})
    best_seen = min(records, key=lambda r: (evaluator.score(r.trajectory)["loss"], -r.iteration))
    human = None
    if setup.human is not None:
        human = {"label": setup.human.label, "turns": setup.human.log}
        write_json_atomic(folder / "human.json", human)
    out = []
    for name in job.methods:
        method = METHODS[name]
        plan, iteration = select_plan(method.select, records, result.best.value, evaluator)
        score = evaluator.score(plan)
        data = {
            "env": job.ref.env, "task": job.ref.task, "method": name, "family": method.family, "seed": job.seed,
            "run_key": job.run_key, "select": method.select, "note": method.note,
            "final_loss": score["loss"], "terms": score["terms"], "satisfaction": score["satisfaction"],
            "hard_satisfaction": score["hard_satisfaction"], "hard_pass": score["hard_pass"],
            "case_acc": score["case_acc"], "tokens": result.total_tokens, "tokens_by_phase": result.tokens,
            "wall_time": wall, "iterations": result.iterations, "stopped": result.stopped,
            "returned_iteration": iteration, "best_loss": evaluator.score(best_seen.trajectory)["loss"],
            "best_satisfaction": evaluator.score(best_seen.trajectory)["satisfaction"],
            "curve": curve, "human": human, "plan": plan, "verdict": score["verdict"],
            "engine": engine.name, "settings": settings.fingerprint(),
            "information": information_of(env),
            "history": str((folder / "history.jsonl").relative_to(settings.out)),
        }
        write_json_atomic(result_path(settings.out, job.ref, name, job.seed), data)
        out.append(data)
    return out
