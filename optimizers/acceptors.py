"""Acceptance rules for EVOLVE's line search: tiny pluggable strategies behind one interface."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from pivot_opt.errors import ConfigError
from pivot_opt.loss import Loss

__all__ = ["ACCEPTORS", "DEFAULT_ACCEPTOR", "AcceptAll", "Acceptor", "Decision", "MonotonicLineSearch", "Verdict",
           "credit_of", "make_acceptor"]


class Verdict(str, Enum):
    ACCEPT = "accept"
    REJECT = "reject"
    HOLD = "hold"  # a tie kept in reserve while larger radii are tried


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str


class Acceptor(ABC):
    """Decides on one candidate given the current loss, and ranks losses for ``Pivot``.

    Contract: ``consider`` is pure. An acceptor that may return ``ACCEPT`` for a candidate
    whose loss is higher than the current one must say so in ``monotonic = False``.
    ``key`` is the acceptor's order (smallest best): ``Pivot`` keeps the best plan by
    :meth:`better`, so the plan it returns is never one its own acceptor ranks lower. A failed
    loss (an error, a non-finite term) ranks below every other and is never accepted.
    """

    monotonic: bool = True
    tol: float = 1e-9

    @abstractmethod
    def consider(self, current: Loss, candidate: Loss) -> Decision: ...

    def key(self, loss: Loss) -> tuple[float, ...]:
        """The acceptor's order on losses, smallest best (default: the total)."""
        return (loss.total,)

    def compare(self, current: Loss, candidate: Loss) -> int:
        """-1 if the candidate is better, 0 if tied, 1 if worse (NaN is never a tie: it is worse)."""
        if candidate.failed or current.failed:
            return 0 if (candidate.failed and current.failed) else (1 if candidate.failed else -1)
        for new, old in zip(self.key(candidate), self.key(current), strict=True):
            if math.isnan(new) or math.isnan(old):
                return 1
            if new < old - self.tol:
                return -1
            if new > old + self.tol:
                return 1
        return 0

    def better(self, candidate: Loss, incumbent: Loss) -> bool:
        """True when the candidate ranks strictly above the incumbent in this acceptor's order."""
        return self.compare(incumbent, candidate) < 0


def _invalid(candidate: Loss) -> Decision | None:
    """The rejection of a candidate whose loss cannot rank it (error or non-finite), else None."""
    if not candidate.failed:
        return None
    return Decision(Verdict.REJECT, f"rejected: the loss is not a finite number "
                                    f"({candidate.error or candidate.nonfinite_reason()})")


def _fmt(loss: Loss) -> str:
    return f"{loss.total:.4f}"


def _shown_only(current: Loss, candidate: Loss) -> list[str]:
    return [name for name in current.terms if name not in candidate.terms]


def credit_of(current: Loss, candidate: Loss) -> float:
    """Weighted loss of the terms only the current plan carries (judgements of the plan shown)."""
    return float(sum(current.terms[name].weighted for name in _shown_only(current, candidate)))


class MonotonicLineSearch(Acceptor):
    """Accept the first candidate that does not raise the loss; the sequence never rises.

    - ``strict``: only a strict decrease is accepted (ties rejected).
    - ``lexicographic``: compare (hard violations, total) instead of total alone, so that
      a candidate that breaks more hard requirements is never accepted for a lower total.
    - ``tie``: what a tie does when not strict: ``"defer"`` (default: keep the first tie and
      try larger radii for a strict decrease, accepting the tie only if none is found),
      ``"accept"`` (take it at once) or ``"reject"``.
    - ``keep_met``: a candidate that breaks a named hard requirement the current plan meets
      (``Loss.broken_hard``) is rejected unless it has strictly fewer hard violations in all,
      so one requirement is never swapped for another on a tie or a soft gain (a deleted
      required step that happens to fix a constraint covering many steps, say).

    Always: a term on the current loss that the candidate's loss does not have (a judgement of
    the plan that was shown, such as a human's complaint: :mod:`pivot_opt.hitl`) is credit
    for moving away from that plan, and credit never pays for a broken hard requirement: a
    candidate with more hard violations than the current plan is then rejected, whatever its
    total.
    """

    def __init__(self, strict: bool = False, lexicographic: bool = False, tie: str = "defer",
                 tol: float = 1e-9, keep_met: bool = False) -> None:
        if tie not in ("defer", "accept", "reject"):
            raise ConfigError(f"tie must be 'defer', 'accept' or 'reject', got {tie!r}")
        self.strict = strict
        self.lexicographic = lexicographic
        self.keep_met = keep_met
        self.tie = tie
        self.tol = tol

    def key(self, loss: Loss) -> tuple[float, ...]:
        """(hard violations, total) when lexicographic, else the total."""
        return (float(loss.hard_violations), loss.total) if self.lexicographic else (loss.total,)

    def consider(self, current: Loss, candidate: Loss) -> Decision:
        invalid = _invalid(candidate)
        if invalid is not None:
            return invalid
        credit = credit_of(current, candidate)
        if credit > 0 and candidate.hard_violations > current.hard_violations:
            return Decision(Verdict.REJECT, f"hard violations would rise ({current.hard_violations} -> "
                                            f"{candidate.hard_violations}); the {credit:.4f} of "
                                            f"{', '.join(_shown_only(current, candidate))} cannot pay for that")
        newly = sorted(candidate.broken_hard - current.broken_hard) if self.keep_met else []
        if newly and candidate.hard_violations >= current.hard_violations:
            return Decision(Verdict.REJECT, f"would break the met hard requirement(s) {', '.join(newly)} without "
                                            f"fewer hard violations ({current.hard_violations} -> "
                                            f"{candidate.hard_violations})")
        order = self.compare(current, candidate)
        if order < 0:
            return Decision(Verdict.ACCEPT, f"loss decreased {_fmt(current)} -> {_fmt(candidate)}")
        if order > 0:
            what = "hard violations" if (
                self.lexicographic and candidate.hard_violations != current.hard_violations) else "loss"
            return Decision(Verdict.REJECT, f"{what} would rise ({_fmt(current)} -> {_fmt(candidate)})")
        if self.strict or self.tie == "reject":
            return Decision(Verdict.REJECT, f"no strict decrease (tie at {_fmt(current)})")
        if self.tie == "accept":
            return Decision(Verdict.ACCEPT, f"tie at {_fmt(current)} accepted")
        return Decision(Verdict.HOLD, f"tie at {_fmt(current)} held while larger radii are tried")

    def __repr__(self) -> str:
        return (f"MonotonicLineSearch(strict={self.strict}, lexicographic={self.lexicographic}, tie={self.tie!r}, "
                f"keep_met={self.keep_met})")


class AcceptAll(Acceptor):
    """Accept every valid candidate, even a worse one (the no-line-search ablation)."""

    monotonic = False

    def consider(self, current: Loss, candidate: Loss) -> Decision:
        invalid = _invalid(candidate)
        if invalid is not None:
            return invalid
        return Decision(Verdict.ACCEPT, f"accepted without line search ({_fmt(current)} -> {_fmt(candidate)})")


#: Named acceptors for ``Pivot(acceptor=...)``, ``pivot run --acceptor`` and sweeps.
#: ``lexicographic`` (the default) never trades a hard requirement for a soft gain: hard
#: violations rank first, and a met named requirement is never broken unless the candidate
#: has fewer hard violations in all. ``total`` is the plain weighted-sum line search (the
#: default before; a soft term can pay for a deleted required step), ``strict`` is
#: ``lexicographic`` without ties, ``accept-all`` the no-line-search ablation.
ACCEPTORS: dict[str, Callable[[], Acceptor]] = {
    "lexicographic": lambda: MonotonicLineSearch(lexicographic=True, keep_met=True),
    "total": lambda: MonotonicLineSearch(),
    "strict": lambda: MonotonicLineSearch(strict=True, lexicographic=True, keep_met=True),
    "accept-all": AcceptAll,
}
DEFAULT_ACCEPTOR = "lexicographic"


def make_acceptor(spec: str | Acceptor | None = None) -> Acceptor:
    """An acceptor from its name in :data:`ACCEPTORS` (None: the default), or ``spec`` itself."""
    if isinstance(spec, Acceptor):
        return spec
    name = DEFAULT_ACCEPTOR if spec is None else spec
    if not isinstance(name, str) or name not in ACCEPTORS:
        raise ConfigError(f"unknown acceptor {spec!r}; choose one of {', '.join(ACCEPTORS)} or pass an Acceptor")
    return ACCEPTORS[name]()
