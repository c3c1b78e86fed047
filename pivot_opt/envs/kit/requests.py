"""Reading what a user asked for from the text an agent is given.

The information rule of every environment (see :class:`pivot_opt.environment.Environment`):
PLAN, INSPECT, EVOLVE and every baseline see only what a real agent has, the query text, the
tools' answers and the execution trace. A benchmark's gold data (answer keys, the evaluator's
``meta_info``) is for VERIFY's hidden checks, the simulated human and ``pivot eval`` alone.

So an environment turns the query into *stated requests* with a :class:`RequestReader`, and
builds its visible constraints from those. Three kinds of reader exist for an environment:

- a rule-based reader of the query text (zero tokens, the default);
- an engine-backed reader that decodes under a grammar over the known request types and the
  environment's own values (its calls are booked under phase ``plan``);
- a gold reader that copies the evaluator's ground truth: for studies only, and every report,
  history and verdict that used it says so (:attr:`StatedTask.gold`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pivot_opt.errors import ConfigError

__all__ = [
    "GOLD_LABEL",
    "READER_NAMES",
    "RequestReader",
    "StatedRequest",
    "StatedTask",
    "reader_label",
    "resolve_reader_name",
]

#: The label every report and history carries when a run's requests came from gold data.
GOLD_LABEL = "GOLD requests: the evaluator's ground truth, which no real agent sees"

#: Names an environment's ``requests=`` option accepts.
READER_NAMES = ("rules", "llm", "gold")


@dataclass(frozen=True)
class StatedRequest:
    """One requirement as the user stated it.

    ``key`` is the request type (an environment's own vocabulary, e.g. the benchmark's
    constraint key), ``text`` the words of the query that state it (evidence for feedback and
    for measuring readers), ``params`` the values those words give (a star level, a time window,
    quoted names); never an answer the user did not give.
    """

    key: str
    text: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "text": self.text, "params": dict(self.params)}


@dataclass
class StatedTask:
    """Everything a reader took from the query: the task frame and the requests.

    ``frame`` holds the facts every plan needs (for travel: cities, dates, days, travellers,
    rooms); ``notes`` says what could not be read, so that a reader's gaps are visible in the
    history instead of silently filled in.
    """

    reader: str
    frame: dict[str, Any] = field(default_factory=dict)
    requests: list[StatedRequest] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    gold: bool = False

    @property
    def label(self) -> str:
        return reader_label(self.reader, self.gold)

    def keys(self) -> list[str]:
        return [r.key for r in self.requests]

    def to_dict(self) -> dict[str, Any]:
        return {"reader": self.reader, "gold": self.gold, "label": self.label, "frame": dict(self.frame),
                "requests": [r.to_dict() for r in self.requests], "notes": list(self.notes)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StatedTask:
        """The inverse of :meth:`to_dict` (a stored reading, e.g. shared by a sweep's runs)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("requests", []), list):
            raise ConfigError(f"not a stored reading of a task: {str(data)[:200]}")
        requests = [StatedRequest(str(r["key"]), str(r.get("text", "")), dict(r.get("params") or {}))
                    for r in data.get("requests", []) if isinstance(r, Mapping) and "key" in r]
        return cls(str(data.get("reader", "")), dict(data.get("frame") or {}), requests,
                   [str(n) for n in data.get("notes") or []], bool(data.get("gold", False)))


@runtime_checkable
class RequestReader(Protocol):
    """Reads a query into a :class:`StatedTask`.

    ``world`` is what the environment's tools expose (for travel, the task's database), so a
    reader can map the user's words to the spelling the tools use. ``task`` is the task record;
    only a gold reader (``gold = True``) may look past its query text.
    """

    name: str
    gold: bool

    def read(self, task: Any, world: Any) -> StatedTask: ...


def reader_label(name: str, gold: bool) -> str:
    """How reports name a reader: gold readers always carry :data:`GOLD_LABEL`."""
    return GOLD_LABEL if gold else f"requests read from the query text ({name})"


def resolve_reader_name(value: Any) -> str:
    """Validate a ``requests=`` option (clear error naming the choices)."""
    name = str(value).strip().lower() if value is not None else "rules"
    if name not in READER_NAMES:
        raise ConfigError(f"unknown request reader {value!r}; use one of {', '.join(READER_NAMES)} "
                          "(rules: read the query text, llm: ask the engine, gold: the evaluator's answers, "
                          "for studies only)")
    return name
