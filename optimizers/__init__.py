"""Optimizers: EVOLVE and its acceptors, behind a PyTorch-style interface.

Baselines implement the same :class:`Optimizer` interface and share the token ledger.
"""

if __name__ == "optimizers":  # the bare name (no user module shadows it): the same modules as pivot_opt.optimizers
    from pivot_opt._layout import alias_bare_import

    alias_bare_import(__name__, globals())
else:  # imported as pivot_opt.optimizers (the documented path)
    from .acceptors import (
        ACCEPTORS,
        DEFAULT_ACCEPTOR,
        AcceptAll,
        Acceptor,
        Decision,
        MonotonicLineSearch,
        Verdict,
        make_acceptor,
    )
    from .base import CandidateRecord, Optimizer, StepReport
    from .baseline import BaselineOptimizer, execution_report
    from .best_of_n import BestOfN
    from .edits import Edit, apply_edits, parse_edit
    from .evolve import RADII, Candidate, Evolve
    from .reflexion import Reflexion
    from .self_refine import SelfRefine
    from .textgrad_tgd import TextGradTGD

__all__ = [
    "ACCEPTORS",
    "DEFAULT_ACCEPTOR",
    "RADII",
    "AcceptAll",
    "Acceptor",
    "BaselineOptimizer",
    "BestOfN",
    "Candidate",
    "CandidateRecord",
    "Decision",
    "Edit",
    "Evolve",
    "MonotonicLineSearch",
    "Optimizer",
    "Reflexion",
    "SelfRefine",
    "StepReport",
    "TextGradTGD",
    "Verdict",
    "apply_edits",
    "execution_report",
    "make_acceptor",
    "parse_edit",
]
