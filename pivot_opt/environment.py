"""The environment protocol and the execution trace it returns.

INSPECT runs a trajectory in an environment; everything a loss term knows about a plan's
behaviour comes from the :class:`ExecutionTrace`. Environments are deterministic and never
run model text as code: they interpret typed steps.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pivot_opt.finite import is_finite

if TYPE_CHECKING:
    from pivot_opt.engines.base import Engine
    from pivot_opt.step import Step

__all__ = [
    "Constraint",
    "ConstraintCheck",
    "Environment",
    "ExecutionTrace",
    "StepResult",
    "StepStatus",
    "Task",
    "env_call",
    "information_of",
    "prepare_env",
]


class StepStatus(str, Enum):
    """Outcome of one step: ran fine, could not run, or ran but broke a rule."""

    OK = "ok"
    ERROR = "error"
    VIOLATION = "violation"


@dataclass
class StepResult:
    """What happened when one step ran.

    ``state`` is the running state after the step (clock, spend, location, ...), so that
    terms such as a budget can read it without re-simulating.
    """

    index: int
    status: StepStatus
    observation: str = ""
    error: str = ""
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status is StepStatus.OK


@dataclass
class ExecutionTrace:
    """The result of executing a whole trajectory.

    ``final_state`` summarises the end of the run; ``info`` holds anything extra an
    environment wants its constraints to see (e.g. a converted official plan).
    """

    steps: list[StepResult]
    final_state: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> list[StepResult]:
        return [s for s in self.steps if not s.ok]

    @property
    def first_failure(self) -> int | None:
        """Index of the earliest step that is not ok, or None."""
        return next((s.index for s in self.steps if not s.ok), None)


@dataclass
class ConstraintCheck:
    """A constraint's verdict on one trace: passed or not, why, and which steps are to blame.

    ``blame`` lists step indices; an empty list with ``passed=False`` means the plan as a
    whole is at fault (e.g. a required step is missing). ``score`` in [0, 1] gives partial
    credit for soft constraints (1 = fully satisfied). A score that is not a finite number is
    a bug of the check: it raises here, inside the check, so the constraint counts as failed.
    """

    passed: bool
    reason: str = ""
    blame: list[int] = field(default_factory=list)
    score: float | None = None
    evidence: str = ""

    def __post_init__(self) -> None:
        if self.score is not None and not is_finite(self.score):
            raise ValueError(f"constraint score must be a finite number in [0, 1], got {self.score!r}")

    @property
    def value(self) -> float:
        """Loss contribution in [0, 1]: 0 when satisfied, above 0 whenever ``passed`` is False.

        A failed check with full credit (``passed=False, score=1``) is a plain failure (1.0):
        a failure never scores as satisfied.
        """
        if self.score is not None:
            if not math.isfinite(self.score):  # set after construction: still a failure, never a pass
                return 1.0
            value = float(min(1.0, max(0.0, 1.0 - self.score)))
            return value if (self.passed or value > 0) else 1.0
        return 0.0 if self.passed else 1.0


@dataclass
class Constraint:
    """A task constraint that can be checked against a trace.

    ``hard`` constraints must hold for the plan to be valid; soft ones are preferences.
    ``hidden`` marks ground truth the planner is not told (used by simulated humans).
    """

    name: str
    description: str
    check: Callable[[ExecutionTrace, Sequence[Step]], ConstraintCheck]
    hard: bool = True
    hidden: bool = False

    def __call__(self, trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
        return self.check(trace, steps)


@dataclass
class Task:
    """What a planner is asked to do: an id, the request text and any structured data."""

    id: str
    query: str
    data: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Environment(Protocol):
    """Contract every environment honours.

    **The information rule.** What PLAN, INSPECT, EVOLVE and every baseline see comes only from
    what a real agent has: the query text (``task.query``), the tools' answers and the execution
    trace. Gold data (a benchmark's ``meta_info``, ground-truth carts, answer keys) is read only by
    constraints marked ``hidden=True`` (VERIFY's hidden checks and the simulated human) and by
    ``pivot eval``. Visible constraints, ``action_schema`` and ``describe`` must be the same
    whether or not the task carries gold fields; a test builds each environment with its gold
    fields removed and compares. A study that gives a method gold data says so in its name and
    report (e.g. the travel environment's ``requests="gold"``).

    - ``execute`` is deterministic and side-effect free: the same steps give the same trace.
      A step that cannot run is marked ``ERROR`` (with an error text) rather than raising;
      raising is reserved for bugs and bad data.
    - ``constraints`` returns every hard and soft constraint of the task.
    - ``action_schema`` returns a JSON schema for *one* valid step at ``position`` of
      ``steps`` (entities as enums), so grammar-capable engines decode only valid steps.
    - ``describe`` is the text a planner is given: the task, the actions and their arguments.

    Optional: ``prepare(engine)``, called by ``Pivot`` and ``pivot bench`` before PLAN (phase
    ``plan``), for environments that need the engine to read the task (e.g. an engine-backed
    request reader). It must be idempotent.
    """

    task: Task

    def execute(self, steps: Sequence[Step]) -> ExecutionTrace: ...

    def constraints(self) -> list[Constraint]: ...

    def action_schema(self, steps: Sequence[Step] | None = None, position: int | None = None) -> dict[str, Any]: ...

    def describe(self) -> str: ...


def env_call(env: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``env.<method>(...)``; an exception the environment raises becomes :class:`ExecutionError`.

    An environment that raises is the environment's fault (a bug or bad data), not the plan's:
    the error names the environment and the method, so that a run can record it and stop
    cleanly (keeping its history) instead of throwing a raw traceback. pivot-opt's own errors
    (a ``ConfigError`` the environment raises on purpose) pass through unchanged.
    """
    from pivot_opt.errors import ExecutionError, PivotError

    try:
        return getattr(env, method)(*args, **kwargs)
    except PivotError:
        raise
    except Exception as exc:
        raise ExecutionError(f"environment {type(env).__name__} raised in {method}(): "
                             f"{type(exc).__name__}: {exc}") from exc


def prepare_env(env: Any, engine: Engine) -> bool:
    """Call the environment's optional ``prepare(engine)`` with its calls booked as PLAN.

    Returns whether the environment has the hook (``Pivot`` and ``pivot bench`` both go through here).
    """
    prepare = getattr(env, "prepare", None)
    if not callable(prepare):
        return False
    with engine.phase("plan"):
        env_call(env, "prepare", engine)
    return True


def information_of(env: Any) -> str:
    """The environment's label of what a run knows about the task (``task.data["information"]``), or ""."""
    data = getattr(getattr(env, "task", None), "data", None) or {}
    return str(data.get("information") or "")
