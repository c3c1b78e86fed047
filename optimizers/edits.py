"""Parse model answers into plan edits and apply them.

An answer that cannot be parsed raises :class:`TrajectoryParseError`; the optimizer turns
that into a rejected candidate, never an accepted one and never a crash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pivot_opt.errors import TrajectoryParseError
from pivot_opt.step import Step, parse_steps
from pivot_opt.untrusted import extract_json

__all__ = ["EDIT_OPS", "Edit", "apply_edits", "parse_edit", "parse_plan", "proposal_limit"]

EDIT_OPS = ("replace", "insert", "delete")


@dataclass(frozen=True)
class Edit:
    """Replace, insert before, or delete the step at ``index``."""

    op: str
    index: int
    step: Step | None = None


def parse_edit(text: str, index: int, allowed: Sequence[str] = EDIT_OPS) -> Edit:
    """Read ``{"op": ..., "step": {...}}`` (or a bare step, meaning replace) at ``index``."""
    data: Any = extract_json(text)
    if not isinstance(data, dict):
        raise TrajectoryParseError(f"an edit must be a JSON object, got {type(data).__name__}")
    if "op" not in data:
        data = {"op": allowed[0], "step": data}
    if not isinstance(data["op"], str):
        raise TrajectoryParseError(f"edit op must be a string, got {type(data['op']).__name__}")
    op = data["op"].strip().lower()
    if op not in allowed:
        raise TrajectoryParseError(f"edit op {op!r} is not one of {list(allowed)}")
    if op == "delete":
        return Edit("delete", index)
    if "step" not in data:
        raise TrajectoryParseError(f"a {op!r} edit needs a 'step' object")
    return Edit(op, index, Step.from_dict(data["step"]))


def apply_edits(steps: Sequence[Step], edits: Sequence[Edit]) -> list[Step]:
    """Apply edits from the last index to the first, so earlier indices stay valid."""
    out = list(steps)
    for e in sorted(edits, key=lambda e: e.index, reverse=True):
        if e.op == "replace" and 0 <= e.index < len(out) and e.step is not None:
            out[e.index] = e.step
        elif e.op == "insert" and e.step is not None:
            out.insert(min(max(e.index, 0), len(out)), e.step)
        elif e.op == "delete" and 0 <= e.index < len(out):
            del out[e.index]
    return out


def parse_plan(text: str, max_steps: int) -> list[Step]:
    """A whole proposed plan of at most ``max_steps`` steps (more is an error, never cut)."""
    return parse_steps(text, max_steps=max_steps)


def proposal_limit(steps: Sequence[Step], growth: int, max_steps: int | None = None) -> int:
    """Most steps a proposal for ``steps`` may have: the plan's length + ``growth``.

    The limit comes from the task (the plan being refined), not a constant; ``max_steps`` caps
    the growth only, so a plan already longer than it may still be patched at its length.
    """
    own = len(steps) + max(0, growth)
    return max(1, len(steps), own if max_steps is None else min(max_steps, own))
