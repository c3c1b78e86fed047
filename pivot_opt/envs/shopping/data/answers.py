"""How the shopping tools read their arguments and word their answers (official layout, spec §5).

Tool answers are JSON with a 2-space indent and non-ASCII kept; an error a tool detects itself
is ``{"error": ...}`` in the same layout. A tool that raises is answered by the harness with a
compact ``{"error": "<exception text>"}`` (see :func:`~.tools.call_tool`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pivot_opt.errors import TrajectoryParseError
from pivot_opt.untrusted import loads_untrusted

__all__ = ["answer", "compact_error", "error", "parse_params", "verify_params"]


def answer(value: Any) -> str:
    """A tool's answer text: JSON, 2-space indent, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def error(message: str) -> str:
    """An error the tool itself reports (same layout as an answer)."""
    return answer({"error": message})


def compact_error(message: str) -> str:
    """An error the harness reports (a failing tool, an unknown tool name): compact JSON."""
    return json.dumps({"error": message}, ensure_ascii=False)


class ParamsError(ValueError):
    """The arguments are refused before the tool runs; ``str()`` is the official wording."""


def parse_params(params: Any) -> Any:
    """The arguments as a value: a dict as is, JSON text decoded within the untrusted-input limits."""
    if not isinstance(params, str):
        return params
    try:
        return loads_untrusted(params)
    except TrajectoryParseError as exc:
        try:  # the official reason is the standard decoder's message
            json.loads(params)
            reason = str(exc)
        except (ValueError, RecursionError) as decode_error:
            reason = str(decode_error)
        raise ParamsError(f"Parameters must be a valid JSON string! Error: {reason}") from None


def verify_params(params: Any, required: Sequence[str]) -> Any:
    """Decode ``params`` and check that each required key is present (types are not checked)."""
    value = parse_params(params)
    for name in required:
        if name not in value:
            raise ParamsError(f"Missing required argument: {name}")
    return value
