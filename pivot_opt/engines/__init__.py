"""Engines: one interface over scripted, local llama.cpp and any-provider models.

Only the base and the scripted engine are imported eagerly; the others load their heavy
dependencies on first use.
"""

from __future__ import annotations

from typing import Any

from pivot_opt.engines.base import Completion, Engine, count_tokens
from pivot_opt.engines.scripted import ScriptedEngine

__all__ = [
    "Completion",
    "DSPyEngine",
    "Engine",
    "LocalEngine",
    "ScriptedEngine",
    "TextGradEngine",
    "count_tokens",
    "make_engine",
]


def __getattr__(name: str) -> Any:
    if name == "DSPyEngine":
        from pivot_opt.engines.dspy_engine import DSPyEngine

        return DSPyEngine
    if name == "LocalEngine":
        from pivot_opt.engines.local import LocalEngine

        return LocalEngine
    if name == "TextGradEngine":
        from pivot_opt.engines.textgrad_adapter import TextGradEngine

        return TextGradEngine
    raise AttributeError(f"module 'pivot_opt.engines' has no attribute {name!r}")


def make_engine(spec: str, **kwargs: Any) -> Engine:
    """Build an engine from a short spec: ``local``, ``local:/path/model.gguf`` or ``dspy:<model>``.

    For ``dspy:`` the API key is read from the environment variable named by
    ``api_key_env`` (default: litellm's own provider variables), never from the command line.
    """
    kind, _, rest = spec.partition(":")
    if kind == "local":
        from pivot_opt.engines.local import LocalEngine

        return LocalEngine(rest or None, **kwargs)
    if kind == "dspy":
        if not rest:
            raise ValueError("dspy engine needs a model, e.g. dspy:openai/gpt-4o-mini")
        from pivot_opt.engines.dspy_engine import DSPyEngine

        return DSPyEngine(rest, **kwargs)
    raise ValueError(f"unknown engine {spec!r}; use 'local', 'local:<gguf path>' or 'dspy:<provider/model>'")
