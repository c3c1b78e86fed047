"""Loss terms (INSPECT) and verification (VERIFY) for pivot-opt.

Each term is one module; :class:`Composite` combines them into INSPECT and :func:`verify`
is VERIFY. Write a new term by subclassing :class:`LossTerm` (see docs/writing-a-loss-term.md).
"""

from losses.base import LossTerm, TermResult
from losses.budget import Budget
from losses.composite import Composite, default_terms
from losses.constraints import HardConstraints, SoftConstraints, check_constraints
from losses.executability import Executability
from losses.human_feedback import FeedbackCallback, HumanFeedback, HumanResponse
from losses.llm_judge import LLMJudge
from losses.verify import Verdict, VerdictItem, verify

__all__ = [
    "Budget",
    "Composite",
    "Executability",
    "FeedbackCallback",
    "HardConstraints",
    "HumanFeedback",
    "HumanResponse",
    "LLMJudge",
    "LossTerm",
    "SoftConstraints",
    "TermResult",
    "Verdict",
    "VerdictItem",
    "check_constraints",
    "default_terms",
    "verify",
]
