"""Optimizers: EVOLVE and its acceptors, behind a PyTorch-style interface.

Baselines implement the same :class:`Optimizer` interface and share the token ledger.
"""

from optimizers.acceptors import (
    ACCEPTORS,
    DEFAULT_ACCEPTOR,
    AcceptAll,
    Acceptor,
    Decision,
    MonotonicLineSearch,
    Verdict,
    make_acceptor,
)
from optimizers.base import CandidateRecord, Optimizer, StepReport
from optimizers.baseline import BaselineOptimizer, execution_report
from optimizers.best_of_n import BestOfN
from optimizers.edits import Edit, apply_edits, parse_edit
from optimizers.evolve import RADII, Candidate, Evolve
from optimizers.reflexion import Reflexion
from optimizers.self_refine import SelfRefine
from optimizers.textgrad_tgd import TextGradTGD

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
