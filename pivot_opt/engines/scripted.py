"""A deterministic engine for tests and offline logic: answers come from a script.

The script is a list (answers in order, cycling the last one or raising when exhausted),
a dict keyed by prompt substring (first key found in the prompt wins), or a callable
``(prompt, schema) -> str``. A script item that is an exception instance is raised, which
lets tests exercise failure paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pivot_opt.engines.base import Completion, Engine, count_tokens
from pivot_opt.errors import EngineError

__all__ = ["ScriptedEngine"]

Script = Sequence[str | BaseException] | Mapping[str, str | BaseException] | Callable[[str, Any], str]


class ScriptedEngine(Engine):
    """Replays scripted answers; counts tokens with :func:`count_tokens`.

    ``prompts`` keeps every prompt received, for assertions.
    """

    name = "scripted"

    def __init__(
        self,
        script: Script,
        *,
        default: str | None = None,
        repeat_last: bool = False,
        supports_schema: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.script = script
        self.default = default
        self.repeat_last = repeat_last
        self.supports_schema = supports_schema
        self.prompts: list[str] = []
        self.schemas: list[dict[str, Any] | None] = []
        self._cursor = 0

    def _next_answer(self, prompt: str, schema: dict[str, Any] | None) -> str | BaseException:
        script = self.script
        if callable(script) and not isinstance(script, Mapping):
            return script(prompt, schema)
        if isinstance(script, Mapping):
            for key, answer in script.items():
                if key in prompt:
                    return answer
            if self.default is not None:
                return self.default
            raise EngineError(
                f"scripted engine has no answer for this prompt (keys: {list(script)[:5]}); "
                "add a matching key or pass default=..."
            )
        if self._cursor < len(script):
            answer = script[self._cursor]
            self._cursor += 1
            return answer
        if self.repeat_last and script:
            return script[-1]
        if self.default is not None:
            return self.default
        raise EngineError(
            f"scripted engine ran out of answers after {len(script)} calls; "
            "add answers, pass repeat_last=True or default=..."
        )

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
        full = f"{system}\n\n{prompt}" if system else prompt
        self.prompts.append(full)
        self.schemas.append(schema)
        answer = self._next_answer(full, schema)
        if isinstance(answer, BaseException):
            raise answer
        return Completion(text=answer, prompt_tokens=count_tokens(full), completion_tokens=count_tokens(answer))
