"""One engine interface for every model: scripted, local llama.cpp, or any provider.

An engine turns a prompt (and optionally a JSON schema the answer must follow) into text.
Each call is tagged with a phase and recorded in the engine's :class:`TokenLedger`.
Engines never log prompts with secrets: they hold no credentials in their repr.
"""

from __future__ import annotations

import contextlib
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pivot_opt.errors import EngineError
from pivot_opt.ledger import LedgerEntry, Phase, TokenLedger

__all__ = ["Completion", "Engine", "count_tokens"]


@dataclass(frozen=True)
class Completion:
    """Raw result of one model call."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int = 0


def count_tokens(text: str) -> int:
    """Deterministic token estimate (about 4 characters a token) for engines with no tokenizer."""
    return max(1, (len(text) + 3) // 4) if text else 0


class Engine(ABC):
    """Base class of all engines.

    Subclasses implement :meth:`_generate`. ``supports_schema`` says whether the engine can
    decode under a JSON-schema grammar; callers pass ``schema`` either way, and engines
    that cannot enforce it append it to the prompt instead.
    """

    name: str = "engine"
    supports_schema: bool = False

    def __init__(self, ledger: TokenLedger | None = None) -> None:
        self.ledger = ledger if ledger is not None else TokenLedger()
        self._local = threading.local()

    # -- phase tagging -------------------------------------------------------------------
    @property
    def current_phase(self) -> str:
        return getattr(self._local, "phase", Phase.OTHER.value)

    @contextlib.contextmanager
    def phase(self, phase: Phase | str) -> Iterator[Engine]:
        """Tag every call inside the block (in this thread) with ``phase``."""
        previous = self.current_phase
        self._local.phase = Phase(phase).value
        try:
            yield self
        finally:
            self._local.phase = previous

    # -- calls ---------------------------------------------------------------------------
    def complete(
        self,
        prompt: str,
        *,
        system: str | None = None,
        schema: dict[str, Any] | None = None,
        phase: Phase | str | None = None,
        temperature: float = 0.0,
        max_tokens: int = 512,
        seed: int | None = None,
    ) -> str:
        """Run one call, record it in the ledger under its phase, return the text.

        Raises :class:`EngineError` (with the engine name and cause) when the model fails;
        the failed call is still recorded so that budgets stay honest.
        """
        tag = Phase(phase).value if phase is not None else self.current_phase
        start = time.perf_counter()
        try:
            result = self._generate(
                prompt,
                system=system,
                schema=schema,
                temperature=temperature,
                max_tokens=max_tokens,
                seed=seed,
            )
        except EngineError:
            self._record_failure(tag, prompt, start)
            raise
        except Exception as exc:  # a provider's own error type: wrap it, keep the cause
            self._record_failure(tag, prompt, start)
            raise EngineError(f"engine {self.name!r} failed: {type(exc).__name__}: {exc}") from exc
        self.ledger.record(
            LedgerEntry(
                phase=tag,
                engine=self.name,
                prompt_tokens=result.prompt_tokens,
                completion_tokens=result.completion_tokens,
                cached_tokens=result.cached_tokens,
                seconds=time.perf_counter() - start,
            )
        )
        return result.text

    def _record_failure(self, tag: str, prompt: str, start: float) -> None:
        self.ledger.record(
            LedgerEntry(
                phase=tag,
                engine=self.name,
                prompt_tokens=count_tokens(prompt),
                completion_tokens=0,
                seconds=time.perf_counter() - start,
                failed=True,
            )
        )

    @abstractmethod
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
        """Call the model once. Implementations raise on failure; ``complete`` wraps it."""

    def as_textgrad(self, phase: Phase | str = Phase.EVOLVE) -> Any:
        """This engine as a ``textgrad.engine.EngineLM`` (imports textgrad lazily)."""
        from pivot_opt.engines.textgrad_adapter import TextGradEngine

        return TextGradEngine(self, phase=phase)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"
