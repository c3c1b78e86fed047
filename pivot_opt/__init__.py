"""pivot-opt: refine LLM-agent plans like model parameters (Plan, Inspect, eVOlve, Verify).

Importing this package is cheap: textgrad (and litellm behind it) load only when a
:class:`Trajectory` or anything built on it is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pivot_opt import _layout
from pivot_opt.environment import (
    Constraint,
    ConstraintCheck,
    Environment,
    ExecutionTrace,
    StepResult,
    StepStatus,
    Task,
    env_call,
)
from pivot_opt.errors import (
    ConfigError,
    EngineError,
    ExecutionError,
    HistoryError,
    PivotError,
    TermError,
    TrajectoryParseError,
)
from pivot_opt.gradients import Gradient
from pivot_opt.history import History, IterationRecord
from pivot_opt.ledger import Phase, TokenLedger
from pivot_opt.redact import redact, register_secret
from pivot_opt.safe_text import fence, terminal_safe
from pivot_opt.step import Step
from pivot_opt.untrusted import AnswerLimits, extract_json

_layout.install()  # pivot_opt.losses / pivot_opt.optimizers: the top-level folders under safe names

if TYPE_CHECKING:
    from pivot_opt.loss import Loss, TermValue
    from pivot_opt.pivot import Pivot, PivotResult
    from pivot_opt.planning import SchemaPlanner
    from pivot_opt.trajectory import StepChange, Trajectory

__version__ = "0.1.0"

_LAZY = {
    "Trajectory": "pivot_opt.trajectory",
    "StepChange": "pivot_opt.trajectory",
    "Loss": "pivot_opt.loss",
    "TermValue": "pivot_opt.loss",
    "Pivot": "pivot_opt.pivot",
    "PivotResult": "pivot_opt.pivot",
    "SchemaPlanner": "pivot_opt.planning",
}

__all__ = [
    "AnswerLimits",
    "ConfigError",
    "Constraint",
    "ConstraintCheck",
    "EngineError",
    "Environment",
    "ExecutionError",
    "ExecutionTrace",
    "extract_json",
    "Gradient",
    "History",
    "HistoryError",
    "IterationRecord",
    "Loss",
    "Phase",
    "Pivot",
    "PivotError",
    "PivotResult",
    "SchemaPlanner",
    "Step",
    "StepChange",
    "StepResult",
    "StepStatus",
    "Task",
    "TermError",
    "TermValue",
    "TokenLedger",
    "Trajectory",
    "TrajectoryParseError",
    "__version__",
    "env_call",
    "fence",
    "redact",
    "register_secret",
    "terminal_safe",
]


def _quiet_textgrad() -> None:
    """textgrad writes a log file into ./logs on import; send it to a temp folder unless the user chose."""
    import os
    import tempfile

    os.environ.setdefault("TEXTGRAD_LOG_DIR", os.path.join(tempfile.gettempdir(), "pivot-opt-textgrad-logs"))
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


_quiet_textgrad()


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pivot_opt' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
