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
from pivot_opt.redact import redact

__all__ = ["Completion", "Engine", "count_tokens", "is_auth_error"]


@dataclass(frozen=True)
class Completion:
    """Raw result of one model call (``cache_hit``: answered from a cache, see :class:`LedgerEntry`)."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int = 0
    cache_hit: bool = False


def count_tokens(text: str) -> int:
    """Deterministic token estimate (about 4 characters a token) for engines with no tokenizer."""
    return max(1, (len(text) + 3) // 4) if text else 0


def is_auth_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a refused credential (HTTP 401/403): retrying cannot fix it."""
    status = getattr(exc, "status", None) or getattr(exc, "status_code", None)
    if status in (401, 403):
        return True
    names = {t.__name__ for t in type(exc).__mro__}
    return bool(names & {"LMAuthError", "AuthenticationError", "PermissionDeniedError"})


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
        #: Calls that failed since the last one that answered, and the last failure (redacted).
        self.failures_in_row = 0
        self.last_error: EngineError | None = None

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

        Raises :class:`EngineError` (with the engine name and cause, secrets redacted) when the
        model fails. The failed call is recorded as a failed call with no tokens (the provider
        reported no usage for it), and counted in :attr:`failures_in_row` so that a loop can tell
        a dead engine from a bad answer. After a fatal failure (a refused key) further calls fail
        at once without a request, until :attr:`failures_in_row` is reset.
        """
        tag = Phase(phase).value if phase is not None else self.current_phase
        tripped = self.last_error
        if tripped is not None and tripped.fatal and self.failures_in_row:
            # a refused key stays refused: fail without sending (or booking) another request
            raise EngineError(str(tripped), fatal=True, hint=tripped.hint)
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
        except EngineError as exc:
            error = EngineError(redact(str(exc)), fatal=getattr(exc, "fatal", False), hint=getattr(exc, "hint", ""))
            self._record_failure(tag, start, error)
            raise error from None
        except Exception as exc:  # a provider's own error type: wrap it, keep the cause
            error = EngineError(redact(f"engine {self.name!r} failed: {type(exc).__name__}: {exc}"),
                                fatal=is_auth_error(exc))
            self._record_failure(tag, start, error)
            raise error from None
        self.failures_in_row = 0
        self.ledger.record(
            LedgerEntry(
                phase=tag,
                engine=self.name,
                prompt_tokens=result.prompt_tokens,
                completion_tokens=result.completion_tokens,
                cached_tokens=result.cached_tokens,
                seconds=time.perf_counter() - start,
                cache_hit=result.cache_hit,
            )
        )
        return result.text

    def _record_failure(self, tag: str, start: float, error: EngineError) -> None:
        self.failures_in_row += 1
        self.last_error = error
        self.ledger.record(
            LedgerEntry(
                phase=tag,
                engine=self.name,
                prompt_tokens=0,
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
