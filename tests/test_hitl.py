"""Human in the loop: terminal human driven through its input stream, callback API, simulated oracle, CLI."""

from __future__ import annotations

import io
import json

import pytest

from pivot_opt.bench.testing import daytrip_engine
from pivot_opt.envs import make_env
from pivot_opt.errors import ConfigError
from pivot_opt.hitl import CallbackHuman, HumanTurn, SimulatedHuman, TerminalHuman, add_feedback_term, parse_reply
from pivot_opt.losses.composite import Composite
from pivot_opt.pivot import Pivot
from pivot_opt.step import Step
from pivot_opt.trajectory import Trajectory


@pytest.fixture
def env():
    return make_env("daytrip", seed=7)


def reference(env) -> Trajectory:
    return Trajectory([Step.from_dict(s) for s in env.spec.reference], task=env.task)


def with_disliked_visit(env) -> Trajectory:
    """The reference plan plus a visit the traveller secretly dislikes: machine loss 0, hidden preference broken."""
    ref = [Step.from_dict(s) for s in env.spec.reference]
    disliked = [p.name for p in env.spec.places if p.kind == "attraction" and p.category == env.spec.avoid_category]
    for place in disliked:
        steps = [*ref[:-1], Step("visit", {"place": place}), ref[-1]]
        traj = Trajectory(steps, task=env.task)
        if Composite()(traj, env).is_zero:
            return traj
    raise AssertionError("fixture task has no silent disliked visit; pick another seed")


@pytest.mark.parametrize(("text", "action", "steps"), [
    ("", "continue", []), ("  \n", "continue", []), ("accept", "accept", []), ("STOP", "stop", []),
    ("step 2: too far", "feedback", [2]), ("steps 1, 3 - too pricey", "feedback", [1, 3]),
    ("more museums please", "feedback", []),
])
def test_parse_reply(text, action, steps):
    turn = parse_reply(text)
    assert turn.action == action and turn.steps == steps


def test_turns_validate_their_input():
    with pytest.raises(ConfigError, match="needs feedback text"):
        HumanTurn("feedback", "  ")
    with pytest.raises(ConfigError, match="must be one of"):
        HumanTurn("maybe")


def test_terminal_human_is_driven_through_its_input_stream(env):
    engine = daytrip_engine(bad_plans=0)
    stdin = io.StringIO("help\nstep 0: I would rather start somewhere else\n\naccept\n")
    stdout = io.StringIO()
    human = TerminalHuman(stdin, stdout)
    result = Pivot(env, engine, on_inspect=human, n_plans=1, iterations=6, progress=False).run(
        initial=Trajectory([Step("return")], task=env.task))
    shown = stdout.getvalue()
    assert "--- INSPECT, iteration 1 ---" in shown and "Gradient:" in shown and "Loss: loss=" in shown
    assert shown.count("points at step N") >= 2  # help was printed again on request
    assert [t["action"] for t in human.log] == ["feedback", "continue", "accept"]
    assert human.log[0]["steps"] == [0]
    assert result.stopped == "plan accepted by the human"
    assert result.iterations == 2


def test_end_of_input_stops_the_run(env):
    human = TerminalHuman(io.StringIO(""), io.StringIO())
    result = Pivot(env, daytrip_engine(), on_inspect=human, n_plans=1, iterations=5, progress=False).run(
        initial=Trajectory([Step("return")], task=env.task))
    assert result.stopped == "stopped by the human" and result.iterations == 0


def test_typed_feedback_reaches_the_gradient_without_prompting_per_candidate(env):
    seen = []

    def callback(view):
        seen.append(view.iteration)
        return "step 1: the traveller does not like this place" if view.iteration == 1 else None

    engine = daytrip_engine()
    human = CallbackHuman(callback)
    result = Pivot(env, engine, on_inspect=human, n_plans=1, iterations=3, progress=False).run(
        initial=with_disliked_visit(env))
    assert seen == [1, 2]  # once per iteration, never per EVOLVE candidate
    first = result.history.iterations[1]
    assert first.accepted  # a complaint about a zero-loss plan still moves the plan
    assert engine.prompts == [] or all("does not like" in p for p in engine.prompts if "Problems found" in p)


def test_feedback_term_is_gradient_and_bounded_value(env):
    traj = reference(env)
    loss = Composite()(traj, env)
    assert loss.is_zero
    add_feedback_term(loss, "too tiring", [1, 99], weight=0.1, n_steps=len(traj.steps))
    assert loss.total == pytest.approx(0.1)
    assert loss.blamed_steps == [1]
    assert "too tiring" in loss.gradient_text()


def test_simulated_human_reports_hidden_constraints_only(env):
    traj = with_disliked_visit(env)
    loss = Composite()(traj, env)
    human = SimulatedHuman(env)
    reason = human(1, traj, loss)
    assert reason is None
    turn = human.log[-1]
    assert turn["action"] == "feedback" and env.spec.avoid_category in turn["feedback"]
    assert turn["steps"] == [len(traj.steps) - 2]
    clean = reference(env)
    human(2, clean, Composite()(clean, env))
    assert human.log[-1]["action"] == "continue"


def test_simulated_human_fixes_the_hidden_preference_in_the_loop(env):
    engine = daytrip_engine()
    plain = Pivot(env, engine, n_plans=1, iterations=3, progress=False).run(initial=with_disliked_visit(env))
    human = SimulatedHuman(env)
    helped = Pivot(env, engine, on_inspect=human, n_plans=1, iterations=3, progress=False).run(
        initial=with_disliked_visit(env))
    assert plain.verdict is not None and helped.verdict is not None
    assert plain.stopped == "loss is 0"  # the machine alone sees nothing wrong
    assert helped.verdict.satisfaction > plain.verdict.satisfaction
    assert all(i.passed for i in helped.verdict.items)


def test_simulated_human_as_a_loss_term(env):
    term = SimulatedHuman(env).term()
    loss = Composite([*Composite().terms, term])(with_disliked_visit(env), env)
    assert loss.terms["human"].value == 1.0 and loss.total == pytest.approx(0.1)


def test_simulated_human_needs_hidden_constraints(env):
    class NoHidden:
        task = env.task

        def constraints(self):
            return [c for c in env.constraints() if not c.hidden]

    with pytest.raises(ConfigError, match="hidden=True"):
        SimulatedHuman(NoHidden())


def test_on_inspect_can_stop_the_loop(env):
    result = Pivot(env, daytrip_engine(), on_inspect=lambda i, t, loss: "enough" if i == 2 else None, n_plans=1,
                   iterations=5, progress=False).run(initial=Trajectory([Step("return")], task=env.task))
    assert result.stopped == "enough" and result.iterations == 1


def test_pivot_run_hitl_cli_reads_the_terminal(monkeypatch, tmp_path, capsys):
    from pivot_opt import cli

    monkeypatch.setattr("pivot_opt.commands.common.build_engine", lambda args: daytrip_engine(bad_plans=1))
    monkeypatch.setattr("sys.stdin", io.StringIO("step 0: start with lunch nearby\nstop\n"))
    out = tmp_path / "run"
    code = cli.main(["run", "--hitl", "--env-option", "seed=3", "--plans", "1", "--iterations", "4",
                     "--out", str(out), "--quiet"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "--- INSPECT, iteration 1 ---" in printed and "stopped: stopped by the human" in printed
    turns = json.loads((out / "human.json").read_text())["turns"]
    assert [t["action"] for t in turns] == ["feedback", "stop"]


def test_cli_rejects_two_humans(monkeypatch, tmp_path):
    from pivot_opt import cli

    monkeypatch.setattr("pivot_opt.commands.common.build_engine", lambda args: daytrip_engine())
    code = cli.main(["run", "--hitl", "--hitl-oracle", "--out", str(tmp_path / "x"), "--quiet"])
    assert code == 2


def test_default_weight_is_half_a_hard_constraint(env):
    from pivot_opt.hitl import suggested_weight

    hard = [c for c in env.constraints() if c.hard and not c.hidden]
    assert suggested_weight(env) == pytest.approx(0.5 / len(hard)) == pytest.approx(0.1)
    assert SimulatedHuman(env).term().weight == pytest.approx(0.1)
