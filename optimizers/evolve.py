"""EVOLVE: gradient-directed edits of growing radius, accepted by a line search.

``step()`` is ``propose()`` then ``update()``: for each radius (patch the blamed steps,
rewrite the suffix from the earliest failing step, replan), ask the engine for candidates,
re-inspect each, and let the acceptor decide. The first accepted candidate wins; with a
monotonic acceptor the loss never rises. Failures inside one candidate (engine error,
unparseable answer, environment exception) are recorded and the search goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.environment import Environment, env_call
from pivot_opt.errors import ConfigError, EngineError, ExecutionError, TrajectoryParseError
from pivot_opt.gradients import render_gradients
from pivot_opt.ledger import Phase
from pivot_opt.loss import Loss
from pivot_opt.schemas import edit_schema, narrow_schema, plan_schema
from pivot_opt.step import Step, render_steps
from pivot_opt.trajectory import Trajectory

from . import evolve_prompts as prompts
from .acceptors import Acceptor, Verdict, make_acceptor
from .base import CandidateRecord, Optimizer, StepReport
from .edits import Edit, apply_edits, parse_edit, parse_plan, proposal_limit

__all__ = ["RADII", "Candidate", "Evolve"]

RADII = ("patch", "suffix", "replan")


@dataclass
class Candidate:
    """A proposed plan (``steps``) or the reason there is none (``error``)."""

    radius: str
    steps: list[Step] | None
    error: str = ""


class Evolve(Optimizer):
    """EVOLVE with a pluggable acceptor and edit scopes.

    Args:
        params: trajectories to refine; each must have been inspected and ``backward``-ed.
        engine: proposes edits; gets the environment's action schema for grammar decoding.
        acceptor: decides per candidate: an :class:`~optimizers.acceptors.Acceptor` or a name in
            :data:`~optimizers.acceptors.ACCEPTORS` (default ``"lexicographic"``: hard violations
            first, and a met hard requirement is never traded for a soft gain).
        radii: edit scopes tried in order, a subset of ``("patch", "suffix", "replan")``.
        samples_per_radius: candidates drawn per radius (sample k > 0 uses ``temperature``).
        max_patch_steps: how many blamed steps (earliest first) one patch candidate edits.
        inspect / env: how to re-inspect candidates; default: those of the last loss.
        localize: when False, feedback is not tied to steps (ablation: whole-plan feedback).
        try_delete: also try deleting each blamed step, a zero-token candidate checked
            before the model is asked for a patch of that step.
        growth: a proposal may be at most this many steps longer than the current plan.
        max_steps: caps growth: no proposal grows past it (a plan already longer may keep its
            length). None (default): the limit comes from the task, the plan's length + ``growth``.
            A proposal over the limit is a rejected candidate with the reason, never cut to fit.
    """

    def __init__(
        self,
        params: Iterable[Trajectory],
        engine: Engine,
        acceptor: Acceptor | str | None = None,
        *,
        radii: Sequence[str] = RADII,
        samples_per_radius: int = 1,
        max_patch_steps: int = 3,
        max_steps: int | None = None,
        temperature: float = 0.7,
        max_tokens: int = 600,
        inspect: Callable[[Trajectory, Environment], Loss] | None = None,
        env: Environment | None = None,
        localize: bool = True,
        try_delete: bool = True,
        growth: int = 3,
        seed: int = 0,
    ) -> None:
        super().__init__(params)
        unknown = [r for r in radii if r not in RADII]
        if unknown or not radii:
            raise ConfigError(f"radii must be a non-empty subset of {RADII}, got {list(radii)}")
        if samples_per_radius < 1:
            raise ConfigError("samples_per_radius must be >= 1")
        if max_steps is not None and max_steps < 1:
            raise ConfigError(f"max_steps must be >= 1 or None, got {max_steps}")
        self.engine = engine
        self.acceptor = make_acceptor(acceptor)
        self.radii = tuple(radii)
        self.samples_per_radius = samples_per_radius
        self.max_patch_steps = max_patch_steps
        self.max_steps = max_steps
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.inspect = inspect
        self.env = env
        self.localize = localize
        self.try_delete = try_delete
        self.growth = growth
        self.seed = seed
        self.state["steps_taken"] = 0

    # -- the step ------------------------------------------------------------------------
    def step(self) -> StepReport:
        report = None
        for param in self.params:
            report = self._step_one(param)
            self.reports.append(report)
        self.state["steps_taken"] += 1
        assert report is not None
        return report

    def _step_one(self, param: Trajectory) -> StepReport:
        loss = param.last_loss
        if loss is None:
            raise ConfigError("Evolve.step() needs gradients: call loss = inspect(traj, env); loss.backward() first")
        inspect = self.inspect or loss.inspector
        env = self.env or loss.env
        if inspect is None or env is None:
            raise ConfigError("Evolve needs inspect= and env= (or a loss computed by losses.Composite)")
        report = StepReport(accepted=False, loss_before=loss.total, loss_after=loss.total)
        if loss.is_zero:
            report.reason = "loss is already 0"
            return report
        held: tuple[Candidate, Loss, CandidateRecord] | None = None
        for radius in self.radii:
            for sample in range(self.samples_per_radius):
                for cand in self.propose(param, loss, env, radius, sample, inspect):
                    record, cand_loss = self._evaluate(cand, loss, inspect, env, param)
                    report.candidates.append(record)
                    if cand_loss is None:
                        continue
                    decision = self.acceptor.consider(loss, cand_loss)
                    record.reason = decision.reason
                    if decision.verdict is Verdict.ACCEPT:
                        record.accepted = True
                        return self._accept(param, cand, cand_loss, report, decision.reason)
                    if decision.verdict is Verdict.HOLD and held is None:
                        held = (cand, cand_loss, record)
        if held is not None:
            cand, cand_loss, record = held
            record.accepted = True
            return self._accept(param, cand, cand_loss, report, "no strict decrease found; " + record.reason)
        report.reason = f"no candidate accepted out of {len(report.candidates)}; kept the current plan"
        self.state["rejected_streak"] = self.state.get("rejected_streak", 0) + 1
        return report

    def _evaluate(
        self, cand: Candidate, loss: Loss, inspect: Callable[..., Loss], env: Environment, param: Trajectory,
    ) -> tuple[CandidateRecord, Loss | None]:
        if cand.steps is None:
            return CandidateRecord(cand.radius, False, "rejected: no valid proposal", error=cand.error), None
        changed = len(param.diff(cand.steps))
        if changed == 0:
            return CandidateRecord(cand.radius, False, "rejected: proposal changes nothing"), None
        try:
            cand_loss = inspect(param.with_steps(cand.steps), env)
        except ExecutionError as exc:
            return CandidateRecord(cand.radius, False, "rejected: environment failed", changed_steps=changed,
                                   error=str(exc)), None
        if cand_loss.error:
            return CandidateRecord(cand.radius, False, "rejected: invalid plan", changed_steps=changed,
                                   error=cand_loss.error), None
        record = CandidateRecord(cand.radius, False, "", total=cand_loss.total,
                                 hard_violations=cand_loss.hard_violations, changed_steps=changed)
        return record, cand_loss

    def _accept(self, param: Trajectory, cand: Candidate, cand_loss: Loss, report: StepReport,
                reason: str) -> StepReport:
        self.update(param, cand, cand_loss)
        self.state["rejected_streak"] = 0
        report.accepted = True
        report.radius = cand.radius
        report.loss_after = cand_loss.total
        report.reason = reason
        return report

    def update(self, param: Trajectory, cand: Candidate, cand_loss: Loss) -> None:
        """Write the accepted plan into the parameter; its gradients are now stale."""
        assert cand.steps is not None
        param.set_value(cand.steps)
        param.zero_grad()
        cand_loss.trajectory = param
        param.last_loss = cand_loss

    # -- proposals -----------------------------------------------------------------------
    def propose(self, param: Trajectory, loss: Loss, env: Environment, radius: str, sample: int = 0,
                inspect: Callable[..., Loss] | None = None) -> Iterator[Candidate]:
        """Candidates at ``radius``, generated lazily so that an accepted candidate saves the
        model calls of the ones after it. Engine and parse failures become ``Candidate.error``.

        The first sample of the first step is greedy; after a rejected step proposals are
        sampled, so that a rejected proposal is not simply proposed again.
        """
        greedy = sample == 0 and not self.state.get("rejected_streak")
        temperature = 0.0 if greedy else self.temperature
        seed = self.seed + 1000 * self.state["steps_taken"] + sample
        inspect = inspect or self.inspect or loss.inspector
        steps = param.steps
        if radius == "patch":
            yield from self._patch(steps, loss, env, temperature, seed, inspect)
        elif radius == "suffix":
            yield self._guarded(radius, lambda: self._suffix(steps, loss, env, temperature, seed), self.limit(steps))
        else:
            yield self._guarded(radius, lambda: self._replan(steps, loss, env, temperature, seed), self.limit(steps))

    def limit(self, steps: Sequence[Step]) -> int:
        """Most steps a proposal for ``steps`` may have (see :func:`optimizers.edits.proposal_limit`)."""
        return proposal_limit(steps, self.growth, self.max_steps)

    def _feedback(self, loss: Loss, steps: Sequence[Step]) -> str:
        if self.localize:
            return loss.gradient_text()
        unique = sorted({g.message for g in loss.gradients})
        return "\n".join(f"- {m}" for m in unique) or render_gradients([], steps)

    def _ask(self, prompt: str, schema: dict[str, Any], temperature: float, seed: int) -> str:
        return self.engine.complete(prompt, system=prompts.SYSTEM, schema=schema, phase=Phase.EVOLVE,
                                    temperature=temperature, max_tokens=self.max_tokens, seed=seed)

    def _patch(self, steps: list[Step], loss: Loss, env: Environment, temperature: float, seed: int,
               inspect: Callable[..., Loss] | None) -> Iterator[Candidate]:
        """One candidate per blamed step (earliest first), plus one insertion for whole-plan faults.

        For an insertion the model proposes only the step; its position is chosen by
        re-executing the plan with the step at every position, which costs no tokens.
        """
        feedback = self._feedback(loss, steps)
        plan = render_steps(steps)
        targets = loss.blamed_steps[: self.max_patch_steps] if self.localize else []
        for index in targets:
            if self.try_delete:
                yield Candidate("patch", apply_edits(steps, [Edit("delete", index)]))
            focus = "; ".join(g.message for g in loss.gradients if g.step == index)
            schema = edit_schema(env_call(env, "action_schema", steps, index), ("replace", "insert", "delete"))
            prompt = prompts.PATCH.format(task=env_call(env, "describe"), plan=plan, feedback=feedback, index=index,
                                          focus=focus)
            yield self._guarded("patch", lambda p=prompt, s=schema, i=index: apply_edits(
                steps, [parse_edit(self._ask(p, s, temperature, seed), i)]), self.limit(steps))
        whole = [g for g in loss.gradients if g.step is None]
        if whole or not targets:
            focus = "; ".join(g.message for g in whole) or "the plan does not yet satisfy the task"
            schema = edit_schema(narrow_schema(env_call(env, "action_schema", [], None), focus), ("insert",))
            prompt = prompts.PATCH_MISSING.format(task=env_call(env, "describe"), plan=plan, feedback=feedback,
                                                  focus=focus)

            def insert_best() -> list[Step]:
                edit = parse_edit(self._ask(prompt, schema, temperature, seed), len(steps), ("insert",))
                return self._best_position(steps, edit, env, inspect)

            yield self._guarded("patch", insert_best, self.limit(steps))

    def _guarded(self, radius: str, build: Callable[[], list[Step]], limit: int) -> Candidate:
        """Build one candidate; a failure or a proposal over ``limit`` steps is a rejected one."""
        try:
            proposal = build()
        except (EngineError, TrajectoryParseError) as exc:
            return Candidate(radius, None, f"{type(exc).__name__}: {exc}")
        if len(proposal) > limit:
            return Candidate(radius, None, f"the proposal has {len(proposal)} steps, more than the limit of {limit} "
                                           f"(plan length + growth {self.growth}, max_steps {self.max_steps})")
        return Candidate(radius, proposal)

    def _best_position(self, steps: list[Step], edit: Edit, env: Environment,
                       inspect: Callable[..., Loss] | None) -> list[Step]:
        options = [apply_edits(steps, [Edit("insert", i, edit.step)]) for i in range(len(steps) + 1)]
        if inspect is None or len(options) == 1:
            return options[-1]
        scored = []
        for k, option in enumerate(options):
            try:
                total = inspect(Trajectory(option), env).total
            except ExecutionError:
                continue
            scored.append((total, -k, option))
        return min(scored, key=lambda t: (t[0], t[1]))[2] if scored else options[-1]

    def _suffix(self, steps: list[Step], loss: Loss, env: Environment, temperature: float, seed: int) -> list[Step]:
        keep = loss.earliest_failure if (self.localize and loss.earliest_failure is not None) else 0
        prefix = steps[:keep]
        max_new = max(1, self.limit(steps) - keep)
        schema = plan_schema(env_call(env, "action_schema", prefix, keep), max_new)
        prompt = prompts.SUFFIX.format(
            task=env_call(env, "describe"), keep=keep, prefix=render_steps(prefix) or "(none)",
            suffix=render_steps(steps[keep:]) or "(none)", feedback=self._feedback(loss, steps), max_new=max_new,
        )
        return prefix + parse_plan(self._ask(prompt, schema, temperature, seed), max_new)

    def _replan(self, steps: list[Step], loss: Loss, env: Environment, temperature: float, seed: int) -> list[Step]:
        limit = self.limit(steps)
        schema = plan_schema(env_call(env, "action_schema", [], 0), limit)
        prompt = prompts.REPLAN.format(task=env_call(env, "describe"), plan=render_steps(steps),
                                       feedback=self._feedback(loss, steps), max_steps=limit)
        return parse_plan(self._ask(prompt, schema, temperature, seed), limit)
