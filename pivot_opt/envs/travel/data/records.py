"""Plain records shared by the travel data layer, the tools and the evaluator.

They are data classes so that the loss terms, the generator and the evaluator all speak about
the same things with the same names; none of them holds behaviour beyond small conveniences.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CheckResult", "CostBreakdown", "Location", "TravelTask"]

#: A position in a converted plan: (day index, activity index), both 0-based.
Location = tuple[int, int]


@dataclass
class TravelTask:
    """One benchmark task: the request text and the ground truth the evaluator reads.

    ``meta_info`` is kept exactly as in the query file (a plain dict), because the evaluator's
    behaviour depends on which keys are present, not only on their values.
    """

    id: str
    query: str
    meta_info: dict[str, Any]
    query_with_constraints: str = ""

    @property
    def days(self) -> int:
        return int(self.meta_info.get("days") or 0)

    @property
    def hard_constraints(self) -> dict[str, Any]:
        return dict(self.meta_info.get("hard_constraints") or {})


@dataclass
class CheckResult:
    """Verdict of one evaluator check, with the plan positions to blame.

    ``locations`` lists (day_index, activity_index) pairs of the activities at fault; ``days``
    lists 0-based days at fault as a whole (e.g. a day without a hotel line). Both are empty
    when the fault cannot be pinned down (or when the check passed). ``message`` is empty
    when the official checker has nothing to say; a passing check may still carry a note.

    It unpacks as ``passed, message, locations`` so that callers can treat it as a triple.
    """

    passed: bool
    message: str = ""
    locations: list[Location] = field(default_factory=list)
    days: list[int] = field(default_factory=list)

    def __iter__(self) -> Iterator[Any]:
        yield self.passed
        yield self.message
        yield self.locations

    def __bool__(self) -> bool:
        return self.passed


@dataclass
class CostBreakdown:
    """The evaluator's own total of a plan (§8.0), split as its failure messages split it."""

    transportation: float = 0.0
    accommodation: float = 0.0
    meals: float = 0.0
    attractions: float = 0.0

    @property
    def total(self) -> float:
        return self.transportation + self.accommodation + self.meals + self.attractions

    def describe(self) -> str:
        return (
            f"transport {self.transportation:.2f} + hotels {self.accommodation:.2f} + meals "
            f"{self.meals:.2f} + tickets {self.attractions:.2f} = {self.total:.2f}"
        )
