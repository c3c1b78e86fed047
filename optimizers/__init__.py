"""Optimizers: EVOLVE and its acceptors, behind a PyTorch-style interface.

Baselines implement the same :class:`Optimizer` interface and share the token ledger.
"""

from optimizers.acceptors import AcceptAll, Acceptor, Decision, MonotonicLineSearch, Verdict
from optimizers.base import CandidateRecord, Optimizer, StepReport
from optimizers.edits import Edit, apply_edits, parse_edit
from optimizers.evolve import RADII, Candidate, Evolve

__all__ = [
    "RADII",
    "AcceptAll",
    "Acceptor",
    "Candidate",
    "CandidateRecord",
    "Decision",
    "Edit",
    "Evolve",
    "MonotonicLineSearch",
    "Optimizer",
    "StepReport",
    "Verdict",
    "apply_edits",
    "parse_edit",
]
