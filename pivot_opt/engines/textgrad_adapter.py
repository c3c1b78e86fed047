"""Expose any pivot-opt engine to textgrad as an ``EngineLM`` (calls stay in our ledger)."""

from __future__ import annotations

import re
from typing import Any

from textgrad.engine import EngineLM

from pivot_opt.engines.base import Engine
from pivot_opt.ledger import Phase

__all__ = ["TextGradEngine", "asked_tags"]

#: How textgrad's optimizer system prompts ask for the new value (TGD and its momentum variant).
_TAGS_ASKED = re.compile(r"sending the improved variable between (<[^<>\s]+>) \{improved variable\} (</[^<>\s]+>)")


def asked_tags(system_prompt: str | None) -> tuple[str, str] | None:
    """The (start, end) tags a textgrad optimizer's system prompt asks the answer to be in, else None."""
    match = _TAGS_ASKED.search(system_prompt or "")
    return (match.group(1), match.group(2)) if match else None


class TextGradEngine(EngineLM):
    """textgrad sees an ``EngineLM``; every call is tagged ``phase`` in the wrapped engine's ledger.

    textgrad's optimizers call ``engine(prompt, system_prompt=...)``; its loss functions call
    ``generate``. Both route to :meth:`Engine.complete`.

    A textgrad optimizer parses its new value from between tags its system prompt asks for
    (``<IMPROVED_VARIABLE>``); a small model (the embedded one) or a grammar-decoded answer
    rarely writes them, and textgrad then raises. So an update answer without the tags is taken
    as the new value and wrapped in them (a missing end tag is added), which makes plain
    ``textgrad.TGD`` work with any engine. ``schema`` (optional) decodes every call of this
    adapter under a JSON schema, e.g. the environment's plan grammar for TGD's update.
    """

    def __init__(self, engine: Engine, phase: Phase | str = Phase.EVOLVE, max_tokens: int = 1024,
                 schema: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self.phase = Phase(phase).value
        self.max_tokens = max_tokens
        self.schema = schema
        self.model_string = f"pivot-opt:{engine.name}"

    def generate(self, prompt: Any, system_prompt: str | None = None, **kwargs: Any) -> str:
        if isinstance(prompt, list):  # textgrad's multimodal form: keep the text parts
            prompt = "\n".join(p for p in prompt if isinstance(p, str))
        text = self.engine.complete(
            str(prompt),
            system=system_prompt,
            schema=self.schema,
            phase=self.phase,
            max_tokens=int(kwargs.get("max_tokens", self.max_tokens)),
            temperature=float(kwargs.get("temperature", 0.0)),
        )
        tags = asked_tags(system_prompt)
        return _tagged(text, tags) if tags else text

    def __call__(self, prompt: Any, **kwargs: Any) -> str:
        return self.generate(prompt, **kwargs)


def _tagged(text: str, tags: tuple[str, str]) -> str:
    """``text`` with the value between ``tags``: as it is when complete, else wrapped (the end added)."""
    start, end = tags
    if start in text:
        head, _, rest = text.partition(start)
        return text if end in rest else f"{head}{start}{rest}{end}"
    return f"{start}{text.strip()}{end}"
