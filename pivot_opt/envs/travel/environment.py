"""``TravelEnv``: DeepPlanning travel planning as a pivot-opt environment.

A trajectory is the itinerary as typed steps (see :mod:`pivot_opt.envs.travel.plans.steps`): trains and flights, city
travel, attractions, meals, hotels and buffers, each with its day, and either a literal time
slot and cost (steps converted from a plan) or only its entity (steps a planner or a small
model writes; the scheduler times them). ``execute`` turns the steps into the official
converted plan and runs the evaluator's own checks on it (:mod:`.execution`), so the loss
the optimizer minimises is the score the benchmark reports. Constraints: every commonsense
sub-check (visible), each personalized constraint as the user stated it (visible,
:mod:`pivot_opt.envs.travel.requests.checks`) and as the benchmark checks it (hidden, for VERIFY and simulated humans).

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
from pivot_opt.envs.kit.requests import RequestReader, StatedTask, reader_label, resolve_reader_name
from pivot_opt.envs.travel.data.context import TravelContext
from pivot_opt.envs.travel.data.database import TravelDatabase, load_database, load_task_database
from pivot_opt.envs.travel.data.records import TravelTask
from pivot_opt.envs.travel.data.tasks import load_task
from pivot_opt.envs.travel.evaluation.evaluator import score_plan
from pivot_opt.envs.travel.execution import commonsense_constraints, execute_steps, official_constraints
from pivot_opt.envs.travel.planning.actions import ActionSpace
from pivot_opt.envs.travel.planning.hints import Hinter
from pivot_opt.envs.travel.plans.convert import plan_to_steps, steps_to_plan, steps_to_text, text_to_steps
from pivot_opt.envs.travel.requests.checks import (
    Request,
    build_requests,
    check_request,
    protected_names,
    request_constraints,
)
from pivot_opt.envs.travel.requests.stated import make_reader, stated_meta
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
    """The travel environment (see module docstring). Build it with one of the class methods.

    ``requests`` chooses how the user's requirements are read: ``"rules"`` (default: the query
    text, zero tokens), ``"llm"`` (the engine reads the query under a grammar; needs
    :meth:`prepare` with an engine, which ``Pivot`` and ``pivot bench`` call) or ``"gold"`` (the
    evaluator's ``meta_info``: for studies only, labelled as gold everywhere). Whatever the
    reader, the gold ``meta_info`` reaches only the hidden ``official/*`` constraints and
    :meth:`score` (VERIFY's hidden checks, the simulated human and ``pivot eval``).
    """

    def __init__(self, task: TravelTask, db: TravelDatabase, *, source: str = "custom",
                 record: dict[str, Any] | None = None, requests: str | RequestReader | None = "rules",
                 engine: Engine | None = None, helpful_messages: bool = False) -> None:
        self.travel_task = task
        #: Word evaluator (and ToolPlanner tool) messages with this project's hints instead of the
        #: official texts; scores are unchanged. Keep False when comparing with published results.
        self.helpful_messages = helpful_messages
        self.db = db
        self.source = source
        self.record = record
        self.reader = make_reader(requests, engine)
        self.task = Task(f"travel-{source}-{task.id}", task.query,
                         data={"source": source, "db": str(db.path or ""), "requests": self.reader.name,
                               "information": reader_label(self.reader.name, self.reader.gold)})
        self._stated: StatedTask | None = None
        self._ctx: TravelContext | None = None
        self._constraints: list[Constraint] | None = None
        self._traces: OrderedDict[str, ExecutionTrace] = OrderedDict()
        if engine is not None or not getattr(self.reader, "needs_engine", False):
            self._apply(self.reader.read(task, db))

    # -- what the agent read ------------------------------------------------------------------
    def prepare(self, engine: Engine) -> None:
        """Read the requests with ``engine`` if the reader needs one (calls are booked as PLAN)."""
        if self._stated is not None:
            return
        bind = getattr(self.reader, "bind", None)
        if callable(bind):
            bind(engine)
        self._apply(self.reader.read(self.travel_task, self.db))

    def restore_reading(self, data: dict[str, Any]) -> None:
        """Use a stored reading of this task (``stated.to_dict()``) instead of reading it again.

        A sweep reads each task once with the engine and shares the reading, as it shares PLAN.
        """
        stated = StatedTask.from_dict(data)
        if stated.reader != self.reader.name or stated.gold != self.reader.gold:
            raise ConfigError(f"stored reading by {stated.reader!r} does not match this environment's reader "
                              f"{self.reader.name!r}")
        self._apply(stated)

    def _apply(self, stated: StatedTask) -> None:
        self._stated = stated
        self._ctx = TravelContext(self.travel_task, self.db, meta=stated_meta(stated))
        self._requests = build_requests(self._ctx, stated)
        self._space = ActionSpace(self._ctx, self._requests)
        self._constraints = None
        self._traces.clear()
        self.task.data["stated"] = stated.to_dict()

    def _ready(self) -> TravelContext:
        if self._ctx is None:
            raise ConfigError(f"requests={self.reader.name!r} reads the query with an engine: call "
                              "env.prepare(engine) first (Pivot and pivot bench do this before PLAN)")
        return self._ctx

    @property
    def stated(self) -> StatedTask:
        """What the reader took from the query: the trip frame and the stated requests."""
        self._ready()
        assert self._stated is not None
        return self._stated

    @property
    def requests(self) -> list[Request]:
        """The visible requirements built from the stated requests."""
        self._ready()
        return self._requests

    @property
    def space(self) -> ActionSpace:
        """Valid next steps and the task description, from the stated task."""
        self._ready()
        return self._space

    @property
    def ctx(self) -> TravelContext:
        """The task as read (frame and requests) with the database's indexes."""
        return self._ready()

    @property
    def gold(self) -> dict[str, Any]:
        """The evaluator's ``meta_info``: hidden checks, the simulated human and ``pivot eval`` only."""
        return self.travel_task.meta_info

    # -- sources ----------------------------------------------------------------------------
    @classmethod
    def generated(cls, seed: int, days: int | None = None, *, workdir: str | os.PathLike[str] | None = None,
                  requests: str | RequestReader | None = "rules", engine: Engine | None = None,
                  helpful_messages: bool = False, **options: Any) -> TravelEnv:
        """A seeded synthetic task and its database (written under ``workdir`` or a temp folder)."""
        from pivot_opt.envs.travel.generator.tasks import generate_task

        if days is not None and not 2 <= int(days) <= 7:
            raise ConfigError(f"days must be between 2 and 7, got {days}")
        root, temporary = _workdir(workdir)
        record, folder = generate_task(int(seed), None if days is None else int(days), root=root, **options)
        return _owns(cls(_task(record), load_database(folder), source="generated", record=record,
                               requests=requests, engine=engine, helpful_messages=helpful_messages), root, temporary)

    @classmethod
    def from_query(cls, query_file: str | os.PathLike[str] | None, task_id: str | int,
                   workdir: str | os.PathLike[str] | None = None, *, seed: int = 0,
                   requests: str | RequestReader | None = "rules", engine: Engine | None = None,
                   helpful_messages: bool = False) -> TravelEnv:
        """A real query from the public query file, with a generated database consistent with it."""
        from pivot_opt.envs.travel.generator.tasks import generate_database_for_meta

        task = load_task(query_file or default_query_file(), str(task_id))
        record = {"id": task.id, "query": task.query, "meta_info": task.meta_info}
        root, temporary = _workdir(workdir)
        try:
            folder = generate_database_for_meta(record, root, seed)
        except RuntimeError as exc:
            raise ConfigError(f"could not generate a database for query {task.id}: {exc}") from exc
        return _owns(cls(task, load_database(folder), source="query", record=record, requests=requests,
                               engine=engine, helpful_messages=helpful_messages), root, temporary)

    @classmethod
    def from_official(cls, query_file: str | os.PathLike[str] | None, db_root: str | os.PathLike[str],
                      task_id: str | int, *, requests: str | RequestReader | None = "rules",
                      engine: Engine | None = None, helpful_messages: bool = False, strict: bool = True) -> TravelEnv:
        """Official data on disk: a query file and a database root holding ``id_<id>/`` folders.

        The database is read strictly (a missing, empty or malformed file is a ``DatabaseError``
        naming it, never silently wrong scores); ``strict=False`` keeps the official tolerance.
        """
        task = load_task(query_file or default_query_file(), str(task_id))
        return cls(task, load_task_database(db_root, task.id, strict=strict), source="official",
                   requests=requests, engine=engine, helpful_messages=helpful_messages)

    # -- the Environment protocol -----------------------------------------------------------
    def execute(self, steps: Sequence[Step]) -> ExecutionTrace:
        """Schedule the steps into the official plan, run every check, mark every step."""
        steps = list(steps)
        key = steps_to_json(steps)
        trace = self._traces.get(key)
        if trace is None:
            trace = execute_steps(steps, self.ctx, helpful_messages=self.helpful_messages)
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
            ctx = self._ready()
            self._constraints = (commonsense_constraints(Hinter(self.space))
                                 + request_constraints(ctx, self.requests)
                                 + official_constraints(self.gold, helpful_messages=self.helpful_messages))
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
        from pivot_opt.envs.travel.planning.planners import GrammarChoicePlanner

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
        return score_plan(converted, self.gold, self.db, sample_id=self.travel_task.id,
                          helpful_messages=self.helpful_messages)

    def reference_steps(self) -> list[Step]:
        """Steps of the generator's reference plan (generated databases only)."""
        if self.record is None or self.db.path is None:
            raise ConfigError("a reference plan exists only for generated databases (generated / from_query)")
        from pivot_opt.envs.travel.reference.plan import reference_plan

        return self.from_plan(reference_plan(self.record, self.db.path))

    def __repr__(self) -> str:
        if self._ctx is None:
            return f"TravelEnv({self.task.id}: requests not read yet, reader {self.reader.name})"
        ctx = self._ctx
        return f"TravelEnv({self.task.id}: {ctx.org} -> {ctx.dest}, {ctx.days} days, requests: {self.reader.name})"


def _task(record: dict[str, Any]) -> TravelTask:
    return TravelTask(str(record["id"]), str(record.get("query", "")), record["meta_info"],
                      str(record.get("query_with_constraints", "")))


_OPTIONS = ("seed", "days", "query_id", "task_id", "query_file", "db_root", "workdir", "requests", "helpful_messages")


def make_travel_env(seed: int | None = None, days: int | None = None, query_id: str | int | None = None,
                    task_id: str | int | None = None, query_file: str | None = None, db_root: str | None = None,
                    workdir: str | None = None, requests: str | RequestReader | None = "rules",
                    engine: Engine | None = None, helpful_messages: bool = False, **unknown: Any) -> TravelEnv:
    """``make_env("travel", ...)``: ``seed=3`` (generated), ``query_id="12"`` (real query, generated
    database) or ``db_root=..., task_id=...`` (official data; ``query_file`` defaults to the shared one).
    ``requests=`` picks the reader of the query: ``rules`` (default), ``llm`` or ``gold`` (studies only).
    ``helpful_messages=true`` words check and tool messages with hints instead of the official texts."""
    if unknown:
        raise ConfigError(f"unknown travel option(s) {sorted(unknown)}; use {', '.join(_OPTIONS)}")
    if not isinstance(helpful_messages, bool):
        raise ConfigError(f"helpful_messages must be true or false, got {helpful_messages!r}")
    chosen = {"requests": requests if not isinstance(requests, str) else resolve_reader_name(requests),
              "engine": engine, "helpful_messages": helpful_messages}
    if db_root is not None:
        wanted = task_id if task_id is not None else query_id
        if wanted is None:
            raise ConfigError("official data needs task_id=<id> together with db_root=...")
        return TravelEnv.from_official(query_file, db_root, wanted, **chosen)
    if query_id is not None or task_id is not None:
        return TravelEnv.from_query(query_file, query_id if query_id is not None else task_id,  # type: ignore[arg-type]
                                    workdir, seed=int(seed or 0), **chosen)
    return TravelEnv.generated(int(seed or 0), days, workdir=workdir, **chosen)
