"""JSON schemas for constrained decoding: one edit, or a list of steps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["edit_schema", "narrow_schema", "plan_schema", "step_schema"]


def step_schema(action: str, args: dict[str, Any]) -> dict[str, Any]:
    """Schema of one step with a fixed action and the given argument schemas (all required)."""
    return {
        "type": "object",
        "properties": {
            "action": {"type": "string", "const": action},
            "args": {"type": "object", "properties": args, "required": list(args), "additionalProperties": False},
        },
        "required": ["action", "args"],
    }


def edit_schema(one_step: dict[str, Any], ops: Sequence[str]) -> dict[str, Any]:
    """Schema of one edit: an op among ``ops`` and one valid step."""
    return {
        "type": "object",
        "properties": {"op": {"type": "string", "enum": list(ops)}, "step": one_step},
        "required": ["op", "step"],
    }


def plan_schema(one_step: dict[str, Any], max_steps: int) -> dict[str, Any]:
    """Schema of a list of steps (plans, suffix rewrites, replans)."""
    return {
        "type": "object",
        "properties": {"steps": {"type": "array", "items": one_step, "minItems": 1, "maxItems": max_steps}},
        "required": ["steps"],
    }


def narrow_schema(schema: Any, text: str) -> Any:
    """Restrict every string enum to the values that ``text`` names, where it names any.

    Feedback such as "North Temple is not visited" then constrains decoding to that entity:
    the gradient steers the grammar, which is what lets a small model act on it. Enums whose
    values the text does not mention are left whole.
    """
    if isinstance(schema, list):
        return [narrow_schema(s, text) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: narrow_schema(v, text) for k, v in schema.items()}
    values = schema.get("enum")
    if isinstance(values, list) and all(isinstance(v, str) for v in values):
        named = [v for v in values if v and v in text]
        if named:
            out["enum"] = named
    return out
