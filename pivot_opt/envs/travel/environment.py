"""``TravelEnv``: DeepPlanning travel planning as a pivot-opt environment.

A trajectory is the itinerary as typed steps (see :mod:`.steps`): trains and flights, city
travel, attractions, meals, hotels and buffers, each with its day, and either a literal time
slot and cost (steps converted from a plan) or only its entity (steps a planner or a small
model writes; the scheduler times them). ``execute`` turns the steps into the official
converted plan and runs the evaluator's own checks on it (:mod:`.execution`), so the loss
the optimizer minimises is the score the benchmark reports. Constraints: every commonsense
sub-check (visible), each personalized constraint as the user stated it (visible,
:mod:`.requests`) and as the benchmark checks it (hidden, for VERIFY and simulated humans).

Three sources: :meth:`TravelEnv.generated` (a seeded synthetic task and database),
:meth:`TravelEnv.from_query` (a real query with a generated database) and
:meth:`TravelEnv.from_official` (official data on disk). :func:`make_travel_env` picks one
from keyword options (``seed=``, ``query_id=``, ``db_root=``), as ``make_env("travel", ...)``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pivot_opt.environment import Constraint, ExecutionTrace, Task
from pivot_opt.envs.travel.actions import ActionSpace
from pivot_opt.envs.travel.context import TravelContext
from pivot_opt.envs.travel.convert import plan_to_steps, steps_to_plan, steps_to_text, text_to_steps
from pivot_opt.envs.travel.database import TravelDatabase, load_database, load_task_database
from pivot_opt.envs.travel.evaluator import score_plan
from pivot_opt.envs.travel.execution import commonsense_constraints, execute_steps, official_constraints
from pivot_opt.envs.travel.hints import Hinter
from pivot_opt.envs.travel.records import TravelTask
from pivot_opt.envs.travel.requests import build_requests, check_request, protected_names, request_constraints
from pivot_opt.envs.travel.tasks import load_task
from pivot_opt.errors import ConfigError
from pivot_opt.step import Step, steps_to_json

if TYPE_CHECKING:
    from pivot_opt.engines.base import Engine
    from pivot_opt.planning import Planner

__all__ = ["DATA_ENV_VAR", "QUERY_FILE", "TravelEnv", "default_query_file", "make_travel_env"]

DATA_ENV_VAR = "PIVOT_DEEPPLANNING_DATA"
QUERY_FILE = "travelplanning_query_en.json"
_CACHE = 32


def _workdir(workdir: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    """The folder to write a generated database into, and whether it is a temporary one."""
    if workdir is not None:
        path = Path(workdir)
        path.mkdir(parents=True, exist_ok=True)
        return path, False
    return Path(tempfile.mkdtemp(prefix="pivot-travel-")), True


def _owns(env: TravelEnv, folder: Path, temporary: bool) -> TravelEnv:
    """A temporary database folder lives as long as its environment (sweeps build many)."""
    if temporary:
        weakref.finalize(env, shutil.rmtree, str(folder), True)
    return env


def default_query_file() -> Path:
    """The public English query file: ``$PIVOT_DEEPPLANNING_DATA`` (a folder or the file itself),
    else ``../shared/data/deepplanning`` next to the repository."""
    env = os.environ.get(DATA_ENV_VAR)
    if env:
        path = Path(env)
        path = path / QUERY_FILE if path.is_dir() else path
        if not path.is_file():
            raise ConfigError(f"{DATA_ENV_VAR}={env} holds no {QUERY_FILE}; point it at the folder that does")
        return path
    path = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "deepplanning" / QUERY_FILE
    if not path.is_file():
        raise ConfigError(f"no DeepPlanning query file found at {path}; set {DATA_ENV_VAR} to the folder holding "
                          f"{QUERY_FILE}, or pass query_file=...")
    return path


class TravelEnv:
    """The travel environment (see module docstring). Build it with one of the class methods."""

    def __init__(self, task: TravelTask, db: TravelDatabase, *, source: str = "custom",
                 record: dict[str, Any] | None = None) -> None:
        self.travel_task = task
        self.db = db
        self.source = source
        self.record = record
        self.ctx = TravelContext(task, db)
        self.task = Task(f"travel-{source}-{task.id}", task.query,
                         data={"meta_info": task.meta_info, "source": source, "db": str(db.path or "")})
        self.requests = build_requests(self.ctx)
        self.space = ActionSpace(self.ctx, self.requests)
        self._constraints: list[Constraint] | None = None
        self._traces: OrderedDict[str, ExecutionTrace] = OrderedDict()

    # -- sources ----------------------------------------------------------------------------
    @classmethod
    def generated(cls, seed: int, days: int | None = None, *, workdir: str | os.PathLike[str] | None = None,
                  **options: Any) -> TravelEnv:
        """A seeded synthetic task and its database (written under ``workdir`` or a temp folder)."""
        from pivot_opt.envs.travel.generator import generate_task

        if days is not None and not 2 <= int(days) <= 7:
            raise ConfigError(f"days must be between 2 and 7, got {days}")
        root, temporary = _workdir(workdir)
        record, folder = generate_task(int(seed), None if days is None else int(days), root=root, **options)
        return _owns(cls(_task(record), load_database(folder), source="generated", record=record), root, temporary)

    @classmethod
    def from_query(cls, query_file: str | os.PathLike[str] | None, task_id: str | int,
                   workdir: str | os.PathLike[str] | None = None, *, seed: int = 0) -> TravelEnv:
        """A real query from the public query file, with a generated database consistent with it."""
        from pivot_opt.envs.travel.generator import generate_database_for_meta

        task = load_task(query_file or default_query_file(), str(task_id))
        record = {"id": task.id, "query": task.query, "meta_info": task.meta_info}
        root, temporary = _workdir(workdir)
        try:
            folder = generate_database_for_meta(record, root, seed)
        except RuntimeError as exc:
            raise ConfigError(f"could not generate a database for query {task.id}: {exc}") from exc
        return _owns(cls(task, load_database(folder), source="query", record=record), root, temporary)

    @classmethod
    def from_official(cls, query_file: str | os.PathLike[str] | None, db_root: str | os.PathLike[str],
                      task_id: str | int) -> TravelEnv:
        """Official data on disk: a query file and a database root holding ``id_<id>/`` folders."""
        task = load_task(query_file or default_query_file(), str(task_id))
        return cls(task, load_task_database(db_root, task.id, strict=False), source="official")

    # -- the Environment protocol -----------------------------------------------------------
    def execute(self, steps: Sequence[Step]) -> ExecutionTrace:
        """Schedule the steps into the official plan, run every check, mark every step."""
        steps = list(steps)
        key = steps_to_json(steps)
        trace = self._traces.get(key)
        if trace is None:
            trace = execute_steps(steps, self.ctx)
            self._traces[key] = trace
            while len(self._traces) > _CACHE:
                self._traces.popitem(last=False)
        else:
            self._traces.move_to_end(key)
        return trace

    def clear_cache(self) -> None:
        """Forget cached traces (``execute`` caches the last few plans it ran, keyed by their JSON)."""
        self._traces.clear()

    def constraints(self) -> list[Constraint]:
        """Commonsense checks and stated requests (visible, hard); official constraints (hidden)."""
        if self._constraints is None:
            self._constraints = (commonsense_constraints(Hinter(self.space))
                                 + request_constraints(self.ctx, self.requests) + official_constraints(self.ctx))
        return list(self._constraints)

    def action_schema(self, steps: Sequence[Step] | None = None, position: int | None = None) -> dict[str, Any]:
        """One valid step at ``position`` (``None``: a step to insert anywhere), entities as short enums."""
        steps = list(steps or [])
        trace = self.execute(steps)
        unmet: set[str] = set()
        blamed: dict[int, list[Any]] = {}
        protected = protected_names(self.requests)
        for req in self.requests:
            result = check_request(req, trace, self.ctx, protected, steps)
            if not result.passed:
                unmet.add(req.key)
                for i in result.blame:
                    blamed.setdefault(i, []).append(req)
        return self.space.schema(steps, position, trace.info["built"], blamed, unmet)

    def describe(self) -> str:
        return self.space.describe(self.travel_task.query)

    def default_planner(self, engine: Engine) -> Planner:
        """PLAN for ``Pivot`` and the CLI: the grammar-choice planner (works with the 135M model)."""
        from pivot_opt.envs.travel.planners import GrammarChoicePlanner

        return GrammarChoicePlanner(engine)

    # -- conversions and scoring ------------------------------------------------------------
    def to_plan(self, steps: Sequence[Step]) -> dict[str, Any]:
        """The converted plan JSON (spec §7) of these steps."""
        return steps_to_plan(list(steps), self.ctx)

    def to_text(self, steps: Sequence[Step]) -> str:
        """The official plan text (spec §6) of these steps."""
        return steps_to_text(list(steps), self.ctx)

    def from_plan(self, plan: dict[str, Any]) -> list[Step]:
        """Steps for a converted plan (lossless: ``to_plan(from_plan(p)) == p``)."""
        return plan_to_steps(plan, self.ctx)

    def from_text(self, text: str) -> list[Step]:
        """Steps for an official plan text or an agent reply with ``<plan>`` blocks."""
        return text_to_steps(text, self.ctx)

    def score(self, plan: Sequence[Step] | dict[str, Any]) -> dict[str, Any]:
        """The official score object of a plan (steps or converted JSON)."""
        converted = plan if isinstance(plan, dict) else self.to_plan(plan)
        return score_plan(converted, self.ctx.meta, self.db, sample_id=self.travel_task.id)

    def reference_steps(self) -> list[Step]:
        """Steps of the generator's reference plan (generated databases only)."""
        if self.record is None or self.db.path is None:
            raise ConfigError("a reference plan exists only for generated databases (generated / from_query)")
        from pivot_opt.envs.travel.reference import reference_plan

        return self.from_plan(reference_plan(self.record, self.db.path))

    def __repr__(self) -> str:
        return f"TravelEnv({self.task.id}: {self.ctx.org} -> {self.ctx.dest}, {self.ctx.days} days)"


def _task(record: dict[str, Any]) -> TravelTask:
    return TravelTask(str(record["id"]), str(record.get("query", "")), record["meta_info"],
                      str(record.get("query_with_constraints", "")))


_OPTIONS = ("seed", "days", "query_id", "task_id", "query_file", "db_root", "workdir")


def make_travel_env(seed: int | None = None, days: int | None = None, query_id: str | int | None = None,
                    task_id: str | int | None = None, query_file: str | None = None, db_root: str | None = None,
                    workdir: str | None = None, **unknown: Any) -> TravelEnv:
    """``make_env("travel", ...)``: ``seed=3`` (generated), ``query_id="12"`` (real query, generated
    database) or ``db_root=..., task_id=...`` (official data; ``query_file`` defaults to the shared one)."""
    if unknown:
        raise ConfigError(f"unknown travel option(s) {sorted(unknown)}; use {', '.join(_OPTIONS)}")
    if db_root is not None:
        wanted = task_id if task_id is not None else query_id
        if wanted is None:
            raise ConfigError("official data needs task_id=<id> together with db_root=...")
        return TravelEnv.from_official(query_file, db_root, wanted)
    if query_id is not None or task_id is not None:
        return TravelEnv.from_query(query_file, query_id if query_id is not None else task_id,  # type: ignore[arg-type]
                                    workdir, seed=int(seed or 0))
    return TravelEnv.generated(int(seed or 0), days, workdir=workdir)
