"""Engines: one interface over scripted, local llama.cpp and any-provider models.

Only the base and the scripted engine are imported eagerly; the others load their heavy
dependencies on first use.
"""

from __future__ import annotations

from typing import Any

from pivot_opt.engines.base import Completion, Engine, count_tokens
from pivot_opt.engines.scripted import ScriptedEngine
from pivot_opt.errors import ConfigError

__all__ = [
    "Completion",
    "DSPyEngine",
    "Engine",
    "LocalEngine",
    "ScriptedEngine",
    "TextGradEngine",
    "check_engine_spec",
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
    kind, rest = check_engine_spec(spec)
    if kind == "local":
        from pivot_opt.engines.local import LocalEngine

        return LocalEngine(rest or None, **kwargs)
    from pivot_opt.engines.dspy_engine import DSPyEngine

    return DSPyEngine(rest, **kwargs)


def check_engine_spec(spec: str) -> tuple[str, str]:
    """``(kind, rest)`` of an engine spec, or a ConfigError saying which specs exist (nothing is loaded)."""
    kind, _, rest = spec.partition(":")
    if kind == "local":
        return kind, rest
    if kind == "dspy":
        if not rest:
            raise ConfigError("dspy engine needs a model, e.g. dspy:openai/gpt-4o-mini")
        return kind, rest
    raise ConfigError(f"unknown engine {spec!r}; use 'local', 'local:<gguf path>' or 'dspy:<provider/model>'")
