"""Grammar-choice planning: the model only chooses among options the tools returned.

Why: a small local model cannot write a whole plan, but it can pick one name from a short
list when decoding is constrained to that list. A choice planner gathers candidates through
the tools itself, ranks them with a deterministic rule, asks the engine to choose under a JSON
schema of enums, and assembles the plan from the choices. A failed model call never stops
planning: the choice falls back to the best-ranked options and the reason is recorded.

The pieces here are what every such planner needs: the enum schemas, the ranking, the call
with its fallback, and the failure log.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.errors import EngineError, TrajectoryParseError
from pivot_opt.ledger import Phase
from pivot_opt.untrusted import extract_object

__all__ = ["EnumChooser", "FailureLog", "enum_list", "enum_object", "pick", "pick_list", "ranked"]


class FailureLog:
    """Reasons a planner fell back, in order (``failures``), also passed to ``on_failure(sample, reason)``.

    Planners record instead of raising so that one bad model answer costs one choice, not the
    run; the log makes every fallback visible to tests and reports.
    """

    def __init__(self, on_failure: Callable[[int, str], None] | None = None) -> None:
        self.failures: list[str] = []
        self.on_failure = on_failure

    def fail(self, sample: int, reason: str) -> None:
        self.failures.append(reason)
        if self.on_failure is not None:
            self.on_failure(sample, reason)


def enum_object(fields: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """Schema of an object with one required string per field, each one of its options."""
    return {"type": "object", "properties": {k: {"type": "string", "enum": list(v)} for k, v in fields.items()},
            "required": list(fields)}


def enum_list(field: str, names: Sequence[str], n: int) -> dict[str, Any]:
    """Schema of an object whose ``field`` is a list of exactly ``n`` options."""
    items = {"type": "array", "items": {"type": "string", "enum": list(names)}, "minItems": n, "maxItems": n}
    return {"type": "object", "properties": {field: items}, "required": [field]}


def ranked(names: Sequence[str], wanted: Sequence[str], limit: int | None = None) -> list[str]:
    """``names`` with the ``wanted`` ones first (in their order), without repeats, cut to ``limit``.

    ``wanted`` entries that are not options are ignored: a request the tools cannot serve must
    not become a choice the model is offered.
    """
    first = [n for n in wanted if n in names]
    return list(dict.fromkeys([*first, *names]))[:limit]


def pick(value: Any, allowed: Sequence[str]) -> str | None:
    """The model's choice if it is one of the options (engines without grammars may stray), else the first."""
    return value if isinstance(value, str) and value in allowed else (allowed[0] if allowed else None)


def pick_list(value: Any, allowed: Collection[str]) -> list[str] | None:
    """The model's list of choices that are options (in order, no repeats); None if ``value`` is not a
    list of strings (an invalid choice: a list of numbers or objects is no list of names)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return list(dict.fromkeys(v for v in value if v in allowed))


class EnumChooser(FailureLog):
    """Asks an engine to choose under a schema; sample 0 is greedy, later samples sample with their own seed.

    Subclass it for a planner, or hold one. ``system`` is the system prompt of every choice.
    """

    def __init__(self, engine: Engine, *, system: str = "", temperature: float = 0.8, seed: int = 0,
                 max_tokens: int = 160, on_failure: Callable[[int, str], None] | None = None) -> None:
        super().__init__(on_failure)
        self.engine = engine
        self.system = system
        self.temperature = temperature
        self.seed = seed
        self.max_tokens = max_tokens

    def choose(self, sample: int, prompt: str, schema: dict[str, Any], fallback: dict[str, Any]) -> dict[str, Any]:
        """The engine's answer for the keys of ``fallback`` (missing keys keep the fallback's value).

        An engine error or an answer that is not a JSON object gives ``fallback`` and a recorded
        failure (the answer is read with the limits of :mod:`pivot_opt.untrusted`). Values are not
        checked against the options here: use :func:`pick` or :func:`pick_list` on each.
        """
        try:
            text = self.engine.complete(prompt, system=self.system, schema=schema, phase=Phase.PLAN,
                                        temperature=0.0 if sample == 0 else self.temperature,
                                        max_tokens=self.max_tokens, seed=self.seed + sample)
            answer = extract_object(text)
        except (EngineError, TrajectoryParseError) as exc:
            self.fail(sample, f"choice failed ({type(exc).__name__}: {exc}); used the best-ranked option")
            return fallback
        return {k: answer.get(k, v) for k, v in fallback.items()}

    def choose_list(self, sample: int, value: Any, allowed: Collection[str], fallback: Sequence[str],
                    what: str) -> list[str]:
        """:func:`pick_list` of a chosen value; an invalid choice gives ``fallback`` and a recorded failure."""
        chosen = pick_list(value, allowed)
        if chosen is None:
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            self.fail(sample, f"{what} choice {shown} is not a list of names; used the best-ranked options")
            return list(fallback)
        return chosen
