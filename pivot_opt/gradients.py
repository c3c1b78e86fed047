"""Structured textual gradients: what is wrong, where, according to which term.

Gradients are records first (step index, term, message, evidence from the trace) and text
second, so that optimizers can target steps and plots can count them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from pivot_opt.step import Step

__all__ = ["Gradient", "gradient_sort_key", "render_gradients"]


@dataclass(frozen=True)
class Gradient:
    """One piece of feedback on a plan.

    ``step`` is the index of the blamed step, or None when the plan as a whole is at fault
    (e.g. a required visit is missing). ``weight`` is the term's weighted contribution, so
    that the most costly faults can be shown first.
    """

    term: str
    message: str
    step: int | None = None
    evidence: str = ""
    weight: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def gradient_sort_key(g: Gradient) -> tuple[int, int, str, str]:
    """Earliest step first, whole-plan feedback last; stable across runs (no set order)."""
    return (0 if g.step is not None else 1, g.step if g.step is not None else 0, g.term, g.message)


def render_gradients(gradients: Sequence[Gradient], steps: Sequence[Step] = ()) -> str:
    """Text a model can act on: one line per fault, quoting the blamed step."""
    if not gradients:
        return "No problems found: every term is satisfied."
    lines = []
    for g in sorted(gradients, key=gradient_sort_key):
        if g.step is not None and 0 <= g.step < len(steps):
            where = f"step {g.step} [{steps[g.step].render()}]"
        elif g.step is not None:
            where = f"step {g.step}"
        else:
            where = "whole plan"
        line = f"- {where} ({g.term}): {g.message}"
        if g.evidence:
            line += f" Evidence: {g.evidence}"
        lines.append(line)
    return "\n".join(lines)
