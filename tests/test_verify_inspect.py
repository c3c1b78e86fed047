"""VERIFY and INSPECT agree on what is a violation: an item fails exactly when its term is above 0."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivot_opt import Step, Trajectory, losses
from pivot_opt.envs.daytrip import DayTripEnv


def agree(traj: Trajectory, env: object) -> None:
    """VERIFY (visible constraints) passes exactly when INSPECT's hard terms are 0."""
    loss = losses.Composite()(traj, env)  # type: ignore[arg-type]
    verdict = losses.verify(traj, env, include_hidden=False)  # type: ignore[arg-type]
    hard_loss = loss.terms["executability"].value + loss.terms["hard_constraints"].value
    assert verdict.passed == (hard_loss == 0), (verdict.render(), loss.summary())
    soft = [i for i in verdict.items if not i.hard]
    assert all(i.passed for i in soft) == (loss.terms["soft_constraints"].value == 0)


def test_a_place_visited_twice_fails_verify() -> None:
    env = DayTripEnv(seed=3)
    ref = [Step.from_dict(s) for s in env.spec.reference]
    first_visit = next(i for i, s in enumerate(ref) if s.action == "visit")
    twice = Trajectory([*ref[: first_visit + 1], ref[first_visit], *ref[first_visit + 1:]], task=env.task)
    verdict = losses.verify(twice, env)
    assert not verdict.passed and "already visited" in verdict.failures[0].reason
    assert losses.Composite()(twice, env).total > 0
    agree(twice, env)


def _steps(env: DayTripEnv) -> st.SearchStrategy[list[Step]]:
    attractions = [p.name for p in env.spec.places if p.kind == "attraction"]
    restaurants = [p.name for p in env.spec.places if p.kind == "restaurant"]
    one = st.one_of(st.builds(lambda n: Step("visit", {"place": n}), st.sampled_from(attractions)),
                    st.builds(lambda n: Step("eat", {"restaurant": n}), st.sampled_from(restaurants)),
                    st.just(Step("return", {})))
    ref = [Step.from_dict(s) for s in env.spec.reference]
    # the reference with one step repeated somewhere (a place twice) or dropped, or a random plan
    repeated = st.builds(lambda i, j: [*ref[:j], ref[i], *ref[j:]], st.integers(0, len(ref) - 1),
                         st.integers(0, len(ref)))
    dropped = st.builds(lambda i: ref[:i] + ref[i + 1:], st.integers(0, len(ref) - 1))
    return st.one_of(repeated, dropped, st.lists(one, max_size=8))


ENV = DayTripEnv(seed=3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=_steps(ENV))
def test_verify_agrees_with_inspect_on_random_plans(steps: list[Step]) -> None:
    agree(Trajectory(steps, task=ENV.task), ENV)
