"""TextGrad's textual gradient descent as a baseline, through the real ``textgrad`` package.

One step is textgrad's own loop on the plan (a :class:`~pivot_opt.Trajectory`, which is a
textgrad ``Variable``): ``TextLoss`` (an LLM evaluation of the plan) -> ``loss.backward``
(textgrad's LLM backward writes the textual gradient) -> ``TextualGradientDescent.step()``
(the LLM rewrites the whole plan). Every call goes through our engine via
``engine.as_textgrad()``, so it lands in the same token ledger, phase ``evolve``.

Choices where TextGrad's design leaves room, and why:

- The evaluation instruction holds the task and the environment's execution report
  (:func:`~optimizers.baseline.execution_report`), as TextGrad's code-optimisation setting
  puts test results in its loss. So TextGrad sees what Reflexion sees; PIVOT's
  structured gradients are dropped before textgrad's backward (they are not TextGrad's).
- ``constrained=True`` (default, as for every method here): TGD's update call is decoded
  under the environment's plan grammar (the adapter's ``schema``). Prompts, tag parsing and
  ``set_value`` stay textgrad's; the adapter (:class:`~pivot_opt.engines.TextGradEngine`)
  hands an answer without TGD's tags back inside them, as it does for plain ``textgrad.TGD``.
  With ``constrained=False`` the model answers free-form; an answer that is not a plan is a
  rejected candidate.
- TGD takes every update (it has no acceptance test). An update that is not a plan at all,
  or cannot be executed, is reverted and recorded as rejected: there is nothing to run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.environment import env_call
from pivot_opt.errors import EngineError
from pivot_opt.ledger import Phase
from pivot_opt.loss import Loss
from pivot_opt.schemas import plan_schema
from pivot_opt.trajectory import Trajectory

from . import textgrad_tgd_prompts as prompts
from .base import StepReport
from .baseline import BaselineOptimizer, execution_report

__all__ = ["TextGradTGD"]

TAGS = ("<IMPROVED_VARIABLE>", "</IMPROVED_VARIABLE>")


class TextGradTGD(BaselineOptimizer):
    """TextGrad TGD behind the ``Optimizer`` interface (see module docstring).

    Args:
        feedback_tokens: token limit of textgrad's evaluation and backward calls.
        gradient_memory: passed to ``TextualGradientDescent`` (past gradients shown in its prompt).
        Other arguments: see :class:`~optimizers.baseline.BaselineOptimizer`.
    """

    radius = "tgd"

    def __init__(self, params: Iterable[Trajectory], engine: Engine, *, feedback_tokens: int = 300,
                 gradient_memory: int = 0, **kwargs: Any) -> None:
        super().__init__(params, engine, **kwargs)
        self.feedback_tokens = feedback_tokens
        self.gradient_memory = gradient_memory
        self._tgd: dict[int, tuple[Any, Any]] = {}

    def _optimizer_for(self, param: Trajectory) -> tuple[Any, Any]:
        """textgrad's TGD for this parameter (kept across steps for its gradient memory) and its update engine."""
        if id(param) not in self._tgd:
            from textgrad.optimizer import TextualGradientDescent

            update = self._adapter(self.max_tokens)  # the adapter puts an untagged answer in TGD's tags
            tgd = TextualGradientDescent([param], engine=update, constraints=[prompts.PLAN_FORMAT],
                                         new_variable_tags=list(TAGS), gradient_memory=self.gradient_memory)
            self._tgd[id(param)] = (tgd, update)
        return self._tgd[id(param)]

    def _adapter(self, max_tokens: int) -> Any:
        adapter = self.engine.as_textgrad(Phase.EVOLVE)
        adapter.max_tokens = max_tokens
        return adapter

    def _step_one(self, param: Trajectory, loss: Loss) -> StepReport:
        import textgrad as tg
        from textgrad.loss import TextLoss

        report = StepReport(accepted=False, loss_before=loss.total, loss_after=loss.total)
        _, env = self._scorer(param)
        before = param.value
        limit = self.step_limit(param.steps)
        param.zero_grad()  # PIVOT's structured gradients are not TextGrad's
        feedback_engine = self._adapter(self.feedback_tokens)
        text = prompts.EVALUATION.format(task=env_call(env, "describe"), report=execution_report(loss, param, env))
        instruction = tg.Variable(text, requires_grad=False, role_description=prompts.EVALUATION_ROLE)
        tgd, update = self._optimizer_for(param)
        if self.constrained:
            update.schema = plan_schema(env_call(env, "action_schema", [], 0), limit)
        try:
            tg_loss = TextLoss(instruction, engine=feedback_engine)(param)
            tg_loss.backward(engine=feedback_engine)
            tgd.step()
        except IndexError as exc:
            return self._reject(param, before, report, "rejected: TGD found no tagged variable in the answer", str(exc))
        except EngineError as exc:
            return self._reject(param, before, report, "rejected: engine failed", str(exc))
        if not param.is_parsable():
            return self._reject(param, before, report, "rejected: the update is not a plan", param.value[:200])
        steps = param.steps
        if len(steps) > limit:
            return self._reject(param, before, report, "rejected: the update is over the step limit",
                                f"{len(steps)} steps, more than the limit of {limit}")
        param.set_value(before)  # score from the old value so that the diff is against it
        changed = len(param.diff(steps))
        scored = self.score(param, steps)
        if isinstance(scored, str):
            return self._reject(param, before, report, "rejected: invalid plan", scored)
        return self.commit(param, report, steps, scored, changed, "TGD update taken (no acceptance test)")

    def _reject(self, param: Trajectory, before: str, report: StepReport, reason: str, error: str) -> StepReport:
        param.set_value(before)
        param.zero_grad()
        report.candidates.append(self.record(self.radius, False, reason, error=error))
        report.reason = reason + "; kept the current plan"
        return report
