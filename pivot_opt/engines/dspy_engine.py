"""Any provider through ``dspy.LM``: hosted models, or an OpenAI-compatible server by ``api_base``."""

from __future__ import annotations

import json
import os
from typing import Any

from pivot_opt.engines.base import Completion, Engine, count_tokens
from pivot_opt.errors import EngineError

__all__ = ["DSPyEngine"]


class DSPyEngine(Engine):
    """Wraps ``dspy.LM(model, ...)``.

    ``schema_mode`` says how a JSON schema is enforced: ``"json_schema"`` (OpenAI structured
    outputs), ``"json_object"`` (llama.cpp's server: ``{"type": "json_object", "schema": ...}``)
    or ``"prompt"`` (appended to the prompt, checked by the caller). The API key is passed to
    dspy and never stored on this object, so it cannot reach a log or a history file.
    """

    def __init__(
        self,
        model: str,
        *,
        api_base: str | None = None,
        api_key: str | None = None,
        schema_mode: str = "prompt",
        cache: bool = False,
        lm: Any = None,
        **kwargs: Any,
    ) -> None:
        ledger = kwargs.pop("ledger", None)
        super().__init__(ledger=ledger)
        if schema_mode not in ("json_schema", "json_object", "prompt"):
            raise EngineError(f"schema_mode must be json_schema, json_object or prompt, got {schema_mode!r}")
        self.name = model
        self.schema_mode = schema_mode
        self.supports_schema = schema_mode != "prompt"
        if lm is None:
            os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
            import dspy

            if api_base is not None:
                kwargs.setdefault("model_type", "chat")
            lm = dspy.LM(model, api_base=api_base, api_key=api_key, cache=cache, **kwargs)
        self.lm = lm

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
        extra: dict[str, Any] = {"temperature": temperature, "max_tokens": max_tokens}
        if seed is not None:
            extra["rollout_id"] = seed
        if schema is not None:
            if self.schema_mode == "json_schema":
                extra["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": "answer", "schema": schema},
                }
            elif self.schema_mode == "json_object":
                extra["response_format"] = {"type": "json_object", "schema": schema}
            else:
                prompt = f"{prompt}\n\nAnswer with JSON only, following this JSON schema:\n{json.dumps(schema)}"
        messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
        outputs = self.lm(messages=messages, **extra)
        first = outputs[0] if outputs else ""
        text = first.get("text", "") if isinstance(first, dict) else str(first)
        usage = {}
        history = getattr(self.lm, "history", None)
        if history:
            usage = history[-1].get("usage") or {}
        prompt_tokens = int(usage.get("prompt_tokens") or count_tokens(prompt))
        completion_tokens = int(usage.get("completion_tokens") or count_tokens(text))
        details = usage.get("prompt_tokens_details") or {}
        cached = int(details.get("cached_tokens") or 0) if isinstance(details, dict) else 0
        return Completion(text, prompt_tokens, completion_tokens, cached)
