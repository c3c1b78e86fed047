"""The optimizer interface shared by EVOLVE and every baseline.

PyTorch's shape: ``Optimizer(params)``, ``zero_grad()``, ``step()``, ``state_dict()``.
``step`` returns a :class:`StepReport` saying which candidates were tried and why each was
accepted or rejected, so that the history can show it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from pivot_opt.errors import ConfigError
from pivot_opt.trajectory import Trajectory

__all__ = ["CandidateRecord", "Optimizer", "StepReport"]


@dataclass
class CandidateRecord:
    """One proposal: its radius, its loss (None when it never got inspected) and the decision."""

    radius: str
    accepted: bool
    reason: str
    total: float | None = None
    hard_violations: int | None = None
    changed_steps: int = 0
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StepReport:
    """What one ``step()`` did to one parameter."""

    accepted: bool
    loss_before: float
    loss_after: float
    radius: str | None = None
    reason: str = ""
    candidates: list[CandidateRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["candidates"] = [c.to_dict() for c in self.candidates]
        return out


class Optimizer(ABC):
    """Base class: holds trajectories, clears their gradients, steps them."""

    def __init__(self, params: Iterable[Trajectory]) -> None:
        self.params = list(params)
        if not self.params:
            raise ConfigError("optimizer got an empty parameter list; pass [trajectory]")
        for p in self.params:
            if not isinstance(p, Trajectory):
                raise ConfigError(
                    f"optimizer parameters must be pivot_opt.Trajectory, got {type(p).__name__}; "
                    "wrap the plan with Trajectory(steps, task=...)"
                )
        self.state: dict[str, Any] = {}
        self.reports: list[StepReport] = []

    def zero_grad(self) -> None:
        for p in self.params:
            p.zero_grad()

    @abstractmethod
    def step(self) -> StepReport:
        """Update the parameters from their gradients; returns the report of the last parameter."""

    def state_dict(self) -> dict[str, Any]:
        return {"params": [p.value for p in self.params], "state": dict(self.state)}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        values = state.get("params", [])
        if len(values) != len(self.params):
            raise ConfigError(f"state has {len(values)} parameters, this optimizer has {len(self.params)}")
        for p, v in zip(self.params, values, strict=True):
            p.set_value(v)
        self.state = dict(state.get("state", {}))
