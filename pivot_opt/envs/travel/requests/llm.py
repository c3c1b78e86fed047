"""An engine reads the requests: small grammar-constrained choices, sentence by sentence.

Why small choices under a grammar: a small model cannot be trusted with free text (it rarely
writes valid JSON and invents names), but choosing among a few enum values it does reliably.
For each sentence of the query the engine picks (1) what the sentence is about (nothing, a
train, a flight, the hotel, a restaurant, an attraction, the budget), (2) the rule of that kind
(e.g. ``cheapest_direct``) and (3) the rule's values. Every enum is made of the task database's
own values (tool answers, never the gold ``meta_info``) and narrowed to the values the sentence
names (:func:`pivot_opt.schemas.narrow_schema`). Calls are booked under phase ``plan``. The
trip frame (cities, dates, travellers) is read by the rule-based frame reader.

A model answer is untrusted: it is parsed with size and depth limits, checked against the
values offered, and a bad answer only drops that sentence (with a note).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pivot_opt.envs.kit.requests import StatedRequest, StatedTask
from pivot_opt.envs.travel.requests.types import REQUEST_PARAMS, REQUEST_TYPES, kind_of
from pivot_opt.envs.travel.requests.world import WorldValues, world_values
from pivot_opt.errors import ConfigError, EngineError, TrajectoryParseError
from pivot_opt.schemas import narrow_schema
from pivot_opt.untrusted import AnswerLimits, loads_untrusted

if TYPE_CHECKING:
    from pivot_opt.engines.base import Engine

__all__ = ["LLMReader", "checked_values", "split_sentences", "value_schema"]

NONE = "none"
MAX_QUERY_CHARS = 20_000
MAX_SENTENCES = 24
MAX_ANSWER_CHARS = 4_000
ENUM_LIMIT = 12
_LIMITS = AnswerLimits(max_chars=MAX_ANSWER_CHARS, max_depth=6, max_string=MAX_ANSWER_CHARS)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WINDOW = "^([01][0-9]|2[0-4]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$"
_LEGS = {"out": ["out"], "back": ["back"], "both": ["out", "back"]}

KINDS = ("none", "train", "flight", "hotel", "restaurant", "attraction", "budget")
KIND_PROMPT = """A traveller wrote this sentence in a trip request ({trip}):
"{sentence}"
What does the sentence ask for? none = no requirement (dates, travellers, greetings, general wishes);
train / flight = which train or flight to take; hotel = where to stay; restaurant = where to eat;
attraction = what to visit; budget = a cap on the total cost. Answer with JSON."""
RULE_PROMPT = """A traveller wrote this sentence about the {kind}: "{sentence}"
Which rule does it state? Answer with JSON."""
VALUE_PROMPT = """A traveller wrote this sentence: "{sentence}"
It asks for the {kind} rule "{rule}". Fill in the values it states. Answer with JSON."""


def split_sentences(query: str) -> list[str]:
    """Sentences of a query (bounded: long inputs are cut, tiny fragments dropped)."""
    parts = [p.strip() for p in _SENTENCE.split(query[:MAX_QUERY_CHARS])]
    return [p for p in parts if len(p) > 12][:MAX_SENTENCES]


def _relevant(values: list[Any], sentence: str, limit: int = ENUM_LIMIT) -> list[Any]:
    """The values a sentence names, else the ``limit`` most like its words (small grammars decode fast)."""
    if sentence == "" or not all(isinstance(v, str) for v in values):
        return list(values)
    low = sentence.lower()
    named = [v for v in values if v and v.lower() in low]
    if named or len(values) <= limit:
        return named or list(values)
    words = set(re.findall(r"[a-z]{3,}", low))
    score = {v: len(words & set(re.findall(r"[a-z]{3,}", v.lower()))) for v in values}
    return sorted(values, key=lambda v: (-score[v], values.index(v)))[:limit]


def _enum(values: list[Any], sentence: str = "") -> dict[str, Any]:
    values = _relevant(values, sentence)
    if not values:
        return {"type": "string"}
    kind = "integer" if all(isinstance(v, int) for v in values) else "string"
    return {"type": kind, "enum": list(values)}


def _param_schema(name: str, key: str, world: WorldValues, sentence: str = "") -> dict[str, Any]:
    kind = kind_of(key)
    if name == "legs":
        return {"type": "string", "enum": list(_LEGS)}
    if name == "window":
        return {"type": "string", "pattern": _WINDOW}
    if name == "seat_class":
        return _enum(world.train_seats if kind == "train" else world.flight_seats, sentence)
    table: dict[str, list[Any]] = {
        "airline": world.airlines, "manufacturer": world.manufacturers, "train_type": world.train_types,
        "brand": world.brands, "required_service": world.services, "hotel_star": world.stars or [1, 2, 3, 4, 5],
        "attraction_name": world.attractions, "restaurant_name": world.restaurants, "cuisine": world.cuisines,
        "required_tag": world.tags, "attraction_type": world.attraction_types,
        "people_number": list(range(1, 10)), "count": list(range(1, 11)),
    }
    if name in table:
        return _enum(table[name], sentence)
    if name == "attraction_names":
        return {"type": "array", "items": _enum(world.attractions, sentence), "minItems": 1, "maxItems": 6}
    if name == "year_threshold":
        return {"type": "integer", "minimum": 1990, "maximum": 2030}
    return {"type": "number", "minimum": 0, "maximum": 10_000_000}  # prices, budgets


def _rules_of(kind: str) -> list[str]:
    return [key for key in REQUEST_TYPES if kind_of(key) == kind]


def value_schema(key: str, world: WorldValues, sentence: str = "") -> dict[str, Any]:
    """The values one request type states, as a JSON object schema (every value required).

    With a ``sentence``, long enums keep only the values it names, or the most similar ones.
    """
    props = {name: _param_schema(name, key, world, sentence) for name in REQUEST_PARAMS[key]}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def _choice(field: str, options: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": {field: {"type": "string", "enum": options}}, "required": [field],
            "additionalProperties": False}


def _parse(answer: str) -> dict[str, Any]:
    """A JSON object from an answer; ``ValueError`` says why it is rejected (size, syntax, depth, shape)."""
    try:
        data = loads_untrusted(answer, _LIMITS)
    except TrajectoryParseError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object of the expected shape")
    return data


def _pick(answer: str, field: str, options: list[str]) -> str:
    data = _parse(answer)
    value = data.get(field)
    if value not in options:
        raise ValueError(f"{field} {str(value)[:40]!r} is not one of the options")
    return str(value)


def checked_values(key: str, answer: str, world: WorldValues, sentence: str = "") -> dict[str, Any]:
    """The values of a well-formed answer for request type ``key``; ``ValueError`` says why not."""
    data = _parse(answer)
    params: dict[str, Any] = {}
    for name in REQUEST_PARAMS[key]:
        value = data.get(name)
        schema = _param_schema(name, key, world, sentence)
        if name == "legs":
            if not isinstance(value, str) or value not in _LEGS:
                raise ValueError(f"legs {str(value)[:20]!r} is not out, back or both")
            params[name] = _LEGS[value]
        elif name == "attraction_names":
            allowed = set(schema["items"].get("enum") or [])
            names = [v for v in value if isinstance(v, str) and (not allowed or v in allowed)] \
                if isinstance(value, list) else []
            if not names:
                raise ValueError("no valid attraction names")
            params[name] = list(dict.fromkeys(names))
        elif "enum" in schema:
            if value not in schema["enum"]:
                raise ValueError(f"{name} {str(value)[:40]!r} is not one the database offers")
            params[name] = value
        elif name == "window":
            if not isinstance(value, str) or not re.fullmatch(_WINDOW, value):
                raise ValueError(f"window {str(value)[:20]!r} is not HH:MM-HH:MM")
            params[name] = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
            params[name] = int(value) if float(value).is_integer() else float(value)
        else:
            raise ValueError(f"{name} {str(value)[:20]!r} is not a number")
    return params


class LLMReader:
    """Reads the stated requests with an engine (see module docstring); frame by rules."""

    name = "llm"
    gold = False
    needs_engine = True

    def __init__(self, engine: Engine | None = None, *, max_tokens: int = 160, seed: int = 0) -> None:
        self.engine = engine
        self.max_tokens = max_tokens
        self.seed = seed

    def bind(self, engine: Engine) -> None:
        """Use ``engine`` from now on (environments call this from ``prepare``)."""
        self.engine = engine

    def _ask(self, prompt: str, schema: dict[str, Any]) -> str:
        assert self.engine is not None
        return self.engine.complete(prompt, schema=schema, phase="plan", temperature=0.0,
                                    max_tokens=self.max_tokens, seed=self.seed)

    def _read_sentence(self, sentence: str, trip: str, values: WorldValues) -> tuple[str, dict[str, Any]] | None:
        """One sentence's request (key, values), or None when it states none; raises on a bad answer."""
        kind = _pick(self._ask(KIND_PROMPT.format(trip=trip, sentence=sentence), _choice("about", list(KINDS))),
                     "about", list(KINDS))
        if kind == NONE:
            return None
        rules = _rules_of(kind)
        if len(rules) == 1:
            key = rules[0]
        else:
            names = [r.split("_", 1)[1] for r in rules]
            rule = _pick(self._ask(RULE_PROMPT.format(kind=kind, sentence=sentence), _choice("rule", names)),
                         "rule", names)
            key = f"{kind}_{rule}"
        schema = value_schema(key, values, sentence)
        if not schema["properties"]:
            return key, {}
        answer = self._ask(VALUE_PROMPT.format(sentence=sentence, kind=kind, rule=key.split("_", 1)[-1]),
                           narrow_schema(schema, sentence))
        return key, checked_values(key, answer, values, sentence)

    def read(self, task: Any, world: Any) -> StatedTask:
        if self.engine is None:
            raise ConfigError("the llm request reader needs an engine: pass engine=... or call env.prepare(engine)")
        from pivot_opt.envs.travel.requests.frame import read_frame

        query = str(getattr(task, "query", "") or "")
        frame, notes = read_frame(query, world)
        values = world_values(world)
        trip = f"{frame.get('org', '?')} to {', '.join(frame.get('dest') or ['?'])}, {frame.get('days', '?')} days"
        requests: list[StatedRequest] = []
        seen: set[str] = set()
        for sentence in split_sentences(query):
            try:
                found = self._read_sentence(sentence, trip, values)
            except EngineError as exc:
                notes.append(f"engine failed on a sentence: {str(exc)[:200]}")
                continue
            except ValueError as exc:
                notes.append(f"answer rejected ({exc}) for: {sentence[:80]}")
                continue
            if found is None or found[0] in seen:
                continue
            seen.add(found[0])
            requests.append(StatedRequest(found[0], sentence, found[1]))
        return StatedTask(self.name, frame, requests, notes)
