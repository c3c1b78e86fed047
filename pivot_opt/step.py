"""Typed plan steps and their (de)serialisation.

A step is what an agent does: an action name, keyword arguments, and an optional
free-text note. Steps are plain data so that environments, losses and optimizers can
share them without importing textgrad.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.errors import TrajectoryParseError
from pivot_opt.untrusted import extract_json

__all__ = ["MAX_STEPS", "Step", "parse_steps", "render_steps", "steps_to_json"]


@dataclass(frozen=True)
class Step:
    """One action of a plan.

    ``args`` holds JSON-compatible values only; two steps are equal when action, args and
    note are equal, which is what trajectory diffs compare.
    """

    action: str
    args: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.action, str) or not self.action.strip():
            raise TrajectoryParseError(
                f"a step needs a non-empty string 'action', got {self.action!r}; "
                'write steps as {"action": "...", "args": {...}}'
            )
        if not isinstance(self.args, dict):
            raise TrajectoryParseError(
                f"step {self.action!r}: 'args' must be an object, got {type(self.args).__name__}"
            )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"action": self.action, "args": dict(self.args)}
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Step:
        """Build a step from a dict; accepts flat dicts (``{"action": "visit", "place": "x"}``)."""
        if not isinstance(data, dict):
            raise TrajectoryParseError(
                f"a step must be a JSON object, got {type(data).__name__}: {str(data)[:80]!r}"
            )
        if "action" not in data:
            raise TrajectoryParseError(
                f"step {json.dumps(data, default=str)[:120]} has no 'action' key; every step needs one"
            )
        args = data.get("args")
        if args is None:
            args = {k: v for k, v in data.items() if k not in ("action", "note")}
        if not isinstance(args, dict):
            raise TrajectoryParseError(
                f"step {data.get('action')!r}: 'args' must be an object, got {type(args).__name__}"
            )
        action, note = data["action"], data.get("note") or ""
        if not isinstance(action, str):
            raise TrajectoryParseError(f"a step's 'action' must be a string, got {type(action).__name__}: "
                                       f"{str(action)[:40]!r}")
        if not isinstance(note, str):
            raise TrajectoryParseError(f"step {action[:40]!r}: 'note' must be a string, got {type(note).__name__}")
        return cls(action=action, args=dict(args), note=note)

    def render(self) -> str:
        """One readable line, e.g. ``visit(place='Museum')  # note``."""
        inner = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        line = f"{self.action}({inner})"
        return f"{line}  # {self.note}" if self.note else line


MAX_STEPS = 1_000
"""Most steps any parsed plan may have; a task's own limit (e.g. EVOLVE's) is usually far lower."""


def parse_steps(text_or_data: str | list[Any] | dict[str, Any], max_steps: int | None = MAX_STEPS) -> list[Step]:
    """Parse a plan from JSON text (possibly wrapped in prose or a code fence) or data.

    Accepts a list of step objects or an object with a ``steps`` list. Text is read with the
    limits of :mod:`pivot_opt.untrusted`; a plan of more than ``max_steps`` steps is an error
    (never cut: a cut plan is not the plan that was proposed).
    """
    data = extract_json(text_or_data) if isinstance(text_or_data, str) else text_or_data
    if isinstance(data, dict):
        if "steps" not in data:
            if "action" in data:
                data = [data]
            else:
                raise TrajectoryParseError(
                    "plan object has no 'steps' list; expected {\"steps\": [...]} or a list"
                )
        else:
            data = data["steps"]
    if not isinstance(data, list):
        raise TrajectoryParseError(f"plan steps must be a list, got {type(data).__name__}")
    if max_steps is not None and len(data) > max_steps:
        raise TrajectoryParseError(f"the plan has {len(data)} steps, more than the limit of {max_steps}")
    return [Step.from_dict(item) for item in data]


def steps_to_json(steps: list[Step]) -> str:
    """Canonical JSON text of a plan: stable key order, one step per line."""
    lines = [json.dumps(s.to_dict(), ensure_ascii=False, sort_keys=False) for s in steps]
    return '{"steps": [\n' + ",\n".join("  " + line for line in lines) + "\n]}"


def render_steps(steps: list[Step]) -> str:
    """Numbered readable text, one step per line."""
    return "\n".join(f"{i}. {s.render()}" for i, s in enumerate(steps))
