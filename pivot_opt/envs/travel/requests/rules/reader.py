"""The rule reader's entry points: :func:`read_query` on a text, :class:`RuleReader` on a task.

Why this order of family readers: transport and hotel first, then the named places (which leave
the sentences they use out of the attraction rules), then the budget.
"""

from __future__ import annotations

from typing import Any

from pivot_opt.envs.kit.requests import StatedTask
from pivot_opt.envs.travel.requests.frame import clean_text, read_frame
from pivot_opt.envs.travel.requests.rules.budget import read_budget
from pivot_opt.envs.travel.requests.rules.hotel import read_hotel
from pivot_opt.envs.travel.requests.rules.places import read_places
from pivot_opt.envs.travel.requests.rules.reading import Reading
from pivot_opt.envs.travel.requests.rules.text import mask_names, split_sentences
from pivot_opt.envs.travel.requests.rules.transport import read_transport
from pivot_opt.envs.travel.requests.world import world_values

__all__ = ["RuleReader", "read_query"]


def read_query(query: Any, world: Any = None, name: str = "rules") -> StatedTask:
    """Read one query text (see module docstring); never raises on odd text."""
    text, notes = clean_text(query)
    frame, frame_notes = read_frame(text, world)  # cleaning twice is harmless (idempotent)
    reading_world = world_values(world)
    masked, names = mask_names(text, [*frame.get("dest", []), frame.get("org", "")])
    reading = Reading(split_sentences(masked), names, reading_world, frame, notes + frame_notes)
    read_transport(reading)
    read_hotel(reading)
    read_places(reading)
    read_budget(reading)
    return StatedTask(name, frame, reading.requests, reading.notes, gold=False)


class RuleReader:
    """Reads the query text with rules (zero model calls); see the module docstring."""

    name = "rules"
    gold = False

    def read(self, task: Any, world: Any = None) -> StatedTask:
        return read_query(getattr(task, "query", task if isinstance(task, str) else ""), world, self.name)
