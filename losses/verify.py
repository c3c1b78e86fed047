"""VERIFY: the final check of every task constraint, pass or fail, with reasons."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from pivot_opt.environment import Environment, StepStatus, env_call, information_of
from pivot_opt.trajectory import Trajectory

from .constraints import check_constraints

__all__ = ["Verdict", "VerdictItem", "verify"]


@dataclass
class VerdictItem:
    """One checked requirement."""

    name: str
    hard: bool
    passed: bool
    reason: str = ""
    hidden: bool = False


@dataclass
class Verdict:
    """Every requirement's outcome. ``passed`` means every hard requirement holds."""

    items: list[VerdictItem] = field(default_factory=list)
    information: str = ""  # what the run knew about the task (e.g. requests read as gold), when the env says

    @property
    def passed(self) -> bool:
        return all(i.passed for i in self.items if i.hard)

    @property
    def satisfaction(self) -> float:
        """Share of all requirements (hard and soft) that pass."""
        return sum(i.passed for i in self.items) / len(self.items) if self.items else 1.0

    @property
    def hard_satisfaction(self) -> float:
        hard = [i for i in self.items if i.hard]
        return sum(i.passed for i in hard) / len(hard) if hard else 1.0

    @property
    def failures(self) -> list[VerdictItem]:
        return [i for i in self.items if not i.passed]

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"passed": self.passed, "satisfaction": self.satisfaction,
                                  "hard_satisfaction": self.hard_satisfaction, "items": [asdict(i) for i in self.items]}
        if self.information:
            out["information"] = self.information
        return out

    def render(self) -> str:
        head = "PASS" if self.passed else "FAIL"
        lines = [f"VERIFY: {head}  ({sum(i.passed for i in self.items)}/{len(self.items)} requirements met)"]
        if self.information:
            lines.append(f"  information: {self.information}")
        for i in self.items:
            mark = "ok  " if i.passed else "FAIL"
            kind = "hard" if i.hard else "soft"
            extra = f" - {i.reason}" if i.reason and not i.passed else ""
            lines.append(f"  [{mark}] {i.name} ({kind}{', hidden' if i.hidden else ''}){extra}")
        return "\n".join(lines)


def verify(trajectory: Trajectory, env: Environment, include_hidden: bool = True) -> Verdict:
    """Execute the plan and check executability and every constraint (hidden ones too by default).

    Verification is what a benchmark reports, so it includes the task's hidden ground truth
    unless ``include_hidden=False``. It judges by INSPECT's rules: an item fails exactly when
    its INSPECT term is above 0 (executability: a step not ``ok``; a constraint: ``value > 0``).
    An environment that raises is reported as :class:`~pivot_opt.errors.ExecutionError`.
    """
    if not trajectory.is_parsable():
        return Verdict([VerdictItem("parsable", True, False, "the plan text is not a valid list of steps")],
                       information=information_of(env))
    trace = env_call(env, "execute", trajectory.steps)
    # The same rule as INSPECT's Executability: a step that broke a rule (``violation``, e.g. a
    # place visited twice) fails VERIFY as surely as one that could not run (``error``).
    errors = [s for s in trace.steps if s.status is not StepStatus.OK]
    reason = "; ".join(f"step {s.index}: {s.error or s.status.value}" for s in errors[:5])
    items = [VerdictItem("executable", True, bool(trace.steps) and not errors, reason or "the plan is empty")]
    constraints = [c for c in env_call(env, "constraints") if include_hidden or not c.hidden]
    for c, r in check_constraints(constraints, trace, trajectory):
        items.append(VerdictItem(c.name, c.hard, r.value <= 0, r.reason or c.description, c.hidden))
    return Verdict(items, information=information_of(env))
