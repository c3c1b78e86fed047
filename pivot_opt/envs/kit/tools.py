"""Function-calling tools: OpenAI-style schemas, an argument check, and a dispatcher that never raises.

Why: every benchmark environment hands an agent a list of tools in the OpenAI function-calling
format and runs the calls it makes. The schema is the single source of truth: the same dict is
passed as ``tools=`` to a model, listed in a planner's prompt, and used to check a call's
arguments before the tool function runs. An agent's bad call is an answer it can read
(``{"error": ...}``), never an exception that ends the episode.

The check covers what tool schemas use: a JSON object, required keys, the JSON types of the
properties (``integer`` is a number written without a fraction: ``2``, not ``2.0``) and
``enum``. It reports the first problem as an :class:`ArgumentProblem` (its kind
and the keys concerned), so that an environment can word it its own way (a benchmark's exact
error text) or use the default message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pivot_opt.errors import ConfigError, TrajectoryParseError
from pivot_opt.untrusted import loads_untrusted

__all__ = [
    "ArgumentProblem",
    "ToolArgumentError",
    "ToolBox",
    "ToolIndex",
    "check_arguments",
    "describe_tools",
    "parameters_of",
    "string_param",
    "tool_name",
    "typed_param",
    "tool_schema",
    "validate_arguments",
]

ProblemKind = Literal["not_object", "missing", "wrong_type", "not_allowed"]

_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


# ---------------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------------
def string_param(description: str, enum: Sequence[str] | None = None) -> dict[str, Any]:
    """A string parameter (optionally restricted to ``enum``)."""
    out: dict[str, Any] = {"type": "string", "description": description}
    if enum is not None:
        out["enum"] = list(enum)
    return out


def typed_param(kind: str, description: str, enum: Sequence[Any] | None = None,
                items: str | None = None) -> dict[str, Any]:
    """A parameter of JSON type ``kind`` (``integer``, ``number``, ``array`` of ``items``, ...)."""
    out: dict[str, Any] = {"type": kind, "description": description}
    if items is not None:
        out["items"] = {"type": items}
    if enum is not None:
        out["enum"] = list(enum)
    return out


def tool_schema(name: str, description: str, properties: Mapping[str, Any],
                required: Sequence[str] = ()) -> dict[str, Any]:
    """One tool in the OpenAI function-calling format (what a harness passes as ``tools=``)."""
    unknown = [k for k in required if k not in properties]
    if unknown:
        raise ValueError(f"tool {name!r} requires {unknown}, which are not among its properties {list(properties)}")
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": dict(properties), "required": list(required)},
        },
    }


def tool_name(schema: Mapping[str, Any]) -> str:
    return str(schema["function"]["name"])


class ToolIndex:
    """A domain's tool schemas by name: ``names`` in order, ``schema_of(name)`` (KeyError names the known)."""

    def __init__(self, schemas: Sequence[Mapping[str, Any]], domain: str) -> None:
        self.names: tuple[str, ...] = tuple(tool_name(t) for t in schemas)
        self._by_name = {tool_name(t): dict(t) for t in schemas}
        self.domain = domain

    def schema_of(self, name: str) -> dict[str, Any]:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"unknown {self.domain} tool {name!r}; known: {list(self.names)}") from None


def parameters_of(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The ``parameters`` object of a tool schema."""
    return schema["function"]["parameters"]


def describe_tools(schemas: Sequence[Mapping[str, Any]]) -> str:
    """One line per tool for a prompt: ``- name(arg, optional?): first sentence of the description.``"""
    lines = []
    for schema in schemas:
        fn = schema["function"]
        params = fn["parameters"]
        args = ", ".join(k + ("" if k in params.get("required", []) else "?") for k in params["properties"])
        lines.append(f"- {fn['name']}({args}): {fn['description'].split('. ')[0].rstrip('.')}.")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Argument check
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArgumentProblem:
    """Why a call's arguments were refused.

    ``kind``: ``not_object`` (the arguments are not a JSON object), ``missing`` (required keys
    absent, in the schema's ``required`` order), ``wrong_type`` (values of the wrong JSON type)
    or ``not_allowed`` (a value outside the property's ``enum``); ``keys`` are in the schema's
    property order. ``message`` is a default wording that names the keys and says what to send.
    """

    kind: ProblemKind
    keys: tuple[str, ...]
    message: str


class ToolArgumentError(ConfigError):
    """A tool call's arguments do not fit the tool's schema; ``problem`` says how."""

    def __init__(self, problem: ArgumentProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=repr)


def _types(spec: Mapping[str, Any]) -> list[str]:
    kind = spec.get("type")
    if kind is None:
        return []
    return [kind] if isinstance(kind, str) else list(kind)


def _fits(value: Any, types: list[str]) -> bool:
    return not types or any(_JSON_TYPES.get(t, lambda v: True)(value) for t in types)


def check_arguments(tool: str, parameters: Mapping[str, Any],
                    args: Any) -> tuple[dict[str, Any] | None, ArgumentProblem | None]:
    """``(arguments to call with, None)`` or ``(None, problem)``; never raises.

    Keys the schema does not name are dropped from the result (models often add some).
    """
    properties: Mapping[str, Any] = parameters.get("properties", {})
    expected = list(properties)
    if not isinstance(args, dict):
        return None, ArgumentProblem("not_object", (), f"arguments of {tool} must be a JSON object with keys "
                                     f"{expected}, got {type(args).__name__} {_show(args)}")
    missing = tuple(k for k in parameters.get("required", []) if k not in args)
    if missing:
        return None, ArgumentProblem("missing", missing, f"{tool} is missing required argument(s) {list(missing)}; "
                                     f"expected {expected}")
    wrong = tuple(k for k, spec in properties.items() if k in args and not _fits(args[k], _types(spec)))
    if wrong:
        key = wrong[0]
        want = " or ".join(_types(properties[key]))
        return None, ArgumentProblem("wrong_type", wrong, f"argument {key!r} of {tool} must be of type {want}, "
                                     f"got {_show(args[key])}")
    refused = tuple(k for k, spec in properties.items()
                    if k in args and "enum" in spec and args[k] not in spec["enum"])
    if refused:
        key = refused[0]
        return None, ArgumentProblem("not_allowed", refused, f"argument {key!r} of {tool} must be one of "
                                     f"{_show(properties[key]['enum'])}, got {_show(args[key])}")
    return {k: v for k, v in args.items() if k in properties}, None


def validate_arguments(tool: str, parameters: Mapping[str, Any], args: Any) -> dict[str, Any]:
    """The arguments to call ``tool`` with, or :class:`ToolArgumentError` naming the problem."""
    checked, problem = check_arguments(tool, parameters, args)
    if problem is not None:
        raise ToolArgumentError(problem)
    return checked  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------------------------
class ToolBox:
    """Tools by name: their schemas and the functions ``fn(world, **arguments) -> str`` that answer.

    ``world`` is whatever the tools read (a task's tables); :meth:`call` is what an agent
    harness runs for each call the model makes.
    """

    def __init__(self, tools: Sequence[tuple[Mapping[str, Any], Callable[..., str]]]) -> None:
        self._tools: dict[str, tuple[dict[str, Any], Callable[..., str]]] = {}
        for schema, fn in tools:
            name = tool_name(schema)
            if name in self._tools:
                raise ValueError(f"tool {name!r} is defined twice")
            self._tools[name] = (dict(schema), fn)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._tools)

    @property
    def schemas(self) -> list[dict[str, Any]]:
        """Every schema, in definition order: the ``tools=`` list for a model."""
        return [schema for schema, _ in self._tools.values()]

    def schema(self, name: str) -> dict[str, Any]:
        if name not in self._tools:
            raise KeyError(f"unknown tool {name!r}; known: {list(self._tools)}")
        return self._tools[name][0]

    def describe(self) -> str:
        return describe_tools(self.schemas)

    def call(self, world: Any, name: str, arguments: Mapping[str, Any] | str | None) -> str:
        """Run one call; every problem comes back as ``{"error": ...}`` text instead of raising.

        ``arguments`` is a dict or its JSON text (empty text or None mean no arguments).
        """
        if name not in self._tools:
            return _error(f"tool {name!r} not found; available tools: {', '.join(self._tools)}")
        schema, fn = self._tools[name]
        args: Any = arguments
        if args is None or (isinstance(args, str) and not args.strip()):
            args = {}
        elif isinstance(args, str):
            try:
                args = loads_untrusted(args)
            except TrajectoryParseError as exc:
                return _error(f"arguments of {name} are not valid JSON ({exc}); send one JSON object")
        checked, problem = check_arguments(name, parameters_of(schema), args)
        if problem is not None:
            return _error(problem.message)
        try:
            return fn(world, **checked)  # type: ignore[arg-type]
        except Exception as exc:  # a tool's failure is an answer the agent can read
            return _error(f"{name} failed: {str(exc) or type(exc).__name__}")


def _error(message: str) -> str:
    return json.dumps({"error": message}, ensure_ascii=False)
