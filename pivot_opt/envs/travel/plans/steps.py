"""The step vocabulary of a travel trajectory, and the literal step <-> activity mapping.

A trajectory is the itinerary as a list of :class:`~pivot_opt.step.Step`. The action of an
activity step is the official activity ``type`` (``travel_intercity_public``, ``travel_city``,
``attraction``, ``meal``, ``hotel``, ``buffer``); its args are ``day`` (1-based) plus the
activity's ``details``. Two kinds of steps exist, so that a small model can edit one entity
while a converted plan still round-trips exactly:

- a **literal** step has a ``time`` arg (the official ``time_slot``) and is copied into the plan
  as written: every step made from a converted plan is literal;
- a **scheduled** step has no ``time``: it names only its entity (``number`` for a train or
  flight, ``name`` for an attraction, meal or hotel, ``to`` for city travel, ``minutes`` for a
  buffer) and the environment's scheduler fills in times, costs, city travel and waits.

Two bookkeeping actions keep conversions lossless when a plan says something the scheduler
would not derive: ``day`` (the exact header of one day) and ``plan_fields`` (the exact
top-level fields such as ``budget_summary``). Anything malformed is kept verbatim in an
``activity`` step (``raw``).
"""

from __future__ import annotations

from typing import Any

from pivot_opt.envs.travel.data.context import as_number
from pivot_opt.step import Step

__all__ = [
    "ACTIVITY_TYPES",
    "BOOKKEEPING",
    "DAY_ACTION",
    "ENTITY_ARG",
    "PLAN_ACTION",
    "RAW_ACTION",
    "TRAVEL_ACTIONS",
    "activity_to_step",
    "DURATION_ARGS",
    "day_of",
    "duration_problems",
    "entity_of",
    "foreign_actions",
    "is_literal",
    "shown",
    "step_to_activity",
]

ACTIVITY_TYPES = ("travel_intercity_public", "travel_city", "attraction", "meal", "hotel", "buffer")
DAY_ACTION = "day"
PLAN_ACTION = "plan_fields"
RAW_ACTION = "activity"
BOOKKEEPING = (DAY_ACTION, PLAN_ACTION)
#: Every action a travel step may have.
TRAVEL_ACTIONS = frozenset(ACTIVITY_TYPES + BOOKKEEPING + (RAW_ACTION,))
#: The argument naming the entity of a scheduled step.
ENTITY_ARG = {
    "travel_intercity_public": "number",
    "travel_city": "to",
    "attraction": "name",
    "meal": "name",
    "hotel": "name",
    "buffer": "minutes",
}
#: Duration args a scheduled step may carry, with the most that fits in one day.
DURATION_ARGS = {"minutes": 24 * 60, "hours": 24}
_RESERVED_ARGS = frozenset({"day", "time"})
_SHOWN = 40
_STANDARD_KEYS = ["time_slot", "type", "details"]


def is_literal(step: Step) -> bool:
    """True when the step is copied into the plan as written (it carries a ``time``)."""
    return step.action == RAW_ACTION or "time" in step.args


def day_of(step: Step) -> int | None:
    """The step's own ``day`` arg as an int (None when absent or unreadable)."""
    value = step.args.get("day")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():
            try:
                return int(text)
            except ValueError:  # more digits than int() reads: no day number anyway
                return None
    return None


def shown(value: Any) -> str:
    """A model-written value for an error message: its repr, cut short."""
    try:
        text = repr(value)
    except ValueError:  # an int with more digits than Python prints
        return "(a number too long to print)"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def duration_problems(step: Step) -> dict[str, str]:
    """Duration args of a scheduled step that are no length of time within one day, with why.

    Why: a model may write any number; one that cannot be a visit, meal or wait of the day is
    a step error (and is ignored), not a schedule running billions of minutes long.
    """
    if is_literal(step):
        return {}
    out = {}
    for key, most in DURATION_ARGS.items():
        value = step.args.get(key)
        if value is None:
            continue
        number = as_number(value)
        if number is None or not 0 < number <= most:
            out[key] = f"{key} {shown(value)} is not a length of time within a day; use a number above 0 up to {most}"
    return out


def foreign_actions(steps: list[Step]) -> list[str]:
    """Actions of ``steps`` that no travel step has (sorted), e.g. a day-trip plan's ``visit``/``eat``."""
    return sorted({s.action for s in steps} - TRAVEL_ACTIONS)


def entity_of(step: Step) -> str:
    """The entity a step is about (name, number or destination), as text ("" if none)."""
    key = ENTITY_ARG.get(step.action, "name")
    value = step.args.get(key)
    if value is None and step.action == "travel_intercity_public":
        value = step.args.get("name")
    return "" if value is None else str(value)


def _standard(activity: Any) -> bool:
    if not isinstance(activity, dict) or list(activity) != _STANDARD_KEYS:
        return False
    kind, slot, details = activity["type"], activity["time_slot"], activity["details"]
    return (isinstance(kind, str) and bool(kind.strip()) and kind not in BOOKKEEPING + (RAW_ACTION,)
            and isinstance(slot, str) and isinstance(details, dict) and not (_RESERVED_ARGS & set(details)))


def activity_to_step(activity: Any, day: int) -> Step:
    """A literal step for one converted-plan activity (day is 1-based)."""
    if _standard(activity):
        return Step(activity["type"], {"day": day, "time": activity["time_slot"], **activity["details"]})
    return Step(RAW_ACTION, {"day": day, "raw": activity})


def step_to_activity(step: Step) -> Any:
    """The activity a literal step stands for (the inverse of :func:`activity_to_step`)."""
    if step.action == RAW_ACTION:
        return step.args.get("raw")
    details = {k: v for k, v in step.args.items() if k not in _RESERVED_ARGS}
    return {"time_slot": step.args["time"], "type": step.action, "details": details}
