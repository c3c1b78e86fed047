"""Explicit error types: each names the problem and how to fix it."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EngineError",
    "ExecutionError",
    "HistoryError",
    "PivotError",
    "TermError",
    "TrajectoryParseError",
]


class PivotError(Exception):
    """Base class of every error pivot-opt raises on purpose."""


class TrajectoryParseError(PivotError, ValueError):
    """Text could not be read as a plan."""


class ExecutionError(PivotError, RuntimeError):
    """An environment failed to execute a trajectory (not a plan failure: a bug or bad data)."""


class EngineError(PivotError, RuntimeError):
    """A language-model engine failed or is misconfigured.

    ``fatal`` marks a failure that retrying cannot fix (a refused key: 401/403, no credentials),
    so a run stops at once; ``hint`` is the fix to show the user (e.g. "set --api-key-env").
    """

    def __init__(self, message: str, *, fatal: bool = False, hint: str = "") -> None:
        super().__init__(message)
        self.fatal = fatal
        self.hint = hint


class TermError(PivotError, RuntimeError):
    """A loss term could not score a candidate (failed engine, unusable answer, non-finite value).

    INSPECT turns it into an errored loss of that candidate: never a zero loss, never a crash.
    """


class ConfigError(PivotError, ValueError):
    """A user-supplied setting is invalid."""


class HistoryError(PivotError, ValueError):
    """A history file is unreadable or belongs to a different run."""
