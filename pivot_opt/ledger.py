"""Token accounting per phase.

Every engine call is tagged with the PIVOT phase that made it, so that methods can be
compared by what they spend where. The ledger is thread-safe: benchmark runs share engines
across threads.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from enum import Enum

__all__ = ["PHASES", "LedgerEntry", "Phase", "TokenLedger"]


class Phase(str, Enum):
    """The phase an engine call belongs to."""

    PLAN = "plan"
    INSPECT = "inspect"
    EVOLVE = "evolve"
    VERIFY = "verify"
    OTHER = "other"


PHASES: tuple[str, ...] = tuple(p.value for p in Phase)


@dataclass(frozen=True)
class LedgerEntry:
    """One engine call: who, in which phase, how many tokens, how long.

    A ``cache_hit`` was answered from a response cache without a request: it spent nothing
    (``prompt_tokens = completion_tokens = 0``) and ``cached_tokens`` is what it would have cost.
    Otherwise ``cached_tokens`` are the provider's prompt-cache tokens, already in ``prompt_tokens``.
    """

    phase: str
    engine: str
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int = 0
    seconds: float = 0.0
    failed: bool = False
    cache_hit: bool = False

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class TokenLedger:
    """Append-only record of engine calls with per-phase totals."""

    def __init__(self) -> None:
        self._entries: list[LedgerEntry] = []
        self._lock = threading.Lock()

    def record(self, entry: LedgerEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> list[LedgerEntry]:
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def total(self) -> int:
        """Prompt plus completion tokens over all calls."""
        return sum(e.total for e in self.entries)

    def by_phase(self) -> dict[str, int]:
        """Spent tokens per phase; every phase is present (0 when unused). Cache hits spend none."""
        out = dict.fromkeys(PHASES, 0)
        for e in self.entries:
            out[e.phase] = out.get(e.phase, 0) + e.total
        return out

    def cached_by_phase(self) -> dict[str, int]:
        """Tokens of calls answered from the response cache, per phase: reported apart, never spent."""
        out = dict.fromkeys(PHASES, 0)
        for e in self.entries:
            if e.cache_hit:
                out[e.phase] = out.get(e.phase, 0) + e.cached_tokens
        return out

    def summary(self) -> dict[str, int]:
        """Calls and token kinds over the whole ledger."""
        entries = self.entries
        return {
            "calls": len(entries),
            "prompt_tokens": sum(e.prompt_tokens for e in entries),
            "completion_tokens": sum(e.completion_tokens for e in entries),
            "cached_tokens": sum(e.cached_tokens for e in entries),
            "total_tokens": sum(e.total for e in entries),
            "failed_calls": sum(e.failed for e in entries),
            "cache_hits": sum(e.cache_hit for e in entries),
        }

    def to_list(self) -> list[dict[str, object]]:
        return [asdict(e) for e in self.entries]
