"""Acceptors: property tests that the monotonic line search never accepts a worse plan."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from optimizers import AcceptAll, MonotonicLineSearch, Verdict
from pivot_opt.loss import Loss, TermValue

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
