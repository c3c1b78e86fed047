"""Expose any pivot-opt engine to textgrad as an ``EngineLM`` (calls stay in our ledger)."""

from __future__ import annotations

from typing import Any

from textgrad.engine import EngineLM

from pivot_opt.engines.base import Engine
from pivot_opt.ledger import Phase

__all__ = ["TextGradEngine"]


class TextGradEngine(EngineLM):
    """textgrad sees an ``EngineLM``; every call is tagged ``phase`` in the wrapped engine's ledger.

    textgrad's optimizers call ``engine(prompt, system_prompt=...)``; its loss functions call
    ``generate``. Both route to :meth:`Engine.complete`.
    """

    def __init__(self, engine: Engine, phase: Phase | str = Phase.EVOLVE, max_tokens: int = 1024) -> None:
        self.engine = engine
        self.phase = Phase(phase).value
        self.max_tokens = max_tokens
        self.model_string = f"pivot-opt:{engine.name}"

    def generate(self, prompt: Any, system_prompt: str | None = None, **kwargs: Any) -> str:
        if isinstance(prompt, list):  # textgrad's multimodal form: keep the text parts
            prompt = "\n".join(p for p in prompt if isinstance(p, str))
        return self.engine.complete(
            str(prompt),
            system=system_prompt,
            phase=self.phase,
            max_tokens=int(kwargs.get("max_tokens", self.max_tokens)),
            temperature=float(kwargs.get("temperature", 0.0)),
        )

    def __call__(self, prompt: Any, **kwargs: Any) -> str:
        return self.generate(prompt, **kwargs)
