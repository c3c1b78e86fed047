"""A plan as a differentiable text variable.

:class:`Trajectory` subclasses ``textgrad.Variable`` so that textgrad's own optimizers and
graph work on it unchanged. Its ``value`` is always the canonical JSON text of its steps;
the typed :class:`~pivot_opt.step.Step` list is parsed from that text on demand, so that any
optimizer that rewrites the text (textgrad's TGD included) also rewrites the steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textgrad import Variable

from pivot_opt.environment import Task
from pivot_opt.errors import TrajectoryParseError
from pivot_opt.step import Step, parse_steps, render_steps, steps_to_json

if TYPE_CHECKING:
    from pivot_opt.gradients import Gradient
    from pivot_opt.loss import Loss

__all__ = ["StepChange", "Trajectory", "diff_steps"]

ROLE = "agent plan: a JSON list of typed steps executed in order"


@dataclass(frozen=True)
class StepChange:
    """One difference between two plans: ``kind`` is replaced, inserted or deleted."""

    kind: str
    index: int
    before: Step | None
    after: Step | None


def diff_steps(old: Sequence[Step], new: Sequence[Step]) -> list[StepChange]:
    """Which steps changed, by a longest-common-subsequence alignment (difflib)."""
    import difflib

    key_old = [steps_to_json([s]) for s in old]
    key_new = [steps_to_json([s]) for s in new]
    changes: list[StepChange] = []
    matcher = difflib.SequenceMatcher(a=key_old, b=key_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace":
            common = min(i2 - i1, j2 - j1)
            for k in range(common):
                changes.append(StepChange("replaced", j1 + k, old[i1 + k], new[j1 + k]))
            for k in range(common, i2 - i1):
                changes.append(StepChange("deleted", j1 + common, old[i1 + k], None))
            for k in range(common, j2 - j1):
                changes.append(StepChange("inserted", j1 + k, None, new[j1 + k]))
        elif tag == "delete":
            for k in range(i1, i2):
                changes.append(StepChange("deleted", j1, old[k], None))
        else:
            for k in range(j1, j2):
                changes.append(StepChange("inserted", k, None, new[k]))
    return changes


class Trajectory(Variable):
    """A plan: typed steps, the task it serves, and the gradients backward attached.

    ``structured_gradients`` holds :class:`~pivot_opt.gradients.Gradient` records (step,
    term, message, evidence); ``gradients`` (inherited) holds their rendered text as
    textgrad Variables so that textgrad's optimizers see them too.
    """

    def __init__(
        self,
        steps: Iterable[Step | dict[str, Any]] | str = (),
        *,
        task: Task | None = None,
        predecessors: list[Variable] | None = None,
        requires_grad: bool = True,
        role_description: str = ROLE,
    ) -> None:
        parsed = parse_steps(steps) if isinstance(steps, str) else [_as_step(s) for s in steps]
        super().__init__(
            value=steps_to_json(parsed),
            predecessors=predecessors,
            requires_grad=requires_grad,
            role_description=role_description,
        )
        self.task = task
        self.structured_gradients: list[Gradient] = []
        self.last_loss: Loss | None = None
        self._parsed: tuple[str, list[Step]] = (self.value, parsed)

    # -- steps ---------------------------------------------------------------------------
    @property
    def steps(self) -> list[Step]:
        """The typed steps of the current value (re-parsed only when the text changed)."""
        text, parsed = self._parsed
        if text != self.value:
            parsed = parse_steps(self.value)
            self._parsed = (self.value, parsed)
        return list(parsed)

    def is_parsable(self) -> bool:
        try:
            _ = self.steps
        except TrajectoryParseError:
            return False
        return True

    def set_value(self, value: str | Sequence[Step]) -> None:  # type: ignore[override]
        """Replace the plan. Text is kept verbatim if it is not parsable (``steps`` then raises)."""
        if isinstance(value, str):
            try:
                value = parse_steps(value)
            except TrajectoryParseError:
                self.value = value
                return
        parsed = [_as_step(s) for s in value]
        self.value = steps_to_json(parsed)
        self._parsed = (self.value, parsed)

    def with_steps(self, steps: Sequence[Step]) -> Trajectory:
        """A new trajectory for the same task (no gradients, same upstream links)."""
        return Trajectory(
            list(steps),
            task=self.task,
            predecessors=list(self.predecessors),
            requires_grad=self.requires_grad,
            role_description=self.get_role_description(),
        )

    def __len__(self) -> int:
        return len(self.steps)

    # -- rendering -----------------------------------------------------------------------
    def get_short_value(self, n_words_offset: int = 10) -> str:
        """Optimizers always see the whole plan: a truncated plan cannot be repaired."""
        return self.value

    def to_json(self) -> str:
        return steps_to_json(self.steps)

    def to_text(self) -> str:
        return render_steps(self.steps)

    @classmethod
    def from_json(cls, text: str, *, task: Task | None = None) -> Trajectory:
        return cls(parse_steps(text), task=task)

    def diff(self, other: Trajectory | Sequence[Step]) -> list[StepChange]:
        """Steps that differ from this plan to ``other``."""
        new = other.steps if isinstance(other, Trajectory) else list(other)
        return diff_steps(self.steps, new)

    # -- gradients -----------------------------------------------------------------------
    def zero_grad(self) -> None:
        """Drop every gradient (structured and text) from the last backward."""
        self.reset_gradients()
        self.structured_gradients = []

    def gradient_text(self) -> str:
        """Rendered structured gradients, earliest step first."""
        from pivot_opt.gradients import render_gradients

        return render_gradients(self.structured_gradients, self.steps if self.is_parsable() else [])

    def __repr__(self) -> str:
        n = len(self.steps) if self.is_parsable() else "?"
        task = self.task.id if self.task else None
        return f"Trajectory(steps={n}, task={task!r})"


def _as_step(item: Step | dict[str, Any]) -> Step:
    return item if isinstance(item, Step) else Step.from_dict(item)
