"""Any provider through ``dspy.LM``: hosted models, or an OpenAI-compatible server by ``api_base``."""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import urlparse

from pivot_opt.engines.base import Completion, Engine, count_tokens, is_auth_error
from pivot_opt.errors import EngineError
from pivot_opt.redact import register_secret

__all__ = ["DEFAULT_RETRIES", "DEFAULT_TIMEOUT", "DSPyEngine", "is_local"]

#: Seconds one request may take before it is abandoned (litellm's own default is 600).
DEFAULT_TIMEOUT = 120.0
#: Retries of a transient failure (timeout, connection, 5xx, rate limit), with exponential backoff.
DEFAULT_RETRIES = 2


#: Hosts whose OpenAI-compatible server (llama.cpp, vLLM, Ollama) needs no real key.
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")
#: What a local server is sent as its key when the user gives none (any non-empty value works).
LOCAL_PLACEHOLDER_KEY = "no-key"


def is_local(api_base: str | None) -> bool:
    """Whether ``api_base`` points at this machine (such servers need no API key)."""
    return bool(api_base) and (urlparse(api_base).hostname or "") in _LOCAL_HOSTS


class DSPyEngine(Engine):
    """Wraps ``dspy.LM(model, ...)``.

    ``schema_mode`` says how a JSON schema is enforced: ``"json_schema"`` (OpenAI structured
    outputs), ``"json_object"`` (llama.cpp's server: ``{"type": "json_object", "schema": ...}``)
    or ``"prompt"`` (appended to the prompt, checked by the caller). The API key is passed to
    dspy and never stored on this object, so it cannot reach a log or a history file; it is
    registered with :mod:`pivot_opt.redact` so that a server echoing it in an error is redacted.

    ``timeout`` (seconds per request) and ``num_retries`` (transient failures retried with
    exponential backoff) go to dspy, which passes them to its HTTP client. A local ``api_base``
    needs no key: a placeholder is sent when none is given.

    ``cache`` is dspy's response cache (on by default, as in dspy). A call it answers sends no
    request and reports no usage: it is booked as a cache hit (no spent tokens, its size in
    ``cached_tokens``). Where a provider reports no usage, tokens are counted with litellm's
    tokenizer for the model. ``seed`` goes to providers that take one (OpenAI-compatible
    servers, and models litellm lists with a ``seed`` parameter) and always keys dspy's cache.
    """

    def __init__(
        self,
        model: str,
        *,
        api_base: str | None = None,
        api_key: str | None = None,
        schema_mode: str = "prompt",
        cache: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        num_retries: int = DEFAULT_RETRIES,
        lm: Any = None,
        **kwargs: Any,
    ) -> None:
        ledger = kwargs.pop("ledger", None)
        super().__init__(ledger=ledger)
        if schema_mode not in ("json_schema", "json_object", "prompt"):
            raise EngineError(f"schema_mode must be json_schema, json_object or prompt, got {schema_mode!r}")
        if not timeout or timeout <= 0 or num_retries < 0:
            raise EngineError(f"need timeout > 0 and num_retries >= 0, got {timeout} and {num_retries}")
        self.name = model
        self.api_base = api_base
        self.schema_mode = schema_mode
        self.supports_schema = schema_mode != "prompt"
        self.timeout = timeout
        self.num_retries = num_retries
        self.cache = cache if lm is None else bool(getattr(lm, "cache", False))
        self._takes_seed: bool | None = None
        self._keyed = bool(api_key)
        register_secret(api_key)
        for var, value in os.environ.items():  # provider keys litellm/dspy may read on their own
            if var.endswith(("_API_KEY", "_TOKEN", "_SECRET")):
                register_secret(value)
        if api_key is None and is_local(api_base):
            api_key = LOCAL_PLACEHOLDER_KEY
        if lm is None:
            os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
            import dspy

            if api_base is not None:
                kwargs.setdefault("model_type", "chat")
            lm = dspy.LM(model, api_base=api_base, api_key=api_key, cache=cache, timeout=timeout,
                         num_retries=num_retries, **kwargs)
        self.lm = lm

    def _failure(self, exc: Exception) -> EngineError:
        """A provider error as an :class:`EngineError` with the cause, whether it is fatal, and the fix."""
        cause = f"engine {self.name!r} failed: {type(exc).__name__}: {exc}"
        names = {t.__name__ for t in type(exc).__mro__}
        where = f"the server at {self.api_base}" if self.api_base else "the provider"
        if is_auth_error(exc):
            hint = ("the key was refused: check the key in the variable named by --api-key-env" if self._keyed
                    else "set --api-key-env to the name of the environment variable holding your API key")
            return EngineError(cause, fatal=True, hint=hint)
        if names & {"LMNotConfiguredError", "LMConfigurationError"} or "credential" in str(exc).lower():
            return EngineError(cause, fatal=True,
                               hint="set --api-key-env to the name of the environment variable holding your API key")
        if names & {"LMTransportError", "LMTimeoutError", "Timeout", "APIConnectionError", "TimeoutError"}:
            return EngineError(cause, hint=f"is {where} running and reachable? (raise --timeout if it is slow)")
        return EngineError(cause, hint=f"check {where} and the model name {self.name!r}")

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
            if temperature > 0:
                extra["rollout_id"] = seed  # a separate cache entry per sampled seed
            if self.takes_seed():
                extra["seed"] = seed
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
        try:
            outputs = self.lm(messages=messages, **extra)
        except Exception as exc:  # dspy's own error types: classify once, here
            raise self._failure(exc) from None
        first = outputs[0] if outputs else ""
        text = first.get("text", "") if isinstance(first, dict) else str(first)
        usage: Any = {}
        history = getattr(self.lm, "history", None)
        if history:
            usage = history[-1].get("usage") or {}
        if not isinstance(usage, dict):
            usage = {}
        if self.cache and not usage:
            # dspy clears the usage of an answer from its cache: no request was sent
            size = self.count_tokens(messages) + self.count_tokens(text)
            return Completion(text, 0, 0, cached_tokens=size, cache_hit=True)
        prompt_tokens = _int(usage.get("prompt_tokens")) or self.count_tokens(messages)
        completion_tokens = _int(usage.get("completion_tokens")) or self.count_tokens(text)
        details = usage.get("prompt_tokens_details") or {}
        cached = _int(details.get("cached_tokens")) if isinstance(details, dict) else 0
        return Completion(text, prompt_tokens, completion_tokens, cached)

    def count_tokens(self, content: str | list[dict[str, Any]]) -> int:
        """Tokens of a text or chat messages by litellm's tokenizer for this model (estimate if it fails)."""
        if not content:
            return 0
        try:
            import litellm

            if isinstance(content, str):
                return int(litellm.token_counter(model=self.name, text=content))
            return int(litellm.token_counter(model=self.name, messages=content))
        except Exception:  # an unknown model or a tokenizer that cannot load: the estimate
            text = content if isinstance(content, str) else "\n".join(str(m.get("content", "")) for m in content)
            return count_tokens(text)

    def takes_seed(self) -> bool:
        """Whether requests carry ``seed``: OpenAI-compatible servers, or litellm lists it for the model."""
        if self._takes_seed is None:
            if self.api_base is not None:
                self._takes_seed = True
            else:
                try:
                    import litellm

                    provider, _, bare = self.name.partition("/")
                    params = (litellm.get_supported_openai_params(model=bare, custom_llm_provider=provider)
                              if bare else litellm.get_supported_openai_params(model=self.name))
                    self._takes_seed = "seed" in (params or [])
                except Exception:  # litellm does not know the provider: do not send what it may refuse
                    self._takes_seed = False
        return self._takes_seed


def _int(value: Any) -> int:
    """A usage count as an int (0 for None or anything that is not a whole number)."""
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0
