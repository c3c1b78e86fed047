"""``Pivot``: the whole PLAN -> (INSPECT -> EVOLVE)* -> VERIFY loop with history and budgets.

The loop a user would write by hand (see the README), plus: best-of-n planning, a token
budget, a history written line by line as the run goes (and resumable from it), progress
output, and the best trajectory seen returned even when an optimizer may accept a worse one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment, prepare_env
from pivot_opt.errors import ConfigError, EngineError, ExecutionError, HistoryError
from pivot_opt.history import History, IterationRecord
from pivot_opt.ledger import PHASES
from pivot_opt.loss import Loss
from pivot_opt.safe_text import terminal_safe
from pivot_opt.trajectory import Trajectory

if TYPE_CHECKING:
    from pivot_opt.losses.verify import Verdict
    from pivot_opt.optimizers.acceptors import Acceptor
    from pivot_opt.optimizers.base import Optimizer, StepReport

__all__ = ["Pivot", "PivotResult", "check_history_belongs", "finished_result", "history_header"]

Progress = Callable[[IterationRecord], None]


@dataclass
class PivotResult:
    """The outcome of a run: the best plan, its loss and verdict, the history, the tokens spent.

    ``cached_tokens`` (per phase) are the calls answered from a response cache: reported apart,
    never part of ``tokens`` or the token budget.
    """

    best: Trajectory
    loss: Loss
    verdict: Verdict | None
    history: History
    tokens: dict[str, int]
    stopped: str
    iterations: int
    extra: dict[str, Any] = field(default_factory=dict)
    cached_tokens: dict[str, int] = field(default_factory=dict)

    @property
    def total_tokens(self) -> int:
        return int(sum(self.tokens.values()))


def history_header(env: Environment, run_name: str) -> dict[str, Any]:
    """What a history belongs to: the run, the environment, the task and a fingerprint of the task."""
    kind = f"{type(env).__module__}.{type(env).__qualname__}"
    task = env.task
    digest = hashlib.sha256(json.dumps([kind, str(task.id), task.query], ensure_ascii=False).encode()).hexdigest()
    return {"run": run_name, "env": kind, "task": str(task.id), "fingerprint": digest[:16]}


def check_history_belongs(history: History, env: Environment, *,
                          fix: str = "resume it with the same environment and options, or choose a new path") -> None:
    """Refuse to continue a history written for another environment or task (one without a header passes)."""
    if history.meta is None:
        return
    mine = history_header(env, str(history.meta.get("run", "")))
    theirs = {k: history.meta.get(k) for k in ("env", "task", "fingerprint")}
    if theirs != {k: mine[k] for k in theirs}:
        what = (f"task {theirs['task']!r} of {theirs['env']}" if theirs["fingerprint"] is not None
                else "another run")
        same = theirs["env"] == mine["env"] and theirs["task"] == mine["task"]
        detail = " (same id, another task text: other environment options?)" if same else ""
        raise HistoryError(f"{history.path} was written for {what}{detail}, not for task {mine['task']!r} of "
                           f"{mine['env']}; {fix}")


def print_progress(record: IterationRecord) -> None:
    """Default progress: one line per iteration (escaped: term names and radii may come from elsewhere)."""
    terms = ", ".join(f"{k}={v:.3g}" for k, v in record.terms.items())
    if record.iteration == 0:
        what = "initial plan"
    else:
        what = f"accepted {record.radius}" if record.accepted else "kept current"
    line = f"iter {record.iteration:>2}  loss {record.total:.4f}  ({terms})  {what}  tokens {record.total_tokens}"
    print(terminal_safe(line), file=sys.stdout, flush=True)


def _order_of(optimizer: Any) -> Callable[[Loss, Loss], bool]:
    """``better(candidate, incumbent)`` by the optimizer's acceptor (EVOLVE's), else by the total.

    ``Pivot`` keeps the best plan by this order, so that it never returns a plan its own
    acceptor ranks below another it saw (a lexicographic acceptor ranks hard violations first).
    """
    acceptor_better = getattr(getattr(optimizer, "acceptor", None), "better", None)
    if callable(acceptor_better):
        return lambda candidate, incumbent: bool(acceptor_better(candidate, incumbent))
    return lambda candidate, incumbent: not candidate.failed and candidate.total < incumbent.total


class Pivot:
    """PLAN, then INSPECT and EVOLVE for up to ``iterations``, then VERIFY.

    Args:
        env: the environment the plan runs in.
        engine: the model for PLAN and EVOLVE (and any engine-backed loss terms).
        inspect: INSPECT (default ``losses.Composite()`` of the zero-token terms).
        optimizer: factory ``params -> Optimizer`` (default: ``optimizers.Evolve`` built from
            ``acceptor`` and ``evolve_options``).
        acceptor: EVOLVE's acceptor without a factory: a name in ``optimizers.ACCEPTORS``
            (``"lexicographic"``, the default, ``"total"``, ``"strict"``, ``"accept-all"``) or an
            ``Acceptor``. The default never trades a hard requirement for a soft gain.
        evolve_options: further ``Evolve`` keyword arguments (e.g. ``{"radii": ("patch",)}``).
        planner: PLAN (default ``env.default_planner(engine)`` when the environment has one, else
            ``SchemaPlanner(engine)``); ignored when ``run(initial)`` is given.
        n_plans: PLAN candidates; the lowest-loss one starts the refinement.
        iterations: maximum EVOLVE steps.
        token_budget: stop before a new iteration once this many tokens were spent.
        history: JSONL path written as the run goes (None: in memory only).
        resume: continue from the last record of ``history`` instead of starting over.
        verify: run VERIFY on the best plan at the end.
        progress: True (print a line per iteration), False, or a callback per record.
        on_inspect: called as ``on_inspect(iteration, trajectory, loss)`` after each INSPECT of the
            current plan, before its backward. It may add terms to ``loss`` (human feedback: see
            :mod:`pivot_opt.hitl`) and returns None to go on, or a reason to stop the loop now.
        max_engine_failures: stop once this many engine calls in a row failed (a refused key stops
            at once): ``stopped`` is ``"engine failed: <cause>"``, the failed step is not recorded
            and no VERIFY is written, so the history resumes once the engine is fixed.
    """

    def __init__(
        self,
        env: Environment,
        engine: Engine,
        *,
        inspect: Callable[[Trajectory, Environment], Loss] | None = None,
        optimizer: Callable[[list[Trajectory]], Optimizer] | None = None,
        acceptor: str | Acceptor | None = None,
        evolve_options: dict[str, Any] | None = None,
        planner: Callable[[Environment, int], Trajectory] | None = None,
        n_plans: int = 3,
        iterations: int = 8,
        token_budget: int | None = None,
        history: str | os.PathLike[str] | None = None,
        run_name: str = "pivot",
        resume: bool = False,
        verify: bool = True,
        progress: bool | Progress = True,
        on_inspect: Callable[[int, Trajectory, Loss], str | None] | None = None,
        max_engine_failures: int = 3,
    ) -> None:
        if n_plans < 1 or iterations < 0:
            raise ConfigError(f"need n_plans >= 1 and iterations >= 0, got {n_plans} and {iterations}")
        if token_budget is not None and token_budget <= 0:
            raise ConfigError(f"the token budget must be a positive number of tokens, got {token_budget}")
        if optimizer is not None and (acceptor is not None or evolve_options):
            raise ConfigError("pass either optimizer= (a factory) or acceptor=/evolve_options= (for the default "
                              "Evolve), not both; give the factory's optimizer its acceptor itself")
        if acceptor is not None or evolve_options:
            from pivot_opt.optimizers.acceptors import make_acceptor

            acceptor = make_acceptor(acceptor)  # a bad name fails here, before any model call
            passed = {"self", "params", "engine", "inspect", "env", "acceptor"}
            reserved = sorted((passed - {"self"}) & set(evolve_options or {}))
            if reserved:
                raise ConfigError(f"evolve_options may not set {', '.join(reserved)}: Pivot passes them "
                                  "(use acceptor= for the acceptor)")
            import inspect as pyinspect

            from pivot_opt.optimizers.evolve import Evolve

            known = set(pyinspect.signature(Evolve.__init__).parameters)
            unknown = sorted(set(evolve_options or {}) - known)
            if unknown:
                raise ConfigError(f"unknown evolve_options {', '.join(unknown)}; Evolve takes "
                                  f"{', '.join(sorted(known - passed))}")
        if inspect is None:
            from pivot_opt.losses.composite import Composite

            inspect = Composite()
        self.env = env
        self.engine = engine
        self.inspect = inspect
        self.optimizer_factory = optimizer
        self.acceptor = acceptor
        self.evolve_options = dict(evolve_options or {})
        self.planner = planner
        self.n_plans = n_plans
        self.iterations = iterations
        self.token_budget = token_budget
        self.history_path = history
        self.run_name = run_name
        self.resume = resume
        self.verify = verify
        self.progress: Progress | None = print_progress if progress is True else (progress or None)
        self.on_inspect = on_inspect
        self.max_engine_failures = max(1, max_engine_failures)

    # -- pieces --------------------------------------------------------------------------
    def _optimizer(self, traj: Trajectory) -> Optimizer:
        if self.optimizer_factory is not None:
            return self.optimizer_factory([traj])
        from pivot_opt.optimizers.evolve import Evolve

        return Evolve([traj], engine=self.engine, inspect=self.inspect, env=self.env, acceptor=self.acceptor,
                      **self.evolve_options)

    def _inspect(self, traj: Trajectory) -> Loss:
        loss = self.inspect(traj, self.env)
        traj.last_loss = loss
        return loss

    def _fresh_loss(self, traj: Trajectory) -> Loss:
        """The loss of the current value, reusing the optimizer's re-inspection when it is current."""
        last = traj.last_loss
        if last is not None and last.plan_text == traj.value:
            last.trajectory = traj
            return last
        return self._inspect(traj)

    def _plan(self) -> tuple[Trajectory, Loss, list[dict[str, Any]]]:
        from pivot_opt.planning import SchemaPlanner

        # An environment may name its own PLAN (``env.default_planner(engine)``), e.g. the travel
        # environment's grammar-choice planner; an explicit ``planner=`` always wins.
        default = getattr(self.env, "default_planner", None)
        planner = self.planner or (default(self.engine) if callable(default) else SchemaPlanner(self.engine))
        best: tuple[Trajectory, Loss] | None = None
        tried: list[dict[str, Any]] = []
        for k in range(self.n_plans):
            traj = planner(self.env, k)
            try:
                loss = self._inspect(traj)
            except ExecutionError as exc:
                tried.append({"sample": k, "error": str(exc)})
                continue
            tried.append({"sample": k, "total": loss.total, "steps": len(traj.steps) if traj.is_parsable() else None})
            if best is None or loss.total < best[1].total:
                best = (traj, loss)
        if best is None:
            raise ExecutionError(f"every one of {self.n_plans} PLAN candidates failed to execute: {tried}")
        return best[0], best[1], tried

    def _record(self, history: History, iteration: int, traj: Trajectory, loss: Loss, start: float,
                token_offset: dict[str, int], report: StepReport | None = None, extra: dict[str, Any] | None = None,
                event: str = "iteration") -> IterationRecord:
        tokens = self._tokens(token_offset)
        record = IterationRecord(
            run=self.run_name, iteration=iteration, total=loss.total, terms=loss.vector,
            accepted=bool(report and report.accepted), radius=report.radius if report else None,
            reason=report.reason if report else "", hard_violations=None if loss.error else loss.hard_violations,
            tokens=tokens, wall_time=time.perf_counter() - start + self._time_offset,
            candidates=[c.to_dict() for c in report.candidates] if report else [],
            trajectory=traj.value, event=event, extra=extra or {},
        )
        history.append(record)
        if self.progress is not None and event == "iteration":
            self.progress(record)
        return record

    def _resume_state(self, history: History) -> tuple[Trajectory, int, dict[str, int]] | None:
        its = history.iterations
        if not its:
            return None
        last = its[-1]
        traj = Trajectory.from_json(last.trajectory, task=self.env.task)
        self._time_offset = last.wall_time
        return traj, last.iteration, dict(last.tokens)

    # -- the loop ------------------------------------------------------------------------
    def run(self, initial: Trajectory | None = None) -> PivotResult:
        start = time.perf_counter()
        self._token_start = self.engine.ledger.by_phase()
        self._cached_start = self.engine.ledger.cached_by_phase()
        self._time_offset = 0.0
        self.engine.failures_in_row = 0  # judge this run's calls only
        token_offset: dict[str, int] = {}
        history = None
        resumed = None
        if self.resume and self.history_path is not None and os.path.exists(self.history_path):
            history = History.load(self.history_path)
            check_history_belongs(history, self.env)
            if history.records and history.records[-1].event == "verify":
                raise ConfigError(f"the run in {self.history_path} already finished; start a new history file")
            history.drop_partial_tail()
            if history.meta is None and not history.records:
                history.write_header(history_header(self.env, self.run_name))
            resumed = self._resume_state(history)
        if history is None:
            path = self.history_path
            if path is not None and os.path.exists(path) and os.path.getsize(path):
                raise ConfigError(f"history file {self.history_path} already exists; resume it to continue, "
                                  "or choose a new path")
            history = History(self.history_path, run=self.run_name)
            history.write_header(history_header(self.env, self.run_name))

        self._last: tuple[Trajectory, Loss] | None = None
        try:
            return self._run(history, resumed, initial, start, token_offset)
        except ExecutionError as exc:
            # The environment's fault, not the plan's: the records written so far stay, an
            # ``error`` record says what failed, and the caller (the CLI) reports one line.
            self._record_error(history, exc, start, token_offset)
            raise

    def _record_error(self, history: History, exc: ExecutionError, start: float, token_offset: dict[str, int]) -> None:
        iteration = history.records[-1].iteration if history.records else 0
        if self._last is not None:
            traj, loss = self._last
            self._record(history, iteration, traj, loss, start, token_offset, event="error",
                         extra={"error": str(exc)})
            return
        history.append(IterationRecord(run=self.run_name, iteration=iteration, total=float("inf"), terms={},
                                       tokens=self._tokens(token_offset),
                                       wall_time=time.perf_counter() - start + self._time_offset, event="error",
                                       extra={"error": str(exc)}))

    def _run(self, history: History, resumed: tuple[Trajectory, int, dict[str, int]] | None,
             initial: Trajectory | None, start: float, token_offset: dict[str, int]) -> PivotResult:
        prepare_env(self.env, self.engine)  # e.g. read the task with the engine (booked as PLAN)
        if resumed is not None:
            traj, first_iteration, token_offset = resumed
            loss = self._inspect(traj)
        else:
            if initial is not None:
                traj, plan_info = initial, []
                loss = self._inspect(traj)
            else:
                traj, loss, plan_info = self._plan()
            first_iteration = 0
            if self._engine_down() is None:
                self._record(history, 0, traj, loss, start, token_offset,
                             extra={"plan_candidates": plan_info, **self._information()})

        self._last = (traj, loss)
        best, best_loss = traj.with_steps(traj.steps) if traj.is_parsable() else traj, loss
        optimizer = self._optimizer(traj)
        better = _order_of(optimizer)
        stopped = "iterations done"
        iteration = first_iteration
        for iteration in range(first_iteration + 1, self.iterations + 1):
            if self._engine_down() is not None:
                iteration -= 1
                break
            halt = self.on_inspect(iteration, traj, loss) if self.on_inspect is not None else None
            if halt:
                stopped = halt
                iteration -= 1
                break
            if loss.is_zero:
                stopped = "loss is 0"
                iteration -= 1
                break
            if self.token_budget is not None and self._spent(token_offset) >= self.token_budget:
                stopped = "token budget spent"
                iteration -= 1
                break
            optimizer.zero_grad()
            loss.backward()
            report = optimizer.step()
            if self._engine_down() is not None:  # the step's proposals never reached a model
                iteration -= 1
                break
            loss = self._fresh_loss(traj)
            self._last = (traj, loss)
            if better(loss, best_loss):
                best, best_loss = traj.with_steps(traj.steps), loss
            self._record(history, iteration, traj, loss, start, token_offset, report)
        else:
            if loss.is_zero:
                stopped = "loss is 0"

        down = self._engine_down()
        if down is not None:
            return self._engine_failed(history, traj, loss, best, best_loss, start, token_offset, iteration, down)
        verdict = None
        if self.verify:
            from pivot_opt.losses.verify import verify

            verdict = verify(best, self.env)
            self._record(history, iteration, best, best_loss, start, token_offset, event="verify",
                         extra={"verdict": verdict.to_dict(), "stopped": stopped})
        tokens = dict(history.records[-1].tokens) if history.records else {}
        return PivotResult(best=best, loss=best_loss, verdict=verdict, history=history, tokens=tokens,
                           stopped=stopped, iterations=iteration, cached_tokens=self._cached())

    def _engine_down(self) -> EngineError | None:
        """The engine's last error when it is down: a fatal failure, or ``max_engine_failures`` in a row."""
        error = self.engine.last_error
        if error is None or not self.engine.failures_in_row:
            return None
        if error.fatal or self.engine.failures_in_row >= self.max_engine_failures:
            return error
        return None

    def _engine_failed(self, history: History, traj: Trajectory, loss: Loss, best: Trajectory, best_loss: Loss,
                       start: float, token_offset: dict[str, int], iteration: int, error: EngineError) -> PivotResult:
        """End a run whose engine is down: a ``stopped`` record (not an iteration, not a VERIFY), so it resumes."""
        cause = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        stopped = f"engine failed: {cause}"
        extra = {"stopped": stopped, "hint": error.hint, "failures_in_row": self.engine.failures_in_row}
        self._record(history, iteration, traj, loss, start, token_offset, event="stopped", extra=extra)
        tokens = dict(history.records[-1].tokens)
        return PivotResult(best=best, loss=best_loss, verdict=None, history=history, tokens=tokens, stopped=stopped,
                           iterations=iteration, extra={"engine_error": error, "hint": error.hint},
                           cached_tokens=self._cached())

    def _cached(self) -> dict[str, int]:
        """This run's tokens answered from a response cache, per phase."""
        now = self.engine.ledger.cached_by_phase()
        return {p: now.get(p, 0) - self._cached_start.get(p, 0) for p in PHASES}

    def _information(self) -> dict[str, Any]:
        """What the run knew about the task (e.g. how its requests were read, gold or not)."""
        data = getattr(self.env.task, "data", None) or {}
        return {k: data[k] for k in ("information", "stated") if k in data}

    def _tokens(self, token_offset: dict[str, int]) -> dict[str, int]:
        """Tokens per phase of this run: spent since it started, plus what a resumed history had spent."""
        now = self.engine.ledger.by_phase()
        return {p: now.get(p, 0) - self._token_start.get(p, 0) + token_offset.get(p, 0) for p in PHASES}

    def _spent(self, token_offset: dict[str, int]) -> int:
        return sum(self._tokens(token_offset).values())


def finished_result(history: History, env: Environment,
                    inspect: Callable[[Trajectory, Environment], Loss] | None = None) -> PivotResult:
    """The result of a run whose history ends with its ``verify`` record (to rebuild lost outputs).

    The best plan is the one the ``verify`` record holds; its loss and verdict are computed again
    (both are deterministic and spend no tokens), the tokens and the reason to stop are recorded.
    """
    from pivot_opt.losses.verify import verify

    records = history.records
    if not records or records[-1].event != "verify":
        raise HistoryError(f"{history.path} has no verify record: the run did not finish; resume it")
    last = records[-1]
    if inspect is None:
        from pivot_opt.losses.composite import Composite

        inspect = Composite()
    best = Trajectory.from_json(last.trajectory, task=env.task)
    loss = inspect(best, env)
    return PivotResult(best=best, loss=loss, verdict=verify(best, env), history=history, tokens=dict(last.tokens),
                       stopped=str(last.extra.get("stopped", "finished")), iterations=last.iteration)
