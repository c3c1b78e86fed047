"""Loss terms (INSPECT) and verification (VERIFY) for pivot-opt.

Each term is one module; :class:`Composite` combines them into INSPECT and :func:`verify`
is VERIFY. Write a new term by subclassing :class:`LossTerm` (see docs/writing-a-loss-term.md).
"""

if __name__ == "losses":  # the bare name (no user module shadows it): the same modules as pivot_opt.losses
    from pivot_opt._layout import alias_bare_import

    alias_bare_import(__name__, globals())
else:  # imported as pivot_opt.losses (the documented path)
    from .base import LossTerm, TermResult
    from .budget import Budget
    from .composite import Composite, default_terms
    from .constraints import HardConstraints, SoftConstraints, check_constraints
    from .executability import Executability
    from .human_feedback import FeedbackCallback, HumanFeedback, HumanResponse
    from .llm_judge import LLMJudge
    from .verify import Verdict, VerdictItem, verify

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
