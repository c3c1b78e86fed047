"""Engines for sweeps: one model per worker thread, one token ledger per run.

``Pivot`` counts a run's tokens from its engine's ledger, so runs that share a model must
not share a ledger: :class:`LedgerView` gives each run its own ledger over a shared model.
Models are built once per worker thread (llama.cpp instances are not thread-safe, and one
instance per thread lets two cores work at once) and once per process for process pools.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from pivot_opt.engines.base import Completion, Engine
from pivot_opt.errors import ConfigError

__all__ = ["EngineSpec", "LedgerView", "engine_for_thread", "engine_label"]

EngineSpec = str | Callable[[], Engine]

_local = threading.local()

#: Held while a model loads. llama.cpp silences the process's stdout and stderr during a load
#: (it redirects the file descriptors), so output from other threads is lost in that window:
#: anything that prints while workers may be loading (the sweep's progress) takes this lock.
LOAD_LOCK = threading.RLock()


class LedgerView(Engine):
    """The same model as ``inner`` with a ledger of its own (calls bypass ``inner``'s ledger)."""

    def __init__(self, inner: Engine) -> None:
        super().__init__()
        self.inner = inner
        self.name = inner.name
        self.supports_schema = inner.supports_schema

    def _generate(self, prompt: str, *, system: str | None, schema: dict[str, Any] | None, temperature: float,
                  max_tokens: int, seed: int | None) -> Completion:
        return self.inner._generate(prompt, system=system, schema=schema, temperature=temperature,
                                    max_tokens=max_tokens, seed=seed)


def engine_label(spec: EngineSpec) -> str:
    """A stable name for an engine spec (for manifests and reports)."""
    if isinstance(spec, str):
        return spec
    return f"{getattr(spec, '__module__', '?')}.{getattr(spec, '__qualname__', type(spec).__name__)}"


def engine_for_thread(spec: EngineSpec, options: dict[str, Any] | None = None) -> Engine:
    """The calling thread's engine for ``spec`` (built on first use); wrap it in a :class:`LedgerView` per run.

    ``spec`` is an engine string for :func:`pivot_opt.engines.make_engine` (``local``,
    ``dspy:<model>``) or a zero-argument factory (tests, custom engines). An ``api_key_env``
    option names the environment variable holding the API key: the key itself is read here,
    in the worker, and never enters a manifest, a history or a report.
    """
    cache: dict[tuple[str, str], Engine] = getattr(_local, "engines", None) or {}
    _local.engines = cache
    key = (engine_label(spec), repr(sorted((options or {}).items())))
    if key not in cache:
        with LOAD_LOCK:
            cache[key] = _build(spec, options)
    return cache[key]


def _build(spec: EngineSpec, options: dict[str, Any] | None) -> Engine:
    if not isinstance(spec, str):
        return spec()
    from pivot_opt.engines import make_engine

    kwargs = dict(options or {})
    env_name = kwargs.pop("api_key_env", None)
    if env_name:
        key_value = os.environ.get(env_name)
        if not key_value:
            raise ConfigError(f"environment variable {env_name} is not set; export it with your API key")
        kwargs["api_key"] = key_value
    return make_engine(spec, **kwargs)
