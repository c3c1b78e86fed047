"""Messages of the commonsense and personalized checks (``CheckResult.message``), in two wordings.

Why two: the evaluator's messages reach the optimizer as INSPECT feedback, and an agent that
reads them may act on their wording. :class:`OfficialCheckWording` (the default everywhere)
gives the official DeepPlanning messages, reproduced for compatibility, so that the feedback is
what the benchmark itself says; :class:`HelpfulCheckWording` gives this project's own phrasing
(plainer, sometimes naming what the plan has instead). Pass/fail, locations and scores never
depend on the wording; PIVOT's repair hints (:mod:`pivot_opt.envs.travel.planning.hints`) are
added on top of either.

Check functions take the raw facts and ask the wording for the text; lists are formatted as the
official code formats them (``str()`` of a Python list).

Layout: :mod:`.official` holds the official texts, :mod:`.helpful` this project's phrasing (a
subclass, so a message it does not reword stays official); :func:`check_wording` picks one.
"""

from __future__ import annotations

from pivot_opt.envs.travel.evaluation.wording.helpful import HelpfulCheckWording
from pivot_opt.envs.travel.evaluation.wording.official import OfficialCheckWording

__all__ = ["HelpfulCheckWording", "OfficialCheckWording", "check_wording"]

_OFFICIAL = OfficialCheckWording()
_HELPFUL = HelpfulCheckWording()


def check_wording(helpful_messages: bool = False) -> OfficialCheckWording:
    """The wording for ``helpful_messages`` (default: the official messages)."""
    return _HELPFUL if helpful_messages else _OFFICIAL
