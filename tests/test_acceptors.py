"""Acceptors: property tests that the monotonic line search never accepts a worse plan."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pivot_opt.loss import Loss, TermValue
from pivot_opt.optimizers import AcceptAll, MonotonicLineSearch, Verdict

losses_st = st.builds(
    lambda a, b, v: Loss({"soft": TermValue("soft", a), "hard": TermValue("hard", b, hard=True, violations=v)}, None),
    st.floats(0, 5, allow_nan=False), st.floats(0, 5, allow_nan=False), st.integers(0, 4),
)
acceptors_st = st.builds(MonotonicLineSearch, strict=st.booleans(), lexicographic=st.booleans(),
                         tie=st.sampled_from(["defer", "accept", "reject"]))


@given(acceptors_st, losses_st, losses_st)
def test_never_accepts_a_higher_total(acceptor: MonotonicLineSearch, current: Loss, candidate: Loss) -> None:
    decision = acceptor.consider(current, candidate)
    if decision.verdict is not Verdict.REJECT and not acceptor.lexicographic:
        assert candidate.total <= current.total + acceptor.tol
    if decision.verdict is Verdict.ACCEPT and candidate.total > current.total + acceptor.tol:
        assert acceptor.lexicographic and candidate.hard_violations < current.hard_violations


@given(losses_st, losses_st)
def test_lexicographic_never_trades_hard_violations_for_total(current: Loss, candidate: Loss) -> None:
    decision = MonotonicLineSearch(lexicographic=True).consider(current, candidate)
    if candidate.hard_violations > current.hard_violations:
        assert decision.verdict is Verdict.REJECT


@given(losses_st)
def test_tie_rules(loss: Loss) -> None:
    assert MonotonicLineSearch(tie="defer").consider(loss, loss).verdict is Verdict.HOLD
    assert MonotonicLineSearch(tie="accept").consider(loss, loss).verdict is Verdict.ACCEPT
    assert MonotonicLineSearch(tie="reject").consider(loss, loss).verdict is Verdict.REJECT
    assert MonotonicLineSearch(strict=True, tie="accept").consider(loss, loss).verdict is Verdict.REJECT


def test_accept_all_is_marked_non_monotonic() -> None:
    assert not AcceptAll.monotonic and MonotonicLineSearch.monotonic


@given(acceptors_st, losses_st, losses_st, st.floats(0.01, 1.0))
def test_a_complaint_never_buys_a_hard_violation(acceptor: MonotonicLineSearch, current: Loss, candidate: Loss,
                                                 weight: float) -> None:
    """A term only the shown plan carries (human feedback) is credit, never for a broken hard requirement."""
    current.terms["human"] = TermValue("human", 1.0, weight=weight)
    decision = acceptor.consider(current, candidate)
    if candidate.hard_violations > current.hard_violations:
        assert decision.verdict is Verdict.REJECT and "cannot pay" in decision.reason


def test_the_credit_still_moves_the_plan_at_equal_hard_violations() -> None:
    def loss(soft: float, violations: int, human: float = 0.0) -> Loss:
        terms = {"soft": TermValue("soft", soft), "hard": TermValue("hard", 0.2 * violations, hard=True,
                                                                   violations=violations)}
        if human:
            terms["human"] = TermValue("human", 1.0, weight=human)
        return Loss(terms, None)

    shown = loss(0.5, 2, human=0.1)  # 1.0 with the complaint
    assert MonotonicLineSearch().consider(shown, loss(0.55, 2)).verdict is Verdict.ACCEPT  # trades 0.05 to move
    assert MonotonicLineSearch().consider(shown, loss(0.0, 3)).verdict is Verdict.REJECT  # 0.6 < 1.0, one more broken
    assert MonotonicLineSearch().consider(loss(0.5, 2), loss(0.0, 3)).verdict is Verdict.ACCEPT  # no complaint: total
