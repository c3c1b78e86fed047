"""The human in the loop: a person (terminal or callback) or a simulated one, after each INSPECT.

A human is an ``on_inspect`` hook of :class:`~pivot_opt.Pivot`: after INSPECT scores the
current plan, the human sees the plan, the loss and the gradient, and answers with one of

- nothing (go on with the machine's gradient),
- feedback text (``"step 2: too far from the hotel"`` points at a step; anything else is about
  the whole plan),
- ``accept`` (the plan is good: end the loop and VERIFY it), or ``stop`` (end the run now).

Why feedback is attached to the current iteration only: EVOLVE re-inspects every candidate
it proposes, and a person cannot be asked about each of them. So the answer becomes a
``human`` term on the loss of the plan the person saw: value ``value`` (1 by default) times
``weight``, with the text as its gradient (blaming the named step, if any). Candidates are
scored without it: a complaint is about the plan that was shown, and every candidate is
presumed to address it, within ``weight``: EVOLVE may trade at most ``weight`` of machine
loss to move away from the criticised plan, and the person judges the result at the next
iteration. A complaint sticks to its plan: if no candidate is accepted the person sees the
same plan (and term) again. No complaint can buy a hard violation: EVOLVE's line search
rejects any candidate that breaks more hard requirements than the plan the person saw while
such a term is on its loss (``optimizers.MonotonicLineSearch``), even when better soft terms
would pay for it. ``weight`` bounds how much soft loss a complaint may trade: by default
:func:`suggested_weight` of the environment, half the cost of one visible hard constraint
(0.1 on DayTrip, whose five hard constraints move the loss in steps of 0.2).

:class:`SimulatedHuman` answers from the task's hidden constraints (``hidden=True``): it is
an ORACLE, an upper bound on what feedback can add, and is labelled so in every report.
"""

from __future__ import annotations

import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from pivot_opt.environment import Constraint, ConstraintCheck, Environment, ExecutionTrace, env_call
from pivot_opt.errors import ConfigError
from pivot_opt.finite import finite_weight
from pivot_opt.gradients import Gradient
from pivot_opt.loss import Loss, TermValue
from pivot_opt.safe_text import terminal_safe
from pivot_opt.trajectory import Trajectory

if TYPE_CHECKING:
    from pivot_opt.losses.human_feedback import HumanFeedback, HumanResponse

__all__ = [
    "ORACLE_LABEL",
    "CallbackHuman",
    "Human",
    "HumanTurn",
    "InspectView",
    "SimulatedHuman",
    "TerminalHuman",
    "add_feedback_term",
    "parse_reply",
    "suggested_weight",
]

ORACLE_LABEL = "oracle upper bound: a simulated human who reads the task's hidden constraints"
ACTIONS = ("continue", "feedback", "accept", "stop")
HELP = ('Type feedback ("step N: ..." points at step N), press Enter to go on with the machine\'s gradient, '
        '"accept" to finish with this plan, "stop" to end the run, "help" to see this again.')
_STEP = re.compile(r"^\s*steps?\s+(\d+(?:\s*,\s*\d+)*)\s*[:\-]\s*(.+)$", re.IGNORECASE | re.DOTALL)


@dataclass
class HumanTurn:
    """One answer: ``action`` is continue, feedback, accept or stop; ``steps`` are blamed indices."""

    action: str = "continue"
    feedback: str = ""
    steps: list[int] = field(default_factory=list)
    value: float = 1.0

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ConfigError(f"human action must be one of {ACTIONS}, got {self.action!r}")
        if self.action == "feedback" and not self.feedback.strip():
            raise ConfigError("a feedback turn needs feedback text; use action='continue' to say nothing")
        if not 0.0 <= self.value <= 1.0:
            raise ConfigError(f"human feedback value must be in [0, 1], got {self.value}")


def parse_reply(text: str | None) -> HumanTurn:
    """Read a typed reply: '' -> continue, 'accept', 'stop', 'step N: text', or free feedback."""
    reply = (text or "").strip()
    if not reply or reply.lower() in ("continue", "c", "go", "next"):
        return HumanTurn("continue")
    if reply.lower() in ("accept", "a", "ok", "yes"):
        return HumanTurn("accept")
    if reply.lower() in ("stop", "s", "quit", "q", "exit"):
        return HumanTurn("stop")
    match = _STEP.match(reply)
    if match:
        steps = [int(n) for n in match.group(1).split(",")]
        return HumanTurn("feedback", match.group(2).strip(), steps)
    return HumanTurn("feedback", reply)


@dataclass
class InspectView:
    """What a human is shown after one INSPECT."""

    iteration: int
    trajectory: Trajectory
    loss: Loss

    @property
    def env(self) -> Environment | None:
        return self.loss.env

    def render(self) -> str:
        plan = self.trajectory.to_text() if self.trajectory.is_parsable() else self.trajectory.value
        return "\n".join([
            f"--- INSPECT, iteration {self.iteration} ---",
            "Plan:", plan or "(empty plan)",
            f"Loss: {self.loss.summary()}",
            "Gradient:", self.loss.gradient_text(),
        ])


def suggested_weight(env: Environment | None) -> float:
    """Half the loss of one broken visible hard constraint (0.1 without an environment)."""
    if env is None:
        return 0.1
    hard = [c for c in env_call(env, "constraints") if c.hard and not c.hidden]
    return 0.5 / max(1, len(hard))


def add_feedback_term(loss: Loss, text: str, steps: list[int] | tuple[int, ...] = (), *, value: float = 1.0,
                      weight: float = 0.1, name: str = "human", n_steps: int | None = None) -> TermValue:
    """Put feedback on ``loss`` as term ``name`` (replacing an earlier one): value * weight, text as gradient.

    Steps outside ``range(n_steps)`` (when given) are dropped and the feedback is about the whole plan.
    """
    value, weight = finite_weight(value, "feedback value"), finite_weight(weight, "feedback weight")
    valid = sorted({s for s in steps if n_steps is None or 0 <= s < n_steps})
    targets: list[int | None] = list(valid) or [None]
    grads = [Gradient(name, text, step=s, weight=weight) for s in targets]
    term = TermValue(name=name, value=float(value), weight=float(weight), blame=valid, feedback=text,
                     gradients=grads, hard=False)
    loss.terms[name] = term
    return term


class Human(ABC):
    """Base class of humans: an ``on_inspect`` hook for :class:`~pivot_opt.Pivot` (see module docstring).

    Subclasses implement :meth:`respond`. ``log`` keeps every turn (iteration, action,
    feedback, steps) so that runs can store what the human said. ``weight``: the feedback
    term's weight (default: :func:`suggested_weight` of the loss's environment).
    """

    label = "human"

    def __init__(self, *, weight: float | None = None, name: str = "human") -> None:
        self.weight = None if weight is None else finite_weight(weight, "human feedback weight",
                                                                  "; pass e.g. --hitl-weight 0.1")
        self.name = name
        self.log: list[dict[str, Any]] = []

    @abstractmethod
    def respond(self, view: InspectView) -> HumanTurn | str | None:
        """The answer to one INSPECT: a turn, a typed reply (see :func:`parse_reply`) or None (go on)."""

    def __call__(self, iteration: int, trajectory: Trajectory, loss: Loss) -> str | None:
        answer = self.respond(InspectView(iteration, trajectory, loss))
        turn = answer if isinstance(answer, HumanTurn) else parse_reply(answer)
        self.log.append({"iteration": iteration, **asdict(turn)})
        if turn.action == "stop":
            return "stopped by the human"
        if turn.action == "accept":
            return "plan accepted by the human"
        if turn.action == "feedback":
            if self.weight is None:
                self.weight = suggested_weight(loss.env)
            n_steps = len(trajectory.steps) if trajectory.is_parsable() else 0
            add_feedback_term(loss, turn.feedback, turn.steps, value=turn.value, weight=self.weight, name=self.name,
                              n_steps=n_steps)
        return None


class CallbackHuman(Human):
    """A human behind a function ``view -> HumanTurn | str | None`` (GUIs, notebooks, other programs)."""

    def __init__(self, callback: Callable[[InspectView], HumanTurn | str | None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.callback = callback

    def respond(self, view: InspectView) -> HumanTurn | str | None:
        return self.callback(view)


class TerminalHuman(Human):
    """A person at a terminal: shows each INSPECT on ``output`` and reads one line from ``input``.

    End of input counts as ``stop`` (the person left), so a piped script cannot hang the run.
    """

    label = "terminal human"

    def __init__(self, input: TextIO | None = None, output: TextIO | None = None, *, prompt: str = "human> ",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.input = input if input is not None else sys.stdin
        self.output = output if output is not None else sys.stdout
        self.prompt = prompt

    def respond(self, view: InspectView) -> HumanTurn:
        self._say(view.render())
        self._say(HELP)
        while True:
            self.output.write(self.prompt)
            self.output.flush()
            line = self.input.readline()
            if line and not _isatty(self.input):
                echo = terminal_safe(line.rstrip("\n"))
                self.output.write(echo + "\n")  # echo piped replies
            if line == "":
                self._say("(input ended: stopping)")
                return HumanTurn("stop")
            if line.strip().lower() in ("help", "?", "h"):
                self._say(HELP)
                continue
            turn = parse_reply(line)
            n_steps = len(view.trajectory.steps) if view.trajectory.is_parsable() else 0
            bad = [s for s in turn.steps if not 0 <= s < n_steps]
            if bad:
                self._say(f"(step {bad[0]} does not exist; the plan has steps 0-{n_steps - 1}: "
                          "the feedback applies to the whole plan)")
            return turn

    def _say(self, text: str) -> None:
        self.output.write(terminal_safe(text) + "\n")  # the view quotes model text: no raw escapes
        self.output.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class SimulatedHuman(Human):
    """ORACLE: reports the hidden constraints (``Constraint.hidden``) the plan violates.

    It knows the task's ground truth, which no autonomous method sees, so runs that use it
    are an upper bound on human feedback, not a result about people. Use it as an
    ``on_inspect`` hook (the same channel a person uses: it judges only the plans it is
    shown) or, stronger, as a loss term judging every candidate: :meth:`term`.

    Args:
        env: the environment whose hidden constraints are the ground truth (default: the one
            each loss was computed in).
        include_soft: report hidden soft constraints too (default True).
    """

    label = ORACLE_LABEL

    def __init__(self, env: Environment | None = None, *, include_soft: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.env = env
        self.include_soft = include_soft
        if env is not None:
            self.hidden(env)

    def hidden(self, env: Environment) -> list[Constraint]:
        found = [c for c in env_call(env, "constraints") if c.hidden and (c.hard or self.include_soft)]
        if not found:
            raise ConfigError(f"environment {type(env).__name__} declares no hidden constraints, so a simulated "
                              "human has nothing to report; mark ground-truth constraints with hidden=True")
        return found

    def violations(self, trajectory: Trajectory, trace: ExecutionTrace,
                   env: Environment) -> tuple[list[tuple[Constraint, ConstraintCheck]], int]:
        """Violated hidden constraints of one executed plan, and how many hidden constraints there are."""
        from pivot_opt.losses.constraints import check_constraints

        hidden = self.hidden(env)
        checks = check_constraints(hidden, trace, trajectory)
        return [(c, r) for c, r in checks if r.value > 0], len(hidden)

    def feedback(self, trajectory: Trajectory, trace: ExecutionTrace, env: Environment) -> HumanResponse | None:
        """``losses.HumanFeedback`` callback: a response naming each violated hidden constraint, or None."""
        from pivot_opt.losses.human_feedback import HumanResponse

        bad, total = self.violations(trajectory, trace, env)
        if not bad:
            return None
        text = "; ".join(f"{c.description}" + (f" ({r.reason})" if r.reason and r.reason != c.description else "")
                         for c, r in bad)
        blame = sorted({i for _, r in bad for i in r.blame})
        return HumanResponse(text, value=sum(r.value for _, r in bad) / total, blame=blame)

    def respond(self, view: InspectView) -> HumanTurn | None:
        env = self.env or view.env
        trace = view.loss.trace
        if env is None or trace is None or not view.trajectory.is_parsable():
            return None
        response = self.feedback(view.trajectory, trace, env)
        if response is None:
            return None
        return HumanTurn("feedback", response.feedback, list(response.blame))  # a complaint, like a person's

    def term(self, weight: float | None = None) -> HumanFeedback:
        """This oracle as a loss term that judges every plan INSPECT sees (candidates included);
        its value is the share of hidden constraints violated."""
        from pivot_opt.losses.human_feedback import HumanFeedback

        if weight is None:
            weight = self.weight if self.weight is not None else suggested_weight(self.env)
        return HumanFeedback(self.feedback, weight=weight, name=self.name)
